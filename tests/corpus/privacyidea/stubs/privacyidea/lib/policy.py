from privacyidea._app import needs_application


class SCOPE:
    ADMIN = "admin"
    ENROLL = "enrollment"


class PolicyClass:
    def __init__(self, *args, **kwargs):
        needs_application("PolicyClass")


def set_policy(*args, **kwargs):
    needs_application("set_policy")
