#pragma once

#include <optional>

#include <QObject>
#include <QString>

#include "autogenerate/renameproposal.h"
#include "runtime/drift.h"
#include "script/migrationscript.h"

namespace pm {

class DiagramPanel;
class MigrationController;
class ScriptEditor;

// Decides what the Schema tab draws and keeps it in step with the window:
// the database's schema, the change in the script editor (the draft, or the
// revision selected in the history) or the run to the selected revision.
// It asks MigrationController (nothing touches the database but reading
// it), only while the tab is visible, and ties the change list to the
// script editor's lines both ways.
class DiagramPresenter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiagramPresenter)

public:
    DiagramPresenter(MigrationController *controller, DiagramPanel *panel, ScriptEditor *editor,
                     QObject *parent = nullptr);

    // What the script editor shows, as the window says.
    void showDraft(const MigrationScript &script);
    void showDraftProblem(const QString &problem);
    void showRevision(const QString &revision);
    void showNothing();
    // The database or the scripts changed (opened, migrated, refreshed):
    // drift is measured again (the status bar says it at once).
    void refresh();
    // Draws now what the panel's subject asks for (also when hidden).
    void update();

private:
    enum class Shown { Nothing, Draft, Revision };

    void invalidate();
    void updateAvailability();
    void drawDatabase();
    void drawChange();
    void drawRun();
    void onEditorLine(int line);
    void onCheckToggled(const QList<int> &path, bool checked);
    void measureDrift();
    void showLineInEditor(int line);

    MigrationController *m_controller;
    DiagramPanel *m_panel;
    ScriptEditor *m_editor;
    Shown m_shown = Shown::Nothing;
    std::optional<MigrationScript> m_draft;
    QString m_draftProblem;
    QString m_revision;
    std::optional<DriftReport> m_drift;
    // The rename rows of the draft shown: accepted ones, then proposals.
    QList<RenameProposal> m_renameRows;
    int m_acceptedRows = 0;
    bool m_dirty = true;
    bool m_movingEditor = false;
};

} // namespace pm
