#pragma once

#include <atomic>

#include <QByteArray>
#include <QHash>
#include <QString>

#include "runtime/scriptheaderskim.h"

namespace pm {

// What says a script file has not changed since its header was read: the
// kernel's own record of it (size, modification and change times in ns,
// the inode on its device). A write, a rename over it or a `touch` changes
// one of them.
struct FileStamp
{
    qint64 size = -1;
    qint64 mtimeNs = 0;
    qint64 ctimeNs = 0;
    quint64 inode = 0;
    quint64 device = 0;
    friend bool operator==(const FileStamp &, const FileStamp &) = default;
};

// The headers of one versions/ folder's scripts as skimmed in an earlier run,
// so that a command which needs only the graph (heads, history) lists the
// folder and stats each file instead of reading it.
//
// Exact or unused: an entry answers only for a file of the same name whose
// stamp is the same in every field, and only if the file's times are more
// than two seconds older than the moment the run that stored it started
// listing the folder (a file changed within the clock's granularity of
// being read keeps its stamp; a clock that jumps or a file system on
// another machine's clock is not trusted closer than that). Only headers
// read from the bytes alone are stored (skimScriptHeader), never one that
// needed the parser, whose answer can depend on other modules. A cache file
// that is missing, unreadable, corrupt (checksum), of another format or of
// another folder is ignored; writing one that fails is ignored too: the
// cache never turns into an error or an answer the files would not give.
class HeaderCache final
{
public:
    // Where the caches live for this user: $XDG_CACHE_HOME/petmigrate
    // (~/.cache/petmigrate), one file per versions folder.
    static QString userFolder();

    // The cache of `versionsFolder` (made absolute and clean) kept in
    // `cacheFolder`; empty when there is none usable.
    HeaderCache(const QString &cacheFolder, const QString &versionsFolder);

    // Call before the folder is listed: the time the trust window counts
    // from (`clockNs`, ns since the epoch: now when 0; tests set it).
    void startRun(qint64 clockNs = 0);
    // The stored header of `fileName`, if its stamp is the stored one and old
    // enough. Safe to call from several threads at once.
    const ScriptHeader *lookup(const QByteArray &fileName, const FileStamp &stamp) const;
    // What this run saw: every file of the folder that a later run may trust.
    void keep(const QByteArray &fileName, const FileStamp &stamp, const ScriptHeader &header);
    // Writes the run's entries when they differ from the stored ones
    // (atomically: a reader sees the old file or the new one).
    void save(qint64 folderMtimeNs);

    const QString &filePath() const { return m_filePath; }
    qsizetype hits() const { return m_hits.load(std::memory_order_relaxed); }

private:
    struct Entry
    {
        FileStamp stamp;
        ScriptHeader header;
    };
    void read();

    QString m_filePath;
    QString m_folder;
    qint64 m_storedStartNs = 0;
    qint64 m_storedFolderMtimeNs = 0;
    QHash<QByteArray, Entry> m_stored;
    qint64 m_runStartNs = 0;
    QHash<QByteArray, Entry> m_seen;
    QList<QByteArray> m_seenOrder;
    // lookup() is called by more than one reader at a time (readVersionFiles)
    mutable std::atomic<qsizetype> m_hits = 0;
};

} // namespace pm
