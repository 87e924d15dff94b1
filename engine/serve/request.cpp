// The API's requests, read and checked (request.hpp).
#include "serve/request.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace goalpath::serve {

namespace {

using json = Json;

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

bool is_name(const std::string& name) {
  // A scenario name (letters, digits, '_'), optionally ".FIELD": nothing that
  // could change the meaning of "NAME=VALUE".
  if (name.empty() || name.size() > 200) return false;
  int dots = 0;
  for (char c : name) {
    if (c == '.') {
      ++dots;
    } else if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return dots <= 1 && name.front() != '.' && name.back() != '.';
}

}  // namespace

json parse_object(const std::string& body, const std::vector<std::string>& allowed) {
  json request = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (request.is_discarded()) {
    throw RequestError(400, "the request body is not JSON; send an object such as {\"set\": {\"NAME\": 0.05}}");
  }
  if (!request.is_object()) throw RequestError(400, "the request body must be a JSON object");
  for (const auto& [key, value] : request.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw RequestError(400, "unknown field '" + key + "'; expected one of: " + joined(allowed));
    }
  }
  return request;
}

std::vector<std::string> assignments_of(const json& request, const Limits& limits) {
  std::vector<std::string> out;
  auto found = request.find("set");
  if (found == request.end() || found->is_null()) return out;
  if (!found->is_object()) throw RequestError(400, "\"set\" must be an object of NAME: number");
  if (found->size() > limits.max_overrides) {
    throw RequestError(400, fmt::format("\"set\" has {} entries; at most {} are allowed", found->size(),
                                        limits.max_overrides));
  }
  for (const auto& [name, value] : found->items()) {
    if (!is_name(name)) {
      throw RequestError(400, "\"set\": '" + name + "' is not a parameter name (letters, digits, '_', and .sd/.low/.high)");
    }
    if (!value.is_number()) throw RequestError(400, "\"set\": the value of '" + name + "' must be a number");
    const double v = value.get<double>();
    if (!std::isfinite(v)) throw RequestError(400, "\"set\": the value of '" + name + "' must be a finite number");
    out.push_back(fmt::format("{}={}", name, v));  // shortest text that reads back to v
  }
  return out;
}

std::optional<std::int64_t> paths_of(const json& request, const Limits& limits) {
  auto found = request.find("paths");
  if (found == request.end() || found->is_null()) return std::nullopt;
  if (!found->is_number_integer()) throw RequestError(400, "\"paths\" must be a whole number");
  // A negative integer is not unsigned; an unsigned one may exceed int64.
  const bool in_range = found->is_number_unsigned() && found->get<std::uint64_t>() >= 1 &&
                        found->get<std::uint64_t>() <= static_cast<std::uint64_t>(limits.max_paths);
  if (!in_range) {
    throw RequestError(400, fmt::format("\"paths\" = {}: must be from 1 to {} (the server's limit)", found->dump(),
                                        limits.max_paths));
  }
  const auto paths = found->get<std::int64_t>();
  return paths;
}

std::optional<std::uint64_t> sequence_of(const json& request) {
  auto found = request.find("seq");
  if (found == request.end() || found->is_null()) return std::nullopt;
  if (!found->is_number_unsigned()) throw RequestError(400, "\"seq\" must be a whole number >= 0");
  return found->get<std::uint64_t>();
}

bool flag_of(const json& request, const std::string& key, bool fallback) {
  auto found = request.find(key);
  if (found == request.end() || found->is_null()) return fallback;
  if (!found->is_boolean()) throw RequestError(400, "\"" + key + "\" must be true or false");
  return found->get<bool>();
}

std::string text_of(const json& request, const std::string& key, std::size_t max_bytes) {
  auto found = request.find(key);
  if (found == request.end() || found->is_null()) return "";
  if (!found->is_string()) throw RequestError(400, "\"" + key + "\" must be text");
  std::string text = found->get<std::string>();
  if (text.size() > max_bytes) throw RequestError(400, fmt::format("\"{}\" is longer than {} bytes", key, max_bytes));
  return text;
}

std::string spelled_as_flag(std::string_view field) {
  std::string flag = "--" + std::string(field);
  for (char& c : flag) {
    if (c == '_') c = '-';
  }
  return flag;
}

std::string error_body(const std::string& message, const json& extra) {
  json out = extra;
  out["error"] = message;
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace goalpath::serve
