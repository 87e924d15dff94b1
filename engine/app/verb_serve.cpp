// goalpath serve: the scenario as a live what-if page on this machine
// (serve/serve.hpp, docs/SERVE.md). Prints the address, serves until Ctrl-C.
#include <chrono>
#include <iostream>
#include <thread>

#include "app/cli.hpp"
#include "serve/serve.hpp"

namespace goalpath::app {

int verb_serve(const Invocation& call) {
  std::string file;
  CommonOptions options;
  serve::ServeOptions o;
  std::string lang;
  po::options_description description("goalpath serve options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "port", po::value<int>(&o.port)->default_value(8080), "port to listen on (0: any free port)")(
      "host", po::value<std::string>(&o.host)->default_value("127.0.0.1"),
      "address to listen on (default: this machine only; 0.0.0.0 makes the page reachable from the network)")(
      "lang", po::value<std::string>(&lang), "zh | en: the page's language (default: the scenario's language:, else the locale)")(
      "save-dir", po::value<std::string>(&o.save_directory),
      "folder where 'save as variant' writes (default: the scenario's folder)")(
      "max-paths", po::value<std::int64_t>(&o.max_paths)->default_value(o.max_paths),
      "the most paths one request may ask for");
  add_common_options(description, options, kPaths | kThreads,
                     {{"paths", "Monte Carlo paths of each run unless a request asks (default: the scenario's simulation.paths, "
                                "else 100000)"}});
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, "goalpath serve SCENARIO.yaml [--port P] [--host H] [options]")) {
    return 0;
  }
  if (job().cluster && job().cluster->size() > 1) {
    throw UsageError("serve answers one page from one process; start it without mpirun (its runs use every core "
                     "of this machine; --threads chooses fewer)");
  }
  options.lang = lang;
  const RenderOptions render = render_options(options);  // checks --lang, reads the locale
  o.lang = render.lang;
  o.locale = render.locale;
  o.paths = options.paths;
  o.threads = options.threads;
  serve::WhatIf whatif(load_scenario(file, options), o);
  serve::Server server(whatif);
  const int port = server.bind();
  if (o.host != "127.0.0.1" && o.host != "localhost" && o.host != "::1") {
    warn(call, {"listening on " + o.host + ": anyone who can reach this machine can run the scenario and save variants"});
  }
  std::cout << "goalpath serve: listening on http://" << (o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host)
            << ":" << port << "/" << std::endl;
  std::cerr << "goalpath serve: " << file << "; variants are saved in "
            << (o.save_directory.empty() ? "the scenario's folder" : o.save_directory) << "; Ctrl-C stops\n";
  // Ctrl-C sets interrupted() (main's handler, which must not end the process
  // at once now); this watcher turns it into a clean stop: runs in progress
  // are cancelled, the listening socket closes, listen() returns.
  interrupt_exits_now().store(false);
  std::atomic<bool> stopped{false};
  std::thread watcher([&] {
    while (!stopped.load() && !interrupted().load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server.stop();
  });
  server.listen();
  stopped.store(true);
  watcher.join();
  std::cerr << "goalpath serve: stopped\n";
  return 0;
}

}  // namespace goalpath::app
