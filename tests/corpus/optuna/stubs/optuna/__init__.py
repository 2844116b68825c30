"""Stand-ins for the optuna names the corpus scripts import (corpus/README.md)."""
