#pragma once
// An evaluation's failures (backend/ood/Failures.h) as plain Qt data for the studio, each listed
// image with its picture and its nearest training samples' image paths.
#include <QImage>
#include <QString>
#include <QVector>

namespace synood::studio {

struct FailureItem {
    QString image;  // path, or "file.gz#index"
    int index = 0;  // in its set
    double score = 0, scoreZeroShot = 0;
    QImage picture;
    struct Neighbour {
        QString id, path;
        bool synthesized = false;
        double distance = 0;
    };
    QVector<Neighbour> nearest;  // nearest first
};

struct SetFailureLists {
    QString name;
    double threshold = 0;
    qlonglong nInd = 0, nOod = 0, falsePositiveCount = 0, falseNegativeCount = 0;
    qlonglong oodFixed = 0, oodBroken = 0, indFixed = 0, indBroken = 0;
    QVector<FailureItem> falsePositives, falseNegatives, fixed, broken;
    // Coverage: the share of false positives nearest a synthesized sample; median distances.
    double synthesizedNearestShare = 0;
    double falsePositivesToSynthesized = 0, falsePositivesToInD = 0, oodToSynthesized = 0;
};

struct FailureLists {
    QString score, method;
    bool comparedToZeroShot = false, hasPool = false;
    QVector<SetFailureLists> sets;
    bool empty() const { return sets.isEmpty(); }
};

}  // namespace synood::studio
