// Calibration (analysis/calibrate.hpp): growth statistics of a history
// against the sample formulas (exact up to rounding) and, for a long series
// drawn at a fixed seed, against the population values within 4 standard
// errors (sigma/sqrt(n) for the mean, sigma/sqrt(2(n-1)) for the sd).
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <numeric>
#include <random>

#include "analysis/calibrate.hpp"
#include "scenario/scenario.hpp"

using namespace goalpath;

namespace {

/// Levels from 100 in `first_year`, grown by each rate in turn.
std::map<int, double> series(int first_year, const std::vector<double>& rates) {
  std::map<int, double> history{{first_year, 100.0}};
  double x = 100.0;
  for (std::size_t k = 0; k < rates.size(); ++k) history[first_year + 1 + static_cast<int>(k)] = x *= 1 + rates[k];
  return history;
}

std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const InputError& e) {
    return e.code() + ": " + e.message() + " | " + e.hint();
  }
  return "no error";
}

}  // namespace

TEST_CASE("mean, sd and CAGR of a fixed list of growth rates match the sample formulas") {
  const std::vector<double> rates = {0.05, 0.03, 0.07, 0.04, 0.06, 0.02};
  auto c = analysis::calibrate_growth(series(2010, rates), 2010, 2016, "x");
  const double n = 6;
  const double mean = std::accumulate(rates.begin(), rates.end(), 0.0) / n;
  double squares = 0;
  for (double g : rates) squares += (g - mean) * (g - mean);
  const double sd = std::sqrt(squares / (n - 1));
  double growth = 1;
  for (double g : rates) growth *= 1 + g;
  CHECK(c.n == 6);
  CHECK(c.span_years == 6);
  CHECK(std::abs(c.mean - mean) <= 1e-12);
  CHECK(std::abs(c.sd - sd) <= 1e-12);
  CHECK(std::abs(c.cagr - (std::pow(growth, 1 / n) - 1)) <= 1e-12);
  CHECK(std::abs(c.se - sd / std::sqrt(n)) <= 1e-12);
  CHECK(c.growth_years == std::vector<int>{2011, 2012, 2013, 2014, 2015, 2016});
  CHECK(c.warning.empty());
}

TEST_CASE("a long series drawn at a fixed seed recovers the population mean and sd") {
  const double mu = 0.04, sigma = 0.02;
  const int n = 400;
  std::mt19937_64 engine(20240220);
  std::normal_distribution<double> draw(mu, sigma);
  std::vector<double> rates;
  for (int k = 0; k < n; ++k) rates.push_back(draw(engine));
  auto c = analysis::calibrate_growth(series(1600, rates), 1600, 2000, "x");
  CHECK(c.n == n);
  const double mean_tolerance = 4 * sigma / std::sqrt(n), sd_tolerance = 4 * sigma / std::sqrt(2.0 * (n - 1));
  INFO("mean " << c.mean << " vs " << mu << " ± " << mean_tolerance << "; sd " << c.sd << " vs " << sigma << " ± "
               << sd_tolerance);
  CHECK(std::abs(c.mean - mu) <= mean_tolerance);
  CHECK(std::abs(c.sd - sigma) <= sd_tolerance);
  // The compound rate is the geometric mean: below the arithmetic one by about sigma²/2.
  CHECK(c.cagr < c.mean);
  CHECK(std::abs(c.cagr - (c.mean - c.sd * c.sd / 2)) <= 1e-3);
}

TEST_CASE("gaps: CAGR spans the whole window, sd uses consecutive years only, and few observations warn") {
  std::map<int, double> history = {{2015, 100}, {2019, 120}, {2020, 126}, {2021, 128.52}, {2022, 134.946}};
  auto c = analysis::calibrate_growth(history, 2015, 2022, "x");
  CHECK(c.n == 3);
  CHECK(c.span_years == 7);
  CHECK(std::abs(c.cagr - (std::pow(1.34946, 1.0 / 7) - 1)) <= 1e-12);
  CHECK(std::abs(c.mean - (0.05 + 0.02 + 0.05) / 3) <= 1e-12);
  CHECK(c.warning == "sd from n=3 observations is unreliable");
  // The window trims the history.
  auto trimmed = analysis::calibrate_growth(history, 2019, 2021, "x");
  CHECK(trimmed.n == 2);
  CHECK(trimmed.years == std::vector<int>{2019, 2020, 2021});
}

TEST_CASE("an indicator of a scenario, and the error paths") {
  auto spec = scenario::load_scenario_text(R"Y(
scenario: calibrate
years: [2023, 2025]
parameters:
  g: 0.05
indicators:
  industrial_output: { growth: "g", history: {2019: 100, 2020: 103, 2021: 109, 2022: 111, 2023: 116} }
  sparse: { base: 1, growth: "g", history: {2015: 1, 2019: 2, 2020: 2.1} }
  signed: { base: 1, change: "g", history: {2020: 1, 2021: 0, 2022: 1} }
)Y", "calibrate.yaml");
  auto c = analysis::calibrate_indicator(spec, "industrial_output", std::nullopt, std::nullopt);
  CHECK(c.from_year == 2019);
  CHECK(c.to_year == 2023);
  CHECK(c.n == 4);
  CHECK(std::abs(c.cagr - (std::pow(1.16, 0.25) - 1)) <= 1e-12);

  std::string unknown = error_of([&] { analysis::calibrate_indicator(spec, "industrial_outptu", 2019, 2023); });
  CHECK(unknown.rfind("unknown-name", 0) == 0);
  CHECK(unknown.find("did you mean 'industrial_output'?") != std::string::npos);
  std::string parameter = error_of([&] { analysis::calibrate_indicator(spec, "g", 2019, 2023); });
  CHECK(parameter.find("'g' is a parameter") != std::string::npos);
  std::string few = error_of([&] { analysis::calibrate_indicator(spec, "sparse", std::nullopt, std::nullopt); });
  CHECK(few.rfind("too-few", 0) == 0);
  CHECK(few.find("1 year-on-year growth observation in") != std::string::npos);
  std::string one = error_of([&] { analysis::calibrate_indicator(spec, "industrial_output", 2023, 2023); });
  CHECK(one.rfind("too-few", 0) == 0);
  std::string zero = error_of([&] { analysis::calibrate_indicator(spec, "signed", std::nullopt, std::nullopt); });
  CHECK(zero.rfind("bad-value", 0) == 0);
  std::string backwards = error_of([&] { analysis::calibrate_indicator(spec, "industrial_output", 2023, 2019); });
  CHECK(backwards.rfind("bad-years", 0) == 0);
}
