#pragma once
// Debian's qcustomplot.h uses bare `signals:`, `emit` and `foreach`, which QT_NO_KEYWORDS (needed by
// LibTorch's headers) removes. Include QCustomPlot through this header only: it maps the keywords to
// their Q_ forms around the include and removes them again.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
