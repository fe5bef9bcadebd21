"""SQLAlchemy 2 tables of the panel. Tokens are stored only as SHA-256 hashes.

Judgement payloads are JSON: a pairwise node holds ``{"order": [...], "upper": [...]}``
(the upper triangle row by row, Saaty values), a direct node ``{"order": [...],
"weights": [...]}``. The audit log is append-only (database triggers refuse UPDATE and
DELETE, see the initial migration).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Timezone-aware now (UTC)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of the panel tables."""


class Panel(Base):
    """A weighting exercise: what is judged, how, by whom, in how many rounds."""

    __tablename__ = "panel"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    layer: Mapped[str] = mapped_column(String(20))
    languages: Mapped[list[str]] = mapped_column(JSON)
    input_mode: Mapped[str] = mapped_column(String(20))  # pairwise | direct
    hierarchy: Mapped[dict[str, Any]] = mapped_column(JSON)  # node -> [element ids]
    max_rounds: Mapped[int] = mapped_column(Integer)
    current_round: Mapped[int] = mapped_column(Integer, default=1)
    facilitator_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    experts: Mapped[list[Expert]] = relationship(back_populates="panel", order_by="Expert.id")


class Expert(Base):
    """One panel member, reached by a personal link (token hash only)."""

    __tablename__ = "expert"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    panel: Mapped[Panel] = relationship(back_populates="experts")


class PanelRound(Base):
    """A Delphi round of a panel: opened, then closed when the next one opens."""

    __tablename__ = "panel_round"
    __table_args__ = (UniqueConstraint("panel_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class _ExpertRound:
    """Columns of a row that belongs to one expert in one round."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("expert.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)


class Judgement(_ExpertRound, Base):
    """An expert's current entry for one node in one round (a draft until submitted)."""

    __tablename__ = "judgement"
    __table_args__ = (UniqueConstraint("expert_id", "round", "node"),)
    node: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # pairwise | direct
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Submission(_ExpertRound, Base):
    """An expert's final answer for a round (the judgements are then frozen)."""

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("expert_id", "round"),)
    source: Mapped[str] = mapped_column(String(20))  # web | xlsx | cli
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    """One change: who, when, what, before and after (append-only)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    panel_id: Mapped[int] = mapped_column(Integer, index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
