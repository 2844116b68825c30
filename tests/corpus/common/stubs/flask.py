"""Stand-in for flask.current_app as the corpus scripts use it: a config
mapping (a log file setting pointing nowhere) and no extensions yet."""
import os


class _App:
    def __init__(self):
        self.config = {"LOG_UPGRADE_FILE": os.devnull}
        self.extensions = {}

    def app_context(self):
        return self

    @property
    def app(self):
        return self


current_app = _App()
