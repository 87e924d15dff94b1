// Setting and fixing parameters (setting.hpp).
#include "model/setting.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>
#include <stdexcept>

#include "sample/conditional.hpp"

namespace goalpath::model {

const char* to_string(SettingMode mode) { return mode == SettingMode::fix ? "fix" : "set"; }

Eigen::MatrixXd parameter_correlation(const Model& model) {
  const Eigen::MatrixXd c = model.parameter_factor * model.parameter_factor.transpose();
  // The factor reproduces the unit diagonal up to rounding; a correlation
  // matrix has it exactly.
  Eigen::MatrixXd out = 0.5 * (c + c.transpose());
  out.diagonal().setOnes();
  return out;
}

namespace {

/// The point of the copula's normal space where the marginal's CDF is F(v).
double normal_score(const Parameter& param, const ParameterSetting& s) {
  const double u = param.marginal.cdf(s.value);
  if (!(u > 0.0 && u < 1.0)) {
    const double lo = param.marginal.quantile(0.0), hi = param.marginal.quantile(1.0);
    throw InputError(s.pos, "bad-value",
                     fmt::format("parameter '{}' cannot be fixed at {:.10g}: its distribution takes values only in "
                                 "[{:.10g}, {:.10g}], so the correlated parameters have no conditional distribution there",
                                 s.name, s.value, lo, hi),
                     "fix it strictly inside that range, or set its centre instead (the default, without " + option_ref("fix") + ")");
  }
  // Φ⁻¹(u) from the nearer tail keeps its precision above the median.
  return u <= 0.5 ? sample::inverse_normal_cdf(u) : -sample::inverse_normal_cdf(1.0 - u);
}

}  // namespace

Model apply_settings(const Model& model, const std::vector<ParameterSetting>& settings) {
  if (model.parameter_shift.size() != 0) {
    throw std::invalid_argument("apply_settings: the model already carries fixed parameters; apply every setting at once");
  }
  Model out = model;
  std::vector<int> fixed;
  std::vector<double> scores;
  std::set<int> seen;
  for (const ParameterSetting& s : settings) {
    const int p = model.find_parameter(s.name);
    if (p < 0) {
      std::string hint = did_you_mean(s.name, model.parameter_names());
      if (model.find_indicator(s.name) >= 0) hint = "'" + s.name + "' is an indicator; only parameters can be set";
      throw InputError(s.pos, "unknown-name", "no parameter is called '" + s.name + "'", hint);
    }
    if (!seen.insert(p).second) {
      throw InputError(s.pos, "duplicate-id", "parameter '" + s.name + "' is given two values",
                       "give each parameter one value");
    }
    Parameter& param = out.parameters[static_cast<std::size_t>(p)];
    scenario::ParameterSpec& spec = *out.spec.find_parameter(s.name);
    if (s.mode == SettingMode::set || !param.uncertain()) {
      scenario::set_parameter_centre(spec, s.value, s.pos);
      param.value = spec.value;
      param.marginal = marginal_of(spec);
      continue;
    }
    if (!std::isfinite(s.value)) throw InputError(s.pos, "bad-value", "parameter '" + s.name + "': the value must be a finite number");
    scores.push_back(normal_score(param, s));
    fixed.push_back(p);
    // Known exactly: the evaluator writes the value into every path. The
    // spec keeps the scenario's distribution, so a report can say what was fixed.
    param.value = spec.value = s.value;
    param.marginal = sample::Marginal{};
    param.marginal.value = s.value;
  }
  if (fixed.empty() || !model.parameters_correlated) return out;

  const Eigen::MatrixXd correlation = parameter_correlation(model);
  bool correlated = false;
  for (int f : fixed) {
    for (Eigen::Index k = 0; k < correlation.rows(); ++k) correlated = correlated || (k != f && correlation(f, k) != 0.0);
  }
  // Nothing tied to a fixed parameter: the others' draws stay exactly the scenario's.
  if (!correlated) return out;
  const sample::ConditionedCopula conditioned =
      sample::condition_copula(correlation, fixed, Eigen::Map<const Eigen::VectorXd>(scores.data(), static_cast<Eigen::Index>(scores.size())));
  out.parameter_factor = conditioned.factor;
  out.parameter_shift = conditioned.shift;
  // A fixed parameter's column is its constant value; its score is not a draw.
  for (int f : fixed) out.parameter_shift(f) = 0.0;
  out.parameters_correlated = true;
  return out;
}

}  // namespace goalpath::model
