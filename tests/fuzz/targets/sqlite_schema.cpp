// The CREATE TABLE / INDEX / VIEW / TRIGGER text that SQLite reflection
// parses (SqliteInspector's regexes over sqlite_master.sql, as SQLAlchemy's
// SQLite dialect reads it), after the SQL splitter cut the input into
// statements. Only what SQLite itself accepted reaches the inspector, so the
// statements run in an in-memory database first: an authorizer keeps them
// from touching files, and a progress handler bounds their time.
#include "fuzzcontract.h"

#include <sqlite3.h>

#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>

#include "dialect/sqlsplitter.h"
#include "inspect/sqliteinspector.h"
#include "runtime/databaseconnection.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

int allowSchemaOnly(void *, int action, const char *, const char *, const char *, const char *)
{
    switch (action) {
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
    case SQLITE_PRAGMA:
        return SQLITE_DENY;
    default:
        return SQLITE_OK;
    }
}

int stopLongStatements(void *steps)
{
    return ++*static_cast<int *>(steps) > 2000 ? 1 : 0;
}

bool isSchemaStatement(const QString &sql)
{
    const QString head = sql.left(16).toUpper();
    return head.startsWith(u"CREATE") || head.startsWith(u"DROP") || head.startsWith(u"ALTER");
}

} // namespace

PM_FUZZ_TARGET(sqlite_schema)
{
    const QString text = fuzz::textOf(data, size);
    const auto statements = SqlSplitter::splitWithLines(text);
    if (!statements) {
        if (statements.error().line < 1)
            fuzz::violation(u"an unterminated quote without its line: "_s + statements.error().toString());
        return;
    }
    Result<DatabaseConnection> connection = DatabaseConnection::openSqliteFile(QString());
    if (!connection)
        fuzz::violation(u"cannot open an in-memory database: "_s + connection.error().toString());
    QSqlDatabase db = connection->database();
    const QVariant handle = db.driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        fuzz::violation(u"the QSQLITE driver gave no sqlite3 handle"_s);
    sqlite3 *sqlite = *static_cast<sqlite3 *const *>(handle.constData());
    int steps = 0;
    sqlite3_set_authorizer(sqlite, &allowSchemaOnly, nullptr);
    sqlite3_limit(sqlite, SQLITE_LIMIT_LENGTH, 1 << 20);
    for (const SqlSplitter::Statement &statement : *statements) {
        if (!isSchemaStatement(statement.sql))
            continue;
        steps = 0;
        sqlite3_progress_handler(sqlite, 100, &stopLongStatements, &steps);
        QSqlQuery query(db);
        (void)query.exec(statement.sql);
        sqlite3_progress_handler(sqlite, 0, nullptr, nullptr);
    }
    sqlite3_set_authorizer(sqlite, nullptr, nullptr);

    // The inspector's own queries are reads of sqlite_master and pragmas.
    const SqliteInspector inspector(db);
    const Result<MetaData> metadata = inspector.reflect({u"alembic_version"_s});
    if (!metadata)
        fuzz::expectSentence(metadata.error());
    const Result<QList<SchemaObject>> objects = inspector.schemaObjects();
    if (!objects)
        fuzz::expectSentence(objects.error());
}
