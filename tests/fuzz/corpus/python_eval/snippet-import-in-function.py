def upgrade():
    from textwrap import dedent as dd
    import json as j
    return j.dumps(dd('  x'))
