"""The candidate dossier (``scicity.engine.dossier.build``) rendered in Kazakh, Russian or
English: messages and labels through the catalogues, numbers in the language's
convention; JSON, and HTML through ``scicity/templates/dossier.html.j2`` with
autoescape; the Model 1 assessment as text.
"""

from __future__ import annotations

import json
import re
from typing import Any, cast

from jinja2 import Environment, PackageLoader, select_autoescape

from criteria.caveats import caveat_message
from criteria.dataset import Dataset
from criteria.model import load_catalogue
from mcda.messages import Message
from scicity.engine.assessment import (
    MODEL1_CRITERIA,
    load_hosts,
    model1_table,
    recommend,
)
from scicity.engine.dossier import plain_value
from scicity.engine.evaluate import Evaluation
from scicity.i18n import (
    DASH,
    indicator_name,
    is_missing,
    number,
    percent,
    t,
    translate,
)
from scicity.view.profile import (
    reference_caption,
    reference_text,
    source_text,
    value_text,
    with_unit,
)


def localise_host(message: Message, lang: str) -> Message:
    """``message`` with a Model 1 host's English name and kind (``research_institute``)
    replaced by its name in ``lang`` (``criteria/data/hosts.csv``) and the kind's label."""
    if message.key != "model1_host":
        return message
    params = dict(message.params)
    params["host"] = _host_name(str(params.get("host")), lang)
    params["kind"] = t(f"host_kind_{params.get('kind')}", lang)
    return Message(message.key, params)


def _host_name(name_en: str, lang: str) -> str:
    """A Model 1 host's name in ``lang`` (the English name when it has none)."""
    h = load_hosts()
    names = dict(zip(h["name_en"], h[f"name_{lang}"], strict=True))
    return str(names.get(name_en, "") or name_en)


def localised(obj: object, lang: str) -> object:
    """``obj`` with every message as text in ``lang`` (for JSON)."""
    if isinstance(obj, Message):
        return translate(localise_host(obj, lang), lang)
    if isinstance(obj, dict):
        return {k: localised(v, lang) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [localised(v, lang) for v in obj]
    return plain_value(obj) if not isinstance(obj, str) else obj


def page_data(dossier: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """The dossier as the HTML templates read it: messages as text in ``lang``, codes
    kept, and added beside them its labels, names and numbers written in ``lang``
    (``text``; ``label``, ``*_text`` of criteria, indicators and Model 1 hosts)."""
    d = cast(dict[str, Any], localised(dossier, lang))
    d["text"] = _labels(dossier, lang)
    d["text"] |= _reference_words(dossier.get("reference") or {}, lang)
    for k in ("researchers_low_source", "researchers_high_source", "employed_source"):
        if d["model2"].get(k):
            d["model2"][k] = gate_source_text(str(d["model2"][k]),
                                              dossier.get("gate_cites") or {}, lang)
    for h in d["model1"]:
        h["host_text"] = _host_name(str(h["host"]), lang) if h.get("host") else DASH
        h["kind_text"] = t(f"host_kind_{h['kind']}", lang) if h.get("kind") else ""
        h.update(model1_cells(h, lang))
    for c in d["criteria"]:
        c["label"] = t("dossier_criterion", lang, id=c["id"], name=_criterion_name(c, lang),
                       score=number(c["sub_score"], lang, 2),
                       evidence=t(f"dossier_rests_{c['evidence'] or 'none'}", lang))
        for i in c["indicators"]:
            _indicator_text(i, lang)
    return d


def _indicator_text(i: dict[str, Any], lang: str) -> None:
    """Add to indicator ``i`` of ``page_data`` its texts in ``lang``: name (the id stays
    in ``id``), value with its unit, evidence, weight, part in the score and source
    (title, publisher, year or "undated", qualifier, id)."""
    i["label"] = indicator_name(i["id"], lang)
    unit = (i.get("unit") or {}).get(lang, "")
    r = i.get("reference")
    i["value_text"] = (t("dossier_value_missing", lang) if i["value"] is None
                       else with_unit(i["value"], unit, lang) if not r
                       else value_text({**r, "value": i["value"], "unit": unit}, lang))
    i["source_text"] = source_text(i, i.get("source"), lang) or DASH
    i["reference_text"] = (DASH if not r else reference_text(r, lang) + " — "
                           + t(f"profile_{r['verdict']}", lang))
    i["evidence_text"] = t(f"evidence_{i['evidence']}", lang)
    i["weight_text"] = percent(i["weight"], lang, 1)
    i["part_text"] = _part_text(i, lang)


def _reference_words(ref: dict[str, Any], lang: str) -> dict[str, str]:
    """The reference column's heading and the note saying what it compares with."""
    if not ref:
        return {"reference": "", "reference_note": ""}
    return {"reference": t("profile_median", lang),
            "reference_note": reference_caption(str(ref["kind"]), int(ref["n"]),
                                                str(ref["layer"]), lang)}


def gate_source_text(text: str, cites: dict[str, Any], lang: str) -> str:
    """A 3 % rule bound's source as ``scicity.engine.eligibility`` records it, with each
    ``indicator (SOURCE year qualifier)`` it names replaced by the indicator's name and
    the source's title, year (or "undated") and qualifier in ``lang`` (``cites``: per
    indicator id, its provenance and ``source`` row)."""
    for fid, cite in cites.items():
        if not cite.get("source_id"):
            continue
        said = (f"{indicator_name(fid, lang)}: "
                f"{source_text({**cite, 'note': ''}, cite.get('source'), lang)}")
        text = re.sub(rf"\b{re.escape(fid)} \([^()]*\)", said.replace("\\", r"\\"), text,
                      count=1)
    return text


def _part_text(i: dict[str, Any], lang: str) -> str:
    """An indicator's part in the score: TOPSIS shares of D+ and D−, else its
    contribution, else a dash."""
    if i.get("share_ideal") is not None:
        return (f"D+ {percent(i['share_ideal'], lang, 1)} · "
                f"D− {percent(i['share_anti_ideal'], lang, 1)}")
    if i.get("contribution") is not None:
        return number(i["contribution"], lang, 4)
    return DASH


def _criterion_name(c: dict[str, Any], lang: str) -> str:
    try:
        return str(load_catalogue().criterion(c["id"]).name.get(lang))
    except (KeyError, ValueError):
        return str(c["name"])


def _labels(d: dict[str, Any], lang: str) -> dict[str, str]:
    """The dossier's words in ``lang``: headings, the summary line, the 3 % rule's
    figures."""
    def span(low: object, high: object, fmt: Any) -> str:
        return f"{fmt(low) if not is_missing(low) else '?'} – " \
               f"{fmt(high) if not is_missing(high) else '?'}"

    def count(v: object) -> str:   # persons: whole numbers
        return number(v, lang, 0)

    def share(v: object) -> str:
        return percent(v, lang, 2)

    g = d["model2"]
    names = d.get("scenario_name") or {}
    summary = [t("dossier_scenario", lang, scenario=names.get(lang) or d["scenario"]),
               t("dossier_status", lang, status=t(f"status_{d['status']}", lang))]
    if d["rank"] is not None:
        summary.append(t("dossier_rank", lang, rank=d["rank"]))
    if d["score"] is not None:
        score = t("dossier_score", lang, score=number(d["score"], lang, 3))
        if d["score_best"] is not None and d["score_best"] != d["score"]:
            score += " " + t("dossier_score_best", lang, score=number(d["score_best"], lang, 3))
        summary.append(score)
    name = d.get(f"name_{lang}") or d["name_en"]
    words = {k: t(f"dossier_{k}", lang) for k in (
        "decisive", "model2", "state", "verdict", "share", "researchers", "low", "high",
        "employed", "required", "model1", "host", "research_base", "infrastructure",
        "commercialisation", "readiness", "assessment", "model1_none", "criteria",
        "indicator", "value", "evidence", "weight", "part", "part_note", "source", "missing",
        "notes", "unscored", "unscored_none", "caveat")}
    words["known"] = t("assess_col_known", lang)
    missing = [indicator_name(m, lang) for m in d["missing"]]
    return words | {
        "name": str(name), "title": t("dossier_title", lang, name=str(name)),
        "summary": f"{summary[0]}. {', '.join(summary[1:])}.",
        "recommendation": t("dossier_recommendation", lang,
                            recommendation=t(f"rec_{d['recommendation']}", lang)),
        "state_text": t(f"state_{g.get('state')}", lang) if g.get("state") else DASH,
        "share_text": span(g.get("share_low"), g.get("share_high"), share),
        "researchers_text": span(g.get("researchers_low"), g.get("researchers_high"), count),
        "employed_text": span(g.get("employed_low"), g.get("employed_high"), count),
        "required_text": span(g.get("required_low"), g.get("required_high"), count),
        "missing_text": ", ".join(missing) if missing else t("dossier_missing_none", lang),
    }


def _english(dossier: dict[str, Any]) -> object:
    """``page_data`` in English (for the shortlist's document, which casts it)."""
    return page_data(dossier, "en")


def to_json(dossier: dict[str, object], lang: str = "en") -> str:
    """The dossier as JSON (messages in ``lang``)."""
    return json.dumps(localised(dossier, lang), ensure_ascii=False, indent=2)


def to_html(dossier: dict[str, Any], lang: str = "en") -> str:
    """The dossier as one HTML page in ``lang`` (every value escaped)."""
    env = Environment(loader=PackageLoader("scicity", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("dossier.html.j2").render(d=page_data(dossier, lang), lang=lang)


def model1_cells(h: dict[str, Any], lang: str) -> dict[str, str]:
    """One Model 1 row (``model1_table``; messages or their text in ``lang``) as display
    text: per criterion ``<c>_text`` (the host's own values, then the city's context,
    each labelled) and ``known_text`` (host criteria of 4, city criteria of 4)."""
    out = {}
    for c in MODEL1_CRITERIA:
        parts = []
        if h.get(f"{c}_host"):
            parts.append(t("m1_host_values", lang,
                           values="; ".join(translate(x, lang) for x in h[f"{c}_host"])))
        if h.get(f"{c}_city"):
            parts.append(t("m1_city_values", lang,
                           values="; ".join(translate(x, lang) for x in h[f"{c}_city"])))
        out[f"{c}_text"] = " | ".join(parts) or t("m1_no_value", lang)
    out["known_text"] = t("m1_known", lang,
                          host=t("assess_known", lang, n=int(h["host_known"]))
                          if h.get("host") else DASH,
                          city=t("assess_known", lang, n=int(h["city_known"])))
    return out


def model1_text(ds: Dataset, ev: Evaluation, lang: str = "en") -> str:
    """The Model 1 assessment as text in ``lang``: each large city, its host organisation
    (if any), the host's evidence and the city's context per Model 1 criterion (each value
    with its source and year) and the recommendation with its reasons."""
    m1 = model1_table(ds, ev)
    lines = [t("m1_cli_title", lang)]
    for raw in cast(list[dict[str, Any]], m1.to_dict("records")):
        uid = str(raw["id"])
        rec, reasons = recommend(ds, ev, uid, m1)
        kind = t(f"host_kind_{raw['kind']}", lang)
        host = (f"{_host_name(str(raw['host']), lang)} ({kind})" if raw["host"]
                else t("assess_no_host", lang))
        name = ev.table.at[uid, f"name_{lang}"] if f"name_{lang}" in ev.table else uid
        lines.append("\n" + t("m1_cli_city", lang, name=str(name), id=uid, host=host,
                              recommendation=t(f"rec_{rec}", lang)))
        lines += [f"  - {translate(localise_host(r, lang), lang)}" for r in reasons]
        if (cav := caveat_message(uid)) is not None:
            lines.append(f"  ! {translate(cav, lang)}")
        cells = model1_cells(raw, lang)
        lines.append(f"  {t('assess_col_known', lang)}: {cells['known_text']}")
        lines += [f"  {t(f'dossier_{c}', lang)}: {cells[f'{c}_text']}" for c in MODEL1_CRITERIA]
    return "\n".join(lines)
