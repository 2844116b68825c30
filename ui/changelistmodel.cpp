#include "ui/changelistmodel.h"

#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

#include "autogenerate/migrationdraft.h"
#include "diagram/elementtext.h"
#include "diagram/schemachange.h"
#include "ui/diagramstyle.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// What an operation does to what it touches, for its mark in the list.
ElementChange changeMadeBy(const ChangeOperation &op)
{
    const QString &t = op.text;
    if (t.startsWith(u"create"_s) || t.startsWith(u"add"_s) || t.startsWith(u"insert"_s))
        return ElementChange::Added;
    if (t.startsWith(u"drop"_s))
        return ElementChange::Removed;
    return ElementChange::Changed;
}

QString impactText(const QList<DiagramFinding> &findings, bool &failing)
{
    QStringList parts;
    for (const DiagramFinding &f : findings) {
        failing = failing || f.kind == DiagramFinding::Kind::WillFail;
        parts << ElementMarks::of(f.kind) + u' ' + f.text;
    }
    return parts.join(u"; "_s);
}

ChangeListModel::Row rowOf(const SchemaChange &change, const ChangeOperation &op, const QList<DiagramFinding> &findings)
{
    ChangeListModel::Row row;
    row.kind = ChangeListModel::RowKind::Operation;
    row.path = op.path;
    row.text = op.text;
    row.element = change.elementOf(op);
    row.line = op.location.line;
    row.change = changeMadeBy(op);
    row.renames = op.text.startsWith(u"rename"_s) || op.text.contains(u"rename to"_s);
    row.rebuilds = op.rebuildsTable;
    QList<DiagramFinding> mine;
    const QString revision = change.steps.value(op.path.value(0)).revision;
    for (const DiagramFinding &f : findings) {
        if (f.line > 0 && f.line == op.location.line && (f.revision.isEmpty() || f.revision == revision))
            mine << f;
    }
    row.impact = impactText(mine, row.failing);
    QStringList tip{op.text};
    if (!op.problem.isEmpty()) {
        row.failing = true;
        tip << QObject::tr("Does not apply: %1").arg(op.problem);
        if (row.impact.isEmpty())
            row.impact = ElementMarks::of(DiagramFinding::Kind::WillFail) + u' ' + QObject::tr("does not apply");
    }
    for (const DiagramFinding &f : std::as_const(mine))
        tip << ElementMarks::of(f.kind) + u' ' + f.text;
    if (!op.sql.isEmpty())
        tip << u"\n"_s + op.sql.join(u";\n"_s) + u';';
    row.toolTip = tip.join(u'\n');
    for (const ChangeOperation &child : op.children)
        row.children << rowOf(change, child, findings);
    return row;
}

} // namespace

ChangeListModel::ChangeListModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

QList<ChangeListModel::Row> ChangeListModel::rowsOf(const SchemaChange &change)
{
    const QList<DiagramFinding> findings = change.diagram.allFindings();
    QList<Row> rows;
    const bool steps = change.operations.size() > 1;
    for (int s = 0; s < change.operations.size(); ++s) {
        QList<Row> ops;
        for (const ChangeOperation &op : change.operations.at(s))
            ops << rowOf(change, op, findings);
        if (!steps) {
            rows << ops;
            continue;
        }
        Row step;
        step.kind = RowKind::Step;
        step.path = {s};
        step.text = change.steps.at(s).title;
        step.toolTip = step.text;
        step.children = ops;
        for (const Row &op : std::as_const(ops))
            step.failing = step.failing || op.failing;
        rows << step;
    }
    return rows;
}

QList<ChangeListModel::Row> ChangeListModel::rowsOfDraft(const SchemaChange &change, const MigrationDraft &draft,
                                                         const QList<RenameProposal> &accepted,
                                                         const QList<RenameProposal> &proposed)
{
    const QList<DiagramFinding> findings = change.diagram.allFindings();
    QList<Row> rows;
    int n = 0;
    const auto renameRow = [&](const RenameProposal &proposal, bool isAccepted) {
        Row row;
        row.kind = RowKind::Proposal;
        row.path = {-1, n};
        row.togglePath = row.path;
        ++n;
        QString question = proposal.question();
        if (isAccepted && question.endsWith(u'?'))
            question.chop(1);
        row.text = question;
        const QStringList evidence = proposal.evidenceText();
        row.impact = isAccepted ? QObject::tr("accepted: the data is kept") : evidence.join(u", "_s);
        row.toolTip = (isAccepted ? QObject::tr("Accepted: the draft renames instead of dropping and adding, so the "
                                                "data is kept. Untick to drop and add again.")
                                  : QObject::tr("Tick to rename instead of dropping and adding: the data is kept."))
                      + u"\n"_s + evidence.join(u"\n"_s);
        row.element = isAccepted ? proposal.to() : proposal.from();
        row.change = ElementChange::Changed;
        row.renames = true;
        row.checkable = true;
        row.checked = isAccepted;
        rows << row;
    };
    for (const RenameProposal &p : accepted)
        renameRow(p, true);
    for (const RenameProposal &p : proposed)
        renameRow(p, false);

    // The script's operations, leaf by leaf, match the draft's kept ones in
    // order (the renderer may group them in other batch blocks).
    QList<const ChangeOperation *> scriptLeaves;
    for (const ChangeOperation &op : change.operations.value(0)) {
        if (op.children.isEmpty())
            scriptLeaves << &op;
        for (const ChangeOperation &child : op.children)
            scriptLeaves << &child;
    }
    qsizetype next = 0;
    const auto leafRow = [&](const DraftOperation &d, const QString &blockTable) {
        Row row;
        const ChangeOperation *shown = !d.isLeftOut() && next < scriptLeaves.size() ? scriptLeaves.at(next++) : nullptr;
        if (shown) {
            row = rowOf(change, *shown, findings);
        } else {
            row.kind = RowKind::Operation;
            row.text = describeOperation(d.operation, blockTable); // in the words of the kept rows
            row.element = d.elements.value(0);
            row.change = d.label.startsWith(u"drop"_s)                                        ? ElementChange::Removed
                         : d.label.startsWith(u"add"_s) || d.label.startsWith(u"create"_s) ? ElementChange::Added
                                                                                            : ElementChange::Changed;
            row.toolTip = d.state == DraftOperation::State::LeftOutWith
                              ? d.reason
                              : QObject::tr("Left out: the script does not do it. Tick to take it back in.");
            row.impact = d.state == DraftOperation::State::LeftOutWith ? QObject::tr("left out with another")
                                                                       : QObject::tr("left out");
        }
        row.togglePath = d.path.isInBatch() ? QList<int>{d.path.index, d.path.inner} : QList<int>{d.path.index};
        row.checkable = true;
        row.checked = !d.isLeftOut();
        row.forced = d.state == DraftOperation::State::LeftOutWith;
        return row;
    };

    const QList<DraftOperation> ops = draft.rows();
    for (qsizetype k = 0; k < ops.size(); ++k) {
        const DraftOperation &d = ops.at(k);
        if (!d.operation.is<BatchAlterTableOp>()) {
            rows << leafRow(d, QString());
            continue;
        }
        Row block;
        block.kind = RowKind::Operation;
        const QString blockTable = d.operation.as<BatchAlterTableOp>()->tableName;
        block.text = describeOperation(d.operation, QString());
        block.element = d.elements.value(0);
        block.change = ElementChange::Changed;
        block.toolTip = d.label;
        block.togglePath = {d.path.index};
        block.checkable = true;
        block.checked = d.state != DraftOperation::State::LeftOut;
        const qsizetype firstLeaf = next;
        while (k + 1 < ops.size() && ops.at(k + 1).path.index == d.path.index && ops.at(k + 1).path.isInBatch())
            block.children << leafRow(ops.at(++k), blockTable);
        // The block as the script writes it (its first kept operation's block).
        if (firstLeaf < next) {
            for (const ChangeOperation &op : change.operations.value(0)) {
                for (const ChangeOperation &child : op.children) {
                    if (&child == scriptLeaves.at(firstLeaf)) {
                        block.path = op.path;
                        block.line = op.location.line;
                        block.rebuilds = op.rebuildsTable;
                        block.text = op.text;
                    }
                }
            }
        }
        for (const Row &child : std::as_const(block.children))
            block.failing = block.failing || child.failing;
        rows << block;
    }
    return rows;
}

void ChangeListModel::add(Row row, int parent)
{
    QList<Row> children = std::move(row.children);
    row.children.clear();
    const int id = int(m_nodes.size());
    QList<int> &siblings = parent < 0 ? m_top : m_nodes[parent].children;
    const int position = int(siblings.size());
    siblings << id;
    m_nodes.append(Node{std::move(row), parent, position, {}});
    for (Row &child : children)
        add(std::move(child), id);
}

void ChangeListModel::setRows(QList<Row> rows)
{
    beginResetModel();
    m_nodes.clear();
    m_top.clear();
    for (Row &row : rows)
        add(std::move(row), -1);
    endResetModel();
}

const ChangeListModel::Node *ChangeListModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const auto id = qsizetype(index.internalId());
    return id >= 0 && id < m_nodes.size() ? &m_nodes.at(id) : nullptr;
}

const ChangeListModel::Row *ChangeListModel::rowAt(const QModelIndex &index) const
{
    const Node *node = nodeOf(index);
    return node ? &node->row : nullptr;
}

QModelIndex ChangeListModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    const QList<int> &siblings = parent.isValid() ? (nodeOf(parent) ? nodeOf(parent)->children : QList<int>()) : m_top;
    if (parent.isValid() && parent.column() != 0)
        return {};
    if (row >= siblings.size())
        return {};
    return createIndex(row, column, quintptr(siblings.at(row)));
}

QModelIndex ChangeListModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeOf(child);
    if (!node || node->parent < 0)
        return {};
    return createIndex(m_nodes.at(node->parent).position, 0, quintptr(node->parent));
}

int ChangeListModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_top.size());
    if (parent.column() != 0)
        return 0;
    const Node *node = nodeOf(parent);
    return node ? int(node->children.size()) : 0;
}

int ChangeListModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ChangeListModel::data(const QModelIndex &index, int role) const
{
    const Node *node = nodeOf(index);
    if (!node)
        return {};
    const Row &row = node->row;
    // A proposal not (yet) accepted is a question, not something left out.
    const bool leftOut = row.kind == RowKind::Operation && row.checkable && !row.checked;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == ImpactColumn)
            return row.impact;
        return row.text;
    case Qt::ToolTipRole:
        return row.toolTip;
    case Qt::CheckStateRole:
        if (index.column() == OperationColumn && row.checkable)
            return row.checked ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ForegroundRole: {
        const QPalette palette = QGuiApplication::palette();
        if (leftOut)
            return palette.color(QPalette::Disabled, QPalette::Text);
        // A proposal's evidence is no finding.
        if (index.column() == ImpactColumn && !row.impact.isEmpty() && row.kind != RowKind::Proposal) {
            const DiagramStyle style = DiagramStyle::fromPalette(palette, QGuiApplication::font());
            return row.failing ? style.willFail : style.destroys;
        }
        return {};
    }
    case Qt::FontRole: {
        if (row.kind == RowKind::Step || (row.kind == RowKind::Proposal && index.column() == OperationColumn)) {
            QFont font = QGuiApplication::font();
            font.setBold(true);
            return font;
        }
        if (leftOut) {
            QFont font = QGuiApplication::font();
            font.setStrikeOut(true);
            return font;
        }
        return {};
    }
    case PathRole:
        return QVariant::fromValue(row.path);
    case ElementRole:
        return QVariant::fromValue(row.element);
    case LineRole:
        return row.line;
    case KindRole:
        return int(row.kind);
    case ChangeRole:
        return int(row.change);
    default:
        return {};
    }
}

bool ChangeListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const Node *node = nodeOf(index);
    if (!node || role != Qt::CheckStateRole || !node->row.checkable || index.column() != OperationColumn)
        return false;
    const bool checked = value.value<Qt::CheckState>() == Qt::Checked || value.toInt() == Qt::Checked;
    if (checked == node->row.checked)
        return false;
    m_nodes[qsizetype(index.internalId())].row.checked = checked;
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole, Qt::ForegroundRole, Qt::FontRole});
    Q_EMIT checkToggled(node->row.togglePath.isEmpty() ? node->row.path : node->row.togglePath, checked);
    return true;
}

Qt::ItemFlags ChangeListModel::flags(const QModelIndex &index) const
{
    const Node *node = nodeOf(index);
    if (!node)
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (node->row.checkable && index.column() == OperationColumn)
        flags |= Qt::ItemIsUserCheckable;
    if (node->children.isEmpty())
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

QVariant ChangeListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OperationColumn:
        return tr("Operation");
    case ImpactColumn:
        return tr("Impact");
    default:
        return {};
    }
}

QModelIndex ChangeListModel::indexOfPath(const QList<int> &path) const
{
    for (int id = 0; id < m_nodes.size(); ++id) {
        if (m_nodes.at(id).row.path == path)
            return createIndex(m_nodes.at(id).position, 0, quintptr(id));
    }
    return {};
}

QModelIndex ChangeListModel::firstIndexOf(const QList<QList<int>> &paths) const
{
    for (const QList<int> &path : paths) {
        const QModelIndex found = indexOfPath(path);
        if (found.isValid())
            return found;
    }
    return {};
}

int ChangeListModel::operationCount() const
{
    return int(std::count_if(m_nodes.cbegin(), m_nodes.cend(),
                             [](const Node &n) { return n.row.kind == RowKind::Operation; }));
}

} // namespace pm
