"""The app's pages. Each page is a short script over ``scicity.app.context.current()``;
``PAGES`` registers them in order (the first is the default). Adding a page is one line
here plus its script: ``Page("shortlist", "tab_shortlist", ":material/star:")`` for
``scicity/app/pages/shortlist.py`` with its title under the i18n key ``tab_shortlist``.

The navigation bar holds the first pages and two menus (``section``) with our own
localised labels: with all nine pages on the bar, Russian and Kazakh titles overflow at
1280 px and Streamlit folds the rest into an untranslatable "N more" (in English).
``tests/e2e/test_pages.py`` checks at 1280 px that every page is on the bar or in a menu.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Page:
    """``name``: the script ``<name>.py`` here and the page's URL path; ``title``: its
    i18n key; ``icon``: a Material icon (emoji need a font the browser may lack);
    ``section``: the i18n key of the menu it sits in ("" = the bar itself)."""

    name: str
    title: str
    icon: str
    section: str = ""

    @property
    def path(self) -> Path:
        return HERE / f"{self.name}.py"


PAGES: tuple[Page, ...] = (
    Page("map", "tab_map", ":material/map:"),
    Page("profile", "tab_profile", ":material/assignment:"),
    Page("assessment", "nav_assessment", ":material/fact_check:"),
    Page("compare", "tab_compare", ":material/compare_arrows:"),
    Page("export", "tab_export", ":material/download:"),
    Page("robustness", "tab_robust", ":material/casino:", "nav_analysis"),
    Page("shortlist", "tab_shortlist", ":material/star:", "nav_analysis"),
    Page("data", "tab_sources", ":material/table:", "nav_data"),
    Page("about", "tab_about", ":material/help:", "nav_data"),
)
