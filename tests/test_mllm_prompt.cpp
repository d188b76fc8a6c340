// The MLLM prompt source against a small HTTP server on 127.0.0.1 that this test starts (no real MLLM
// runs here): the request's shape (model, question, image as a data URL, bearer key from the
// environment), the prompt made from the answer, and the fallback to WordNet relatives, with its
// reason recorded, on HTTP errors, malformed answers, timeouts, refused connections and answers
// naming a held-out concept.
#include "LocalHttpServer.h"
#include "core/AtomicFile.h"
#include "core/Error.h"
#include "core/HttpClient.h"
#include "synth/MllmPromptSource.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <thread>

using namespace synood;

namespace {

const std::vector<std::string> kClasses = {"sandal", "bag", "trouser"};
const std::vector<std::string> kHeldOut = {"coat", "sneaker"};

}  // namespace

class TestMllmPrompt : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_image;

    std::unique_ptr<PromptSource> source(const std::string& url, double timeout = 5) {
        MllmOptions o;
        o.baseUrl = url;
        o.model = "llava-test";
        o.apiKeyVariable = "SYNOOD_TEST_MLLM_KEY";
        o.timeoutSeconds = timeout;
        return makePromptSource("mllm", kClasses, kHeldOut, {}, &o);
    }

    PromptChoice ask(PromptSource& s) {
        std::mt19937_64 rng(1);
        return s.promptFor({"sandal", m_image}, rng);
    }

private Q_SLOTS:
    void initTestCase() {
        m_image = (m_dir.path() + "/seed.png").toStdString();
        writeFileAtomically(m_image, std::string("\x89PNG\r\n\x1a\nfake image bytes", 24));
        qputenv("SYNOOD_TEST_MLLM_KEY", "sk-local-test");
    }

    void base64MatchesRfc4648() {
        QCOMPARE(QString::fromStdString(base64Encode("")), QString());
        QCOMPARE(QString::fromStdString(base64Encode("f")), QString("Zg=="));
        QCOMPARE(QString::fromStdString(base64Encode("fo")), QString("Zm8="));
        QCOMPARE(QString::fromStdString(base64Encode("foobar")), QString("Zm9vYmFy"));
    }

    void answerBecomesTheContextualPrompt() {
        LocalHttpServer server([] { return Reply{200, completion("  a sandy beach with palm trees and a blue sky.\n"), 0}; });
        const auto s = source(server.url());
        const PromptChoice c = ask(*s);
        QCOMPARE(QString::fromStdString(c.prompt), QString("A photo only remain a sandy beach with palm trees and a blue sky."));
        QCOMPARE(QString::fromStdString(c.source), QString("mllm"));
        ask(*s);  // the same seed again: answered from the cache
        const auto requests = server.requests();
        QCOMPARE(requests.size(), size_t(1));
        const std::string& r = requests[0];
        QVERIFY(r.rfind("POST /v1/chat/completions ", 0) == 0);
        QVERIFY(r.find("Authorization: Bearer sk-local-test") != std::string::npos);
        const nlohmann::json body = nlohmann::json::parse(r.substr(r.find("\r\n\r\n") + 4));
        QCOMPARE(QString::fromStdString(body.at("model").get<std::string>()), QString("llava-test"));
        const auto& content = body.at("messages").at(0).at("content");
        QCOMPARE(QString::fromStdString(content.at(0).at("text").get<std::string>()), QString(kMllmQuestion));
        const std::string url = content.at(1).at("image_url").at("url").get<std::string>();
        QCOMPARE(QString::fromStdString(url), "data:image/png;base64," + QString::fromStdString(base64Encode(readWholeFile(m_image))));
        // METHOD.md: the answer is cut at 73 characters.
        QCOMPARE(contextualPrompt(std::string(100, 'x')).size(), std::string("A photo only remain .").size() + 73);
        // ... characters, not bytes: 100 two-byte letters keep 73 of them, whole (valid UTF-8 in the provenance).
        std::string accented;
        for (int i = 0; i < 100; ++i) accented += "\xc3\xa9";  // é
        QCOMPARE(contextualPrompt(accented), "A photo only remain " + accented.substr(0, 146) + ".");
    }

    void failuresFallBackToWordNetWithTheReason_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<QString>("reason");
        QTest::newRow("http 500") << 500 << QString("{\"error\": \"overloaded\"}") << 0 << QString("HTTP 500");
        QTest::newRow("malformed") << 200 << QString("{\"answer\": \"a beach\"}") << 0 << QString("not a chat completion");
        QTest::newRow("not json") << 200 << QString("<html>") << 0 << QString("not a chat completion");
        QTest::newRow("empty") << 200 << QString::fromStdString(completion("   ")) << 0 << QString("empty");
        QTest::newRow("held-out") << 200 << QString::fromStdString(completion("a wooden floor and a coat rack")) << 0
                                  << QString("excluded");
        QTest::newRow("timeout") << 200 << QString::fromStdString(completion("a beach")) << 1500 << QString("timed out");
    }

    void failuresFallBackToWordNetWithTheReason() {
        QFETCH(int, status);
        QFETCH(QString, body);
        QFETCH(int, delayMs);
        QFETCH(QString, reason);
        LocalHttpServer server([&] { return Reply{status, body.toStdString(), delayMs}; });
        const auto s = source(server.url(), 0.5);
        const PromptChoice c = ask(*s);
        QCOMPARE(QString::fromStdString(c.source), QString("wordnet"));
        QVERIFY2(QString::fromStdString(c.detail).contains("mllm fallback") && QString::fromStdString(c.detail).contains(reason),
                 c.detail.c_str());
        QVERIFY(c.prompt.rfind("a photo of a ", 0) == 0);
    }

    void refusedConnectionFallsBack() {
        std::string url;
        {
            LocalHttpServer server([] { return Reply{}; });
            url = server.url();
        }  // closed: nothing listens on that port now
        const PromptChoice c = ask(*source(url));
        QCOMPARE(QString::fromStdString(c.source), QString("wordnet"));
        QVERIFY(QString::fromStdString(c.detail).contains("request failed"));
    }

    void missingEndpointIsAClearError() {
        MllmOptions o;
        QVERIFY_THROWS_EXCEPTION(SynoodError, makePromptSource("mllm", kClasses, kHeldOut, {}, &o));
        QVERIFY_THROWS_EXCEPTION(SynoodError, makePromptSource("mllm", kClasses, kHeldOut));
    }
};

QTEST_GUILESS_MAIN(TestMllmPrompt)
#include "test_mllm_prompt.moc"
