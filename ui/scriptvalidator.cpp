#include "ui/scriptvalidator.h"

#include "ui/scripteditor.h"

namespace pm {

ScriptValidator::ScriptValidator(ScriptEditor *editor, QObject *parent)
    : QObject(parent)
    , m_editor(editor)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(PauseMs);
    connect(&m_timer, &QTimer::timeout, this, &ScriptValidator::validateNow);
    // Typing restarts the pause: one parse per burst of keystrokes.
    connect(m_editor, &QsciScintilla::textChanged, &m_timer, qOverload<>(&QTimer::start));
}

void ScriptValidator::setParser(Parse parse)
{
    m_parse = std::move(parse);
    validateNow();
    // A script just opened shows its error where it is; while typing, the
    // view stays where the user is (validateNow alone).
    m_editor->revealError();
}

void ScriptValidator::validateNow()
{
    m_timer.stop();
    m_script.reset();
    m_error.reset();
    m_editor->clearError();
    if (m_parse) {
        Result<MigrationScript> parsed = m_parse(m_editor->text());
        if (parsed) {
            m_script = std::move(*parsed);
        } else {
            m_error = parsed.error();
            m_editor->showError(std::max(1, m_error->line), std::max(1, m_error->column), m_error->message);
        }
    }
    Q_EMIT validated(isValid());
}

QString ScriptValidator::problem() const
{
    if (!m_error)
        return {};
    return tr("%1:%2: %3").arg(m_error->line).arg(m_error->column).arg(m_error->message);
}

} // namespace pm
