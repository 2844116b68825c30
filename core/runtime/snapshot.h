#pragma once

#include <QString>

#include "base/result.h"

namespace pm {

// A consistent copy of a SQLite database file (VACUUM INTO, which reads
// under a shared lock, so other programs may keep reading meanwhile).
//
// The copy is written as "<target>.partial", flushed to disk, and only then
// renamed to `target`: a kill, a crash, a full disk or a power cut never
// leaves a file named like a snapshot that holds half of one, and whoever
// lists snapshots (*.sqlite) never offers it. A failure removes the partial
// file and says why in one sentence ("the disk is full"). Partial files left
// by a killed writer in the target's folder are removed first.
Status writeSnapshot(const QString &databaseFile, const QString &target);

// The suffix of a snapshot being written.
QString partialSnapshotSuffix();

} // namespace pm
