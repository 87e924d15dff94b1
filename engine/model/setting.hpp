// What-if settings of parameters: the one meaning of "set a parameter" and
// "fix a parameter" that `--set`, `sweep`, `solve` and the tornado share
// (docs/SCENARIO_FORMAT.md, "Setting and fixing a parameter").
//
//   set  The value moves the parameter's centre (scenario::set_parameter_centre)
//        and keeps its uncertainty; the copula is kept as it is, so its draws
//        stay correlated with the others'. A scenario's own value changes
//        nothing: the model and its paths are the scenario's, to the last digit.
//   fix  The parameter is known exactly. Every parameter correlated with it is
//        drawn from its conditional distribution given that value, in the
//        copula's normal space: c = Φ⁻¹(F(v)) with F the parameter's marginal,
//        and the others' normals become shift + factor · e over the same
//        independent normals e (sample::condition_copula), so common random
//        numbers carry over from the unconditioned run.
#pragma once

#include <string>
#include <vector>

#include "model/model.hpp"

namespace goalpath::model {

enum class SettingMode { set, fix };
const char* to_string(SettingMode mode);

struct ParameterSetting {
  std::string name;
  double value = 0.0;
  SettingMode mode = SettingMode::set;
  SourcePos pos;  // where it was asked for, for errors ("--grid", "--param", ...)
};

/// A copy of `model` with the settings applied, all at once (fixes condition
/// on each other's values jointly). InputError (at the setting's pos):
/// unknown-name with a did-you-mean, duplicate-id for a parameter set twice,
/// bad-value for a value the parameter cannot take (set: see
/// scenario::set_parameter_centre; fix: a value where the marginal's CDF is
/// 0 or 1, which has no point in the copula's normal space). The model must
/// not carry fixes already (std::invalid_argument otherwise): apply every
/// setting to the scenario's own model.
Model apply_settings(const Model& model, const std::vector<ParameterSetting>& settings);

/// The copula's correlation matrix of the parameters (factor · factorᵀ).
Eigen::MatrixXd parameter_correlation(const Model& model);

}  // namespace goalpath::model
