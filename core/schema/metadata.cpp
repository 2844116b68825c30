#include "schema/metadata.h"

#include <algorithm>

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
    m_tables.append(std::move(t));
    return {};
}

void MetaData::putTable(Table t)
{
    if (Table *existing = table(t.name, t.schema)) {
        *existing = std::move(t);
        return;
    }
    m_tables.append(std::move(t));
}

bool MetaData::removeTable(const QString &name, const QString &schema)
{
    return m_tables.removeIf([&](const Table &t) { return t.name == name && t.schema == schema; }) > 0;
}

const Table *MetaData::table(const QString &name, const QString &schema) const
{
    for (const Table &t : m_tables) {
        if (t.name == name && t.schema == schema)
            return &t;
    }
    return nullptr;
}

Table *MetaData::table(const QString &name, const QString &schema)
{
    for (Table &t : m_tables) {
        if (t.name == name && t.schema == schema)
            return &t;
    }
    return nullptr;
}

QStringList MetaData::tableNames() const
{
    QStringList names;
    for (const Table &t : m_tables)
        names << t.name;
    return names;
}

QList<Table> MetaData::sortedTables() const
{
    QList<Table> pending = m_tables;
    std::stable_sort(pending.begin(), pending.end(), [](const Table &a, const Table &b) {
        return a.qualifiedName() < b.qualifiedName();
    });
    QSet<QString> known;
    for (const Table &t : pending)
        known.insert(t.qualifiedName());

    QList<Table> sorted;
    QSet<QString> emitted;
    while (!pending.isEmpty()) {
        bool progressed = false;
        for (qsizetype i = 0; i < pending.size(); ++i) {
            const Table &t = pending.at(i);
            const bool ready = std::ranges::all_of(t.constraints, [&](const Constraint &c) {
                if (!c.isForeignKey())
                    return true;
                const QString target = c.referredSchema.isEmpty() ? c.referredTable
                                                                  : c.referredSchema + u'.' + c.referredTable;
                return target == t.qualifiedName() || !known.contains(target) || emitted.contains(target);
            });
            if (ready) {
                emitted.insert(t.qualifiedName());
                sorted.append(pending.takeAt(i));
                progressed = true;
                break;
            }
        }
        // A foreign-key cycle: SQLAlchemy warns and emits the rest by name.
        if (!progressed) {
            sorted.append(pending);
            break;
        }
    }
    return sorted;
}

} // namespace pm
