"""Stand-in for the starlette names dispatch's configuration uses."""
