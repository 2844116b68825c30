class Secret:
    """A value kept out of repr()s, as starlette's."""

    def __init__(self, value):
        self._value = value

    def __repr__(self):
        return "%s('**********')" % type(self).__name__

    def __str__(self):
        return self._value


class URL:
    def __init__(self, url=""):
        self._url = str(url)

    def __str__(self):
        return self._url
