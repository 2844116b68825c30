#pragma once

#include <QStringList>
#include <QTextStream>

namespace pm {

// The petmigrate command line: Alembic's commands, flags and output, on
// stdout/stderr given by the caller (so tests run it in-process). Returns
// the exit status: 0, 2 for usage errors (argparse), 255 for FAILED.
// What becomes of the project read for the command once it is done.
// Free: destroyed, for a caller that goes on (tests, the window).
// LeftToProcessExit: for main(), which returns right after: tearing down
// 10,000 revisions one allocation at a time costs a tenth of a `heads`, and
// the process's end gives the memory back at once. Output is flushed first.
enum class Teardown { Free, LeftToProcessExit };

int runPetMigrate(const QStringList &arguments, QTextStream &out, QTextStream &err,
                  Teardown teardown = Teardown::Free);

} // namespace pm
