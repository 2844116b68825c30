class SlackContactConfiguration:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("dispatch's SlackContactConfiguration needs the plugin's settings")


class SlackConversationConfiguration:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("dispatch's SlackConversationConfiguration needs the plugin's settings")
