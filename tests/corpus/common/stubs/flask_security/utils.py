import hashlib


def hash_password(password):
    return "$pbkdf2-sha512$" + hashlib.sha512(password.encode()).hexdigest()


def verify_and_update_password(password, user):
    return hash_password(password) == user.password
