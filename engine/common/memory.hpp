// glibc's handling of freed memory, one policy for the library's sweeps and
// the command line (app/main.cpp, which also puts the heap in huge pages).
#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace goalpath {

/// Keeps freed memory in the process, once and for good: no mmap for blocks
/// up to 32 MiB (glibc's largest threshold; it refuses a larger one and keeps
/// its own) and no trimming. Memory freed and allocated again, as a run's
/// block arrays are from one sweep point to the next, is then reused instead
/// of returned to the kernel and faulted in again (on the virtual machines
/// measured here, about 13 µs per 4 KiB page). The memory kept is at most
/// the largest working set the process has had.
inline void keep_freed_memory() {
#if defined(__GLIBC__)
  static const bool kept = [] {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    return true;
  }();
  (void)kept;
#endif
}

}  // namespace goalpath
