"""Stand-ins for the quay names the corpus scripts import (corpus/README.md).
Quay's scripts take (op, tables, tester), which its own env.py passes and the
corpus's does not: they are here for the revision graph, and every render of
them fails in Alembic as it does in petmigrate."""
