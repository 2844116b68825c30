#include "ui/previewpane.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/scripteditor.h"

using namespace Qt::StringLiterals;

namespace pm {

PreviewPane::PreviewPane(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_draftBar(new QWidget(this))
    , m_draftMessage(new QLineEdit(m_draftBar))
    , m_saveDraft(new QPushButton(tr("&Save as New Revision"), m_draftBar))
    , m_discardDraft(new QPushButton(tr("Discard"), m_draftBar))
    , m_tabs(new QTabWidget(this))
    , m_script(new ScriptEditor(this))
    , m_sql(new ScriptEditor(this))
    , m_impact(new ScriptEditor(this))
{
    setObjectName(u"preview"_s);
    m_title->setObjectName(u"previewTitle"_s);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A revision's message can be a paragraph: it wraps, rather than
    // widening the pane and squeezing the history dock at each selection.
    m_title->setWordWrap(true);
    m_script->setObjectName(u"scriptEditor"_s);
    m_sql->setObjectName(u"sqlEditor"_s);
    m_impact->setObjectName(u"impactEditor"_s);
    m_script->setLanguage(ScriptEditor::Language::Python);
    m_sql->setLanguage(ScriptEditor::Language::Sql);
    m_impact->setLanguage(ScriptEditor::Language::Plain);
    m_sql->setEditingAllowed(false);
    m_impact->setEditingAllowed(false);
    m_tabs->setObjectName(u"previewTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_script, tr("Script"));
    m_tabs->addTab(m_sql, tr("SQL"));
    m_tabs->addTab(m_impact, tr("Impact"));
    m_draftBar->setObjectName(u"draftBar"_s);
    m_draftMessage->setObjectName(u"draftMessage"_s);
    m_draftMessage->setPlaceholderText(tr("What the revision does (petmigrate revision -m)"));
    m_draftMessage->setClearButtonEnabled(true);
    m_saveDraft->setObjectName(u"saveDraft"_s);
    m_saveDraft->setToolTip(tr("Write the script to the project's versions folder, exactly as "
                               "petmigrate revision --autogenerate would"));
    m_discardDraft->setObjectName(u"discardDraft"_s);
    auto *messageLabel = new QLabel(tr("&Message:"), m_draftBar);
    messageLabel->setBuddy(m_draftMessage);
    auto *bar = new QHBoxLayout(m_draftBar);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(messageLabel);
    bar->addWidget(m_draftMessage, 1);
    bar->addWidget(m_saveDraft);
    bar->addWidget(m_discardDraft);
    m_draftBar->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->setSpacing(2);
    layout->addWidget(m_title);
    layout->addWidget(m_draftBar);
    layout->addWidget(m_tabs, 1);
    clear();
}

QString PreviewPane::title() const
{
    return m_title->text();
}

void PreviewPane::setTitle(const QString &title)
{
    m_title->setText(title);
}

void PreviewPane::showDraftBar(bool shown, const QString &message)
{
    if (shown)
        m_draftMessage->setText(message);
    m_draftBar->setVisible(shown);
}

void PreviewPane::showScript(const QString &title, const QString &script)
{
    m_title->setText(title);
    m_script->setScript(script);
    m_tabs->setCurrentIndex(ScriptTab);
}

void PreviewPane::showSql(const QString &sql)
{
    m_sql->setScript(sql);
}

void PreviewPane::showImpact(const QString &impact)
{
    m_impact->setScript(impact);
}

void PreviewPane::clear(const QString &title)
{
    m_title->setText(title.isEmpty() ? tr("Select a revision in the migration history to see its script.") : title);
    m_script->setScript({});
    m_sql->setScript({});
    m_impact->setScript({});
}

} // namespace pm
