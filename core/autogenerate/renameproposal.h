#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "autogenerate/schemarenames.h"
#include "ops/operation.h"
#include "schema/metadata.h"

namespace pm {

class Dialect;

// Why a drop and an add might be one rename: what a person weighs before
// saying yes.
struct RenameEvidence
{
    enum class TypeMatch { Same, Compatible };

    TypeMatch type = TypeMatch::Same;
    // Columns: the two types as Alembic writes them ("VARCHAR(length=50)",
    // "String(length=80)"). Tables: empty.
    QString oldType;
    QString newType;
    bool sameNullability = true; // tables: every shared column keeps it
    // Columns: 0-based position in the table before, and in the target; -1
    // when unknown. Tables: -1.
    int oldPosition = -1;
    int newPosition = -1;
    // difflib.SequenceMatcher(None, old, new).ratio() of the two names: 0..1.
    double nameSimilarity = 0;
    // Tables: the columns both have (all of them, for a proposal) and how many.
    int sharedColumns = 0;
};

// "Renamed pet.nam → pet.name?": a dropped column and an added one in the
// same table, of the same or a compatible type (or a dropped table and a
// created one with the same columns).
struct RenameProposal
{
    enum class Kind { Column, Table };

    Kind kind = Kind::Column;
    ColumnRename column; // Kind::Column
    TableRename table;   // Kind::Table
    RenameEvidence evidence;
    // 0..1: type (same 0.35, compatible 0.15), nullability kept (0.15),
    // position kept (0.2; one off 0.1), name similarity (0.3 x ratio).
    // Tables: same columns (0.4), types (same 0.2, compatible 0.1),
    // nullability (0.1), name similarity (0.3 x ratio).
    double score = 0;
    // In the most likely one-to-one pairing of the table's drops and adds
    // (highest scores first): the proposal to show first.
    bool best = false;
    // Another proposal shares its dropped or its added column (or table):
    // accepting this one withdraws those.
    bool ambiguous = false;

    SchemaElementRef from() const { return kind == Kind::Column ? column.from() : table.from(); }
    SchemaElementRef to() const { return kind == Kind::Column ? column.to() : table.to(); }
    // "renamed pet.nam → pet.name?"
    QString question() const;
    // One phrase a piece: "same type VARCHAR(length=50)", "nullable kept",
    // "same position (3rd)", "names 86% alike".
    QStringList evidenceText() const;
};

// The rename proposals of a draft's upgrade, best first (then by score).
// `database` is the side the draft compares (with any accepted renames
// applied, see applyRenames()), `target` the other; positions and table
// contents come from them. Columns of incompatible types are not proposed.
QList<RenameProposal> proposeRenames(const OperationList &upgrade, const MetaData &database, const MetaData &target,
                                     const Dialect *dialect = nullptr);

// Python's difflib.SequenceMatcher(None, a, b).ratio(): 2*M/T over the
// matching blocks Ratcliff/Obershelp finds.
double nameSimilarity(const QString &a, const QString &b);

} // namespace pm
