# ruff: noqa: I001
# (import order: scicity.app arrives with the app branch)
"""The Shortlist page (see :mod:`scicity.shortlist_page`): register it in
``scicity.app.pages.PAGES`` as ``Page("shortlist", "tab_shortlist", "⭐")``."""

from scicity.app.context import current
from scicity.shortlist_page import render

ctx = current()
render(ctx.lang, ctx.layer, ctx.ev)
