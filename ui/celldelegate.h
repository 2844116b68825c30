#pragma once

#include <QStyledItemDelegate>

namespace pm {

class LiveTableModel;

// The editor of one cell of a LiveTableModel view.
//
// A foreign key is chosen from a combo box of the referenced rows' labels
// (a pet's owner by name), never typed as an id. Every other column gets a
// line edit. The delegate writes the value itself when the user presses
// Enter or Tab or leaves the cell; if the model refuses it (empty name,
// duplicate email, a value that does not fit the column), the editor stays
// open with what the user typed and the model's writeFailed() carries the
// sentence to show. Escape cancels.
class CellDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CellDelegate)

public:
    CellDelegate(LiveTableModel *model, QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

Q_SIGNALS:
    void editAccepted();
    void editCancelled();

protected:
    bool eventFilter(QObject *object, QEvent *event) override;

private:
    bool commit(QWidget *editor) const;
    static QVariant editorValue(QWidget *editor);

    LiveTableModel *m_model;
};

} // namespace pm
