#include "core/GzipFile.h"

#include "core/Error.h"

#include <zlib.h>

namespace synood {

std::string readGzipOrPlainFile(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) throw SynoodError("could not open the file", path, "check that it exists and is readable");
    std::string out;
    char buffer[1 << 16];
    for (;;) {
        const int n = gzread(f, buffer, sizeof buffer);
        if (n < 0) {
            gzclose(f);
            throw SynoodError("could not decompress the file (corrupt gzip data)", path, "download it again");
        }
        if (n == 0) break;
        out.append(buffer, static_cast<size_t>(n));
    }
    gzclose(f);
    return out;
}

}  // namespace synood
