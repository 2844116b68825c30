#include "diagram/schemadiagram.h"

#include <algorithm>

#include "diagram/elementtext.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QString keyOf(const QString &name, const QString &schema)
{
    return schema.isEmpty() ? name : schema + u'.' + name;
}

QStringList renamedColumns(const QStringList &columns, const QHash<QString, QString> &oldToNew)
{
    QStringList out;
    out.reserve(columns.size());
    for (const QString &c : columns)
        out << oldToNew.value(c, c);
    return out;
}

// Constraints are matched by name; unnamed ones by what they are.
QString constraintKey(const Constraint &c, const QStringList &columns)
{
    if (!c.name.isEmpty())
        return c.name;
    return u"%1:%2>%3.%4(%5)|%6"_s.arg(int(c.kind))
        .arg(columns.join(u','), c.referredSchema, c.referredTable, c.referredColumns.join(u','), c.sqlText);
}

DiagramConstraint diagramConstraint(const Constraint &c, const QStringList &columns, ElementChange change)
{
    Constraint shown = c;
    shown.columns = columns;
    DiagramConstraint out;
    out.name = c.name;
    out.kind = c.kind;
    out.text = constraintText(shown);
    out.change = change;
    out.columns = columns;
    out.referredSchema = c.referredSchema;
    out.referredTable = c.referredTable;
    out.referredColumns = c.referredColumns;
    return out;
}

// A foreign key to a table (or column) renamed in the same change follows
// it: that is no change of the key.
void followRenames(Constraint &c, const SchemaDiagram::Renames &renames)
{
    if (!c.isForeignKey())
        return;
    for (auto it = renames.tables.cbegin(); it != renames.tables.cend(); ++it) {
        const QString schema = it.key().contains(u'.') ? it.key().section(u'.', 0, -2) : QString();
        if (it.value() == c.referredTable && schema == c.referredSchema) {
            c.referredTable = it.key().section(u'.', -1);
            break;
        }
    }
    const QHash<QString, QString> columns = renames.columns.value(keyOf(c.referredTable, c.referredSchema));
    for (QString &column : c.referredColumns) {
        for (auto it = columns.cbegin(); it != columns.cend(); ++it) {
            if (it.value() == column) {
                column = it.key();
                break;
            }
        }
    }
}

bool sameColumn(const Column &a, const Column &b)
{
    return a.type == b.type && a.nullable == b.nullable && a.serverDefault == b.serverDefault
           && a.comment == b.comment && a.primaryKey == b.primaryKey;
}

void markColumn(DiagramColumn &column, const Table &table)
{
    const QString &name = column.name;
    column.primaryKey = column.current().primaryKey;
    column.unique = false;
    column.indexed = false;
    column.references.clear();
    for (const Constraint &c : table.constraints) {
        if (c.isPrimaryKey() && c.columns.contains(name))
            column.primaryKey = true;
        else if (c.isUnique() && c.columns == QStringList{name})
            column.unique = true;
        else if (c.isForeignKey() && column.references.isEmpty() && c.columns.contains(name)) {
            const QString referred = c.referredColumns.value(c.columns.indexOf(name));
            column.references = keyOf(c.referredTable, c.referredSchema) + (referred.isEmpty() ? QString() : u'.' + referred);
        }
    }
    for (const Index &i : table.indexes) {
        if (i.columns.contains(name))
            column.indexed = true;
        if (i.unique && i.columns == QStringList{name})
            column.unique = true;
    }
}

} // namespace

bool DiagramTable::isTouched() const
{
    if (change != ElementChange::Unchanged || isRenamed() || rebuilt)
        return true;
    const auto changed = [](const auto &list) {
        return std::any_of(list.cbegin(), list.cend(),
                           [](const auto &e) { return e.change != ElementChange::Unchanged; });
    };
    return changed(columns) || changed(constraints) || changed(indexes);
}

int DiagramTable::columnIndex(const QString &column) const
{
    for (int i = 0; i < columns.size(); ++i) {
        if (columns.at(i).name == column)
            return i;
    }
    for (int i = 0; i < columns.size(); ++i) {
        if (columns.at(i).isRenamed() && columns.at(i).oldName == column)
            return i;
    }
    return -1;
}

DiagramTable SchemaDiagram::tableOf(const Table *before, const Table *after, const Renames &renames)
{
    DiagramTable table;
    const Table &current = after ? *after : *before;
    table.name = current.name;
    table.schema = current.schema;
    if (before && after && before->name != after->name)
        table.oldName = before->name;
    const QHash<QString, QString> columnRenames =
        after ? renames.columns.value(keyOf(after->name, after->schema)) : QHash<QString, QString>();

    // The renames that really happened here, both ways.
    QHash<QString, QString> oldToNew, newToOld;
    if (before && after) {
        for (auto it = columnRenames.cbegin(); it != columnRenames.cend(); ++it) {
            if (after->column(it.key()) && before->column(it.value())) {
                oldToNew.insert(it.value(), it.key());
                newToOld.insert(it.key(), it.value());
            }
        }
    }

    // Columns: the final order, each removed one after the column that
    // preceded it before.
    QSet<QString> matchedOld;
    if (after) {
        for (const Column &c : after->columns) {
            DiagramColumn column;
            column.name = c.name;
            column.after = c;
            const QString old = newToOld.value(c.name, c.name);
            // A column named as one that was renamed away is a new one.
            const bool known = newToOld.contains(c.name) || !oldToNew.contains(c.name);
            const Column *b = before && known ? before->column(old) : nullptr;
            if (b) {
                column.before = *b;
                matchedOld.insert(old);
                if (old != c.name)
                    column.oldName = old;
                column.change = sameColumn(*b, c) && old == c.name ? ElementChange::Unchanged : ElementChange::Changed;
            } else {
                column.change = ElementChange::Added;
            }
            markColumn(column, *after);
            table.columns << column;
        }
    }
    if (before) {
        int insertAt = 0;
        for (const Column &b : before->columns) {
            if (matchedOld.contains(b.name)) {
                const QString now = oldToNew.value(b.name, b.name);
                for (int i = 0; i < table.columns.size(); ++i) {
                    if (table.columns.at(i).name == now && table.columns.at(i).change != ElementChange::Removed) {
                        insertAt = i + 1;
                        break;
                    }
                }
                continue;
            }
            DiagramColumn column;
            column.name = b.name;
            column.before = b;
            column.change = ElementChange::Removed;
            markColumn(column, *before);
            table.columns.insert(insertAt++, column);
        }
    }

    // Constraints (the primary key only when it changes: the column marks say it).
    QHash<QString, const Constraint *> beforeConstraints;
    QStringList beforeOrder;
    if (before) {
        for (const Constraint &c : before->constraints) {
            const QStringList cols = renamedColumns(c.columns, oldToNew);
            const QString key = constraintKey(c, cols);
            beforeConstraints.insert(key, &c);
            beforeOrder << key;
        }
    }
    QSet<QString> seen;
    if (after) {
        for (const Constraint &c : after->constraints) {
            const QString key = constraintKey(c, c.columns);
            seen.insert(key);
            const Constraint *b = before ? beforeConstraints.value(key) : nullptr;
            ElementChange change = ElementChange::Added;
            DiagramConstraint shown = diagramConstraint(c, c.columns, change);
            if (b) {
                Constraint mapped = *b;
                mapped.columns = renamedColumns(b->columns, oldToNew);
                followRenames(mapped, renames);
                mapped.name = c.name;
                mapped.conventionName = c.conventionName;
                shown.change = mapped == c ? ElementChange::Unchanged : ElementChange::Changed;
                if (shown.change == ElementChange::Changed)
                    shown.oldText = constraintText(*b);
            }
            if (c.isPrimaryKey() && shown.change == ElementChange::Unchanged)
                continue;
            table.constraints << shown;
        }
    }
    for (const QString &key : std::as_const(beforeOrder)) {
        if (seen.contains(key))
            continue;
        const Constraint *b = beforeConstraints.value(key);
        if (after == nullptr && b->isPrimaryKey())
            continue; // a removed table's key is on its columns
        table.constraints << diagramConstraint(*b, b->columns, ElementChange::Removed);
    }

    // Indexes, by name.
    if (after) {
        for (const Index &i : after->indexes) {
            DiagramIndex index{i.name, i.columns, i.unique, ElementChange::Added, {}};
            if (before) {
                for (const Index &b : before->indexes) {
                    if (b.name != i.name)
                        continue;
                    const bool same = renamedColumns(b.columns, oldToNew) == i.columns && b.unique == i.unique;
                    index.change = same ? ElementChange::Unchanged : ElementChange::Changed;
                }
            }
            table.indexes << index;
        }
    }
    if (before) {
        for (const Index &b : before->indexes) {
            const bool kept = after && std::any_of(after->indexes.cbegin(), after->indexes.cend(),
                                                   [&](const Index &i) { return i.name == b.name; });
            if (!kept)
                table.indexes << DiagramIndex{b.name, b.columns, b.unique, ElementChange::Removed, {}};
        }
    }

    if (!after || !before) {
        // Everything of an added table is added, of a removed one removed.
        const ElementChange all = after ? ElementChange::Added : ElementChange::Removed;
        table.change = all;
        for (DiagramColumn &c : table.columns)
            c.change = all;
        for (DiagramConstraint &c : table.constraints)
            c.change = all;
        for (DiagramIndex &i : table.indexes)
            i.change = all;
    } else {
        table.change = ElementChange::Unchanged;
        if (table.isTouched() || before->comment != after->comment)
            table.change = ElementChange::Changed;
    }
    return table;
}

SchemaDiagram SchemaDiagram::ofSchema(const MetaData &schema)
{
    SchemaDiagram diagram;
    diagram.m_kind = Kind::Schema;
    for (const Table &t : schema.tables())
        diagram.m_tables << tableOf(&t, &t, {});
    std::stable_sort(diagram.m_tables.begin(), diagram.m_tables.end(),
                     [](const DiagramTable &a, const DiagramTable &b) { return a.qualifiedName() < b.qualifiedName(); });
    diagram.buildEdges();
    return diagram;
}

SchemaDiagram SchemaDiagram::ofChange(const MetaData &before, const MetaData &after, const Renames &renames,
                                      const QSet<QString> &rebuiltTables, Kind kind)
{
    SchemaDiagram diagram;
    diagram.m_kind = kind;
    // Old table names a rename took away: a table of that name at the end is a new one.
    QSet<QString> renamedAway;
    for (const Table &a : after.tables()) {
        const QString key = keyOf(a.name, a.schema);
        const QString old = renames.tables.value(key);
        if (!old.isEmpty() && old != a.name && before.table(old, a.schema))
            renamedAway.insert(keyOf(old, a.schema));
    }
    QSet<QString> matched;
    for (const Table &a : after.tables()) {
        const QString key = keyOf(a.name, a.schema);
        QString old = renames.tables.value(key);
        const Table *b = nullptr;
        if (!old.isEmpty() && old != a.name)
            b = before.table(old, a.schema);
        else if (!renamedAway.contains(key))
            b = before.table(a.name, a.schema);
        if (b)
            matched.insert(keyOf(b->name, b->schema));
        DiagramTable table = tableOf(b, &a, renames);
        table.rebuilt = b && rebuiltTables.contains(key);
        if (table.rebuilt)
            table.change = ElementChange::Changed;
        diagram.m_tables << table;
    }
    for (const Table &b : before.tables()) {
        if (!matched.contains(keyOf(b.name, b.schema)))
            diagram.m_tables << tableOf(&b, nullptr, renames);
    }
    std::stable_sort(diagram.m_tables.begin(), diagram.m_tables.end(),
                     [](const DiagramTable &a, const DiagramTable &b) { return a.qualifiedName() < b.qualifiedName(); });
    diagram.buildEdges();
    return diagram;
}

void SchemaDiagram::buildEdges()
{
    m_edges.clear();
    for (int t = 0; t < m_tables.size(); ++t) {
        for (const DiagramConstraint &c : std::as_const(m_tables.at(t).constraints)) {
            if (c.kind != Constraint::Kind::ForeignKey)
                continue;
            int to = tableIndex(c.referredTable, c.referredSchema);
            if (to < 0) {
                const Location old = locate(SchemaElementRef::ofTable(c.referredTable, c.referredSchema));
                to = old.table;
            }
            if (to < 0)
                continue; // refers to a table not drawn (another schema)
            m_edges << DiagramEdge{t, to, c.columns, c.referredColumns, c.name, c.change};
        }
    }
}

int SchemaDiagram::tableIndex(const QString &name, const QString &schema) const
{
    const auto it = std::lower_bound(m_tables.cbegin(), m_tables.cend(), keyOf(name, schema),
                                     [](const DiagramTable &t, const QString &key) { return t.qualifiedName() < key; });
    // Names can repeat (a removed table and a new one of the same name):
    // the one that exists at the end comes first.
    int found = -1;
    for (auto i = it; i != m_tables.cend() && i->qualifiedName() == keyOf(name, schema); ++i) {
        if (found < 0 || m_tables.at(found).change == ElementChange::Removed)
            found = int(i - m_tables.cbegin());
    }
    return found;
}

SchemaDiagram::Location SchemaDiagram::locate(const SchemaElementRef &ref) const
{
    Location location;
    if (ref.table.isEmpty() && ref.kind == SchemaElementRef::Kind::Index) {
        // drop_index without its table: any table's index of that name.
        for (int t = 0; t < m_tables.size(); ++t) {
            const QList<DiagramIndex> &indexes = m_tables.at(t).indexes;
            for (int i = 0; i < indexes.size(); ++i) {
                if (indexes.at(i).name == ref.name)
                    return Location{t, ref.kind, i};
            }
        }
        return location;
    }
    int t = tableIndex(ref.table, ref.schema);
    if (t < 0) {
        for (int i = 0; i < m_tables.size(); ++i) {
            if (m_tables.at(i).isRenamed() && m_tables.at(i).oldName == ref.table && m_tables.at(i).schema == ref.schema)
                t = i;
        }
    }
    if (t < 0)
        return location;
    const DiagramTable &table = m_tables.at(t);
    switch (ref.kind) {
    case SchemaElementRef::Kind::Table:
        return Location{t, ref.kind, -1};
    case SchemaElementRef::Kind::Column: {
        const int c = table.columnIndex(ref.name);
        return c < 0 ? location : Location{t, ref.kind, c};
    }
    case SchemaElementRef::Kind::Index:
        for (int i = 0; i < table.indexes.size(); ++i) {
            if (table.indexes.at(i).name == ref.name)
                return Location{t, ref.kind, i};
        }
        return location;
    case SchemaElementRef::Kind::Constraint:
        for (int i = 0; i < table.constraints.size(); ++i) {
            if (!ref.name.isEmpty() && table.constraints.at(i).name == ref.name)
                return Location{t, ref.kind, i};
        }
        return location;
    }
    return location;
}

SchemaElementRef SchemaDiagram::refAt(const Location &location) const
{
    if (!location.isValid() || location.table >= m_tables.size())
        return {};
    const DiagramTable &table = m_tables.at(location.table);
    switch (location.kind) {
    case SchemaElementRef::Kind::Table:
        return table.ref();
    case SchemaElementRef::Kind::Column:
        return SchemaElementRef::ofColumn(table.name, table.columns.value(location.index).name, table.schema);
    case SchemaElementRef::Kind::Index:
        return SchemaElementRef::ofIndex(table.name, table.indexes.value(location.index).name, table.schema);
    case SchemaElementRef::Kind::Constraint:
        return SchemaElementRef::ofConstraint(table.name, table.constraints.value(location.index).name, table.schema);
    }
    return {};
}

void SchemaDiagram::addFinding(const DiagramFinding &finding)
{
    Location at = locate(finding.element);
    if (!at.isValid())
        at = locate(finding.element.tableRef());
    if (!at.isValid()) {
        m_unplaced << finding;
        return;
    }
    DiagramTable &table = m_tables[at.table];
    switch (at.kind) {
    case SchemaElementRef::Kind::Table:
        table.findings << finding;
        break;
    case SchemaElementRef::Kind::Column:
        table.columns[at.index].findings << finding;
        break;
    case SchemaElementRef::Kind::Index:
        table.indexes[at.index].findings << finding;
        break;
    case SchemaElementRef::Kind::Constraint:
        table.constraints[at.index].findings << finding;
        break;
    }
}

int SchemaDiagram::changedElementCount() const
{
    int count = 0;
    const auto changed = [](const auto &list) {
        return int(std::count_if(list.cbegin(), list.cend(),
                                 [](const auto &e) { return e.change != ElementChange::Unchanged; }));
    };
    for (const DiagramTable &t : m_tables) {
        if (t.change == ElementChange::Added || t.change == ElementChange::Removed) {
            ++count;
            continue;
        }
        count += changed(t.columns) + changed(t.constraints) + changed(t.indexes) + (t.isRenamed() ? 1 : 0);
    }
    return count;
}

QList<DiagramFinding> SchemaDiagram::allFindings() const
{
    QList<DiagramFinding> all;
    for (const DiagramTable &t : m_tables) {
        all << t.findings;
        for (const DiagramColumn &c : t.columns)
            all << c.findings;
        for (const DiagramConstraint &c : t.constraints)
            all << c.findings;
        for (const DiagramIndex &i : t.indexes)
            all << i.findings;
    }
    all << m_unplaced;
    return all;
}

} // namespace pm
