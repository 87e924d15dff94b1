// Rolling backtest pooling (analysis/rolling.hpp): the exact binomial test
// against values worked by hand, and pooling of hand-made points (coverage,
// PIT bins, bias and RMSE of the log errors), exact arithmetic.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "analysis/rolling.hpp"

using namespace goalpath;

TEST_CASE("binomial two-sided p-values by hand") {
  // n = 10, p = 1/2: P(0) + P(10) = 2/1024; k = 5 is the mode: everything.
  CHECK(analysis::binomial_two_sided_p(0, 10, 0.5) == doctest::Approx(2.0 / 1024).epsilon(1e-12));
  CHECK(analysis::binomial_two_sided_p(5, 10, 0.5) == doctest::Approx(1.0));
  // k = 2: P(0, 1, 2, 8, 9, 10) = 2 (1 + 10 + 45) / 1024.
  CHECK(analysis::binomial_two_sided_p(2, 10, 0.5) == doctest::Approx(112.0 / 1024).epsilon(1e-12));
  // n = 2, p = 0.9: P(2) = 0.81, P(1) = 0.18, P(0) = 0.01; k = 1 adds P(0).
  CHECK(analysis::binomial_two_sided_p(1, 2, 0.9) == doctest::Approx(0.19).epsilon(1e-12));
  CHECK(analysis::binomial_two_sided_p(0, 2, 0.9) == doctest::Approx(0.01).epsilon(1e-12));
  CHECK(analysis::binomial_two_sided_p(0, 0, 0.9) == 1.0);
}

TEST_CASE("pooling hand-made points by horizon") {
  analysis::RollingResult r;
  auto point = [&r](int horizon, double observed, double deterministic, double pit) {
    analysis::RollingForecast f;
    f.indicator = "x";
    f.origin = 2000;
    f.year = 2000 + horizon;
    f.horizon = horizon;
    f.observed = observed;
    f.deterministic = deterministic;
    f.p05 = 90, f.p25 = 97, f.p50 = 100, f.p75 = 103, f.p95 = 110;
    f.pit = pit;
    f.log_error = observed > 0 && deterministic > 0 ? std::log(deterministic / observed)
                                                    : std::numeric_limits<double>::quiet_NaN();
    r.forecasts.push_back(f);
  };
  point(1, 100, 100, 0.5);   // inside both bands
  point(1, 105, 100, 0.85);  // inside p05-p95 only
  point(2, 120, 100, 1.0);   // outside both; PIT 1 falls in the last bin
  point(2, 0, 100, 0.0);     // observed 0: no log error, still counted
  analysis::pool_rolling(r);
  CHECK(r.overall.points == 4);
  CHECK(r.overall.inside_50 == 1);
  CHECK(r.overall.inside_90 == 2);
  CHECK(r.overall.coverage_90 == 0.5);
  CHECK(r.overall.pit[0] == 1);
  CHECK(r.overall.pit[5] == 1);
  CHECK(r.overall.pit[8] == 1);
  CHECK(r.overall.pit[9] == 1);
  REQUIRE(r.horizons.size() == 2);
  const double e = std::log(100.0 / 105);
  CHECK(r.horizons[0].error_points == 2);
  CHECK(r.horizons[0].bias == doctest::Approx(e / 2).epsilon(1e-14));
  CHECK(r.horizons[0].rmse == doctest::Approx(std::sqrt(e * e / 2)).epsilon(1e-14));
  CHECK(r.horizons[1].points == 2);
  CHECK(r.horizons[1].error_points == 1);
  CHECK(r.horizons[1].rmse == doctest::Approx(std::log(120.0 / 100)).epsilon(1e-14));
  CHECK(r.horizons[1].coverage_90 == 0.0);
}
