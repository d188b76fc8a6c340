// The caching CPU allocator: large buffers come back for the next tensor of the same size, small
// ones go to LibTorch's own allocator, the cache keeps to its limit and can be emptied.
#include "core/TensorAllocator.h"

#include <ATen/ATen.h>

#include <QtTest>

#include <cstdint>

using namespace synood;

namespace {

constexpr int64_t kFloats = int64_t{1} << 20;  // 4 MiB
constexpr size_t kBytes = 4u << 20;
constexpr size_t kLimit = 64u << 20;  // explicit: a sanitizer build's default keeps nothing

}  // namespace

class TestTensorAllocator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        installTensorAllocator(kLimit);
        QVERIFY(tensorAllocatorInstalled());
    }
    void init() { releaseCachedTensorMemory(); }
    void cleanupTestCase() { installTensorAllocator(); }

    void aFreedBufferServesTheNextTensorOfItsSize() {
        const TensorAllocatorStats before = tensorAllocatorStats();
        QCOMPARE(before.cachedBytes, size_t(0));
        void* first = nullptr;
        {
            at::Tensor a = at::full({kFloats}, 3.0f);
            first = a.data_ptr();
            QCOMPARE(reinterpret_cast<uintptr_t>(first) % (2u << 20), uintptr_t(0));  // huge-page aligned
            QCOMPARE(tensorAllocatorStats().liveBytes, before.liveBytes + kBytes);
        }
        QCOMPARE(tensorAllocatorStats().cachedBytes, kBytes);
        at::Tensor b = at::arange(kFloats, at::kFloat);
        QCOMPARE(b.data_ptr(), first);
        QCOMPARE(tensorAllocatorStats().reused, before.reused + 1);
        QCOMPARE(tensorAllocatorStats().cachedBytes, size_t(0));
        QCOMPARE(b[kFloats - 1].item<float>(), static_cast<float>(kFloats - 1));  // the reused buffer holds the new values
    }

    void smallTensorsAreNotCached() {
        const TensorAllocatorStats before = tensorAllocatorStats();
        { at::Tensor s = at::ones({1000}); }
        QCOMPARE(tensorAllocatorStats().cachedBytes, before.cachedBytes);
        QCOMPARE(tensorAllocatorStats().fresh + tensorAllocatorStats().reused, before.fresh + before.reused);
    }

    void theCacheKeepsToItsLimit() {
        installTensorAllocator(6u << 20);
        { at::Tensor a = at::empty({kFloats}), b = at::empty({kFloats}), c = at::empty({kFloats}); }
        QCOMPARE(tensorAllocatorStats().cachedBytes, kBytes);  // one of three fits under 6 MiB
        installTensorAllocator(kLimit);
        { at::Tensor a = at::empty({kFloats}), b = at::empty({kFloats}), c = at::empty({kFloats}); }
        QCOMPARE(tensorAllocatorStats().cachedBytes, 3 * kBytes);
        releaseCachedTensorMemory();
        QCOMPARE(tensorAllocatorStats().cachedBytes, size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestTensorAllocator)
#include "test_tensor_allocator.moc"
