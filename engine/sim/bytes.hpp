// Bytes of a partial result, to exchange between processes (Cluster) and to
// keep in a shard's file: numbers and arrays of numbers appended in a fixed
// order and read back in the same order. A reader checks every length
// against what is left, so a truncated or foreign message throws
// std::runtime_error instead of reading past its end. Private to sim/ (and
// the shard files built on it).
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace goalpath::sim::detail {

class ByteWriter {
 public:
  template <class T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  template <class T, class Allocator>
  void put(const std::vector<T, Allocator>& values) {
    put(static_cast<std::uint64_t>(values.size()));
    put_raw(values.data(), values.size());
  }
  template <class T>
  void put_raw(const T* values, std::size_t n) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (n > 0) bytes_.append(reinterpret_cast<const char*>(values), n * sizeof(T));
  }
  const std::string& bytes() const { return bytes_; }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T value;
    get_raw(&value, 1);
    return value;
  }
  template <class T>
  std::vector<T> get_vector() {
    const auto n = get<std::uint64_t>();
    if (n > (bytes_.size() - at_) / sizeof(T)) throw std::runtime_error("a partial result is truncated or corrupt");
    std::vector<T> values(static_cast<std::size_t>(n));
    get_raw(values.data(), values.size());
    return values;
  }
  template <class T>
  void get_raw(T* values, std::size_t n) {
    if (n > (bytes_.size() - at_) / sizeof(T)) throw std::runtime_error("a partial result is truncated or corrupt");
    if (n > 0) std::memcpy(values, bytes_.data() + at_, n * sizeof(T));
    at_ += n * sizeof(T);
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace goalpath::sim::detail
