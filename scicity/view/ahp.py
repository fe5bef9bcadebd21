"""How to repair an inconsistent pairwise matrix, in words: the consistency option used,
the change of one judgement with the lowest CR and the smallest change reaching
CR <= 0.10 (see :func:`mcda.ahp.single_changes`), in the reader's language. Used by
``scicity ahp`` (English) and by the app's AHP editor."""

from __future__ import annotations

from collections.abc import Sequence

from mcda.ahp import AHPResult, Change
from scicity.i18n import t


def saaty_text(x: float) -> str:
    """A judgement as written on Saaty's scale: ``3``, ``1/5`` (others to 3 digits)."""
    if x < 1:
        k = 1 / x
        return f"1/{round(k)}" if abs(k - round(k)) < 1e-9 else f"1/{k:.3g}"
    return f"{round(x)}" if abs(x - round(x)) < 1e-9 else f"{x:.3g}"


def change_text(key: str, c: Change, names: Sequence[str], lang: str) -> str:
    """One change (``ahp_best_change`` or ``ahp_smallest_fix``), with the reversal said."""
    text = t(key, lang, a=names[c.i], b=names[c.j], cur=saaty_text(c.current),
             sug=saaty_text(c.value), steps=c.steps, cr2=c.cr)
    if c.reverses:
        text += " " + t("ahp_change_reverses", lang,
                        pref=names[c.j] if c.current < 1 else names[c.i])
    return text


def advice(res: AHPResult, names: Sequence[str], lang: str) -> list[str]:
    """The consistency option and its λmax bound; when inconsistent, the lowest-CR change
    and the smallest change reaching CR <= 0.10 (or that none exists)."""
    lines = [t("ahp_rule_limit", lang, rule=t(f"consistency_{res.ri_table}", lang),
               limit=res.lambda_limit)]
    if res.consistent or res.best_change is None:
        return lines
    lines.append(change_text("ahp_best_change", res.best_change, names, lang))
    lines.append(change_text("ahp_smallest_fix", res.smallest_fix, names, lang)
                 if res.smallest_fix is not None else t("ahp_no_single_fix", lang))
    return lines
