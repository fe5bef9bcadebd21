"""The engine's messages (notes on a ranking, reasons a unit is not ranked) as data.

The engine returns ``Message(key, params)`` records; the view (``scicity.i18n``)
translates and formats them. ``params`` hold raw values — numbers stay numbers, lists
of ids stay tuples, a nested message stays a ``Message`` — never preformatted text.

``TEMPLATES`` is the one registry of message keys with their English source text (the
msgid documentation of the gettext catalogues in ``scicity/locale``); placeholders carry
Python format specs that the view applies with Babel in the reader's language
(``{share:.2%}``: a ratio shown as a percentage with two decimals). A message whose
text depends on a count takes that count as the parameter ``n`` (plural forms).
To add a message: add its key and English text here, then the same key (prefixed
``msg_``) to every ``scicity/locale/<lang>/LC_MESSAGES/scicity.po``; tests/test_i18n.py
fails on a key missing from any catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

TEMPLATES: dict[str, str] = {
    "not_candidate": "not a candidate",
    "missing": "missing: {fields}",
    "criterion_without_data": "no data for any indicator of {criterion}",
    "indicator_not_used": "indicator {indicator} not used: {status}",
    "status_no_data": "no data",
    "status_coverage": "coverage {coverage:.0%} < {minimum:.0%}",
    "status_weight_zero": "weight 0",
    "status_constant": "the same value for every unit: it cannot tell them apart",
    "all_constant": "no indicator tells the units apart (each has the same value for every "
                    "unit): they all share the same rank",
    "criterion_dropped": "criterion {criterion} has no usable indicator on this layer: its "
                         "weight {weight:.3g} is shared among the other criteria in proportion",
    "nothing_ranked": "no unit could be ranked",
    "no_usable_indicator": "no indicator can tell the units apart",
    "vikor_compromise": "VIKOR (v = {v:g}): acceptable advantage (C1) and acceptable stability "
                        "(C2) hold: the compromise solution is {units}",
    "vikor_set_advantage": "VIKOR (v = {v:g}): no acceptable advantage (C1: the next unit's Q "
                           "is within {dq:.3g} of the best): the compromise set is {units}",
    "vikor_set_stability": "VIKOR (v = {v:g}): no acceptable stability (C2: the best by Q is "
                           "best by neither S nor R): the compromise set is {units}",
    "promethee_equivalent": "PROMETHEE II is left out of the method comparison: with these "
                            "preference functions it ranks exactly as a weighted sum",
    "gate_applied": ("3 % rule applied: units below {threshold:.0%} even at the top of their "
                     "interval are not ranked; undetermined units are ranked and flagged"),
    "gate_applied_keep": ("3 % rule applied: units below {threshold:.0%} even at the top of their"
                          " interval are not ranked; undetermined units and units without data "
                          "are ranked and flagged"),
    "gate_informative": "3 % rule shown for information only (threshold {threshold:.0%}); "
                        "{note}",
    "gate_restricted": ("3 % rule not met: share at most {share_high:.2%} < {threshold:.0%}: at "
                        "least {required:,.0f} researchers needed, at most {ceiling:,.0f} "
                        "possible"),
    "gate_no_data": "3 % rule: no data",
    "gate_note_regions": "Informative only: a region is not a settlement, and R&D staff "
                         "(research and support) is not the same as researchers of accredited "
                         "organisations.",
    "gate_note_towns": "The Concept's rule: researchers of accredited organisations are at "
                       "least 3 % of the settlement's employed population.",
    "user_excluded": "excluded by the user",
    "proxies": "proxy indicators (stand-ins where no direct measure is published): "
               "{indicators}",
    "gate_eligible": ("3 % rule met: share at least {share_low:.2%} ≥ {threshold:.0%} "
                      "({counted:,.0f} researchers counted, {required:,.0f} needed at most)"),
    "gate_undetermined": ("3 % rule undetermined: share {share_low:.2%}–{share_high:.2%} "
                          "straddles {threshold:.0%}: {decider:,.0f} researchers would settle it "
                          "(counted {counted:,.0f}, at most {ceiling:,.0f} possible)"),
    "missing_worst": ("missing values scored at the worst value the indicator can take (a gap "
                      "never helps); incomplete units ranked on their worst case: {count}; their "
                      "score with gaps at the best value is shown beside it"),
    "value_function_applied": "value function on {indicator} (raw value → value 0–1): {points}",
    "model1_host": ("Model 1: {host} ({kind}) in a large city of {population:,.0f} inhabitants; a"
                    " science and technology park has no 3 % rule"),
    "model1_no_host": ("Model 1: a large city of {population:,.0f} inhabitants, but no host "
                       "institute or university with sourced figures is recorded"),
    "model1_not_large": ("Model 1: not a large city ({population:,.0f} < {minimum:,.0f} "
                         "inhabitants)"),
    "change_researchers": ("counting at least {decider:,.0f} researchers of accredited "
                           "organisations in the town would make it eligible for Model 2"),
    "change_employed": "an employed population figure would decide the 3 % rule",
    "change_ceiling": ("no figure within what the data allows: even all of the region's R&D "
                       "staff ({ceiling:,.0f}) fall short of the {required:,.0f} researchers "
                       "needed"),
    "change_missing": ("the missing figure {indicator} could lift the score from {score:.3f} to "
                       "{score_best:.3f}"),
}

#: Status codes of an indicator in a weights table: used, or why not.
WEIGHT_STATUSES: tuple[str, ...] = ("used", "weight_zero", "no_data", "coverage", "constant")


@dataclass(frozen=True)
class Message:
    """One engine message: a key of ``TEMPLATES`` and its raw parameters."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.key not in TEMPLATES:
            raise KeyError(f"unknown message key {self.key!r}")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Message) and self.key == other.key
                and dict(self.params) == dict(other.params))

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form: key and parameters (nested messages as dicts, tuples as lists)."""
        def plain(v: object) -> object:
            if isinstance(v, Message):
                return v.as_dict()
            return list(v) if isinstance(v, tuple) else v
        return {"key": self.key, "params": {k: plain(v) for k, v in self.params.items()}}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"Message({self.key!r}{', ' if args else ''}{args})"


def msg(key: str, **params: object) -> Message:
    """``Message(key, params)`` with the parameters as keywords."""
    return Message(key, params)


#: The name engine code used before messages became data: it builds the same ``Message``
#: (no English text), so code written against it keeps working; new code calls ``msg``.
render = msg
