"""Stand-ins for the keystone names the corpus scripts import (corpus/README.md)."""
