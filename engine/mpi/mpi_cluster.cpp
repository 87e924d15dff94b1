#include "mpi/mpi_cluster.hpp"

#include <mpi.h>

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace goalpath::mpi {
namespace {

void check(int status, const char* call) {
  if (status != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + call + " failed");
}

}  // namespace

Session::Session(int& argc, char**& argv) {
  int provided = 0;
  // Only the calling thread talks to MPI (the driver exchanges between
  // passes, from the thread that started the study).
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
  check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
  MPI_Comm local;
  check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &local), "MPI_Comm_split_type");
  check(MPI_Comm_size(local, &local_size_), "MPI_Comm_size");
  MPI_Comm_free(&local);
}

Session::~Session() { MPI_Finalize(); }

std::vector<std::string> Session::all_gather(const std::string& mine) const {
  // MPI counts are ints: a share of up to 2 GiB per process.
  if (mine.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::runtime_error("a process's share of the result is " + std::to_string(mine.size() >> 20) +
                             " MiB, more than MPI exchanges at once (2 GiB): record fewer paths");
  }
  const int length = static_cast<int>(mine.size());
  std::vector<int> lengths(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
  check(MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
  std::int64_t total = 0;
  for (int r = 0; r < size_; ++r) {
    if (total > std::numeric_limits<int>::max()) throw std::runtime_error("the processes' shares exceed 2 GiB together");
    offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
    total += lengths[static_cast<std::size_t>(r)];
  }
  if (total > std::numeric_limits<int>::max()) throw std::runtime_error("the processes' shares exceed 2 GiB together");
  std::string all(static_cast<std::size_t>(total), '\0');
  check(MPI_Allgatherv(mine.data(), length, MPI_BYTE, all.data(), lengths.data(), offsets.data(), MPI_BYTE,
                       MPI_COMM_WORLD),
        "MPI_Allgatherv");
  std::vector<std::string> out;
  for (int r = 0; r < size_; ++r) {
    out.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]),
                             static_cast<std::size_t>(lengths[static_cast<std::size_t>(r)])));
  }
  return out;
}

void Session::abort(int status) const {
  MPI_Abort(MPI_COMM_WORLD, status);
  std::_Exit(status);
}

}  // namespace goalpath::mpi
