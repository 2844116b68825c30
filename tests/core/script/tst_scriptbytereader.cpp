// ScriptByteReader remembers the statement lines that set no string and
// replays them when the same bytes come again (in the next script, as a
// project's scripts share their import lines): a replayed line must say what
// reading it says in that script, at that script's line, and be refused
// where reading it would be.
#include <thread>

#include <QTest>

#include "script/scriptbytereader.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

using R = ScriptByteReader;

QString describe(const R &r, R::Stop stop)
{
    QString out = QString::number(int(stop)) + u'|';
    for (const R::Import &imp : r.imports())
        out += QString::fromLatin1(imp.module) + u'/' + QString::fromLatin1(imp.name) + u'/'
            + QString::fromLatin1(imp.alias) + u'@' + QString::number(imp.line) + u':' + QString::number(imp.column)
            + (imp.name.isNull() ? u" noname"_s : u""_s) + (imp.alias.isNull() ? u" noalias"_s : u""_s) + u'|';
    for (int i = 0; i < R::IdentifierCount; ++i) {
        const R::Identifiers &v = r.identifiers(R::Identifier(i));
        out += QString::number(r.seen(R::Identifier(i))) + QString::number(int(v.form)) + u'@'
            + QString::number(v.line);
        for (QByteArrayView id : v.ids)
            out += u',' + QString::fromLatin1(id);
        out += u'|';
    }
    return out + QString::number(r.line());
}

// Read with the reader's memory of lines as `warm` left it: once as the
// only script of its thread (nothing remembered: a line that is not
// repeated in `source` is read), once after `warm`.
QPair<QString, QString> readTwice(const QByteArray &source, const QByteArray &warm)
{
    QString cold;
    std::thread([&] {
        R r(source);
        const R::Stop stop = r.readStatements();
        cold = describe(r, stop);
    }).join();
    QString again;
    std::thread([&] {
        R first(warm);
        first.readStatements();
        R r(source);
        const R::Stop stop = r.readStatements();
        again = describe(r, stop);
    }).join();
    return {cold, again};
}

} // namespace

class tst_ScriptByteReader : public QObject
{
    Q_OBJECT

private slots:
    void replayedAsRead_data();
    void replayedAsRead();
};

void tst_ScriptByteReader::replayedAsRead_data()
{
    QTest::addColumn<QByteArray>("warm");
    QTest::addColumn<QByteArray>("source");
    const QByteArray header = "from alembic import op\nimport sqlalchemy as sa, typing\n"
                              "branch_labels = None\ndepends_on = None  # none\n";
    QTest::newRow("same lines, other line numbers")
        << header << QByteArray("\"\"\"doc\n\nmore\"\"\"\n\n" + header + "revision = 'b'\ndef upgrade():\n");
    // (its first line other bytes than the remembered one: the cold read
    // would remember it and replay the second otherwise)
    QTest::newRow("an identifier set twice is refused")
        << header << QByteArray("branch_labels = None \n" + header);
    QTest::newRow("a remembered line in another column")
        << header << QByteArray("  from alembic import op\n");
    QTest::newRow("no line break at the end")
        << header << QByteArray("from alembic import op");
    QTest::newRow("one byte more") << header << QByteArray("from alembic import opx\n");
    QTest::newRow("strings are not remembered")
        << QByteArray("down_revision = 'a'\n") << QByteArray("revision = 'r'\ndown_revision = 'a'\n");
}

void tst_ScriptByteReader::replayedAsRead()
{
    QFETCH(QByteArray, warm);
    QFETCH(QByteArray, source);
    const auto [cold, again] = readTwice(source, warm);
    QCOMPARE(again, cold);
}

QTEST_APPLESS_MAIN(tst_ScriptByteReader)
#include "tst_scriptbytereader.moc"
