#pragma once

#include <QWidget>

class QLabel;
class QTabWidget;

namespace pm {

class ScriptEditor;

// The bottom of the centre: one migration seen three ways, Script (the
// Python file), SQL (what it runs on this database) and Impact (what it
// does to existing data), each a read-only ScriptEditor.
class PreviewPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewPane)

public:
    enum Tab { ScriptTab, SqlTab, ImpactTab };

    explicit PreviewPane(QWidget *parent = nullptr);

    ScriptEditor *scriptEditor() const { return m_script; }
    ScriptEditor *sqlEditor() const { return m_sql; }
    ScriptEditor *impactEditor() const { return m_impact; }
    QTabWidget *tabs() const { return m_tabs; }
    QString title() const;

    void showScript(const QString &title, const QString &script);
    void showSql(const QString &sql);
    void showImpact(const QString &impact);
    void clear(const QString &title = {});

private:
    QLabel *m_title;
    QTabWidget *m_tabs;
    ScriptEditor *m_script;
    ScriptEditor *m_sql;
    ScriptEditor *m_impact;
};

} // namespace pm
