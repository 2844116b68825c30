#include "autogenerate/renameproposal.h"

#include <algorithm>
#include <cmath>
#include <array>
#include <numeric>
#include <tuple>

#include <QHash>
#include <QSet>

#include "autogenerate/typecomparison.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QString qualified(const QString &schema, const QString &name)
{
    return schema.isEmpty() ? name : schema + u'.' + name;
}

QString ordinal(int zeroBased)
{
    const int n = zeroBased + 1;
    const int lastTwo = n % 100;
    const int last = n % 10;
    const char *suffix = (lastTwo >= 11 && lastTwo <= 13) ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
    return QString::number(n) + QLatin1StringView(suffix);
}

enum class Family { Integer, Numeric, Text, Boolean, Temporal, Time, Binary, Json, Interval, Other };

Family familyOf(const SqlType &type)
{
    switch (type.kind) {
    case SqlType::Kind::Integer:
    case SqlType::Kind::BigInteger:
    case SqlType::Kind::SmallInteger:
        return Family::Integer;
    case SqlType::Kind::Float:
    case SqlType::Kind::Numeric:
        return Family::Numeric;
    case SqlType::Kind::String:
    case SqlType::Kind::AutoString:
    case SqlType::Kind::Text:
    case SqlType::Kind::Enum:
    case SqlType::Kind::Uuid:
        return Family::Text;
    case SqlType::Kind::Boolean:
        return Family::Boolean;
    case SqlType::Kind::Date:
    case SqlType::Kind::DateTime:
        return Family::Temporal;
    case SqlType::Kind::Time:
        return Family::Time;
    case SqlType::Kind::LargeBinary:
        return Family::Binary;
    case SqlType::Kind::Json:
        return Family::Json;
    case SqlType::Kind::Interval:
        return Family::Interval;
    case SqlType::Kind::Other:
    case SqlType::Kind::Null:
        return Family::Other;
    }
    return Family::Other;
}

// Same, compatible (the values carry over: a wider or narrower number, a
// string of another length, a date with a time), or nullopt.
std::optional<RenameEvidence::TypeMatch> matchTypes(const SqlType &old, const SqlType &now, const Dialect *dialect)
{
    if (typecomparison::isNullType(old) || typecomparison::isNullType(now))
        return RenameEvidence::TypeMatch::Compatible;
    if (!typecomparison::typesDiffer(old, now, dialect))
        return RenameEvidence::TypeMatch::Same;
    const Family a = familyOf(old), b = familyOf(now);
    if (a == Family::Other || b == Family::Other) {
        if (old.kind == SqlType::Kind::Other && now.kind == SqlType::Kind::Other
            && old.rawName.compare(now.rawName, Qt::CaseInsensitive) == 0)
            return RenameEvidence::TypeMatch::Same;
        return std::nullopt;
    }
    const auto among = [&](Family x, Family y) { return (a == x && b == y) || (a == y && b == x); };
    if (a == b || among(Family::Integer, Family::Numeric) || among(Family::Integer, Family::Boolean))
        return RenameEvidence::TypeMatch::Compatible;
    return std::nullopt;
}

int positionOf(const MetaData &metadata, const QString &schema, const QString &table, const QString &column)
{
    const Table *t = metadata.table(table, schema);
    if (!t)
        return -1;
    for (int i = 0; i < int(t->columns.size()); ++i) {
        if (t->columns.at(i).name == column)
            return i;
    }
    return -1;
}

double columnScore(const RenameEvidence &e)
{
    double score = e.type == RenameEvidence::TypeMatch::Same ? 0.35 : 0.15;
    if (e.sameNullability)
        score += 0.15;
    if (e.oldPosition >= 0 && e.newPosition >= 0) {
        const int off = std::abs(e.oldPosition - e.newPosition);
        score += off == 0 ? 0.2 : off == 1 ? 0.1 : 0.0;
    }
    return score + 0.3 * e.nameSimilarity;
}

struct Dropped
{
    QString schema, table;
    Column column;
};

struct Added
{
    QString schema, table;
    Column column;
};

// difflib's find_longest_match without junk: the longest block, earliest in
// a, then earliest in b.
struct Block
{
    int i, j, size;
};

Block longestMatch(const QString &a, int alo, int ahi, const QString &b, int blo, int bhi)
{
    Block best{alo, blo, 0};
    QHash<int, int> lengths; // j -> length of the match ending at (i - 1, j)
    for (int i = alo; i < ahi; ++i) {
        QHash<int, int> next;
        for (int j = blo; j < bhi; ++j) {
            if (b.at(j) != a.at(i))
                continue;
            const int k = lengths.value(j - 1) + 1;
            next.insert(j, k);
            if (k > best.size)
                best = {i - k + 1, j - k + 1, k};
        }
        lengths = std::move(next);
    }
    return best;
}

} // namespace

double nameSimilarity(const QString &a, const QString &b)
{
    const qsizetype total = a.size() + b.size();
    if (total == 0)
        return 1.0;
    int matched = 0;
    QList<std::array<int, 4>> queue{{0, int(a.size()), 0, int(b.size())}};
    while (!queue.isEmpty()) {
        const auto [alo, ahi, blo, bhi] = queue.takeLast();
        const Block m = longestMatch(a, alo, ahi, b, blo, bhi);
        if (m.size == 0)
            continue;
        matched += m.size;
        if (alo < m.i && blo < m.j)
            queue.append({alo, m.i, blo, m.j});
        if (m.i + m.size < ahi && m.j + m.size < bhi)
            queue.append({m.i + m.size, ahi, m.j + m.size, bhi});
    }
    return 2.0 * matched / double(total);
}

QString RenameProposal::question() const
{
    if (kind == Kind::Table)
        return u"renamed table %1 → %2?"_s.arg(qualified(table.schema, table.oldName), table.newName);
    const QString t = qualified(column.schema, column.table);
    return u"renamed %1.%2 → %1.%3?"_s.arg(t, column.oldName, column.newName);
}

QStringList RenameProposal::evidenceText() const
{
    QStringList out;
    const RenameEvidence &e = evidence;
    if (kind == Kind::Table) {
        out << (e.sharedColumns == 1 ? u"the same column"_s : u"the same %1 columns"_s.arg(e.sharedColumns));
        out << (e.type == RenameEvidence::TypeMatch::Same ? u"same column types"_s : u"compatible column types"_s);
        out << (e.sameNullability ? u"nullability kept"_s : u"nullability changes"_s);
    } else {
        out << (e.type == RenameEvidence::TypeMatch::Same ? u"same type %1"_s.arg(e.oldType)
                                                          : u"type %1 → %2"_s.arg(e.oldType, e.newType));
        out << (e.sameNullability ? u"nullability kept"_s : u"nullability changes"_s);
        if (e.oldPosition >= 0 && e.newPosition >= 0)
            out << (e.oldPosition == e.newPosition
                        ? u"same position (%1)"_s.arg(ordinal(e.oldPosition))
                        : u"position %1 → %2"_s.arg(ordinal(e.oldPosition), ordinal(e.newPosition)));
    }
    out << u"names %1% alike"_s.arg(qRound(e.nameSimilarity * 100));
    return out;
}

QList<RenameProposal> proposeRenames(const OperationList &upgrade, const MetaData &database, const MetaData &target,
                                     const Dialect *dialect)
{
    QList<Dropped> dropped;
    QList<Added> added;
    QList<DropTableOp> droppedTables;
    QList<Table> createdTables;
    const auto visit = [&](const Operation &op, const QString &batchTable, const QString &batchSchema) {
        const auto tableOf = [&](const QString &name) { return name.isEmpty() ? batchTable : name; };
        if (const auto *o = op.as<DropColumnOp>()) {
            const QString schema = o->schema.isEmpty() ? batchSchema : o->schema;
            std::optional<Column> column = o->existing;
            if (!column) {
                if (const Table *t = database.table(tableOf(o->tableName), schema); t && t->column(o->columnName))
                    column = *t->column(o->columnName);
            }
            if (column)
                dropped << Dropped{schema, tableOf(o->tableName), *column};
        } else if (const auto *o = op.as<AddColumnOp>()) {
            added << Added{o->schema.isEmpty() ? batchSchema : o->schema, tableOf(o->tableName), o->column};
        } else if (const auto *o = op.as<DropTableOp>()) {
            DropTableOp d = *o;
            if (!d.existing) {
                if (const Table *t = database.table(o->tableName, o->schema))
                    d.existing = *t;
            }
            if (d.existing)
                droppedTables << d;
        } else if (const auto *o = op.as<CreateTableOp>()) {
            createdTables << o->table;
        }
    };
    for (const Operation &op : upgrade) {
        if (const auto *batch = op.as<BatchAlterTableOp>()) {
            for (const Operation &inner : batch->ops)
                visit(inner, batch->tableName, batch->schema);
        } else {
            visit(op, QString(), QString());
        }
    }

    QList<RenameProposal> proposals;
    for (const Dropped &d : std::as_const(dropped)) {
        for (const Added &a : std::as_const(added)) {
            if (a.table != d.table || a.schema != d.schema)
                continue;
            const auto type = matchTypes(d.column.type, a.column.type, dialect);
            if (!type)
                continue;
            RenameProposal p;
            p.kind = RenameProposal::Kind::Column;
            p.column = ColumnRename{d.schema, d.table, d.column.name, a.column.name};
            RenameEvidence &e = p.evidence;
            e.type = *type;
            e.oldType = d.column.type.pythonRepr();
            e.newType = a.column.type.pythonRepr();
            e.sameNullability = d.column.nullable == a.column.nullable;
            e.oldPosition = positionOf(database, d.schema, d.table, d.column.name);
            e.newPosition = positionOf(target, a.schema, a.table, a.column.name);
            e.nameSimilarity = nameSimilarity(d.column.name, a.column.name);
            p.score = columnScore(e);
            proposals << p;
        }
    }
    for (const DropTableOp &d : std::as_const(droppedTables)) {
        for (const Table &c : std::as_const(createdTables)) {
            if (c.schema != d.schema)
                continue;
            QStringList oldNames = d.existing->columnNames(), newNames = c.columnNames();
            oldNames.sort();
            newNames.sort();
            if (oldNames != newNames || oldNames.isEmpty())
                continue;
            RenameEvidence e;
            e.sharedColumns = int(oldNames.size());
            bool compatible = true;
            for (const Column &old : d.existing->columns) {
                const Column *now = c.column(old.name);
                const auto type = matchTypes(old.type, now->type, dialect);
                if (!type) {
                    compatible = false;
                    break;
                }
                if (*type == RenameEvidence::TypeMatch::Compatible)
                    e.type = RenameEvidence::TypeMatch::Compatible;
                if (old.nullable != now->nullable)
                    e.sameNullability = false;
            }
            if (!compatible)
                continue;
            e.nameSimilarity = nameSimilarity(d.tableName, c.name);
            RenameProposal p;
            p.kind = RenameProposal::Kind::Table;
            p.table = TableRename{d.schema, d.tableName, c.name};
            p.evidence = e;
            p.score = 0.4 + (e.type == RenameEvidence::TypeMatch::Same ? 0.2 : 0.1) + (e.sameNullability ? 0.1 : 0.0)
                + 0.3 * e.nameSimilarity;
            proposals << p;
        }
    }

    // The most likely pairing: highest scores first, each drop and each add
    // taken once. Ties break by names, so the pairing never depends on the
    // order the comparison found them in.
    QList<qsizetype> order(proposals.size());
    std::iota(order.begin(), order.end(), 0);
    const auto key = [&](qsizetype i) {
        const RenameProposal &p = proposals.at(i);
        return std::tuple(-p.score, p.from().toString(), p.to().toString());
    };
    std::ranges::stable_sort(order, [&](qsizetype a, qsizetype b) { return key(a) < key(b); });
    QSet<SchemaElementRef> usedFrom, usedTo;
    QHash<SchemaElementRef, int> fromCount, toCount;
    for (const RenameProposal &p : std::as_const(proposals)) {
        ++fromCount[p.from()];
        ++toCount[p.to()];
    }
    for (qsizetype i : std::as_const(order)) {
        RenameProposal &p = proposals[i];
        p.ambiguous = fromCount.value(p.from()) > 1 || toCount.value(p.to()) > 1;
        if (!usedFrom.contains(p.from()) && !usedTo.contains(p.to())) {
            p.best = true;
            usedFrom.insert(p.from());
            usedTo.insert(p.to());
        }
    }
    QList<RenameProposal> sorted;
    for (qsizetype i : std::as_const(order)) {
        if (proposals.at(i).best)
            sorted << proposals.at(i);
    }
    for (qsizetype i : std::as_const(order)) {
        if (!proposals.at(i).best)
            sorted << proposals.at(i);
    }
    return sorted;
}

} // namespace pm
