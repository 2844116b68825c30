#pragma once

#include <QString>

#include "base/result.h"
#include "script/envsettings.h"

namespace pm {

// Reads env.py's settings without executing it. The whole file is tokenized
// (so it must be valid Python at the token level), but only three things are
// interpreted: import statements, module-level `target_metadata = ...`, and
// the keyword arguments of every `context.configure(...)` call. Everything
// else — functions, if/else, f-strings, arbitrary calls — is passed over.
//
// A call's mode comes from its enclosing function: a name containing
// "offline" or "online" (Alembic's run_migrations_offline/online), else the
// arguments (url= is offline, connection= online, as in the async template's
// do_run_migrations).
class EnvSettingsReader final
{
public:
    EnvSettingsReader() = delete;

    static Result<EnvSettings> read(const QString &source, const QString &fileName);
    static Result<EnvSettings> readFile(const QString &path);
};

} // namespace pm
