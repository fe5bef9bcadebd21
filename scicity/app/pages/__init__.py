"""The app's pages. Each page is a short script over ``scicity.app.context.current()``;
``PAGES`` registers them in order (the first is the default). Adding a page is one line
here plus its script: ``Page("shortlist", "tab_shortlist", "⭐")`` for
``scicity/app/pages/shortlist.py`` with its title under the i18n key ``tab_shortlist``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Page:
    """``name``: the script ``<name>.py`` here and the page's URL path; ``title``: its
    i18n key; ``icon``: an emoji."""

    name: str
    title: str
    icon: str

    @property
    def path(self) -> Path:
        return HERE / f"{self.name}.py"


PAGES: tuple[Page, ...] = (
    Page("map", "tab_map", "🗺️"),
    Page("profile", "tab_profile", "📋"),
    Page("compare", "tab_compare", "⚖️"),
    Page("robustness", "tab_robust", "🎲"),
    Page("data", "tab_sources", "📚"),
    Page("export", "tab_export", "⬇️"),
    Page("about", "tab_about", "❓"),
)
