#include "core/TensorAllocator.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>

#include <cstdlib>
#include <list>
#include <mutex>
#include <new>
#include <unordered_map>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace synood {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

size_t roundedSize(size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }

class CachingCpuAllocator final : public c10::Allocator {
public:
    explicit CachingCpuAllocator(c10::Allocator* small) : m_small(small) {}

    c10::DataPtr allocate(size_t bytes) const override {
        if (bytes < kCachedBufferMinBytes) return m_small->allocate(bytes);
        void* p = const_cast<CachingCpuAllocator*>(this)->take(roundedSize(bytes));
        return {p, p, &release, c10::Device(c10::DeviceType::CPU)};
    }
    c10::DeleterFnPtr raw_deleter() const override { return &release; }

    static void release(void* p);

    void setLimit(size_t bytes) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_limit = bytes;
        trimTo(m_limit);
    }
    TensorAllocatorStats stats() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_stats;
    }
    void releaseAll() {
        std::lock_guard<std::mutex> lock(m_mutex);
        trimTo(0);
    }

private:
    struct Block {
        void* p;
        size_t size;
    };

    void* take(size_t size) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            for (auto it = m_free.rbegin(); it != m_free.rend(); ++it) {  // the most recently freed first: still warm
                if (it->size != size) continue;
                void* p = it->p;
                m_free.erase(std::next(it).base());
                m_stats.cachedBytes -= size;
                m_stats.liveBytes += size;
                ++m_stats.reused;
                m_live.emplace(p, size);
                return p;
            }
        }
        void* p = systemAllocate(size);
        if (!p) {  // the cache may hold what the system lacks
            releaseAll();
            p = systemAllocate(size);
            if (!p) throw std::bad_alloc();
        }
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stats.liveBytes += size;
        ++m_stats.fresh;
        m_live.emplace(p, size);
        return p;
    }

    static void* systemAllocate(size_t size) {
        void* p = nullptr;
        if (posix_memalign(&p, kHugePage, size) != 0) return nullptr;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        madvise(p, size, MADV_HUGEPAGE);  // one page fault per 2 MiB on first touch; advice only
#endif
        return p;
    }

    // False when p is not one of this allocator's large buffers.
    bool giveBack(void* p) {
        std::lock_guard<std::mutex> lock(m_mutex);
        const auto live = m_live.find(p);
        if (live == m_live.end()) return false;
        const size_t size = live->second;
        m_live.erase(live);
        m_stats.liveBytes -= size;
        if (size > m_limit) {
            std::free(p);
            return true;
        }
        trimTo(m_limit - size);
        m_free.push_back({p, size});
        m_stats.cachedBytes += size;
        return true;
    }

    void trimTo(size_t bytes) {  // caller holds m_mutex; the oldest go first
        while (m_stats.cachedBytes > bytes && !m_free.empty()) {
            std::free(m_free.front().p);
            m_stats.cachedBytes -= m_free.front().size;
            m_free.pop_front();
        }
    }

    c10::Allocator* m_small;
    std::mutex m_mutex;
    std::list<Block> m_free;  // in the order they were freed
    std::unordered_map<void*, size_t> m_live;
    size_t m_limit = kDefaultTensorCacheBytes;
    TensorAllocatorStats m_stats;
};

// Never destroyed: tensors may be freed by static destructors after main returns.
CachingCpuAllocator* g_allocator = nullptr;
std::once_flag g_installed;

void CachingCpuAllocator::release(void* p) {
    if (reinterpret_cast<uintptr_t>(p) % kHugePage == 0 && g_allocator->giveBack(p)) return;
    g_allocator->m_small->raw_deleter()(p);
}

}  // namespace

void installTensorAllocator(size_t maxCachedBytes) {
    std::call_once(g_installed, [] {
        g_allocator = new CachingCpuAllocator(c10::GetCPUAllocator());
        c10::SetCPUAllocator(g_allocator, /*priority=*/1);
    });
    g_allocator->setLimit(maxCachedBytes);
}

bool tensorAllocatorInstalled() { return g_allocator != nullptr && c10::GetCPUAllocator() == g_allocator; }

TensorAllocatorStats tensorAllocatorStats() { return g_allocator ? g_allocator->stats() : TensorAllocatorStats{}; }

void releaseCachedTensorMemory() {
    if (g_allocator) g_allocator->releaseAll();
}

}  // namespace synood
