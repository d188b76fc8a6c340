#pragma once
// The one object that runs torch work for the studio. It lives on one long-lived QThread
// ("synood-worker"); only plain data crosses to the GUI thread. No torch headers here (moc).
#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

namespace synood {
class CancellationToken;
}

namespace synood::studio {

class StudioWorker : public QObject {
    Q_OBJECT
public:
    StudioWorker();
    ~StudioWorker() override;

    // Set directly from the GUI thread (not through a queued slot) so it acts mid-job.
    void cancelCurrentJob();

public Q_SLOTS:
    // Runs on the worker thread: sets the thread count there, reports the compute backend.
    void initialise(int threads);

Q_SIGNALS:
    void ready(const QString& description);
    void failed(const QString& message);

private:
    std::shared_ptr<CancellationToken> m_token;
};

// Owns the worker thread; quit() + wait() on destruction.
class WorkerThread {
public:
    WorkerThread();
    ~WorkerThread();
    StudioWorker* worker() const { return m_worker; }

private:
    QThread m_thread;
    StudioWorker* m_worker;
};

}  // namespace synood::studio
