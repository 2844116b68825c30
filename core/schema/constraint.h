#pragma once

#include <QString>
#include <QStringList>

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

    // Check
    QString sqlText;

    static Constraint primaryKey(QStringList columns, QString name = {});
    static Constraint foreignKey(QStringList columns, QString referredTable, QStringList referredColumns,
                                 QString name = {});
    static Constraint unique(QStringList columns, QString name = {});
    static Constraint check(QString sqlText, QString name = {});

    bool isPrimaryKey() const { return kind == Kind::PrimaryKey; }
    bool isForeignKey() const { return kind == Kind::ForeignKey; }
    bool isUnique() const { return kind == Kind::Unique; }
    bool isCheck() const { return kind == Kind::Check; }

    friend bool operator==(const Constraint &, const Constraint &) = default;
};

} // namespace pm
