#include "script/envsettings.h"

using namespace Qt::StringLiterals;

namespace pm {

const EnvArgument *ConfigureCall::argument(QStringView name) const
{
    for (const EnvArgument &a : arguments)
        if (a.name == name)
            return &a;
    return nullptr;
}

std::optional<bool> ConfigureCall::boolean(QStringView name) const
{
    const EnvArgument *a = argument(name);
    if (!a || !a->literal || a->value.typeId() != QMetaType::Bool)
        return std::nullopt;
    return a->value.toBool();
}

std::optional<QString> ConfigureCall::string(QStringView name) const
{
    const EnvArgument *a = argument(name);
    if (!a || !a->literal || a->value.typeId() != QMetaType::QString)
        return std::nullopt;
    return a->value.toString();
}

QString ConfigureCall::targetMetadata() const
{
    const EnvArgument *a = argument(u"target_metadata");
    return a ? a->text : QString();
}

const ConfigureCall *EnvSettings::offline() const
{
    for (const ConfigureCall &c : configureCalls)
        if (c.mode == ConfigureCall::Mode::Offline)
            return &c;
    return nullptr;
}

const ConfigureCall *EnvSettings::online() const
{
    for (const ConfigureCall &c : configureCalls)
        if (c.mode == ConfigureCall::Mode::Online)
            return &c;
    return nullptr;
}

} // namespace pm
