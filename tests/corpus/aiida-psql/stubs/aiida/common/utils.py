_issued = 0


def get_new_uuid():
    """A new UUID4 string. aiida's is random; this one counts, so that two
    renders of a revision (Alembic's and petmigrate's) can be compared."""
    global _issued
    _issued += 1
    return "00000000-0000-4000-8000-%012d" % _issued
