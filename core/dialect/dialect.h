#pragma once

#include <optional>

#include <QString>
#include <QStringList>

#include "base/result.h"
#include "schema/constraint.h"
#include "schema/index.h"
#include "schema/serverdefault.h"
#include "schema/sqltype.h"
#include "schema/table.h"

namespace pm {

// The SQL a database speaks, as SQLAlchemy's dialect + Alembic's DDL impl
// render it. Rendering is pure: nothing here touches a connection, so the
// same code serves online upgrades and offline (--sql) scripts.
//
// Statement texts are returned in the form SQLAlchemy executes them, which
// for some statements has surrounding newlines (CREATE TABLE starts with
// "\n" and ends with "\n\n"; DROP TABLE/INDEX start with "\n"). storedForm()
// gives the text SQLite keeps in sqlite_master, offlineForm() the text
// Alembic prints in --sql mode.
class Dialect
{
public:
    virtual ~Dialect();

    virtual QString name() const = 0;

    // Identifiers -----------------------------------------------------------
    // Whether SQLAlchemy's IdentifierPreparer would quote this name.
    virtual bool requiresQuotes(const QString &identifier) const = 0;
    // Always quoted, embedded quotes doubled.
    virtual QString quoteIdentifier(const QString &identifier) const = 0;
    // Quoted only when required (SQLAlchemy's preparer.quote()).
    QString quote(const QString &identifier) const;
    // "schema.table" with each part quoted as needed.
    virtual QString formatTable(const QString &table, const QString &schema = {}) const;

    // Types and columns -----------------------------------------------------
    virtual Result<QString> typeSql(const SqlType &type) const = 0;
    // The SQL after DEFAULT.
    virtual QString serverDefaultSql(const ServerDefault &serverDefault) const = 0;
    // "name TYPE [DEFAULT x] [NOT NULL]".
    virtual Result<QString> columnSpec(const Column &column) const = 0;

    // Statements for one Alembic op each ------------------------------------
    virtual Result<QString> createTable(const Table &table) const = 0;
    virtual QString dropTable(const QString &table, const QString &schema = {}) const = 0;
    virtual Result<QString> createIndex(const QString &table, const Index &index,
                                        const QString &schema = {}) const = 0;
    virtual QString dropIndex(const QString &index, const QString &schema = {}) const = 0;
    virtual Result<QString> addColumn(const QString &table, const Column &column,
                                      const QString &schema = {}) const = 0;
    virtual QString dropColumn(const QString &table, const QString &column, const QString &schema = {}) const = 0;
    virtual QString renameColumn(const QString &table, const QString &oldName, const QString &newName,
                                 const QString &schema = {}) const = 0;
    virtual QString renameTable(const QString &oldName, const QString &newName,
                                const QString &schema = {}) const = 0;
    virtual Result<QString> addConstraint(const QString &table, const Constraint &constraint,
                                          const QString &schema = {}) const = 0;
    virtual Result<QString> dropConstraint(const QString &table, const QString &constraintName,
                                           const QString &schema = {}) const = 0;

    // What op.alter_column emits outside batch mode, in Alembic's order
    // (nullable, server default, type, name). Empty fields are unchanged.
    struct ColumnAlteration
    {
        std::optional<bool> nullable;
        // Outer unset: unchanged; inner nullopt: DROP DEFAULT.
        std::optional<std::optional<ServerDefault>> serverDefault;
        std::optional<SqlType> type;
        std::optional<QString> newName;
        // Unset: unchanged; empty: comment=None (removed).
        std::optional<QString> comment;
    };
    virtual Result<QStringList> alterColumn(const QString &table, const QString &column,
                                            const ColumnAlteration &alteration,
                                            const QString &schema = {}) const = 0;

    // op.create_table: CREATE TABLE, then CREATE INDEX for each index.
    Result<QStringList> createTableWithIndexes(const Table &table) const;

    // Statement forms --------------------------------------------------------
    // As SQLite stores it in sqlite_master: surrounding whitespace removed.
    static QString storedForm(const QString &statement);
    // As Alembic writes it in --sql mode: tabs as four spaces, trimmed,
    // then ";" and a blank line.
    static QString offlineForm(const QString &statement);
};

} // namespace pm
