# Finds every third-party dependency; each failure names the Debian package
# that provides it (scripts/install-deps.sh installs them all).
find_package(PkgConfig REQUIRED)

macro(goalpath_require found what package)
  if(NOT ${found})
    message(FATAL_ERROR "GoalPath needs ${what}: install the Debian package '${package}' "
                        "(or run scripts/install-deps.sh)")
  endif()
endmacro()

find_package(Eigen3 3.4 QUIET NO_MODULE)
goalpath_require(Eigen3_FOUND "Eigen 3.4" libeigen3-dev)
find_package(yaml-cpp QUIET)
goalpath_require(yaml-cpp_FOUND "yaml-cpp" libyaml-cpp-dev)
find_package(Boost 1.74 QUIET COMPONENTS program_options)
goalpath_require(Boost_FOUND "Boost.Program_options" "libboost-program-options-dev libboost-dev libboost-math-dev")
find_package(nlohmann_json 3.10 QUIET)
goalpath_require(nlohmann_json_FOUND "nlohmann-json" nlohmann-json3-dev)
find_package(fmt QUIET)
goalpath_require(fmt_FOUND "fmt" libfmt-dev)
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h)
goalpath_require(RANDOM123_INCLUDE_DIR "Random123" librandom123-dev)
find_path(BOOST_MATH_INCLUDE_DIR boost/math/distributions/normal.hpp)
goalpath_require(BOOST_MATH_INCLUDE_DIR "Boost.Math" libboost-math-dev)
find_path(BOOST_RANDOM_SOBOL_DIR boost/random/sobol.hpp)
goalpath_require(BOOST_RANDOM_SOBOL_DIR "Boost.Random" libboost-dev)
# Nettle, not OpenSSL, for the SHA-256 of scenario files in reports: loading
# and starting libcrypto took about 2.5 ms of every call (libssl-dev stays,
# for cpp-httplib).
pkg_check_modules(NETTLE QUIET IMPORTED_TARGET nettle)
goalpath_require(NETTLE_FOUND "Nettle (SHA-256 of scenario files in reports)" nettle-dev)
find_package(Threads REQUIRED)

# The goalpath executable is linked statically where it can be (see
# GOALPATH_STATIC_CLI in engine/CMakeLists.txt): a static binary starts in
# about 3 ms here instead of 7 (no shared objects to map and relocate, and
# 70 page faults instead of 170), a share of every short run. The engine's
# libraries name yaml-cpp, Boost.Program_options and Nettle through the
# goalpath_link_* variables below: the archive when the executable that
# links them has the property GOALPATH_STATIC_LINK, the shared library for
# everything else (tests, goalpath-full, the Python module, which need -fPIC
# code the archives may not have). fmt is used header-only everywhere: Debian
# ships no archive of it.
find_library(GOALPATH_YAML_CPP_ARCHIVE NAMES libyaml-cpp.a)
find_library(GOALPATH_NETTLE_ARCHIVE NAMES libnettle.a)
find_library(GOALPATH_PROGRAM_OPTIONS_ARCHIVE NAMES libboost_program_options.a)
find_library(GOALPATH_LIBC_ARCHIVE NAMES libc.a)
set(GOALPATH_STATIC_LINK_POSSIBLE OFF)
if(GOALPATH_YAML_CPP_ARCHIVE AND GOALPATH_NETTLE_ARCHIVE AND GOALPATH_PROGRAM_OPTIONS_ARCHIVE AND GOALPATH_LIBC_ARCHIVE
   AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(GOALPATH_STATIC_LINK_POSSIBLE ON)
endif()
set(goalpath_static_head "$<BOOL:$<TARGET_PROPERTY:GOALPATH_STATIC_LINK>>")
set(goalpath_link_yaml_cpp "$<IF:${goalpath_static_head},${GOALPATH_YAML_CPP_ARCHIVE},yaml-cpp>")
set(goalpath_link_nettle "$<IF:${goalpath_static_head},${GOALPATH_NETTLE_ARCHIVE},PkgConfig::NETTLE>")
set(goalpath_link_program_options
    "$<IF:${goalpath_static_head},${GOALPATH_PROGRAM_OPTIONS_ARCHIVE},Boost::program_options>")
pkg_check_modules(HTTPLIB QUIET IMPORTED_TARGET cpp-httplib)
goalpath_require(HTTPLIB_FOUND "cpp-httplib (goalpath serve)" libcpp-httplib-dev)

# MPI is optional: with it, `mpirun -n N goalpath ...` spreads a study over
# N processes (engine/mpi/); without it goalpath runs in one process.
set(GOALPATH_MPI AUTO CACHE STRING "Build the MPI launcher support: AUTO (when Open MPI is found), ON or OFF")
set_property(CACHE GOALPATH_MPI PROPERTY STRINGS AUTO ON OFF)
set(GOALPATH_WITH_MPI OFF)
if(NOT GOALPATH_MPI STREQUAL "OFF")
  find_package(MPI QUIET COMPONENTS CXX)
  if(GOALPATH_MPI STREQUAL "ON")
    goalpath_require(MPI_CXX_FOUND "MPI (or -DGOALPATH_MPI=OFF)" "libopenmpi-dev openmpi-bin")
  endif()
  set(GOALPATH_WITH_MPI ${MPI_CXX_FOUND})
endif()
message(STATUS "GoalPath: MPI ${GOALPATH_WITH_MPI} (GOALPATH_MPI=${GOALPATH_MPI})")

add_library(goalpath_random123 INTERFACE)
target_include_directories(goalpath_random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})

if(GOALPATH_BUILD_PYTHON)
  # Debian's python3 (3.11, where pybind11-dev and python3-numpy are), not
  # the first python3 on the PATH (a pyenv shim, say); -DPython3_EXECUTABLE=
  # chooses another.
  if(NOT Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "The Python the goalpath module is built for")
  endif()
  find_package(Python3 QUIET COMPONENTS Interpreter Development.Module)
  goalpath_require(Python3_FOUND "Python 3 and its headers (or -DGOALPATH_BUILD_PYTHON=OFF)" "python3-dev")
  find_package(pybind11 CONFIG QUIET)
  goalpath_require(pybind11_FOUND "pybind11 (or -DGOALPATH_BUILD_PYTHON=OFF)" "pybind11-dev")
endif()
if(GOALPATH_BUILD_TESTS)
  find_package(doctest QUIET)
  goalpath_require(doctest_FOUND "doctest" doctest-dev)
endif()
if(GOALPATH_BUILD_BENCH)
  find_package(benchmark QUIET)
  goalpath_require(benchmark_FOUND "Google Benchmark" libbenchmark-dev)
endif()
