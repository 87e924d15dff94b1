// The usage texts of the verbs with a long --help (verbs_help.cpp).
#pragma once

namespace goalpath::app {

extern const char* const kBriefUsage;
extern const char* const kDiscoverUsage;
extern const char* const kSensitivityUsage;
extern const char* const kSolveUsage;
extern const char* const kSweepUsage;

}  // namespace goalpath::app
