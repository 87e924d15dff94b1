// Large arrays in transparent huge pages. Private to sim/.
//
// The first touch of each 4 KiB page is a page fault. On the virtual machines
// GoalPath is measured on a fault costs about 10 µs: touching a 28 MB array
// page by page takes 70 ms, longer than counting a million paths. A 2 MiB
// huge page is one fault (the same 28 MB: 2 ms). An array of at least
// kHugePageThreshold bytes therefore gets a region of its own, aligned to
// 2 MiB and marked MADV_HUGEPAGE; the kernel backs it with huge pages when it
// has them (transparent_hugepage "madvise" or "always") and with small pages
// otherwise: the same memory either way, never a failure. Smaller arrays,
// and other systems, use operator new.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace goalpath::sim::detail {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
inline constexpr std::size_t kHugePageThreshold = std::size_t{256} << 10;

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
#if defined(__linux__)
    if (bytes >= kHugePageThreshold) {
      const std::size_t size = rounded(bytes);
      // Map one huge page more than needed and trim both ends to alignment.
      void* raw = mmap(nullptr, size + kHugePageBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (raw == MAP_FAILED) throw std::bad_alloc();
      const auto start = reinterpret_cast<std::uintptr_t>(raw);
      const std::uintptr_t aligned = (start + kHugePageBytes - 1) & ~(std::uintptr_t{kHugePageBytes} - 1);
      if (aligned > start) munmap(raw, aligned - start);
      const std::uintptr_t tail = start + size + kHugePageBytes - (aligned + size);
      if (tail > 0) munmap(reinterpret_cast<void*>(aligned + size), tail);
      madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);  // advice: its failure changes nothing
      return reinterpret_cast<T*>(aligned);
    }
#endif
    return static_cast<T*>(::operator new(bytes));
  }

  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
#if defined(__linux__)
    if (bytes >= kHugePageThreshold) {
      munmap(p, rounded(bytes));
      return;
    }
#endif
    ::operator delete(p);
  }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }

 private:
  static std::size_t rounded(std::size_t bytes) { return (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1); }
};

/// Frees what HugePageAllocator<double> gave for `size` values (a
/// unique_ptr's deleter, for a buffer left unwritten until used).
struct HugePageRelease {
  std::size_t size = 0;
  void operator()(double* p) const { HugePageAllocator<double>().deallocate(p, size); }
};

}  // namespace goalpath::sim::detail
