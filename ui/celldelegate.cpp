#include "ui/celldelegate.h"

#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPersistentModelIndex>

#include "ui/livetablemodel.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {
constexpr auto IndexProperty = "pmEditedIndex";
}

CellDelegate::CellDelegate(LiveTableModel *model, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_model(model)
{
}

QWidget *CellDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &index) const
{
    const TableInfo info = m_model->tableInfo();
    if (index.column() < 0 || index.column() >= info.columns.size())
        return nullptr;
    const auto &column = info.columns.at(index.column());
    QWidget *editor = nullptr;
    if (column.isForeignKey()) {
        auto *combo = new QComboBox(parent);
        combo->setObjectName(u"foreignKeyEditor"_s);
        if (!column.notNull)
            combo->addItem(tr("— none —"), QVariant());
        const auto choices = m_model->foreignKeyChoices(index.column());
        for (const auto &choice : choices)
            combo->addItem(choice.label, choice.key);
        editor = combo;
    } else {
        auto *line = new QLineEdit(parent);
        line->setObjectName(u"cellEditor"_s);
        line->setFrame(false);
        editor = line;
    }
    editor->setProperty(IndexProperty, QVariant::fromValue(QPersistentModelIndex(index)));
    return editor;
}

void CellDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QVariant value = index.data(LiveTableModel::RawValueRole);
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        int found = -1;
        for (int i = 0; i < combo->count(); ++i) {
            const QVariant key = combo->itemData(i);
            if (key.isNull() == value.isNull() && key.toString() == value.toString()) {
                found = i;
                break;
            }
        }
        combo->setCurrentIndex(found);
    } else if (auto *line = qobject_cast<QLineEdit *>(editor)) {
        line->setText(value.toString());
    }
}

QVariant CellDelegate::editorValue(QWidget *editor)
{
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        return combo->currentIndex() < 0 ? QVariant() : combo->currentData();
    if (auto *line = qobject_cast<QLineEdit *>(editor))
        return line->text();
    return {};
}

bool CellDelegate::commit(QWidget *editor) const
{
    const auto index = editor->property(IndexProperty).value<QPersistentModelIndex>();
    if (!index.isValid())
        return true;
    // The model validates, writes, and says why through writeFailed().
    return m_model->setData(index, editorValue(editor), Qt::EditRole);
}

void CellDelegate::setModelData(QWidget *editor, QAbstractItemModel *, const QModelIndex &) const
{
    // The view asks for this when the current cell changes under an open
    // editor; a refusal is reported by the model, the cell keeps its value.
    commit(editor);
}

bool CellDelegate::eventFilter(QObject *object, QEvent *event)
{
    auto *editor = qobject_cast<QWidget *>(object);
    if (!editor)
        return QStyledItemDelegate::eventFilter(object, event);

    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        QAbstractItemDelegate::EndEditHint hint = NoHint;
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            hint = SubmitModelCache;
            break;
        case Qt::Key_Tab:
            hint = EditNextItem;
            break;
        case Qt::Key_Backtab:
            hint = EditPreviousItem;
            break;
        case Qt::Key_Escape:
            Q_EMIT closeEditor(editor, RevertModelCache);
            Q_EMIT editCancelled();
            return true;
        default:
            return QStyledItemDelegate::eventFilter(object, event);
        }
        if (!commit(editor)) {
            editor->setFocus();
            return true; // the edit stays until it is fixed or cancelled
        }
        Q_EMIT editAccepted();
        Q_EMIT closeEditor(editor, hint);
        return true;
    }

    if (event->type() == QEvent::FocusOut) {
        // Focus moving into the editor's own popup (a combo's list) is no
        // end of the edit.
        const QWidget *focus = QApplication::focusWidget();
        if (QApplication::activePopupWidget() || (focus && editor->isAncestorOf(focus)) || !editor->isVisible())
            return false;
        if (!commit(editor))
            return false; // keep the editor and what it holds; the message says why
        Q_EMIT editAccepted();
        Q_EMIT closeEditor(editor, NoHint);
        return false;
    }
    return QStyledItemDelegate::eventFilter(object, event);
}

} // namespace pm
