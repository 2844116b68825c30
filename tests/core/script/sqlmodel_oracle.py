"""The reference for tst_sqlmodelreader: imports SQLModel models for real.

Usage: sqlmodel_oracle.py DIR::MODULE [DIR::MODULE ...]

Each case is a directory put first on sys.path and a module imported from
it, as alembic's `prepend_sys_path = .` does. SQLModel.metadata is global,
so it is emptied (naming convention included) between cases, and the case's
modules dropped from sys.modules. Prints one JSON list, one entry per case:
{"tables": [...]} in registration order, or {"error": "..."} when importing
fails. Runs under Debian's /usr/bin/python3 (sqlmodel 0.0.8, SQLAlchemy 1.4).
"""

import importlib
import json
import sys
import warnings

from sqlalchemy import PrimaryKeyConstraint, ForeignKeyConstraint, UniqueConstraint, CheckConstraint
from sqlalchemy.sql.elements import conv
from sqlalchemy.sql.schema import DEFAULT_NAMING_CONVENTION
from sqlmodel import SQLModel
from sqlmodel.main import default_registry

warnings.simplefilter("ignore")


def name_of(obj):
    name = obj.name
    if name is None or type(name).__name__ == "_defer_none_name":
        return None
    return str(name)


def server_default(column):
    d = column.server_default
    if d is None:
        return None
    if isinstance(d.arg, str):
        return {"kind": "literal", "text": d.arg}
    return {"kind": "expression", "text": str(d.arg.text)}


def constraint(c):
    out = {"name": name_of(c), "f": isinstance(c.name, conv)}
    if isinstance(c, PrimaryKeyConstraint):
        out["kind"] = "pk"
    elif isinstance(c, ForeignKeyConstraint):
        out["kind"] = "fk"
        target = [e.target_fullname.split(".") for e in c.elements]
        out["referred_table"] = target[0][-2]
        out["referred_columns"] = [t[-1] for t in target]
    elif isinstance(c, UniqueConstraint):
        out["kind"] = "uq"
    elif isinstance(c, CheckConstraint):
        out["kind"] = "ck"
    out["columns"] = [col.name for col in c.columns]
    return out


def table(t):
    return {
        "name": t.name,
        "columns": [
            {
                "name": c.name,
                "type": repr(c.type),
                "nullable": bool(c.nullable),
                "primary_key": bool(c.primary_key),
                "server_default": server_default(c),
            }
            for c in t.columns
        ],
        "constraints": [constraint(c) for c in sorted(t.constraints, key=lambda c: c._creation_order)],
        "indexes": sorted(
            (
                {"name": name_of(i), "f": isinstance(i.name, conv), "columns": [c.name for c in i.columns],
                 "unique": bool(i.unique)}
                for i in t.indexes
            ),
            key=lambda i: (i["name"] or "", i["columns"]),
        ),
    }


def run_case(spec):
    directory, module = spec.split("::")
    before = set(sys.modules)
    sys.path.insert(0, directory)
    try:
        importlib.import_module(module)
        return {"tables": [table(t) for t in SQLModel.metadata.tables.values()]}
    except Exception as e:  # the C++ side reports its own error; keep going
        return {"error": f"{type(e).__name__}: {e}"}
    finally:
        sys.path.remove(directory)
        for name in set(sys.modules) - before:
            del sys.modules[name]
        SQLModel.metadata.clear()
        SQLModel.metadata.naming_convention = DEFAULT_NAMING_CONVENTION
        default_registry.dispose()


def main():
    print(json.dumps([run_case(spec) for spec in sys.argv[1:]]))


if __name__ == "__main__":
    main()
