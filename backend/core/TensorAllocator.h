#pragma once
// LibTorch's CPU allocator replaced by one that keeps freed large buffers for the next tensor of the
// same size. A transformer's forward pass allocates and frees the same activation sizes in every
// layer; with plain malloc each buffer above glibc's mmap limit (32 MB, a ViT-B/16 MLP activation at
// batch 32 is 77 MB) is a fresh mapping, and the page faults cost as much as the arithmetic
// (BENCHMARKS.md). Large buffers are 2 MiB aligned and marked for transparent huge pages.
#include <cstddef>
#include <cstdint>

namespace synood {

struct TensorAllocatorStats {
    size_t cachedBytes = 0;  // freed buffers kept for reuse
    size_t liveBytes = 0;    // large buffers in use
    uint64_t reused = 0;     // large allocations served from the cache
    uint64_t fresh = 0;      // large allocations that asked the system
};

// Buffers of at least this size are cached; smaller ones go to LibTorch's own allocator.
constexpr size_t kCachedBufferMinBytes = size_t{1} << 20;
// Freed buffers kept at most; beyond it the oldest are returned to the system. Nothing is kept in a
// sanitizer build (SYNOOD_SANITIZE), where a cached buffer would hide a use after free.
#if defined(SYNOOD_SANITIZE)
constexpr size_t kDefaultTensorCacheBytes = 0;
#else
constexpr size_t kDefaultTensorCacheBytes = size_t{2} << 30;
#endif

// Installs the allocator for every CPU tensor allocated afterwards (once per process; later calls
// change only the cache limit). Tensors allocated before keep their own deleter.
void installTensorAllocator(size_t maxCachedBytes = kDefaultTensorCacheBytes);
bool tensorAllocatorInstalled();
TensorAllocatorStats tensorAllocatorStats();
// Returns every cached buffer to the system (after a large job, or when memory runs short).
void releaseCachedTensorMemory();

}  // namespace synood
