#include "schema/metadata.h"

#include <algorithm>

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace pm {

MetaData::MetaData(NamingConvention convention)
    : m_convention(std::move(convention))
{
}

Status MetaData::addTable(Table t)
{
    if (table(t.name, t.schema))
        return fail(u"Table '%1' is already defined for this MetaData instance."_s.arg(t.qualifiedName()));
    for (Constraint &c : t.constraints) {
        auto naming = m_convention.nameFor(c, t);
        if (!naming)
            return fail(u"table '%1': %2"_s.arg(t.qualifiedName(), naming.error().message));
        c.name = naming->name;
        c.conventionName = naming->fromConvention;
    }
    for (Index &i : t.indexes) {
        auto naming = m_convention.nameFor(i, t);
        if (!naming)
            return fail(u"table '%1': %2"_s.arg(t.qualifiedName(), naming.error().message));
        if (naming->name.isEmpty())
            return fail(u"table '%1': an index on (%2) has no name and the naming convention has no 'ix' key"_s
                            .arg(t.qualifiedName(), i.columns.join(u", "_s)));
        i.name = naming->name;
        i.conventionName = naming->fromConvention;
    }
    m_positions.insert(key(t.name, t.schema), m_tables.size());
    m_tables.append(std::move(t));
    return {};
}

void MetaData::putTable(Table t)
{
    if (Table *existing = table(t.name, t.schema)) {
        *existing = std::move(t);
        return;
    }
    m_positions.insert(key(t.name, t.schema), m_tables.size());
    m_tables.append(std::move(t));
}

bool MetaData::insertTable(Table t)
{
    // One lookup of the key, which a new table adds: a key that was there
    // is checked by position(), which tolerates a stale entry.
    const qsizetype keys = m_positions.size();
    qsizetype &slot = m_positions[key(t.name, t.schema)];
    if (m_positions.size() == keys && position(t.name, t.schema) >= 0)
        return false;
    slot = m_tables.size();
    m_tables.append(std::move(t));
    return true;
}

bool MetaData::removeTable(const QString &name, const QString &schema)
{
    const qsizetype at = position(name, schema);
    if (at < 0)
        return false;
    m_tables.removeAt(at);
    m_positions.remove(key(name, schema));
    for (auto it = m_positions.begin(); it != m_positions.end(); ++it) {
        if (it.value() > at)
            --it.value();
    }
    return true;
}

bool MetaData::renameTable(const QString &name, const QString &schema, const QString &newName)
{
    const qsizetype at = position(name, schema);
    if (at < 0)
        return false;
    m_positions.remove(key(name, schema));
    m_tables[at].name = newName;
    m_positions.insert(key(newName, schema), at);
    return true;
}

QString MetaData::key(const QString &name, const QString &schema)
{
    // Without a schema (most tables) the name itself, shared and not
    // built: a name with a NUL in it may then meet a schema's key, which
    // position() tolerates as it tolerates a stale entry.
    return schema.isEmpty() ? name : schema + QChar(0) + name;
}

qsizetype MetaData::position(const QString &name, const QString &schema) const
{
    // The index is kept by every method that adds, removes or renames, so a
    // miss is an answer; a stale hit can only come from a rename through
    // table()'s pointer, which the scan below tolerates.
    const qsizetype at = m_positions.value(key(name, schema), -1);
    if (at < 0)
        return -1;
    if (at < m_tables.size() && m_tables.at(at).name == name && m_tables.at(at).schema == schema)
        return at;
    for (qsizetype i = 0; i < m_tables.size(); ++i) {
        if (m_tables.at(i).name == name && m_tables.at(i).schema == schema)
            return i;
    }
    return -1;
}

const Table *MetaData::table(const QString &name, const QString &schema) const
{
    const qsizetype at = position(name, schema);
    return at < 0 ? nullptr : &m_tables.at(at);
}

Table *MetaData::table(const QString &name, const QString &schema)
{
    const qsizetype at = position(name, schema);
    return at < 0 ? nullptr : &m_tables[at];
}

QStringList MetaData::tableNames() const
{
    QStringList names;
    for (const Table &t : m_tables)
        names << t.name;
    return names;
}

namespace {

// Tables that lie on a foreign-key cycle: the members of strongly connected
// components with more than one table (Tarjan). SQLAlchemy's find_cycles
// tries every table as a start, which finds exactly these.
QSet<qsizetype> tablesOnCycles(qsizetype count, const QList<QPair<qsizetype, qsizetype>> &edges)
{
    QList<QList<qsizetype>> children(count);
    for (const auto &[parent, child] : edges)
        children[parent] << child;
    QList<qsizetype> index(count, -1), low(count, 0);
    QList<bool> onStack(count, false);
    QList<qsizetype> stack;
    QSet<qsizetype> out;
    qsizetype next = 0;
    const auto connect = [&](const auto &self, qsizetype v) -> void {
        index[v] = low[v] = next++;
        stack << v;
        onStack[v] = true;
        for (qsizetype w : std::as_const(children[v])) {
            if (index[w] < 0) {
                self(self, w);
                low[v] = std::min(low[v], low[w]);
            } else if (onStack[w]) {
                low[v] = std::min(low[v], index[w]);
            }
        }
        if (low[v] != index[v])
            return;
        QList<qsizetype> component;
        qsizetype w = -1;
        do {
            w = stack.takeLast();
            onStack[w] = false;
            component << w;
        } while (w != v);
        if (component.size() > 1)
            out.unite(QSet<qsizetype>(component.cbegin(), component.cend()));
    };
    for (qsizetype v = 0; v < count; ++v) {
        if (index[v] < 0)
            connect(connect, v);
    }
    return out;
}

// sqlalchemy.util.topological.sort: one layer at a time, each layer in the
// order of the items; empty when no item of the next layer is free.
QList<qsizetype> layers(qsizetype count, const QList<QPair<qsizetype, qsizetype>> &edges)
{
    QList<QSet<qsizetype>> parents(count);
    for (const auto &[parent, child] : edges)
        parents[child].insert(parent);
    QList<qsizetype> todo(count);
    for (qsizetype i = 0; i < count; ++i)
        todo[i] = i;
    QSet<qsizetype> todoSet(todo.cbegin(), todo.cend());
    QList<qsizetype> out;
    while (!todoSet.isEmpty()) {
        QList<qsizetype> layer;
        for (qsizetype i : std::as_const(todo)) {
            if (!parents.at(i).intersects(todoSet))
                layer << i;
        }
        if (layer.isEmpty())
            return {};
        for (qsizetype i : std::as_const(layer))
            todoSet.remove(i);
        todo.removeIf([&](qsizetype i) { return !todoSet.contains(i); });
        out << layer;
    }
    return out;
}

} // namespace

// MetaData.sorted_tables of SQLAlchemy 1.4 (sql/ddl.py
// sort_tables_and_constraints): tables by key, then sorted by layers, so a
// table comes as early as its dependencies allow, not merely after them
// ({a -> d, b -> c, c, d, e -> a} gives c, d, a, b, e). On a cycle SQLAlchemy
// warns and forgets every foreign key of the tables on it, then sorts again.
QList<Table> MetaData::sortedTables() const
{
    QList<Table> byKey = m_tables;
    std::stable_sort(byKey.begin(), byKey.end(), [](const Table &a, const Table &b) {
        return a.qualifiedName() < b.qualifiedName();
    });
    QHash<QString, qsizetype> position;
    for (qsizetype i = 0; i < byKey.size(); ++i)
        position.insert(byKey.at(i).qualifiedName(), i);

    // (referred table, table) for each foreign key to another known table.
    QList<QPair<qsizetype, qsizetype>> edges;
    for (qsizetype i = 0; i < byKey.size(); ++i) {
        for (const Constraint &c : byKey.at(i).constraints) {
            if (!c.isForeignKey())
                continue;
            const QString target = c.referredSchema.isEmpty() ? c.referredTable
                                                              : c.referredSchema + u'.' + c.referredTable;
            const qsizetype parent = position.value(target, -1);
            if (parent >= 0 && parent != i && !edges.contains(qMakePair(parent, i)))
                edges.append(qMakePair(parent, i));
        }
    }

    QList<qsizetype> order = layers(byKey.size(), edges);
    if (order.isEmpty() && !byKey.isEmpty()) {
        const QSet<qsizetype> cycles = tablesOnCycles(byKey.size(), edges);
        edges.removeIf([&](const QPair<qsizetype, qsizetype> &e) { return cycles.contains(e.second); });
        order = layers(byKey.size(), edges);
    }
    if (order.isEmpty())
        return byKey; // unreachable: without the cycles' edges the graph is acyclic
    QList<Table> sorted;
    for (qsizetype i : std::as_const(order))
        sorted << byKey.at(i);
    return sorted;
}

} // namespace pm
