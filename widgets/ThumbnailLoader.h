#pragma once
// Decodes thumbnails off the GUI thread. Requests are served newest first (what the user just
// scrolled to), and the queue is bounded so fast scrolling through 100k items never piles up work.
#include <QHash>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QSize>
#include <QThreadPool>

#include <deque>

namespace synood::widgets {

class ThumbnailLoader : public QObject {
    Q_OBJECT
public:
    explicit ThumbnailLoader(QSize size, QObject* parent = nullptr);
    ~ThumbnailLoader() override;

    // `key` identifies the request (e.g. a row) and comes back with the image.
    void request(int key, const QString& path);
    void clear();
    bool isIdle() const;
    size_t pendingCount() const;  // requests waiting (at most kMaxQueue)
    static constexpr size_t kMaxQueue = 512;
    QSize thumbnailSize() const { return m_size; }

Q_SIGNALS:
    void loaded(int key, const QImage& image);  // null image: the file could not be decoded
    void idle();

private:
    struct Job {
        int key;
        QString path;
    };
    void drain();
    void finishOne(int key, const QImage& image);

    QSize m_size;
    QThreadPool m_pool;
    mutable QMutex m_mutex;
    std::deque<Job> m_queue;    // guarded by m_mutex
    QHash<int, bool> m_queued;  // guarded by m_mutex
    int m_running = 0;          // drain tasks started and not finished; guarded by m_mutex
};

}  // namespace synood::widgets
