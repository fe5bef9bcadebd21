"""The engine's messages (notes on a ranking, reasons a unit is not ranked) as templates.

The engine writes English text through ``render``; an interface can recover the
template and its parameters with ``parse`` and show the message in another language.
Parameters are already formatted text.
"""

from __future__ import annotations

import re

TEMPLATES: dict[str, str] = {
    "not_candidate": "not a candidate",
    "missing": "missing: {fields}",
    "criterion_without_data": "no data for any indicator of {criterion}",
    "indicator_not_used": "indicator {indicator} not used: {status}",
    "status_no_data": "no data",
    "status_coverage": "coverage {coverage} < {minimum}",
    "status_constant": "the same value ({value}) for every unit: it cannot tell them apart",
    "criterion_dropped": "criterion {criterion} has no usable indicator on this layer: its "
                         "weight {weight} is shared among the other criteria in proportion",
    "nothing_ranked": "no unit could be ranked",
    "gate_applied": "3 % rule applied: units below {threshold} even at the top of their "
                    "interval are not ranked; undetermined units are ranked and flagged",
    "gate_applied_keep": "3 % rule applied: units below {threshold} even at the top of their "
                         "interval are not ranked; undetermined units and units without "
                         "data are ranked and flagged",
    "gate_informative": "3 % rule shown for information only (threshold {threshold}); {note}",
    "gate_restricted": "3 % rule not met: share at most {share_high} < {threshold}: at least "
                       "{required} researchers needed, at most {ceiling} possible",
    "gate_eligible": "3 % rule met: share at least {share_low} ≥ {threshold} ({counted} "
                     "researchers counted, {required} needed at most)",
    "gate_undetermined": "3 % rule undetermined: share {share_low}–{share_high} straddles "
                         "{threshold}: {decider} researchers would settle it (counted "
                         "{counted}, at most {ceiling} possible)",
    "gate_no_data": "3 % rule: no data",
    "missing_worst": "missing values scored at the worst value the indicator can take (a gap "
                     "never helps): {count} incomplete units ranked on their worst case; "
                     "their score with gaps at the best value is shown beside it",
    "value_function_applied": "value function on {indicator} (raw value → value 0–1): "
                              "{points}",
    "value_function_scenario": "set by scenario {scenario}",
    "user_excluded": "excluded by the user",
    "proxies": "proxy indicators (stand-ins where no direct measure is published): "
               "{indicators}",
}


def render(key: str, **params: str) -> str:
    """The English text of message ``key``."""
    return TEMPLATES[key].format(**params)


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    rx = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(rx + r"\Z", re.DOTALL)


_PATTERNS = {key: _pattern(text) for key, text in TEMPLATES.items()}


def parse(text: str) -> tuple[str, dict[str, str]] | None:
    """(key, parameters) of a rendered message, or None for any other text."""
    for key, rx in _PATTERNS.items():
        m = rx.match(text)
        if m:
            return key, m.groupdict()
    return None
