#pragma once

// A migrations project on disk for the graph suites: alembic.ini, the app's
// env.py and script.py.mako, and versions/ written from a list of
// revisions with `pass` bodies; petmigrate run on it as a process.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStringList>
#include <QTest>

namespace pm::test {

struct GraphRevision
{
    QString id;
    QStringList down;
    QStringList dependsOn;
    QStringList labels;
    QString message;
};

inline QString pythonTuple(const QStringList &values)
{
    using namespace Qt::StringLiterals;
    if (values.isEmpty())
        return u"None"_s;
    if (values.size() == 1)
        return u"'"_s + values.first() + u"'"_s;
    QStringList quoted;
    for (const QString &v : values)
        quoted << u"'"_s + v + u"'"_s;
    return u"("_s + quoted.join(u", "_s) + u")"_s;
}

inline void writeGraphRevision(const QString &versions, const GraphRevision &r)
{
    using namespace Qt::StringLiterals;
    const QString message = r.message.isEmpty() ? u"step "_s + r.id : r.message;
    QFile file(versions + u'/' + r.id + u"_step.py"_s);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(u"\"\"\"%1\n\nRevision ID: %2\nRevises: %3\nCreate Date: 2026-01-01 00:00:00.000000\n\n\"\"\"\n"
               "from alembic import op\nimport sqlalchemy as sa\n\n\n"
               "# revision identifiers, used by Alembic.\nrevision = '%2'\ndown_revision = %4\n"
               "branch_labels = %5\ndepends_on = %6\n\n\ndef upgrade() -> None:\n    pass\n\n\n"
               "def downgrade() -> None:\n    pass\n"_s
                   .arg(message, r.id, r.down.join(u", "_s), pythonTuple(r.down), pythonTuple(r.labels),
                        pythonTuple(r.dependsOn))
                   .toUtf8());
}

// dir/alembic.ini (url: dir/graph.db), env.py, script.py.mako, versions/.
inline QString writeGraphProject(const QString &dir, const QList<GraphRevision> &revisions)
{
    using namespace Qt::StringLiterals;
    const QString source = QStringLiteral(PM_SOURCE_DIR) + u"/migrations/"_s;
    QDir().mkpath(dir + u"/versions"_s);
    for (const QString &file : {u"env.py"_s, u"script.py.mako"_s})
        QFile::copy(source + file, dir + u'/' + file);
    // The app's own ini (its logging sections make runs log as Alembic's),
    // pointed at graph.db beside it.
    QFile appIni(source + u"alembic.ini"_s);
    if (!appIni.open(QIODevice::ReadOnly))
        return {};
    QStringList lines = QString::fromUtf8(appIni.readAll()).split(u'\n');
    for (QString &line : lines) {
        if (line.startsWith(u"sqlalchemy.url"_s))
            line = u"sqlalchemy.url = sqlite:///%(here)s/graph.db"_s;
    }
    QFile ini(dir + u"/alembic.ini"_s);
    if (!ini.open(QIODevice::WriteOnly))
        return {};
    ini.write(lines.join(u'\n').toUtf8());
    ini.close();
    for (const GraphRevision &r : revisions)
        writeGraphRevision(dir + u"/versions"_s, r);
    return dir + u"/alembic.ini"_s;
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

inline Run petmigrate(const QString &ini, const QStringList &args)
{
    using namespace Qt::StringLiterals;
    QProcess process;
    process.start(QStringLiteral(PETMIGRATE), QStringList{u"-c"_s, ini} + args);
    if (!process.waitForFinished(120000))
        return {-1, {}, u"petmigrate did not finish"_s};
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace pm::test
