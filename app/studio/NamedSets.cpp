#include "NamedSets.h"

#include <QStringList>

namespace synood::studio {

QString demoOodSets(demo::ToyWorld world) {
    QStringList parts;
    for (const auto& [name, dataset] : demo::worldSets(world).ood) {
        parts << QString::fromStdString(name) + QStringLiteral("=demo:") + QString::fromStdString(dataset);
    }
    return parts.join(QStringLiteral(", "));
}

std::optional<NamedSets> parseNamedSets(const QString& text, QString* bad) {
    NamedSets sets;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0 || part.mid(eq + 1).trimmed().isEmpty()) {
            if (bad) *bad = part.trimmed();
            return std::nullopt;
        }
        sets.push_back({part.left(eq).trimmed(), part.mid(eq + 1).trimmed()});
    }
    return sets;
}

}  // namespace synood::studio
