from alembic import op
from myapp.models import db
import myapp.util as util
TABLE = db.Model.__tablename__
def upgrade():
    if util.feature_enabled('x'):
        op.execute('SELECT 1')
