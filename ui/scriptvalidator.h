#pragma once

#include <functional>
#include <optional>

#include <QObject>
#include <QTimer>

#include "base/result.h"
#include "script/migrationscript.h"

namespace pm {

class ScriptEditor;

// Re-parses a script editor's text as the user types (after a short pause)
// and puts the parser's error at its line and column in the editor. The
// window saves or runs an edited script only while isValid().
class ScriptValidator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptValidator)

public:
    using Parse = std::function<Result<MigrationScript>(const QString &text)>;

    explicit ScriptValidator(ScriptEditor *editor, QObject *parent = nullptr);

    // Empty: nothing to check (no script shown).
    void setParser(Parse parse);
    // Parses now instead of after the pause (before saving, say).
    void validateNow();

    bool isValid() const { return !m_error.has_value(); }
    // The last good parse; empty while the text does not parse.
    const std::optional<MigrationScript> &script() const { return m_script; }
    // "line:col: message" of the current error, else empty.
    QString problem() const;

    static constexpr int PauseMs = 250;

Q_SIGNALS:
    void validated(bool ok);

private:
    ScriptEditor *m_editor;
    QTimer m_timer;
    Parse m_parse;
    std::optional<MigrationScript> m_script;
    std::optional<Error> m_error;
};

} // namespace pm
