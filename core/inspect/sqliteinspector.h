#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include "base/result.h"
#include "dialect/schemaobject.h"
#include "schema/metadata.h"
#include "schema/sqltype.h"

namespace pm {

// Reads the schema of a live SQLite database (QSQLITE) into a MetaData, as
// SQLAlchemy 1.4's SQLite dialect reflects it (get_columns,
// get_pk_constraint, get_foreign_keys, get_unique_constraints,
// get_check_constraints, get_indexes), so autogenerate compares what Alembic
// would compare.
//
// The whole schema costs four queries whatever the number of tables:
// sqlite_master, then pragma_table_xinfo / pragma_foreign_key_list /
// pragma_index_list+pragma_index_info joined with sqlite_master.
//
// The result has an empty naming convention and tables added with putTable,
// so every name is the one found in the database. Tables come in name order;
// in each, constraints are primary key, foreign keys, unique, check (each
// kind in SQLAlchemy's order), indexes by name.
//
// Where SQLAlchemy's result is lossy the inspector stays with it, except:
//  - an inline (column-level) REFERENCES keeps the ON DELETE/ON UPDATE the
//    database reports (SQLAlchemy drops them), since a rebuild from the
//    reflected table must not lose a CASCADE;
//  - a column whose type maps to NullType keeps its declared text in
//    SqlType::rawName ("" for no type), so a rebuild writes it back.
// Expression indexes are skipped and partial indexes lose their WHERE, as in
// SQLAlchemy; SchemaObject rows still hold their SQL.
class SqliteInspector final
{
public:
    // The connection must be open; the inspector only reads.
    explicit SqliteInspector(QSqlDatabase db);

    // Tables other than sqlite_* and `excludeTables` (e.g. alembic_version).
    Result<MetaData> reflect(const QStringList &excludeTables = {}) const;
    // Every row of sqlite_master in its stored order (for BatchRecreate).
    Result<QList<SchemaObject>> schemaObjects() const;
    // A table's CREATE TABLE as stored, found by exact name as SQLAlchemy's
    // _get_table_sql finds it; empty when there is no such table.
    Result<QString> tableSql(const QString &table, const QString &schema = {}) const;

    // Queries the last reflect() ran (for tests: constant in table count).
    int lastQueryCount() const { return m_queryCount; }

    // SQLAlchemy's SQLiteDialect._resolve_type_affinity, with the reflected
    // spelling kept (spelledAs). `declared` is the type as pragma reports it.
    static SqlType resolveType(const QString &declared);

private:
    Status checkUsable() const;

    QSqlDatabase m_db;
    mutable int m_queryCount = 0;
};

} // namespace pm
