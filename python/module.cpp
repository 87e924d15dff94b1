// goalpath._goalpath: the C++ half of the Python module (issue 15). A thin
// client of goalpath/goalpath.hpp: keyword arguments become option structs,
// results come back as report JSON text (the CLI's goalpath.report/1, byte
// for byte) and NumPy arrays. goalpath/__init__.py wraps it; docs/PYTHON.md
// is the reference.
//
// Every study runs with the GIL released, on a worker thread, while the
// calling thread wakes every 50 ms to let Python look at its signals: a
// pending KeyboardInterrupt sets the study's cancel flag, the worker stops
// at its next block (sim::Cancelled), and the KeyboardInterrupt is raised.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "goalpath/goalpath.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

/// Runs work() on a worker thread with the GIL released and `options.cancel`
/// pointing at a flag this function sets on a KeyboardInterrupt (or any
/// other exception a signal handler raises). The caller's thread holds no
/// GIL while it waits, so other Python threads run meanwhile.
//
/// `progress` (None or a callable) is called on the calling thread, with the
/// GIL, with the fraction done whenever it has moved since the last call and
/// once at the end; an exception it raises stops the study and propagates.
template <class Work>
auto interruptible(goalpath::ExecutionOptions& options, Work work, const py::object& progress = py::none())
    -> decltype(work()) {
  using Result = decltype(work());
  std::atomic<bool> cancel{false};
  options.cancel = &cancel;
  std::atomic<double> fraction{0.0};
  double reported = -1.0;
  const bool reporting = !progress.is_none();
  if (reporting) options.progress = [&fraction](double f) { fraction.store(f); };
  // Calls progress(f) when f moved; false (the Python error set) when it raised.
  auto report = [&]() {
    const double f = fraction.load();
    if (!reporting || f == reported) return true;
    reported = f;
    try {
      progress(f);
    } catch (py::error_already_set& e) {
      e.restore();
      return false;
    }
    return true;
  };
  std::optional<Result> result;
  std::exception_ptr error;
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  bool signalled = false;
  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        result.emplace(work());
      } catch (...) {
        error = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mutex);
      done = true;
      finished.notify_all();
    });
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex);
        if (finished.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) break;
      }
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0 || !report()) {  // a handler or progress raised: the error stays set
        signalled = true;
        cancel.store(true);
        break;
      }
    }
    worker.join();
  }
  if (!signalled && !error && !report()) signalled = true;  // the last fraction (1 when done)
  if (signalled) throw py::error_already_set();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

/// An exception class of goalpath/_errors.py raised with `args` as its
/// constructor's arguments.
void raise_python(const char* name, py::tuple args) {
  py::object cls = py::module_::import("goalpath._errors").attr(name);
  py::object instance = cls(*args);
  PyErr_SetObject(cls.ptr(), instance.ptr());
}

void translate(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const goalpath::InputError& e) {
    raise_python("InputError", py::make_tuple(e.formatted(), e.pos().file, e.pos().line, e.pos().col, e.code(),
                                              e.message(), e.hint()));
  } catch (const goalpath::OptionError& e) {
    raise_python("OptionError", py::make_tuple(std::string(e.what()), e.field, e.value, e.rule));
  } catch (const goalpath::sim::ResourceLimit& e) {
    raise_python("ResourceLimit", py::make_tuple(std::string(e.what())));
  } catch (const goalpath::sim::Cancelled& e) {
    // A cancel the module did not ask for (it raises KeyboardInterrupt for its own).
    raise_python("Cancelled", py::make_tuple(std::string(e.what())));
  }
}

/// seed= from Python: None, or a whole number from 0 to 2^53.
std::optional<std::uint64_t> seed_from(const std::optional<long long>& seed) {
  if (!seed) return std::nullopt;
  if (*seed < 0) throw goalpath::OptionError("seed", std::to_string(*seed), "must be a whole number from 0 to 2^53");
  return static_cast<std::uint64_t>(*seed);
}

void execution(goalpath::ExecutionOptions& o, std::optional<std::int64_t> paths, std::optional<long long> seed,
               int threads, double max_seconds, std::int64_t max_memory_bytes) {
  o.paths = paths;
  o.seed = seed_from(seed);
  o.threads = threads;
  o.max_seconds = max_seconds;
  o.max_memory_bytes = max_memory_bytes;
  o.command_line = "";  // a program, not a command line (provenance)
}

/// A vector moved into a NumPy array without a copy.
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& values, std::vector<py::ssize_t> shape) {
  auto* owned = new std::vector<T>(std::move(values));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(shape, owned->data(), free_when_done);
}

double nan_if_absent(const std::optional<double>& v) {
  return v ? *v : std::numeric_limits<double>::quiet_NaN();
}

/// run(): the report JSON text and the arrays the JSON holds as lists.
py::dict run_result_dict(const goalpath::RunResult& r) {
  const auto T = static_cast<py::ssize_t>(r.targets.size());
  const auto Y = static_cast<py::ssize_t>(r.years.size());
  std::vector<double> probability, probability_se, quantiles;
  std::vector<std::string> ids;
  for (const auto& t : r.targets) {
    ids.push_back(t.id);
    probability.push_back(nan_if_absent(t.probability));
    probability_se.push_back(nan_if_absent(t.probability_se));
    if (t.quantiles) {
      const auto& q = *t.quantiles;
      quantiles.insert(quantiles.end(), {q.p05, q.p10, q.p25, q.p50, q.p75, q.p90, q.p95});
    } else {
      quantiles.insert(quantiles.end(), 7, std::numeric_limits<double>::quiet_NaN());
    }
  }
  py::dict bands, deterministic;
  for (const auto& i : r.indicators) {
    std::vector<double> band(static_cast<std::size_t>(Y * 7), std::numeric_limits<double>::quiet_NaN());
    const std::vector<double>* columns[7] = {&i.p05, &i.p10, &i.p25, &i.p50, &i.p75, &i.p90, &i.p95};
    for (int c = 0; c < 7; ++c) {
      for (py::ssize_t y = 0; y < Y && y < static_cast<py::ssize_t>(columns[c]->size()); ++y) {
        band[static_cast<std::size_t>(y * 7 + c)] = (*columns[c])[static_cast<std::size_t>(y)];
      }
    }
    bands[py::str(i.name)] = to_numpy(std::move(band), {Y, 7});
    deterministic[py::str(i.name)] = to_numpy(std::vector<double>(i.deterministic), {static_cast<py::ssize_t>(i.deterministic.size())});
  }
  py::dict out;
  out["report_json"] = goalpath::render(r, goalpath::Format::json);
  out["targets"] = ids;
  out["years"] = to_numpy(std::vector<int>(r.years), {Y});
  out["probability"] = to_numpy(std::move(probability), {T});
  out["probability_se"] = to_numpy(std::move(probability_se), {T});
  out["quantiles"] = to_numpy(std::move(quantiles), {T, 7});
  out["bands"] = bands;
  out["deterministic"] = deterministic;
  return out;
}

}  // namespace

PYBIND11_MODULE(_goalpath, m) {
  m.doc() = "GoalPath's C++ engine (goalpath/goalpath.hpp); use the goalpath package, not this module";
  py::register_exception_translator(&translate);
  m.def("version", [] { return std::string(goalpath::version()); });

  py::class_<goalpath::Scenario>(m, "Scenario")
      .def_property_readonly("parameters", &goalpath::Scenario::parameter_names)
      .def_property_readonly("uncertain_parameters", &goalpath::Scenario::uncertain_parameter_names)
      .def_property_readonly("targets", &goalpath::Scenario::target_ids)
      .def_property_readonly("indicators", &goalpath::Scenario::indicator_names)
      .def_property_readonly("years", &goalpath::Scenario::years)
      .def_property_readonly("id", [](const goalpath::Scenario& s) { return s.model().id; })
      .def_property_readonly("title", [](const goalpath::Scenario& s) { return s.model().title; })
      .def_property_readonly("file", [](const goalpath::Scenario& s) { return s.provenance().file; })
      .def_property_readonly("sha256", [](const goalpath::Scenario& s) { return s.provenance().sha256; })
      .def_property_readonly("merged_sha256", [](const goalpath::Scenario& s) { return s.provenance().merged_sha256; });

  m.def(
      "load",
      [](const std::string& path, const std::vector<std::string>& set) {
        goalpath::LoadOptions options;
        options.set = set;
        py::gil_scoped_release release;
        return goalpath::Scenario::load(path, options);
      },
      "path"_a, "set"_a = std::vector<std::string>{});
  m.def(
      "parse",
      [](const std::string& yaml, const std::string& name, const std::vector<std::string>& set) {
        goalpath::LoadOptions options;
        options.set = set;
        py::gil_scoped_release release;
        return goalpath::Scenario::parse(yaml, name, options);
      },
      "yaml"_a, "name"_a = "<text>", "set"_a = std::vector<std::string>{});

  m.def(
      "run",
      [](const goalpath::Scenario& s, std::optional<std::int64_t> paths, std::optional<long long> seed, int threads,
         bool deterministic, double max_seconds, std::int64_t max_memory_bytes, int block_size,
         std::optional<double> precision, py::object progress) {
        goalpath::RunOptions o;
        execution(o, paths, seed, threads, max_seconds, max_memory_bytes);
        o.block_size = block_size;
        o.deterministic = deterministic;
        o.max_standard_error = precision.value_or(0.0);
        const goalpath::RunResult r = interruptible(o, [&] { return goalpath::run(s, o); }, progress);
        return run_result_dict(r);
      },
      "scenario"_a, "paths"_a = py::none(), "seed"_a = py::none(), "threads"_a = 0, "deterministic"_a = false,
      "max_seconds"_a = 0.0, "max_memory_bytes"_a = 0, "block_size"_a = 1024, "precision"_a = py::none(),
      "progress"_a = py::none());

  m.def(
      "sample",
      [](const goalpath::Scenario& s, const std::string& indicator, int year, std::optional<std::int64_t> paths,
         std::optional<long long> seed, double max_seconds, std::int64_t max_memory_bytes, py::object progress) {
        goalpath::ExecutionOptions o;
        execution(o, paths, seed, 1, max_seconds, max_memory_bytes);
        std::vector<double> values =
            interruptible(o, [&] { return goalpath::sample_indicator(s, indicator, year, o); }, progress);
        const auto n = static_cast<py::ssize_t>(values.size());
        return to_numpy(std::move(values), {n});
      },
      "scenario"_a, "indicator"_a, "year"_a, "paths"_a = py::none(), "seed"_a = py::none(), "max_seconds"_a = 0.0,
      "max_memory_bytes"_a = 0, "progress"_a = py::none());

  m.def(
      "evaluate",
      [](const goalpath::Scenario& s, py::array_t<double, py::array::c_style | py::array::forcecast> X,
         const std::vector<std::string>& columns, bool with_shocks, std::optional<long long> seed, int threads,
         py::object progress) {
        if (X.ndim() != 2) {
          throw goalpath::OptionError("X", std::to_string(X.ndim()) + "-dimensional array",
                                      "must be an N x D array (one row per point, one column per parameter)");
        }
        goalpath::EvaluateOptions o;
        execution(o, std::nullopt, seed, threads, 0, 0);
        o.columns = columns;
        o.with_shocks = with_shocks;
        const auto N = X.shape(0), D = X.shape(1);
        const std::size_t expected = o.columns.empty() ? s.uncertain_parameter_names().size() : o.columns.size();
        if (static_cast<std::size_t>(D) != expected) {
          throw goalpath::OptionError("X", std::to_string(N) + " x " + std::to_string(D),
                                      "must have " + std::to_string(expected) + " columns, one per parameter of `columns`");
        }
        std::vector<double> values(X.data(), X.data() + N * D);
        goalpath::Evaluation e = interruptible(o, [&] { return goalpath::evaluate(s, values, o); }, progress);
        const auto T = static_cast<py::ssize_t>(e.targets.size());
        const auto rows = static_cast<py::ssize_t>(e.rows);
        py::array_t<bool> met({rows, T});
        auto* flags = met.mutable_data();
        for (std::size_t k = 0; k < e.met.size(); ++k) flags[k] = e.met[k] != 0;
        py::dict out;
        out["columns"] = e.columns;
        out["targets"] = e.targets;
        out["value"] = to_numpy(std::move(e.value), {rows, T});
        out["met"] = met;
        return out;
      },
      "scenario"_a, "X"_a, "columns"_a = std::vector<std::string>{}, "with_shocks"_a = false, "seed"_a = py::none(),
      "threads"_a = 0, "progress"_a = py::none());

  m.def(
      "track",
      [](const goalpath::Scenario& s, const std::string& via, std::optional<std::int64_t> paths,
         std::optional<long long> seed, int threads, double max_seconds, std::int64_t max_memory_bytes,
         py::object progress) {
        goalpath::TrackOptions o;
        execution(o, paths, seed, threads, max_seconds, max_memory_bytes);
        o.via = via;
        const goalpath::TrackResult r = interruptible(o, [&] { return goalpath::track(s, o); }, progress);
        return goalpath::render(r, goalpath::Format::json);
      },
      "scenario"_a, "via"_a = "", "paths"_a = py::none(), "seed"_a = py::none(), "threads"_a = 0,
      "max_seconds"_a = 0.0, "max_memory_bytes"_a = 0, "progress"_a = py::none());

  m.def(
      "sweep",
      [](const goalpath::Scenario& s, const std::vector<std::string>& sweeps, const std::vector<std::string>& grid,
         bool fix, bool deterministic, std::optional<std::int64_t> paths, std::optional<long long> seed, int threads,
         double max_seconds, std::int64_t max_memory_bytes) {
        goalpath::SweepOptions o;
        execution(o, paths, seed, threads, max_seconds, max_memory_bytes);
        o.sweeps = sweeps;
        o.grid = grid;
        o.fix = fix;
        o.deterministic = deterministic;
        const goalpath::SweepResult r = interruptible(o, [&] { return goalpath::sweep(s, o); });
        return goalpath::render(r, goalpath::Format::json);
      },
      "scenario"_a, "sweeps"_a = std::vector<std::string>{}, "grid"_a = std::vector<std::string>{}, "fix"_a = false,
      "deterministic"_a = false, "paths"_a = py::none(), "seed"_a = py::none(), "threads"_a = 0, "max_seconds"_a = 0.0,
      "max_memory_bytes"_a = 0);

  m.def(
      "sensitivity",
      [](const goalpath::Scenario& s, const std::string& method, const std::string& metric,
         const std::vector<std::string>& targets, std::int64_t samples, int levels, int bootstrap, bool with_shocks,
         bool include_fixed, std::optional<std::int64_t> paths, std::optional<long long> seed, int threads,
         double max_seconds, std::int64_t max_memory_bytes) {
        goalpath::SensitivityOptions o;
        execution(o, paths, seed, threads, max_seconds, max_memory_bytes);
        const auto m_ = goalpath::analysis::sensitivity_method_from_string(method);
        if (!m_) throw goalpath::OptionError("method", method, "must be tornado, morris, sobol or shapley");
        const auto metric_ = goalpath::analysis::metric_from_string(metric);
        if (!metric_) throw goalpath::OptionError("metric", metric, "must be value or met");
        o.method = *m_;
        o.metric = *metric_;
        o.targets = targets;
        o.samples = samples;
        o.levels = levels;
        o.bootstrap = bootstrap;
        o.with_shocks = with_shocks;
        o.include_fixed = include_fixed;
        const goalpath::SensitivityReport r = interruptible(o, [&] { return goalpath::sensitivity(s, o); });
        return goalpath::render(r, goalpath::Format::json);
      },
      "scenario"_a, "method"_a = "tornado", "metric"_a = "value", "targets"_a = std::vector<std::string>{},
      "samples"_a = 0, "levels"_a = 4, "bootstrap"_a = 200, "with_shocks"_a = false, "include_fixed"_a = false,
      "paths"_a = py::none(), "seed"_a = py::none(), "threads"_a = 0, "max_seconds"_a = 0.0, "max_memory_bytes"_a = 0);

  m.def(
      "solve",
      [](const goalpath::Scenario& s, const std::string& target, const std::string& param,
         std::optional<double> probability, std::optional<std::pair<double, double>> within,
         std::optional<std::int64_t> paths, std::optional<long long> seed, int threads, double max_seconds,
         std::int64_t max_memory_bytes) {
        goalpath::SolveOptions o;
        execution(o, paths, seed, threads, max_seconds, max_memory_bytes);
        o.target = target;
        o.param = param;
        o.probability = probability;
        o.within = within;
        const goalpath::SolveResult r = interruptible(o, [&] { return goalpath::solve(s, o); });
        return goalpath::render(r, goalpath::Format::json);
      },
      "scenario"_a, "target"_a, "param"_a, "probability"_a = py::none(), "within"_a = py::none(),
      "paths"_a = py::none(), "seed"_a = py::none(), "threads"_a = 0, "max_seconds"_a = 0.0, "max_memory_bytes"_a = 0);

  m.def(
      "discover",
      [](const goalpath::Scenario& s, const std::string& target, std::int64_t samples, bool with_shocks, bool failure,
         std::optional<long long> seed, int threads, double max_seconds, std::int64_t max_memory_bytes) {
        goalpath::DiscoverOptions o;
        execution(o, std::nullopt, seed, threads, max_seconds, max_memory_bytes);
        o.target = target;
        if (samples > 0) o.samples = samples;
        o.with_shocks = with_shocks;
        o.failure = failure;
        const goalpath::DiscoverResult r = interruptible(o, [&] { return goalpath::discover(s, o); });
        return goalpath::render(r, goalpath::Format::json);
      },
      "scenario"_a, "target"_a = "all", "samples"_a = 0, "with_shocks"_a = false, "failure"_a = false,
      "seed"_a = py::none(), "threads"_a = 0, "max_seconds"_a = 0.0, "max_memory_bytes"_a = 0);

  m.def(
      "backtest",
      [](const goalpath::Scenario& s, int from_year, bool deterministic, std::optional<std::int64_t> paths,
         std::optional<long long> seed, int threads, double max_seconds, std::int64_t max_memory_bytes) {
        goalpath::BacktestOptions o;
        execution(o, paths, seed, threads, max_seconds, max_memory_bytes);
        o.from_year = from_year;
        o.deterministic = deterministic;
        const goalpath::BacktestResult r = interruptible(o, [&] { return goalpath::backtest(s, o); });
        return goalpath::render(r, goalpath::Format::json);
      },
      "scenario"_a, "from_year"_a, "deterministic"_a = false, "paths"_a = py::none(), "seed"_a = py::none(),
      "threads"_a = 0, "max_seconds"_a = 0.0, "max_memory_bytes"_a = 0);

  m.def(
      "rolling_backtest",
      [](const goalpath::Scenario& s, int first_origin, int last_origin, int max_horizon,
         std::optional<std::int64_t> paths, std::optional<long long> seed, int threads, double max_seconds,
         std::int64_t max_memory_bytes) {
        goalpath::RollingBacktestOptions o;
        execution(o, paths, seed, threads, max_seconds, max_memory_bytes);
        o.first_origin = first_origin;
        o.last_origin = last_origin;
        o.max_horizon = max_horizon;
        const goalpath::RollingResult r = interruptible(o, [&] { return goalpath::rolling_backtest(s, o); });
        return goalpath::render(r, goalpath::Format::json);
      },
      "scenario"_a, "first_origin"_a = 0, "last_origin"_a = 0, "max_horizon"_a = 0, "paths"_a = py::none(),
      "seed"_a = py::none(), "threads"_a = 0, "max_seconds"_a = 0.0, "max_memory_bytes"_a = 0);

  m.def(
      "calibrate_bands",
      [](const goalpath::Scenario& s, int first_origin, int last_origin, int max_horizon, const std::string& extends,
         std::optional<std::int64_t> paths, std::optional<long long> seed, int threads, double max_seconds,
         std::int64_t max_memory_bytes) {
        goalpath::BandsCalibrationOptions o;
        execution(o, paths, seed, threads, max_seconds, max_memory_bytes);
        o.first_origin = first_origin;
        o.last_origin = last_origin;
        o.max_horizon = max_horizon;
        const goalpath::BandsCalibration r = interruptible(o, [&] { return goalpath::calibrate_bands(s, o); });
        return py::make_tuple(goalpath::render(r, goalpath::Format::json),
                              goalpath::render(r, goalpath::Format::table, extends));
      },
      "scenario"_a, "first_origin"_a = 0, "last_origin"_a = 0, "max_horizon"_a = 0, "extends"_a = "",
      "paths"_a = py::none(), "seed"_a = py::none(), "threads"_a = 0, "max_seconds"_a = 0.0, "max_memory_bytes"_a = 0);

  m.def(
      "calibrate",
      [](const goalpath::Scenario& s, const std::string& indicator, std::optional<int> from_year,
         std::optional<int> to_year) {
        goalpath::CalibrateOptions o;
        o.indicator = indicator;
        o.from_year = from_year;
        o.to_year = to_year;
        goalpath::Calibration r = [&] {
          py::gil_scoped_release release;
          return goalpath::calibrate(s, o);
        }();
        return py::make_tuple(goalpath::render(r, goalpath::Format::json), goalpath::render(r, goalpath::Format::table));
      },
      "scenario"_a, "indicator"_a, "from_year"_a = py::none(), "to_year"_a = py::none());

  m.def(
      "compare",
      [](const goalpath::Scenario& a, const goalpath::Scenario& b, std::optional<std::int64_t> paths,
         std::optional<long long> seed, int threads, double max_seconds, std::int64_t max_memory_bytes) {
        goalpath::CompareOptions o;
        execution(o, paths, seed, threads, max_seconds, max_memory_bytes);
        const goalpath::CompareResult r = interruptible(o, [&] { return goalpath::compare(a, b, o); });
        return goalpath::render(r, goalpath::Format::json);
      },
      "a"_a, "b"_a, "paths"_a = py::none(), "seed"_a = py::none(), "threads"_a = 0, "max_seconds"_a = 0.0,
      "max_memory_bytes"_a = 0);
}
