"""Shortlist: the best set of k units under the Concept's constraints, its runners-up on
the map and how often it is best over weight samples (drawn by
``scicity.app.shortlist_view``)."""

from scicity.app.context import current
from scicity.app.shortlist_view import render

ctx = current()
render(ctx.lang, ctx.layer, ctx.ev)
