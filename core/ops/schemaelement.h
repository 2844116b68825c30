#pragma once

#include <QList>
#include <QString>

namespace pm {

struct Operation;

// One thing of a schema a person can point at: a table, or a column, index
// or constraint of a table. The vocabulary that lets the change list, the
// schema diagram, the impact report and the script editor talk about the
// same element without sharing their own types.
struct SchemaElementRef
{
    enum class Kind { Table, Column, Index, Constraint };

    Kind kind = Kind::Table;
    QString schema; // empty: the default schema
    QString table;
    QString name;   // column, index or constraint name; empty for a Table (and an unnamed constraint)

    static SchemaElementRef ofTable(QString table, QString schema = {});
    static SchemaElementRef ofColumn(QString table, QString column, QString schema = {});
    static SchemaElementRef ofIndex(QString table, QString index, QString schema = {});
    static SchemaElementRef ofConstraint(QString table, QString constraint, QString schema = {});

    // The table this element belongs to (itself for a Table).
    SchemaElementRef tableRef() const { return ofTable(table, schema); }
    // "pet", "pet.owner_id", "pet: index ix_pet_name", "main.pet: constraint fk_pet_owner_id_user"
    QString toString() const;

    friend bool operator==(const SchemaElementRef &, const SchemaElementRef &) = default;
};

size_t qHash(const SchemaElementRef &ref, size_t seed = 0);

// The elements an operation adds, removes or changes, most specific first:
// add_column names its column (and the table it changes), create_table its
// table, a batch block everything its operations touch plus its table.
// op.execute touches nothing we can name.
QList<SchemaElementRef> elementsTouchedBy(const Operation &operation);

} // namespace pm
