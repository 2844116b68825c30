# The default e-mail texts a data migration copies into the config table of
# an instance that has been set up (never one of the corpus's fresh ones).
DEFAULT_PASSWORD_RESET_BODY = "password reset body"
DEFAULT_PASSWORD_RESET_SUBJECT = "Password Reset Request from {ctf_name}"
DEFAULT_SUCCESSFUL_REGISTRATION_EMAIL_BODY = "successful registration body"
DEFAULT_SUCCESSFUL_REGISTRATION_EMAIL_SUBJECT = "Successfully registered for {ctf_name}"
DEFAULT_USER_CREATION_EMAIL_BODY = "user creation body"
DEFAULT_USER_CREATION_EMAIL_SUBJECT = "Message from {ctf_name}"
DEFAULT_VERIFICATION_EMAIL_BODY = "verification body"
DEFAULT_VERIFICATION_EMAIL_SUBJECT = "Confirm your account for {ctf_name}"
