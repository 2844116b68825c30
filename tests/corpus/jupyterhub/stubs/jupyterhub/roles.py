def roles_to_scopes(roles):
    return [scope for role in roles for scope in getattr(role, "scopes", [])]
