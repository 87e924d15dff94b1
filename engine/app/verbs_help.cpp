// The usage texts of the verbs (goalpath VERB --help), kept apart so that a
// verb's function reads as its logic: parse, call, write.
#include "app/verbs_help.hpp"

namespace goalpath::app {

const char* const kBriefUsage =
      "goalpath brief SCENARIO.yaml [--compare VARIANT.yaml]... [--lang zh|en] [--format html|pdf|json] [--out FILE] "
      "[options]\n\n"
      "One page for a director, in the order it is read: the answer (each target's probability and status in words),\n"
      "what drives it (a tornado per target: its projected value with each uncertain parameter at its 10th and 90th\n"
      "percentile), what the next review must show (signposts), how far to trust it (the scenario's calibration),\n"
      "the variants side by side (run with the same seed and paths: common random numbers), every assumption\n"
      "(parameters, shocks, correlations, sources) and the provenance. The scenario's numbers are `goalpath run`'s\n"
      "with the same seed and paths. pdf: the page printed by headless Chromium ($CHROMIUM, else /usr/bin/chromium)\n"
      "to --out; json: goalpath.brief/1 (REPORT_JSON.md).";

const char* const kDiscoverUsage =
      "goalpath discover SCENARIO.yaml [--target ID|all] [--failure] [--samples N] [options]\n\n"
      "Samples the uncertain parameters (Latin hypercube in the copula's normal space, correlated as the scenario\n"
      "says, through their distributions), runs each point (shocks at 0 unless --with-shocks), and peels a box of\n"
      "parameter ranges where success (with --failure: failure) is dense (Friedman-Fisher PRIM). Reports the chosen box (limits in parameter units, coverage, density, mass)\n"
      "and the peeling trajectory.";

const char* const kSensitivityUsage =
      "goalpath sensitivity SCENARIO.yaml --method tornado|morris|sobol|shapley [--target ID] [--metric value|met] "
      "[--samples N] [options]\n\n"
      "tornado: every uncertain parameter fixed at its 10th and its 90th percentile; the parameters correlated with\n"
      "         it at their conditional medians given that value, the others at value. --include-fixed also moves\n"
      "         the parameters without uncertainty, to value ± 10%.\n"
      "morris:  elementary effects of the uncertain parameters in quantile space (levels 0.5%..99.5%); mu_star and\n"
      "         sigma in output units per unit of quantile level (a move across the whole distribution).\n"
      "sobol:   first-order (S1) and total (ST) indices of the uncertain parameters, Saltelli's design, 95%\n"
      "         bootstrap half-widths. Correlations between parameters are not imposed (a warning says so).\n"
      "shapley: each uncertain parameter's share of the output's variance under the scenario's correlations\n"
      "         (Song-Nelson-Staum random permutations, conditional draws in the copula's normal space); the\n"
      "         shares sum to 1; 95% half-widths from the standard error. With --with-shocks the yearly shocks\n"
      "         are one more input, \"yearly shocks\".\n"
      "Shocks are 0 unless --with-shocks; then the points a method compares share their shocks, and a tornado\n"
      "setting's output is the mean value (--metric met: the probability of meeting the target) over --samples paths.\n"
      "Warnings go to stderr and into the JSON.\n"
      "json: one target gives CLI.md's object; several (the default: all) give {\"schema\", \"method\", \"metric\",\n"
      "\"samples\", \"targets\": [ids], \"results\": [one such object per target]}.";

const char* const kSolveUsage =
      "goalpath solve SCENARIO.yaml --target ID --param NAME [--within LOW:HIGH] [options]\n"
      "       goalpath solve SCENARIO.yaml --paths-needed [--target ID] [options]\n\n"
      "Deterministic (other parameters at their values, shocks at 0). The break-even value is where the target's\n"
      "measured value equals its threshold, found by a scan of the search interval then Brent's method; the crossing\n"
      "nearest the current value is reported, with the direction that meets the target (increase: values at or\n"
      "above it do). When no value in the interval meets the target, break_even is null and a reason says why.\n"
      "Every solve also reports the target's needed path (see --paths-needed).\n"
      "With --probability P also the value of the parameter's centre at which P(met) = P: every trial is a Monte\n"
      "Carlo run with the same seed and paths (common random numbers, so P(x) is monotone where the model is),\n"
      "a scan brackets the crossing and bisection narrows it; value_se = se(P) / |dP/dx| is its Monte Carlo error.";

const char* const kSweepUsage =
      "goalpath sweep SCENARIO.yaml [--sweep ID | --grid NAME=FROM:TO:STEP | --grid NAME=v1,v2,...]... [options]\n\n"
      "Each point is a Monte Carlo run of the scenario with the point's values set: a value moves the\n"
      "parameter's centre and keeps its uncertainty and correlations, as --set does (so a point at the\n"
      "scenario's own values gives `goalpath run`'s probabilities). With --fix the swept parameters are known\n"
      "exactly and the parameters correlated with them are drawn given those values. Every point uses the same\n"
      "paths (same seed: common random numbers), so differences between points come from the swept assumptions.\n"
      "Each target gets its probability and its deterministic value (shocks at 0); --deterministic gives only\n"
      "the values.\n"
      "html: a line per target for one axis, a heatmap per target for two.";

}  // namespace goalpath::app
