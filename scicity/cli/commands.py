"""The subcommands that live in their own modules and load heavy libraries (the panel's
database layer, the shortlist's optimiser, the SMAA engine), with their one-line help.

``scicity.cli.main`` imports such a module only when its command is given (to run it or
show its help) and lists the others by this help, so ``scicity rank`` does not pay for
them. Each module has ``add_parser(subparsers)`` (registering its command with
``help_of(name)``) and ``run(args) -> str``.
"""

from __future__ import annotations

#: name → (module, help).
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "robustness": ("scicity.cli.robustness", "how robust a ranking is to its weights"),
    "voi": ("scicity.cli.voi", "figures to request first: the value of information of "
            "every uncertain or missing value"),
    "panel": ("scicity.panel.cli", "run an expert panel (group weights)"),
    "shortlist": ("scicity.cli.shortlist", "the best set of k sites under constraints"),
}


def help_of(name: str) -> str:
    """The one-line help of subcommand ``name``."""
    return LAZY_COMMANDS[name][1]
