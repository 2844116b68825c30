#include "ui/migrationhistorymodel.h"

#include <algorithm>

#include <QFont>
#include <QIcon>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace pm {

struct MigrationHistoryModel::Node
{
    QString revision;
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;

    Node *append(const QString &rev)
    {
        auto node = std::make_unique<Node>();
        node->revision = rev;
        node->parent = this;
        node->row = int(children.size());
        children.push_back(std::move(node));
        return children.back().get();
    }
};

namespace {

// A dot per state, drawn so that shape (filled / ring / hollow) and not only
// colour tells them apart.
QIcon stateIcon(MigrationHistoryModel::States states)
{
    enum { CurrentIcon, AppliedIcon, PendingIcon, IconCount };
    static QIcon icons[IconCount];
    const int which = states.testFlag(MigrationHistoryModel::Current) ? CurrentIcon
        : states.testFlag(MigrationHistoryModel::Applied)              ? AppliedIcon
                                                                       : PendingIcon;
    if (icons[which].isNull()) {
        for (int size : {16, 24, 32}) {
            QPixmap pixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            const qreal pen = size / 8.0;
            const QRectF outer = QRectF(0, 0, size, size).adjusted(pen, pen, -pen, -pen);
            if (which == CurrentIcon) {
                painter.setPen(QPen(QColor(0x2f, 0x6f, 0xba), pen));
                painter.setBrush(Qt::NoBrush);
                painter.drawEllipse(outer);
                painter.setPen(Qt::NoPen);
                painter.setBrush(QColor(0x2f, 0x6f, 0xba));
                painter.drawEllipse(outer.adjusted(pen * 1.5, pen * 1.5, -pen * 1.5, -pen * 1.5));
            } else if (which == AppliedIcon) {
                painter.setPen(Qt::NoPen);
                painter.setBrush(QColor(0x2e, 0x9d, 0x4f));
                painter.drawEllipse(outer.adjusted(pen / 2, pen / 2, -pen / 2, -pen / 2));
            } else {
                painter.setPen(QPen(QColor(0x8a, 0x8a, 0x8a), pen));
                painter.setBrush(Qt::NoBrush);
                painter.drawEllipse(outer);
            }
            painter.end();
            icons[which].addPixmap(pixmap);
        }
    }
    return icons[which];
}

} // namespace

MigrationHistoryModel::MigrationHistoryModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

MigrationHistoryModel::~MigrationHistoryModel() = default;

void MigrationHistoryModel::setRevisions(const QList<RevisionRow> &rows, const QStringList &currentHeads)
{
    beginResetModel();
    m_rows = rows;
    m_current = currentHeads;
    build();
    computeStates();
    endResetModel();
}

void MigrationHistoryModel::clear()
{
    setRevisions({}, {});
}

void MigrationHistoryModel::build()
{
    m_root = std::make_unique<Node>();
    m_nodes.clear();
    m_byId.clear();
    m_children.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_byId.insert(m_rows.at(i).revision, i);
    for (const RevisionRow &row : std::as_const(m_rows)) {
        for (const QString &down : row.downRevisions) {
            if (m_byId.contains(down))
                m_children[down].append(row.revision);
        }
    }
    const auto newerFirst = [this](const QString &a, const QString &b) {
        const QDateTime &da = m_rows.at(m_byId.value(a)).date;
        const QDateTime &db = m_rows.at(m_byId.value(b)).date;
        if (da != db)
            return da > db;
        return a < b;
    };

    QSet<QString> placed;
    QStringList starts = heads();
    std::sort(starts.begin(), starts.end(), newerFirst);
    while (placed.size() < m_rows.size()) {
        while (!starts.isEmpty()) {
            const QString start = starts.takeFirst();
            if (placed.contains(start))
                continue;
            // Walk down the first parents until the line meets a revision
            // already in the tree: that is where this line branched off.
            QStringList chain;
            QString rev = start;
            while (!rev.isEmpty() && m_byId.contains(rev) && !placed.contains(rev)) {
                chain << rev;
                placed.insert(rev);
                const QStringList &downs = m_rows.at(m_byId.value(rev)).downRevisions;
                rev.clear();
                for (const QString &down : downs) {
                    if (m_byId.contains(down)) {
                        rev = down;
                        break;
                    }
                }
            }
            Node *parent = !rev.isEmpty() && m_nodes.contains(rev) ? m_nodes.value(rev) : m_root.get();
            for (const QString &r : std::as_const(chain))
                m_nodes.insert(r, parent->append(r));
        }
        // Lines reached only through a merge's other parents start where
        // every child is already placed.
        for (const RevisionRow &row : std::as_const(m_rows)) {
            if (placed.contains(row.revision))
                continue;
            const QStringList children = m_children.value(row.revision);
            if (std::all_of(children.begin(), children.end(), [&](const QString &c) { return placed.contains(c); }))
                starts << row.revision;
        }
        if (starts.isEmpty()) { // a cycle: not a valid graph, show it anyway
            for (const RevisionRow &row : std::as_const(m_rows)) {
                if (!placed.contains(row.revision)) {
                    starts << row.revision;
                    break;
                }
            }
        }
        std::sort(starts.begin(), starts.end(), newerFirst);
    }
}

void MigrationHistoryModel::computeStates()
{
    QSet<QString> applied;
    QStringList stack;
    for (const QString &rev : std::as_const(m_current)) {
        if (m_byId.contains(rev))
            stack << rev;
    }
    while (!stack.isEmpty()) {
        const QString rev = stack.takeLast();
        if (applied.contains(rev))
            continue;
        applied.insert(rev);
        for (const QString &down : m_rows.at(m_byId.value(rev)).downRevisions) {
            if (m_byId.contains(down))
                stack << down;
        }
    }
    m_states.clear();
    for (const RevisionRow &row : std::as_const(m_rows)) {
        States s = applied.contains(row.revision) ? States(Applied) : States(Pending);
        if (m_current.contains(row.revision))
            s |= Current;
        const qsizetype children = m_children.value(row.revision).size();
        if (children == 0)
            s |= Head;
        if (children > 1)
            s |= BranchPoint;
        if (row.downRevisions.size() > 1)
            s |= MergePoint;
        if (row.downRevisions.isEmpty())
            s |= Base;
        m_states.insert(row.revision, s);
    }
}

void MigrationHistoryModel::setCurrentHeads(const QStringList &currentHeads)
{
    if (currentHeads == m_current)
        return;
    m_current = currentHeads;
    computeStates();
    // Every row's state may change; the tree does not.
    std::vector<const Node *> parents{m_root.get()};
    while (!parents.empty()) {
        const Node *node = parents.back();
        parents.pop_back();
        if (node->children.empty())
            continue;
        const QModelIndex parentIndex = node == m_root.get() ? QModelIndex() : createIndex(node->row, 0, node);
        Q_EMIT dataChanged(index(0, 0, parentIndex), index(int(node->children.size()) - 1, ColumnCount - 1, parentIndex));
        for (const auto &child : node->children)
            parents.push_back(child.get());
    }
}

QStringList MigrationHistoryModel::heads() const
{
    QStringList result;
    for (const RevisionRow &row : m_rows) {
        if (!m_children.contains(row.revision))
            result << row.revision;
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
    return m_states.value(revision);
}

const RevisionRow *MigrationHistoryModel::revision(const QString &revision) const
{
    const auto it = m_byId.constFind(revision);
    return it == m_byId.cend() ? nullptr : &m_rows.at(*it);
}

QModelIndex MigrationHistoryModel::indexOf(const QString &revision, int column) const
{
    const Node *node = m_nodes.value(revision);
    return node ? createIndex(node->row, column, node) : QModelIndex();
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

MigrationHistoryModel::Node *MigrationHistoryModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex MigrationHistoryModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (parent.isValid() && parent.column() != 0)
        return {};
    const Node *node = nodeOf(parent);
    if (row >= int(node->children.size()))
        return {};
    return createIndex(row, column, node->children.at(row).get());
}

QModelIndex MigrationHistoryModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *node = nodeOf(child)->parent;
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row, 0, node);
}

int MigrationHistoryModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int MigrationHistoryModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant MigrationHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *node = nodeOf(index);
    const RevisionRow &row = m_rows.at(m_byId.value(node->revision));
    const States s = m_states.value(row.revision);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RevisionColumn: return row.revision;
        case MessageColumn: return row.message;
        case DateColumn: return row.date.isValid() ? QLocale().toString(row.date, QLocale::ShortFormat) : QString();
        case BranchLabelsColumn: return row.branchLabels.join(u", "_s);
        case StateColumn: return describe(s);
        default: return {};
        }
    case Qt::DecorationRole:
        return index.column() == RevisionColumn ? QVariant(stateIcon(s)) : QVariant();
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
        if (!row.downRevisions.isEmpty() && !s.testFlag(MergePoint))
            lines << tr("Revises %1").arg(row.downRevisions.first());
        lines << describe(s);
        if (!row.path.isEmpty())
            lines << row.path;
        return lines.join(u'\n');
    }
    case Qt::AccessibleDescriptionRole:
        return describe(s);
    case RevisionRole: return row.revision;
    case PathRole: return row.path;
    case StateRole: return int(s);
    case DownRevisionsRole: return row.downRevisions;
    default: return {};
    }
}

QVariant MigrationHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
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
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

} // namespace pm
