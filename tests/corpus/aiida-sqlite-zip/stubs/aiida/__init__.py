"""Stand-ins for the aiida names the corpus scripts import (corpus/README.md).

What needs AiiDA's storage or profile (reflection through a connection, the
file repository, the data migrations in Python) raises, so a revision using
it fails for Alembic as it would without the storage.
"""
