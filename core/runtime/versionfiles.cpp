#include "runtime/versionfiles.h"

#include <cerrno>
#include <cstring>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QFile>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

bool wantedName(const char *name)
{
    const size_t n = std::strlen(name);
    if (n < 3 || std::strcmp(name + n - 3, ".py") != 0)
        return false;
    return std::strncmp(name, ".#", 2) != 0 && std::strncmp(name, "__init__", 8) != 0;
}

FileStamp stampOf(const struct stat &info)
{
    FileStamp s;
    s.size = qint64(info.st_size);
    s.mtimeNs = qint64(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    s.ctimeNs = qint64(info.st_ctim.tv_sec) * 1'000'000'000 + info.st_ctim.tv_nsec;
    s.inode = quint64(info.st_ino);
    s.device = quint64(info.st_dev);
    return s;
}

// QFile::decodeName() without its converter for the usual all-ASCII name,
// which every 8-bit encoding Qt supports reads the same.
QString decodeName(const char *name)
{
    const size_t n = std::strlen(name);
    for (size_t i = 0; i < n; ++i) {
        if (uchar(name[i]) >= 0x80)
            return QFile::decodeName(QByteArray(name, qsizetype(n)));
    }
    return QString::fromLatin1(name, qsizetype(n));
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// The whole file with as few read() calls as its size allows: scripts are
// a few kilobytes, so one call into `buffer` and no fstat() in the usual case.
// The bytes are left in `buffer`, their size returned.
Result<qsizetype> readWhole(const QByteArray &path, QByteArray &buffer, FileStamp *stamp)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(Error(QFile::decodeName(path), 0, 0, u"cannot read the script: "_s + errnoText(errno)));
    if (stamp) {
        // the stamp of what is read, taken from the open file itself
        struct stat info;
        if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode))
            *stamp = stampOf(info);
    }
    qsizetype used = 0;
    while (true) {
        if (used == buffer.size())
            buffer.resize(buffer.size() * 2);
        const ssize_t got = ::read(fd, buffer.data() + used, size_t(buffer.size() - used));
        if (got < 0) {
            if (errno == EINTR)
                continue;
            const int error = errno;
            ::close(fd);
            return fail(Error(QFile::decodeName(path), 0, 0, u"cannot read the script: "_s + errnoText(error)));
        }
        if (got == 0)
            break;
        used += got;
    }
    ::close(fd);
    return used;
}

} // namespace

Result<QList<VersionFile>> readVersionFiles(const QString &folder, const HeaderCache *cache, qint64 *folderMtimeNs,
                                           ScriptBytes bytes)
{
    QList<VersionFile> files;
    const QByteArray encodedFolder = QFile::encodeName(folder);
    DIR *dir = ::opendir(encodedFolder.constData());
    if (!dir)
        return files;
    if (folderMtimeNs) {
        struct stat info;
        *folderMtimeNs = ::fstat(::dirfd(dir), &info) == 0 ? stampOf(info).mtimeNs : -1;
    }
    const QByteArray prefix = encodedFolder.endsWith('/') ? encodedFolder : encodedFolder + '/';
    Status status;
    QByteArray buffer(65536, Qt::Uninitialized);
    QByteArray path = prefix; // one buffer for every file's path
    path.reserve(prefix.size() + 256);
    while (const dirent *entry = ::readdir(dir)) {
        if (!wantedName(entry->d_name))
            continue;
        path.truncate(prefix.size());
        path.append(entry->d_name);
        bool symlink = entry->d_type == DT_LNK;
        if (entry->d_type != DT_REG) {
            // A link to a file counts, as with QDir::Files; anything else
            // (a folder, a broken link, a fifo) does not.
            struct stat info;
            if (entry->d_type == DT_UNKNOWN) {
                if (::lstat(path.constData(), &info) != 0)
                    continue;
                symlink = S_ISLNK(info.st_mode);
            }
            if (::stat(path.constData(), &info) != 0 || !S_ISREG(info.st_mode))
                continue;
        }
        VersionFile file;
        file.fileName = decodeName(entry->d_name);
        if (cache && !symlink) {
            struct stat info;
            if (::fstatat(::dirfd(dir), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(info.st_mode)) {
                const FileStamp stamp = stampOf(info);
                if (const ScriptHeader *header = cache->lookup(QByteArray(entry->d_name), stamp)) {
                    file.stamp = stamp;
                    file.cached = *header;
                    files << std::move(file);
                    continue;
                }
            }
        }
        if (symlink) {
            if (char *real = ::realpath(path.constData(), nullptr)) {
                file.realPath = QFile::decodeName(real);
                ::free(real);
            }
        }
        auto used = readWhole(path, buffer, cache && !symlink ? &file.stamp : nullptr);
        if (!used) {
            status = std::unexpected(used.error());
            break;
        }
        const QByteArrayView content(buffer.constData(), *used);
        if (bytes == ScriptBytes::Drop)
            file.skimmed = skimScriptHeader(content);
        if (!file.skimmed)
            file.content = content.toByteArray();
        files << std::move(file);
    }
    ::closedir(dir);
    if (!status)
        return std::unexpected(status.error());
    return files;
}

} // namespace pm
