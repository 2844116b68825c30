from privacyidea._app import needs_application


def encryptPassword(*args, **kwargs):
    needs_application("encryptPassword")


def decryptPassword(*args, **kwargs):
    needs_application("decryptPassword")
