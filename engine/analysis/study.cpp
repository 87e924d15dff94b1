// What every design-point study shares (analysis/study.hpp).
#include "analysis/study.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "common/error.hpp"
#include "model/setting.hpp"

namespace goalpath::analysis {

const char* to_string(Metric metric) { return metric == Metric::met ? "met" : "value"; }

std::optional<Metric> metric_from_string(const std::string& text) {
  if (text == "value") return Metric::value;
  if (text == "met") return Metric::met;
  return std::nullopt;
}

double metric_output(const model::Target& target, double measured, Metric metric) {
  if (metric == Metric::value) return measured;
  if (!model::Target::counts(measured)) return std::nan("");
  return target.met(measured) ? 1.0 : 0.0;
}

Eigen::ArrayXXd evaluate_rows(const model::Model& model, const Eigen::ArrayXXd& parameters, bool with_shocks,
                              std::int64_t period, const sim::SimulationOptions& options) {
  const std::int64_t n = parameters.rows();
  if (!with_shocks || period >= n) return sim::evaluate_points(model, parameters, with_shocks, options);
  if (period < 1) throw std::invalid_argument("evaluate_rows: period is " + std::to_string(period) + "; it must be >= 1");
  Eigen::ArrayXXd out(n, static_cast<Eigen::Index>(model.targets.size()));
  sim::SimulationOptions call = options;
  for (std::int64_t first = 0; first < n; first += period) {
    const std::int64_t rows = std::min(period, n - first);
    if (options.progress) {
      call.progress = [&options, first, rows, n](double f) {
        options.progress((static_cast<double>(first) + f * static_cast<double>(rows)) / static_cast<double>(n));
      };
    }
    // evaluate_points numbers the rows of each call from path 0: row first + k gets path k.
    out.middleRows(first, rows) = sim::evaluate_points(model, parameters.middleRows(first, rows), true, call);
  }
  return out;
}

int require_parameter(const model::Model& model, const std::string& name, const SourcePos& pos) {
  const int index = model.find_parameter(name);
  if (index >= 0) return index;
  std::string hint = did_you_mean(name, model.parameter_names());
  if (model.find_indicator(name) >= 0) hint = "'" + name + "' is an indicator; only parameters can be varied";
  throw InputError(pos, "unknown-name", "no parameter is called '" + name + "'", hint);
}

int require_target(const model::Model& model, const std::string& id, const SourcePos& pos) {
  const int index = model.find_target(id);
  if (index >= 0) return index;
  throw InputError(pos, "unknown-name", "no target has the id '" + id + "'", did_you_mean(id, model.target_ids()));
}

Eigen::MatrixXd copula_correlation(const model::Model& model, const std::vector<int>& columns) {
  return model::parameter_correlation(model)(columns, columns);
}

Eigen::ArrayXXd parameters_from_normals(const model::Model& model, const std::vector<int>& columns,
                                        const Eigen::MatrixXd& z) {
  Eigen::ArrayXXd rows = sim::central_parameters(model).replicate(z.cols(), 1);
  std::vector<double> normals(static_cast<std::size_t>(z.cols()));
  for (std::size_t i = 0; i < columns.size(); ++i) {
    Eigen::Map<Eigen::RowVectorXd>(normals.data(), z.cols()) = z.row(static_cast<Eigen::Index>(i));
    model.parameters[static_cast<std::size_t>(columns[i])].marginal.from_standard_normal(
        normals, {&rows(0, columns[i]), normals.size()});
  }
  return rows;
}

}  // namespace goalpath::analysis
