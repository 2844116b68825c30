#pragma once

#include "dialect/dialect.h"

namespace pm {

// SQLite as SQLAlchemy 1.4's sqlite dialect (SQLiteIdentifierPreparer,
// SQLiteTypeCompiler, SQLiteDDLCompiler) and Alembic 1.8's SQLiteImpl render
// it. Every text here is meant to be byte-identical to theirs.
class SqliteDialect final : public Dialect
{
public:
    QString name() const override;

    bool requiresQuotes(const QString &identifier) const override;
    QString quoteIdentifier(const QString &identifier) const override;

    Result<QString> typeSql(const SqlType &type) const override;
    // SQLAlchemy's SQLite compiler puts a construct default (a SQL
    // expression other than text) in parentheses: DEFAULT (CURRENT_TIMESTAMP).
    Result<QString> columnSpec(const Column &column) const override;
    // What follows DEFAULT in columnSpec().
    Result<QString> defaultClauseSql(const ServerDefault &serverDefault) const;
    // The text SQLite keeps for `DEFAULT clause` (pragma table_info's
    // dflt_value): the expression inside `(...)` or the term itself, without
    // the enclosing whitespace (sqlite3AddDefaultValue, sqlite3DbSpanDup).
    static QString storedDefault(const QString &clause);
    // Alembic's SQLiteImpl._guess_if_default_is_unparenthesized_sql_expr:
    // a reflected default goes back into DDL in parentheses unless it is one
    // digit, a one-line quoted string or already parenthesized on one line.
    static bool isUnparenthesizedSqlExpression(const QString &sql);
    bool supportsNativeBoolean() const override { return false; }
    bool supportsNativeEnum() const override { return false; }
    std::unique_ptr<Dialect> offlineVariant() const override;

    Result<QString> createTable(const Table &table) const override;
    QString dropTable(const QString &table, const QString &schema = {}) const override;
    Result<QString> createIndex(const QString &table, const Index &index,
                                const QString &schema = {}) const override;
    QString dropIndex(const QString &index, const QString &schema = {}) const override;
    Result<QString> addColumn(const QString &table, const Column &column,
                              const QString &schema = {}) const override;
    QString dropColumn(const QString &table, const QString &column, const QString &schema = {}) const override;
    QString renameColumn(const QString &table, const QString &oldName, const QString &newName,
                         const QString &schema = {}) const override;
    QString renameTable(const QString &oldName, const QString &newName,
                        const QString &schema = {}) const override;
    // SQLite has no ALTER for constraints: both fail with Alembic's message
    // (use the batch rebuild instead).
    Result<QString> addConstraint(const QString &table, const Constraint &constraint,
                                  const QString &schema = {}) const override;
    Result<QString> dropConstraint(const QString &table, const QString &constraintName,
                                   const QString &schema = {}) const override;
    // Alembic's generic ALTER COLUMN texts. SQLite itself cannot run the
    // nullable/default/type forms; they exist for offline scripts that
    // mirror Alembic. Online, use the batch rebuild.
    Result<QStringList> alterColumn(const QString &table, const QString &column,
                                    const ColumnAlteration &alteration,
                                    const QString &schema = {}) const override;

    // One constraint as it appears inside CREATE TABLE; empty when SQLite
    // omits it (a foreign key to another schema). `table` gives the schema.
    Result<QString> constraintSql(const Constraint &constraint, const Table &table) const;

    // SQLAlchemy's type affinity class name ("Integer", "String", "Numeric",
    // "_Binary", ...): Alembic's batch mode CASTs a copied column when its
    // old and new affinities differ.
    static QString typeAffinity(const SqlType &type);

    // SQLAlchemy's SQLite reserved words, lowercase.
    static const QStringList &reservedWords();

    std::optional<QString> dialectFunctionSql(const QString &name, const QStringList &arguments) const override;
    std::optional<QString> dialectBinarySql(SqlExpression::Operator op, const QString &left,
                                            const QString &right) const override;

private:
    // columnSpec() and constraintSql() appended to the statement being
    // written (CREATE TABLE), without a string of their own; the latter
    // says whether it wrote anything.
    Status appendColumnSpec(SqlText &out, const Column &column) const;
    // typeSql() appended to the statement being written.
    Status appendTypeSql(SqlText &out, const SqlType &type) const;
    Result<bool> appendConstraintSql(SqlText &out, const Constraint &constraint, const Table &table) const;
};

} // namespace pm
