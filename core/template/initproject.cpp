#include "template/initproject.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include "config/pythonstring.h"
#include "template/makotemplate.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// The template folder's entries in a stable order. Alembic uses
// os.listdir()'s order; sorting by name reproduces the order its own
// tutorial shows (README, alembic.ini, env.py, script.py.mako).
QStringList entries(const QString &directory, QDir::Filters filters)
{
    QStringList names = QDir(directory).entryList(filters | QDir::NoDotAndDotDot | QDir::Hidden);
    std::sort(names.begin(), names.end());
    return names;
}

Status copyFile(const QString &source, const QString &destination)
{
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly))
        return fail(Error(source, 0, 0, u"Cannot read the file: "_s + in.errorString() + u'.'));
    const QByteArray bytes = in.readAll();
    QSaveFile out(destination);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return fail(Error(destination, 0, 0, u"Cannot write the file: "_s + out.errorString() + u'.'));
    // shutil.copy keeps the mode bits; files from Qt resources are read-only,
    // which a project file must not be.
    if (!source.startsWith(u':'))
        QFile::setPermissions(destination, QFileInfo(source).permissions());
    return {};
}

} // namespace

Status initProject(const InitProjectOptions &options, const OutputLine &output)
{
    const QDir cwd(options.workingDirectory.isEmpty() ? QDir::currentPath() : options.workingDirectory);
    const auto absolute = [&cwd](const QString &path) { return QDir::cleanPath(cwd.absoluteFilePath(path)); };
    const QString directory = absolute(options.directory);

    if (QFileInfo::exists(directory) && !QDir(directory).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        return fail(u"Directory "_s + options.directory + u" already exists and is not empty"_s);

    const QString templateDir = options.templatesDirectory + u'/' + options.templateName;
    if (options.templateName.isEmpty() || !QFileInfo(templateDir).isDir())
        return fail(u"No such template "_s + PythonString::repr(options.templateName));

    // util.status: "<message> ..." then "  done" or "  FAILED" on the same line.
    const auto step = [&output](const QString &message, const std::function<Status()> &action) -> Status {
        Status ok = action();
        output(message + u" ...  "_s + (ok ? u"done"_s : u"FAILED"_s));
        return ok;
    };
    const auto makeDirectory = [](const QString &path) -> Status {
        if (!QDir().mkpath(path))
            return fail(Error(path, 0, 0, u"Cannot create the directory."_s));
        return {};
    };

    if (!QFileInfo::exists(directory)) {
        if (auto ok = step(u"Creating directory "_s + directory, [&] { return makeDirectory(directory); }); !ok)
            return ok;
    }
    const QString versions = directory + u"/versions"_s;
    if (auto ok = step(u"Creating directory "_s + versions, [&] { return makeDirectory(versions); }); !ok)
        return ok;

    const QString configFile = absolute(options.configFile);
    for (const QString &name : entries(templateDir, QDir::AllEntries)) {
        const QString source = templateDir + u'/' + name;
        if (name == u"alembic.ini.mako") {
            if (QFileInfo::exists(configFile)) {
                output(u"File "_s + configFile + u" already exists, skipping"_s);
                continue;
            }
            auto ok = step(u"Generating "_s + configFile, [&]() -> Status {
                auto ini = MakoTemplate::load(source);
                if (!ini)
                    return std::unexpected(ini.error());
                return ini->renderToFile({{u"script_location"_s, TemplateValue(options.directory)}}, configFile);
            });
            if (!ok)
                return ok;
        } else if (QFileInfo(source).isFile()) {
            const QString destination = directory + u'/' + name;
            if (auto ok = step(u"Generating "_s + destination, [&] { return copyFile(source, destination); }); !ok)
                return ok;
        }
    }

    if (options.package) {
        for (const QString &path : QStringList{directory + u"/__init__.py"_s, versions + u"/__init__.py"_s}) {
            auto ok = step(u"Adding "_s + path, [&]() -> Status {
                QFile file(path);
                if (!file.open(QIODevice::WriteOnly))
                    return fail(Error(path, 0, 0, u"Cannot write the file: "_s + file.errorString() + u'.'));
                return {};
            });
            if (!ok)
                return ok;
        }
    }

    output(u"Please edit configuration/connection/logging settings in "_s + PythonString::repr(configFile)
           + u" before proceeding."_s);
    return {};
}

Result<QString> listTemplates(const QString &templatesDirectory, const QString &program)
{
    QString out = u"Available templates:\n\n"_s;
    for (const QString &name : entries(templatesDirectory, QDir::Dirs)) {
        QFile readme(templatesDirectory + u'/' + name + u"/README"_s);
        if (!readme.open(QIODevice::ReadOnly))
            return fail(Error(readme.fileName(), 0, 0, u"Cannot read the template's README: "_s + readme.errorString() + u'.'));
        // next(readme).rstrip(): the first line without trailing whitespace.
        QString synopsis = QString::fromUtf8(readme.readLine());
        while (!synopsis.isEmpty() && synopsis.back().isSpace())
            synopsis.chop(1);
        out += name + u" - "_s + synopsis + u'\n';
    }
    out += u"\nTemplates are used via the 'init' command, e.g.:\n"_s;
    out += u"\n  "_s + program + u" init --template generic ./scripts\n"_s;
    return out;
}

} // namespace pm
