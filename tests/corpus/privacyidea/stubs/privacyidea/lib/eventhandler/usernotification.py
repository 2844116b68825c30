class NOTIFY_TYPE:
    EMAIL = "email"
