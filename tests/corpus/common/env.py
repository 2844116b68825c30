"""The corpus's env.py, shared by every project and by both tools.

Only what rendering and running the projects' own scripts needs: the URL of
the project's alembic.ini (or the one a run overrides), no models
(autogenerate is not what the corpus measures), no logging configuration.
"""
from sqlalchemy import engine_from_config
from sqlalchemy import pool

from alembic import context

config = context.config

target_metadata = None


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )

    with connectable.connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata
        )

        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
