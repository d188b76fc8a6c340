// The tensor file (core/TensorFile.h): what is written reads back exactly, and every damaged or
// hostile file is refused with SynoodError before anything of its announced size is allocated.
#include "core/Error.h"
#include "core/TensorFile.h"

#include <ATen/ATen.h>

#include <QtTest>

#include <cstring>

using namespace synood;

namespace {

const TensorFileSource kSource{"test.file", "write it again"};

TensorFile sample() {
    TensorFile f;
    f.meta = {{"pack", "p"}, {"stage_a", true}, {"classes", {"a", "b"}}};
    f.tensors.emplace_back("negatives", at::randn({5, 3}));
    f.tensors.emplace_back("half", at::randn({2, 2, 2}).to(at::kHalf));
    f.tensors.emplace_back("scalar", at::tensor(2.5f).reshape({}));
    f.tensors.emplace_back("empty", at::empty({0, 7}));
    f.tensors.emplace_back("strided", at::randn({4, 6}).t());  // not contiguous: written contiguous
    return f;
}

// Offsets in the bytes of sample(): the header is 24 bytes, then the meta data.
size_t firstTensorOffset(const TensorFile& f) { return 24 + f.meta.dump().size(); }

void overwrite(std::string& bytes, size_t offset, const void* value, size_t n) { std::memcpy(&bytes[offset], value, n); }

bool refused(const std::string& bytes) {
    try {
        parseTensorFile(bytes, kSource);
    } catch (const SynoodError& e) {
        return e.where() == kSource.path && e.hint() == kSource.remedy;
    }
    return false;
}

}  // namespace

class TestTensorFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripsExactly() {
        at::manual_seed(1);
        const TensorFile f = sample();
        const TensorFile back = parseTensorFile(tensorFileBytes(f), kSource);
        QCOMPARE(back.meta, f.meta);
        QCOMPARE(back.tensors.size(), f.tensors.size());
        for (size_t i = 0; i < f.tensors.size(); ++i) {
            QCOMPARE(back.tensors[i].first, f.tensors[i].first);
            QCOMPARE(back.tensors[i].second.scalar_type(), f.tensors[i].second.scalar_type());
            QVERIFY(at::equal(back.tensors[i].second, f.tensors[i].second));
        }
        QVERIFY(at::equal(back.find("negatives"), f.tensors[0].second));
        QVERIFY(!back.find("absent").defined());
        QVERIFY(isTensorFile(tensorFileBytes(f)));
        QVERIFY(!isTensorFile("PK\x03\x04 a zip"));
    }

    void refusesTypesItCannotStore() {
        TensorFile f;
        f.tensors.emplace_back("ids", at::arange(3, at::kLong));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tensorFileBytes(f));
    }

    void refusesEveryTruncation() {
        const std::string bytes = tensorFileBytes(sample());
        for (size_t n = 0; n < bytes.size(); ++n) {
            if (!refused(bytes.substr(0, n))) QFAIL(qPrintable(QString("a file cut to %1 bytes was not refused").arg(n)));
        }
    }

    void refusesDamagedHeaders() {
        const TensorFile f = sample();
        const std::string good = tensorFileBytes(f);
        auto damaged = [&](size_t offset, auto value) {
            std::string b = good;
            overwrite(b, offset, &value, sizeof value);
            return b;
        };
        QVERIFY(refused(damaged(0, 'X')));                     // magic
        QVERIFY(refused(damaged(8, uint32_t{2})));             // a newer version
        QVERIFY(refused(damaged(12, uint32_t{4097})));         // too many tensors
        QVERIFY(refused(damaged(12, uint32_t{6})));            // more tensors than it holds
        QVERIFY(refused(damaged(12, uint32_t{4})));            // bytes left after the last tensor
        QVERIFY(refused(damaged(16, uint64_t{1} << 62)));      // meta longer than the file
        const size_t t = firstTensorOffset(f);                 // "negatives": name length, name, type, dims, reserved, 2 extents
        QVERIFY(refused(damaged(t, uint32_t{0})));             // empty name
        QVERIFY(refused(damaged(t, uint32_t{1u << 31})));      // huge name
        QVERIFY(refused(damaged(t + 13, uint8_t{3})));         // unknown type
        QVERIFY(refused(damaged(t + 14, uint8_t{9})));         // too many dimensions
        QVERIFY(refused(damaged(t + 15, uint16_t{1})));        // reserved bytes
        QVERIFY(refused(damaged(t + 17, uint64_t{1} << 41)));  // an extent beyond 2^40
        QVERIFY(refused(damaged(t + 17, uint64_t{1} << 39)));  // more data than the file holds
    }

    void refusesBadMetaAndDuplicateNames() {
        TensorFile f;
        f.tensors.emplace_back("x", at::ones({1}));
        f.tensors.emplace_back("x", at::ones({1}));
        QVERIFY(refused(tensorFileBytes(f)));  // the same name twice
        TensorFile list;
        list.meta = nlohmann::json::array();
        QVERIFY(refused(tensorFileBytes(list)));  // meta data not an object
        std::string notJson = tensorFileBytes(TensorFile{});
        notJson[24] = '{' + 1;  // "{}" -> "|}"
        QVERIFY(refused(notJson));
    }
};

QTEST_GUILESS_MAIN(TestTensorFile)
#include "test_tensor_file.moc"
