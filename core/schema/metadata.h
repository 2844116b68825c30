#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include "base/result.h"
#include "schema/namingconvention.h"
#include "schema/table.h"

namespace pm {

// A set of tables, like SQLAlchemy's MetaData: what the models declare or
// what reflection found. Adding a table names its unnamed constraints and
// indexes by the naming convention, as SQLAlchemy does on attach.
class MetaData
{
public:
    MetaData() = default; // SQLAlchemy's default convention (ix only)
    explicit MetaData(NamingConvention convention);

    const NamingConvention &namingConvention() const { return m_convention; }

    // Fails on a duplicate table or a convention that cannot be applied
    // (e.g. %(constraint_name)s on an unnamed constraint).
    Status addTable(Table table);
    // Replaces the table of the same name, or adds it; no convention applied.
    void putTable(Table table);
    // Adds the table unless one of its name exists (false); no convention
    // applied. One lookup where table() then putTable() took three.
    bool insertTable(Table table);
    bool removeTable(const QString &name, const QString &schema = {});
    // Renames in place, keeping the table's position; false when absent.
    bool renameTable(const QString &name, const QString &schema, const QString &newName);

    // Found through a name index (migrations of thousands of tables look
    // tables up at every step): rename with renameTable(), never through
    // the returned pointer.
    const Table *table(const QString &name, const QString &schema = {}) const;
    Table *table(const QString &name, const QString &schema = {});
    const QList<Table> &tables() const { return m_tables; }
    QStringList tableNames() const;
    bool isEmpty() const { return m_tables.isEmpty(); }

    // Tables ordered so that each comes after the tables its foreign keys
    // refer to, exactly as SQLAlchemy's MetaData.sorted_tables orders them.
    QList<Table> sortedTables() const;

    friend bool operator==(const MetaData &, const MetaData &) = default;

private:
    static QString key(const QString &name, const QString &schema);
    qsizetype position(const QString &name, const QString &schema) const;

    NamingConvention m_convention;
    QList<Table> m_tables;
    QHash<QString, qsizetype> m_positions; // key() -> index into m_tables
};

} // namespace pm
