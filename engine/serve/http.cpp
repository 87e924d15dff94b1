// Server: a WhatIf on a socket (cpp-httplib). Routes, limits, headers; no
// decision about a run is taken here.
#include <fmt/format.h>

#include "serve/request.hpp"
#include "serve/serve.hpp"

// After Eigen (through serve.hpp): httplib includes <resolv.h>, whose macro
// `_res` would rename a parameter in Eigen's headers.
#include <httplib.h>

namespace goalpath::serve {

struct Server::Impl {
  explicit Impl(WhatIf& w) : whatif(w) {}
  WhatIf& whatif;
  httplib::Server http;
};

namespace {

void answer(httplib::Response& out, const Response& in) {
  out.status = in.status;
  out.set_content(in.body, in.content_type);
  // What the page may do: nothing from elsewhere, no framing by other sites.
  out.set_header("Cache-Control", "no-store");
  out.set_header("X-Content-Type-Options", "nosniff");
  out.set_header("X-Frame-Options", "DENY");
  if (in.content_type.rfind("text/html", 0) == 0) {
    out.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                   "img-src data:; connect-src 'self'; form-action 'none'; base-uri 'none'");
  }
  if (in.compute_ms >= 0) out.set_header("Server-Timing", fmt::format("run;dur={:.2f}", in.compute_ms));
}

Response error(int status, const std::string& message) { return {status, kJson, error_body(message)}; }

/// A request that declares a body type must declare JSON: a browser on
/// another site can post a form here without asking, but not JSON.
bool json_body(const httplib::Request& request, httplib::Response& out) {
  const std::string type = request.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) == 0) return true;
  answer(out, error(415, "send the body as JSON, with Content-Type: application/json"));
  return false;
}

}  // namespace

Server::Server(WhatIf& whatif) : impl_(std::make_unique<Impl>(whatif)) {
  httplib::Server& http = impl_->http;
  WhatIf& w = whatif;
  http.set_payload_max_length(w.options().max_body_bytes);  // larger: 413 before the body is read
  http.set_read_timeout(10, 0);
  http.set_write_timeout(10, 0);
  http.set_keep_alive_max_count(1000);
  http.Get("/", [&w](const httplib::Request&, httplib::Response& out) { answer(out, w.page()); });
  http.Get("/api/model", [&w](const httplib::Request&, httplib::Response& out) { answer(out, w.model()); });
  http.Post("/api/run", [&w](const httplib::Request& in, httplib::Response& out) {
    if (json_body(in, out)) answer(out, w.run(in.body));
  });
  http.Post("/api/variant", [&w](const httplib::Request& in, httplib::Response& out) {
    if (json_body(in, out)) answer(out, w.save_variant(in.body));
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& out, std::exception_ptr failure) {
    std::string what = "internal error";
    try {
      std::rethrow_exception(failure);
    } catch (const std::bad_alloc&) {
      what = "out of memory; ask for fewer paths";
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    answer(out, error(500, what));
  });
  http.set_error_handler([&w](const httplib::Request& in, httplib::Response& out) {
    // Routes answer their own errors with a body; this is for what no route took.
    if (!out.body.empty()) return;
    if (out.status == 404) {
      answer(out, error(404, "no such address: " + in.path + " (the API: GET /api/model, POST /api/run, POST /api/variant)"));
    } else if (out.status == 413) {
      answer(out, error(413, fmt::format("the request body is larger than {} bytes", w.options().max_body_bytes)));
    } else {
      answer(out, error(out.status, fmt::format("HTTP {}", out.status)));
    }
  });
}

Server::~Server() = default;

int Server::bind() {
  const auto& o = impl_->whatif.options();
  int port = o.port;
  if (port == 0) {
    port = impl_->http.bind_to_any_port(o.host);
    if (port < 0) port = -1;
  } else if (!impl_->http.bind_to_port(o.host, port)) {
    port = -1;
  }
  if (port < 0) {
    throw OptionError("port", std::to_string(o.port),
                      fmt::format("cannot listen there on {}: the port is taken or the address is not this machine's; "
                                  "choose another port, or 0 for any free one", o.host));
  }
  return port;
}

void Server::listen() { impl_->http.listen_after_bind(); }

void Server::stop() {
  impl_->whatif.cancel_all();
  impl_->http.stop();
}

}  // namespace goalpath::serve
