"""The ``scicity shortlist`` subcommand: the best set of k units under constraints, why
each member is in it, and how often it is best over weight samples — as text (default),
JSON or CSV, printed or written with ``--out``, in ``--lang`` (kk, ru, en): units, regions,
types and the 3 % rule's states by name, reasons and notes in that language; ids stay
in their own column.

Registered in :mod:`scicity.cli.commands` (the CLI imports this module only when its
command is given).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from criteria.bundled import load_bundled
from criteria.problems import UserInputError, error
from criteria.typology import TYPES
from mcda.shortlist import Constraints, EligibilityFilter, ShortlistError
from scenarios.library import load_scenario
from scicity.cli.argtypes import positive_int
from scicity.cli.commands import help_of
from scicity.engine.evaluate import evaluate
from scicity.engine.shortlist import (
    MODEL_TYPES,
    ShortlistResult,
    constraints_text,
    notes_text,
    reasons_text,
    region_text,
    sampling_text,
    shortlist,
    state_text,
    to_csv_frame,
    to_json_dict,
    type_text,
    unit_name,
    unit_names,
)
from scicity.i18n import DASH, LANGS, number, percent, t, translate
from scicity.io import shortlist_export
from scicity.io.exports import csv_text
from scicity.io.writers import atomic_write_bytes

FORMATS = ("text", "json", "csv")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``shortlist`` on the CLI's subparsers."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "shortlist", help=help_of("shortlist"))
    p.add_argument("--layer", choices=["regions", "towns"], default="towns")
    p.add_argument("--k", type=positive_int, required=True, help="size of the set")
    p.add_argument("--scenario", default="balanced", help="built-in id or path to a .toml")
    p.add_argument("--fix", nargs="+", default=[], metavar="ID", help="units that must be in")
    p.add_argument("--exclude", nargs="+", default=[], metavar="ID",
                   help="units that must not be in the set (they stay in the ranking)")
    p.add_argument("--max-per-region", type=positive_int, metavar="M")
    p.add_argument("--min-distance-km", type=float, metavar="D",
                   help="minimum geodesic distance between any two chosen towns")
    p.add_argument("--require", nargs="+", default=[], metavar="TYPE",
                   choices=[*TYPES, *MODEL_TYPES],
                   help="at least one chosen unit of each type")
    elig = p.add_mutually_exclusive_group()
    elig.add_argument("--eligible-only", action="store_true",
                      help="only units the 3 %% rule shows eligible")
    elig.add_argument("--include-undetermined", action="store_true",
                      help="eligible, undetermined and no-data units under the 3 %% rule")
    p.add_argument("--samples", type=_non_negative, default=10_000,
                   help="weight vectors sampled (0 = the scenario's weights only)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--weights", choices=["uniform", "around"], default="uniform",
                   help="criterion weights uniform on the simplex or around the scenario's")
    p.add_argument("--spread", type=float, default=0.2,
                   help="with --weights around: ± fraction of each weight (0.2 = ±20 %%)")
    p.add_argument("--solver", choices=["auto", "top_k", "enumeration", "milp"], default="auto")
    p.add_argument("--format", choices=list(FORMATS), default=None,
                   help="text (default), json or csv; with --out, default from its suffix")
    p.add_argument("--lang", choices=list(LANGS), default="en",
                   help="language of the text, the documents and the dossiers (default: en)")
    p.add_argument("--out", type=Path,
                   help="write the result to this file; .html, .json, .csv or .xlsx carry "
                        "every member's dossier (scicity.io.shortlist_export)")
    return p


def run(args: argparse.Namespace) -> str:
    """Solve and format; a bad option or impossible constraints raise ValueError
    (ShortlistError) with the constraint at fault."""
    lang = args.lang
    eligibility: EligibilityFilter = (
        "eligible" if args.eligible_only
        else "eligible_or_undetermined" if args.include_undetermined else "any")
    cons = Constraints(
        k=args.k, fixed=_ids(args.fix), excluded=_ids(args.exclude),
        max_per_region=args.max_per_region, min_distance_km=args.min_distance_km,
        require=tuple(args.require), eligibility=eligibility)
    ds = load_bundled(args.layer)
    ev = evaluate(ds, load_scenario(args.scenario))
    try:
        res = shortlist(ev, cons, samples=args.samples, seed=args.seed,
                        weights=args.weights, spread=args.spread, solver=args.solver)
    except ShortlistError as exc:   # the same user error, said in the reader's language
        raise UserInputError([error("shortlist", translate(exc.message, lang))]) from exc
    fmt = args.format or _suffix_format(args.out)
    if args.out is not None and args.format is None \
            and args.out.suffix.lower() in shortlist_export.FORMATS:
        shortlist_export.write(res, ds, args.out, lang)   # the set with every dossier
        return format_text(res, lang) + "\n\n" + t("shortlist_cli_written_dossiers", lang,
                                                    path=str(args.out))
    text = render(res, fmt, lang)
    if args.out is None:
        return text
    data = text.encode("utf-8-sig" if fmt == "csv" else "utf-8")
    atomic_write_bytes(args.out, data)
    return (format_text(res, lang) if fmt != "text"
            else t("shortlist_cli_written", lang, path=str(args.out)))


def render(res: ShortlistResult, fmt: str, lang: str = "en") -> str:
    """``res`` as text, JSON or CSV (cells starting = + - @ neutralised), its words in
    ``lang``."""
    if fmt == "json":
        return json.dumps(to_json_dict(res, lang), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return csv_text(to_csv_frame(res, lang), float_format="%.6g").rstrip("\n")
    return format_text(res, lang)


#: Sets listed with their probability of being best in the text account.
LISTED_SETS = 10


def format_text(res: ShortlistResult, lang: str = "en") -> str:
    """A plain-text account in ``lang``: the set, why each member is in it, how often it
    is best, runners-up, units left out, notes and sources (units by name)."""
    ev = res.evaluation
    s = ev.scenario
    sel = res.selection
    m = res.members
    head = [t("shortlist_cli_head", lang, k=res.constraints.k,
              layer=t(f"layer_{ev.layer}", lang), scenario=s.display_name(lang), id=s.id,
              method=t(f"method_{s.method}", lang),
              norm=t(f"norm_{s.normalization}", lang)),
            t("shortlist_cli_constraints", lang,
              text=constraints_text(ev, res.constraints, lang)),
            t("shortlist_cli_best", lang, solver=sel.solver, n=res.sets_considered,
              total=sel.total)]
    col = {k: t(f"shortlist_col_{k}", lang) for k in (
        "rank", "name", "score", "region", "types", "gate", "p_in", "why")}
    view = pd.DataFrame({
        col["rank"]: m["rank"],
        t("col_id", lang): m.index,
        col["name"]: [unit_name(ev, str(u), lang) for u in m.index],
        col["score"]: [number(v, lang, 4) for v in m["score"]],
        col["region"]: [region_text(ev, str(r), lang) for r in m["region"]],
        col["types"]: [", ".join(type_text(x, lang) for x in str(v).split(";") if x)
                       for v in m["types"]],
        col["gate"]: [state_text(str(x), lang) for x in m["gate_state"]],
        col["p_in"]: [DASH if v is None or pd.isna(v) else percent(v, lang, 1)
                      for v in m["p_in_best_set"]],
        col["why"]: [reasons_text(ev, rs, lang) for rs in m["reasons"]],
    })
    out = [*head, view.to_string(index=False), ""]
    r = res.robust
    if r is not None and res.p_best is not None:
        out.append(t("shortlist_p_best", lang, samples=r.samples, p=percent(res.p_best, lang, 1))
                   + " " + t("shortlist_cli_sampling", lang, how=sampling_text(res, lang),
                             seed=res.seed))
        out.append(t("shortlist_most_often", lang, s=unit_names(ev, r.most_often, lang),
                     p=percent(r.sets[0][1], lang, 1)))
        out.append(t("shortlist_cli_sets", lang, n=len(r.sets)))
        for members, p in r.sets[:LISTED_SETS]:
            out.append(f"  {unit_names(ev, members, lang)}: {percent(p, lang, 1)}")
        if len(r.sets) > LISTED_SETS:
            out.append("  " + t("shortlist_cli_more_sets", lang, n=len(r.sets) - LISTED_SETS))
        out.append("")
    if res.runners_up:
        out.append(t("shortlist_runners_up", lang) + f" ({t('shortlist_col_total', lang)}):")
        out += [f"  {unit_names(ev, x.members, lang)}: {number(x.total, lang, 4)}"
                for x in res.runners_up]
        out.append("")
    if len(res.left_out):
        out.append(t("shortlist_left_out", lang) + ":")
        for uid, row in res.left_out.iterrows():
            out.append("  " + t("shortlist_left_out_item", lang,
                                name=unit_name(ev, str(uid), lang), id=uid, rank=row["rank"],
                                why=reasons_text(ev, row["reasons"], lang)))
        out.append("")
    out.append(t("shortlist_notes", lang) + ":")
    out += [f"  - {n}" for n in notes_text(res, lang)]
    out += ["", t("report_sources", lang) + ":"]
    for sid, src in ev.sources.iterrows():
        out.append(f"  [{sid}] {src['title']} — {src['publisher']}, {src['year']}"
                   + (f" <{src['url']}>" if src["url"] else ""))
    return "\n".join(out)


def _suffix_format(path: Path | None) -> str:
    suffix = "" if path is None else path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS[1:] else "text"


def _ids(values: list[str]) -> tuple[str, ...]:
    """Ids given as separate words or comma-separated."""
    return tuple(dict.fromkeys(p.strip() for v in values for p in v.split(",") if p.strip()))


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or a positive integer, got {value}")
    return value
