"""Stand-ins for the privacyidea names the corpus scripts import (corpus/README.md)."""
