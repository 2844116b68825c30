class GoogleConfiguration:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("dispatch's GoogleConfiguration needs the plugin's settings")
