#pragma once

#include <optional>

#include <QHash>
#include <QString>
#include <QStringList>

#include "script/pythonexpression.h"

namespace pm {

// The module-level literals of Python modules found on a search path (the
// project's prepend_sys_path, as Alembic puts it on sys.path), for script
// headers that take a revision identifier from the application:
// `branch_labels = (cli.CONTRACT_BRANCH,)`. A module is read once, without
// running it (ScriptHeaderReader::readConstants); one that is absent or
// unreadable simply has no constants.
class ModuleConstants final
{
public:
    explicit ModuleConstants(QStringList searchPaths);

    std::optional<PythonExpression> lookup(const QString &module, const QString &name) const;

private:
    QString findModule(const QString &module) const;

    QStringList m_searchPaths;
    mutable QHash<QString, QHash<QString, PythonExpression>> m_modules;
};

} // namespace pm
