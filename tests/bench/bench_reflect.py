"""Times SQLAlchemy's MetaData.reflect() on a SQLite file; prints seconds.

Usage: bench_reflect.py DB_PATH [RUNS]   (Debian's /usr/bin/python3)
Prints one JSON object: {"seconds": best, "tables": n, "sqlalchemy": version}.
"""
import json
import sys
import time
import warnings

import sqlalchemy as sa


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    engine = sa.create_engine("sqlite:///" + path)
    best = None
    tables = 0
    for _ in range(runs):
        # A fresh MetaData and connection each run: no reflection cache carries over.
        metadata = sa.MetaData()
        start = time.perf_counter()
        with engine.connect() as conn:
            metadata.reflect(bind=conn)
        elapsed = time.perf_counter() - start
        tables = len(metadata.tables)
        best = elapsed if best is None else min(best, elapsed)
    engine.dispose()
    json.dump({"seconds": best, "tables": tables, "sqlalchemy": sa.__version__}, sys.stdout)


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    main()
