#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include "base/result.h"
#include "schema/metadata.h"
#include "schema/sqltype.h"

namespace pm {

// Reads one schema of a live PostgreSQL database (QPSQL) into a MetaData,
// as SQLAlchemy 1.4's PostgreSQL dialect reflects it (get_columns,
// get_pk_constraint, get_foreign_keys, get_unique_constraints,
// get_check_constraints, get_indexes) after Alembic's PostgresqlImpl has
// corrected it for autogenerate:
//  - an integer column whose default is nextval() of a sequence it owns
//    (SERIAL), or an identity column, has no server default and
//    Autoincrement::Yes;
//  - indexes that back a primary key, unique or exclusion constraint are
//    not listed (the constraint is);
//  - expression indexes are skipped and partial indexes lose their WHERE,
//    as in SQLAlchemy.
//
// The whole schema costs six queries whatever the number of tables (tables,
// columns, enum types, constraints, indexes; one more for enumTypes()), all
// against pg_catalog, so no information_schema privilege filtering applies.
//
// Types keep SQLAlchemy's reflected spelling (spelledAs): "character
// varying(50)" is sa.VARCHAR(length=50), "timestamp without time zone" is
// postgresql.TIMESTAMP(), "double precision" postgresql.DOUBLE_PRECISION(
// precision=53), an enum postgresql.ENUM('a', 'b', name='mood'). Types
// SQLAlchemy does not know keep format_type()'s text as SqlType::other.
//
// The result has an empty naming convention and tables added with putTable.
// Tables come in name order; in each, constraints are primary key, foreign
// keys, unique, check (each kind by name), indexes by name.
class PostgresInspector final
{
public:
    // The connection must be open; the inspector only reads.
    explicit PostgresInspector(QSqlDatabase db);

    // Tables (and partitioned tables) of `schema`, or of current_schema()
    // (the first existing schema of search_path) when empty; tables of the
    // default schema have an empty Table::schema, others `schema`.
    // `excludeTables` are left out (e.g. alembic_version).
    Result<MetaData> reflect(const QStringList &excludeTables = {}, const QString &schema = {}) const;

    // The enum types of `schema` (default: current_schema()) in name order,
    // as SqlType::Kind::Enum with their labels in sort order.
    Result<QList<SqlType>> enumTypes(const QString &schema = {}) const;

    // Queries the last reflect() ran (for tests: constant in table count).
    int lastQueryCount() const { return m_queryCount; }

    // SQLAlchemy's ischema_names lookup for format_type() text such as
    // "character varying(50)" or "numeric(10,2)"; enums are resolved by
    // reflect(), not here.
    static SqlType resolveType(const QString &formatted);

private:
    Status checkUsable() const;

    QSqlDatabase m_db;
    mutable int m_queryCount = 0;
};

} // namespace pm
