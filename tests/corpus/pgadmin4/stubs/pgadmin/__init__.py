"""Stand-ins for the pgAdmin names the corpus scripts import (corpus/README.md)."""
