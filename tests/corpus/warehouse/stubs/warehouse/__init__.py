"""Stand-ins for the warehouse names the corpus scripts import (corpus/README.md)."""
from warehouse.utils.db import types as _types  # noqa: F401  (scripts reach it as warehouse.utils.db.types)
