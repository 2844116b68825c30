class ZoomConfiguration:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("dispatch's ZoomConfiguration needs the plugin's settings")
