class JiraConfiguration:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("dispatch's JiraConfiguration needs the plugin's settings")
