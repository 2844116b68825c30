def set_new_uuid(*args, **kwargs):
    raise RuntimeError("set_new_uuid needs the AiiDA storage")


def export_and_clean_workflow_logs(*args, **kwargs):
    raise RuntimeError("export_and_clean_workflow_logs needs the AiiDA storage")
