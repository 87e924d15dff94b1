// report/language.hpp: the report's language from the scenario or the
// locale, and values formatted by their unit.
#include <doctest/doctest.h>

#include <cmath>

#include "report/language.hpp"

using goalpath::report::Lang;
using namespace goalpath::report;

TEST_CASE("lang: declared language first, then the locale, else English") {
  CHECK(default_lang("zh", "en_US.UTF-8") == Lang::zh);
  CHECK(default_lang("", "zh_CN.UTF-8") == Lang::zh);
  CHECK(default_lang("", "en_GB") == Lang::en);
  CHECK(default_lang("", "") == Lang::en);
  CHECK(default_lang("", "C.UTF-8") == Lang::en);
  CHECK(lang_from_string("zh-CN") == Lang::zh);
  CHECK_FALSE(lang_from_string("fr").has_value());
}

TEST_CASE("unit_kind: shares, money and the rest") {
  CHECK(unit_kind("share") == UnitKind::share);
  CHECK(unit_kind("%") == UnitKind::share);
  CHECK(unit_kind("亿元") == UnitKind::money);
  CHECK(unit_kind("bn") == UnitKind::money);
  CHECK(unit_kind("家") == UnitKind::plain);
  CHECK(unit_kind("") == UnitKind::plain);
}

TEST_CASE("quantity_text: percentages, thousands separators, 万亿元") {
  CHECK(quantity_text(0.2349, "share", Lang::en) == "23.5%");
  CHECK(quantity_text(0.2349, "share", Lang::zh) == "23.5%");
  CHECK(quantity_text(48549.3, "亿元", Lang::en) == "48,549 亿元");
  CHECK(quantity_text(48549.3, "亿元", Lang::zh) == "4.85万亿元");
  CHECK(quantity_text(7839, "亿元", Lang::zh) == "7,839亿元");
  CHECK(quantity_text(1234567, "", Lang::en) == "1,234,567");
  CHECK(quantity_text(-1234, "bn", Lang::en) == "-1,234 bn");
  CHECK(quantity_text(812.5, "bn", Lang::en) == "812.5 bn");
  CHECK(quantity_text(3, "家", Lang::zh) == "3.00 家");
  CHECK(quantity_text(NAN, "share", Lang::en) == "—");
  CHECK(number_text(12.5) == "12.5");
  CHECK(change_text(0.012, "share", Lang::en) == "+1.2 pts");
  CHECK(change_text(0.012, "share", Lang::zh) == "+1.2个百分点");
  CHECK(change_text(-2500, "亿元", Lang::en) == "-2,500 亿元");
}

TEST_CASE("status and progress words in both languages") {
  CHECK(status_text(goalpath::analysis::Status::at_risk, Lang::en) == "at risk");
  CHECK(status_text(goalpath::analysis::Status::off_track, Lang::zh) == "难以实现");
  CHECK(progress_text(goalpath::analysis::ProgressClass::acceleration_needed, Lang::zh) == "需加快");
}
