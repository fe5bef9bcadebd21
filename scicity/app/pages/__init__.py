"""The app's pages. Each page is a short script over ``scicity.app.context.current()``;
``PAGES`` registers them in order (the first is the default). Adding a page is one line
here plus its script: ``Page("shortlist", "tab_shortlist", ":material/star:")`` for
``scicity/app/pages/shortlist.py`` with its title under the i18n key ``tab_shortlist``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Page:
    """``name``: the script ``<name>.py`` here and the page's URL path; ``title``: its
    i18n key; ``icon``: a Material icon (emoji need a font the browser may lack)."""

    name: str
    title: str
    icon: str

    @property
    def path(self) -> Path:
        return HERE / f"{self.name}.py"


PAGES: tuple[Page, ...] = (
    Page("map", "tab_map", ":material/map:"),
    Page("profile", "tab_profile", ":material/assignment:"),
    Page("assessment", "tab_assessment", ":material/fact_check:"),
    Page("compare", "tab_compare", ":material/compare_arrows:"),
    Page("robustness", "tab_robust", ":material/casino:"),
    Page("data", "tab_sources", ":material/table:"),
    Page("export", "tab_export", ":material/download:"),
    Page("shortlist", "tab_shortlist", ":material/star:"),
    Page("about", "tab_about", ":material/help:"),
)
