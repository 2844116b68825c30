"""Stand-in for python-dateutil (common/stubs/README.md)."""
