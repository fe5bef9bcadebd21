"""What every page of one run works on: language, layer, the scenario as the outputs
carry it, its changes from the base, and the evaluation (computed once per run)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import streamlit as st

from criteria.dataset import Dataset
from criteria.model import Catalogue
from mcda.messages import Message, msg
from scenarios.model import Scenario
from scicity.app import state
from scicity.app.changes import differences, effective, inconsistency
from scicity.app.resources import catalogue, dataset
from scicity.engine.evaluate import Evaluation, evaluate
from scicity.engine.robustness import RobustnessResult, robustness
from scicity.i18n import translate
from scicity.view.problems import error_text

#: Weight samples of the quick robustness analysis behind the sliders and the page.
ROBUST_SAMPLES = 10_000


@dataclass
class Context:
    """``scenario``: named "… — modified" when it differs from the base; ``changes``:
    each difference in ``lang``; ``ev`` None when the ranking failed (``error``)."""

    lang: str
    layer: str
    scenario: Scenario
    changes: list[str]
    ev: Evaluation | None
    error: str | None = None
    inconsistent_cr: float | None = None
    _quick: list[RobustnessResult | None] = field(default_factory=list)

    def quick(self) -> RobustnessResult | None:
        """SMAA with 10,000 uniform weight samples and the stability intervals (about
        50 ms for the regions; once per run); None when fewer than two units rank."""
        if not self._quick:
            ev = self.ev
            if (ev is not None and (ev.table["status"] == "ranked").sum() >= 2
                    and len(ev.criteria) >= 2):
                self._quick.append(robustness(ev, samples=ROBUST_SAMPLES, seed=0,
                                              compare_methods=False))
            else:
                self._quick.append(None)
        return self._quick[0]


def build() -> Context:
    """Evaluate the current scenario on the current layer; store and return the context."""
    lang, layer, cat = state.lang(), state.layer(), catalogue()
    cur = state.scenario()
    changes = differences(state.base(), cur, cat, lang)
    sc = effective(state.base(), cur, cat, lang)
    cr = inconsistency(cur)
    ev, error = None, None
    try:
        ev = _evaluate(dataset(layer), sc, cat)
    except (ValueError, ZeroDivisionError) as exc:   # UserInputError included
        zero = isinstance(exc, ZeroDivisionError)
        error = translate(msg("scenario_zero_weights"), lang) if zero else error_text(exc, lang)
    else:
        if cr is not None:
            ev = replace(ev, notes=(*ev.notes, Message("ahp_inconsistent", {"cr": cr})))
    ctx = Context(lang, layer, sc, changes, ev, error, cr)
    st.session_state["_ctx"] = ctx
    return ctx


def _evaluate(ds: Dataset, sc: Scenario, cat: Catalogue) -> Evaluation:
    """``evaluate``, or the session's last result when the data (the same object) and
    the scenario are unchanged: a click, a table selection or a page switch does not
    rank 10,000 towns again."""
    kept = st.session_state.get("_last_evaluation")
    if kept is not None and kept[0] is ds and kept[1] == sc:
        return kept[2]
    ev = evaluate(ds, sc, cat)
    st.session_state["_last_evaluation"] = (ds, sc, ev)
    return ev


def current() -> Context:
    """The context ``app.py`` built for this run."""
    return st.session_state["_ctx"]
