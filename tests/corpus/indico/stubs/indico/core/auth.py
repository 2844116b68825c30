class _Multipass:
    @property
    def default_group_provider(self):
        raise RuntimeError("indico's login providers are not available outside indico")


multipass = _Multipass()
