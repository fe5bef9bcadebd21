"""``scicity dossier ID``: one candidate's dossier as JSON on stdout, or written to
``--out`` (.html or .json) in ``--lang``."""

from __future__ import annotations

import argparse
from pathlib import Path

from scicity.engine.dossier import build
from scicity.i18n import (
    LANGS,
)
from scicity.view.dossier import to_html, to_json


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``dossier`` on the CLI's subparsers."""
    p = subparsers.add_parser("dossier", help="one candidate's dossier (both models)")
    p.add_argument("id", help="unit id, e.g. kurchatov")
    p.add_argument("--layer", choices=["towns"], default="towns")
    p.add_argument("--scenario", default="balanced", help="built-in id or path to a .toml")
    p.add_argument("--out", type=Path, help="write .html or .json instead of printing JSON")
    p.add_argument("--lang", choices=LANGS, default="en",
                   help="language of the dossier's text (default: en)")
    return p


def command(args: argparse.Namespace) -> str:
    """``scicity dossier``: the dossier as JSON on stdout, or written to ``--out``."""
    from criteria.bundled import load_bundled
    from scenarios.library import load_scenario
    from scicity.engine.evaluate import evaluate

    ds = load_bundled(args.layer)
    d = build(ds, evaluate(ds, load_scenario(args.scenario)), args.id)
    lang = getattr(args, "lang", "en")
    if args.out is None:
        return to_json(d, lang)
    suffix = args.out.suffix.lower()
    if suffix not in (".html", ".json"):
        raise ValueError(f"--out must end in .html or .json, got {args.out.name!r}")
    args.out.write_text(to_html(d, lang) if suffix == ".html" else to_json(d, lang),
                        encoding="utf-8")
    return f"wrote {args.out}"
