#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QString>
#include <QTest>

// Runs one oracle script under Debian's /usr/bin/python3 (PM_PYTHON) for a
// whole table: a JSON list in on stdin, a JSON list out, one entry per row.
inline QJsonArray runOracle(const QString &script, const QJsonArray &input)
{
    QProcess python;
    python.start(QStringLiteral(PM_PYTHON), {QStringLiteral(PM_SOURCE_DIR "/tests/core/python/") + script});
    if (!python.waitForStarted()) {
        qWarning("cannot start %s", PM_PYTHON);
        return {};
    }
    python.write(QJsonDocument(input).toJson(QJsonDocument::Compact));
    python.closeWriteChannel();
    python.waitForFinished(-1);
    const QByteArray err = python.readAllStandardError();
    if (!err.isEmpty())
        qWarning("%s", err.constData());
    return QJsonDocument::fromJson(python.readAllStandardOutput()).array();
}
