from privacyidea._app import needs_application


def get_smsgateway(*args, **kwargs):
    needs_application("get_smsgateway")


def delete_smsgateway_option(*args, **kwargs):
    needs_application("delete_smsgateway_option")
