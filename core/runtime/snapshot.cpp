#include "runtime/snapshot.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include "runtime/databaseconnection.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// fsync() a file or a folder: the snapshot's bytes, then its new name.
Status syncToDisk(const QString &path, const QString &what)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(u"cannot open %1 '%2' to flush it: %3"_s.arg(what, path, QString::fromLocal8Bit(std::strerror(errno))));
    const int synced = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (synced != 0) {
        const QString reason = error == ENOSPC ? u"the disk is full"_s : QString::fromLocal8Bit(std::strerror(error));
        return fail(u"cannot flush %1 '%2' to disk: %3"_s.arg(what, path, reason));
    }
    return {};
}

// The partial copy and the journal SQLite keeps beside it while writing.
void removePartial(const QString &partial)
{
    QFile::remove(partial);
    QFile::remove(partial + u"-journal"_s);
}

} // namespace

QString partialSnapshotSuffix()
{
    return u".partial"_s;
}

Status writeSnapshot(const QString &databaseFile, const QString &target)
{
    const QFileInfo targetInfo(target);
    const QString folder = targetInfo.absolutePath();
    if (!QDir().mkpath(folder)) {
        const QString parent = QFileInfo(folder).absolutePath();
        if (!writableByUs(parent))
            return fail(u"cannot create the snapshot folder '%1': the folder '%2' is read-only"_s.arg(
                QDir::toNativeSeparators(folder), QDir::toNativeSeparators(parent)));
        return fail(u"cannot create the snapshot folder '%1'"_s.arg(QDir::toNativeSeparators(folder)));
    }
    // What a killed writer left: never a snapshot, only space taken.
    const QDir dir(folder);
    for (const QString &stale : dir.entryList({u"*"_s + partialSnapshotSuffix() + u"*"_s}, QDir::Files | QDir::Hidden))
        QFile::remove(dir.filePath(stale));

    const QString partial = targetInfo.absoluteFilePath() + partialSnapshotSuffix();
    {
        Result<DatabaseConnection> connection =
            DatabaseConnection::openSqliteFile(databaseFile, DatabaseConnection::OpenMode::MustExist);
        if (!connection)
            return fail(connection.error());
        QSqlQuery query(connection->database());
        bool written = query.prepare(u"VACUUM INTO ?"_s);
        if (written) {
            query.addBindValue(partial);
            written = query.exec();
        }
        if (!written) {
            const QString reason = connection->faultReason(query.lastError());
            query.finish();
            removePartial(partial);
            return fail(u"cannot take a snapshot of '%1': %2; the database itself is unchanged"_s.arg(
                QDir::toNativeSeparators(databaseFile), reason));
        }
    }
    if (Status synced = syncToDisk(partial, u"the snapshot"_s); !synced) {
        removePartial(partial);
        return synced;
    }
    if (::rename(QFile::encodeName(partial).constData(), QFile::encodeName(targetInfo.absoluteFilePath()).constData())
        != 0) {
        const QString reason = QString::fromLocal8Bit(std::strerror(errno));
        removePartial(partial);
        return fail(u"cannot name the snapshot '%1': %2"_s.arg(QDir::toNativeSeparators(target), reason));
    }
    return syncToDisk(folder, u"the snapshot folder"_s);
}

} // namespace pm
