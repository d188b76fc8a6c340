// The studio's first-start layout: at the default size and on a 1366x768 screen every control of
// every dock and of the gallery's filter bar lies inside what is shown; the layout the user leaves
// is the one restored.
#include "MainWindow.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

using namespace synood;

namespace {

// The controls under `root` whose rectangle is not wholly inside `shown` (in `shown`'s coordinates).
QStringList controlsCutOff(QWidget* root, QWidget* shown) {
    QStringList cut;
    for (QWidget* w : root->findChildren<QWidget*>()) {
        const bool control = qobject_cast<QAbstractButton*>(w) || qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractSpinBox*>(w) ||
                             qobject_cast<QLineEdit*>(w);
        if (!control || !w->isVisibleTo(root) || w->parentWidget()->inherits("QAbstractSpinBox") ||
            w->parentWidget()->inherits("QComboBox"))
            continue;
        const QRect r(w->mapTo(shown, QPoint(0, 0)), w->size());
        // Horizontally whole; vertically a scroll area may scroll, so only its width counts there.
        const bool inside = r.left() >= 0 && r.right() < shown->width();
        if (!inside) {
            const auto* b = qobject_cast<QAbstractButton*>(w);
            cut << QStringLiteral("%1 '%2' at x %3..%4 of %5")
                       .arg(QString::fromLatin1(w->metaObject()->className()), b ? b->text() : w->toolTip())
                       .arg(r.left())
                       .arg(r.right())
                       .arg(shown->width());
        }
    }
    return cut;
}

// What of a dock is on show: a scroll area's viewport, else the dock's widget.
QWidget* shownPart(QDockWidget* dock) {
    if (auto* scroll = qobject_cast<QScrollArea*>(dock->widget())) return scroll->viewport();
    return dock->widget();
}

void checkEveryControlShown(studio::MainWindow& window, const QSize& available) {
    QVERIFY(window.width() <= available.width() && window.height() <= available.height());
    for (QDockWidget* dock : window.findChildren<QDockWidget*>()) {
        dock->raise();
        QCoreApplication::processEvents();
        QVERIFY2(dock->isVisible(), qPrintable(dock->objectName()));
        if (auto* scroll = qobject_cast<QScrollArea*>(dock->widget())) {
            QVERIFY2(scroll->horizontalScrollBar()->maximum() == 0,
                     qPrintable(dock->objectName() + QStringLiteral(" scrolls sideways by ") +
                                QString::number(scroll->horizontalScrollBar()->maximum())));
        }
        const QStringList cut = controlsCutOff(dock->widget(), shownPart(dock));
        QVERIFY2(cut.isEmpty(), qPrintable(dock->objectName() + QStringLiteral(": ") + cut.join(QStringLiteral("; "))));
        qInfo("%s: %d px wide", qPrintable(dock->objectName()), dock->width());
    }
    const QStringList cut = controlsCutOff(window.centralWidget(), window.centralWidget());
    QVERIFY2(cut.isEmpty(), qPrintable(QStringLiteral("gallery: ") + cut.join(QStringLiteral("; "))));
}

}  // namespace

class TestStudioLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SynOOD-test"));  // never the user's settings
        QCoreApplication::setApplicationName(QStringLiteral("test_studio_layout"));
        QSettings().clear();
    }

    void firstStartShowsEveryControl_data() {
        QTest::addColumn<QSize>("available");
        QTest::newRow("roomy screen") << QSize(1920, 1040);
        QTest::newRow("1366x768 with a panel and title bar") << QSize(1366, 700);
    }

    void firstStartShowsEveryControl() {
        QFETCH(QSize, available);
        studio::MainWindow window(1);
        window.applyFirstStartLayout(available);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        qInfo("window %dx%d", window.width(), window.height());
        checkEveryControlShown(window, available);
    }

    // The layout left on closing comes back; without one stored there is nothing to restore.
    void closedLayoutIsRestored() {
        QSettings().clear();
        {
            studio::MainWindow window(1);
            QVERIFY(!window.restoreLayout());
            window.applyFirstStartLayout(QSize(1600, 1000));
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resizeDocks({window.synthesisDock()}, {540}, Qt::Horizontal);
            window.embeddingsDock()->hide();
            QCoreApplication::processEvents();
            QCOMPARE(window.synthesisDock()->width(), 540);
            window.close();
        }
        studio::MainWindow window(1);
        QVERIFY(window.restoreLayout());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.synthesisDock()->width(), 540);
        QVERIFY(!window.embeddingsDock()->isVisible());
    }
};

QTEST_MAIN(TestStudioLayout)
#include "test_studio_layout.moc"
