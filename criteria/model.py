"""The criteria model: criteria, indicators, context fields and the 3 % rule per layer.

The catalogue is data (``criteria/data/indicators.toml``); this module gives it types.
Directions: ``benefit`` means more is better, ``cost`` means less is better.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, get_args

from mcda.value_functions import ValueFunction

LAYERS: tuple[str, ...] = ("regions", "towns")
LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")

Direction = Literal["benefit", "cost"]
#: How a value is checked: count (whole, ≥ 0), amount (≥ 0), share (0–1), percent
#: (0–100), flag (0 or 1).
FieldKind = Literal["count", "amount", "share", "percent", "flag"]
FIELD_KINDS: tuple[FieldKind, ...] = get_args(FieldKind)


@dataclass(frozen=True)
class Names:
    """A label in Kazakh, Russian and English."""

    kk: str
    ru: str
    en: str

    def get(self, lang: str) -> str:
        """The label in ``lang`` (one of ``LANGUAGES``), English if unknown."""
        return getattr(self, lang, self.en) if lang in LANGUAGES else self.en


@dataclass(frozen=True)
class Criterion:
    """One of the four science-city criteria of the Concept (Section 5, Direction 1)."""

    id: str
    slug: str
    name: Names
    concept: str


@dataclass(frozen=True)
class Ratio:
    """A derived value: ``numerator / denominator * factor``."""

    numerator: str
    denominator: str
    factor: float


@dataclass(frozen=True)
class Field:
    """A data field: a scored indicator or a context input (population, employed...).

    ``worst``: the worst value the indicator can take (raw units), what a gap is scored at
    under the default missing-value policy (default: 0 for benefit indicators).
    ``value_function``: a declared value function replacing "more/less is better".
    ``form``: why the direction and form fit the Concept (review of issue 9).
    ``scale``: (lower, upper) in raw units when the values mean something on a fixed scale
    — a flag's (0, 1), absent to present — so that every method places the indicator on
    it rather than on the candidates' spread (default: (0, 1) for a flag, none otherwise;
    a value function's output is always on its 0–1 value scale)."""

    id: str
    layers: tuple[str, ...]
    name: Names
    unit: Names
    kind: FieldKind
    definition: str
    criterion: str | None = None
    direction: Direction = "benefit"
    evidence: Literal["direct", "proxy"] = "direct"
    rationale: str = ""
    derived: Ratio | None = None
    from_region: str | None = None
    bundled: bool = True
    worst: float | None = None
    value_function: ValueFunction | None = None
    form: str = ""
    scale: tuple[float, float] | None = None

    @property
    def is_indicator(self) -> bool:
        """True for scored indicators, False for context fields."""
        return self.criterion is not None

    @property
    def sign(self) -> int:
        """+1 for a benefit indicator, -1 for a cost indicator (pymcdm's ``types``)."""
        return 1 if self.direction == "benefit" else -1


@dataclass(frozen=True)
class Gate:
    """The 3 % rule on one layer: numerator ÷ denominator ≥ threshold."""

    layer: str
    numerator: str
    denominator: str
    note: str


@dataclass(frozen=True)
class Catalogue:
    """All criteria, fields and gates, in catalogue order."""

    criteria: tuple[Criterion, ...]
    fields: tuple[Field, ...]
    gates: dict[str, Gate] = field(default_factory=dict)

    def criterion(self, cid: str) -> Criterion:
        """The criterion with id ``cid`` (KeyError if unknown)."""
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def field(self, fid: str) -> Field:
        """The field or indicator with id ``fid`` (KeyError if unknown)."""
        for f in self.fields:
            if f.id == fid:
                return f
        raise KeyError(fid)

    def has_field(self, fid: str) -> bool:
        """Whether ``fid`` is a known field or indicator id."""
        return any(f.id == fid for f in self.fields)

    def indicators(self, layer: str, criterion: str | None = None) -> tuple[Field, ...]:
        """Scored indicators on ``layer``, optionally of one criterion, in catalogue order."""
        return tuple(
            f
            for f in self.fields
            if f.is_indicator
            and layer in f.layers
            and (criterion is None or f.criterion == criterion)
        )

    def fields_for(self, layer: str) -> tuple[Field, ...]:
        """Every field (indicators and context) that applies to ``layer``."""
        return tuple(f for f in self.fields if layer in f.layers)


def _names(d: dict[str, Any]) -> Names:
    return Names(kk=d["kk"], ru=d["ru"], en=d["en"])


def _kind(f: dict[str, Any]) -> FieldKind:
    kind = f.get("kind")
    for known in FIELD_KINDS:
        if kind == known:
            return known
    raise ValueError(f"field {f.get('id')!r}: kind {kind!r} is not one of "
                     f"{', '.join(FIELD_KINDS)}")


def _scale(f: dict[str, Any]) -> tuple[float, float] | None:
    """The declared ``scale = [lower, upper]``; (0, 1) for a flag without one."""
    if "scale" in f:
        lo, hi = f["scale"]
        return float(lo), float(hi)
    return (0.0, 1.0) if f.get("kind") == "flag" else None


def parse_catalogue(doc: dict[str, Any]) -> Catalogue:
    """Build a catalogue from the parsed TOML document of ``indicators.toml``."""
    criteria = tuple(
        Criterion(id=c["id"], slug=c["slug"], name=_names(c["name"]), concept=c["concept"])
        for c in doc["criterion"]
    )
    fields: list[Field] = []
    for kind in ("field", "indicator"):
        for f in doc.get(kind, []):
            fields.append(
                Field(
                    id=f["id"],
                    layers=tuple(f["layers"]),
                    name=_names(f["name"]),
                    unit=_names(f["unit"]),
                    kind=_kind(f),
                    definition=f["definition"],
                    criterion=f.get("criterion"),
                    direction=f.get("direction", "benefit"),
                    evidence=f.get("evidence", "direct"),
                    rationale=f.get("rationale", ""),
                    derived=Ratio(**f["derived"]) if "derived" in f else None,
                    from_region=f.get("from_region"),
                    bundled=f.get("bundled", True),
                    worst=f.get("worst"),
                    value_function=(ValueFunction(
                        tuple((float(x), float(v)) for x, v in f["value_function"]["points"]),
                        f["value_function"].get("rationale", ""))
                        if "value_function" in f else None),
                    form=f.get("form", ""),
                    scale=_scale(f),
                )
            )
    gates = {
        layer: Gate(layer=layer, numerator=g["numerator"], denominator=g["denominator"],
                    note=g["note"])
        for layer, g in doc.get("gate", {}).items()
    }
    cat = Catalogue(criteria=criteria, fields=tuple(fields), gates=gates)
    _check(cat)
    return cat


def _check(cat: Catalogue) -> None:
    """Fail loudly on an inconsistent catalogue (a programming error, not user input)."""
    ids = [f.id for f in cat.fields]
    dupes = {i for i in ids if ids.count(i) > 1}
    problems = [f"duplicate field id {d!r}" for d in sorted(dupes)]
    crit_ids = {c.id for c in cat.criteria}
    for f in cat.fields:
        if f.criterion is not None and f.criterion not in crit_ids:
            problems.append(f"indicator {f.id!r}: unknown criterion {f.criterion!r}")
        if f.direction not in ("benefit", "cost"):
            problems.append(f"indicator {f.id!r}: direction must be benefit or cost")
        if f.derived is not None:
            for fid in (f.derived.numerator, f.derived.denominator):
                if fid not in ids:
                    problems.append(f"indicator {f.id!r}: derived from unknown field {fid!r}")
        if f.from_region is not None and f.from_region not in ids:
            problems.append(f"indicator {f.id!r}: from_region names unknown field "
                            f"{f.from_region!r}")
        if f.scale is not None and not f.scale[0] < f.scale[1]:
            problems.append(f"indicator {f.id!r}: scale lower bound must be below the upper")
        if f.kind == "flag" and f.scale != (0.0, 1.0):
            problems.append(f"indicator {f.id!r}: a flag's scale is [0, 1]")
        unknown = set(f.layers) - set(LAYERS)
        if unknown:
            problems.append(f"field {f.id!r}: unknown layers {sorted(unknown)}")
    for g in cat.gates.values():
        for fid in (g.numerator, g.denominator):
            if fid not in ids:
                problems.append(f"gate {g.layer}: unknown field {fid!r}")
    if problems:
        raise ValueError("indicator catalogue: " + "; ".join(problems))


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The bundled catalogue (read once; the returned object is immutable)."""
    text = resources.files("criteria").joinpath("data/indicators.toml").read_text("utf-8")
    return parse_catalogue(tomllib.loads(text))
