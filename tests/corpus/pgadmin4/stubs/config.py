"""Stand-in for pgAdmin's web/config.py: the settings its migrations read."""
SECURITY_PASSWORD_HASH = "pbkdf2_sha512"
SETTINGS_SCHEMA_VERSION = 14
