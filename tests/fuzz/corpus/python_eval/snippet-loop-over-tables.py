from alembic import op
TABLES = ['pet', 'owner', 'visit']

def _ts(table):
    return 'ALTER TABLE %s ADD COLUMN created_at TIMESTAMP' % table

def upgrade():
    out = []
    for t in TABLES:
        if t.startswith('v'):
            continue
        out.append(_ts(t))
    else:
        out.append('done')
    return out

def downgrade():
    return [f"ALTER TABLE {t} DROP COLUMN created_at" for t in reversed(TABLES)]
