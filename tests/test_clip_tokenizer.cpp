// CLIP tokenizer: the reference cases of ../shared/data/clip (skipped when ../shared is absent),
// context-length handling, and arbitrary bytes (never a crash).
#include "core/Error.h"
#include "models/ClipTokenizer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace synood;

namespace {
QString sharedClipDir() { return QStringLiteral(SYNOOD_TEST_SHARED_DIR "/data/clip"); }
}  // namespace

// Tests that need CLIP's vocabulary skip, with a message, when ../shared is absent.
#define REQUIRE_VOCABULARY() \
    if (!m_tokenizer) QSKIP(qPrintable("../shared is absent: no CLIP vocabulary in " + sharedClipDir()))

class TestClipTokenizer : public QObject {
    Q_OBJECT
    std::optional<ClipTokenizer> m_tokenizer;

private Q_SLOTS:
    void initTestCase() {
        const QString bpe = sharedClipDir() + "/bpe_simple_vocab_16e6.txt.gz";
        if (QFile::exists(bpe)) m_tokenizer.emplace(ClipTokenizer::fromBpeFile(bpe.toStdString()));
    }

    void vocabularyHasClipsSize() {
        REQUIRE_VOCABULARY();
        QCOMPARE(m_tokenizer->vocabularySize(), size_t(49408));
    }

    void reproducesReferenceCases() {
        REQUIRE_VOCABULARY();
        QFile f(sharedClipDir() + "/tokenizer_cases.json");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray cases = QJsonDocument::fromJson(f.readAll()).array();
        QVERIFY(!cases.isEmpty());
        for (const auto& c : cases) {
            const QString text = c.toObject()["text"].toString();
            std::vector<int> expected;
            for (const auto& id : c.toObject()["ids"].toArray()) expected.push_back(id.toInt());
            QCOMPARE(m_tokenizer->encode(text.toStdString()), expected);
        }
    }

    void cleanupAndSpecialTokens() {
        REQUIRE_VOCABULARY();
        QCOMPARE(ClipTokenizer::cleanText("  Hello\t\n  WORLD  "), std::string("hello world"));
        QCOMPARE(ClipTokenizer::cleanText("fish &amp;amp; chips"), std::string("fish & chips"));  // unescaped twice
        QCOMPARE(ClipTokenizer::cleanText("\xe2\x80\x9cquoted\xe2\x80\x9d"), std::string("\"quoted\""));
        QCOMPARE(ClipTokenizer::cleanText("\xef\xac\x81sh"), std::string("fish"));  // ligature
        QCOMPARE(m_tokenizer->encode("<|endoftext|>"), std::vector<int>{ClipTokenizer::kEndToken});
        QCOMPARE(m_tokenizer->encode("dog"), m_tokenizer->encode("  DOG "));
        QCOMPARE(m_tokenizer->decode(m_tokenizer->encode("a photo of a dog.")), std::string("a photo of a dog . "));
    }

    void contextLengthAndTruncation() {
        REQUIRE_VOCABULARY();
        const auto short_ = m_tokenizer->tokenize("a dog");
        QCOMPARE(short_.size(), size_t(77));
        QCOMPARE(short_[0], int64_t(ClipTokenizer::kStartToken));
        QCOMPARE(short_[1], int64_t(320));
        QCOMPARE(short_[3], int64_t(ClipTokenizer::kEndToken));
        QCOMPARE(short_[4], int64_t(0));
        std::string longText;
        for (int i = 0; i < 200; ++i) longText += "dog ";
        const auto truncated = m_tokenizer->tokenize(longText);
        QCOMPARE(truncated.size(), size_t(77));
        QCOMPARE(truncated[75], int64_t(1929));
        QCOMPARE(truncated[76], int64_t(ClipTokenizer::kEndToken));
    }

    void anyBytesGiveIdsNeverACrash() {
        REQUIRE_VOCABULARY();
        QRandomGenerator rng(1234);
        for (int i = 0; i < 2000; ++i) {
            std::string bytes(static_cast<size_t>(rng.bounded(1, 64)), '\0');
            for (auto& b : bytes) b = static_cast<char>(rng.bounded(256));
            const auto ids = m_tokenizer->encode(bytes);
            for (int id : ids) QVERIFY(id >= 0 && id < 49408);
        }
        QVERIFY(!m_tokenizer->encode("\xff\xfe\xc3").empty());  // invalid UTF-8 -> U+FFFD tokens
        QVERIFY(m_tokenizer->encode("").empty());
    }

    void badMergesFileIsAClearError() {
        QTemporaryDir tmp;
        QFile f(tmp.filePath("bpe.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#version: 0.2\ni n\n");
        f.close();
        try {
            ClipTokenizer::fromBpeFile(tmp.filePath("bpe.txt").toStdString());
            QFAIL("a short merges file was accepted");
        } catch (const SynoodError& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains("bpe.txt"));
        }
        QVERIFY_THROWS_EXCEPTION(SynoodError, ClipTokenizer::fromBpeFile(tmp.filePath("absent.gz").toStdString()));
    }
};

QTEST_APPLESS_MAIN(TestClipTokenizer)
#include "test_clip_tokenizer.moc"
