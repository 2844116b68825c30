class OpsgenieConfiguration:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("dispatch's OpsgenieConfiguration needs the plugin's settings")
