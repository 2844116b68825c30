import re


def snakify_keys(data):
    if isinstance(data, dict):
        return {re.sub(r"(?<!^)(?=[A-Z])", "_", k).lower(): snakify_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [snakify_keys(x) for x in data]
    return data
