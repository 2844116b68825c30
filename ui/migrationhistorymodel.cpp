#include "ui/migrationhistorymodel.h"

#include <algorithm>

#include <QFont>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace pm {

MigrationHistoryModel::MigrationHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

MigrationHistoryModel::~MigrationHistoryModel() = default;

void MigrationHistoryModel::setRevisions(const QList<RevisionRow> &rows, const QStringList &currentHeads)
{
    beginResetModel();
    m_rows = rows;
    m_current = currentHeads;
    const int n = int(m_rows.size());
    m_byId.clear();
    m_byId.reserve(n);
    for (int i = 0; i < n; ++i)
        m_byId.insert(m_rows.at(i).revision, i);
    m_children.fill(0, n);
    m_dependents.fill(0, n);
    QList<RevisionGraphLayout::Node> nodes;
    nodes.reserve(n);
    for (const RevisionRow &row : std::as_const(m_rows)) {
        for (const QString &down : row.downRevisions) {
            if (const int i = m_byId.value(down, -1); i >= 0)
                ++m_children[i];
        }
        for (const QString &dependency : row.dependsOn) {
            if (const int i = m_byId.value(dependency, -1); i >= 0)
                ++m_dependents[i];
        }
        nodes << RevisionGraphLayout::Node{row.revision, row.downRevisions, row.dependsOn};
    }
    m_layout = RevisionGraphLayout::compute(nodes);
    m_facts = QList<std::optional<RevisionFacts>>(n);
    m_path = {};
    m_runStep.clear();
    computeStates();
    buildEntries();
    endResetModel();
}

void MigrationHistoryModel::clear()
{
    m_unfolded.clear();
    setRevisions({}, {});
}

void MigrationHistoryModel::computeStates()
{
    // Applied: the current heads and everything under them, dependencies
    // included (upgrading to a revision runs what it depends on).
    const int n = int(m_rows.size());
    QList<bool> applied(n, false);
    QList<int> stack;
    for (const QString &rev : std::as_const(m_current)) {
        if (const int i = m_byId.value(rev, -1); i >= 0)
            stack << i;
    }
    while (!stack.isEmpty()) {
        const int i = stack.takeLast();
        if (applied.at(i))
            continue;
        applied[i] = true;
        for (const QStringList *related : {&m_rows.at(i).downRevisions, &m_rows.at(i).dependsOn}) {
            for (const QString &down : *related) {
                if (const int d = m_byId.value(down, -1); d >= 0 && !applied.at(d))
                    stack << d;
            }
        }
    }
    m_states.fill(States(), n);
    for (int i = 0; i < n; ++i) {
        const RevisionRow &row = m_rows.at(i);
        States s = applied.at(i) ? States(Applied) : States(Pending);
        if (m_current.contains(row.revision))
            s |= Current;
        if (m_children.at(i) == 0)
            s |= Head;
        if (m_children.at(i) > 1)
            s |= BranchPoint;
        if (row.downRevisions.size() > 1)
            s |= MergePoint;
        if (row.downRevisions.isEmpty())
            s |= Base;
        m_states[i] = s;
    }
}

bool MigrationHistoryModel::isPlain(int layoutRow) const
{
    const int i = rowIndexAt(layoutRow);
    const RevisionRow &row = m_rows.at(i);
    return row.downRevisions.size() == 1 && m_byId.contains(row.downRevisions.first()) && row.dependsOn.isEmpty()
        && row.branchLabels.isEmpty() && m_children.at(i) == 1 && m_dependents.at(i) == 0
        && !m_states.at(i).testFlag(Current) && !m_unfolded.contains(row.revision);
}

void MigrationHistoryModel::buildEntries()
{
    m_entries.clear();
    const int n = m_layout.rowCount();
    int r = 0;
    while (r < n) {
        if (!isPlain(r)) {
            m_entries << Entry{r, 1};
            ++r;
            continue;
        }
        // The run goes on while each revision's parent is the next row.
        int last = r;
        while (last + 1 < n && isPlain(last + 1)
               && m_byId.value(m_rows.at(rowIndexAt(last)).downRevisions.first()) == rowIndexAt(last + 1))
            ++last;
        const int length = last - r + 1;
        if (length >= m_foldMinimum + 2 * m_foldKeep) {
            for (int k = 0; k < m_foldKeep; ++k)
                m_entries << Entry{r + k, 1};
            m_entries << Entry{r + m_foldKeep, length - 2 * m_foldKeep};
            for (int k = last - m_foldKeep + 1; k <= last; ++k)
                m_entries << Entry{k, 1};
        } else {
            for (int k = r; k <= last; ++k)
                m_entries << Entry{k, 1};
        }
        r = last + 1;
    }
}

int MigrationHistoryModel::entryOfLayoutRow(int layoutRow) const
{
    const auto it = std::upper_bound(m_entries.cbegin(), m_entries.cend(), layoutRow,
                                     [](int r, const Entry &e) { return r < e.first; });
    return it == m_entries.cbegin() ? -1 : int(it - m_entries.cbegin()) - 1;
}

const RevisionRow &MigrationHistoryModel::rowAtLayout(int layoutRow) const
{
    return m_rows.at(rowIndexAt(layoutRow));
}

void MigrationHistoryModel::emitRowsChanged(const QList<int> &rowsChanged, int firstColumn, int lastColumn)
{
    QList<int> rows = rowsChanged;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // One signal per run of consecutive rows.
    for (qsizetype k = 0; k < rows.size();) {
        qsizetype end = k;
        while (end + 1 < rows.size() && rows.at(end + 1) == rows.at(end) + 1)
            ++end;
        Q_EMIT dataChanged(index(rows.at(k), firstColumn), index(rows.at(end), lastColumn));
        k = end + 1;
    }
}

void MigrationHistoryModel::setCurrentHeads(const QStringList &currentHeads)
{
    if (currentHeads == m_current)
        return;
    m_current = currentHeads;
    computeStates();
    // A revision the database is at is never hidden in a fold.
    for (const QString &head : std::as_const(m_current)) {
        const int i = m_byId.value(head, -1);
        if (i < 0)
            continue;
        const int entry = entryOfLayoutRow(m_layout.rowOf(i));
        if (entry >= 0 && m_entries.at(entry).count > 1)
            expandFold(entry);
    }
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void MigrationHistoryModel::setFolding(int minimum, int keep)
{
    beginResetModel();
    m_foldMinimum = std::max(1, minimum);
    m_foldKeep = std::max(0, keep);
    buildEntries();
    endResetModel();
}

bool MigrationHistoryModel::isFold(const QModelIndex &index) const
{
    return index.isValid() && index.model() == this && m_entries.at(index.row()).count > 1;
}

void MigrationHistoryModel::expandFold(int row)
{
    if (row < 0 || row >= m_entries.size() || m_entries.at(row).count <= 1)
        return;
    const Entry fold = m_entries.at(row);
    for (int k = 0; k < fold.count; ++k)
        m_unfolded.insert(rowAtLayout(fold.first + k).revision);
    m_entries[row] = Entry{fold.first, 1};
    beginInsertRows({}, row + 1, row + fold.count - 1);
    QList<Entry> opened;
    opened.reserve(fold.count - 1);
    for (int k = 1; k < fold.count; ++k)
        opened << Entry{fold.first + k, 1};
    m_entries.insert(row + 1, opened.size(), Entry{});
    std::copy(opened.cbegin(), opened.cend(), m_entries.begin() + row + 1);
    endInsertRows();
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void MigrationHistoryModel::expandAll()
{
    for (int row = int(m_entries.size()) - 1; row >= 0; --row)
        expandFold(row);
}

void MigrationHistoryModel::foldAgain()
{
    beginResetModel();
    m_unfolded.clear();
    buildEntries();
    endResetModel();
}

QModelIndex MigrationHistoryModel::reveal(const QString &revision)
{
    const int i = m_byId.value(revision, -1);
    if (i < 0)
        return {};
    const int layoutRow = m_layout.rowOf(i);
    int entry = entryOfLayoutRow(layoutRow);
    if (entry >= 0 && m_entries.at(entry).count > 1) {
        expandFold(entry);
        entry = entryOfLayoutRow(layoutRow);
    }
    return entry >= 0 ? index(entry, RevisionColumn) : QModelIndex();
}

void MigrationHistoryModel::setPath(const RevisionPath &path)
{
    QList<int> changed;
    const auto rowsOf = [this, &changed](const QHash<QString, int> &steps) {
        for (auto it = steps.cbegin(); it != steps.cend(); ++it) {
            if (const int i = m_byId.value(it.key(), -1); i >= 0)
                changed << entryOfLayoutRow(m_layout.rowOf(i));
        }
    };
    rowsOf(m_runStep);
    m_path = path;
    m_runStep.clear();
    const QStringList steps = path.steps();
    for (int k = 0; k < steps.size(); ++k)
        m_runStep.insert(steps.at(k), k + 1);
    rowsOf(m_runStep);
    changed.removeAll(-1);
    emitRowsChanged(changed, 0, ColumnCount - 1);
}

void MigrationHistoryModel::setFacts(const QList<RevisionFacts> &facts)
{
    QList<int> changed;
    for (const RevisionFacts &f : facts) {
        const int i = m_byId.value(f.revision, -1);
        if (i < 0)
            continue;
        m_facts[i] = f;
        changed << entryOfLayoutRow(m_layout.rowOf(i));
    }
    changed.removeAll(-1);
    emitRowsChanged(changed, MessageColumn, MessageColumn);
}

const RevisionFacts *MigrationHistoryModel::facts(const QString &revision) const
{
    const int i = m_byId.value(revision, -1);
    return i >= 0 && m_facts.at(i) ? &*m_facts.at(i) : nullptr;
}

QList<MigrationHistoryModel::Badge> MigrationHistoryModel::badges(const QString &revision) const
{
    const RevisionFacts *f = facts(revision);
    if (!f)
        return {};
    const auto functionName = [](RevisionFacts::Function function) {
        return function == RevisionFacts::Function::Upgrade ? u"upgrade()"_s : u"downgrade()"_s;
    };
    QList<Badge> out;
    if (f->parseError)
        out << Badge{Badge::Kind::ParseError, tr("unreadable"),
                     tr("The script's bodies cannot be read: %1").arg(f->parseError->toString())};
    if (!f->databaseReads.isEmpty()) {
        QStringList where;
        for (const RevisionFacts::DatabaseRead &read : f->databaseReads)
            where << tr("%1, line %2").arg(functionName(read.function)).arg(read.where.line);
        out << Badge{Badge::Kind::ReadsDatabase, tr("reads database"),
                     tr("Reads the database (%1): petmigrate runs it when its revision runs, inside the "
                        "migration's transaction; its SQL is known only then.")
                         .arg(where.join(u"; "_s))};
    }
    if (f->isDataMigration()) {
        QStringList where;
        for (const RevisionFacts::DataChange &change : f->dataChanges)
            where << tr("%1 in %2, line %3").arg(change.what, functionName(change.function)).arg(change.line);
        out << Badge{Badge::Kind::DataMigration, tr("data"), tr("Data migration: %1").arg(where.join(u"; "_s))};
    }
    if (f->irreversible)
        out << Badge{Badge::Kind::Irreversible, tr("irreversible"),
                     tr("Irreversible: %1; a downgrade past it undoes nothing.").arg(f->irreversibleReason)};
    // The rebuilds this database would run: upgrade()'s while pending,
    // downgrade()'s once applied.
    const bool applied = states(revision).testFlag(Applied);
    const auto function = applied ? RevisionFacts::Function::Downgrade : RevisionFacts::Function::Upgrade;
    QSet<QString> shown;
    for (const RevisionFacts::Rebuild &rebuild : f->rebuildsIn(function)) {
        if (shown.contains(rebuild.table))
            continue;
        shown.insert(rebuild.table);
        const QString rows = rebuild.rows ? (*rebuild.rows == 1 ? tr("1 row") : tr("%1 rows").arg(*rebuild.rows)) : QString();
        out << Badge{Badge::Kind::Rebuild,
                     rows.isEmpty() ? tr("rebuilds %1").arg(rebuild.table)
                                    : tr("rebuilds %1 · %2").arg(rebuild.table, rows),
                     rebuild.tableExists
                         ? tr("SQLite table rebuild in %1, line %2: %3 is copied into a new table (%4 on this "
                              "database).")
                               .arg(functionName(rebuild.function))
                               .arg(rebuild.line)
                               .arg(rebuild.table, rows)
                         : tr("SQLite table rebuild in %1, line %2: %3 is copied into a new table (it is not in "
                              "this database yet: an earlier step creates it).")
                               .arg(functionName(rebuild.function))
                               .arg(rebuild.line)
                               .arg(rebuild.table)};
    }
    return out;
}

bool MigrationHistoryModel::matches(const RevisionRow &row, const QString &text) const
{
    if (row.revision.startsWith(text, Qt::CaseInsensitive) || row.message.contains(text, Qt::CaseInsensitive))
        return true;
    for (const QStringList *labels : {&row.branchLabels, &row.labels}) {
        for (const QString &label : *labels) {
            if (label.contains(text, Qt::CaseInsensitive))
                return true;
        }
    }
    return false;
}

QStringList MigrationHistoryModel::revisionsInOrder() const
{
    QStringList out;
    out.reserve(m_layout.rowCount());
    for (int r = 0; r < m_layout.rowCount(); ++r)
        out << rowAtLayout(r).revision;
    return out;
}

QStringList MigrationHistoryModel::find(const QString &text) const
{
    const QString wanted = text.trimmed();
    QStringList found;
    if (wanted.isEmpty())
        return found;
    for (int r = 0; r < m_layout.rowCount(); ++r) {
        if (matches(rowAtLayout(r), wanted))
            found << rowAtLayout(r).revision;
    }
    return found;
}

void MigrationHistoryModel::setSearch(const QString &text)
{
    const QString wanted = text.trimmed();
    if (wanted == m_search)
        return;
    m_search = wanted;
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QStringList MigrationHistoryModel::heads() const
{
    QStringList result;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_children.at(i) == 0)
            result << m_rows.at(i).revision;
    }
    return result;
}

int MigrationHistoryModel::pendingCount() const
{
    return int(std::count_if(m_states.cbegin(), m_states.cend(), [](States s) { return s.testFlag(Pending); }));
}

QStringList MigrationHistoryModel::unknownCurrentHeads() const
{
    QStringList unknown;
    for (const QString &rev : m_current) {
        if (!m_byId.contains(rev))
            unknown << rev;
    }
    return unknown;
}

MigrationHistoryModel::States MigrationHistoryModel::states(const QString &revision) const
{
    const int i = m_byId.value(revision, -1);
    return i >= 0 ? m_states.at(i) : States();
}

const RevisionRow *MigrationHistoryModel::revision(const QString &revision) const
{
    const auto it = m_byId.constFind(revision);
    return it == m_byId.cend() ? nullptr : &m_rows.at(*it);
}

QModelIndex MigrationHistoryModel::indexOf(const QString &revision, int column) const
{
    const int i = m_byId.value(revision, -1);
    if (i < 0)
        return {};
    const int entry = entryOfLayoutRow(m_layout.rowOf(i));
    if (entry < 0 || m_entries.at(entry).count > 1)
        return {};
    return index(entry, column);
}

QString MigrationHistoryModel::describe(States states)
{
    QStringList words;
    if (states.testFlag(Current))
        words << tr("current");
    else if (states.testFlag(Applied))
        words << tr("applied");
    else if (states.testFlag(Pending))
        words << tr("pending");
    if (states.testFlag(Head))
        words << tr("head");
    if (states.testFlag(BranchPoint))
        words << tr("branch point");
    if (states.testFlag(MergePoint))
        words << tr("merge point");
    return words.join(u", "_s);
}

int MigrationHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int MigrationHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MigrationHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_entries.at(index.row());
    const RevisionRow &row = rowAtLayout(entry.first);
    const int rowIndex = rowIndexAt(entry.first);
    const States s = m_states.at(rowIndex);

    if (entry.count > 1) {
        const RevisionRow &last = rowAtLayout(entry.first + entry.count - 1);
        int steps = 0;
        int direction = 0;
        for (int k = 0; k < entry.count; ++k) {
            if (m_runStep.contains(rowAtLayout(entry.first + k).revision))
                ++steps;
        }
        if (steps > 0)
            direction = int(m_path.direction());
        switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
            case RevisionColumn: return tr("%1 revisions").arg(entry.count); // a fold holds two or more
            case MessageColumn: return tr("%1 … %2").arg(row.message, last.message);
            case StateColumn: return describe(s & (Applied | Pending | Current));
            default: return {};
            }
        case Qt::ToolTipRole:
            return tr("%1 revisions in a line, from %2 down to %3, folded.\nClick or press Enter to show them.")
                .arg(entry.count)
                .arg(row.revision, last.revision);
        case Qt::AccessibleDescriptionRole:
            return tr("%1 folded revisions").arg(entry.count);
        case Qt::FontRole: {
            QFont font;
            font.setItalic(true);
            return font;
        }
        case StateRole: return int(s & (Applied | Pending | Current));
        case FoldCountRole: return entry.count;
        case LayoutRowRole: return entry.first;
        case RunStepRole: return steps;
        case RunDirectionRole: return direction;
        case RevisionRole: return QString();
        case TagsRole: return QStringList();
        case BadgesRole: return QVariant::fromValue(QList<Badge>());
        case SearchMatchRole: {
            if (m_search.isEmpty())
                return true;
            for (int k = 0; k < entry.count; ++k) {
                if (matches(rowAtLayout(entry.first + k), m_search))
                    return true;
            }
            return false;
        }
        default: return {};
        }
    }

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RevisionColumn: return row.revision;
        case MessageColumn: return row.message;
        case DateColumn: return row.date.isValid() ? QLocale().toString(row.date, QLocale::ShortFormat) : QString();
        case BranchLabelsColumn: return row.branchLabels.join(u", "_s);
        // The one word a glance needs; the graph shows heads, branch
        // points and merges, the tooltip says all.
        case StateColumn: return describe(s & (Applied | Pending | Current));
        default: return {};
        }
    case Qt::FontRole:
        if (s.testFlag(Current)) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole: {
        QStringList lines{row.revision + u" — "_s + row.message};
        if (s.testFlag(MergePoint))
            lines << tr("Merges %1").arg(row.downRevisions.join(tr(" and ")));
        else if (!row.downRevisions.isEmpty())
            lines << tr("Revises %1").arg(row.downRevisions.first());
        if (!row.dependsOn.isEmpty())
            lines << tr("Depends on %1 (dashed)").arg(row.dependsOn.join(u", "_s));
        if (!row.labels.isEmpty())
            lines << tr("Branch: %1").arg(row.labels.join(u", "_s));
        lines << describe(s);
        if (const int step = m_runStep.value(row.revision)) {
            lines << (m_path.direction() == RevisionPath::Direction::Upgrade
                          ? tr("Step %1 of %2 of the upgrade to %3")
                          : tr("Step %1 of %2 of the downgrade to %3"))
                         .arg(step)
                         .arg(m_runStep.size())
                         .arg(m_path.target);
        }
        for (const Badge &badge : badges(row.revision))
            lines << badge.toolTip;
        if (!row.path.isEmpty())
            lines << row.path;
        return lines.join(u'\n');
    }
    case Qt::AccessibleDescriptionRole: {
        QStringList words{describe(s)};
        for (const Badge &badge : badges(row.revision))
            words << badge.text;
        return words.join(u", "_s);
    }
    case RevisionRole: return row.revision;
    case PathRole: return row.path;
    case StateRole: return int(s);
    case DownRevisionsRole: return row.downRevisions;
    case FoldCountRole: return 0;
    case LayoutRowRole: return entry.first;
    case RunStepRole: return m_runStep.value(row.revision);
    case RunDirectionRole: return m_runStep.contains(row.revision) ? int(m_path.direction()) : 0;
    case TagsRole: {
        // Labels where they are declared, and on the head a label reaches.
        QStringList tags = row.branchLabels;
        if (s.testFlag(Head)) {
            for (const QString &label : row.labels) {
                if (!tags.contains(label))
                    tags << label;
            }
        }
        return tags;
    }
    case BadgesRole: return QVariant::fromValue(badges(row.revision));
    case SearchMatchRole: return m_search.isEmpty() || matches(row, m_search);
    default: return {};
    }
}

QVariant MigrationHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RevisionColumn: return tr("Revision");
    case MessageColumn: return tr("Message");
    case DateColumn: return tr("Date");
    case BranchLabelsColumn: return tr("Branch labels");
    case StateColumn: return tr("State");
    default: return {};
    }
}

Qt::ItemFlags MigrationHistoryModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

} // namespace pm
