def bool_from_string(subject, strict=False, default=False):
    return str(subject).strip().lower() in ("1", "t", "true", "on", "y", "yes")
