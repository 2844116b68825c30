#pragma once

#include <optional>

#include <QByteArray>
#include <QList>
#include <QString>

#include "base/result.h"
#include "runtime/headercache.h"
#include "runtime/scriptheaderskim.h"

namespace pm {

// The script files of one versions/ folder, each read once: the directory is
// listed with readdir() and every file opened and read with one read() in
// the usual case, with no QFileInfo or QFile per file (for 10,000 scripts
// those round trips cost more than the reading).
struct VersionFile
{
    QString fileName;
    QString path;         // QDir(folder).filePath(fileName): what `history -v` prints
    QString realPath;     // os.path.realpath() for a symbolic link, else empty
    QByteArray content;   // the bytes of the file (empty when `cached`)
    FileStamp stamp;      // a regular file's, for the header cache (size -1: none)
    std::optional<ScriptHeader> cached; // the header from `cache`: the file was not read
    // The header skimScriptHeader() read from the bytes as they were read
    // (none when it declines the file); with ScriptBytes::Drop those bytes
    // are then not kept (`content` empty).
    std::optional<ScriptHeader> skimmed;
    // With ScriptBytes::Keep and a header skimmed: what the statements
    // before the first def said, for the parse of `content`'s bodies
    // (skimScriptHeader()'s preamble; none when it gives none).
    std::optional<ScriptPreamble> preamble;
};

// Whether the caller keeps each file's bytes (to parse its bodies later
// without reading it again) or only needs the headers: 10,000 scripts are
// some 30 MB, and holding them costs a graph command more (page faults,
// allocations, freeing them at exit) than all of its graph work.
enum class ScriptBytes { Keep, Drop };

// Alembic's order and filter: os.listdir() order (the directory's own, not
// sorted), names ending in ".py" that do not start with ".#" or "__init__",
// dot files included, directories and broken links left out. A folder that
// does not exist gives no files; a file that cannot be read is an error.
// With a `cache`, a regular file whose stamp it trusts is stat()ed, not
// read; `folderMtimeNs` receives the folder's own modification time. A file
// whose header skimScriptHeader() reads has it in `skimmed`; with
// ScriptBytes::Drop it then has no `content`, a file it does not read keeps
// its bytes. A folder of many files is read by two threads (the listing
// stays in readdir() order); an error is the first in that order.
Result<QList<VersionFile>> readVersionFiles(const QString &folder, const HeaderCache *cache = nullptr,
                                           qint64 *folderMtimeNs = nullptr, ScriptBytes bytes = ScriptBytes::Keep);

} // namespace pm
