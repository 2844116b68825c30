class Dialect:
    name = 'postgresql'
class Bind:
    dialect = Dialect()
def get_bind():
    return Bind()
def upgrade():
    bind = get_bind()
    if bind.dialect.name == 'postgresql':
        kind = 'JSONB'
    elif bind.dialect.name in ('sqlite', 'mysql'):
        kind = 'TEXT'
    else:
        raise NotImplementedError(bind.dialect.name)
    return kind
