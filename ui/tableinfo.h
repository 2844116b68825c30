#pragma once

#include <optional>

#include <QList>
#include <QString>

class QSqlDatabase;

namespace pm {

// What the data views need to know about one live table, read by reflection
// so that a column a migration adds shows up without code changes.
//
// Read with SQLite's table-valued PRAGMA functions for now; once
// pm::SqliteInspector lands this becomes an adapter over its pm::Table.
struct TableInfo
{
    struct Column
    {
        // SQLite's type affinity (sqlite.org/datatype3.html §3.1) plus the
        // declared types the views treat specially.
        enum class Kind { Integer, Real, Numeric, Text, Blob, Boolean, Date, DateTime };

        QString name;
        QString declaredType;
        Kind kind = Kind::Numeric;
        bool notNull = false;
        bool primaryKey = false;
        bool hasDefault = false;
        int maxLength = 0; // VARCHAR(n); 0 when unbounded
        QString refTable;  // foreign key target, empty when none
        QString refColumn;
        QString refLabelColumn; // what to show instead of the key ("name")

        bool isForeignKey() const { return !refTable.isEmpty(); }
        // An INTEGER PRIMARY KEY: the rowid, filled in by SQLite.
        bool isAutoKey() const { return primaryKey && kind == Kind::Integer; }
        bool isNumeric() const;
        // "owner_id" -> "Owner", "weight_kg" -> "Weight kg": for sentences.
        QString displayName() const;
    };

    QString name;
    QList<Column> columns;

    int indexOf(const QString &columnName) const;

    // std::nullopt when the table does not exist (an older revision).
    static std::optional<TableInfo> reflect(const QSqlDatabase &db, const QString &table);
    static Column::Kind kindOf(const QString &declaredType);
    // "name" with embedded quotes doubled: the one identifier quoting helper
    // of ui/ (core/dialect's takes over when it lands).
    static QString quote(const QString &identifier);
};

} // namespace pm
