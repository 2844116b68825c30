"""Stand-in for python-slugify's slugify, as dispatch's organization slugs
use it (ASCII text, a separator)."""
import re


def slugify(text, separator="-"):
    words = re.findall(r"[a-z0-9]+", str(text).lower())
    return separator.join(words)
