#include "ui/diagrampresenter.h"

#include <QToolButton>

#include "diagram/elementtext.h"
#include "ui/diagrampanel.h"
#include "ui/migrationcontroller.h"
#include "ui/scripteditor.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

using Subject = DiagramPanel::Subject;

QString changeSummary(const SchemaChange &change)
{
    int destroys = 0, fails = 0;
    for (const DiagramFinding &f : change.diagram.allFindings()) {
        if (f.kind == DiagramFinding::Kind::WillFail)
            ++fails;
        else if (f.kind == DiagramFinding::Kind::Destroys)
            ++destroys;
    }
    QStringList parts{QObject::tr("%n element(s) change", nullptr, change.diagram.changedElementCount())};
    if (destroys)
        parts << QObject::tr("%n destroy data", nullptr, destroys);
    if (fails)
        parts << QObject::tr("%n will fail", nullptr, fails);
    return parts.join(u", "_s);
}

} // namespace

DiagramPresenter::DiagramPresenter(MigrationController *controller, DiagramPanel *panel, ScriptEditor *editor,
                                   QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_panel(panel)
    , m_editor(editor)
{
    connect(m_panel, &DiagramPanel::shown, this, [this] {
        if (m_dirty)
            update();
    });
    connect(m_panel, &DiagramPanel::subjectChanged, this, &DiagramPresenter::update);
    connect(m_panel, &DiagramPanel::lineActivated, this, &DiagramPresenter::showLineInEditor);
    connect(m_panel, &DiagramPanel::checkToggled, this, &DiagramPresenter::onCheckToggled);
    connect(m_editor, &QsciScintilla::cursorPositionChanged, this, [this](int line, int) { onEditorLine(line + 1); });
    updateAvailability();
}

void DiagramPresenter::showDraft(const MigrationScript &script)
{
    m_shown = Shown::Draft;
    m_draft = script;
    m_draftProblem.clear();
    m_revision.clear();
    // A draft is why one comes to the diagram: show its change.
    m_panel->setSubject(Subject::Change);
    invalidate();
}

void DiagramPresenter::showDraftProblem(const QString &problem)
{
    m_shown = Shown::Draft;
    m_draft.reset();
    m_draftProblem = problem;
    m_revision.clear();
    invalidate();
}

void DiagramPresenter::showRevision(const QString &revision)
{
    if (m_shown == Shown::Revision && m_revision == revision)
        return;
    m_shown = Shown::Revision;
    m_draft.reset();
    m_revision = revision;
    if (m_panel->subject() != Subject::Database)
        invalidate();
    else
        updateAvailability();
}

void DiagramPresenter::showNothing()
{
    m_shown = Shown::Nothing;
    m_draft.reset();
    m_revision.clear();
    if (m_panel->subject() != Subject::Database)
        m_panel->setSubject(Subject::Database); // redraws
    else
        updateAvailability();
}

void DiagramPresenter::refresh()
{
    measureDrift();
    invalidate();
}

void DiagramPresenter::measureDrift()
{
    m_drift.reset();
    // An unversioned database has no revision to drift from.
    if (m_controller->isOpen() && !m_controller->currentHeads().isEmpty()) {
        if (Result<DriftReport> report = m_controller->drift())
            m_drift = std::move(*report);
    }
    if (!m_drift || !m_drift->hasDrift()) {
        m_panel->setDrift(0);
        return;
    }
    QStringList lines;
    for (const DriftDifference &d : std::as_const(m_drift->differences))
        lines << d.description;
    m_panel->setDrift(int(m_drift->differences.size()),
                      tr("The database is not what its revision says:\n%1").arg(lines.join(u'\n')));
}

void DiagramPresenter::invalidate()
{
    m_dirty = true;
    updateAvailability();
    if (m_panel->isVisible())
        update();
}

void DiagramPresenter::updateAvailability()
{
    const bool change = m_shown != Shown::Nothing;
    m_panel->setSubjectAvailable(Subject::Change, change,
                                 tr("Select a revision in the migration history, or autogenerate one."));
    const bool there = m_controller->currentHeads() == QStringList{m_revision};
    const bool run = m_shown == Shown::Revision && !there
                     && m_controller->isAvailable(MigrationController::Action::ShowSql);
    m_panel->setSubjectAvailable(Subject::Run, run,
                                 there ? tr("The database is at the selected revision: there is nothing to run.")
                                       : tr("Select the revision to run to in the migration history."));
    m_panel->subjectButton(Subject::Run)->setText(run ? tr("Run to %1").arg(m_revision.left(12)) : tr("Run to Selected"));
    if ((m_panel->subject() == Subject::Change && !change) || (m_panel->subject() == Subject::Run && !run))
        m_panel->setSubject(Subject::Database);
}

void DiagramPresenter::update()
{
    m_dirty = false;
    if (!m_controller->isOpen()) {
        m_panel->showProblem(tr("No database"), tr("Open a database to see its schema."));
        return;
    }
    switch (m_panel->subject()) {
    case Subject::Database:
        drawDatabase();
        break;
    case Subject::Change:
        drawChange();
        break;
    case Subject::Run:
        drawRun();
        break;
    }
}

void DiagramPresenter::drawDatabase()
{
    const Result<SchemaDiagram> diagram = m_controller->schemaDiagram();
    if (!diagram) {
        m_panel->showProblem(tr("Schema of %1").arg(m_controller->displayName()), diagram.error().toString());
        return;
    }
    const QString title =
        tr("Schema of %1 — %n table(s)", nullptr, int(diagram->tables().size())).arg(m_controller->displayName());
    if (m_drift && m_drift->hasDrift()) {
        m_panel->showSchema(diagramOfDrift(*m_drift),
                            title + u" — "_s
                                + tr("schema drift: %n difference(s) from what the migrations build",
                                     nullptr, int(m_drift->differences.size())));
        return;
    }
    m_panel->showSchema(*diagram, title);
}

void DiagramPresenter::drawChange()
{
    if (m_shown == Shown::Draft) {
        const QString title = tr("New revision (not saved)");
        if (!m_draft) {
            m_panel->showProblem(title, tr("The script does not parse, so its change cannot be drawn: %1")
                                            .arg(m_draftProblem));
            return;
        }
        const Result<SchemaChange> change = m_controller->scriptChange(*m_draft);
        if (!change) {
            m_panel->showProblem(title, change.error().toString());
            return;
        }
        const QString drawn = tr("New revision %1 (not saved): %2").arg(m_draft->revision, changeSummary(*change));
        // The draft as autogenerate made it: its review can change it.
        const MigrationDraft *review = m_controller->draftReview();
        const auto &draft = m_controller->draft();
        if (review && draft && draft->revision == m_draft->revision) {
            m_renameRows = m_controller->acceptedRenames();
            m_acceptedRows = int(m_renameRows.size());
            const QList<RenameProposal> proposed = review->renameProposals();
            m_renameRows << proposed;
            m_panel->showChange(*change, drawn,
                                ChangeListModel::rowsOfDraft(*change, *review, m_controller->acceptedRenames(), proposed));
        } else {
            m_renameRows.clear();
            m_panel->showChange(*change, drawn);
        }
        return;
    }
    if (m_shown == Shown::Revision) {
        const Result<SchemaChange> change = m_controller->revisionChange(m_revision);
        const QString title = tr("Revision %1").arg(m_revision);
        if (!change) {
            m_panel->showProblem(title, change.error().toString());
            return;
        }
        m_panel->showChange(*change, title + u": "_s + changeSummary(*change));
        return;
    }
    drawDatabase();
}

void DiagramPresenter::drawRun()
{
    if (m_shown != Shown::Revision) {
        drawDatabase();
        return;
    }
    const Result<SchemaChange> change = m_controller->runChange(m_revision);
    const QString title = tr("Run to %1").arg(m_revision);
    if (!change) {
        m_panel->showProblem(title, change.error().toString());
        return;
    }
    if (change->steps.isEmpty()) {
        m_panel->showProblem(title, tr("Nothing to run: the database is already at %1.").arg(m_revision));
        return;
    }
    const bool down = change->steps.first().title.startsWith(u"downgrade"_s);
    m_panel->showChange(*change, tr("%1 to %2, %n step(s): %3", nullptr, int(change->steps.size()))
                                     .arg(down ? tr("Downgrade") : tr("Upgrade"), m_revision, changeSummary(*change)));
}

void DiagramPresenter::onCheckToggled(const QList<int> &path, bool checked)
{
    Status done;
    if (path.value(0) == -1) {
        const int n = path.value(1, -1);
        if (n < 0 || n >= m_renameRows.size())
            return;
        done = m_controller->renameInDraft(m_renameRows.at(n), checked);
    } else if (!path.isEmpty()) {
        const OperationPath at{path.at(0), path.value(1, -1)};
        done = m_controller->leaveOutOfDraft(at, !checked);
    }
    // Done: the draft comes back rendered again (draftReady) and is drawn
    // from its new script. Refused: the box goes back, the reason said.
    if (!done) {
        Q_EMIT m_controller->logLine(tr("ERROR [petmanager] %1").arg(done.error().toString()));
        update();
    }
}

void DiagramPresenter::onEditorLine(int line)
{
    if (m_movingEditor || m_panel->subject() != Subject::Change || m_shown == Shown::Nothing)
        return;
    m_panel->selectLine(line);
}

void DiagramPresenter::showLineInEditor(int line)
{
    // Lines belong to the script in the editor: the draft's or the revision's.
    if (m_panel->subject() != Subject::Change || line <= 0)
        return;
    const int l = line - 1;
    QString text = m_editor->text(l);
    while (text.endsWith(u'\n') || text.endsWith(u'\r'))
        text.chop(1);
    m_movingEditor = true;
    m_editor->setSelection(l, m_editor->indentation(l), l, int(text.size()));
    m_editor->ensureLineVisible(l);
    m_movingEditor = false;
}

} // namespace pm
