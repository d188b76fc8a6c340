#include "ThumbnailLoader.h"

#include <QImageReader>
#include <QMutexLocker>

namespace synood::widgets {

ThumbnailLoader::ThumbnailLoader(QSize size, QObject* parent) : QObject(parent), m_size(size) { m_pool.setMaxThreadCount(2); }

ThumbnailLoader::~ThumbnailLoader() {
    clear();
    m_pool.waitForDone();  // no task outlives the loader
}

void ThumbnailLoader::clear() {
    QMutexLocker lock(&m_mutex);
    m_queue.clear();
    m_queued.clear();
}

bool ThumbnailLoader::isIdle() const {
    QMutexLocker lock(&m_mutex);
    return m_queue.empty() && m_running == 0;
}

size_t ThumbnailLoader::pendingCount() const {
    QMutexLocker lock(&m_mutex);
    return m_queue.size();
}

void ThumbnailLoader::request(int key, const QString& path) {
    {
        QMutexLocker lock(&m_mutex);
        if (m_queued.contains(key)) return;
        m_queue.push_back({key, path});
        m_queued.insert(key, true);
        if (m_queue.size() > kMaxQueue) {  // drop the oldest request: it has scrolled away
            m_queued.remove(m_queue.front().key);
            m_queue.pop_front();
        }
        if (m_running >= m_pool.maxThreadCount()) return;
        ++m_running;
    }
    m_pool.start([this] { drain(); });
}

void ThumbnailLoader::drain() {
    for (;;) {
        Job job;
        {
            QMutexLocker lock(&m_mutex);
            if (m_queue.empty()) {
                --m_running;
                const bool nowIdle = m_running == 0;
                lock.unlock();
                if (nowIdle)
                    QMetaObject::invokeMethod(
                        this,
                        [this] {
                            if (isIdle()) Q_EMIT idle();
                        },
                        Qt::QueuedConnection);
                return;
            }
            job = m_queue.back();  // newest first
            m_queue.pop_back();
        }
        QImageReader reader(job.path);
        reader.setAutoTransform(true);
        const QSize full = reader.size();
        if (full.isValid()) {
            reader.setScaledSize(full.scaled(m_size, Qt::KeepAspectRatio));
        }
        QImage image = reader.read();
        if (!full.isValid() && !image.isNull()) {
            image = image.scaled(m_size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        }
        QMetaObject::invokeMethod(
            this, [this, key = job.key, image] { finishOne(key, image); }, Qt::QueuedConnection);
    }
}

void ThumbnailLoader::finishOne(int key, const QImage& image) {
    {
        QMutexLocker lock(&m_mutex);
        m_queued.remove(key);
    }
    Q_EMIT loaded(key, image);
}

}  // namespace synood::widgets
