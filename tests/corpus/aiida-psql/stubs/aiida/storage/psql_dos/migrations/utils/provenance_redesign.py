def migrate_infer_calculation_entry_point(*args, **kwargs):
    raise RuntimeError("migrate_infer_calculation_entry_point needs the AiiDA storage")


def detect_unexpected_links(*args, **kwargs):
    raise RuntimeError("detect_unexpected_links needs the AiiDA storage")
