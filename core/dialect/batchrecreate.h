#pragma once

#include <optional>

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include "base/result.h"
#include "dialect/schemaobject.h"
#include "schema/table.h"

namespace pm {

class SqliteDialect;

// Alembic's batch "move and copy" (operations/batch.py ApplyBatchImpl) as
// the statements of SQLite's table rebuild (sqlite.org/lang_altertable.html
// §7, steps 4-9):
//
//   CREATE TABLE _alembic_tmp_<t> (...)            the table as it must end up
//   INSERT INTO _alembic_tmp_<t> (new names) SELECT <t>.old, CAST(...) ... FROM <t>
//   DROP TRIGGER / DROP VIEW  for dependents       (only when there are some)
//   DROP TABLE <t>
//   ALTER TABLE _alembic_tmp_<t> RENAME TO <t>
//   CREATE INDEX ...                               the indexes of the new table
//   CREATE VIEW / CREATE TRIGGER                   dependents, as they were stored
//
// Without dependents the list is exactly what Alembic 1.8 executes. With
// them, Alembic's own run fails at the RENAME ("error in view v: no such
// table: main.t", SQLite >= 3.26 checks the schema); we drop the views and
// the triggers of other tables that mention the table before the DROP TABLE,
// and recreate them (and the table's own triggers, which DROP TABLE removes)
// from their stored SQL after the indexes. A dependent that mentions a
// dropped or renamed column then fails on recreate, inside the caller's
// transaction, which is the honest outcome.
//
// The caller owns steps 1-3 and 10-12: PRAGMA foreign_keys=OFF before BEGIN,
// PRAGMA foreign_key_check before COMMIT, FKs back on after.
class BatchRecreate final
{
public:
    struct Plan
    {
        Table before; // the table as it is in the database
        Table after;  // the table as it must end up (same name); its indexes are recreated
        // New column name -> old column name for each column whose data is
        // copied. Unset: the columns named alike in both tables.
        std::optional<QMap<QString, QString>> copiedFrom;
        // sqlite_master rows (see SqliteInspector::schemaObjects), in
        // sqlite_master order; views and triggers among them that depend on
        // the table are kept working. Tables and indexes are ignored.
        QList<SchemaObject> schemaObjects;
    };

    // "_alembic_tmp_<table>" cut to 50 characters, as Alembic names it.
    static QString tempTableName(const QString &table);

    static Result<QStringList> statements(const SqliteDialect &dialect, const Plan &plan);

    // The table as Alembic's batch mode sees it before a rebuild: reflected
    // with SQLiteImpl.autogen_column_reflect as column_reflect listener, so
    // each server default is the text SQLite keeps for it (the inside of
    // DEFAULT (...)), put back in parentheses unless Alembic guesses it
    // needs none; foreign key actions upper-cased, NO ACTION dropped; its
    // CHECK constraints those of reflectedChecks(tableSql), one per name,
    // whatever `table` says. `table` holds its defaults as a CREATE TABLE writes them;
    // `tableSql` is its CREATE TABLE as sqlite_master stores it.
    static Result<Table> asReflected(const SqliteDialect &dialect, Table table, const QString &tableSql);

    // The CHECK constraints a batch rebuild carries over from the table:
    // SQLAlchemy 1.4's SQLite get_check_constraints reads them from the
    // table's SQL with `(?:CONSTRAINT (.+) +)?CHECK *\( *(.+) *\),? *`, one
    // match per line at most (greedy, no re.S), the name unquoted only of
    // its outer double quotes; and ApplyBatchImpl._grab_table_elements
    // skips the unnamed ones, since it cannot tell a type's CHECK (Boolean,
    // Enum) from the table's. A named one is copied as text, naming no
    // column, so a rebuild that drops a column it mentions keeps it (and
    // SQLite refuses the new table), as Alembic does.
    static QList<Constraint> reflectedChecks(const QString &tableSql);

    // The views and triggers a rebuild of `table` drops (explicitly or with
    // the table) and recreates, in sqlite_master order.
    static QList<SchemaObject> dependents(const QString &table, const QList<SchemaObject> &schemaObjects);
};

} // namespace pm
