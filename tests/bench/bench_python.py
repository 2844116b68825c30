"""The CPython half of bench_python: compile() and exec() of every
versions/*.py below the given folders, then upgrade() and downgrade(),
with stand-ins for alembic and sqlalchemy (every attribute and call is the
stand-in itself, as bench_python.cpp's). Prints the mean time per
revision for compiling alone and for compiling and running everything.
Run with /usr/bin/python3.
"""
import glob
import os
import sys
import time


class Stub:
    def __getattr__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False


def main():
    stub = Stub()
    # sqlmodel too: the real one imports sqlalchemy.engine, which the stand-in
    # would have to be a package for.
    for name in ("alembic", "alembic.op", "sqlalchemy", "sqlalchemy.dialects", "sqlalchemy.dialects.postgresql",
                 "sqlmodel", "sqlmodel.sql", "sqlmodel.sql.sqltypes"):
        sys.modules[name] = stub
    scripts = []
    for folder in sys.argv[1:]:
        paths = sorted(glob.glob(os.path.join(folder, "**", "*.py"), recursive=True))
        for p in paths:
            if "/versions/" in p or folder.rstrip("/").endswith("versions"):
                with open(p, encoding="utf-8") as f:
                    scripts.append((p, f.read()))
    rounds = max(1, 2000 // len(scripts))
    t = time.perf_counter()
    for _ in range(rounds):
        for path, source in scripts:
            compile(source, path, "exec")
    compile_us = (time.perf_counter() - t) * 1e6 / (len(scripts) * rounds)
    t = time.perf_counter()
    for _ in range(rounds):
        for path, source in scripts:
            namespace = {"__name__": os.path.basename(path)}
            exec(compile(source, path, "exec"), namespace)
            namespace["upgrade"]()
            namespace["downgrade"]()
    total_us = (time.perf_counter() - t) * 1e6 / (len(scripts) * rounds)
    print("compile_us %.2f" % compile_us)
    print("compile_exec_run_us %.2f" % total_us)


main()
