# glance-manage's default: the expand scripts install triggers.
USE_TRIGGERS = True
