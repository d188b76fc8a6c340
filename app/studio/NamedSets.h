#pragma once
// Evaluation sets as people type them: "name=spec, name=spec" (the Train panel's OOD sets, the map's
// test sets).
#include "demo/DemoWorld.h"

#include <QPair>
#include <QString>
#include <QVector>

#include <optional>

namespace synood::studio {

// A demo world's OOD test sets as name=spec text: "near=demo:near, glyphs=demo:glyphs, …".
QString demoOodSets(demo::ToyWorld world = demo::ToyWorld::Fashion);

using NamedSets = QVector<QPair<QString, QString>>;  // (name, spec)

// The sets in order; nullopt with the part that is not name=spec in `bad`.
std::optional<NamedSets> parseNamedSets(const QString& text, QString* bad = nullptr);

}  // namespace synood::studio
