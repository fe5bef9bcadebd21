"""The ``scicity voi`` subcommand: the value-of-information list of a ranking — every
uncertain or missing figure with its unit, field, current value, interval, reason and
source, and how far fixing it at either end of its interval moves the ranks and the 3 %
rule — as CSV (default) or JSON, printed or written to ``--out``.

Registered in :mod:`scicity.cli.commands` (the CLI imports this module only when its
command is given).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from criteria.bundled import load_bundled
from criteria.model import load_catalogue
from scenarios.library import load_scenario
from scenarios.model import Scenario
from scicity.cli import method_options
from scicity.cli.commands import help_of
from scicity.engine.data_uncertainty import figures_to_request
from scicity.engine.evaluate import evaluate
from scicity.engine.robustness import voi_records
from scicity.io.exports import csv_text
from scicity.io.writers import atomic_write_bytes

#: Columns of the export, in order.
COLUMNS = ("priority", "unit", "name", "field", "kind", "value", "low", "high", "reason",
           "source_id", "source_title", "source_url", "year", "qualifier", "scored", "rank_now",
           "rank_low", "rank_high", "largest_shift", "units_moved", "gate_now", "gate_low",
           "gate_high", "gate_changes", "gate_can_qualify", "gate_crossing")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``voi`` on the CLI's subparsers."""
    p = subparsers.add_parser("voi", help=help_of("voi"))
    p.add_argument("--layer", choices=["regions", "towns"], default="towns")
    p.add_argument("--scenario", default="balanced", help="built-in id or path to a .toml")
    p.add_argument("--exclude", default="", help="comma-separated unit ids to leave out")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--out", type=Path, help="write to this file instead of printing")
    method_options.add_rank_arguments(p)
    return p


def voi_frame(layer: str, scenario: str | Scenario, exclude: tuple[str, ...] = ()
              ) -> pd.DataFrame:
    """The value-of-information list of the bundled ``layer`` under ``scenario`` (an id or
    path, or a scenario already changed by the what-if options)."""
    ds = load_bundled(layer)
    sc = load_scenario(scenario) if isinstance(scenario, str) else scenario
    ev = evaluate(ds, sc, exclude=exclude)
    _, voi = figures_to_request(ev, ds, load_catalogue())
    return export_frame(voi)


def export_frame(voi: pd.DataFrame) -> pd.DataFrame:
    """A value-of-information list (in priority order) with its priority, in ``COLUMNS``."""
    out = voi.copy()
    out.insert(0, "priority", range(1, len(out) + 1))
    return out[list(COLUMNS)]


def csv_text_of(voi: pd.DataFrame) -> str:
    """The export of ``voi`` (the analysis's list, or one already in ``COLUMNS``) as CSV
    text, cells beginning ``= + - @`` neutralised."""
    return csv_text(export_frame(voi) if "priority" not in voi else voi,
                    float_format="%.6g").rstrip("\n")


def csv_bytes(voi: pd.DataFrame) -> bytes:
    """The export as a CSV file: UTF-8 with a byte-order mark (the app's download)."""
    return (csv_text_of(voi) + "\n").encode("utf-8-sig")


def run(args: argparse.Namespace) -> str:
    """Build the list; print it, or write it to ``--out`` and say so."""
    exclude = tuple(x.strip() for x in args.exclude.split(",") if x.strip())
    scenario = method_options.scenario_with_options(load_scenario(args.scenario), args,
                                                    args.layer)
    voi = voi_frame(args.layer, scenario, exclude)
    if args.format == "json":
        doc = {"layer": args.layer, "scenario": scenario.id,
               "scenario_name": scenario.name, "scenario_description": scenario.description,
               "figures": voi_records(voi)}
        text = json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)
        data = text.encode("utf-8")
    else:
        text = csv_text_of(voi)
        data = csv_bytes(voi)
    if args.out is None:
        return text
    atomic_write_bytes(args.out, data)
    return f"wrote {len(voi)} figures to {args.out}"
