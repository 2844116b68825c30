"""Stand-ins for the glance names the corpus scripts import (corpus/README.md).

The initial revision calls glance's own table-building modules
(alembic_migrations/add_*_tables.py), application code the corpus does not
take: they raise, so liberty fails for Alembic as it would without them.
"""
