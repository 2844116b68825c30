GWTYPE = "privacyidea.lib.smsprovider.FirebaseProvider.FirebaseProvider"


class PushAction:
    FIREBASE_CONFIG = "push_firebase_configuration"
    REGISTRATION_URL = "push_registration_url"
    TTL = "push_ttl"
