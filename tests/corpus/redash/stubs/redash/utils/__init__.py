import hashlib


def gen_query_hash(sql):
    return hashlib.md5(sql.lower().encode("utf-8")).hexdigest()
