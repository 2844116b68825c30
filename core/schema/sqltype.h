#pragma once

#include <optional>
#include <vector>

#include <QString>
#include <QStringList>

namespace pm {

// A column type, mirroring SQLAlchemy's generic types plus SQLModel's
// AutoString and GUID. Dialect SQL lives in dialect/; this knows only what
// the type is and how Alembic spells it in a migration script.
struct SqlType
{
    enum class Kind {
        Integer,
        BigInteger,
        SmallInteger,
        Boolean,
        Float,
        Numeric,
        String,
        AutoString,
        Text,
        Date,
        DateTime,
        Time,
        LargeBinary,
        Enum,
        Json,
        Uuid,
        Interval,
        Array, // sa.ARRAY / postgresql.ARRAY of itemType
        // A type reflected from a database that maps to none of the above;
        // rawName keeps the declared SQL so nothing is lost.
        Other,
        Null,
    };

    Kind kind = Kind::Null;
    std::optional<int> length;    // String, AutoString, Text
    std::optional<int> precision; // Numeric, Float; TIMESTAMP/TIME/INTERVAL(precision=)
    std::optional<int> scale;     // Numeric
    bool timezone = false;        // DateTime, Time
    QStringList enumValues;       // Enum
    // Enum: the type's name (PostgreSQL's type, and the name of its CHECK);
    // Boolean: the name of its CHECK.
    QString enumName;
    // Enum: native_enum=False makes it a VARCHAR everywhere.
    bool nativeEnum = true;
    // Enum, Boolean: create_constraint=True adds a CHECK of the values where
    // the type is not native (SQLAlchemy 1.4's default is False).
    bool createConstraint = false;
    // Enum: postgresql.ENUM(create_type=False) leaves CREATE TYPE to the
    // script; the schema the PostgreSQL type lives in (schema=, or the
    // table's with inherit_schema=True), empty for the search path.
    bool createType = true;
    QString enumSchema;
    // inherit_schema=True: enumSchema becomes the table's when the column
    // joins one (Enum._set_table), as the readers of scripts resolve it.
    bool inheritSchema = false;
    // Array: the element type (exactly one) and dimensions=.
    std::vector<SqlType> itemType;
    std::optional<int> dimensions;
    // postgresql.INTERVAL(fields='DAY TO SECOND').
    QString intervalFields;
    // JSON(none_as_null=True): a Python None binds as SQL NULL, not as the
    // JSON text 'null'. Not in the DDL, so generic() drops it.
    bool noneAsNull = false;
    QString rawName;              // Other: the declared type as written
    // Reflected types keep SQLAlchemy's spelling of them: the uppercase SQL
    // class ("VARCHAR", "INTEGER") and, for dialect classes such as SQLite's
    // DATETIME, the dialect module ("sqlite"). Both empty for generic types.
    // Alembic renders them differently (sa.VARCHAR(), sqlite.DATETIME()).
    QString upperName;
    QString dialectModule;
    // SQLAlchemy's generic subclasses that change nothing in the DDL and so
    // compile as their base kind: "Unicode" (a String), "UnicodeText" (a
    // Text), "PickleType" (a LargeBinary holding pickled Python objects).
    // Alembic spells the subclass in scripts; empty for the base class.
    QString subclass;

    static SqlType integer() { return {Kind::Integer}; }
    static SqlType bigInteger() { return {Kind::BigInteger}; }
    static SqlType smallInteger() { return {Kind::SmallInteger}; }
    static SqlType boolean() { return {Kind::Boolean}; }
    static SqlType floating(std::optional<int> precision = {});
    static SqlType numeric(std::optional<int> precision = {}, std::optional<int> scale = {});
    static SqlType string(std::optional<int> length = {});
    static SqlType autoString(std::optional<int> length = {});
    static SqlType text(std::optional<int> length = {});
    static SqlType date() { return {Kind::Date}; }
    static SqlType dateTime(bool timezone = false);
    static SqlType time(bool timezone = false);
    static SqlType largeBinary(std::optional<int> length = {});
    static SqlType unicode(std::optional<int> length = {});
    static SqlType unicodeText(std::optional<int> length = {});
    static SqlType pickle();
    static SqlType enumeration(QStringList values, QString name = {});
    static SqlType json() { return {Kind::Json}; }
    static SqlType uuid() { return {Kind::Uuid}; }
    static SqlType interval() { return {Kind::Interval}; }
    static SqlType array(SqlType item, std::optional<int> dimensions = {});
    // A PostgreSQL type SQLAlchemy renders by its name alone
    // (postgresql.INET, TSVECTOR, HSTORE, ...): Other, spelled as that class.
    static SqlType postgresqlNamed(const QString &upperName);
    static SqlType other(QString declared);

    // The same type as its reflected uppercase/dialect spelling.
    SqlType spelledAs(QString upper, QString dialect = {}) const;
    // The generic form, dropping reflected spelling; used to compare types.
    SqlType generic() const;

    bool isNull() const { return kind == Kind::Null; }
    bool isInteger() const;
    bool isString() const; // String, AutoString, Text

    // The class name as SQLAlchemy/SQLModel spells it: "Integer", "AutoString".
    QString className() const;
    // The Python module that defines the class: "sqlalchemy" for generic
    // types, "sqlmodel.sql.sqltypes" for SQLModel's.
    QString pythonModule() const;
    // The repr() SQLAlchemy gives the type, without module prefix:
    // "String(length=50)", "Enum('a', 'b', name='mood')".
    QString pythonRepr() const;

    friend bool operator==(const SqlType &, const SqlType &) = default;
};

// Python's repr() of a str: single quotes unless the text has a single quote
// and no double quote, escapes as Python writes them.
QString pythonStringRepr(const QString &text);

} // namespace pm
