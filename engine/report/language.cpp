// report/language.hpp: words and numbers in the report's language.
#include "report/language.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "report/report.hpp"

namespace goalpath::report {

const char* to_string(Lang lang) { return lang == Lang::zh ? "zh" : "en"; }

std::optional<Lang> lang_from_string(std::string_view text) {
  std::string head(text.substr(0, text.find_first_of("-_.@")));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  if (head == "en") return Lang::en;
  if (head == "zh") return Lang::zh;
  return std::nullopt;
}

Lang default_lang(std::string_view scenario_language, std::string_view locale) {
  if (auto lang = lang_from_string(scenario_language)) return *lang;
  if (auto lang = lang_from_string(locale)) return *lang;
  return Lang::en;
}

std::string status_text(analysis::Status status, Lang lang) {
  switch (status) {
    case analysis::Status::on_track: return say(lang, "on track", "有望实现");
    case analysis::Status::at_risk: return say(lang, "at risk", "存在风险");
    case analysis::Status::off_track: return say(lang, "off track", "难以实现");
  }
  return "?";
}

std::string progress_text(analysis::ProgressClass progress, Lang lang) {
  using analysis::ProgressClass;
  switch (progress) {
    case ProgressClass::achieved: return say(lang, "achieved", "已实现");
    case ProgressClass::on_track: return say(lang, "on track", "进度正常");
    case ProgressClass::acceleration_needed: return say(lang, "acceleration needed", "需加快");
    case ProgressClass::limited: return say(lang, "limited", "进展有限");
    case ProgressClass::deterioration: return say(lang, "deterioration", "出现倒退");
    case ProgressClass::unknown: return say(lang, "unknown", "无法判断");
  }
  return "?";
}

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// "48549" -> "48,549", keeping a sign, a fraction and an exponent as they are.
std::string group_thousands(std::string digits) {
  const std::size_t start = (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) ? 1 : 0;
  if (digits.find_first_of("eE", start) != std::string::npos) return digits;
  std::size_t end = digits.find('.', start);
  if (end == std::string::npos) end = digits.size();
  for (std::size_t i = end; i > start + 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

}  // namespace

UnitKind unit_kind(std::string_view unit) {
  const std::string u = lower(unit);
  for (const char* share : {"share", "ratio", "%", "percent", "rate", "fraction"}) {
    if (u == share) return UnitKind::share;
  }
  if (u.find("元") != std::string::npos) return UnitKind::money;
  for (const char* money : {"yuan", "rmb", "cny", "usd", "eur", "bn", "billion", "million", "trillion", "$"}) {
    if (u.find(money) != std::string::npos) return UnitKind::money;
  }
  return UnitKind::plain;
}

std::string number_text(double value) {
  if (!std::isfinite(value)) return human_number(value);
  return group_thousands(human_number(value));
}

std::string percent_text(double fraction, int decimals) { return percent(fraction, decimals); }

std::string quantity_text(double value, std::string_view unit, Lang lang) {
  if (!std::isfinite(value)) return human_number(value);
  switch (unit_kind(unit)) {
    case UnitKind::share: return percent_text(value);
    case UnitKind::money:
      if (lang == Lang::zh && unit == "亿元" && std::abs(value) >= 10000) {
        return fmt::format("{:.2f}万亿元", value / 10000);
      }
      if (lang == Lang::zh && unit.find("元") != std::string_view::npos) return number_text(value) + std::string(unit);
      return number_text(value) + " " + std::string(unit);
    case UnitKind::plain: break;
  }
  return unit.empty() ? number_text(value) : number_text(value) + " " + std::string(unit);
}

std::string change_text(double delta, std::string_view unit, Lang lang) {
  if (!std::isfinite(delta)) return human_number(delta);
  const char* sign = delta > 0 ? "+" : "";
  if (unit_kind(unit) == UnitKind::share) {
    return fmt::format("{}{:.1f}{}", sign, 100 * delta, lang == Lang::zh ? "个百分点" : " pts");
  }
  return sign + quantity_text(delta, unit, lang);
}

}  // namespace goalpath::report
