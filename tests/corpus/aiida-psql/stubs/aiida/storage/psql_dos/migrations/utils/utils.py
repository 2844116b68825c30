def load_numpy_array_from_repository(*args, **kwargs):
    raise RuntimeError("load_numpy_array_from_repository needs the AiiDA storage")


def delete_numpy_array_from_repository(*args, **kwargs):
    raise RuntimeError("delete_numpy_array_from_repository needs the AiiDA storage")
