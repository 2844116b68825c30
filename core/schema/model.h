#pragma once

#include <optional>

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QTime>
#include <QUuid>

#include "base/result.h"
#include "schema/constraint.h"
#include "schema/sqltype.h"
#include "schema/table.h"

namespace pm {

// SQLModel's Field(...): the options a model field can carry. Written with
// designated initializers, a declaration reads like the Python one:
//     field<std::optional<int>>(u"id"_s, {.primaryKey = true})
//     id: Optional[int] = Field(default=None, primary_key=True)
struct Field
{
    bool primaryKey = false;
    bool index = false;
    bool unique = false;
    QString foreignKey; // "table.column"
    QString onDelete;   // for foreignKey: "CASCADE", "SET NULL", ...
    QString onUpdate;
    std::optional<bool> nullable;       // overrides what the C++ type says
    std::optional<int> maxLength;       // str fields: AutoString(length=n)
    std::optional<ServerDefault> serverDefault;
    std::optional<SqlType> type;        // overrides the type the C++ type maps to
};

// How a C++ field type maps to a column type, as SQLModel maps Python's:
// int -> Integer, QString -> AutoString, std::optional<T> -> nullable.
template<typename T>
struct FieldType;

template<> struct FieldType<int> { static SqlType type() { return SqlType::integer(); } };
template<> struct FieldType<qint64> { static SqlType type() { return SqlType::bigInteger(); } };
template<> struct FieldType<bool> { static SqlType type() { return SqlType::boolean(); } };
template<> struct FieldType<double> { static SqlType type() { return SqlType::floating(); } };
template<> struct FieldType<QString> { static SqlType type() { return SqlType::autoString(); } };
template<> struct FieldType<QDate> { static SqlType type() { return SqlType::date(); } };
template<> struct FieldType<QDateTime> { static SqlType type() { return SqlType::dateTime(); } };
template<> struct FieldType<QTime> { static SqlType type() { return SqlType::time(); } };
template<> struct FieldType<QByteArray> { static SqlType type() { return SqlType::largeBinary(); } };
template<> struct FieldType<QUuid> { static SqlType type() { return SqlType::uuid(); } };

template<typename T>
struct IsOptional : std::false_type {};
template<typename T>
struct IsOptional<std::optional<T>> : std::true_type
{
    using Inner = T;
};

struct FieldDeclaration
{
    QString name;
    SqlType type;
    bool optional = false; // Optional[...] in SQLModel terms
    Field options;
};

template<typename T>
FieldDeclaration field(QString name, Field options = {})
{
    if constexpr (IsOptional<T>::value)
        return {std::move(name), FieldType<typename IsOptional<T>::Inner>::type(), true, std::move(options)};
    else
        return {std::move(name), FieldType<T>::type(), false, std::move(options)};
}

// A table as a SQLModel class with table=True declares it: columns in field
// order; nullable unless a primary key or a non-Optional type; unique=True
// gives a UniqueConstraint, index=True an Index (unique when both),
// foreign_key a ForeignKeyConstraint. `tableArgs` are __table_args__.
Result<Table> model(QString tableName, QList<FieldDeclaration> fields, QList<Constraint> tableArgs = {});

} // namespace pm
