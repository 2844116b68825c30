"""Add pet owner

Revision ID: ab12cd34ef56
Revises: 0011aa22bb33
Create Date: 2024-01-02 03:04:05.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = 'ab12cd34ef56'
down_revision: Union[str, None] = '0011aa22bb33'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('pet', sa.Column('owner_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('pet', 'owner_id')
