// WhatIf: the API's runs (serve.hpp). A run is `goalpath run --set` on the
// scenario as loaded, with its seed; a newer run for the same client cancels
// the one in progress.
#include <chrono>

#include <fmt/format.h>

#include "serve/request.hpp"
#include "serve/serve.hpp"

namespace goalpath::serve {

namespace {

using json = Json;

std::string shell_word(const std::string& word) {
  if (word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=+:,") == std::string::npos &&
      !word.empty()) {
    return word;
  }
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

std::optional<OptionError> ServeOptions::problem() const {
  if (port < 0 || port > 65535) return OptionError("port", std::to_string(port), "must be from 0 (any free port) to 65535");
  if (host.empty()) return OptionError("host", "", "must name an address (127.0.0.1 for this machine only)");
  if (paths && (*paths < 1 || *paths > max_paths)) {
    return OptionError("paths", std::to_string(*paths), fmt::format("must be from 1 to max_paths ({})", max_paths));
  }
  if (max_paths < 1) return OptionError("max_paths", std::to_string(max_paths), "must be at least 1");
  if (max_body_bytes < 2) return OptionError("max_body_bytes", std::to_string(max_body_bytes), "must be at least 2");
  if (threads < 0) return OptionError("threads", std::to_string(threads), "must be >= 0 (0: every core)");
  return std::nullopt;
}

WhatIf::WhatIf(Scenario scenario, ServeOptions options)
    : scenario_(std::move(scenario)), options_(std::move(options)),
      lang_(options_.lang.value_or(report::default_lang(scenario_.model().language, options_.locale))) {
  if (auto p = options_.problem()) throw *p;
}

std::shared_ptr<std::atomic<bool>> WhatIf::start_for(std::string& client, std::optional<std::uint64_t> seq) {
  std::lock_guard lock(running_mutex_);
  // A run without a client id gets one of its own, "#N" (ids sent may not
  // start with '#'), so that stopping the server can cancel it too.
  if (client.empty()) client = "#" + std::to_string(++anonymous_runs_);
  ClientRuns& runs = clients_[client];
  // Requests travel on separate connections and may overtake each other: one
  // numbered below a run already started is stale and does not start.
  if (seq && runs.latest_seq && *seq < *runs.latest_seq) return nullptr;
  if (seq) runs.latest_seq = seq;
  if (runs.cancel) runs.cancel->store(true);  // the client moved on: its older run stops
  runs.cancel = std::make_shared<std::atomic<bool>>(false);
  return runs.cancel;
}

void WhatIf::cancel_all() {
  std::lock_guard lock(running_mutex_);
  stopping_ = true;
  for (auto& [client, runs] : clients_) {
    if (runs.cancel) runs.cancel->store(true);
  }
}

void WhatIf::finish_for(const std::string& client, const std::shared_ptr<std::atomic<bool>>& flag) {
  if (!flag) return;
  std::lock_guard lock(running_mutex_);
  auto found = clients_.find(client);
  if (found == clients_.end() || found->second.cancel != flag) return;
  found->second.cancel.reset();
  // A client's latest number is kept (a stale request may still come); the
  // anonymous ones have none, and the table stays small.
  if (!found->second.latest_seq || clients_.size() > kMaxClients) clients_.erase(found);
}

Response WhatIf::run(const std::string& body) {
  Response response;
  std::string client;
  std::shared_ptr<std::atomic<bool>> cancel;
  try {
    const json request = parse_object(body, {"set", "paths", "signposts", "client", "seq"});
    const Limits limits{options_.max_paths, options_.max_overrides};
    const std::vector<std::string> set = assignments_of(request, limits);
    RunOptions o;
    o.paths = paths_of(request, limits);
    if (!o.paths) o.paths = options_.paths;
    o.signposts = flag_of(request, "signposts", true);
    o.threads = options_.threads;
    client = text_of(request, "client", 200);
    if (!client.empty() && client.front() == '#') throw RequestError(400, "\"client\" may not start with '#'");
    const std::optional<std::uint64_t> seq = sequence_of(request);
    // The command that gives this report, for its provenance: the server
    // speaks as the command line does (spelled_as_flag), so the report can be repeated.
    std::string command = options_.command_name + " run " + shell_word(scenario_.provenance().file);
    for (const auto& a : set) command += " " + spelled_as_flag("set") + " " + shell_word(a);
    if (o.paths) command += " " + spelled_as_flag("paths") + " " + std::to_string(*o.paths);
    if (!o.signposts) command += " " + spelled_as_flag("no_signposts");
    o.command_line = command;

    const auto started = std::chrono::steady_clock::now();
    const Scenario moved = scenario_.with_set(set);
    cancel = start_for(client, seq);
    if (!cancel) throw sim::Cancelled();  // stale: a newer request of this client came first
    if (stopping_) throw sim::Cancelled();
    o.cancel = cancel.get();
    const RunResult result = goalpath::run(moved, o);
    response.body = render(result, Format::json);
    response.compute_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  } catch (const RequestError& e) {
    response = {e.status, kJson, error_body(e.what())};
  } catch (const InputError& e) {
    response = {400, kJson, error_body(e.formatted(spelled_as_flag), {{"code", e.code()}})};
  } catch (const OptionError& e) {
    response = {400, kJson, error_body(render_option_refs(e.what(), spelled_as_flag))};
  } catch (const sim::ResourceLimit& e) {
    response = {400, kJson, error_body(render_option_refs(e.text(), spelled_as_flag))};
  } catch (const sim::Cancelled&) {
    response = {409, kJson,
                error_body("cancelled: a newer run from the same client replaced it", {{"cancelled", true}})};
  }
  finish_for(client, cancel);
  return response;
}

Response WhatIf::page() const { return {200, "text/html; charset=utf-8", whatif_page()}; }

}  // namespace goalpath::serve
