// What the API's requests say, read and checked: every field known, every
// value of its type and in range; anything else a RequestError with the
// HTTP status and a sentence saying what to send instead.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace goalpath::serve {

/// Requests keep their keys in the order sent: "set" applies in that order
/// (a uniform's `NAME.low` and then `NAME` is not `NAME` and then `NAME.low`).
using Json = nlohmann::ordered_json;

struct RequestError : std::runtime_error {
  RequestError(int status_, const std::string& message) : std::runtime_error(message), status(status_) {}
  int status;
};

struct Limits {
  std::int64_t max_paths = 0;
  std::size_t max_overrides = 0;
};

/// The body as a JSON object whose keys are all in `allowed`.
Json parse_object(const std::string& body, const std::vector<std::string>& allowed);

/// "set": {NAME: number} as `--set` assignments "NAME=VALUE", in the
/// request's order, each value written so that it reads back to the same
/// double. Names are letters, digits, '_' and one '.FIELD' at most.
std::vector<std::string> assignments_of(const Json& request, const Limits& limits);

/// The optional whole number `key` (paths), within [1, limits.max_paths].
std::optional<std::int64_t> paths_of(const Json& request, const Limits& limits);

/// The optional "seq": a whole number >= 0 (a client's request counter).
std::optional<std::uint64_t> sequence_of(const Json& request);

/// The optional boolean `key`, else `fallback`.
bool flag_of(const Json& request, const std::string& key, bool fallback);

/// The optional text `key`, at most `max_bytes` long, else "".
std::string text_of(const Json& request, const std::string& key, std::size_t max_bytes);

/// A library option field as the command line spells it ("set" -> "--set"):
/// the server's messages and command lines read as `goalpath check` would.
std::string spelled_as_flag(std::string_view field);

/// {"error": message} (and more fields), as every failed request answers.
std::string error_body(const std::string& message, const Json& extra = Json::object());

}  // namespace goalpath::serve
