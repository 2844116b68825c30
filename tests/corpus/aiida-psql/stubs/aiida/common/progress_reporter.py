def get_progress_reporter():
    raise RuntimeError("the corpus has no AiiDA progress reporter")
