"""Stand-ins for the dispatch names the corpus scripts import (corpus/README.md).

What needs dispatch's database session or its plugins' settings raises, so a
revision using it fails for Alembic as it would without them.
"""
