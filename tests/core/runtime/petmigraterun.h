// petmigrate run in-process, as the runtime suites drive it: the exit status
// and what it wrote to stdout and stderr.
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include "cli/petmigrate.h"

namespace pm::test {

struct Run
{
    int status = 0;
    QString out;
    QString err;
};

inline Run petmigrate(const QStringList &args)
{
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.status = pm::runPetMigrate(args, out, err);
    out.flush();
    err.flush();
    return r;
}

// A file's bytes, hashed: "the database is exactly as it was".
inline QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

} // namespace pm::test
