"""The CPython half of bench_corpus: for every *.py of each corpus
project's versions/ folder, compile() alone, and compile() + exec() of the
module + upgrade() + downgrade(). Every import (alembic, sqlalchemy, the
application's modules, the standard library) gives a stand-in whose every
attribute and call is itself, as bench_python.py's: CPython runs the
scripts' own code, not Alembic's or SQLAlchemy's. A script or body that
raises (a stand-in compared, a raise in a downgrade) is timed up to the
raise and counted. Prints one line per project, microseconds per revision.

    /usr/bin/python3 bench_corpus.py NAME=VERSIONS_DIR...
"""
import builtins
import os
import signal
import sys
import time


class Stub:
    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __getitem__(self, key):
        return self

    def __iter__(self):
        return iter(())

    # Falsy: `if context.is_offline_mode():` takes the online branch, and a
    # `while` on a stand-in ends.
    def __bool__(self):
        return False

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False

    def __mro_entries__(self, bases):
        return (object,)


STUB = Stub()


class Runaway(Exception):
    pass


def runaway(signum, frame):
    raise Runaway()


def stub_import(name, globals=None, locals=None, fromlist=(), level=0):
    return STUB


def scripts_under(folder):
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    out.append((path, f.read()))
    out.sort()
    return out


def main():
    own_builtins = dict(vars(builtins))
    own_builtins["__import__"] = stub_import
    own_builtins["print"] = STUB  # scripts' progress messages: not the terminal's time
    # A loop that waits on a stand-in forever is stopped and counted as a
    # raise (petmigrate's step budget does the same).
    signal.signal(signal.SIGALRM, runaway)
    for arg in sys.argv[1:]:
        name, folder = arg.split("=", 1)
        scripts = scripts_under(folder)
        rounds = max(1, 1000 // len(scripts))
        t = time.perf_counter()
        for _ in range(rounds):
            for path, source in scripts:
                compile(source, path, "exec")
        compile_us = (time.perf_counter() - t) * 1e6 / (len(scripts) * rounds)
        raised = 0
        t = time.perf_counter()
        for _ in range(rounds):
            raised = 0
            for path, source in scripts:
                namespace = {"__name__": os.path.basename(path), "__builtins__": own_builtins}
                signal.setitimer(signal.ITIMER_REAL, 0.5)
                try:
                    exec(compile(source, path, "exec"), namespace)
                except Exception:
                    raised += 1
                    continue
                for function in ("upgrade", "downgrade"):
                    try:
                        if function in namespace:
                            namespace[function]()
                    except Exception:
                        raised += 1
                signal.setitimer(signal.ITIMER_REAL, 0)
        total_us = (time.perf_counter() - t) * 1e6 / (len(scripts) * rounds)
        print("%s files %d rounds %d raised %d compile_us %.2f compile_exec_run_us %.2f"
              % (name, len(scripts), rounds, raised, compile_us, total_us))
        sys.stdout.flush()


main()
