"""Method options on the command line (``scicity score`` and ``scicity rank``): VIKOR's v
and PROMETHEE II's preference function with its thresholds q, p, s (fractions of each
indicator's range: the goalposts' range with goalpost normalisation, else the candidates').
An option the method does not read is refused (``--vikor-v`` under TOPSIS changes nothing).

For ``rank`` also the method, the normalisation and the weights (``--criterion-weights
C1=2,C2=1,C3=1,C4=1``, ``--indicator-weights airport=0.5``): the changed scenario is
named the way the app names it — "<name> — modified" in every language, id
``<id>_modified``, its description listing the changes in the reader's language — so an
output never labels a changed scenario as its base (``scicity.app.changes.effective``).
"""

from __future__ import annotations

import argparse
import math
from dataclasses import replace

import numpy as np

from criteria.model import load_catalogue
from criteria.problems import Problem, UserInputError, error
from mcda.messages import msg
from mcda.methods import vikor_sr
from mcda.registry import (
    METHOD_NAMES,
    NORMALIZATION_NAMES,
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
from scicity.app.changes import USES, effective

_THRESHOLDS = ("q", "p", "s")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the method options on a subcommand."""
    g = parser.add_argument_group("method options")
    g.add_argument("--vikor-v", type=float, help="VIKOR only: weight of group utility S "
                   "against individual regret R in Q, 0-1 (default 0.5)")
    g.add_argument("--preference", choices=list(PREFERENCE_NAMES),
                   help="PROMETHEE II only: preference function for every indicator "
                   "(default linear, q = 0.1, p = 0.5)")
    for name, what in (("q", "indifference"), ("p", "strict preference"),
                       ("s", "Gaussian inflection")):
        g.add_argument(f"--promethee-{name}", type=float, dest=f"promethee_{name}",
                       help=f"PROMETHEE II only: {what} threshold, a fraction of each "
                       "indicator's range (only for the functions that read it)")


def add_rank_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the what-if options of ``rank``: method, normalisation and weights
    (each changes the scenario), then the method options."""
    g = parser.add_argument_group("what-if (changes the scenario; the output is named "
                                  "'<scenario> — modified' and lists the changes)")
    g.add_argument("--method", choices=list(METHOD_NAMES),
                   help="the aggregation method (default: the scenario's)")
    g.add_argument("--normalization", choices=list(NORMALIZATION_NAMES),
                   help="the normalisation (default: the scenario's)")
    g.add_argument("--criterion-weights", metavar="C1=W,...",
                   help="a weight for every criterion, e.g. C1=2,C2=1,C3=1,C4=1 "
                   "(relative; replaces the scenario's weights or AHP judgements)")
    g.add_argument("--indicator-weights", metavar="ID=W,...",
                   help="weights of indicators inside their criterion, e.g. airport=0.5 "
                   "(towns) or rd_staff=2 (regions); relative, the others keep theirs "
                   "(default 1)")
    add_arguments(parser)


def _given(args: argparse.Namespace) -> list[str]:
    """The method options set on the command line, as option names."""
    out = [] if args.vikor_v is None else ["--vikor-v"]
    if args.preference is not None:
        out.append("--preference")
    return out + [f"--promethee-{k}" for k in _THRESHOLDS
                  if getattr(args, f"promethee_{k}") is not None]


def check_applicable(args: argparse.Namespace, method: str,
                     preference: Preference | None = None) -> None:
    """Refuse a method option ``method`` does not read: VIKOR's v under any other method,
    PROMETHEE's options under any other, a threshold the preference function ignores
    (``preference``: the scenario's default function when ``--preference`` is not set)."""
    problems: list[Problem] = []
    for option in _given(args):
        needs = "vikor" if option == "--vikor-v" else "promethee2"
        if method != needs:
            problems.append(error(option, msg("cli_option_not_applicable", option=option,
                                              needs=needs, method=method)))
    if method == "promethee2" and not problems:
        fn = (args.preference if args.preference is not None
              else (preference or PrometheeOptions().default).function)
        for k in _THRESHOLDS:
            if getattr(args, f"promethee_{k}") is not None and k not in USES[fn]:
                problems.append(error(f"--promethee-{k}", msg(
                    "cli_threshold_not_read", option=f"--promethee-{k}", function=fn,
                    reads=tuple(f"--promethee-{x}" for x in USES[fn]) or ("none",))))
    if problems:
        raise UserInputError(problems)


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


def parse_weights(text: str, option: str, allowed: list[str], every: bool
                  ) -> dict[str, float]:
    """``ID=W,...`` as {id: weight}; UserInputError names each bad item (syntax, unknown
    id, repeated id, not a non-negative finite number) and, with ``every``, the ids of
    ``allowed`` left out; all zero is refused."""
    out: dict[str, float] = {}
    problems: list[Problem] = []
    for k, part in enumerate(text.split(","), start=1):
        key, eq, value = (x.strip() for x in part.partition("="))
        if not eq or not key:
            problems.append(error(option, msg("cli_pair_syntax", item=k, text=part.strip())))
            continue
        if key not in allowed:
            problems.append(error(option, msg("cli_unknown_id", item=k, id=key,
                                              ids=tuple(allowed))))
            continue
        if key in out:
            problems.append(error(option, msg("cli_repeated_id", item=k, id=key)))
            continue
        try:
            w = float(value)
        except ValueError:
            problems.append(error(option, msg("cli_item_not_number", item=k, text=value)))
            continue
        if not math.isfinite(w) or w < 0:
            problems.append(error(option, msg("cli_bad_weight", item=k, id=key, text=value)))
            continue
        out[key] = w
    left = [c for c in allowed if c not in out]
    if every and left and not problems:
        problems.append(error(option, msg("cli_weights_left_out", ids=tuple(left))))
    if not problems and not any(out.values()) and every:
        problems.append(error(option, msg("cli_bad_weights")))
    if problems:
        raise UserInputError(problems)
    return out


def _indicator_weights(scenario: Scenario, text: str, layer: str) -> dict[str, float]:
    """The scenario's indicator weights with those of ``--indicator-weights`` (ids of
    ``layer``); an indicator whose criterion is weighted by AHP judgements is refused, and
    so is a criterion all of whose indicators would weigh 0."""
    cat = load_catalogue()
    ids = [f.id for f in cat.indicators(layer)]
    given = parse_weights(text, "--indicator-weights", ids, every=False)
    ahp = [fid for fid in given if cat.field(fid).criterion in scenario.ahp_indicators]
    if ahp:
        raise UserInputError([error("--indicator-weights", msg(
            "cli_indicator_weights_ahp", ids=tuple(ahp)))])
    out = {**scenario.indicator_weights, **given}
    zero = sorted({c for c in (cat.field(f).criterion for f in given) if c is not None
                   and not any(out.get(f.id, 1.0) > 0 for f in cat.indicators(layer, c))})
    if zero:
        raise UserInputError([error("--indicator-weights", msg(
            "cli_indicator_weights_zero", criterion=c)) for c in zero])
    return out


def scenario_with_options(scenario: Scenario, args: argparse.Namespace, layer: str,
                          lang: str = "en") -> Scenario:
    """``scenario`` with the command line's what-if options (method, normalisation,
    weights, method options) on ``layer``; when they change it, named "<name> — modified"
    with id ``<id>_modified`` and described by its changes in ``lang``. An option the
    (new) method does not read is refused."""
    method = args.method or scenario.method
    check_applicable(args, method, scenario.promethee.default)
    cur = replace(scenario, method=method,
                  normalization=args.normalization or scenario.normalization)
    if _given(args):
        opts = method_options(args, scenario.vikor_v, scenario.promethee)
        cur = replace(cur, vikor_v=opts.vikor.v, promethee=opts.promethee)
    if args.criterion_weights is not None:
        crit = [c.id for c in load_catalogue().criteria]
        cur = replace(cur, criterion_weights=parse_weights(
            args.criterion_weights, "--criterion-weights", crit, every=True),
            ahp_criteria=None)
    if args.indicator_weights is not None:
        cur = replace(cur, indicator_weights=_indicator_weights(
            scenario, args.indicator_weights, layer))
    return effective(scenario, cur, load_catalogue(), lang)


def vikor_rows(R: np.ndarray, w: np.ndarray, ctx: Context, rows: list[dict[str, object]]
               ) -> list[dict[str, object]]:
    """``rows`` (one per alternative; ``score`` is Q) with VIKOR's S and R, whether the
    alternative is in the compromise set, and the two acceptance conditions (C1, C2)."""
    s, r, q = vikor_sr(R, w, None, ctx.options.vikor.v, fixed=ctx.fixed)
    c = compromise(s, r, q)
    return [row | {"S": float(s[i]), "R": float(r[i]), "compromise": i in c.solutions,
                   "acceptable_advantage": c.advantage, "acceptable_stability": c.stability}
            for i, row in enumerate(rows)]
