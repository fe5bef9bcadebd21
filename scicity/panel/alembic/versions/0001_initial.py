"""Initial panel tables and the append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "panel",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("layer", sa.String(20), nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("input_mode", sa.String(20), nullable=False),
        sa.Column("hierarchy", sa.JSON, nullable=False),
        sa.Column("max_rounds", sa.Integer, nullable=False),
        sa.Column("current_round", sa.Integer, nullable=False),
        sa.Column("facilitator_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_panel_facilitator_hash", "panel", ["facilitator_hash"], unique=True)
    op.create_table(
        "expert",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("panel_id", sa.Integer, sa.ForeignKey("panel.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", TS, nullable=True),
    )
    op.create_index("ix_expert_panel_id", "expert", ["panel_id"])
    op.create_index("ix_expert_token_hash", "expert", ["token_hash"], unique=True)
    op.create_table(
        "panel_round",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("panel_id", sa.Integer, sa.ForeignKey("panel.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("opened_at", TS, nullable=False),
        sa.Column("closed_at", TS, nullable=True),
        sa.UniqueConstraint("panel_id", "number"),
    )
    op.create_index("ix_panel_round_panel_id", "panel_round", ["panel_id"])
    op.create_table(
        "judgement",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("expert_id", sa.Integer, sa.ForeignKey("expert.id"), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("node", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.UniqueConstraint("expert_id", "round", "node"),
    )
    op.create_index("ix_judgement_expert_id", "judgement", ["expert_id"])
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("expert_id", sa.Integer, sa.ForeignKey("expert.id"), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("submitted_at", TS, nullable=False),
        sa.UniqueConstraint("expert_id", "round"),
    )
    op.create_index("ix_submission_expert_id", "submission", ["expert_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("panel_id", sa.Integer, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
    )
    op.create_index("ix_audit_log_panel_id", "audit_log", ["panel_id"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END")
    elif dialect == "postgresql":
        op.execute("CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$")
        op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                   "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    for table in ("audit_log", "submission", "judgement", "panel_round", "expert", "panel"):
        op.drop_table(table)
