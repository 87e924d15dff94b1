// What every design-point study shares (sweep, sensitivity, solve, discover,
// evaluate): the provenance block their reports carry, the metric of a
// target at one point, and the one way they evaluate parameter rows,
// sim::evaluate_points (ARCHITECTURE.md: a Monte Carlo path and a design
// point are the same thing).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "sim/sim.hpp"

namespace goalpath::analysis {

/// Where a study's numbers come from, for its report's reproducibility block.
struct StudyInfo {
  std::string scenario_id, title, scenario_file, scenario_sha256;
  std::string language;  // the scenario's declared report language ("" when not declared)
  std::vector<std::pair<std::string, std::string>> scenario_files;  // the extends chain: (file, sha256)
  std::string merged_sha256;                                        // of the merged scenario
  std::string engine_version, command_line;
  std::uint64_t seed = 0;
  int threads = 1;     // of each process
  int processes = 1;   // that shared the work (sim::Cluster); the result does not depend on it
  double seconds = 0;
};

/// What the target's side of one design point is: its measured value, or
/// the 0/1 outcome of meeting it (NaN when the value is not finite, so that
/// an undefined value is never counted as a miss).
enum class Metric { value, met };
const char* to_string(Metric metric);
std::optional<Metric> metric_from_string(const std::string& text);
double metric_output(const model::Target& target, double measured, Metric metric);

/// The targets' measured values (n x targets) at parameter rows (n x P),
/// through sim::evaluate_points. Without shocks every row has shocks 0 and
/// all rows go in one call. With shocks, row r gets the yearly shocks of
/// path r mod `period` of options.seed: rows are evaluated `period` at a
/// time, so a design can give the same shocks to the points it compares
/// (common random numbers). options.progress, when set, sees the fraction of
/// all rows done.
Eigen::ArrayXXd evaluate_rows(const model::Model& model, const Eigen::ArrayXXd& parameters, bool with_shocks,
                              std::int64_t period, const sim::SimulationOptions& options);

/// Index of a parameter by name; InputError (code unknown-name, at `pos`)
/// with a did-you-mean when there is none.
int require_parameter(const model::Model& model, const std::string& name, const SourcePos& pos);
/// Index of a target by id; InputError (unknown-name, at `pos`) with a did-you-mean.
int require_target(const model::Model& model, const std::string& id, const SourcePos& pos);

/// The copula's correlation among the parameters `columns` (factor·factorᵀ restricted).
Eigen::MatrixXd copula_correlation(const model::Model& model, const std::vector<int>& columns);
/// Parameter rows (n x P) from normals in the copula's space: row i of z
/// (columns.size() x n) is mapped through parameter columns[i]'s marginal, as
/// a Monte Carlo run maps its correlated normals; the other parameters are at
/// their value. Shapley points and discover's sample are drawn this way.
Eigen::ArrayXXd parameters_from_normals(const model::Model& model, const std::vector<int>& columns,
                                        const Eigen::MatrixXd& z);

}  // namespace goalpath::analysis
