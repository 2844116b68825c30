"""Stand-ins for the CTFd names the corpus scripts import (corpus/README.md)."""
