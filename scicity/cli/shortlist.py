"""The ``scicity shortlist`` subcommand: the best set of k units under constraints, why
each member is in it, and how often it is best over weight samples — as text (default),
JSON or CSV, printed or written with ``--out``.

Registered in :mod:`scicity.cli.commands` (the CLI imports this module only when its
command is given).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from criteria.bundled import load_bundled
from criteria.typology import TYPES
from mcda.shortlist import Constraints, EligibilityFilter
from scenarios.library import load_scenario
from scicity.cli.argtypes import positive_int
from scicity.cli.commands import help_of
from scicity.engine.evaluate import evaluate
from scicity.engine.shortlist import (
    MODEL_TYPES,
    ShortlistResult,
    shortlist,
    to_csv_frame,
    to_json_dict,
)
from scicity.i18n import translate
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
    p.add_argument("--out", type=Path,
                   help="write the result to this file; .html, .json, .csv or .xlsx carry "
                        "every member's dossier (scicity.io.shortlist_export)")
    return p


def run(args: argparse.Namespace) -> str:
    """Solve and format; a bad option or impossible constraints raise ValueError
    (ShortlistError) with the constraint at fault."""
    eligibility: EligibilityFilter = (
        "eligible" if args.eligible_only
        else "eligible_or_undetermined" if args.include_undetermined else "any")
    cons = Constraints(
        k=args.k, fixed=_ids(args.fix), excluded=_ids(args.exclude),
        max_per_region=args.max_per_region, min_distance_km=args.min_distance_km,
        require=tuple(args.require), eligibility=eligibility)
    ds = load_bundled(args.layer)
    ev = evaluate(ds, load_scenario(args.scenario))
    res = shortlist(ev, cons, samples=args.samples, seed=args.seed,
                    weights=args.weights, spread=args.spread, solver=args.solver)
    fmt = args.format or _suffix_format(args.out)
    if args.out is not None and args.format is None \
            and args.out.suffix.lower() in shortlist_export.FORMATS:
        shortlist_export.write(res, ds, args.out)   # the set with every member's dossier
        return format_text(res) + f"\n\nwritten with dossiers: {args.out}"
    text = render(res, fmt)
    if args.out is None:
        return text
    data = text.encode("utf-8-sig" if fmt == "csv" else "utf-8")
    atomic_write_bytes(args.out, data)
    return format_text(res) if fmt != "text" else f"written: {args.out}"


def render(res: ShortlistResult, fmt: str) -> str:
    """``res`` as text, JSON or CSV (cells starting = + - @ neutralised)."""
    if fmt == "json":
        return json.dumps(to_json_dict(res), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return csv_text(to_csv_frame(res), float_format="%.6g").rstrip("\n")
    return format_text(res)


def format_text(res: ShortlistResult) -> str:
    """A plain-text account: the set, why each member is in it, how often it is best,
    runners-up, units left out, notes and sources."""
    ev = res.evaluation
    s = ev.scenario
    sel = res.selection
    head = [f"Shortlist of {res.constraints.k} {ev.layer} — {s.name} ({s.id}), "
            f"{s.method.upper()}, {s.normalization} normalisation",
            f"Constraints: {res.constraints.summary()}",
            f"Best set ({sel.solver}, {res.sets_considered:,} candidate sets before the "
            f"constraints; total utility {sel.total:.4f}):"]
    view = pd.DataFrame({
        "rank": res.members["rank"], "id": res.members.index,
        "name": res.members["name_en"],
        "score": res.members["score"].map(lambda v: f"{v:.4f}"),
        "region": res.members["region"], "types": res.members["types"],
        "3% rule": res.members["gate_state"].str.replace("_", " "),
        "P(in best set)": res.members["p_in_best_set"].map(
            lambda v: "—" if v is None or pd.isna(v) else f"{v:.1%}"),
        "why": res.members["reasons"].map(lambda rs: "; ".join(r.text for r in rs)),
    })
    out = [*head, view.to_string(index=False), ""]
    r = res.robust
    if r is not None:
        out.append(f"Probability that this set is best over {r.samples:,} weight samples "
                   f"({res.weights}, seed {res.seed}): {res.p_best:.1%}")
        out.append(f"Most often best: {', '.join(r.most_often)} ({r.sets[0][1]:.1%}); "
                   f"{len(r.sets)} different sets are best in some sample")
        for members, p in r.sets[1:6]:
            out.append(f"  {', '.join(members)}: {p:.1%}")
        out.append("")
    if res.runners_up:
        out.append("Runners-up at the scenario's weights (total utility):")
        out += [f"  {', '.join(x.members)}: {x.total:.4f}" for x in res.runners_up]
        out.append("")
    if len(res.left_out):
        out.append("Scoring above a member but left out:")
        for uid, row in res.left_out.iterrows():
            why = "; ".join(x.text for x in row["reasons"])
            out.append(f"  {uid} ({row['name_en']}, rank {row['rank']}): {why}")
        out.append("")
    out.append("Notes:")
    out += [f"  - {n}" for n in (*res.notes, *(translate(m, "en") for m in ev.notes))]
    out += ["", "Sources:"]
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
