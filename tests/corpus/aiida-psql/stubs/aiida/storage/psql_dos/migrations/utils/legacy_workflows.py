def export_workflow_data(*args, **kwargs):
    raise RuntimeError("export_workflow_data needs the AiiDA storage")
