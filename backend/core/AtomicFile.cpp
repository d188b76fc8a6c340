#include "core/AtomicFile.h"

#include "core/Error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace synood {

namespace {

std::string errnoText() { return std::strerror(errno); }

std::string parentDir(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

void fsyncDirectory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return;  // best effort: some filesystems refuse to open directories
    ::fsync(fd);
    ::close(fd);
}

void writeAll(int fd, const std::string& bytes, const std::string& tmp) {
    const char* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string why = errnoText();
            ::close(fd);
            ::unlink(tmp.c_str());
            throw SynoodError("could not write (" + why + ")", tmp,
                              "check free disk space and permissions; the previous file is untouched");
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
}

void keepBackupOf(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return;  // nothing to back up yet
    const std::string bak = path + ".bak";
    ::unlink(bak.c_str());
    if (::link(path.c_str(), bak.c_str()) == 0) return;
    // Filesystems without hard links: copy, atomically as well.
    writeFileAtomically(bak, readWholeFile(path));
}

}  // namespace

void writeFileAtomically(const std::string& path, const std::string& bytes, const AtomicWriteOptions& options) {
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw SynoodError("could not create a temporary file (" + errnoText() + ")", tmp, "check that the folder exists and is writable");
    }
    writeAll(fd, bytes, tmp);
    if (options.durable && ::fsync(fd) != 0) {
        const std::string why = errnoText();
        ::close(fd);
        ::unlink(tmp.c_str());
        throw SynoodError("could not flush to disk (" + why + ")", tmp, "check the disk");
    }
    ::close(fd);
    if (options.keepBackup) keepBackupOf(path);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = errnoText();
        ::unlink(tmp.c_str());
        throw SynoodError("could not replace the file (" + why + ")", path, "check permissions; the previous version is untouched");
    }
    if (options.durable) fsyncDirectory(parentDir(path));
}

std::string readWholeFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw SynoodError("could not open file for reading (" + errnoText() + ")", path, "check that the path exists and is readable");
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw SynoodError("not a readable file", path, "give the path of a file");
    }
    std::string bytes;
    bytes.reserve(static_cast<size_t>(st.st_size));
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string why = errnoText();
            ::close(fd);
            throw SynoodError("could not read file (" + why + ")", path, "check the disk");
        }
        bytes.append(buffer, static_cast<size_t>(n));
    }
    ::close(fd);
    return bytes;
}

}  // namespace synood
