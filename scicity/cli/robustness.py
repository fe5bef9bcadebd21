"""The ``scicity robustness`` subcommand: SMAA-2 rank intervals, acceptabilities and weight
stability intervals of a ranking, as JSON (default) or one flat CSV table.

Registered in :mod:`scicity.cli.commands` (the CLI imports this module only when its
command is given).
"""

from __future__ import annotations

import argparse
import json

from criteria.bundled import load_bundled
from scenarios.library import load_scenario
from scicity.cli import method_options
from scicity.cli.argtypes import positive_int
from scicity.cli.commands import help_of
from scicity.engine.robustness import (
    LEVELS,
    WEIGHT_MODELS,
    WeightModel,
    analyse,
    to_csv_frame,
    to_json_dict,
)
from scicity.io.exports import csv_text


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``robustness`` on the CLI's subparsers."""
    p = subparsers.add_parser("robustness", help=help_of("robustness"))
    p.add_argument("--layer", choices=["regions", "towns"], default="regions")
    p.add_argument("--scenario", default="balanced", help="built-in id or path to a .toml")
    p.add_argument("--samples", type=positive_int, default=10_000, help="weight vectors sampled")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--top-k", type=positive_int, default=3, help="size of the shortlist")
    p.add_argument("--weights", choices=list(WEIGHT_MODELS), default="uniform",
                   help="uniform on the simplex, around the scenario's weights, or ordinal")
    p.add_argument("--spread", type=float, default=0.2,
                   help="with --weights around: ± fraction of each weight (0.2 = ±20 %%)")
    p.add_argument("--order", default="",
                   help="with --weights ordinal: e.g. 'C2>=C4,C1>=C3'")
    p.add_argument("--level", choices=list(LEVELS), default="criteria",
                   help="sample criterion weights (local weights fixed) or indicator weights")
    p.add_argument("--method-samples", type=int, default=None,
                   help="samples per method variant (default --samples; 0 = ranks only)")
    p.add_argument("--sobol", type=int, default=4096,
                   help="base samples for Sobol indices of the ranks (power of 2; 0 = none)")
    p.add_argument("--exclude", default="", help="comma-separated unit ids to leave out")
    p.add_argument("--data-uncertainty", choices=["on", "off"], default="on",
                   help="sample the data's declared intervals with the weights (on) or the "
                        "weights only (off)")
    p.add_argument("--tie-level", type=tie_level, default=0.9,
                   help="central rank interval that defines tied groups (0.9 = 90 %%)")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    method_options.add_rank_arguments(p)
    return p


def run(args: argparse.Namespace) -> str:
    """Analyse and format; a bad option raises ValueError with one line per problem."""
    model = WeightModel(kind=args.weights, spread=args.spread, order=_order(args.order),
                        level=args.level)
    if model.kind == "ordinal" and not model.order:
        raise ValueError("--weights ordinal needs --order, e.g. 'C2>=C4'")
    exclude = tuple(x.strip() for x in args.exclude.split(",") if x.strip())
    scenario = method_options.scenario_with_options(load_scenario(args.scenario), args,
                                                    args.layer)
    res = analyse(load_bundled(args.layer), scenario, exclude=exclude,
                  samples=args.samples, seed=args.seed, top_k=args.top_k, weights=model,
                  method_samples=args.method_samples, sobol_samples=args.sobol,
                  data_uncertainty=args.data_uncertainty == "on", tie_level=args.tie_level)
    if args.format == "json":
        doc = to_json_dict(res)
        doc = {**{k: doc[k] for k in list(doc)[:list(doc).index("scenario") + 1]},
               "scenario_name": scenario.name, "scenario_description": scenario.description,
               **doc}
        return json.dumps(doc, ensure_ascii=False, indent=2)
    return csv_text(to_csv_frame(res), float_format="%.6g").rstrip("\n")


def _order(text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        a, sep, b = part.partition(">=")
        if not sep or not a.strip() or not b.strip():
            raise ValueError(f"--order: {part!r} is not of the form A>=B")
        pairs.append((a.strip(), b.strip()))
    return tuple(pairs)


def tie_level(text: str) -> float:
    """A level strictly between 0 and 1 (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {value}")
    return value
