#include "runtime/versiontable.h"

#include <QSqlError>
#include <QSqlQuery>

#include "runtime/databaseconnection.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QString literal(const QString &value)
{
    if (!value.contains(u'\''))
        return u'\'' + value + u'\'';
    return u'\'' + QString(value).replace(u"'"_s, u"''"_s) + u'\'';
}

} // namespace

VersionTable::VersionTable(QString name, QString schema)
    : m_name(std::move(name))
    , m_schema(std::move(schema))
{
}

QString VersionTable::qualifiedName() const
{
    return m_schema.isEmpty() ? m_name : m_schema + u'.' + m_name;
}

QString VersionTable::createSql() const
{
    return u"CREATE TABLE %1 (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT %2_pkc PRIMARY KEY (version_num)\n)"_s
        .arg(qualifiedName(), m_name);
}

QString VersionTable::dropSql() const
{
    return u"DROP TABLE %1"_s.arg(qualifiedName());
}

QString VersionTable::insertSql(const QString &revision, bool returning) const
{
    QString sql = u"INSERT INTO %1 (version_num) VALUES (%2)"_s.arg(qualifiedName(), literal(revision));
    if (returning)
        sql += u" RETURNING %1.version_num"_s.arg(qualifiedName());
    return sql;
}

// SQLAlchemy qualifies a column of a table with a schema by that schema too.
QString VersionTable::updateSql(const QString &from, const QString &to) const
{
    // One concatenation, not QString::arg(): the offline writer makes one
    // of these per revision. A revision id has no quote to double.
    const QString table = qualifiedName();
    if (!from.contains(u'\'') && !to.contains(u'\''))
        return u"UPDATE "_s % table % u" SET version_num='" % to % u"' WHERE " % table % u".version_num = '" % from
            % u'\'';
    return u"UPDATE "_s + table + u" SET version_num="_s + literal(to) + u" WHERE "_s + table
        + u".version_num = "_s + literal(from);
}

QString VersionTable::deleteSql(const QString &revision) const
{
    const QString table = qualifiedName();
    return u"DELETE FROM "_s + table + u" WHERE "_s + table + u".version_num = "_s + literal(revision);
}

Result<bool> VersionTable::exists(const QSqlDatabase &db) const
{
    QSqlQuery q(db);
    if (db.driverName() == u"QSQLITE") {
        q.prepare(m_schema.isEmpty()
                      ? u"SELECT 1 FROM sqlite_master WHERE type='table' AND name=?"_s
                      : u"SELECT 1 FROM \"%1\".sqlite_master WHERE type='table' AND name=?"_s.arg(m_schema));
        q.addBindValue(m_name);
    } else {
        q.prepare(u"SELECT 1 FROM pg_catalog.pg_tables WHERE tablename = ? AND schemaname = "
                  u"coalesce(nullif(?, ''), current_schema())"_s);
        q.addBindValue(m_name);
        q.addBindValue(m_schema);
    }
    if (!q.exec())
        return fail(describeSqlError(u"cannot read the version table"_s, q.lastError()));
    return q.next();
}

Result<QStringList> VersionTable::heads(const QSqlDatabase &db) const
{
    auto present = exists(db);
    if (!present)
        return std::unexpected(present.error());
    if (!*present)
        return QStringList();
    QSqlQuery q(db);
    if (!q.exec(u"SELECT version_num FROM %1"_s.arg(qualifiedName())))
        return fail(describeSqlError(u"cannot read %1"_s.arg(qualifiedName()), q.lastError()));
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

Status VersionTable::create(const QSqlDatabase &db) const
{
    QSqlQuery q(db);
    if (!q.exec(createSql()))
        return fail(describeSqlError(u"cannot create %1"_s.arg(qualifiedName()), q.lastError()));
    return {};
}

Status VersionTable::insert(const QSqlDatabase &db, const QString &revision) const
{
    return Writer(*this, db).insert(revision);
}

Status VersionTable::update(const QSqlDatabase &db, const QString &from, const QString &to) const
{
    return Writer(*this, db).update(from, to);
}

Status VersionTable::remove(const QSqlDatabase &db, const QString &revision) const
{
    return Writer(*this, db).remove(revision);
}

VersionTable::Writer::Writer(const VersionTable &table, const QSqlDatabase &db)
    : m_table(table)
    , m_insert{QSqlQuery(db)}
    , m_update{QSqlQuery(db)}
    , m_remove{QSqlQuery(db)}
{
}

bool VersionTable::Writer::ready(Statement &s, const QString &sql)
{
    if (!s.prepared)
        s.prepared = s.query.prepare(sql);
    return s.prepared;
}

Status VersionTable::Writer::insert(const QString &revision)
{
    QSqlQuery &q = m_insert.query;
    const bool ok = ready(m_insert, u"INSERT INTO %1 (version_num) VALUES (?)"_s.arg(m_table.qualifiedName()));
    if (ok)
        q.addBindValue(revision);
    if (!ok || !q.exec())
        return fail(describeSqlError(u"cannot record revision %1"_s.arg(revision), q.lastError()));
    q.finish();
    return {};
}

Status VersionTable::Writer::update(const QString &from, const QString &to)
{
    QSqlQuery &q = m_update.query;
    const bool ok = ready(m_update, u"UPDATE %1 SET version_num=? WHERE %2.version_num = ?"_s.arg(m_table.qualifiedName(),
                                                                                         m_table.m_name));
    if (ok) {
        q.addBindValue(to);
        q.addBindValue(from);
    }
    if (!ok || !q.exec())
        return fail(describeSqlError(u"cannot update revision %1 to %2"_s.arg(from, to), q.lastError()));
    const int rows = q.numRowsAffected();
    q.finish();
    if (rows != 1)
        // Alembic's wording for the same check in HeadMaintainer.update_to_step.
        return fail(u"Online migration expected to match one row when updating '%1' to '%2' in '%3'; %4 found"_s
                        .arg(from, to, m_table.m_name)
                        .arg(rows));
    return {};
}

Status VersionTable::Writer::remove(const QString &revision)
{
    QSqlQuery &q = m_remove.query;
    const bool ok = ready(m_remove, u"DELETE FROM %1 WHERE %2.version_num = ?"_s.arg(m_table.qualifiedName(), m_table.m_name));
    if (ok)
        q.addBindValue(revision);
    if (!ok || !q.exec())
        return fail(describeSqlError(u"cannot remove revision %1"_s.arg(revision), q.lastError()));
    const int rows = q.numRowsAffected();
    q.finish();
    if (rows != 1)
        return fail(u"Online migration expected to match one row when deleting '%1' in '%2'; %3 found"_s
                        .arg(revision, m_table.m_name)
                        .arg(rows));
    return {};
}

} // namespace pm
