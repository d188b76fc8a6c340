#include "core/Statistics.h"

#include <cmath>

namespace synood {

MeanStd meanStd(const std::vector<double>& v) {
    MeanStd r;
    if (v.empty()) return r;
    for (double x : v) r.mean += x / static_cast<double>(v.size());
    double var = 0;
    for (double x : v) var += (x - r.mean) * (x - r.mean);
    r.std = v.size() > 1 ? std::sqrt(var / static_cast<double>(v.size() - 1)) : 0.0;
    return r;
}

double studentT975(size_t df) {
    // Quantiles for df = 1..30 (standard tables); beyond, the normal quantile's first corrections.
    static const double kTable[] = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
                                    2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
                                    2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
    if (df >= 1 && df <= 30) return kTable[df - 1];
    const double z = 1.959964, d = static_cast<double>(df);
    return z + (z * z * z + z) / (4 * d) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * d * d);
}

PairedInterval pairedInterval(const std::vector<double>& d) {
    const MeanStd m = meanStd(d);
    PairedInterval r{m.mean, NAN, NAN};
    if (d.size() < 2) return r;
    const double half = studentT975(d.size() - 1) * m.std / std::sqrt(static_cast<double>(d.size()));
    r.low = m.mean - half;
    r.high = m.mean + half;
    return r;
}

}  // namespace synood
