#include "StudioWorker.h"

#include "core/Error.h"
#include "core/Job.h"
#include "core/Threads.h"

namespace synood::studio {

StudioWorker::StudioWorker() : m_token(std::make_shared<CancellationToken>()) {}
StudioWorker::~StudioWorker() = default;

void StudioWorker::cancelCurrentJob() { m_token->cancel(); }

void StudioWorker::initialise(int threads) {
    try {
        configureThreads(threads);
        Q_EMIT ready(QString::fromStdString(computeDescription()));
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

WorkerThread::WorkerThread() : m_worker(new StudioWorker) {
    m_thread.setObjectName(QStringLiteral("synood-worker"));
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

WorkerThread::~WorkerThread() {
    m_worker->cancelCurrentJob();
    m_thread.quit();
    m_thread.wait();
}

}  // namespace synood::studio
