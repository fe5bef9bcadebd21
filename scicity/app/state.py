"""Scenario ↔ session state: the one module that knows the app's session keys.

The canonical state is a ``Scenario`` object (``scenario``) with the scenario it came
from (``base``, ``base_ref``), the language and the layer. Widgets are views of it:
``bind`` gives each widget its own key (``w:…``), fills it from the scenario when the
widget has no value yet, and writes a change back through a callback. A widget that a run
does not draw loses its key, and the next run that draws it refills it from the scenario
(a value that differs from the scenario is resynced before the widget is drawn), so no
value is lost whatever the order or speed of clicks; choice widgets carry the language
in their key, so a translated label is never taken for an option.

Weights keep their exact values: a slider shows ``weight / scale`` (the scale is fixed
when a scenario is loaded, 100 = the largest weight of the group) and only the slider
that moves is written back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st

from criteria.model import Catalogue
from mcda.registry import Preference, PrometheeOptions, VikorOptions, default_preference
from scenarios.model import PairwiseMatrix, Scenario
from scicity.app.resources import SAATY_VALUES, nearest_saaty
from scicity.i18n import LANGS

WIDGET = "w:"
_MISSING = object()
LAYERS: tuple[str, ...] = ("regions", "towns")
#: A control's reading of the scenario and the scenario it makes from a new value.
Getter = Callable[[Scenario], Any]
Setter = Callable[[Scenario, Any], Scenario]


def ss() -> Any:
    return st.session_state


def scenario() -> Scenario:
    """The scenario the widgets describe now."""
    return ss()["scenario"]


def base() -> Scenario:
    """The scenario last loaded (built-in, saved or from a link)."""
    return ss()["base"]


def lang() -> str:
    return ss()["lang"]


def layer() -> str:
    return ss()["layer"]


def load(ref: str, s: Scenario, current: Scenario | None = None) -> None:
    """Make ``s`` (from ``ref``) the base and ``current`` (default ``s``) the scenario;
    every widget is refilled from it."""
    ss()["base_ref"] = ref
    ss()["base"] = s
    put(current or s, rescale=True)


def put(s: Scenario, rescale: bool = False) -> None:
    """Replace the scenario; with ``rescale`` the slider scales are recomputed and every
    widget is refilled (loading, reset, mode switch, a link)."""
    ss()["scenario"] = s
    if rescale:
        cw = s.criterion_weights
        ss()["scale_c"] = (max(cw.values()) / 100) if cw and max(cw.values()) > 0 else 0.01
        ss()["scale_i"] = max([1.0, *s.indicator_weights.values()]) / 100
        forget_widgets()


def forget_widgets(prefix: str = WIDGET) -> None:
    for k in [k for k in ss() if isinstance(k, str) and k.startswith(prefix)]:
        del ss()[k]


def bind(widget: Callable[..., Any], name: str, get: Getter, set_: Setter,
         by_lang: bool = False, **kw: Any) -> Any:
    """Draw ``widget`` showing ``get(scenario)``; a change makes ``set_(scenario, value)``
    the scenario. ``by_lang``: the key carries the language (choice widgets)."""
    key = f"{WIDGET}{name}" + (f":{lang()}" if by_lang else "")
    want = get(scenario())
    if ss().get(key, _MISSING) != want:   # refill, or resync a value left from an old run
        ss()[key] = want
    return widget(key=key, on_change=_write, args=(key, set_), **kw)


def _write(key: str, set_: Setter) -> None:
    if key in ss():
        put(set_(scenario(), ss()[key]))


# ------------------------------------------------------------------- app settings
def bind_app(widget: Callable[..., Any], name: str, by_lang: bool = False, **kw: Any) -> Any:
    """A widget over an app setting (``lang``, ``layer``) kept outside the scenario."""
    key = f"{WIDGET}{name}" + (f":{lang()}" if by_lang else "")
    if ss().get(key, _MISSING) != ss()[name]:
        ss()[key] = ss()[name]
    return widget(key=key, on_change=_write_app, args=(key, name), **kw)


def _write_app(key: str, name: str) -> None:
    if key in ss():
        ss()[name] = ss()[key]


# ------------------------------------------------------------------ weight helpers
def weight_mode(s: Scenario) -> str:
    return "ahp" if s.ahp_criteria is not None else "direct"


def set_weight_mode(s: Scenario, mode: str, cat: Catalogue) -> Scenario:
    """Switch between sliders and AHP, starting from the weights of the mode left: the
    AHP matrix of the current weights' ratios (nearest Saaty values), or the AHP weights
    as slider values."""
    from scicity.app.resources import ahp_result

    crit = [c.id for c in cat.criteria]
    if mode == weight_mode(s):
        return s
    pm = s.ahp_criteria
    if pm is None:   # direct weights to AHP
        w = {c: max(s.criterion_weights.get(c, 0.0), 1e-9) for c in crit}
        m = tuple(tuple(SAATY_VALUES[nearest_saaty(w[a] / w[b])] for b in crit) for a in crit)
        return replace(s, criterion_weights={}, ahp_criteria=PairwiseMatrix(tuple(crit), m))
    res = ahp_result(pm.matrix, s.ri_table)
    cw = {c: round(float(x) * 100, 1) for c, x in zip(pm.order, res.weights, strict=True)}
    return replace(s, criterion_weights=cw, ahp_criteria=None)


def judgement(s: Scenario, a: str, b: str) -> str:
    """The Saaty option of ``a`` over ``b`` in the scenario's AHP matrix (1 if absent)."""
    pm = s.ahp_criteria
    if pm is None or a not in pm.order or b not in pm.order:
        return "1"
    return nearest_saaty(pm.matrix[pm.order.index(a)][pm.order.index(b)])


def set_judgement(s: Scenario, a: str, b: str, option: str) -> Scenario:
    """The scenario with ``a`` over ``b`` = ``option`` (and the reciprocal)."""
    pm = s.ahp_criteria
    if pm is None:
        raise ValueError("the scenario has no AHP judgements")
    i, j = pm.order.index(a), pm.order.index(b)
    v = SAATY_VALUES[option]
    m = [list(r) for r in pm.matrix]
    m[i][j], m[j][i] = v, 1 / v
    return replace(s, ahp_criteria=PairwiseMatrix(pm.order, tuple(tuple(r) for r in m)))


def judgement_slider(a: str, b: str) -> tuple[Getter, Setter]:
    """get/set for the Saaty slider of ``a`` over ``b``."""
    def get(s: Scenario) -> str:
        return judgement(s, a, b)

    def set_(s: Scenario, option: str) -> Scenario:
        return set_judgement(s, a, b, option)
    return get, set_


def criterion_slider(c: str) -> tuple[Getter, Setter]:
    """get/set for the slider of criterion ``c`` (0–100 of the loaded scale)."""
    def get(s: Scenario) -> int:
        return round(s.criterion_weights.get(c, 0.0) / ss()["scale_c"])

    def set_(s: Scenario, v: int) -> Scenario:
        return replace(s, criterion_weights={**s.criterion_weights, c: v * ss()["scale_c"]})
    return get, set_


def indicator_slider(f: str) -> tuple[Getter, Setter]:
    """get/set for the slider of indicator ``f`` (0–100; 100 = weight 1 or the largest)."""
    def get(s: Scenario) -> int:
        return round(s.indicator_weights.get(f, 1.0) / ss()["scale_i"])

    def set_(s: Scenario, v: int) -> Scenario:
        return replace(s, indicator_weights={**s.indicator_weights, f: v * ss()["scale_i"]})
    return get, set_


def init(opts: dict[str, Scenario],
         from_link: Callable[[], tuple[str, Scenario, Scenario] | None]) -> None:
    """First run of a session: language, layer and scenario from the link if it has
    them, else English, regions and the balanced scenario; a just-saved scenario is
    loaded when ``pending_ref`` is set."""
    s = ss()
    pending = s.pop("pending_ref", None)
    if pending in opts:
        load(pending, opts[pending])
    if "lang" not in s:
        q = st.query_params.get("lang", "en")
        s["lang"] = q if q in LANGS else "en"
        q = st.query_params.get("layer", "regions")
        s["layer"] = q if q in LAYERS else "regions"
    if "scenario" not in s:
        linked = from_link()
        if linked is not None:
            load(*linked)
        else:
            load("builtin:balanced", opts["builtin:balanced"])


# ------------------------------------------------------------------ method options
#: The "apply to" choice of the PROMETHEE controls meaning every indicator.
ALL = "*"


def vikor_v(s: Scenario) -> float:
    return float(s.vikor_v)


def set_vikor_v(s: Scenario, v: float) -> Scenario:
    return replace(s, vikor_v=float(VikorOptions(float(v)).v))


def preference(s: Scenario, target: str) -> Preference:
    """The PROMETHEE preference of indicator ``target`` (``ALL``: the default)."""
    p = s.promethee
    return p.default if target == ALL else p.indicators.get(target, p.default)


def set_preference(s: Scenario, target: str, pref: Preference) -> Scenario:
    """``pref`` for ``target``; for ``ALL`` it becomes every indicator's (own settings
    dropped, as the CLI's ``--preference``)."""
    p = s.promethee
    if target == ALL:
        new = PrometheeOptions(pref, {})
    else:
        new = PrometheeOptions(p.default, {**p.indicators, target: pref})
    return replace(s, promethee=new)


def preference_function(target: str) -> tuple[Callable, Callable]:
    """get/set for the preference function of ``target`` (a new function starts from its
    own default thresholds, as in a scenario file)."""
    def get(s: Scenario) -> str:
        return preference(s, target).function

    def set_(s: Scenario, fn: str) -> Scenario:
        return set_preference(s, target, default_preference(fn))
    return get, set_


def preference_threshold(target: str, name: str) -> tuple[Callable, Callable]:
    """get/set for threshold ``name`` (q, p, s) of ``target`` as a percentage of the
    range; moving q above p (or p below q) moves the other with it."""
    def get(s: Scenario) -> int:
        return round(getattr(preference(s, target), name) * 100)

    def set_(s: Scenario, v: int) -> Scenario:
        pr, x = preference(s, target), v / 100
        if name == "q":
            new = replace(pr, q=x, p=max(pr.p, x))
        elif name == "p":
            new = replace(pr, p=x, q=min(pr.q, x))
        else:
            new = replace(pr, s=x)
        return set_preference(s, target, new)
    return get, set_
