// What the API's requests say, read and checked: every field known, every
// value of its type and in range; anything else a RequestError with the
// HTTP status and a sentence saying what to send instead.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace goalpath::serve {

struct RequestError : std::runtime_error {
  RequestError(int status_, const std::string& message) : std::runtime_error(message), status(status_) {}
  int status;
};

struct Limits {
  std::int64_t max_paths = 0;
  std::size_t max_overrides = 0;
};

/// The body as a JSON object whose keys are all in `allowed`.
nlohmann::json parse_object(const std::string& body, const std::vector<std::string>& allowed);

/// "set": {NAME: number} as `--set` assignments "NAME=VALUE", in the
/// request's order, each value written so that it reads back to the same
/// double. Names are letters, digits, '_' and one '.FIELD' at most.
std::vector<std::string> assignments_of(const nlohmann::json& request, const Limits& limits);

/// The optional whole number `key` (paths), within [1, limits.max_paths].
std::optional<std::int64_t> paths_of(const nlohmann::json& request, const Limits& limits);

/// The optional boolean `key`, else `fallback`.
bool flag_of(const nlohmann::json& request, const std::string& key, bool fallback);

/// The optional text `key`, at most `max_bytes` long, else "".
std::string text_of(const nlohmann::json& request, const std::string& key, std::size_t max_bytes);

/// {"error": message} (and more fields), as every failed request answers.
std::string error_body(const std::string& message, const nlohmann::json& extra = nlohmann::json::object());

}  // namespace goalpath::serve
