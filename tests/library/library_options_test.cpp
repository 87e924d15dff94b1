// The option structs of goalpath/goalpath.hpp: validate() and OptionError
// name the field, the value and the rule, so that each front end can say
// which of its options is wrong; option_ref marks an option inside a message
// for the front end to spell.
#include <doctest/doctest.h>

#include <string>

#include "goalpath/goalpath.hpp"

using namespace goalpath;

TEST_CASE("defaults are valid") {
  CHECK(ExecutionOptions{}.validate() == "");
  CHECK(SensitivityOptions{}.validate() == "");
  CHECK(DiscoverOptions{}.validate() == "");
  CHECK_FALSE(ExecutionOptions{}.problem().has_value());
}

TEST_CASE("each execution field out of range names itself, its value and the rule") {
  struct Case {
    void (*spoil)(ExecutionOptions&);
    const char* field;
    const char* value;
  };
  const Case cases[] = {
      {[](ExecutionOptions& o) { o.paths = 0; }, "paths", "0"},
      {[](ExecutionOptions& o) { o.paths = -5; }, "paths", "-5"},
      {[](ExecutionOptions& o) { o.seed = (std::uint64_t{1} << 53) + 1; }, "seed", "9007199254740993"},
      {[](ExecutionOptions& o) { o.threads = -1; }, "threads", "-1"},
      {[](ExecutionOptions& o) { o.threads = 2000; }, "threads", "2000"},
      {[](ExecutionOptions& o) { o.block_size = 0; }, "block_size", "0"},
      {[](ExecutionOptions& o) { o.max_seconds = -1; }, "max_seconds", "-1"},
      {[](ExecutionOptions& o) { o.max_memory_bytes = -1; }, "max_memory_bytes", "-1"},
  };
  for (const auto& c : cases) {
    ExecutionOptions o;
    c.spoil(o);
    const auto problem = o.problem();
    REQUIRE(problem.has_value());
    CHECK(problem->field == c.field);
    CHECK(problem->value == c.value);
    CHECK_FALSE(problem->rule.empty());
    CHECK(o.validate() == std::string(c.field) + " = " + c.value + ": " + problem->rule);
    CHECK(std::string(problem->what()) == o.validate());
  }
}

TEST_CASE("a study's own rules come after the shared ones") {
  SensitivityOptions s;
  s.bootstrap = -1;
  REQUIRE(s.problem());
  CHECK(s.problem()->field == "bootstrap");
  s.threads = -1;  // the shared rule is reported first
  CHECK(s.problem()->field == "threads");

  SensitivityOptions fixed;
  fixed.method = analysis::SensitivityMethod::sobol;
  fixed.include_fixed = true;
  REQUIRE(fixed.problem());
  CHECK(fixed.problem()->field == "include_fixed");

  DiscoverOptions d;
  d.prim.min_mass = 1.5;
  REQUIRE(d.problem());
  CHECK(d.problem()->field == "prim.min_mass");
  CHECK(d.problem()->value == "1.5");

  BacktestOptions b;  // no year to restart in
  REQUIRE(b.problem());
  CHECK(b.problem()->field == "from_year");

  RollingBacktestOptions rolling;  // every default is valid: origins and horizons as the history allows
  CHECK_FALSE(rolling.problem());
  rolling.max_horizon = -1;
  REQUIRE(rolling.problem());
  CHECK(rolling.problem()->field == "max_horizon");
  CHECK(rolling.problem()->value == "-1");
  rolling.max_horizon = 0;
  rolling.first_origin = 2010;
  rolling.last_origin = 2005;
  REQUIRE(rolling.problem());
  CHECK(rolling.problem()->field == "last_origin");
  CHECK(std::string(rolling.problem()->what()).find("first_origin") != std::string::npos);

  SolveOptions v;
  v.target = "t";
  v.param = "p";
  v.probability = 1.5;
  REQUIRE(v.problem());
  CHECK(v.problem()->field == "probability");
  CHECK(v.problem()->rule.find("strictly between 0 and 1") != std::string::npos);
}

TEST_CASE("a rule that names another option marks it; what() spells it as the field") {
  SolveOptions v;
  v.target = "t";
  v.param = "p";
  v.paths = 100;  // without a probability the break-even is deterministic
  const auto problem = v.problem();
  REQUIRE(problem);
  CHECK(problem->field == "paths");
  CHECK(problem->rule.find(option_ref("probability")) != std::string::npos);
  const std::string what = problem->what();
  CHECK(what.find("only with probability") != std::string::npos);
  CHECK(what.find('\x02') == std::string::npos);
  CHECK(render_option_refs(problem->rule, [](std::string_view f) { return "--" + std::string(f); })
            .find("only with --probability") != std::string::npos);
}

TEST_CASE("InputError renders option references: field names by default, a front end's spelling on request") {
  const InputError e({option_ref("samples") + " 0"}, "bad-option", option_ref("samples") + " must be >= 1",
                     "use fewer " + option_ref("samples"));
  CHECK(std::string(e.what()) == "samples must be >= 1");
  CHECK(e.formatted() == "samples 0: error: samples must be >= 1 [bad-option]\n  hint: use fewer samples");
  const auto flag = [](std::string_view f) { return "--" + std::string(f); };
  CHECK(e.formatted(flag) == "--samples 0: error: --samples must be >= 1 [bad-option]\n  hint: use fewer --samples");
  CHECK(render_option_refs("no marks here") == "no marks here");
  CHECK(render_option_refs(std::string("open \x02never closed")) == "open \x02never closed");
}

TEST_CASE("a study refuses options out of range before it simulates") {
  const Scenario scenario = Scenario::load(GOALPATH_SOURCE_DIR "/tests/data/e2e-small.yaml");
  RunOptions o;
  o.block_size = 0;
  try {
    run(scenario, o);
    FAIL("run accepted block_size = 0");
  } catch (const OptionError& e) {
    CHECK(e.field == "block_size");
    CHECK(e.value == "0");
  }
}
