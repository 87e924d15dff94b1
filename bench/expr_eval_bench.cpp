// Throughput of the expression evaluator (engine/expr). Items are columns
// (paths) per second for one program, or instruction-columns per second where
// programs differ in size, so the figures compare across benchmarks.
//
//   expr_eval_bench --benchmark_filter=Typical
#include <benchmark/benchmark.h>

#include <map>
#include <string>
#include <vector>

#include "expr/expr.hpp"

namespace {

using goalpath::InputError;
using goalpath::SourcePos;
using namespace goalpath::expr;

// A program over slots numbered in order of first use, with `columns`
// columns of data for every slot.
struct Fixture {
  Program program;
  std::vector<std::vector<double>> data;
  std::vector<const double*> slots;
  std::vector<double> out;
  Workspace workspace;

  Fixture(const std::string& text, Eigen::Index columns) {
    std::map<std::string, int> names;
    program = Program::compile(Expression::parse(text, SourcePos{"bench", 1, 1}), [&](const NameRef& ref) {
      const std::string key = std::to_string(static_cast<int>(ref.access)) + ref.name;
      return names.try_emplace(key, static_cast<int>(names.size())).first->second;
    });
    for (std::size_t s = 0; s < names.size(); ++s) {
      std::vector<double> column(static_cast<std::size_t>(columns));
      for (std::size_t i = 0; i < column.size(); ++i) column[i] = 0.5 + 0.001 * static_cast<double>((i * 7 + s) % 997);
      data.push_back(std::move(column));
    }
    for (const auto& column : data) slots.push_back(column.data());
    out.resize(static_cast<std::size_t>(columns));
  }
  void run(Eigen::Index columns) { evaluate(program, slots, columns, workspace, out.data()); }
};

// A growth rule as a scenario writes it: 3 instructions.
constexpr const char* kTypical = "prev(x) * (1 + g + e)";

// 20 instructions: arithmetic, comparisons, functions.
constexpr const char* kTwenty =
    "clamp(prev(x) * (1 + g + e) - base(x) * 0.01, 0, 1e9) + if(x > y, sqrt(abs(y)), -y) * min(g, e)"
    " + max(a, b) / c - log(c)";

void run_program(benchmark::State& state, const char* text) {
  const Eigen::Index columns = state.range(0);
  Fixture f(text, columns);
  for (auto _ : state) {
    f.run(columns);
    benchmark::DoNotOptimize(f.out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * columns);
  state.counters["instructions"] = static_cast<double>(f.program.instructions().size());
  state.counters["ns_per_column"] = benchmark::Counter(static_cast<double>(state.iterations() * columns),
                                                       benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_Typical(benchmark::State& state) { run_program(state, kTypical); }
BENCHMARK(BM_Typical)->Arg(4096)->Arg(1024)->Arg(1);

void BM_Twenty(benchmark::State& state) {
  Fixture check(kTwenty, 1);
  if (check.program.instructions().size() != 20) {
    state.SkipWithError("the 20-instruction expression does not compile to 20 instructions");
    return;
  }
  run_program(state, kTwenty);
}
BENCHMARK(BM_Twenty)->Arg(4096)->Arg(1);

// Cost follows the work (instructions x columns), not the number of programs:
// many tiny programs over a block cost about the same per instruction-column
// as one long program, and the interpretation overhead is a few tens of
// nanoseconds per instruction whatever the columns, so it fades as blocks
// grow. The programs share their inputs and output, so the data stays in
// cache as a simulator's block does. Args: programs, columns; items are
// instruction-columns.
void BM_ManyTinyPrograms(benchmark::State& state) {
  const auto programs = static_cast<std::size_t>(state.range(0));
  const Eigen::Index columns = state.range(1);
  Fixture f("x * 1.5 + y", columns);  // 2 instructions
  const std::vector<Program> copies(programs, f.program);
  for (auto _ : state) {
    for (const Program& program : copies) {
      evaluate(program, f.slots, columns, f.workspace, f.out.data());
      benchmark::DoNotOptimize(f.out.data());
    }
    benchmark::ClobberMemory();
  }
  const auto instructions = static_cast<std::int64_t>(programs * f.program.instructions().size());
  state.SetItemsProcessed(state.iterations() * instructions * columns);
  state.counters["instructions"] = static_cast<double>(instructions);
}
BENCHMARK(BM_ManyTinyPrograms)
    ->Args({1, 4096})
    ->Args({64, 4096})
    ->Args({256, 1024})
    ->Args({1024, 256})
    ->Args({4096, 64})
    ->Args({64, 1});

// The same 128 instructions as one long program (64 times "* 1.5 + y").
void BM_OneLongProgram(benchmark::State& state) {
  std::string text = "x";
  for (int i = 0; i < 64; ++i) text = "(" + text + ") * 1.5 + y";
  const Eigen::Index columns = state.range(0);
  Fixture f(text, columns);
  for (auto _ : state) {
    f.run(columns);
    benchmark::DoNotOptimize(f.out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(f.program.instructions().size()) * columns);
  state.counters["instructions"] = static_cast<double>(f.program.instructions().size());
}
BENCHMARK(BM_OneLongProgram)->Arg(4096)->Arg(1);

// Element functions alone, 4096 columns: what each costs per column.
void BM_Function(benchmark::State& state, const char* text) { run_program(state, text); }
BENCHMARK_CAPTURE(BM_Function, add, "x + y")->Arg(4096);
BENCHMARK_CAPTURE(BM_Function, compare, "x < y")->Arg(4096);
BENCHMARK_CAPTURE(BM_Function, select, "if(x, y, z)")->Arg(4096);
BENCHMARK_CAPTURE(BM_Function, clamp, "clamp(x, y, z)")->Arg(4096);
BENCHMARK_CAPTURE(BM_Function, exp, "exp(x)")->Arg(4096);
BENCHMARK_CAPTURE(BM_Function, log, "log(x)")->Arg(4096);
BENCHMARK_CAPTURE(BM_Function, pow, "x ^ y")->Arg(4096);
BENCHMARK_CAPTURE(BM_Function, sin, "sin(x)")->Arg(4096);

}  // namespace

BENCHMARK_MAIN();
