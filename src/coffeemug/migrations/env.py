"""Alembic environment: the URL comes from the caller (see coffeemug.migrate)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

import coffeemug.models  # noqa: F401  (registers every table on Base.metadata)
from coffeemug.db import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
