#pragma once

#include <optional>

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include "ops/schemaelement.h"
#include "schema/column.h"
#include "schema/constraint.h"
#include "schema/metadata.h"

namespace pm {

// What happened to one element between two schemas.
enum class ElementChange {
    Unchanged,
    Added,   // only in the second schema
    Removed, // only in the first: drawn as a struck-through ghost
    Changed, // in both, different (a column's type, nullability or default; a constraint's definition)
};

// Something to say about one element, pinned on it in the diagram: what a
// step destroys or why it will fail (the impact report, with row counts),
// or how the live database differs from its migrations (drift).
struct DiagramFinding
{
    enum class Kind { Destroys, WillFail, Drift };
    Kind kind = Kind::Destroys;
    SchemaElementRef element;
    QString text;     // "drops 1,204 non-NULL values"
    qint64 rows = 0;
    QString revision; // the step it comes from, when known
    int line = 0;     // 1-based line of the operation in its script, 0 when unknown

    friend bool operator==(const DiagramFinding &, const DiagramFinding &) = default;
};

struct DiagramColumn
{
    QString name;    // the name it ends with; a removed column's last name
    QString oldName; // the name it had before a rename; empty when not renamed
    ElementChange change = ElementChange::Unchanged;
    std::optional<Column> before; // absent when added
    std::optional<Column> after;  // absent when removed
    // Marks, from the table the column is in at the end (the first one for a
    // removed column).
    bool primaryKey = false;
    bool unique = false;
    bool indexed = false;
    QString references; // "user.id": the column is (part of) a foreign key to there
    QList<DiagramFinding> findings;

    const Column &current() const { return after ? *after : *before; }
    bool isRenamed() const { return !oldName.isEmpty() && oldName != name; }
    bool typeChanged() const { return before && after && before->type != after->type; }
    bool nullabilityChanged() const { return before && after && before->nullable != after->nullable; }
    bool defaultChanged() const { return before && after && before->serverDefault != after->serverDefault; }
};

struct DiagramIndex
{
    QString name;
    QStringList columns;
    bool unique = false;
    ElementChange change = ElementChange::Unchanged;
    QList<DiagramFinding> findings;
};

struct DiagramConstraint
{
    QString name; // empty: unnamed
    Constraint::Kind kind = Constraint::Kind::Unique;
    QString text; // "UNIQUE (email)", "FOREIGN KEY (owner_id) → user (id)", the new text when changed
    QString oldText; // the old definition when changed
    ElementChange change = ElementChange::Unchanged;
    QList<DiagramFinding> findings;
    // The columns it constrains and, for a foreign key, what it refers to.
    QStringList columns;
    QString referredSchema;
    QString referredTable;
    QStringList referredColumns;
};

struct DiagramTable
{
    QString name; // the name it ends with; a removed table's last name
    QString schema;
    QString oldName; // before a rename_table; empty otherwise
    ElementChange change = ElementChange::Unchanged;
    // A SQLite batch block recreates it ("move and copy"): every row is
    // copied into a new table.
    bool rebuilt = false;
    QList<DiagramColumn> columns; // the final order, removed ones where they were
    QList<DiagramConstraint> constraints;
    QList<DiagramIndex> indexes;
    QList<DiagramFinding> findings; // about the table as a whole

    SchemaElementRef ref() const { return SchemaElementRef::ofTable(name, schema); }
    bool isRenamed() const { return !oldName.isEmpty() && oldName != name; }
    QString qualifiedName() const { return schema.isEmpty() ? name : schema + u'.' + name; }
    // Whether anything in or about the table differs.
    bool isTouched() const;
    int columnIndex(const QString &column) const; // by name, then by old name; -1
};

// A foreign key drawn as an edge, from the referencing table's columns to the
// referred table.
struct DiagramEdge
{
    int fromTable = -1; // index into SchemaDiagram::tables
    int toTable = -1;
    QStringList fromColumns;
    QStringList toColumns;
    QString constraintName;
    ElementChange change = ElementChange::Unchanged;
};

// How one schema became another (or simply one schema), element by element:
// the model the schema view draws and the change list points into. Built
// from two MetaData and the renames between them; knows nothing of
// operations or widgets.
class SchemaDiagram
{
public:
    enum class Kind {
        Schema, // one schema: every element Unchanged
        Change, // a migration: before → after
        Drift,  // what the migrations build → what the database has
    };

    // Renames from the first schema to the second, keyed by qualified new
    // table name ("pet", "zoo.pet"): the old table name, and per table new
    // column -> old column.
    struct Renames
    {
        QHash<QString, QString> tables;
        QHash<QString, QHash<QString, QString>> columns;
        bool isEmpty() const { return tables.isEmpty() && columns.isEmpty(); }
    };

    // An element's place in the diagram.
    struct Location
    {
        int table = -1;
        SchemaElementRef::Kind kind = SchemaElementRef::Kind::Table;
        int index = -1; // column, index or constraint within the table; -1 for the table
        bool isValid() const { return table >= 0; }
        friend bool operator==(const Location &, const Location &) = default;
    };

    SchemaDiagram() = default;

    static SchemaDiagram ofSchema(const MetaData &schema);
    static SchemaDiagram ofChange(const MetaData &before, const MetaData &after, const Renames &renames = {},
                                  const QSet<QString> &rebuiltTables = {}, Kind kind = Kind::Change);

    Kind kind() const { return m_kind; }
    const QList<DiagramTable> &tables() const { return m_tables; }
    const QList<DiagramEdge> &edges() const { return m_edges; }
    // Findings whose element is not drawn (an op.execute, a table that is
    // in neither schema); shown beside the diagram.
    const QList<DiagramFinding> &unplacedFindings() const { return m_unplaced; }

    // By its name at the end, else by the name it had (a rename's old name):
    // the operations of a migration name elements as they were at their step.
    Location locate(const SchemaElementRef &ref) const;
    // The reference that names a location (its name at the end).
    SchemaElementRef refAt(const Location &location) const;
    int tableIndex(const QString &name, const QString &schema = {}) const;

    // Pins a finding on its element, else on the element's table, else keeps
    // it unplaced.
    void addFinding(const DiagramFinding &finding);
    // Elements that differ (tables, columns, indexes, constraints).
    int changedElementCount() const;
    QList<DiagramFinding> allFindings() const;

private:
    static DiagramTable tableOf(const Table *before, const Table *after, const Renames &renames);
    void buildEdges();

    Kind m_kind = Kind::Schema;
    QList<DiagramTable> m_tables; // by qualified name
    QList<DiagramEdge> m_edges;
    QList<DiagramFinding> m_unplaced;
};

} // namespace pm
