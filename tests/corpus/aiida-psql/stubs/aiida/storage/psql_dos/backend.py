def get_filepath_container(profile):
    raise RuntimeError("the corpus has no AiiDA profile or file repository")
