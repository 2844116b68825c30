#pragma once

#include <memory>
#include <optional>

#include <QString>
#include <QStringList>

#include "base/result.h"
#include "schema/constraint.h"
#include "schema/dmlstatement.h"
#include "schema/index.h"
#include "schema/serverdefault.h"
#include "schema/sqlexpression.h"
#include "schema/sqltype.h"
#include "schema/table.h"
#include "dialect/sqltext.h"

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
    // quote() appended where the statement is being written.
    void appendQuoted(QString &out, const QString &identifier) const;
    void appendQuoted(SqlText &out, const QString &identifier) const;
    // "schema.table" with each part quoted as needed.
    virtual QString formatTable(const QString &table, const QString &schema = {}) const;

    // Types and columns -----------------------------------------------------
    virtual Result<QString> typeSql(const SqlType &type) const = 0;
    // The SQL after DEFAULT (as ALTER COLUMN ... SET DEFAULT writes it; a
    // column specification may add parentheses around a construct).
    virtual Result<QString> serverDefaultSql(const ServerDefault &serverDefault) const;
    // "name TYPE [DEFAULT x] [NOT NULL]".
    virtual Result<QString> columnSpec(const Column &column) const = 0;

    // SQL expressions (expressioncompiler.cpp) ---------------------------
    // Compiled as SQLAlchemy 1.4's statement compiler does with
    // literal_binds, which is how DDL and Alembic's offline scripts render
    // them. `includeTable`: columns of a table clause are qualified with it
    // (UPDATE/DELETE WHERE, SET); DDL leaves them bare. `selfGroup`: the
    // parentheses SQLAlchemy's element.self_group() adds at the top level
    // (PostgreSQL index elements, UPDATE SET values).
    Result<QString> expressionSql(const SqlExpression &expression, bool includeTable = false,
                                  bool selfGroup = false) const;
    // sa.text(): bind parameters (":name") become the literal given by
    // bindparams() or NULL, as with literal_binds; "\:" becomes ":".
    Result<QString> textSql(const QString &text, const QVariantMap &bindValues = {}) const;
    // The ":name" bind parameters of a text, as SQLAlchemy's text() finds
    // them; online, Alembic fails on one that has no value.
    static QStringList textBindNames(const QString &text);
    // A value as SQLAlchemy renders a literal of `type`: strings quoted,
    // booleans per dialect, None as NULL; a NullType (a sa.column() without
    // a type) has no rendering, as in SQLAlchemy.
    virtual Result<QString> literalSql(const QVariant &value, const SqlType &type) const;
    // table.insert()/update()/delete() as op.execute() renders them with
    // literal_binds; with `bindings`, as an online run executes them, each
    // value through its type's processor (parameterSql).
    Result<QString> dmlSql(const DmlStatement &statement, QVariantList *bindings = nullptr) const;
    // An expression compiled with its values as an online statement takes
    // them (parameterSql).
    Result<QString> boundExpressionSql(const SqlExpression &expression, QVariantList &bindings,
                                       bool includeTable = false, bool selfGroup = false) const;
    // What the driver receives for a value bound as `type`: the type's
    // bind processor (SQLite's DATETIME / DATE storage formats, JSON's
    // json.dumps), else the value as the driver adapts it (sqlite3's
    // isoformat(" ") of a datetime, psycopg2's ISO text). A value no driver
    // takes (a dict for a column that is not JSON) fails as the driver does,
    // naming its 1-based `position` among the statement's parameters.
    Result<QVariant> boundValue(const QVariant &value, const SqlType &type, qsizetype position) const;
    // A value where an online statement takes it: SQLite's "?" with the
    // processed value appended to `bindings`; PostgreSQL's value inlined as
    // psycopg2 writes it ('2020-01-02T03:04:05'::timestamp, quoted text).
    Result<QString> parameterSql(const QVariant &value, const SqlType &type, QVariantList &bindings) const;
    // Whether BOOLEAN and ENUM are native types (true/false literals and no
    // CHECK for Boolean; CREATE TYPE and no CHECK for Enum).
    virtual bool supportsNativeBoolean() const = 0;
    virtual bool supportsNativeEnum() const = 0;
    // Whether a table constraint exists in this dialect's DDL (a column
    // type's CHECK exists only where the type is not native).
    bool constraintApplies(const Constraint &constraint) const;

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

    // The dialect that renders offline (--sql) scripts: PostgreSQL's offline
    // compiler escapes backslashes in literals, as SQLAlchemy does when it
    // cannot ask the server for standard_conforming_strings.
    virtual std::unique_ptr<Dialect> offlineVariant() const = 0;

    // Statement forms --------------------------------------------------------
    // As SQLite stores it in sqlite_master: surrounding whitespace removed.
    static QString storedForm(const QString &statement);
    // As Alembic writes it in --sql mode: tabs as four spaces, trimmed,
    // then ";" and a blank line.
    static QString offlineForm(const QString &statement);

    // Hooks of the expression compiler --------------------------------------
    // SQLAlchemy's visit_<name>_func for this dialect (SQLite's now() is
    // CURRENT_TIMESTAMP); nullopt for the generic rendering. `name` is
    // lowercase, `arguments` compiled.
    virtual std::optional<QString> dialectFunctionSql(const QString &name, const QStringList &arguments) const;
    // A binary operator this dialect spells its own way (PostgreSQL's
    // ILIKE, SQLite's IS NOT for IS DISTINCT FROM); nullopt for the generic.
    virtual std::optional<QString> dialectBinarySql(SqlExpression::Operator op, const QString &left,
                                                    const QString &right) const;

protected:
    // A string literal's quoting: quotes doubled (and backslashes, where
    // the dialect escapes them).
    virtual QString stringLiteralSql(const QString &value) const;
};

} // namespace pm
