#include "runtime/autogeneratesession.h"

#include <QDir>
#include <QFileInfo>

#include "autogenerate/comparator.h"
#include "script/envsettingsreader.h"
#include "script/sqlmodelreader.h"
#include "config/alembicconfig.h"
#include "dialect/dialect.h"
#include "inspect/sqliteinspector.h"
#include "models/appmodels.h"
#include "runtime/backend.h"
#include "runtime/databaseconnection.h"
#include "runtime/environment.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QString pyList(const QStringList &items)
{
    QStringList quoted;
    for (const QString &i : items)
        quoted << pythonStringRepr(i);
    return u'[' + quoted.join(u", "_s) + u']';
}

void describe(const Operation &op, QStringList &out)
{
    if (const auto *o = op.as<CreateTableOp>())
        out << u"Detected added table '%1'"_s.arg(o->table.qualifiedName());
    else if (const auto *o = op.as<DropTableOp>())
        out << u"Detected removed table '%1'"_s.arg(o->tableName);
    else if (const auto *o = op.as<AddColumnOp>())
        out << u"Detected added column '%1.%2'"_s.arg(o->tableName, o->column.name);
    else if (const auto *o = op.as<DropColumnOp>())
        out << u"Detected removed column '%1.%2'"_s.arg(o->tableName, o->columnName);
    else if (const auto *o = op.as<AlterColumnOp>()) {
        if (o->nullable)
            out << u"Detected %1 on column '%2.%3'"_s.arg(*o->nullable ? u"NULL"_s : u"NOT NULL"_s, o->tableName,
                                                         o->columnName);
        if (o->type)
            out << u"Detected type change from %1 to %2 on '%3.%4'"_s.arg(
                o->existingType ? o->existingType->pythonRepr() : u"None"_s, o->type->pythonRepr(), o->tableName,
                o->columnName);
        if (o->serverDefault)
            out << u"Detected server default on column '%1.%2'"_s.arg(o->tableName, o->columnName);
    } else if (const auto *o = op.as<CreateIndexOp>())
        out << u"Detected added index '%1' on %2"_s.arg(o->index.name, pyList(o->index.columns));
    else if (const auto *o = op.as<DropIndexOp>())
        out << u"Detected removed index '%1' on '%2'"_s.arg(o->indexName, o->tableName);
    else if (const auto *o = op.as<AddConstraintOp>()) {
        if (o->constraint.isForeignKey())
            out << u"Detected added foreign key (%1)(%2) on table %3"_s.arg(
                o->constraint.columns.join(u", "_s), o->constraint.referredColumns.join(u", "_s), o->tableName);
        else if (o->constraint.isUnique())
            out << u"Detected added unique constraint '%1' on '%2'"_s.arg(o->constraint.name, o->tableName);
        else
            out << u"Detected added constraint '%1' on '%2'"_s.arg(o->constraint.name, o->tableName);
    } else if (const auto *o = op.as<DropConstraintOp>())
        out << u"Detected removed constraint '%1' on '%2'"_s.arg(o->constraintName, o->tableName);
    else if (const auto *o = op.as<BatchAlterTableOp>()) {
        for (const Operation &inner : o->ops)
            describe(inner, out);
    }
}

} // namespace

QStringList describeDetected(const OperationList &ops)
{
    QStringList out;
    for (const Operation &op : ops)
        describe(op, out);
    return out;
}

std::optional<NamingConvention> targetNamingConvention(const AlembicConfig &config, const Environment &env)
{
    if (env.models.isEmpty() && (env.targetMetadata.isEmpty() || env.targetMetadata == u"None"))
        return std::nullopt;
    auto metadata = loadTargetMetadata(config, env, QString());
    if (!metadata)
        return std::nullopt;
    return metadata->namingConvention();
}

Result<MetaData> loadTargetMetadata(const AlembicConfig &config, const Environment &env, const QString &targetUrl)
{
    if (!targetUrl.isEmpty()) {
        auto url = DatabaseUrl::parse(targetUrl);
        if (!url)
            return std::unexpected(url.error());
        auto other = DatabaseConnection::open(*url, DatabaseConnection::OpenMode::MustExist);
        if (!other)
            return std::unexpected(other.error());
        return reflectDatabase(other->database(), {env.versionTable});
    }
    if (env.models == u"app")
        return app::metadata();
    if (env.models.isEmpty() && env.envPyFound) {
        // A SQLModel project as in the tutorial: its models module, read statically.
        const QString envPath = QDir(config.scriptLocation().value_or(QString())).filePath(u"env.py"_s);
        auto settings = EnvSettingsReader::readFile(envPath);
        if (!settings)
            return std::unexpected(settings.error());
        return SqlModelReader::readProject(*settings, envPath, QFileInfo(config.configFilePath()).absolutePath());
    }
    if (!env.models.isEmpty())
        return fail(u"%1: petmigrate.models = %2 is not a model set petmigrate knows (use 'app')"_s.arg(
            config.configFileName(), env.models));
    return fail(u"Can't proceed with --autogenerate option; environment script %1/env.py does not provide a "
                u"MetaData object or sequence of objects to the context (target_metadata = %2 is Python that "
                u"petmigrate does not run; set petmigrate.models or use --target-url)."_s.arg(
                    config.scriptLocation().value_or(QString()),
                    env.targetMetadata.isEmpty() ? u"None"_s : env.targetMetadata));
}

bool isAtHeads(const QStringList &current, const QStringList &scriptHeads)
{
    QStringList at = current;
    QStringList heads = scriptHeads;
    at.sort();
    heads.sort();
    return at == heads;
}

Result<AutogenerateResult> autogenerate(const DatabaseConnection &connection, const MetaData &target,
                                        const Environment &env)
{
    auto reflected = reflectDatabase(connection.database(), {env.versionTable});
    if (!reflected)
        return std::unexpected(reflected.error());
    CompareOptions options;
    options.compareType = env.compareType;
    options.compareServerDefault = env.compareServerDefault;
    options.ignoreTables = {env.versionTable};
    const std::unique_ptr<Dialect> dialect = makeDialect(connection.backend());
    options.dialect = dialect.get();
    AutogenerateResult result;
    result.ops = produceMigrations(*reflected, target, options);
    RenderOptions render;
    render.userModulePrefix = env.userModulePrefix;
    render.renderAsBatch = env.renderAsBatch;
    result.bodies = renderMigrationBodies(result.ops, render);
    result.detected = describeDetected(result.ops.upgrade);
    return result;
}

} // namespace pm
