"""Alembic 1.8.1's command line as a correct Alembic: its RevisionStep with
alembic_oracle.py's CorrectRevisionStep methods, which differ from 1.8.1
only where 1.8.1 breaks (a depends_on below a parent; see that file), and
its set orders pinned to declared order as alembic_oracle.py pins them,
and its cycle check completed by alembic_oracle.py's _detect_cycles (1.8.1
misses a cycle whose revisions a head and a base both reach).

    correct_alembic.py ALEMBIC-ARGS...
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "revision"))

import alembic_oracle as oracle  # noqa: E402
from alembic.config import main  # noqa: E402
from alembic.runtime.migration import RevisionStep  # noqa: E402

RevisionStep.merge_branch_idents = oracle.CorrectRevisionStep.merge_branch_idents
RevisionStep._unmerge_to_revisions = oracle.CorrectRevisionStep._unmerge_to_revisions

if __name__ == "__main__":
    main(argv=sys.argv[1:], prog="alembic")
