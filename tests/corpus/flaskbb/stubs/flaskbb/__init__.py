"""Stand-ins for the flaskbb names the corpus scripts use (corpus/README.md):
`import flaskbb` then flaskbb.utils.database.UTCDateTime."""
import flaskbb.utils  # noqa: F401
