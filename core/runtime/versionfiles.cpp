#include "runtime/versionfiles.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <expected>
#include <system_error>
#include <thread>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QDir>
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
// `name` is opened relative to `folderFd` (no path to build for each
// file). The bytes are left in `buffer`, their size returned; an error is
// the system's words for it.
std::expected<qsizetype, QString> readWhole(int folderFd, const char *name, QByteArray &buffer, FileStamp *stamp)
{
    const int fd = ::openat(folderFd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::unexpected(errnoText(errno));
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
            return std::unexpected(errnoText(error));
        }
        if (got == 0)
            break;
        used += got;
    }
    ::close(fd);
    return used;
}

} // namespace

namespace {

// A name readdir() gave, in its order, before the file is looked at: its
// bytes are in the listing's one block of names (one allocation for the
// folder, not one for each name).
struct Listed
{
    size_t name = 0; // offset of the NUL-terminated name in the block
    unsigned char type = DT_UNKNOWN;
};

// One reader's scratch space: reused for every file it reads.
struct Reader
{
    QByteArray buffer = QByteArray(65536, Qt::Uninitialized);
    QByteArray path;
};

// What became of one listed name: no file (a folder, a broken link), a
// file, or the error that stops the listing.
struct Outcome
{
    std::optional<VersionFile> file;
    std::optional<Error> error;
};

// Into `out`, which is empty: filled in place, as a VersionFile is a few
// hundred bytes to move.
void readListed(const Listed &entry, const char *name, int folderFd, const QByteArray &prefix,
                const QString &pathPrefix, Reader &reader, const HeaderCache *cache, ScriptBytes bytes, Outcome &out)
{
    // The path is for the calls that take one (links, a type readdir() did
    // not give) and for an error; a regular file is opened in the folder.
    QByteArray &path = reader.path;
    auto fullPath = [&]() -> const QByteArray & {
        if (path.isEmpty()) {
            path.append(prefix);
            path.append(name);
        }
        return path;
    };
    path.truncate(0);
    bool symlink = entry.type == DT_LNK;
    if (entry.type != DT_REG) {
        // A link to a file counts, as with QDir::Files; anything else
        // (a folder, a broken link, a fifo) does not.
        struct stat info;
        if (entry.type == DT_UNKNOWN) {
            if (::lstat(fullPath().constData(), &info) != 0)
                return;
            symlink = S_ISLNK(info.st_mode);
        }
        if (::stat(fullPath().constData(), &info) != 0 || !S_ISREG(info.st_mode))
            return;
    }
    VersionFile &file = out.file.emplace();
    file.fileName = decodeName(name);
    // One allocation: QString + QString copies the prefix, then grows it.
    file.path.reserve(pathPrefix.size() + file.fileName.size());
    file.path += pathPrefix;
    file.path += file.fileName;
    if (cache && !symlink) {
        struct stat info;
        if (::fstatat(folderFd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(info.st_mode)) {
            const FileStamp stamp = stampOf(info);
            if (const ScriptHeader *header =
                    cache->lookup(QByteArray::fromRawData(name, qsizetype(std::strlen(name))), stamp)) {
                file.stamp = stamp;
                file.cached = *header;
                return;
            }
        }
    }
    if (symlink) {
        if (char *real = ::realpath(fullPath().constData(), nullptr)) {
            file.realPath = QFile::decodeName(real);
            ::free(real);
        }
    }
    // A link is opened by its path, as before: openat() of its name in the
    // folder follows it the same way, but the path is there already.
    auto used = readWhole(symlink ? AT_FDCWD : folderFd, symlink ? fullPath().constData() : name,
                          reader.buffer, cache && !symlink ? &file.stamp : nullptr);
    if (!used) {
        out.file.reset();
        out.error = Error(QFile::decodeName(fullPath()), 0, 0, u"cannot read the script: "_s + used.error());
        return;
    }
    const QByteArrayView content(reader.buffer.constData(), *used);
    // The bytes kept are parsed for their bodies later: the skim hands
    // that parse the statements it read before the first def.
    file.skimmed = skimScriptHeader(content, bytes == ScriptBytes::Keep ? &file.preamble : nullptr);
    if (!file.skimmed || bytes == ScriptBytes::Keep)
        file.content = content.toByteArray();
}

// Below this many files a second reader costs more than it saves.
constexpr qsizetype kParallelFiles = 64;
// Files a reader claims at a time: few enough that both readers finish
// together when one of them is slowed down, enough to claim rarely.
constexpr qsizetype kClaim = 32;

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
    // The listing first, in readdir() order, which is the order of the
    // result; then the files are opened and read by up to two readers (the
    // open/read system calls are most of the time, and they run in parallel
    // on two cores), each outcome kept in its listed slot.
    std::vector<Listed> listed;
    std::vector<char> names;
    while (const dirent *entry = ::readdir(dir)) {
        if (wantedName(entry->d_name)) {
            listed.push_back(Listed{names.size(), entry->d_type});
            names.insert(names.end(), entry->d_name, entry->d_name + std::strlen(entry->d_name) + 1);
        }
    }
    const qsizetype count = qsizetype(listed.size());
    // QDir::filePath(), worked out once for the folder
    const QString folderPath = QDir(folder).path();
    const QString pathPrefix =
        folderPath.isEmpty() || folderPath.endsWith(u'/') ? folderPath : folderPath + u'/';
    std::vector<Outcome> outcomes(listed.size());
    std::atomic<qsizetype> next{0};
    const int folderFd = ::dirfd(dir);
    auto work = [&] {
        Reader reader;
        reader.path.reserve(prefix.size() + 256);
        while (true) {
            const qsizetype first = next.fetch_add(kClaim, std::memory_order_relaxed);
            if (first >= count)
                break;
            for (qsizetype i = first, end = std::min(count, first + kClaim); i < end; ++i) {
                const Listed &entry = listed[size_t(i)];
                readListed(entry, names.data() + entry.name, folderFd, prefix, pathPrefix, reader, cache, bytes,
                           outcomes[size_t(i)]);
                if (outcomes[size_t(i)].error) {
                    // the first error in listing order is the answer: no
                    // reader needs to claim files past this one
                    qsizetype seen = next.load(std::memory_order_relaxed);
                    while (seen < count && !next.compare_exchange_weak(seen, count, std::memory_order_relaxed)) {
                    }
                    break;
                }
            }
        }
    };
    std::optional<std::thread> helper;
    if (count >= kParallelFiles && std::thread::hardware_concurrency() > 1) {
        try {
            helper.emplace(work);
        } catch (const std::system_error &) {
            // no thread to be had: this one reads them all
        }
    }
    work();
    if (helper)
        helper->join();
    ::closedir(dir);

    files.reserve(count);
    for (Outcome &outcome : outcomes) {
        if (outcome.error)
            return fail(std::move(*outcome.error));
        if (outcome.file)
            files << std::move(*outcome.file);
    }
    return files;
}

} // namespace pm
