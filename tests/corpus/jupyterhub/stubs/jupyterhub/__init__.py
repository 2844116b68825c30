"""Stand-ins for the jupyterhub names the corpus scripts import (corpus/README.md)."""
