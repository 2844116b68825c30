class DispatchTicketConfiguration:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("dispatch's DispatchTicketConfiguration needs the plugin's settings")
