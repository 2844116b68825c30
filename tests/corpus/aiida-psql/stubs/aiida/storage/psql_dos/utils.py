def install_tc(session):
    raise RuntimeError("install_tc needs an AiiDA storage session")
