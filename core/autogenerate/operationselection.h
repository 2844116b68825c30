#pragma once

#include <QList>
#include <QString>

#include "base/result.h"
#include "ops/operation.h"

namespace pm {

// Where one operation sits in an upgrade list: its index, and for one inside
// a batch block (`with op.batch_alter_table(...)`), its index in the block.
struct OperationPath
{
    int index = -1;
    int inner = -1; // -1: the operation at `index` itself (a whole block, when it is one)

    static OperationPath at(int index) { return {index, -1}; }
    static OperationPath inBatch(int index, int inner) { return {index, inner}; }
    bool isValid() const { return index >= 0; }
    bool isInBatch() const { return inner >= 0; }
    // "3", or "3.1" for the second operation of the block at 3.
    QString toString() const;

    friend bool operator==(const OperationPath &, const OperationPath &) = default;
    friend auto operator<=>(const OperationPath &, const OperationPath &) = default;
};

size_t qHash(const OperationPath &path, size_t seed = 0);

// The operation at `path`; null when the path leads nowhere.
const Operation *operationAt(const OperationList &ops, const OperationPath &path);

// The paths of the operations that do something themselves, in script
// order: every top-level operation but a batch block, and every operation
// inside one. What can be left out one by one.
QList<OperationPath> leafPaths(const OperationList &ops);

// The leaf paths at `path`: itself, or every operation of the batch block
// there; empty when the path leads nowhere.
QList<OperationPath> leafPathsAt(const OperationList &ops, const OperationPath &path);

// An operation left out because another one is: which, and why, in one
// sentence a person reads in the change list.
struct ForcedExclusion
{
    OperationPath path;  // left out although nobody asked
    OperationPath cause; // the left-out operation it cannot do without
    // "create_index('ix_pet_owner_id') is left out too: it needs column
    // pet.owner_id, which add_column('pet', 'owner_id') adds."
    QString reason;
};

struct OperationSelection
{
    MigrationOps ops;               // the draft without what is left out
    QList<OperationPath> excluded;  // every leaf path left out, asked for or forced, in script order
    QList<ForcedExclusion> forced;  // the ones nobody asked for, each with its reason
};

// The draft without the operations at `paths` (into draft.upgrade; a batch
// block's own path leaves out the whole block) and without what depends on
// them, closed transitively:
//  - an operation needing an element another one adds goes with it (the
//    index on a new column, the foreign key to a new table);
//  - where a removal is left out, what it removes stays, and so must what
//    that needs: the table a kept index, column or foreign key belongs or
//    refers to is not dropped either.
// Each leaf left out takes its downgrade counterpart (the operation
// reverseOperation() gives for it) out of draft.downgrade; blocks left empty
// disappear. The rest keeps its order, so the remaining upgrade renders as
// `revision --autogenerate` writes those operations. Fails with a sentence
// for a path that leads nowhere, or a reversible operation whose counterpart
// the downgrade lacks (a hand-edited draft): dropping one half would leave
// a downgrade that undoes what the upgrade no longer does.
Result<OperationSelection> leaveOut(const MigrationOps &draft, const QList<OperationPath> &paths);

// The leaf paths `path` cannot stay without, transitively, by the same
// rules: what to take back in with an operation that was left out.
QList<OperationPath> operationsNeededBy(const OperationList &upgrade, const OperationPath &path);

} // namespace pm
