"""Stand-ins for the lemur names the corpus scripts import (corpus/README.md)."""
