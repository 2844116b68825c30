#pragma once

#include <optional>

#include <QString>

#include "schema/serverdefault.h"
#include "schema/sqltype.h"

namespace pm {

// One column of a table. Constraints the column takes part in (primary key,
// unique, foreign key) are held by the Table, as SQLAlchemy holds them once a
// Column is attached, so a differ sees one shape whatever way they were declared.
struct Column
{
    enum class Autoincrement { Auto, Yes, No };

    QString name;
    SqlType type;
    bool nullable = true;
    bool primaryKey = false;
    Autoincrement autoincrement = Autoincrement::Auto;
    std::optional<ServerDefault> serverDefault;
    QString comment;
    // Column('id', Integer, Sequence('id_seq', optional=...)): the Python-side
    // default. No DDL of its own; on PostgreSQL it keeps the column from SERIAL
    // unless optional=True (PGDDLCompiler.get_column_specification).
    QString sequence;
    bool sequenceOptional = false;
    // Column('id', Integer, Identity(always=..., start=...)): PostgreSQL
    // writes GENERATED ... AS IDENTITY instead of SERIAL and NOT NULL;
    // SQLite's DDL compiler ignores it.
    struct Identity
    {
        bool always = false;
        QString options; // get_identity_options' words, e.g. "INCREMENT BY 2 START WITH 5"
        friend bool operator==(const Identity &, const Identity &) = default;
    };
    std::optional<Identity> identity;

    friend bool operator==(const Column &, const Column &) = default;
};

} // namespace pm
