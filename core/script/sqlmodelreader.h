#pragma once

#include <QString>

#include "base/result.h"
#include "schema/metadata.h"
#include "script/envsettings.h"

namespace pm {

// Reads the MetaData a SQLModel project declares, without running Python.
//
// The modules are tokenized and read statement by statement, following the
// imports that stay inside the project directory in the order Python would
// execute them, so the tables come out in the order SQLModel registers them.
// Within a `class X(SQLModel, table=True)` body the fields map to columns by
// SQLModel 0.0.8's own rules (sqlmodel/main.py get_column_from_field,
// get_sqlachemy_type, _is_field_noneable, on pydantic 1.10's required /
// allow_none): str -> AutoString (length=max_length), int -> Integer, ...;
// nullable unless a primary key or required or not None-able; index=True an
// Index (unique with unique=True), else unique=True a UniqueConstraint;
// foreign_key a ForeignKeyConstraint; fields of non-table SQLModel bases come
// first, as pydantic orders them.
//
// Whatever could change the schema and is not in that subset (an unknown
// call, a computed default, sa_column=, __table_args__, a star import from an
// unknown module...) is an Error at `path:line:col`: a guess would give a
// migration that silently differs from Alembic's. Things that cannot change
// the schema (docstrings, methods, Relationship(...) attributes, `class
// Config`, typing-only imports) are passed over.
class SqlModelReader final
{
public:
    SqlModelReader() = delete;

    // The metadata env.py's `target_metadata` names: `pkg.models.metadata`
    // (a module-level alias of SQLModel.metadata) or `SQLModel.metadata`.
    // The tables are those of every project module env.py imports, directly
    // or through other project modules, since all SQLModel tables share the
    // one SQLModel.metadata. `projectDirectory` is where alembic runs
    // (alembic.ini's directory, `prepend_sys_path = .`): modules are looked up
    // there as `a/b.py` or `a/b/__init__.py`; modules outside it (sqlmodel,
    // typing, ...) are known by name, never read.
    static Result<MetaData> readProject(const EnvSettings &env, const QString &envPyPath,
                                        const QString &projectDirectory);

    // The tables one models file declares (and the project modules it
    // imports, looked up next to it), with its naming convention.
    static Result<MetaData> readModule(const QString &path);
};

} // namespace pm
