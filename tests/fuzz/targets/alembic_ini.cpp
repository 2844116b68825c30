// alembic.ini as AlembicConfig loads it (configparser rules, interpolation),
// then every setting a command reads from it, each refusal at its line.
#include "fuzzcontract.h"

#include <QDir>
#include <QFile>
#include <QTimeZone>

#include "config/alembicconfig.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

template<typename T>
void expectLocatedOrSentence(const Result<T> &result, const QString &path, const QString &text)
{
    if (result)
        return;
    if (result.error().file.isEmpty())
        fuzz::expectSentence(result.error());
    else
        fuzz::expectLocatedRefusal(result.error(), path, text);
}

} // namespace

PM_FUZZ_TARGET(alembic_ini)
{
    const QString directory = fuzz::scratchDirectory();
    const QString path = QDir(directory).filePath(u"alembic.ini"_s);
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            fuzz::violation(u"cannot write the scratch file "_s + path);
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    const QString text = fuzz::textOf(data, size);
    AlembicConfig::Options options;
    options.configFile = path;
    options.workingDirectory = directory;
    const Result<AlembicConfig> config = AlembicConfig::load(options);
    expectLocatedOrSentence(config, path, text);
    if (!config)
        return;
    expectLocatedOrSentence(config->databaseUrl(), path, text);
    expectLocatedOrSentence(config->fileTemplate(), path, text);
    expectLocatedOrSentence(config->truncateSlugLength(), path, text);
    expectLocatedOrSentence(config->createDate(QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), QTimeZone::utc())), path,
                            text);
    expectLocatedOrSentence(config->revisionEnvironment(), path, text);
    expectLocatedOrSentence(config->recursiveVersionLocations(), path, text);
    expectLocatedOrSentence(config->versionLocations(), path, text);
    expectLocatedOrSentence(config->scriptLocation(), path, text);
    expectLocatedOrSentence(config->section(u"loggers"_s), path, text);
    (void)config->sourceless();
    (void)config->outputEncoding();
    (void)config->timezone();
}
