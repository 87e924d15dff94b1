// MPI_COMM_WORLD as a sim::Cluster: `mpirun -n N goalpath VERB ...` spreads
// a study's paths (or design rows) over N processes with the same result as
// one process (sim::Cluster). Built when CMake finds MPI (GOALPATH_MPI);
// the library itself knows only the sim::Cluster interface.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/sim.hpp"

namespace goalpath::mpi {

/// MPI for the life of the object: MPI_Init_thread on construction,
/// MPI_Finalize on destruction. One per process.
class Session : public sim::Cluster {
 public:
  Session(int& argc, char**& argv);
  ~Session() override;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  /// Processes of this job on this machine (to share its cores between them).
  int local_size() const { return local_size_; }
  std::vector<std::string> all_gather(const std::string& mine) const override;
  /// Ends every process of the job (a failure on one process would leave
  /// the others waiting in an exchange).
  [[noreturn]] void abort(int status) const;

 private:
  int rank_ = 0, size_ = 1, local_size_ = 1;
};

}  // namespace goalpath::mpi
