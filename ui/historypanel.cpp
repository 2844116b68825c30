#include "ui/historypanel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/historygraphdelegate.h"
#include "ui/mergeheadsdialog.h"
#include "ui/migrationcontroller.h"
#include "ui/migrationhistorymodel.h"

using namespace Qt::StringLiterals;

namespace pm {

HistoryPanel::HistoryPanel(MigrationHistoryModel *model, MigrationController *controller, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_controller(controller)
    , m_delegate(new HistoryGraphDelegate(this))
    , m_banner(new InlineMessage(this))
    , m_search(new QLineEdit(this))
    , m_searchStatus(new QLabel(this))
    , m_view(new QTreeView(this))
    , m_findAction(new QAction(tr("Find &Revision…"), this))
    , m_mergeAction(new QAction(tr("&Merge Heads…"), this))
{
    setObjectName(u"historyPanel"_s);
    m_banner->setObjectName(u"historyBanner"_s);
    m_banner->hide();

    m_search->setObjectName(u"historySearch"_s);
    m_search->setPlaceholderText(tr("Find a revision: id, message or label"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Rows that do not match are dimmed; Enter selects the next match."));
    m_searchStatus->setObjectName(u"historySearchStatus"_s);
    m_searchStatus->setForegroundRole(QPalette::PlaceholderText);

    m_view->setObjectName(u"historyView"_s);
    m_view->setModel(m_model);
    m_view->setItemDelegate(m_delegate);
    m_view->setRootIsDecorated(false);
    m_view->setItemsExpandable(false);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Ctrl+click picks several heads for Merge Heads.
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->header()->setSectionResizeMode(MigrationHistoryModel::MessageColumn, QHeaderView::Stretch);
    m_view->setColumnHidden(MigrationHistoryModel::BranchLabelsColumn, true);
    m_view->setColumnHidden(MigrationHistoryModel::DateColumn, true);

    m_findAction->setObjectName(u"findRevision"_s);
    m_findAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_findAction->setStatusTip(tr("Find a revision in the history by id prefix, message or branch label"));
    connect(m_findAction, &QAction::triggered, this, [this] {
        if (QWidget *dock = parentWidget())
            dock->show();
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });

    m_mergeAction->setObjectName(u"mergeHeads"_s);
    m_mergeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_mergeAction->setStatusTip(tr("Write a revision that merges the heads selected in the history"));
    connect(m_mergeAction, &QAction::triggered, this, &HistoryPanel::mergeHeads);

    auto *searchRow = new QHBoxLayout;
    searchRow->setContentsMargins(0, 0, 0, 0);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_searchStatus);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_banner);
    layout->addLayout(searchRow);
    layout->addWidget(m_view, 1);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_model->setSearch(text);
        updateSearchStatus();
    });
    connect(m_search, &QLineEdit::returnPressed, this, &HistoryPanel::findNext);
    connect(m_view, &QWidget::customContextMenuRequested, this, &HistoryPanel::showContextMenu);
    connect(m_view, &QAbstractItemView::clicked, this, &HistoryPanel::openFold);
    connect(m_view, &QAbstractItemView::activated, this, &HistoryPanel::openFold);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &HistoryPanel::updatePath);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        fitColumns();
        updateSearchStatus();
        // Badges: bodies read in the background, top rows first.
        m_controller->readFacts(m_model->revisionsInOrder());
    });
    connect(m_controller, &MigrationController::factsRead, m_model, &MigrationHistoryModel::setFacts);
    // Scripts read again (F5, a run, a save): bodies may have changed, and
    // a run changes the rows a rebuild copies.
    connect(m_controller, &MigrationController::scriptsLoaded, this,
            [this] { m_controller->readFacts(m_model->revisionsInOrder()); });
}

void HistoryPanel::refresh()
{
    updateBanner();
    updatePath();
}

void HistoryPanel::updateBanner()
{
    const QStringList unknown = m_model->unknownCurrentHeads();
    if (unknown.isEmpty() || !m_controller->isOpen()) {
        m_banner->dismiss();
        return;
    }
    m_banner->showMessage(
        InlineMessage::Kind::Warning,
        m_model->revisionCount() == 0
            ? tr("The database is at %1, but there are no scripts to show.").arg(unknown.join(u", "_s))
            : tr("The database is at %1, which these scripts do not have: it was upgraded by newer scripts, or "
                 "stamped with a revision that does not exist. Upgrade and downgrade cannot start from there.")
                  .arg(unknown.join(u", "_s)));
}

void HistoryPanel::updatePath()
{
    const QString revision = m_view->currentIndex().data(MigrationHistoryModel::RevisionRole).toString();
    m_model->setPath(revision.isEmpty() ? RevisionPath() : m_controller->pathTo(revision));
}

void HistoryPanel::openFold(const QModelIndex &index)
{
    if (!m_model->isFold(index))
        return;
    const int row = index.row();
    m_model->expandFold(row);
    // Its first revision now has the row: made current afresh, so that
    // whoever follows the current row sees the revision.
    m_view->selectionModel()->clearCurrentIndex();
    m_view->setCurrentIndex(m_model->index(row, MigrationHistoryModel::RevisionColumn));
}

void HistoryPanel::showContextMenu(const QPoint &pos)
{
    using Action = MigrationController::Action;
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    QMenu menu(this);
    menu.setToolTipsVisible(true);
    if (m_model->isFold(index)) {
        const int row = index.row();
        menu.addAction(tr("Show These %1 Revisions").arg(index.data(MigrationHistoryModel::FoldCountRole).toInt()),
                       this, [this, row] { m_model->expandFold(row); });
        menu.addAction(tr("Show All Revisions"), m_model, &MigrationHistoryModel::expandAll);
        menu.exec(m_view->viewport()->mapToGlobal(pos));
        return;
    }
    // A right click inside a selection of heads keeps it, for Merge Heads.
    if (!m_view->selectionModel()->isRowSelected(index.row(), {}))
        m_view->setCurrentIndex(index);
    const QString revision = index.data(MigrationHistoryModel::RevisionRole).toString();
    const auto add = [&](const QString &text, Action what, auto handler, const QString &problem = {}) {
        QAction *action = menu.addAction(text, this, handler);
        const QString reason = problem.isEmpty() ? m_controller->unavailableReason(what) : problem;
        action->setEnabled(reason.isEmpty());
        action->setStatusTip(reason);
        action->setToolTip(reason);
    };
    // Each says how many steps it runs, as the graph numbers them.
    const RevisionPath path = m_controller->pathTo(revision);
    const auto stepsText = [](const QString &what, const RevResult<QStringList> &steps) {
        if (!steps || steps->isEmpty())
            return what;
        return steps->size() == 1 ? tr("%1 (1 step)").arg(what) : tr("%1 (%2 steps)").arg(what).arg(steps->size());
    };
    const auto stepsProblem = [](const RevResult<QStringList> &steps) {
        return !steps ? steps.error().message : steps->isEmpty() ? tr("The database is already there.") : QString();
    };
    add(stepsText(tr("Upgrade to Here"), path.upgrade), Action::Upgrade,
        [this, revision] { Q_EMIT upgradeRequested(revision); }, stepsProblem(path.upgrade));
    add(stepsText(tr("Downgrade to Here"), path.downgrade), Action::Downgrade,
        [this, revision] { Q_EMIT downgradeRequested(revision); }, stepsProblem(path.downgrade));
    add(tr("Stamp"), Action::Stamp, [this, revision] { Q_EMIT stampRequested(revision); });
    menu.addSeparator();
    add(tr("Show SQL"), Action::ShowSql, [this, revision] { Q_EMIT showSqlRequested(revision); });
    const QStringList heads = selectedHeads();
    add(heads.size() < 2 ? tr("Merge Heads…") : tr("Merge %1 Heads…").arg(heads.size()), Action::MergeHeads,
        [this] { mergeHeads(); }, heads.size() < 2 ? tr("Select two or more heads (Ctrl+click) to merge them.") : QString());
    menu.addSeparator();
    menu.addAction(tr("Fold Long Runs"), m_model, &MigrationHistoryModel::foldAgain);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void HistoryPanel::mergeHeads()
{
    const QString reason = m_controller->unavailableReason(MigrationController::Action::MergeHeads);
    if (!reason.isEmpty()) {
        Q_EMIT messageRequested(InlineMessage::Kind::Error, reason);
        return;
    }
    QList<MergeHeadsDialog::Head> heads;
    for (const QString &head : m_controller->scriptHeads()) {
        const RevisionRow *row = m_model->revision(head);
        heads << MergeHeadsDialog::Head{head, row ? row->message : QString()};
    }
    // The heads selected in the graph are ticked; with fewer than two, all.
    QStringList ticked = selectedHeads();
    if (ticked.size() < 2)
        ticked = m_controller->scriptHeads();
    MergeHeadsDialog dialog(heads, ticked, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Result<QString> merged = m_controller->mergeHeads(dialog.heads(), dialog.message());
    if (!merged) {
        Q_EMIT messageRequested(InlineMessage::Kind::Error, merged.error().toString());
        return;
    }
    Q_EMIT messageRequested(InlineMessage::Kind::Positive, tr("Wrote merge revision %1.").arg(*merged));
    const QModelIndex index = m_model->reveal(*merged);
    if (index.isValid())
        m_view->setCurrentIndex(index);
}

QStringList HistoryPanel::selectedRevisions() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    QStringList revisions;
    for (int row : std::as_const(rows)) {
        const QString revision = m_model->index(row, 0).data(MigrationHistoryModel::RevisionRole).toString();
        if (!revision.isEmpty())
            revisions << revision;
    }
    return revisions;
}

QStringList HistoryPanel::selectedHeads() const
{
    QStringList heads;
    for (const QString &revision : selectedRevisions()) {
        if (m_model->states(revision).testFlag(MigrationHistoryModel::Head))
            heads << revision;
    }
    return heads;
}

bool HistoryPanel::findNext()
{
    const QStringList found = m_model->find(m_search->text());
    if (found.isEmpty()) {
        updateSearchStatus();
        return false;
    }
    // The first match after the selected revision, in the graph's order.
    const QStringList order = m_model->revisionsInOrder();
    const QString current = m_view->currentIndex().data(MigrationHistoryModel::RevisionRole).toString();
    QString next = found.first();
    if (const qsizetype at = order.indexOf(current); at >= 0) {
        for (const QString &candidate : found) {
            if (order.indexOf(candidate) > at) {
                next = candidate;
                break;
            }
        }
    }
    const QModelIndex index = m_model->reveal(next);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_searchStatus->setText(tr("%1 of %2").arg(found.indexOf(next) + 1).arg(found.size()));
    return true;
}

void HistoryPanel::updateSearchStatus()
{
    if (m_search->text().trimmed().isEmpty()) {
        m_searchStatus->clear();
        return;
    }
    const qsizetype count = m_model->find(m_search->text()).size();
    m_searchStatus->setText(count == 0 ? tr("no match") : count == 1 ? tr("1 match") : tr("%1 matches").arg(count));
}

void HistoryPanel::fitColumns()
{
    // Measured on the rows on top only: a header that asks every row of a
    // 10,000-revision graph would hold up the first paint.
    QStyleOptionViewItem option;
    option.initFrom(m_view);
    option.font = m_view->font();
    int graph = 0;
    int state = m_view->fontMetrics().horizontalAdvance(m_model->headerData(MigrationHistoryModel::StateColumn,
                                                                             Qt::Horizontal).toString())
        + 24;
    for (int row = 0; row < std::min(m_model->rowCount(), 200); ++row) {
        graph = std::max(graph, m_delegate->sizeHint(option, m_model->index(row, 0)).width());
        state = std::max(state, m_view->fontMetrics().horizontalAdvance(
                                    m_model->index(row, MigrationHistoryModel::StateColumn).data().toString())
                                    + 16);
    }
    if (graph > 0)
        m_view->setColumnWidth(MigrationHistoryModel::RevisionColumn, graph);
    m_view->setColumnWidth(MigrationHistoryModel::StateColumn, state);
}

} // namespace pm
