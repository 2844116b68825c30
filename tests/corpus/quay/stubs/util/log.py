def logfile_path(*args, **kwargs):
    return "/dev/null"
