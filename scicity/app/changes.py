"""What the user changed: the settings that differ from the base scenario, and the
scenario the outputs must carry — never labelled as its base (pure, no Streamlit)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from criteria.model import Catalogue
from mcda.ahp import ahp
from mcda.registry import Preference
from scenarios.model import Scenario
from scicity.i18n import LANGS, number, percent, t

#: The thresholds each PROMETHEE preference function reads (``mcda.promethee.preference``).
USES: dict[str, tuple[str, ...]] = {"usual": (), "ushape": ("q",), "vshape": ("p",),
                                    "level": ("q", "p"), "linear": ("q", "p"),
                                    "gaussian": ("s",)}


def _shares(w: dict[str, float], ids: list[str]) -> dict[str, float]:
    total = sum(w.get(i, 0.0) for i in ids) or 1.0
    return {i: w.get(i, 0.0) / total for i in ids}


def differences(base: Scenario, cur: Scenario, cat: Catalogue, lang: str) -> list[str]:
    """Every setting of ``cur`` that differs from ``base``, in ``lang``."""
    out: list[str] = []

    def _pct(x: float) -> str:
        return percent(x, lang)

    def setting(what: str, a: object, b: object) -> None:
        if a != b:
            out.append(t("ch_setting", lang, what=what, a=a, b=b))

    setting(t("method", lang), t(f"method_{base.method}", lang), t(f"method_{cur.method}", lang))
    setting(t("normalization", lang), t(f"norm_{base.normalization}", lang),
            t(f"norm_{cur.normalization}", lang))
    crit = [c.id for c in cat.criteria]
    if (base.ahp_criteria is None) != (cur.ahp_criteria is None):
        out.append(t("ch_ahp" if cur.ahp_criteria is not None else "ch_direct", lang))
    if cur.ahp_criteria is None:
        a = _shares(base.criterion_weights or _ahp_weights(base), crit)
        b = _shares(cur.criterion_weights, crit)
        out += [t("ch_weight", lang, c=c, a=_pct(a[c]), b=_pct(b[c]))
                for c in crit if not math.isclose(a[c], b[c], abs_tol=1e-9)]
    else:
        pa, pb = base.ahp_criteria, cur.ahp_criteria
        for i, x in enumerate(pb.order):
            for j in range(i + 1, len(pb.order)):
                y = pb.order[j]
                old = (pa.matrix[pa.order.index(x)][pa.order.index(y)]
                       if pa is not None and x in pa.order and y in pa.order else None)
                new = pb.matrix[i][j]
                if old is None or not math.isclose(old, new):
                    from scicity.app.resources import nearest_saaty  # streamlit: only here
                    out.append(t("ch_judgement", lang, a=x, b=y,
                                 x="—" if old is None else nearest_saaty(old),
                                 y=nearest_saaty(new)))
    for f in cat.fields:
        if f.is_indicator:
            wa = base.indicator_weights.get(f.id, 1.0)
            wb = cur.indicator_weights.get(f.id, 1.0)
            if not math.isclose(wa, wb):
                out.append(t("ch_weight", lang, c=f.name.get(lang), a=number(wa, lang, None),
                             b=number(wb, lang, None)))
    setting(t("gate_threshold", lang), percent(base.gate.threshold, lang, 1),
            percent(cur.gate.threshold, lang, 1))
    for lyr in ("regions", "towns"):
        on = (t("off", lang), t("on", lang))
        setting(f"{t('gate_apply', lang)} ({t(f'layer_{lyr}', lang)})",
                on[base.gate.applies(lyr)], on[cur.gate.applies(lyr)])
    setting(t("missing_header", lang), t(f"missing_{base.missing}", lang),
            t(f"missing_{cur.missing}", lang))
    setting(t("min_coverage", lang), _pct(base.min_coverage), _pct(cur.min_coverage))
    setting(t("ri_table", lang), base.ri_table, cur.ri_table)
    setting(t("vikor_v", lang), number(base.vikor_v, lang, None), number(cur.vikor_v, lang, None))
    out += _promethee(base, cur, cat, lang)
    return out


def _ahp_weights(s: Scenario) -> dict[str, float]:
    """The criterion weights of ``s``'s AHP judgements (none without them)."""
    pm = s.ahp_criteria
    if pm is None:
        return {}
    w = ahp(np.asarray(pm.matrix, dtype=float), ri_table=s.ri_table).weights
    return dict(zip(pm.order, (float(x) for x in w), strict=True))


def _pref(p: Preference, lang: str) -> str:
    """A preference function with the thresholds it reads, e.g. "linear (q, p) 10 %, 50 %"."""
    return " ".join([t(f"pref_{p.function}", lang),
                     ", ".join(percent(getattr(p, k), lang) for k in USES[p.function])]).strip()


def _promethee(base: Scenario, cur: Scenario, cat: Catalogue, lang: str) -> list[str]:
    """The PROMETHEE preferences that differ: the default, then each indicator's."""
    a, b = base.promethee, cur.promethee
    out: list[str] = []
    if a.default != b.default:
        out.append(t("ch_setting", lang, what=t("promethee_pref_of", lang,
                                                 target=t("promethee_all", lang)),
                     a=_pref(a.default, lang), b=_pref(b.default, lang)))
    names = {f.id: f.name.get(lang) for f in cat.fields if f.is_indicator}
    for fid in sorted(set(a.indicators) | set(b.indicators)):
        pa, pb = a.indicators.get(fid, a.default), b.indicators.get(fid, b.default)
        if pa != pb:
            out.append(t("ch_setting", lang, what=t("promethee_pref_of", lang,
                                                     target=names.get(fid, fid)),
                         a=_pref(pa, lang), b=_pref(pb, lang)))
    return out


def inconsistency(s: Scenario) -> float | None:
    """CR of the scenario's criteria judgements when above 0.10, else None."""
    if s.ahp_criteria is None or len(s.ahp_criteria.order) < 3:
        return None
    res = ahp(np.asarray(s.ahp_criteria.matrix, dtype=float), ri_table=s.ri_table)
    return None if res.consistent else float(res.cr)


def effective(base: Scenario, cur: Scenario, cat: Catalogue, lang: str) -> Scenario:
    """The scenario the outputs carry: ``cur`` itself when nothing differs from ``base``;
    otherwise named "<base> — modified" in every language (id ``<base>_modified``,
    plus ``_inconsistent_ahp`` when CR > 0.10) and described by its changes in ``lang``."""
    changes = differences(base, cur, cat, lang)
    if not changes:
        return cur
    cr = inconsistency(cur)
    names: dict[str, str] = {lg: t("modified_name", lg, name=base.display_name(lg))
                             for lg in LANGS}
    desc = t("modified_desc", lang, name=base.display_name(lang), changes="; ".join(changes))
    if cr is not None:
        desc += " " + t("ahp_inconsistent", lang, cr=cr)
    sid = f"{base.id}_modified" + ("_inconsistent_ahp" if cr is not None else "")
    return replace(cur, id=sid, name=names[lang], names=names, description=desc,
                   descriptions={lang: desc})   # the base's own would hide the changes
