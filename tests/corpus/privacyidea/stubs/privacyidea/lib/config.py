from privacyidea._app import needs_application


def get_privacyidea_node(*args, **kwargs):
    needs_application("get_privacyidea_node")
