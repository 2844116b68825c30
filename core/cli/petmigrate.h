#pragma once

#include <QStringList>
#include <QTextStream>

namespace pm {

// The petmigrate command line: Alembic's commands, flags and output, on
// stdout/stderr given by the caller (so tests run it in-process). Returns
// the exit status: 0, 2 for usage errors (argparse), 255 for FAILED.
int runPetMigrate(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace pm
