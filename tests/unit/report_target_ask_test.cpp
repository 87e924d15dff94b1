// One vocabulary for what a target asks (analysis/target.hpp) and the one
// place that words it (report/text.hpp: ask_text): every kind and bound in
// each wording, and the strings of a report JSON read back into a TargetAsk.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "analysis/target.hpp"
#include "report/text.hpp"

using namespace goalpath;
using analysis::Bound;
using analysis::TargetAsk;
using report::detail::AskWords;
using report::detail::ask_text;

namespace {

TargetAsk ask(scenario::TargetKind kind, Bound bound, double threshold, int first, int last) {
  TargetAsk a;
  a.kind = kind;
  a.bound = bound;
  a.threshold = threshold;
  a.first_year = first;
  a.last_year = last;
  return a;
}

}  // namespace

TEST_CASE("ask_text: each kind and bound in each wording") {
  const TargetAsk level = ask(scenario::TargetKind::level, Bound::at_least, 50000, 2027, 2027);
  CHECK(ask_text(level, "亿元") == "≥ 50,000 亿元");
  CHECK(ask_text(level, "亿元", AskWords::with_years) == "2027 ≥ 50000");
  CHECK(ask_text(level, "亿元", AskWords::ascii) == "2027 >= 50000");

  const TargetAsk every = ask(scenario::TargetKind::every_year, Bound::at_least, 0.25, 2024, 2027);
  CHECK(ask_text(every, "share") == "every year ≥ 25.0%");
  CHECK(ask_text(every, "share", AskWords::with_years) == "every year 2024–2027 ≥ 25.0%");
  CHECK(ask_text(every, "share", AskWords::ascii) == "every 2024–2027 >= 25.0%");

  const TargetAsk cagr = ask(scenario::TargetKind::cagr, Bound::at_least, 0.1, 2023, 2027);
  CHECK(ask_text(cagr, "亿元") == "growth ≥ 10.0%/yr");
  CHECK(ask_text(cagr, "", AskWords::with_years) == "growth 2023–2027 ≥ 10.0%/yr");
  CHECK(ask_text(cagr, "", AskWords::ascii) == "cagr 2023–2027 >= 10.0%");

  const TargetAsk at_most = ask(scenario::TargetKind::level, Bound::at_most, 3, 2030, 2030);
  CHECK(ask_text(at_most, "t") == "≤ 3.00 t");
  CHECK(ask_text(at_most, "", AskWords::ascii) == "2030 <= 3.00");
  CHECK(report::detail::measured_text(cagr, 0.105, "亿元") == "10.5%/yr");
  CHECK(report::detail::measured_text(level, 48549, "亿元") == "48,549 亿元");
}

TEST_CASE("ask_text in Chinese: 万亿元, 每年, 年均增长") {
  const report::Lang zh = report::Lang::zh;
  const TargetAsk level = ask(scenario::TargetKind::level, Bound::at_least, 50000, 2027, 2027);
  CHECK(ask_text(level, "亿元", AskWords::bound, zh) == "≥ 5.00万亿元");
  CHECK(ask_text(level, "亿元", AskWords::with_years, zh) == "2027年 ≥ 50000");
  const TargetAsk every = ask(scenario::TargetKind::every_year, Bound::at_least, 0.25, 2024, 2027);
  CHECK(ask_text(every, "share", AskWords::bound, zh) == "每年 ≥ 25.0%");
  const TargetAsk cagr = ask(scenario::TargetKind::cagr, Bound::at_least, 0.1, 2023, 2027);
  CHECK(ask_text(cagr, "亿元", AskWords::with_years, zh) == "2023–2027年 年均增长 ≥ 10.0%");
  CHECK(report::detail::measured_text(level, 7839, "亿元", zh) == "7,839亿元");
}

TEST_CASE("TargetAsk: years as reports list them, met as model::Target::met, strings read back") {
  const TargetAsk level = ask(scenario::TargetKind::level, Bound::at_least, 5, 2027, 2027);
  CHECK(level.years() == std::vector<int>{2027});
  const TargetAsk every = ask(scenario::TargetKind::every_year, Bound::at_most, 5, 2024, 2027);
  CHECK(every.years() == std::vector<int>{2024, 2027});
  CHECK(level.met(5));
  CHECK_FALSE(level.met(4.999));
  CHECK(every.met(5));
  CHECK_FALSE(every.met(5.001));

  for (const TargetAsk& a : {level, every, ask(scenario::TargetKind::cagr, Bound::at_least, 0.1, 2023, 2027)}) {
    const auto back = analysis::target_ask_from(a.kind_name(), a.op(), a.threshold, a.years());
    REQUIRE(back.has_value());
    CHECK(*back == a);
  }
  CHECK_FALSE(analysis::target_ask_from("levels", ">=", 1, {2027}).has_value());
  CHECK_FALSE(analysis::target_ask_from("level", "=>", 1, {2027}).has_value());
  CHECK_FALSE(analysis::target_ask_from("level", ">=", 1, {2024, 2027}).has_value());
  CHECK_FALSE(analysis::target_ask_from("cagr", ">=", 1, {2027}).has_value());
  CHECK_FALSE(analysis::target_ask_from("every_year", "<=", 1, {}).has_value());
}
