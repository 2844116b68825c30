#pragma once

// The schema and scripts the diagram suites draw: users, their pets and
// visits to the vet, as SQLAlchemy creates them, and an Alembic script
// around an upgrade() body. Shared by tests/core/diagram and tests/ui.
#include <QString>
#include <QStringList>

namespace pm::test {

using namespace Qt::StringLiterals;

inline const QString DemoSchema = uR"(
CREATE TABLE user (id INTEGER NOT NULL, name VARCHAR NOT NULL, email VARCHAR,
    CONSTRAINT pk_user PRIMARY KEY (id),
    CONSTRAINT uq_user_email UNIQUE (email));
CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR NOT NULL, age INTEGER, weight FLOAT, owner_id INTEGER,
    CONSTRAINT pk_pet PRIMARY KEY (id),
    CONSTRAINT fk_pet_owner_id_user FOREIGN KEY(owner_id) REFERENCES user (id));
CREATE INDEX ix_pet_name ON pet (name);
CREATE TABLE visit (id INTEGER NOT NULL, pet_id INTEGER NOT NULL, note TEXT,
    CONSTRAINT pk_visit PRIMARY KEY (id),
    CONSTRAINT fk_visit_pet_id_pet FOREIGN KEY(pet_id) REFERENCES pet (id));
)"_s;

inline const QString DemoRows = uR"(
INSERT INTO user (id, name, email) VALUES (1, 'Ann', 'ann@example.org'), (2, 'Bob', NULL);
INSERT INTO pet (id, name, age, weight, owner_id) VALUES (1, 'Rex', 3, 12.5, 1), (2, 'Tom', NULL, 4.2, NULL),
    (3, 'Kiwi', 1, 0.4, 2);
INSERT INTO visit (id, pet_id, note) VALUES (1, 1, 'checkup');
)"_s;

// A migration script as Alembic's generic template writes it, with
// `upgradeBody` (unindented, one statement a line) as upgrade().
inline QString script(const QString &upgradeBody, const QString &revision = u"1a2b3c4d5e6f"_s,
                      const QString &downRevision = {})
{
    QString body;
    for (const QString &line : upgradeBody.split(u'\n'))
        body += line.isEmpty() ? u"\n"_s : u"    "_s + line + u'\n';
    return uR"("""a change

Revision ID: %2
Revises: %3
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '%2'
down_revision = %4
branch_labels = None
depends_on = None


def upgrade() -> None:
%1

def downgrade() -> None:
    pass
)"_s.arg(body, revision, downRevision, downRevision.isEmpty() ? u"None"_s : u'\'' + downRevision + u'\'');
}

} // namespace pm::test
