#include "ui/tablepage.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/celldelegate.h"
#include "ui/icons.h"
#include "ui/inlinemessage.h"
#include "ui/livetablemodel.h"
#include "ui/rowdialog.h"

using namespace Qt::StringLiterals;

namespace pm {

TablePage::TablePage(LiveTableModel *model, Texts texts, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_texts(std::move(texts))
    , m_filter(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_message(new InlineMessage(this))
    , m_stack(new QStackedWidget(this))
    , m_view(new QTableView(this))
    , m_missing(new QLabel(this))
    , m_delegate(new CellDelegate(model, this))
    , m_addAction(new QAction(Icons::icon(Icons::Kind::Add), tr("&Add Row…"), this))
    , m_deleteAction(new QAction(Icons::icon(Icons::Kind::Remove), tr("&Delete Rows"), this))
    , m_filterTimer(new QTimer(this))
{
    setObjectName(u"page_"_s + model->tableName());
    m_model->setParent(this);

    m_filter->setObjectName(u"filter"_s);
    m_filter->setPlaceholderText(m_texts.filterHint);
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(m_texts.filterHint);
    m_count->setObjectName(u"rowCount"_s);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(150);

    m_view->setObjectName(u"view"_s);
    m_view->setModel(m_model);
    m_view->setItemDelegate(m_delegate);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                            | QAbstractItemView::AnyKeyPressed);
    m_view->horizontalHeader()->setSortIndicator(0, Qt::AscendingOrder);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->verticalHeader()->hide();
    m_view->setSortingEnabled(true);

    m_missing->setObjectName(u"missingTable"_s);
    m_missing->setAlignment(Qt::AlignCenter);
    m_missing->setWordWrap(true);
    m_missing->setEnabled(false);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_missing);

    m_addAction->setObjectName(u"addRow"_s);
    m_addAction->setStatusTip(tr("Add a row to this table"));
    m_addAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Plus));
    m_addAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_deleteAction->setObjectName(u"deleteRows"_s);
    m_deleteAction->setStatusTip(tr("Delete the selected rows"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QWidget::addAction(m_addAction);
    QWidget::addAction(m_deleteAction);

    auto *addButton = new QToolButton(this);
    addButton->setObjectName(u"addButton"_s);
    addButton->setDefaultAction(m_addAction);
    addButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    addButton->setAutoRaise(true);
    auto *deleteButton = new QToolButton(this);
    deleteButton->setObjectName(u"deleteButton"_s);
    deleteButton->setDefaultAction(m_deleteAction);
    deleteButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    deleteButton->setAutoRaise(true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_count, 1);
    top->addWidget(m_filter, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(addButton);
    bottom->addWidget(deleteButton);
    bottom->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 2);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(m_stack, 1);
    layout->addLayout(bottom);

    connect(m_filter, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filterTimer, &QTimer::timeout, this, &TablePage::applyFilter);
    connect(m_addAction, &QAction::triggered, this, &TablePage::addRow);
    connect(m_deleteAction, &QAction::triggered, this, &TablePage::deleteSelected);
    connect(m_model, &LiveTableModel::totalRowCountChanged, this, &TablePage::updateState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TablePage::updateState);
    connect(m_model, &LiveTableModel::writeFailed, this, [this](const QModelIndex &, const QString &text) {
        m_message->showMessage(InlineMessage::Kind::Error, text);
    });
    connect(m_model, &LiveTableModel::loadFailed, this, [this](const QString &text) {
        m_message->showMessage(InlineMessage::Kind::Error, tr("The table could not be read: %1").arg(text));
    });
    connect(m_delegate, &CellDelegate::editAccepted, this, [this] {
        if (m_message->kind() == InlineMessage::Kind::Error)
            m_message->dismiss();
    });
    connect(m_delegate, &CellDelegate::editCancelled, m_message, &InlineMessage::dismiss);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TablePage::updateState);
    updateState();
}

void TablePage::reload()
{
    m_model->reload();
}

void TablePage::releaseDatabase()
{
    m_model->releaseDatabase();
}

void TablePage::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void TablePage::applyFilter()
{
    m_model->setFilterText(m_filter->text());
}

void TablePage::updateState()
{
    const bool exists = m_model->tableExists();
    m_stack->setCurrentWidget(exists || m_model->isReleased() ? static_cast<QWidget *>(m_view) : m_missing);
    m_missing->setText(m_texts.missingTable);
    m_filter->setEnabled(exists);
    m_addAction->setEnabled(exists && !m_model->isReleased());
    m_deleteAction->setEnabled(exists && m_view->selectionModel()->hasSelection());
    if (!exists)
        m_count->clear();
    else if (m_model->filterText().trimmed().isEmpty())
        m_count->setText(rowCountText(m_model->totalRowCount(), false));
    else
        m_count->setText(rowCountText(m_model->totalRowCount(), true));
}

QString TablePage::rowCountText(qint64 count, bool filtered)
{
    // No English plural catalogue is shipped yet, so the two English forms
    // are spelled out instead of "%n row(s)".
    const QString number = QLocale().toString(count);
    if (filtered)
        return count == 1 ? tr("1 matching row") : tr("%1 matching rows").arg(number);
    return count == 1 ? tr("1 row") : tr("%1 rows").arg(number);
}

void TablePage::addRow()
{
    if (!m_model->tableExists())
        return;
    auto *dialog = new RowDialog(m_model, m_texts.addTitle, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RowDialog::inserted, this, [this](qint64 rowId) {
        m_message->dismiss();
        // Select the new row if it is among the rows fetched so far.
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->index(row, 0).data(LiveTableModel::RowIdRole).toLongLong() == rowId) {
                m_view->selectRow(row);
                m_view->scrollTo(m_model->index(row, 0));
                break;
            }
        }
        Q_EMIT statusMessage(tr("Row added."));
    });
    dialog->open();
}

void TablePage::deleteSelected()
{
    QList<int> rows;
    const auto selected = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected)
        rows << index.row();
    if (rows.isEmpty())
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete Rows"),
                                (rows.size() == 1 ? tr("Delete the selected row from “%1”? This cannot be undone.")
                                                   : tr("Delete %2 rows from “%1”? This cannot be undone.")
                                                         .arg(QLocale().toString(rows.size())))
                                    .arg(m_model->tableName()),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(u"confirmDelete"_s);
    box->button(QMessageBox::Yes)->setText(tr("Delete"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, rows] {
        if (box->clickedButton() != box->button(QMessageBox::Yes))
            return;
        const auto done = m_model->removeRecords(rows);
        if (done) {
            m_message->dismiss();
            Q_EMIT statusMessage(rows.size() == 1 ? tr("Deleted 1 row.")
                                                   : tr("Deleted %1 rows.").arg(QLocale().toString(rows.size())));
        } else {
            m_message->showMessage(InlineMessage::Kind::Error, done.error().message);
        }
    });
    box->open();
}

} // namespace pm
