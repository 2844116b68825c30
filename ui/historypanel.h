#pragma once

#include <QWidget>

#include "ui/inlinemessage.h"

class QAction;
class QLabel;
class QLineEdit;
class QTreeView;

namespace pm {

class HistoryGraphDelegate;
class MigrationController;
class MigrationHistoryModel;

// The "Migration history" dock's content: a banner when the database is at
// a revision the scripts do not know, a search field (id prefix, message or
// label; Enter goes to the next match), and the graph view.
//
// It keeps the graph in step with the controller: the run a selected
// revision would start is highlighted, the badges are read in the
// background after each load or migration, a click (or Enter) on a folded
// run opens it. Its context menu and Merge Heads… live here; what runs a
// migration (confirmation, progress) stays the window's, asked by signal.
class HistoryPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryPanel)

public:
    HistoryPanel(MigrationHistoryModel *model, MigrationController *controller, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }
    QLabel *searchStatus() const { return m_searchStatus; }
    InlineMessage *banner() const { return m_banner; }
    // Edit ▸ Find Revision (Ctrl+Shift+F): focuses the search field.
    QAction *findAction() const { return m_findAction; }
    // Migrations ▸ Merge Heads… (Ctrl+Shift+M); the window gates it.
    QAction *mergeAction() const { return m_mergeAction; }

    // Selected revisions, newest first (fold rows aside).
    QStringList selectedRevisions() const;
    // The selected ones that are heads.
    QStringList selectedHeads() const;
    // Selects the next revision matching the search after the current one
    // (wrapping), opening its fold; false when nothing matches.
    bool findNext();

    // After the window moved the model to the controller's state: the
    // banner and the selected revision's run follow.
    void refresh();

    // Asks which of the heads to merge (the selected ones ticked) and a
    // message, then writes the revision `petmigrate merge` writes.
    void mergeHeads();

Q_SIGNALS:
    void upgradeRequested(const QString &revision);
    void downgradeRequested(const QString &revision);
    void stampRequested(const QString &revision);
    void showSqlRequested(const QString &revision);
    // A sentence for the window's message bar.
    void messageRequested(pm::InlineMessage::Kind kind, const QString &text);

private:
    void showContextMenu(const QPoint &pos);
    void updateBanner();
    void updatePath();
    void updateSearchStatus();
    void fitColumns();
    void openFold(const QModelIndex &index);

    MigrationHistoryModel *m_model;
    MigrationController *m_controller;
    HistoryGraphDelegate *m_delegate;
    InlineMessage *m_banner;
    QLineEdit *m_search;
    QLabel *m_searchStatus;
    QTreeView *m_view;
    QAction *m_findAction;
    QAction *m_mergeAction;
};

} // namespace pm
