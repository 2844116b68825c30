#pragma once

#include <optional>

#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>

#include "python/interpreter.h"
#include "script/pythonexpression.h"

namespace pm {

// The module-level literals of Python modules found on a search path (the
// project's prepend_sys_path, as Alembic puts it on sys.path), for script
// headers that take a revision identifier from the application:
// `branch_labels = (cli.CONTRACT_BRANCH,)`. A module is read once, without
// running it (ScriptHeaderReader::readConstants); one that is absent or
// unreadable simply has no constants.
//
// It is also where script bodies find the application's modules to run
// (source(), for Interpreter::setModuleFinder): each file is read once per
// ScriptDirectory, shared by the scripts' interpreters (from any thread).
class ModuleConstants final
{
public:
    explicit ModuleConstants(QStringList searchPaths);

    std::optional<PythonExpression> lookup(const QString &module, const QString &name) const;
    // The source of a module on the search path, as Python finds it.
    std::optional<python::Interpreter::ModuleSource> source(const QString &module) const;
    const QStringList &searchPaths() const { return m_searchPaths; }

private:
    QString findModule(const QString &module) const;

    QStringList m_searchPaths;
    mutable QMutex m_modulesLock;
    mutable QHash<QString, QHash<QString, PythonExpression>> m_modules;
    mutable QMutex m_sourcesLock;
    mutable QHash<QString, std::optional<python::Interpreter::ModuleSource>> m_sources;
};

} // namespace pm
