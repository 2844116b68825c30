#pragma once

#include <Qsci/qsciscintilla.h>

#include <QList>

class QAction;
class QLabel;
class QToolButton;

namespace pm {

// The one QScintilla wrapper of the window (DB4S's ExtendedScintilla idea):
// lexer, margins, markers, annotations and colours are set up here and
// nowhere else.
//
// Read-only by default, and it shows: a paper tinted towards the window
// colour, no caret, and a "read-only" badge with an Edit toggle in the
// corner. Colours follow the desktop palette and are re-applied after every
// setLexer() (which resets them) and on palette changes (dark mode).
class ScriptEditor final : public QsciScintilla
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptEditor)

public:
    enum class Language { Plain, Python, Sql };

    explicit ScriptEditor(QWidget *parent = nullptr);

    void setLanguage(Language language);
    Language language() const { return m_language; }

    // Replaces the text, clears marks and errors, scrolls to the top.
    void setScript(const QString &text);

    bool isEditable() const { return !isReadOnly(); }
    void setEditable(bool editable);
    // The checkable "Edit" toggle (also in the corner badge).
    QAction *editAction() const { return m_editAction; }
    // Whether the user may switch to editing at all (a preview of generated
    // SQL may not be).
    void setEditingAllowed(bool allowed);

    // Destructive steps: a margin symbol, a tinted line, an annotation under
    // it, and `text` as the margin's tooltip. Lines are 0-based.
    void markDestructive(int line, const QString &text);
    void clearDestructiveMarks();
    bool isMarkedDestructive(int line) const;
    QString markTooltip(int line) const;
    QList<int> destructiveLines() const;

    // A parse error at a 1-based line and column: squiggle, margin symbol and
    // the message as an annotation.
    void showError(int line, int column, const QString &message);
    void clearError();
    // Scrolls the error shown, if any, into view with a few lines above it.
    void revealError();
    bool hasError() const { return m_errorLine >= 0; }
    int errorLine() const { return m_errorLine; }

    QString badgeText() const;

Q_SIGNALS:
    void editableChanged(bool editable);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Mark
    {
        int handle;
        QString text;
    };
    void applyColours();
    void updateLineNumberWidth();
    void placeBadge();
    int lineAtY(int y) const;

    Language m_language = Language::Plain;
    QList<Mark> m_marks;
    int m_errorLine = -1;
    int m_markerSymbol = -1;
    int m_markerLine = -1;
    int m_errorSymbol = -1;
    int m_errorIndicator = -1;
    QAction *m_editAction;
    QWidget *m_badge;
    QLabel *m_badgeLabel;
    QToolButton *m_badgeButton;
};

} // namespace pm
