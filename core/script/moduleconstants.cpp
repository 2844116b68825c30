#include "script/moduleconstants.h"

#include <QFile>
#include <QFileInfo>

#include "script/scriptheaderreader.h"

using namespace Qt::StringLiterals;

namespace pm {

ModuleConstants::ModuleConstants(QStringList searchPaths) : m_searchPaths(std::move(searchPaths)) {}

// Python's order: the first path entry that has a/b/c.py or a/b/c/__init__.py.
QString ModuleConstants::findModule(const QString &module) const
{
    const QString relative = QString(module).replace(u'.', u'/');
    for (const QString &path : m_searchPaths) {
        const QString base = path + u'/' + relative;
        for (const QString &candidate : {QString(base + u".py"_s), QString(base + u"/__init__.py"_s)}) {
            if (QFileInfo(candidate).isFile())
                return candidate;
        }
    }
    return {};
}

std::optional<PythonExpression> ModuleConstants::lookup(const QString &module, const QString &name) const
{
    // The window reads scripts on a worker thread with the same instance.
    QMutexLocker lock(&m_modulesLock);
    auto it = m_modules.find(module);
    if (it == m_modules.end()) {
        QHash<QString, PythonExpression> constants;
        QFile file(findModule(module));
        if (!file.fileName().isEmpty() && file.open(QIODevice::ReadOnly)) {
            const QString source = QString::fromUtf8(file.readAll());
            if (auto read = ScriptHeaderReader::readConstants(source, file.fileName()))
                constants = std::move(*read);
        }
        it = m_modules.insert(module, std::move(constants));
    }
    const auto found = it->constFind(name);
    if (found == it->constEnd())
        return std::nullopt;
    return *found;
}

std::optional<python::Interpreter::ModuleSource> ModuleConstants::source(const QString &module) const
{
    QMutexLocker lock(&m_sourcesLock);
    if (const auto it = m_sources.constFind(module); it != m_sources.constEnd())
        return *it;
    std::optional<python::Interpreter::ModuleSource> found;
    QFile file(findModule(module));
    if (!file.fileName().isEmpty() && file.open(QIODevice::ReadOnly)) {
        python::Interpreter::ModuleSource s;
        s.fileName = file.fileName();
        s.source = QString::fromUtf8(file.readAll());
        s.package = s.fileName.endsWith(u"/__init__.py"_s);
        found = std::move(s);
    }
    m_sources.insert(module, found);
    return found;
}

} // namespace pm
