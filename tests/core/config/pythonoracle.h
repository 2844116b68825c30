#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

// Runs Debian's Python (PM_PYTHON) as the reference implementation: one
// script, one JSON document in on stdin, one JSON document out on stdout, so
// a whole _data() table costs one interpreter start.
class PythonOracle final
{
public:
    // On failure `error` says why (missing interpreter, traceback, bad JSON)
    // and the returned value is undefined.
    static QJsonValue run(const QString &script, const QJsonValue &input, QString *error,
                          const QString &workingDirectory = {});
};
