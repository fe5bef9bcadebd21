"""The ``scicity`` command line: rank, score, ahp, check-data, scenarios.

A user error (bad file, bad option, bad scenario: ``criteria.problems.UserInputError``)
prints one ``severity: file: place: message`` line per problem to standard error and
exits with status 2, never a traceback. Option values may begin with a minus sign
(``--types -1,1`` as well as ``--types=-1,1``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

from criteria.bundled import load_bundled
from criteria.checks import check_bundled
from criteria.dataset import Dataset
from criteria.model import load_catalogue
from criteria.problems import Problem, UserInputError, error
from criteria.userdata import load_user_table
from mcda import ahp as ahp_mod
from mcda import registry
from mcda.messages import msg
from mcda.normalization import normalize
from mcda.pipeline import normalized_weights
from scenarios.library import builtin_ids, load_scenario
from scicity.cli import dossier as dossier_cli
from scicity.cli import method_options
from scicity.cli.commands import LAZY_COMMANDS
from scicity.engine import dossier
from scicity.engine.evaluate import Evaluation, evaluate
from scicity.i18n import format_number, t, translate
from scicity.io.exports import csv_text
from scicity.io.matrix_csv import read_matrix_csv
from scicity.io.writers import FORMATS, REPORT_SAMPLES, ExportOptions, export
from scicity.view import ahp as ahp_view
from scicity.view import dossier as dossier_view
from scicity.view.ranking import (
    criterion_label,
    labels,
    localized,
    ranking_rows,
    text_table,
    weights_labels,
    weights_rows,
)

#: The id suffix of a scenario changed on the command line or in the app (``effective``).
MODIFIED = "_modified"
#: Options whose value is a list of numbers that may begin with a minus sign.
NUMBER_LIST_OPTIONS = ("--weights", "--types")


def _command_module(name: str) -> ModuleType:
    return importlib.import_module(LAZY_COMMANDS[name][0])


def _given_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv``: its first word that is not an option (the
    top-level parser has no option taking a value)."""
    return next((a for a in argv if not a.startswith("-")), None)


def _parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser; of the ``LAZY_COMMANDS`` only the one named in ``argv`` gets its full
    arguments (the others are listed by name and help)."""
    p = argparse.ArgumentParser(prog="scicity", description="Rank Kazakhstan's regions and "
                                "towns as candidates for science-city status.")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("rank", help="rank a layer under a scenario")
    r.add_argument("--layer", choices=["regions", "towns"], default="regions")
    r.add_argument("--scenario", default="balanced", help="built-in id or path to a .toml")
    r.add_argument("--data", type=Path, help="your own table of the layer instead of the "
                   "bundled data: .csv, .xlsx, .geojson or .gpkg")
    r.add_argument("--sheet", help="XLSX sheet or GeoPackage layer of --data (default: first)")
    r.add_argument("--out", type=Path, help="write the ranking: "
                   + "; ".join(f"{f.suffix} ({f.description})" for f in FORMATS.values()))
    r.add_argument("--exclude", default="", help="comma-separated unit ids to leave out")
    r.add_argument("--lang", choices=["en", "ru", "kk"], default="en")
    r.add_argument("--model", choices=["1", "2"], help="the Concept's model on towns: 2 = "
                   "science cities (3 %% rule binding), 1 = parks at host organisations")
    method_options.add_rank_arguments(r)

    s = sub.add_parser("score", help="score any decision matrix")
    s.add_argument("matrix", type=Path, help="CSV: first column names, header criteria")
    s.add_argument("--weights", required=True, help="comma-separated, one per criterion")
    s.add_argument("--types", required=True, help="comma-separated 1 (benefit) / -1 (cost)")
    s.add_argument("--method", choices=list(registry.METHOD_NAMES), default="topsis")
    s.add_argument("--normalization", choices=[  # goalposts need bounds: not offered here
        n for n in registry.NORMALIZATION_NAMES if not registry.get_normalization(n).fixed])
    s.add_argument("--format", choices=["csv", "json"], default="csv")
    method_options.add_arguments(s)

    a = sub.add_parser("ahp", help="weights and consistency of a pairwise matrix")
    a.add_argument("matrix", type=Path, help="CSV: square, names as header and first column")
    a.add_argument("--ri-table", choices=list(ahp_mod.RI_TABLES), default="saaty")
    a.add_argument("--format", choices=["text", "json"], default="text")

    c = sub.add_parser("check-data", help="report inconsistencies in the bundled data")
    c.add_argument("--layer", choices=["regions", "towns"], default="regions")

    sub.add_parser("scenarios", help="list the built-in scenarios")
    given = _given_command(argv)
    for name, (_, text) in LAZY_COMMANDS.items():
        if name == given:
            _command_module(name).add_parser(sub)
        else:
            sub.add_parser(name, help=text)
    dossier_cli.add_parser(sub)  # concept: `scicity dossier ID`
    return p


def _floats(text: str, what: str) -> np.ndarray:
    out, problems = [], []
    for k, part in enumerate(text.split(","), start=1):
        try:
            out.append(float(part))
        except ValueError:
            problems.append(error(f"--{what}", msg("cli_item_not_number", item=k,
                                                   text=part.strip())))
    if problems:
        raise UserInputError(problems)
    return np.asarray(out)


def cmd_score(args: argparse.Namespace) -> str:
    """Score a user matrix: alternative, score, rank in input order."""
    lm = read_matrix_csv(args.matrix)
    m = len(lm.columns)
    w = _floats(args.weights, "weights")
    t = _floats(args.types, "types")
    problems = []
    if len(w) != m:
        problems.append(error("--weights", msg("cli_weight_count", count=len(w), m=m,
                                               names=tuple(lm.columns))))
    elif (w < 0).any() or w.sum() <= 0 or not np.isfinite(w).all():
        problems.append(error("--weights", msg("cli_bad_weights")))
    if len(t) != m:
        problems.append(error("--types", msg("cli_type_count", count=len(t), m=m)))
    elif not np.isin(t, (1, -1)).all():
        problems.append(error("--types", msg("cli_bad_types")))
    if problems:
        raise UserInputError(problems)
    method_options.check_applicable(args, args.method)
    norm = args.normalization or registry.default_normalization(args.method)
    r = normalize(lm.values, t.astype(int), norm)
    ctx = registry.Context(method_options.method_options(args))
    scores = registry.scores(args.method, r, normalized_weights(w), None, ctx)
    ranks = registry.rank(args.method, scores)
    rows = [{"alternative": a, "score": float(s), "rank": int(k)}
            for a, s, k in zip(lm.rows, scores, ranks, strict=True)]
    if args.method == "vikor":
        rows = method_options.vikor_rows(r, normalized_weights(w), ctx, rows)
    if args.format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    return csv_text(pd.DataFrame(rows), float_format="%.6f").rstrip("\n")


def cmd_ahp(args: argparse.Namespace) -> str:
    """Weights, λmax, CI, CR and the worst judgement of a pairwise matrix."""
    lm = read_matrix_csv(args.matrix)
    if lm.rows != lm.columns:
        raise UserInputError([error(str(args.matrix), msg("cli_rows_not_columns",
                                                          rows=tuple(lm.rows),
                                                          columns=tuple(lm.columns)))])
    problems = ahp_mod.pairwise_problems(lm.values, lm.columns)
    if problems:
        raise UserInputError([error(str(args.matrix), p) for p in problems])
    res = ahp_mod.ahp(lm.values, ri_table=args.ri_table)
    names = lm.columns
    worst = None
    if res.worst is not None and not res.consistent:
        wj = res.worst
        worst = {"row": names[wj.i], "column": names[wj.j], "value": wj.current,
                 "consistent_value": wj.consistent, "suggested": wj.suggested,
                 "cr_if_suggested": wj.cr_if_suggested, "reverses": wj.reverses}
    weights = {n: float(x) for n, x in zip(names, res.weights, strict=True)}
    doc = {
        "weights": weights,
        "lambda_max": res.lambda_max, "ci": res.ci, "cr": res.cr,
        "ri_table": {"name": res.ri_table,
                     "values": {str(k): v for k, v in ahp_mod.RI_TABLES[res.ri_table].items()}},
        "consistency_rule": res.rule, "lambda_limit": res.lambda_limit,
        "consistent": res.consistent,
        "worst_judgement": worst,
        "best_change": _change_doc(res.best_change, names),
        "smallest_fix": _change_doc(res.smallest_fix, names),
    }
    if args.format == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2)
    def num(x: float, spec: str) -> str:
        return format_number(x, spec, "en")

    lines = [f"{n:<24} {num(x, '.4f')}" for n, x in weights.items()]
    lines.append(f"lambda_max = {num(res.lambda_max, '.4f')}   CI = {num(res.ci, '.4f')}   "
                 f"CR = {num(res.cr, '.4f')} (RI = {num(res.ri, '.4f')}, {res.ri_table})")
    lines.append("consistent (CR <= 0.10)" if res.consistent else "NOT consistent (CR > 0.10)")
    lines += ahp_view.advice(res, names, "en")
    return "\n".join(lines)


def _change_doc(c: ahp_mod.Change | None, names: Sequence[str]) -> dict | None:
    if c is None:
        return None
    return {"row": names[c.i], "column": names[c.j], "value": c.current,
            "suggested": c.value, "steps": c.steps, "cr": c.cr, "reverses": c.reverses}


def dropped_criteria(ev: Evaluation) -> list[str]:
    """Criteria that were asked for (weight > 0) but have no usable indicator."""
    w = ev.weights
    asked = w.loc[w["criterion_weight"] > 0, "criterion"].unique()
    return [c for c in asked if not (w.loc[w["criterion"] == c, "status"] == "used").any()]


def _coverage_warning(ev: Evaluation, lang: str) -> list[str]:
    cat = load_catalogue()
    w = ev.weights[ev.weights["status"] == "used"]
    proxied = [c for c in ev.criteria
               if all(cat.field(i).evidence == "proxy" for i in w.index[w["criterion"] == c])]
    warn = [t("warn_proxied", lang, criteria=", ".join(proxied)), ""] if proxied else []
    dropped = dropped_criteria(ev)
    if not dropped:
        return warn
    kept = ", ".join(criterion_label(c, lang) for c in ev.criteria)
    lines = [t("warn_dropped", lang, dropped=", ".join(dropped), kept=kept)]
    if "C1" in dropped:
        lines.append(t("warn_c1", lang))
    return [*warn, *lines, ""]


def format_evaluation(ev: Evaluation, lang: str = "en") -> str:
    """A plain-text report in ``lang``: the localised ranking (``scicity.view.ranking``;
    towns show their region, the computed one where known), weights used, notes, sources."""
    view = localized(ranking_rows(ev, lang), labels(ev, lang, long=False))
    sc = ev.scenario
    out = [f"{sc.display_name(lang)} — {t(f'layer_{ev.layer}', lang)}, "
           f"{t(f'method_{sc.method}', lang)}, {t('normalization', lang)}: "
           f"{t(f'norm_{sc.normalization}', lang)} "
           f"({t('score_lower' if ev.ascending else 'score_higher', lang)})",
           *([sc.display_description(lang), ""] if sc.id.endswith(MODIFIED) else []),
           *_coverage_warning(ev, lang),
           text_table(view), "",
           f"{t('weights_used_header', lang)}:"]
    weights = localized(weights_rows(ev, lang), weights_labels(lang))
    out += ["  " + line for line in text_table(weights).splitlines()]
    out += ["", f"{t('notes', lang)}:"] + [f"  - {translate(n, lang)}" for n in ev.notes]
    out += ["", f"{t('report_sources', lang)}:"]
    for sid, s in ev.sources.iterrows():
        year = f", {s['year']}" if s["year"] else ""   # undated sources stay undated
        out.append(f"  [{sid}] {s['title']} — {s['publisher']}{year}"
                   + (f" <{s['url']}>" if s["url"] else ""))
    return "\n".join(out)


def print_problems(problems: Sequence[Problem]) -> None:
    """Problems to standard error, one ``severity: file: place: message`` each."""
    for p in problems:
        print(f"{p.severity}: {p}", file=sys.stderr)


def _dataset(args: argparse.Namespace) -> Dataset:
    if args.data is None:
        return load_bundled(args.layer)
    ds, problems = load_user_table(args.data, args.layer, sheet=args.sheet)
    print_problems(problems)
    return ds


def cmd_rank(args: argparse.Namespace) -> str:
    """Rank a layer (bundled or ``--data``); print it, and write ``--out`` if given."""
    if args.model is not None:  # concept: both models are assessed on towns
        args.layer = "towns"
    scenario = method_options.scenario_with_options(load_scenario(args.scenario), args,
                                                    args.layer, args.lang)
    if args.model is not None:
        scenario = dossier.model_scenario(scenario)
    ds = _dataset(args)
    exclude = tuple(x.strip() for x in args.exclude.split(",") if x.strip())
    ev = evaluate(ds, scenario, exclude=exclude)
    if args.model == "1":
        if args.out is not None:   # never a silently ignored option
            raise UserInputError([error("--out", msg("cli_model1_printed_only"))])
        return dossier_view.model1_text(ds, ev, args.lang)
    if args.out is not None:
        export(ev, args.out, ExportOptions(args.lang, ds, REPORT_SAMPLES))
    return format_evaluation(ev, args.lang)


def cmd_check_data(args: argparse.Namespace) -> str:
    """Internal inconsistencies of the bundled data, as warnings."""
    findings = check_bundled(args.layer)
    if not findings:
        return "no inconsistencies found"
    return "\n".join(f"{level}: {msg}" for level, msg in findings)


def cmd_scenarios(_: argparse.Namespace) -> str:
    """The built-in scenarios with their descriptions."""
    out = []
    for sid in builtin_ids():
        s = load_scenario(sid)
        out.append(f"{sid} — {s.name}\n  " + " ".join(s.description.split()))
    return "\n\n".join(out)


COMMANDS: dict[str, Callable[[argparse.Namespace], str]] = {
    "rank": cmd_rank, "score": cmd_score, "ahp": cmd_ahp, "check-data": cmd_check_data,
    "scenarios": cmd_scenarios, "dossier": dossier_cli.command}  # and LAZY_COMMANDS


def _handler(name: str) -> Callable[[argparse.Namespace], str]:
    if name in LAZY_COMMANDS:
        return _command_module(name).run
    return COMMANDS[name]


def _joined(argv: Sequence[str]) -> list[str]:
    """``--types -1,1`` → ``--types=-1,1``: argparse reads a value that begins with a minus
    sign and is not a plain number as the next option."""
    out: list[str] = []
    args = list(argv)
    k = 0
    while k < len(args):
        nxt = args[k + 1] if k + 1 < len(args) else ""
        if args[k] in NUMBER_LIST_OPTIONS and nxt[:1] == "-" and nxt[1:2] in set("0123456789."):
            out.append(f"{args[k]}={args[k + 1]}")
            k += 2
        else:
            out.append(args[k])
            k += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``scicity`` console script: one handler for every user error."""
    words = _joined(sys.argv[1:] if argv is None else argv)
    args = _parser(words).parse_args(words)
    try:
        text = _handler(args.command)(args)
    except UserInputError as exc:
        print_problems(exc.problems)
        return 2
    except (ValueError, OSError) as exc:   # an export the file system refuses
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:   # the reader stopped early (`scicity rank … | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
