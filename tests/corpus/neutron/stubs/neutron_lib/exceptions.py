class NeutronException(Exception):
    message = "An unknown exception occurred."

    def __init__(self, **kwargs):
        super().__init__(self.message % kwargs)


class Conflict(NeutronException):
    pass
