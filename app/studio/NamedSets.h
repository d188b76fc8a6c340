#pragma once
// Evaluation sets as people type them: "name=spec, name=spec" (the Train panel's OOD sets, the map's
// test sets).
#include <QPair>
#include <QString>
#include <QVector>

#include <optional>

namespace synood::studio {

inline const QString kDemoOodSets = QStringLiteral("near=demo:near, glyphs=demo:glyphs, textures=demo:textures");

using NamedSets = QVector<QPair<QString, QString>>;  // (name, spec)

// The sets in order; nullopt with the part that is not name=spec in `bad`.
std::optional<NamedSets> parseNamedSets(const QString& text, QString* bad = nullptr);

}  // namespace synood::studio
