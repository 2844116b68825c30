#pragma once

#include <optional>

#include <QList>
#include <QString>

class QSqlDatabase;

namespace pm {

// What the data views need to know about one live table, read by reflection
// so that a column a migration adds shows up without code changes.
//
// SQLite: read with its table-valued PRAGMA functions (one table, a few
// rows, on every reload). PostgreSQL: an adapter over what
// pm::PostgresInspector reflects, since PRAGMA and rowid do not exist there.
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
    // How SQL names one row and how it compares text, per backend: SQLite's
    // rowid and NOCASE; PostgreSQL's single-column integer primary key
    // (rowKey empty when there is none: the rows cannot be edited) and lower().
    bool server = false;
    QString rowKey = QStringLiteral("rowid");

    // `expression` compared and sorted ignoring case.
    QString caseless(const QString &expression) const;
    // The LIKE operator that ignores case.
    QString likeOperator() const;

    int indexOf(const QString &columnName) const;

    // std::nullopt when the table does not exist (an older revision).
    static std::optional<TableInfo> reflect(const QSqlDatabase &db, const QString &table);
    static Column::Kind kindOf(const QString &declaredType);
    // "name" with embedded quotes doubled: the one identifier quoting helper
    // of ui/ (core/dialect's takes over when it lands).
    static QString quote(const QString &identifier);
};

} // namespace pm
