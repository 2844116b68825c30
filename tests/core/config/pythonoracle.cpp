#include "pythonoracle.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

using namespace Qt::StringLiterals;

QJsonValue PythonOracle::run(const QString &script, const QJsonValue &input, QString *error,
                             const QString &workingDirectory)
{
    const QString python = QStringLiteral(PM_PYTHON);
    if (!QFileInfo(python).isExecutable()) {
        *error = u"The reference Python "_s + python
            + u" is missing; install python3-alembic (Debian) or configure with -DPM_PYTHON=..."_s;
        return {};
    }
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(python, {u"-c"_s, script});
    if (!process.waitForStarted()) {
        *error = u"Cannot start "_s + python + u": "_s + process.errorString();
        return {};
    }
    QJsonDocument doc = input.isArray() ? QJsonDocument(input.toArray()) : QJsonDocument(input.toObject());
    process.write(doc.toJson(QJsonDocument::Compact));
    process.closeWriteChannel();
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        *error = u"The reference Python failed: "_s + QString::fromUtf8(process.readAllStandardError());
        return {};
    }
    QJsonParseError parseError;
    const QByteArray stdOut = process.readAllStandardOutput();
    const QJsonDocument out = QJsonDocument::fromJson(stdOut, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = u"The reference Python printed no JSON ("_s + parseError.errorString() + u"): "_s
            + QString::fromUtf8(stdOut.left(2000));
        return {};
    }
    error->clear();
    return out.isArray() ? QJsonValue(out.array()) : QJsonValue(out.object());
}
