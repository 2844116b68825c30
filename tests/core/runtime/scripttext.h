// A migration script in the form `petmigrate revision` writes, for the
// runtime suites that build small projects file by file.
#pragma once

#include <QString>

using namespace Qt::StringLiterals;

inline QString scriptText(const QString &rev, const QString &down, const QString &upgrade, const QString &downgrade)
{
    return uR"("""step %1

Revision ID: %1
Revises: %2
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '%1'
down_revision = %3
branch_labels = None
depends_on = None


def upgrade() -> None:
%4


def downgrade() -> None:
%5
)"_s.arg(rev, down, down.isEmpty() ? u"None"_s : u'\'' + down + u'\'', upgrade, downgrade);
}
