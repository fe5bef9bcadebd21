"""``scicity panel create|status|template|import|aggregate|next-round|export``.

The facilitator's secret comes from ``--token`` or ``SCICITY_PANEL_TOKEN``; the database
from ``SCICITY_DATABASE_URL`` or the SQLite file in ``SCICITY_DATA_DIR`` (see ``db``).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
import tomli_w

from criteria.bundled import load_bundled
from criteria.model import load_catalogue
from mcda import group
from mcda.messages import msg
from scenarios.library import load_scenario
from scenarios.model import scenario_to_doc
from scicity.cli.commands import help_of
from scicity.i18n import number, percent
from scicity.io.writers import atomic_write_bytes
from scicity.panel import db, service, workbook
from scicity.panel.service import ExpertSpec, PanelError, PanelSpec

#: The language of the text output (the panel's command-line output is English).
LANG = "en"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``panel`` on the CLI's subparsers."""
    p = subparsers.add_parser("panel", help=help_of("panel"))
    act = p.add_subparsers(dest="panel_command", required=True)
    c = act.add_parser("create", help="create a panel; prints the secret links once")
    c.add_argument("--name", required=True)
    c.add_argument("--layer", choices=["regions", "towns"], default="regions")
    c.add_argument("--expert", action="append", default=[], metavar="NAME[:ROLE][=WEIGHT]",
                   help="one expert (repeat for each)")
    c.add_argument("--indicators", action="store_true",
                   help="also judge the indicators inside each criterion")
    c.add_argument("--input", choices=list(service.INPUT_MODES), default="pairwise")
    c.add_argument("--rounds", type=int, default=2)
    c.add_argument("--languages", default="kk,ru,en")
    c.add_argument("--valid-days", type=int, default=60, help="expert links expire after")
    c.add_argument("--app-url", default="http://localhost:8501",
                   help="base address of the app, for the printed links")
    for name, text in (("status", "experts and rounds"),
                       ("next-round", "open the next Delphi round")):
        _with_token(act.add_parser(name, help=text))
    t = _with_token(act.add_parser("template", help="XLSX template for offline experts"))
    t.add_argument("--out", required=True, type=Path)
    t.add_argument("--lang", choices=["kk", "ru", "en"], default=None,
                   help="language of the labels (one of the panel's; default its first)")
    i = _with_token(act.add_parser("import", help="import a filled XLSX template"))
    i.add_argument("file", type=Path)
    a = _with_token(act.add_parser("aggregate", help="group weights, consensus, CR"))
    _outcome_args(a)
    a.add_argument("--rank", action="store_true", help="also rank the layer (top 10)")
    e = _with_token(act.add_parser("export", help="write the result: .json (everything "
                                   "with the audit log) or .toml (a scenario file)"))
    _outcome_args(e)
    e.add_argument("--out", required=True, type=Path)
    return p


def _with_token(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--token", default=None, help="facilitator secret "
                   "(default: $SCICITY_PANEL_TOKEN)")
    return p


def _outcome_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--method", choices=list(group.AGGREGATIONS), default="aij-geometric")
    p.add_argument("--round", type=int, default=None, help="default: the current round")
    p.add_argument("--scenario", default="balanced",
                   help="scenario giving the other settings (method, gate...)")


def run(args: argparse.Namespace) -> str:
    """Do the panel action; user problems raise PanelError (a ValueError)."""
    if args.panel_command == "create":
        return _create(args)
    token = args.token or os.environ.get("SCICITY_PANEL_TOKEN", "")
    with db.session() as s:
        if args.panel_command == "status":
            return _status(service.status(s, token), service.convergence(s, token))
        if args.panel_command == "next-round":
            return f"round {service.next_round(s, token)} is open"
        if args.panel_command == "template":
            atomic_write_bytes(args.out, workbook.template_bytes(service.status(s, token),
                                                                 lang=args.lang))
            return f"wrote {args.out}"
        if args.panel_command == "import":
            st = service.status(s, token)
            entries, comments = workbook.read_template(_read(args.file), st, args.file.name)
            done = service.import_entries(s, token, entries, comments)
            return f"imported and submitted round {st.round} for: {', '.join(done)}"
        o = service.aggregate(s, token, args.method, args.round)
        if args.panel_command == "aggregate":
            return _outcome_text(o, args)
        scenario = service.outcome_scenario(o, load_scenario(args.scenario))
        if args.out.suffix.lower() == ".toml":
            data = tomli_w.dumps(scenario_to_doc(scenario)).encode("utf-8")
        else:
            cat = load_catalogue()
            changes = service.ranking_changes(o, load_scenario(args.scenario, cat),
                                              load_bundled(o.layer), cat)
            doc: dict[str, Any] = {"result": service.outcome_dict(o),
                                   "scenario": scenario_to_doc(scenario),
                                   "ranking_changes": json.loads(
                                       changes.reset_index().to_json(orient="records")),
                                   "convergence": service.convergence(s, token, args.method),
                                   "audit_log": service.audit_log(s, token)}
            data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
        atomic_write_bytes(args.out, data)
        return f"wrote {args.out}"


def _rank(x: Any) -> str:
    return "-" if pd.isna(x) else str(int(x))


def _num(x: float | None, digits: int | None = 3) -> str:
    """A number for the text output (Babel, English); ``n/a`` when there is none."""
    return "n/a" if x is None else number(x, LANG, digits)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PanelError([("", msg("panel_cannot_read", reason=exc.strerror))],
                         str(path)) from None


def _create(args: argparse.Namespace) -> str:
    experts = [_expert(x, k) for k, x in enumerate(args.expert, start=1)]
    cat = load_catalogue()
    spec = PanelSpec(name=args.name, layer=args.layer,
                     hierarchy=service.hierarchy_from_catalogue(cat, args.layer,
                                                                indicators=args.indicators),
                     experts=experts, languages=[x.strip() for x in args.languages.split(",")
                                                 if x.strip()],
                     max_rounds=args.rounds, input_mode=args.input,
                     valid_days=args.valid_days or None)
    with db.session() as s:
        made = service.create_panel(s, spec, actor="facilitator (CLI)")
    base = args.app_url.rstrip("/")
    lines = [f"panel {made.panel_id} created in {_where()}",
             "Keep these secrets; they are shown only now.",
             f"facilitator secret: {made.facilitator_token}",
             f"facilitator page:   {base}/?panel_admin=1 (enter the secret there)"]
    lines += [f"expert {name}: {base}/?panel_token={tok}" for name, tok in made.expert_tokens]
    return "\n".join(lines)


def _expert(text: str, k: int) -> ExpertSpec:
    """``NAME[:ROLE][=WEIGHT]``; a trailing ``=...`` that is not a number stays in the name."""
    body, sep, weight = text.rpartition("=")
    try:
        w = float(weight) if sep and body else 1.0
    except ValueError:
        body, w = text, 1.0
    if not (sep and body):
        body = text
    name, _, role = body.partition(":")
    if not name.strip():
        raise PanelError([(f"--expert {k}", msg("panel_empty_name"))], "options")
    return ExpertSpec(name=name, role=role, weight=w)


def _where() -> str:
    url = db.database_url()
    return url if url.startswith("sqlite") else url.split("@")[-1]  # never print a password


def _status(st: service.PanelStatus, conv: list[dict[str, Any]]) -> str:
    lines = [f"panel {st.id} '{st.name}' — layer {st.layer}, {st.input_mode} input, "
             f"round {st.round} of {st.max_rounds}",
             "nodes: " + "; ".join(f"{n}: {', '.join(ids)}" for n, ids in st.hierarchy.items())]
    for e in st.experts:
        sub = ", ".join(map(str, e.submitted_rounds)) or "none"
        lines.append(f"  {e.id:>3} {e.name} ({e.role or '-'}, weight {_num(e.weight, None)}): "
                     f"submitted rounds {sub}; {e.draft_nodes} node(s) drafted this round")
    for c in conv:
        lines.append(f"round {c['round']}: {c['experts']} experts, consensus S* "
                     f"{percent(c['consensus'], LANG, 1)}, Kendall's W "
                     f"{_num(c['kendall_w'])}, CR {_num(c['cr'])}, "
                     f"mean distance {_num(c['mean_distance'])}")
    return "\n".join(lines)


def _outcome_text(o: service.Outcome, args: argparse.Namespace) -> str:
    lines = [f"panel '{o.panel}', round {o.round}, {len(o.experts)} experts, {o.method}"]
    for node, res in o.nodes.items():
        ids = o.hierarchy[node]
        lines.append(f"\n[{node}] CR {_num(res.cr)}, consensus S* "
                     f"{percent(res.consensus, LANG, 1)}, Kendall's W {_num(res.kendall_w)}")
        lines += [f"  {i:<26} {percent(w, LANG, 2):>7}"
                  for i, w in zip(ids, res.weights, strict=True)]
        if res.disagreement is not None and len(ids) > 1:
            d = res.disagreement
            pairs = sorted(((d[i, j], ids[i], ids[j]) for i in range(len(ids))
                            for j in range(i + 1, len(ids))), reverse=True)[:3]
            lines.append("  most disputed pairs (geometric sd): " + ", ".join(
                f"{a}:{b} {_num(v, 2)}" for v, a, b in pairs))
        far = sorted(zip(res.distances, o.experts, strict=True), reverse=True)
        lines.append("  distance to group: " + ", ".join(f"{n} {_num(v)}" for v, n in far))
    if args.rank:
        cat = load_catalogue()
        base = load_scenario(args.scenario, cat)
        ch = service.ranking_changes(o, base, load_bundled(o.layer), cat)
        lines.append(f"\nranking of {o.layer} with the group weights ({base.method}); "
                     "in brackets each expert's rank under their own weights:")
        for uid, r in ch.head(10).iterrows():
            own = ", ".join(f"{n} {_rank(r[f'rank {n}'])}" for n in o.experts)
            lines.append(f"  {_rank(r['group rank']):>3} {uid} {r['name']} [{own}]")
    return "\n".join(lines)
