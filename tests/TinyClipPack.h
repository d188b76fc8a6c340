#pragma once
// A model pack around the tiny CLIP fixture (tests/fixtures/tiny_clip), written into `dir`;
// with CLIP's vocabulary from ../shared when `bpe` is given. `mean` varies the pack's fingerprint.
#include "core/AtomicFile.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QString>

inline std::string writeTinyClipPack(const QString& dir, double mean = 0.5, const QString& bpe = {}) {
    QDir().mkpath(dir);
    nlohmann::json files = {{{"role", "model"}, {"path", SYNOOD_TEST_SOURCE_DIR "/fixtures/tiny_clip/tiny_clip.pt"}}};
    if (!bpe.isEmpty()) files.push_back({{"role", "bpe"}, {"path", bpe.toStdString()}});
    const nlohmann::json j = {{"name", "tiny"},           {"kind", "clip-torchscript"}, {"image_size", 32},        {"embed_dim", 24},
                              {"mean", {mean, 0.5, 0.5}}, {"std", {0.25, 0.25, 0.25}},  {"tokenizer", "clip-bpe"}, {"files", files}};
    synood::writeFileAtomically((dir + "/pack.json").toStdString(), j.dump());
    return dir.toStdString();
}
