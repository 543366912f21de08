"""reader experience: full-text search indexes, article pictures

Revision ID: 0015
Revises: 0010
Create Date: 2026-12-04 22:40:00.000000

PostgreSQL: a GIN index per language on the articles' text (German articles under the German
configuration, all others under English), used by ``coffeemug.search``. SQLite: an FTS5 table
``article_search`` (stemmed text, rowid = article id) and the mark of how far it is up to date.
Article pictures: one optional picture per article with its required alt text.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coffeemug.db import UTCDateTime

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCUMENT = "title || ' ' || summary || ' ' || body"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_articles_search_de ON articles USING gin "
            f"(to_tsvector('german'::regconfig, {DOCUMENT})) WHERE language = 'de'"
        )
        op.execute(
            "CREATE INDEX ix_articles_search_en ON articles USING gin "
            f"(to_tsvector('english'::regconfig, {DOCUMENT})) WHERE language <> 'de'"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE article_search USING fts5"
            "(title, body, tokenize = 'unicode61 remove_diacritics 0')"
        )
        op.create_table(
            "article_search_mark",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("latest_change", sa.String(64), nullable=True),
            sa.Column("latest_id", sa.Integer(), nullable=True),
            sa.Column("articles", sa.Integer(), nullable=False),
        )
    op.create_table(
        "article_pictures",
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("alt", sa.String(300), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("article_pictures")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search_en")
        op.execute("DROP INDEX IF EXISTS ix_articles_search_de")
    else:
        op.drop_table("article_search_mark")
        op.execute("DROP TABLE IF EXISTS article_search")
