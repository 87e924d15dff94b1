// `goalpath serve`: a scenario as a live what-if page and a JSON API
// (docs/SERVE.md is the contract).
//
// Two pieces, each replaceable alone:
//   - WhatIf answers the API's requests from strings to strings, with no
//     HTTP in sight: the model summary the page builds its sliders from, a
//     run with assignments (exactly `goalpath run --set`), saving the
//     assignments as a variant file. Tests call it directly.
//   - Server puts a WhatIf on a socket (cpp-httplib): routes, request size
//     limits, the page itself, stopping cleanly.
//
// Every run starts from the scenario as loaded, with its seed: common random
// numbers, so two answers differ only because an assumption moved. A run for
// a client cancels that client's run still in progress. A WhatIf is shared
// by the server's threads; its methods may be called concurrently.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "goalpath/goalpath.hpp"

namespace goalpath::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";  // the address to listen on; loopback unless asked otherwise
  int port = 8080;                 // 0: a free port, chosen by the system
  /// Paths of a run whose request names none; absent: the scenario's
  /// simulation.paths, else 100000.
  std::optional<std::int64_t> paths;
  std::optional<report::Lang> lang;  // the page's language; absent: the scenario's, else the locale's
  std::string locale;                // the reader's locale name, for lang
  /// Where "save as variant" writes; "": the scenario's own folder.
  std::string save_directory;
  std::int64_t max_paths = 2000000;      // the most paths one request may ask for
  std::size_t max_overrides = 64;      // the most entries in a request's "set"
  std::size_t max_body_bytes = 64 << 10; // the largest request body
  int threads = 0;                       // worker threads of each run; 0: every core
  std::string command_name = "goalpath";  // how reports' command lines start

  std::string validate() const {
    auto p = problem();
    return p ? p->what() : "";
  }
  std::optional<OptionError> problem() const;
};

/// The API's media type. With the charset named, cpp-httplib does not
/// compress it: on the loopback Brotli costs a 33 KB report 40-60 ms and
/// saves nothing (the page's moves went from about 120 to 200 ms).
inline constexpr const char* kJson = "application/json; charset=utf-8";

/// An answer: HTTP status, media type, body; compute_ms the run's own time
/// (for the Server-Timing header), negative when nothing was run.
struct Response {
  int status = 200;
  std::string content_type = kJson;
  std::string body;
  double compute_ms = -1;
};

class WhatIf {
 public:
  /// `scenario` as loaded (with any --set of its own: the page's "file"
  /// values are its values). OptionError for options out of range.
  WhatIf(Scenario scenario, ServeOptions options);

  /// GET /api/model: goalpath.model/1, what the page builds itself from.
  Response model() const;
  /// POST /api/run: {"set": {NAME: number}, "paths": N, "signposts": bool,
  /// "client": id, "seq": n} -> goalpath.report/1, as `goalpath run --set`.
  Response run(const std::string& body);
  /// POST /api/variant: {"set", "title", "file", "overwrite"} -> the file
  /// written, a scenario extending this one that restates what changed.
  Response save_variant(const std::string& body);
  /// GET /: the page.
  Response page() const;

  /// Stops every run in progress (they answer 409): the server is stopping.
  void cancel_all();

  const ServeOptions& options() const { return options_; }
  const Scenario& scenario() const { return scenario_; }

 private:
  std::shared_ptr<std::atomic<bool>> start_for(std::string& client, std::optional<std::uint64_t> seq);
  void finish_for(const std::string& client, const std::shared_ptr<std::atomic<bool>>& flag);

  Scenario scenario_;
  ServeOptions options_;
  report::Lang lang_;
  struct ClientRuns {
    std::shared_ptr<std::atomic<bool>> cancel;  // of its run in progress, if any
    std::optional<std::uint64_t> latest_seq;     // the highest "seq" it has sent
  };
  static constexpr std::size_t kMaxClients = 10000;
  std::mutex running_mutex_;
  std::map<std::string, ClientRuns> clients_;
  std::uint64_t anonymous_runs_ = 0;
  std::atomic<bool> stopping_{false};
};

/// The page (engine/serve/page/whatif.html, compiled in).
const std::string& whatif_page();

/// The listening socket and its routes. bind() then listen() (blocks until
/// stop(), which any thread may call).
class Server {
 public:
  explicit Server(WhatIf& whatif);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds host:port; returns the port (the chosen one for port 0).
  /// std::runtime_error naming the address when it cannot.
  int bind();
  /// Serves until stop(). Returns when every request in progress is done.
  void listen();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace goalpath::serve
