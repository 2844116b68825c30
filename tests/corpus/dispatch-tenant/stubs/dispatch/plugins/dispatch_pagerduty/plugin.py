class PagerdutyConfiguration:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("dispatch's PagerdutyConfiguration needs the plugin's settings")
