"""Stand-ins for the indico names the corpus scripts import (corpus/README.md)."""
