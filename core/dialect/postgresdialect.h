#pragma once

#include <QSet>

#include "dialect/dialect.h"

namespace pm {

// PostgreSQL as SQLAlchemy 1.4's postgresql dialect (PGIdentifierPreparer,
// PGTypeCompiler, PGDDLCompiler) and Alembic 1.8's PostgresqlImpl render
// it. Every text here is meant to be byte-identical to theirs, including
// Alembic's quirks (a trailing space after ALTER COLUMN ... TYPE without
// USING; RENAME TO with the schema on the new name).
//
// Named ENUM types live outside tables: createTableStatements() and
// dropTableStatements() give the CREATE TYPE / DROP TYPE that SQLAlchemy's
// table events add around op.create_table / op.drop_table.
class PostgresDialect final : public Dialect
{
public:
    // `backslashEscapes`: SQLAlchemy's _backslash_escapes, which it assumes
    // when it has no server to ask (offline scripts): backslashes in string
    // literals are doubled. Online, the server's standard_conforming_strings
    // is on (PostgreSQL >= 9.1) and literals keep them single.
    explicit PostgresDialect(bool backslashEscapes = false);

    QString name() const override;
    bool supportsNativeBoolean() const override { return true; }
    bool supportsNativeEnum() const override { return true; }
    std::unique_ptr<Dialect> offlineVariant() const override;

    bool requiresQuotes(const QString &identifier) const override;
    QString quoteIdentifier(const QString &identifier) const override;

    Result<QString> typeSql(const SqlType &type) const override;
    // A primary key column alone, as Alembic's add_column sees it (the only
    // column of a fresh Table): SERIAL when SQLAlchemy would pick it.
    Result<QString> columnSpec(const Column &column) const override;

    Result<QString> createTable(const Table &table) const override;
    QString dropTable(const QString &table, const QString &schema = {}) const override;
    Result<QString> createIndex(const QString &table, const Index &index,
                                const QString &schema = {}) const override;
    QString dropIndex(const QString &index, const QString &schema = {}) const override;
    // With postgresql_concurrently=True.
    QString dropIndex(const QString &index, const QString &schema, bool concurrently) const;
    Result<QString> addColumn(const QString &table, const Column &column,
                              const QString &schema = {}) const override;
    QString dropColumn(const QString &table, const QString &column, const QString &schema = {}) const override;
    QString renameColumn(const QString &table, const QString &oldName, const QString &newName,
                         const QString &schema = {}) const override;
    QString renameTable(const QString &oldName, const QString &newName,
                        const QString &schema = {}) const override;
    Result<QString> addConstraint(const QString &table, const Constraint &constraint,
                                  const QString &schema = {}) const override;
    Result<QString> dropConstraint(const QString &table, const QString &constraintName,
                                   const QString &schema = {}) const override;
    // PostgresqlImpl's order: TYPE first, then nullable, default, name.
    Result<QStringList> alterColumn(const QString &table, const QString &column,
                                    const ColumnAlteration &alteration,
                                    const QString &schema = {}) const override;
    // The same with postgresql_using=`usingExpression` (needs a type).
    Result<QStringList> alterColumn(const QString &table, const QString &column,
                                    const ColumnAlteration &alteration, const QString &usingExpression,
                                    const QString &schema) const;

    // op.create_table on PostgreSQL: CREATE TYPE for each named enum the
    // table uses (first use only), CREATE TABLE, CREATE INDEX each index,
    // COMMENT ON TABLE / COLUMN. `createdEnums`, when given, holds the enum
    // names a run has created so far and is updated: SQLAlchemy keeps that
    // memo on Alembic's impl, so a second table using the same enum in one
    // run does not create it again. Keys are "schema.name".
    Result<QStringList> createTableStatements(const Table &table, QSet<QString> *createdEnums = nullptr) const;
    // Table.drop() / metadata.drop_all: DROP TABLE, then DROP TYPE for each
    // named enum it uses. (Alembic's op.drop_table knows no columns and
    // leaves the types behind: use dropTable() to match it.)
    Result<QStringList> dropTableStatements(const Table &table) const;
    // CREATE TYPE / DROP TYPE of a named enum, in its enumSchema.
    Result<QString> createEnumType(const SqlType &enumType) const;
    Result<QString> dropEnumType(const SqlType &enumType) const;
    // SetColumnComment / SetTableComment; an empty comment is NULL (drop).
    QString columnCommentSql(const QString &table, const QString &column, const QString &comment,
                             const QString &schema = {}) const;
    QString tableCommentSql(const QString &table, const QString &comment, const QString &schema = {}) const;

    // One constraint as it appears inside CREATE TABLE or after ADD.
    Result<QString> constraintSql(const Constraint &constraint) const;
    // The column SQLAlchemy renders as SERIAL (Table._autoincrement_column,
    // then PGDDLCompiler's checks); nullptr when there is none.
    const Column *serialColumn(const Table &table) const;

    // SQLAlchemy's PostgreSQL reserved words, lowercase.
    static const QStringList &reservedWords();

    std::optional<QString> dialectFunctionSql(const QString &name, const QStringList &arguments) const override;
    std::optional<QString> dialectBinarySql(SqlExpression::Operator op, const QString &left,
                                            const QString &right) const override;

protected:
    // Quotes doubled, and backslashes when escaping them. ('%' is not
    // doubled: Alembic's env.py template compiles offline scripts with the
    // "named" paramstyle, and online the server receives one '%'.)
    QString stringLiteralSql(const QString &value) const override;

private:
    Result<QString> columnSpec(const Column &column, bool serial) const;
    // A constraint or index name as format_constraint/format_index renders
    // it: convention names over 63 characters are truncated with an md5
    // suffix, other over-long names are an error.
    Result<QString> formatName(const QString &name, bool conventionName) const;

    bool m_backslashEscapes = false;
};

} // namespace pm
