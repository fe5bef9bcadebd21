"""Method options on the command line (``scicity score`` and ``scicity rank``): VIKOR's v
and PROMETHEE II's preference function with its thresholds q, p, s (fractions of each
indicator's range: the goalposts' range with goalpost normalisation, else the candidates').

For ``rank`` the options change the scenario, and the changed scenario says so in its
id and name (an output never labels a changed scenario as its base).
"""

from __future__ import annotations

import argparse
from dataclasses import replace

import numpy as np

from criteria.problems import UserInputError, error
from mcda.methods import vikor_sr
from mcda.registry import (
    PREFERENCE_NAMES,
    Context,
    MethodOptions,
    Preference,
    PrometheeOptions,
    VikorOptions,
    default_preference,
)
from mcda.vikor import compromise
from scenarios.model import Scenario

_THRESHOLDS = ("q", "p", "s")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the method options on a subcommand."""
    g = parser.add_argument_group("method options")
    g.add_argument("--vikor-v", type=float, help="VIKOR: weight of group utility S against "
                   "individual regret R in Q, 0-1 (default 0.5)")
    g.add_argument("--preference", choices=list(PREFERENCE_NAMES),
                   help="PROMETHEE II preference function for every indicator (default "
                   "linear, q = 0.1, p = 0.5)")
    for name, what in (("q", "indifference"), ("p", "strict preference"),
                       ("s", "Gaussian inflection")):
        g.add_argument(f"--promethee-{name}", type=float, dest=f"promethee_{name}",
                       help=f"PROMETHEE II {what} threshold, a fraction of each "
                       "indicator's range")


def _given(args: argparse.Namespace) -> list[str]:
    """The method options set on the command line, as ``name=value``."""
    out = [] if args.vikor_v is None else [f"vikor.v={args.vikor_v:g}"]
    if args.preference is not None:
        out.append(f"promethee.preference={args.preference}")
    out += [f"promethee.{k}={getattr(args, f'promethee_{k}'):g}" for k in _THRESHOLDS
            if getattr(args, f"promethee_{k}") is not None]
    return out


def method_options(args: argparse.Namespace, vikor_v: float = 0.5,
                   promethee: PrometheeOptions | None = None) -> MethodOptions:
    """The options to use: the command line's over ``vikor_v`` and ``promethee``
    (a scenario's, or the defaults). UserInputError names a bad value."""
    base = promethee or PrometheeOptions()
    try:
        v = VikorOptions(vikor_v if args.vikor_v is None else args.vikor_v)
    except ValueError as exc:
        raise UserInputError([error("--vikor-v", str(exc))]) from None
    start = base.default if args.preference is None else default_preference(args.preference)
    values = {k: getattr(args, f"promethee_{k}") for k in _THRESHOLDS}
    try:
        default = Preference(start.function, **{k: getattr(start, k) if x is None else x
                                               for k, x in values.items()})
    except ValueError as exc:
        raise UserInputError([error("--preference", str(exc))]) from None
    indicators = base.indicators
    if args.preference is not None:  # one function for every indicator, as asked
        indicators = {}
    return MethodOptions(v, PrometheeOptions(default, dict(indicators)))


def scenario_with_options(scenario: Scenario, args: argparse.Namespace) -> Scenario:
    """``scenario`` with the command line's method options; renamed when they change it."""
    given = _given(args)
    if not given:
        return scenario
    opts = method_options(args, scenario.vikor_v, scenario.promethee)
    changed = ", ".join(given)
    return replace(scenario, id=f"{scenario.id}+options", name=f"{scenario.name} "
                   f"(changed: {changed})", names={}, vikor_v=opts.vikor.v,
                   promethee=opts.promethee)


def vikor_rows(R: np.ndarray, w: np.ndarray, ctx: Context, rows: list[dict[str, object]]
               ) -> list[dict[str, object]]:
    """``rows`` (one per alternative; ``score`` is Q) with VIKOR's S and R, whether the
    alternative is in the compromise set, and the two acceptance conditions (C1, C2)."""
    s, r, q = vikor_sr(R, w, None, ctx.options.vikor.v, fixed=ctx.fixed)
    c = compromise(s, r, q)
    return [row | {"S": float(s[i]), "R": float(r[i]), "compromise": i in c.solutions,
                   "acceptable_advantage": c.advantage, "acceptable_stability": c.stability}
            for i, row in enumerate(rows)]
