"""Stand-ins for the neutron names the corpus scripts import (corpus/README.md)."""
