def pydantic_encoder(obj):
    raise TypeError("Object of type '%s' is not JSON serializable" % type(obj).__name__)
