#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include "base/result.h"

namespace pm {

// The script files of one versions/ folder, each read once: the directory is
// listed with readdir() and every file opened and read with one read() in
// the usual case, with no QFileInfo or QFile per file (for 10,000 scripts
// those round trips cost more than the reading).
struct VersionFile
{
    QString fileName;
    QString realPath;     // os.path.realpath() for a symbolic link, else empty
    QByteArray content;   // the bytes of the file
};

// Alembic's order and filter: os.listdir() order (the directory's own, not
// sorted), names ending in ".py" that do not start with ".#" or "__init__",
// dot files included, directories and broken links left out. A folder that
// does not exist gives no files; a file that cannot be read is an error.
Result<QList<VersionFile>> readVersionFiles(const QString &folder);

} // namespace pm
