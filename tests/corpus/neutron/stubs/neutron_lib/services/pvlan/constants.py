PVLAN_TYPES = ["promiscuous", "isolated", "community"]
