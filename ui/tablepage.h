#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QTableView;
class QTimer;

namespace pm {

class CellDelegate;
class InlineMessage;
class LiveTableModel;

// One tab of the data area: a filter field, the live table, Add and Delete,
// and the inline message that says why an edit was refused.
class TablePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TablePage)

public:
    struct Texts
    {
        QString addTitle;        // "Add a pet"
        QString filterHint;      // "Filter pets…"
        QString missingTable;    // "This database has no pet table yet…"
    };

    TablePage(LiveTableModel *model, Texts texts, QWidget *parent = nullptr);

    LiveTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterField() const { return m_filter; }
    InlineMessage *message() const { return m_message; }
    QAction *addRowAction() const { return m_addAction; }
    QAction *deleteRowsAction() const { return m_deleteAction; }

    void reload();
    void releaseDatabase();
    void focusFilter();
    // Opens the "add" dialog (window-modal, not blocking).
    void addRow();
    // Asks, then deletes the selected rows in one transaction.
    void deleteSelected();

    // "1 row", "3 matching rows".
    static QString rowCountText(qint64 count, bool filtered);

Q_SIGNALS:
    void statusMessage(const QString &text);

private:
    void updateState();
    void applyFilter();

    LiveTableModel *m_model;
    Texts m_texts;
    QLineEdit *m_filter;
    QLabel *m_count;
    InlineMessage *m_message;
    QStackedWidget *m_stack;
    QTableView *m_view;
    QLabel *m_missing;
    CellDelegate *m_delegate;
    QAction *m_addAction;
    QAction *m_deleteAction;
    QTimer *m_filterTimer;
};

} // namespace pm
