// The language of a report for people, and the words and numbers that
// depend on it: statuses, progress classes, percentages, money with its
// unit (亿元 and 万亿元 as a Chinese planner writes them), thousands
// separators. Every builder words its text through these, so a report is in
// one language from title to footnote; the scenario's own labels are shown
// as the scenario gives them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analysis/run.hpp"

namespace goalpath::report {

enum class Lang { en, zh };
const char* to_string(Lang lang);
/// "en" or "zh" (also "zh-CN", "zh_CN.UTF-8", "en_US"…: the part before - _ or .).
std::optional<Lang> lang_from_string(std::string_view text);

/// The language a report defaults to: the scenario's declared `language:`
/// when it has one, else the locale (`locale` is the value of LC_ALL,
/// LC_MESSAGES or LANG, whichever is set first; "" for none) when it is
/// Chinese, else English.
Lang default_lang(std::string_view scenario_language, std::string_view locale);

/// `en` or `zh`, whichever `lang` is: builders word every text this way,
/// with the two languages side by side at the point of use.
inline std::string say(Lang lang, std::string_view en, std::string_view zh) {
  return std::string(lang == Lang::zh ? zh : en);
}

/// "on track" / "有望实现", "at risk" / "存在风险", "off track" / "难以实现".
std::string status_text(analysis::Status status, Lang lang);
/// "acceleration needed" / "需加快", …
std::string progress_text(analysis::ProgressClass progress, Lang lang);

/// How an indicator's `unit:` formats its values.
enum class UnitKind {
  share,  // share, ratio, %, percent, rate: a fraction shown as a percentage
  money,  // 元, 亿元, 万元, yuan, bn, billion, million, usd, …: thousands separators and the unit
  plain,  // anything else: the number and the unit
};
UnitKind unit_kind(std::string_view unit);

/// 48549.3 -> "48,549"; 7.25 -> "7.25"; NaN -> "—". Digits as human_number
/// chooses them (report.hpp), with thousands separators.
std::string number_text(double value);
/// 0.2349 -> "23.5%" (NaN -> "—").
std::string percent_text(double fraction, int decimals = 1);
/// A value in its unit, for people: share 0.2349 -> "23.5%"; 亿元 48549 ->
/// "48,549 亿元" (en) or "4.85万亿元" (zh, from 10,000 亿元 up) and
/// "7,839亿元" (zh, below); "bn" 812.5 -> "812.5 bn"; no unit -> the number.
std::string quantity_text(double value, std::string_view unit, Lang lang);
/// A change of such a value: shares in percentage points ("+1.2 pts" /
/// "+1.2个百分点"), others as quantity_text with a sign.
std::string change_text(double delta, std::string_view unit, Lang lang);

}  // namespace goalpath::report
