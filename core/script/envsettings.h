#pragma once

#include <optional>

#include <QList>
#include <QString>
#include <QVariant>

#include "script/pythonimport.h"

namespace pm {

// One keyword argument of a context.configure(...) call in env.py.
struct EnvArgument
{
    QString name; // "**" for a **mapping
    QString text; // the expression as written, whitespace and all
    // The value when the expression is a literal: bool, qlonglong, double,
    // QString, QVariantList (tuple/list), QVariantMap (dict); a null QVariant
    // for None. Unset (literal == false) for anything to be evaluated.
    QVariant value;
    bool literal = false;
    int line = 0;
    int column = 0;
};

// One context.configure(...) call, and which mode it configures.
struct ConfigureCall
{
    enum class Mode { Unknown, Offline, Online };

    Mode mode = Mode::Unknown;
    QString function; // the enclosing def, "" at module level
    int line = 0;
    int column = 0;
    QList<EnvArgument> arguments;

    const EnvArgument *argument(QStringView name) const;
    // The literal value of a bool/str argument; nullopt when absent, not a
    // literal, or of another type.
    std::optional<bool> boolean(QStringView name) const;
    std::optional<QString> string(QStringView name) const;

    std::optional<bool> renderAsBatch() const { return boolean(u"render_as_batch"); }
    std::optional<QString> userModulePrefix() const { return string(u"user_module_prefix"); }
    std::optional<bool> compareType() const { return boolean(u"compare_type"); }
    std::optional<bool> compareServerDefault() const { return boolean(u"compare_server_default"); }
    std::optional<QString> versionTable() const { return string(u"version_table"); }
    std::optional<QString> versionTableSchema() const { return string(u"version_table_schema"); }
    std::optional<bool> transactionPerMigration() const { return boolean(u"transaction_per_migration"); }
    std::optional<bool> transactionalDdl() const { return boolean(u"transactional_ddl"); }
    std::optional<bool> includeSchemas() const { return boolean(u"include_schemas"); }
    // The target_metadata= expression as written ("" when not passed).
    QString targetMetadata() const;
};

// What env.py tells without being run: its configure calls, the module-level
// target_metadata assignment and its imports (where the models live).
struct EnvSettings
{
    QList<ConfigureCall> configureCalls; // in file order
    QString targetMetadata;              // last module-level `target_metadata = X`: X as written
    int targetMetadataLine = 0;          // 0 when never assigned
    QList<PythonImport> imports;

    // The first call configuring that mode, or nullptr.
    const ConfigureCall *offline() const;
    const ConfigureCall *online() const;
};

} // namespace pm
