#pragma once

#include <optional>

#include <QString>
#include <QStringList>

#include "schema/sqlexpression.h"

namespace pm {

// A table constraint. One struct for the four kinds keeps declaration order
// across kinds, which is the order SQLAlchemy writes them in CREATE TABLE.
struct Constraint
{
    enum class Kind { PrimaryKey, ForeignKey, Unique, Check };

    Kind kind = Kind::Unique;
    QString name;                // empty: unnamed
    bool conventionName = false; // the name came from a naming convention (op.f() in scripts)
    QStringList columns;         // local columns (not used by Check)

    // ForeignKey
    QString referredSchema;
    QString referredTable;
    QStringList referredColumns;
    QString onDelete;
    QString onUpdate;
    QString deferrable; // "", "DEFERRABLE", "NOT DEFERRABLE"
    QString initially;  // "", "DEFERRED", "IMMEDIATE"
    QString match;      // "", "FULL", "PARTIAL", "SIMPLE"
    // use_alter=True: created by ALTER TABLE after the tables, so a dialect
    // that can ALTER constraints (SQLAlchemy's supports_alter: PostgreSQL,
    // not SQLite) leaves it out of CREATE TABLE.
    bool useAlter = false;

    // Check: the condition as SQL text (a string or sa.text()), or, when
    // `condition` is set, as an expression the dialect compiles.
    QString sqlText;
    std::optional<SqlExpression> condition;

    // When the constraint exists. A CHECK that SQLAlchemy adds for a column
    // type (Enum / Boolean with create_constraint=True) exists only where
    // the database lacks the native type, and Alembic's add_column skips it
    // on SQLite (SQLite cannot ALTER constraints) instead of failing.
    enum class Rule { Always, UnlessNativeEnum, UnlessNativeBoolean };
    Rule rule = Rule::Always;
    bool typeConstraint = false; // made by a column's type, whatever its rule

    // PostgreSQL: postgresql_not_valid=True (CHECK and FOREIGN KEY).
    bool postgresqlNotValid = false;

    static Constraint primaryKey(QStringList columns, QString name = {});
    static Constraint foreignKey(QStringList columns, QString referredTable, QStringList referredColumns,
                                 QString name = {});
    static Constraint unique(QStringList columns, QString name = {});
    static Constraint check(QString sqlText, QString name = {});
    static Constraint check(SqlExpression condition, QString name = {});

    bool isPrimaryKey() const { return kind == Kind::PrimaryKey; }
    bool isForeignKey() const { return kind == Kind::ForeignKey; }
    bool isUnique() const { return kind == Kind::Unique; }
    bool isCheck() const { return kind == Kind::Check; }

    friend bool operator==(const Constraint &, const Constraint &) = default;
};

} // namespace pm
