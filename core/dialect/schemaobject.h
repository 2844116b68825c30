#pragma once

#include <QString>

namespace pm {

// One row of sqlite_master: what a table rebuild has to keep working
// (views and triggers are stored as their CREATE text).
struct SchemaObject
{
    QString type;      // "table", "index", "view", "trigger"
    QString name;
    QString tableName; // tbl_name: the table a trigger or index belongs to
    QString sql;       // as stored; empty for automatic indexes

    friend bool operator==(const SchemaObject &, const SchemaObject &) = default;
};

} // namespace pm
