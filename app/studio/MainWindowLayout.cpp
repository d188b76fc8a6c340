// The main window's layout: on first start a window that fits the screen with every dock as wide as
// its controls; afterwards the one the user left, kept in the settings.
#include "MainWindow.h"

#include <QDockWidget>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStyle>

#include <algorithm>

namespace synood::studio {
namespace {

const QSize kDefaultWindowSize(1366, 760);  // room for both docks beside a four-column gallery
const int kDefaultRightDockWidth = 340;
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");

// The width a dock needs to show its panel's controls without cutting them: a panel in a scroll
// area also needs room for the vertical scroll bar.
int neededWidth(const QDockWidget* dock) {
    const QWidget* content = dock->widget();
    const int frame = 2 * dock->style()->pixelMetric(QStyle::PM_DockWidgetFrameWidth, nullptr, dock);
    if (const auto* scroll = qobject_cast<const QScrollArea*>(content)) {
        const int bar = scroll->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, scroll);
        return scroll->widget()->minimumSizeHint().width() + bar + 2 * scroll->frameWidth() + frame;
    }
    return content->minimumSizeHint().width() + frame;
}

}  // namespace

void MainWindow::applyFirstStartLayout(const QSize& available) {
    resize(kDefaultWindowSize.boundedTo(available));
    int left = 0, right = kDefaultRightDockWidth;
    for (QDockWidget* dock : findChildren<QDockWidget*>()) {
        int& width = dockWidgetArea(dock) == Qt::LeftDockWidgetArea ? left : right;
        width = std::max(width, neededWidth(dock));
    }
    resizeDocks({m_synthesisDock, m_embeddingsDock}, {left, right}, Qt::Horizontal);
}

bool MainWindow::restoreLayout() {
    const QSettings stored;
    if (!stored.contains(kGeometryKey) || !stored.contains(kStateKey)) return false;
    return restoreGeometry(stored.value(kGeometryKey).toByteArray()) && restoreState(stored.value(kStateKey).toByteArray());
}

void MainWindow::saveLayout() const {
    QSettings stored;
    stored.setValue(kGeometryKey, saveGeometry());
    stored.setValue(kStateKey, saveState());
}

}  // namespace synood::studio
