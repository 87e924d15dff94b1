// goalpath::brief through the library alone: its options' rules, and a brief
// whose scenario and variant are run()'s with the same seed and paths, to
// the last digit (common random numbers), rendered in both languages.
#include <doctest/doctest.h>

#include <string>

#include "goalpath/goalpath.hpp"

using namespace goalpath;

namespace {
const std::string kData = std::string(GOALPATH_SOURCE_DIR) + "/tests/data/";
}

TEST_CASE("brief options: defaults valid; no Monte Carlo, no signposts or a negative bar count refused") {
  CHECK(BriefOptions{}.validate() == "");
  BriefOptions o;
  o.deterministic = true;
  REQUIRE(o.problem().has_value());
  CHECK(o.problem()->field == "deterministic");
  o = BriefOptions{};
  o.signposts = false;
  CHECK(o.problem()->field == "signposts");
  o = BriefOptions{};
  o.max_drivers = -1;
  CHECK(o.validate() == "max_drivers = -1: must be >= 0 (0 keeps every bar)");
  o = BriefOptions{};
  o.paths = 0;
  CHECK(o.problem()->field == "paths");  // the shared rules first
  CHECK_THROWS_AS(brief(Scenario::load(kData + "compare-a.yaml"), {}, o), OptionError);
}

TEST_CASE("a brief's runs are run()'s with the same seed and paths") {
  const Scenario a = Scenario::load(kData + "compare-a.yaml");
  const Scenario b = Scenario::load(kData + "compare-b.yaml");
  BriefOptions o;
  o.paths = 3000;
  o.seed = 9;
  o.threads = 2;
  const BriefResult result = brief(a, {b}, o);
  RunOptions r;
  r.paths = 3000;
  r.seed = 9;
  const RunResult alone_a = run(a, r), alone_b = run(b, r);
  REQUIRE(result.run.targets.size() == alone_a.targets.size());
  for (std::size_t k = 0; k < alone_a.targets.size(); ++k) {
    CHECK(result.run.targets[k].probability == alone_a.targets[k].probability);
  }
  REQUIRE(result.variants.size() == 1);
  for (std::size_t k = 0; k < alone_b.targets.size(); ++k) {
    CHECK(result.variants[0].run.targets[k].probability == alone_b.targets[k].probability);
    CHECK(result.variants[0].targets[k].delta_probability ==
          *alone_b.targets[k].probability - *alone_a.targets[k].probability);
  }
  CHECK(result.seed == 9);
  CHECK(result.paths == 3000);
  CHECK(result.drivers.size() == alone_a.targets.size());
  RenderOptions chinese;
  chinese.lang = report::Lang::zh;
  const std::string zh = render(result, Format::html, chinese);
  CHECK(zh.find("结论") != std::string::npos);
  CHECK(render(result, Format::html).find("The answer") != std::string::npos);
  CHECK(render(result, Format::json).find("\"goalpath.brief/1\"") != std::string::npos);
}
