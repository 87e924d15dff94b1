// Sobol points and Latin hypercubes (engine/sample/designs.cpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sample/sample.hpp"

using goalpath::sample::latin_hypercube;
using goalpath::sample::sobol_points;

TEST_CASE("sobol: first points match Boost's documented two-dimensional sequence") {
  // boost/random/sobol.hpp documents the start of the 2-D sequence (the
  // origin is left out): (0.5,0.5) (0.75,0.25) (0.25,0.75) (0.375,0.375) (0.875,0.875).
  const Eigen::MatrixXd p = sobol_points(2, 5);
  REQUIRE(p.rows() == 2);
  REQUIRE(p.cols() == 5);
  const double expected[5][2] = {{0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75}, {0.375, 0.375}, {0.875, 0.875}};
  for (int j = 0; j < 5; ++j) {
    INFO("point " << j);
    CHECK(p(0, j) == expected[j][0]);
    CHECK(p(1, j) == expected[j][1]);
  }
}

TEST_CASE("sobol: the first dimension is van der Corput in Gray-code order") {
  const Eigen::MatrixXd p = sobol_points(3, 8);
  const double expected[8] = {0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875};
  for (int j = 0; j < 8; ++j) {
    INFO("point " << j);
    CHECK(p(0, j) == expected[j]);
  }
}

TEST_CASE("sobol: skip continues the sequence") {
  const Eigen::MatrixXd all = sobol_points(5, 40);
  const Eigen::MatrixXd tail = sobol_points(5, 30, 10);
  CHECK(tail == all.rightCols(30));
  const Eigen::MatrixXd one = sobol_points(5, 39, 1);
  CHECK(one == all.rightCols(39));
}

TEST_CASE("sobol: each coordinate of the first 2^m - 1 points is a permutation of k/2^m") {
  // Sobol generator matrices are non-singular, so the first 2^m points of the
  // full sequence hit every k/2^m once per dimension; Boost leaves out the
  // origin (k = 0), so points 0 .. 2^m - 2 hit k = 1 .. 2^m - 1 once each.
  constexpr int m = 10;
  constexpr int n = (1 << m) - 1;
  const int dimension = 40;
  const Eigen::MatrixXd p = sobol_points(dimension, n);
  for (int d = 0; d < dimension; ++d) {
    std::vector<int> hits(n + 1, 0);
    for (int j = 0; j < n; ++j) {
      const double scaled = p(d, j) * (1 << m);
      REQUIRE(scaled == std::floor(scaled));  // exactly on the grid
      ++hits[static_cast<int>(scaled)];
    }
    INFO("dimension " << d);
    CHECK(hits[0] == 0);
    CHECK(std::count(hits.begin() + 1, hits.end(), 1) == n);
  }
}

TEST_CASE("sobol: points lie strictly inside (0,1) and are reproducible") {
  const Eigen::MatrixXd p = sobol_points(100, 2000, 3);
  CHECK(p.minCoeff() > 0.0);
  CHECK(p.maxCoeff() < 1.0);
  CHECK(p == sobol_points(100, 2000, 3));
}

TEST_CASE("sobol: empty and invalid requests") {
  CHECK(sobol_points(3, 0).cols() == 0);
  CHECK_THROWS_AS(sobol_points(0, 5), std::invalid_argument);
  CHECK_THROWS_AS(sobol_points(100000, 5), std::invalid_argument);
  CHECK_THROWS_AS(sobol_points(2, -1), std::invalid_argument);
  CHECK_THROWS_AS(sobol_points(2, 5, -1), std::invalid_argument);
}

TEST_CASE("latin hypercube: every stratum of every dimension is hit exactly once") {
  for (const std::int64_t n : {1, 2, 7, 100, 1000}) {
    const int dimension = 6;
    const Eigen::MatrixXd p = latin_hypercube(dimension, n, 42);
    REQUIRE(p.rows() == dimension);
    REQUIRE(p.cols() == n);
    for (int d = 0; d < dimension; ++d) {
      std::vector<int> hits(static_cast<std::size_t>(n), 0);
      for (std::int64_t k = 0; k < n; ++k) {
        const double x = p(d, k);
        REQUIRE(x > 0.0);
        REQUIRE(x < 1.0);
        const auto s = static_cast<std::int64_t>(std::floor(x * static_cast<double>(n)));
        REQUIRE(s >= 0);
        REQUIRE(s < n);
        // The stratum's edges as the design computes them.
        CHECK(x >= static_cast<double>(s) / static_cast<double>(n));
        CHECK(x < static_cast<double>(s + 1) / static_cast<double>(n));
        ++hits[static_cast<std::size_t>(s)];
      }
      INFO("n = " << n << ", dimension " << d);
      CHECK(std::count(hits.begin(), hits.end(), 1) == n);
    }
  }
}

TEST_CASE("latin hypercube: pure function of seed, dimension and n") {
  const Eigen::MatrixXd a = latin_hypercube(4, 500, 7);
  CHECK(a == latin_hypercube(4, 500, 7));
  CHECK(a != latin_hypercube(4, 500, 8));
  // Dimension d does not depend on how many dimensions were asked for.
  CHECK(latin_hypercube(2, 500, 7) == a.topRows(2));
  // Different dimensions get different permutations.
  CHECK(a.row(0) != a.row(1));
}

TEST_CASE("latin hypercube: columns are not ordered (strata are shuffled)") {
  // A uniformly random permutation of n = 1000 has (n-1)/2 = 499.5 descents on
  // average, standard deviation sqrt((n+1)/12) = 9.1; the bounds are 10 sd away.
  const Eigen::MatrixXd p = latin_hypercube(1, 1000, 3);
  int descents = 0;
  for (int k = 1; k < 1000; ++k) descents += p(0, k) < p(0, k - 1);
  CHECK(descents > 400);
  CHECK(descents < 600);
}

TEST_CASE("latin hypercube: empty and invalid requests") {
  CHECK(latin_hypercube(3, 0, 1).cols() == 0);
  CHECK(latin_hypercube(0, 5, 1).rows() == 0);
  CHECK_THROWS_AS(latin_hypercube(-1, 5, 1), std::invalid_argument);
  CHECK_THROWS_AS(latin_hypercube(2, -1, 1), std::invalid_argument);
}
