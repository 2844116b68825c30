class _Saml:
    relay_state_prefix = "ss:mem:"  # keystone's default


class _Conf:
    saml = _Saml()


CONF = _Conf()
