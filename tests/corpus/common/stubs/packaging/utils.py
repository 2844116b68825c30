"""Stand-in for packaging.utils.canonicalize_version, reached only for
releases already in a database."""
import re


def canonicalize_version(version, strip_trailing_zero=True):
    text = str(version).lower()
    return re.sub(r"(\.0)+$", "", text) if strip_trailing_zero else text
