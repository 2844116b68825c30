#pragma once

#include <functional>

#include <QString>

#include "base/result.h"

namespace pm::app {

// Where Pet Manager's own migration environment (migrations/alembic.ini) is:
// $PETMANAGER_MIGRATIONS, then the installed share/petmanager/migrations next
// to the executable, then the source tree the program was built from.
Result<QString> migrationsConfigFile();

// Brings the app's database to head through the app's migrations: a new
// file is created and upgraded; a database newer than these scripts or not
// under version control is an error the window shows.
Status upgradeToHead(const QString &databaseFile, const std::function<void(const QString &)> &log = {});

} // namespace pm::app
