#include "ui/previewpane.h"

#include <QLabel>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/scripteditor.h"

using namespace Qt::StringLiterals;

namespace pm {

PreviewPane::PreviewPane(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_script(new ScriptEditor(this))
    , m_sql(new ScriptEditor(this))
    , m_impact(new ScriptEditor(this))
{
    setObjectName(u"preview"_s);
    m_title->setObjectName(u"previewTitle"_s);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
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
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->setSpacing(2);
    layout->addWidget(m_title);
    layout->addWidget(m_tabs, 1);
    clear();
}

QString PreviewPane::title() const
{
    return m_title->text();
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
