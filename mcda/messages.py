"""The engine's messages (notes on a ranking, reasons a unit is not ranked) as data.

The engine returns ``Message(key, params)`` records; the view (``scicity.i18n``)
translates and formats them. ``params`` hold raw values — numbers stay numbers, lists
of ids stay tuples, a nested message stays a ``Message`` — never preformatted text.

``TEMPLATES`` is the one registry of message keys with their English source text (the
msgid documentation of the gettext catalogues in ``scicity/i18n/locale``); placeholders carry
Python format specs that the view applies with Babel in the reader's language
(``{share:.2%}``: a ratio shown as a percentage with two decimals). A message whose
text depends on a count takes that count as the parameter ``n`` (plural forms).
To add a message: add its key and English text here, then the same key (prefixed
``msg_``) to every ``scicity/i18n/locale/<lang>/LC_MESSAGES/scicity.po``; tests/test_i18n.py
fails on a key missing from any catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

TEMPLATES: dict[str, str] = {
    "not_candidate": "not a candidate",
    "missing": "missing: {fields}",
    "criterion_without_data": "no data for any indicator of {criterion}",
    "indicator_not_used": "indicator {indicator} not used: {status}",
    "status_no_data": "no data",
    "status_coverage": "coverage {coverage:.0%} < {minimum:.0%}",
    "status_weight_zero": "weight 0",
    "status_constant": "the same value for every unit: it cannot tell them apart",
    "all_constant": "no indicator tells the units apart (each has the same value for every "
                    "unit): they all share the same rank",
    "criterion_dropped": "criterion {criterion} has no usable indicator on this layer: its "
                         "weight {weight:.3g} is shared among the other criteria in proportion",
    "nothing_ranked": "no unit could be ranked",
    "no_usable_indicator": "no indicator can tell the units apart",
    "vikor_compromise": "VIKOR (v = {v:g}): acceptable advantage (C1) and acceptable stability "
                        "(C2) hold: the compromise solution is {units}",
    "vikor_set_advantage": "VIKOR (v = {v:g}): no acceptable advantage (C1: the next unit's Q "
                           "is within {dq:.3g} of the best): the compromise set is {units}",
    "vikor_set_stability": "VIKOR (v = {v:g}): no acceptable stability (C2: the best by Q is "
                           "best by neither S nor R): the compromise set is {units}",
    "promethee_equivalent": "PROMETHEE II is left out of the method comparison: with these "
                            "preference functions it ranks exactly as a weighted sum",
    "gate_applied": ("3 % rule applied: units below {threshold:.0%} even at the top of their "
                     "interval are not ranked; undetermined units are ranked and flagged"),
    "gate_applied_keep": ("3 % rule applied: units below {threshold:.0%} even at the top of their"
                          " interval are not ranked; undetermined units and units without data "
                          "are ranked and flagged"),
    "gate_informative": "3 % rule shown for information only (threshold {threshold:.0%}); "
                        "{note}",
    "gate_restricted": ("3 % rule not met: share at most {share_high:.2%} < {threshold:.0%}: at "
                        "least {required:,.0f} researchers needed, at most {ceiling:,.0f} "
                        "possible"),
    "gate_no_data": "3 % rule: no data",
    "gate_note_regions": "Informative only: a region is not a settlement, and R&D staff "
                         "(research and support) is not the same as researchers of accredited "
                         "organisations.",
    "gate_note_towns": "The Concept's rule: researchers of accredited organisations are at "
                       "least 3 % of the settlement's employed population.",
    "user_excluded": "excluded by the user",
    "proxies": "proxy indicators (stand-ins where no direct measure is published): "
               "{indicators}",
    "ahp_inconsistent": "AHP judgements are inconsistent (CR = {cr:.2f} > 0.10): the "
                        "weights, and so this ranking, rest on contradictory comparisons.",
    # shortlists (mcda.shortlist): why a set cannot be formed, why a unit is in or out
    "shortlist_bad_k": "k must be a whole number from 1 to the number of candidates ({count}), got"
        " {k}",
    "shortlist_unknown_unit": "unknown unit id(s) in {option}: {ids}",
    "shortlist_fixed_not_ranked": "fixed unit(s) not ranked, so not candidates: {reasons}",
    "shortlist_fixed_and_excluded": "unit(s) both fixed and excluded: {ids}",
    "shortlist_fixed_not_admitted": "fixed unit(s) {ids} fail the eligibility filter ({filter}): 3"
        " % rule state {states}",
    "shortlist_fixed_no_cost": "fixed unit(s) {ids} have no cost, so the budget cannot be checked",
    "shortlist_too_many_fixed": "{count} units fixed but k = {k}",
    "shortlist_fixed_region_cap": "fixed units {ids} put {count} in region {region}, above the "
        "maximum of {m} per region",
    "shortlist_fixed_too_close": "fixed units {a} and {b} are {km} km apart, less than the minimum"
        " distance of {min_km} km",
    "shortlist_fixed_over_budget": "the fixed units cost {cost}, more than the budget {budget}",
    "shortlist_too_few_candidates": "only {count} unit(s) allowed ({excluded} excluded, {filtered}"
        " failing the eligibility filter, {no_cost} without a cost); k = {k}",
    "shortlist_no_unit_of_type": "no allowed unit has the required type {type}",
    "shortlist_needs_state": "the eligibility filter needs the 3 % rule's state, which the data do"
        " not give",
    "shortlist_needs_costs": "a budget needs costs, which the data do not give",
    "shortlist_needs_regions": "a maximum per region needs regions, which the data do not give",
    "shortlist_needs_coordinates": "a minimum distance needs coordinates for every allowed unit, "
        "which the data do not give",
    "shortlist_needs_model": "requiring {types} needs a Model 1 / Model 2 recommendation per unit,"
        " which the data do not give",
    "shortlist_bad_max_per_region": "--max-per-region must be a whole number of at least 1, got "
        "{value}",
    "shortlist_bad_distance": "--min-distance-km must be a distance of at least 0 km, got {value}",
    "shortlist_bad_budget": "the budget must be a number of at least 0, got {value}",
    "shortlist_infeasible": "no set of {k} units satisfies all the constraints together "
        "({summary})",
    "shortlist_solver_failed": "the solver stopped without an answer: {status}",
    "shortlist_member_fixed": "fixed by the user",
    "shortlist_member_type": "the only member of required type {type}",
    "shortlist_member_score": "chosen on its score",
    "shortlist_out_excluded": "excluded by the user",
    "shortlist_out_not_admitted": "fails the eligibility filter (3 % rule: {state})",
    "shortlist_out_no_cost": "no known cost, so it cannot be checked against the budget",
    "shortlist_out_region_cap": "region {region} already has {members} (at most {m} per region)",
    "shortlist_out_too_close": "{km} km from {member} (minimum {min_km} km)",
    "shortlist_out_over_budget": "adding it would take the cost to {cost} (budget {budget})",
    "shortlist_out_forced": "every member scoring below it is fixed or needed for a required type",
    "data_uncertainty_model": (
        "data uncertainty: {intervals} figures with a declared interval, {missing} "
        "missing; each figure is drawn uniformly on its interval, independently of the "
        "others and of the weights; a derived value (per capita, shares) is recomputed "
        "from its drawn inputs, never drawn on its own; a town's regional value is drawn "
        "once per region"
    ),
    "robustness_large": (
        "robustness of a large layer ({units} ranked units): {samples} weight vectors; per "
        "unit the median rank, the 5–95 % rank interval and the probability of a top-{k} "
        "rank from the sampled ranks, and the stability intervals of the weights; the full "
        "rank acceptability matrix, the method comparison, Sobol indices and the data's "
        "own uncertainty are computed only up to {limit} units"
    ),
    "data_uncertainty_sampled": (
        "SMAA over weights and data together: {samples} weight vectors, one drawn data "
        "matrix per {block} vectors"
    ),
    "data_uncertainty_ties": (
        "tied groups: units whose central {level:.0%} rank intervals overlap (directly or "
        "through a chain) under {draws} draws of the data at the scenario's weights"
    ),
    "data_uncertainty_off": (
        "data uncertainty switched off: ranks vary with the weights only"
    ),
    "data_uncertainty_exact": (
        "every scored value is exact (no declared interval): the analysis over weights "
        "and data equals the weights-only analysis"
    ),
    "data_uncertainty_no_dataset": (
        "data uncertainty not analysed: no dataset was given"
    ),
    "data_uncertainty_gate_fixed": (
        "the 3 % rule is applied at the stated values, so the ranked units are the same "
        "in every draw; the value-of-information list shows which figures could change "
        "eligibility"
    ),
    "data_uncertainty_missing_range": (
        "value of information of a missing figure: its range is assumed to be the layer's"
        " known values of the indicator, or for an input of a ratio (researchers, "
        "employed) the ratio's known values on the layer times the unit's other input; "
        "missing figures stay missing in the SMAA draws"
    ),
    "gate_eligible": ("3 % rule met: share at least {share_low:.2%} ≥ {threshold:.0%} "
                      "({counted:,.0f} researchers counted, {required:,.0f} needed at most)"),
    "gate_undetermined": ("3 % rule undetermined: share {share_low:.2%}–{share_high:.2%} "
                          "straddles {threshold:.0%}: {decider:,.0f} researchers would settle it "
                          "(counted {counted:,.0f}, at most {ceiling:,.0f} possible)"),
    "gate_undetermined_employed": (
        "3 % rule undetermined: share {share_low:.2%}–{share_high:.2%} straddles "
        "{threshold:.0%}: no researcher count alone settles it — even the most possible "
        "({ceiling:,.0f}) meets it only if at most {employed_max:,.0f} are employed (estimate "
        "{employed_low:,.0f}–{employed_high:,.0f}); counted {counted:,.0f}"),
    "missing_worst": ("missing values scored at the worst value the indicator can take (a gap "
                      "never helps); incomplete units ranked on their worst case: {count}; their "
                      "score with gaps at the best value is shown beside it"),
    "value_function_applied": "value function on {indicator} (raw value → value 0–1): {points}",
    "model1_host": ("Model 1: {host} ({kind}) in a large city of {population:,.0f} inhabitants; a"
                    " science and technology park has no 3 % rule"),
    "model1_no_host": ("Model 1: a large city of {population:,.0f} inhabitants, but no host "
                       "institute or university with sourced figures is recorded"),
    "model1_not_large": ("Model 1: not a large city ({population:,.0f} < {minimum:,.0f} "
                         "inhabitants)"),
    "change_researchers": ("counting at least {decider:,.0f} researchers of accredited "
                           "organisations in the town would make it eligible for Model 2"),
    "change_both": ("an official employed figure of at most {employed_max:,.0f} and researchers "
                    "counted at {threshold:.0%} of it (the region allows at most "
                    "{ceiling:,.0f}) would make it eligible for Model 2; researchers alone "
                    "cannot"),
    "change_employed": "an employed population figure would decide the 3 % rule",
    "change_ceiling": ("no figure within what the data allows: even all of the region's R&D "
                       "staff ({ceiling:,.0f}) fall short of the {required:,.0f} researchers "
                       "needed"),
    "change_missing": ("the missing figure {indicator} could lift the score from {score:.3f} to "
                       "{score_best:.3f}"),
    # expert panel (scicity.panel): why a request or an imported workbook is refused
    "panel_denied": "This link is not valid. Ask the facilitator for a new one.",
    "panel_no_name": "the panel needs a name",
    "panel_bad_input_mode": "{value!r} is not one of {options}",
    "panel_bad_rounds": "{rounds} is outside 1..{most}",
    "panel_few_criteria": "judging needs at least two criteria",
    "panel_too_many_elements": "{count} elements exceed {most}",
    "panel_ids_repeat": "ids repeat",
    "panel_few_experts": "a panel needs at least two experts",
    "panel_empty_name": "name or role is empty",
    "panel_bad_weight": "weight {weight} must be a positive number",
    "panel_weight_not_number": "weight {value!r} is not a number",
    "panel_already_submitted": "round {round} is already submitted",
    "panel_not_judged": "not judged yet",
    "panel_unknown_node": "unknown node {node!r}",
    "panel_bad_order": "order must be {order}",
    "panel_judgement_count": "expected {expected} judgements, got {got}",
    "panel_not_on_scale": "{value!r} is not a judgement on the 1/9..9 scale",
    "panel_weight_count": "expected {expected} weights, got {got}",
    "panel_points_positive": "{value!r} must be a positive number of points",
    "panel_too_few_submissions": "round {round} has {count} submission(s); aggregation needs at"
        " least two",
    "panel_rounds_used": "the panel has {rounds} round(s); all are used",
    "panel_next_needs_two": "a new round needs at least two submissions in this one",
    "panel_not_member": "not a member of this panel",
    "panel_node_missing": "missing",
    "panel_too_big": "{size:,} bytes exceed the {limit:,} byte limit",
    "panel_not_xlsx": "not a readable XLSX workbook ({kind})",
    "panel_bad_expert_id": "{value!r} is not an expert id of this panel",
    "panel_no_values": "no sheet has any filled value",
    "panel_rows_changed": "expected {expected}; the rows were changed",
    "panel_not_number": "{value!r} is not a number",
    "panel_missing_value": "missing value",
    "panel_outside_scale": "{value!r} is outside Saaty's scale 1/9 .. 9",
    "panel_bad_headers": "the headers {found} are not the template's (any of: {expected})",
    "panel_cannot_read": "cannot read the file ({reason})",
}

#: Status codes of an indicator in a weights table: used, or why not.
WEIGHT_STATUSES: tuple[str, ...] = ("used", "weight_zero", "no_data", "coverage", "constant")


@dataclass(frozen=True)
class Message:
    """One engine message: a key of ``TEMPLATES`` and its raw parameters."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.key not in TEMPLATES:
            raise KeyError(f"unknown message key {self.key!r}")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Message) and self.key == other.key
                and dict(self.params) == dict(other.params))

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form: key and parameters (nested messages as dicts, tuples as lists)."""
        def plain(v: object) -> object:
            if isinstance(v, Message):
                return v.as_dict()
            return list(v) if isinstance(v, tuple) else v
        return {"key": self.key, "params": {k: plain(v) for k, v in self.params.items()}}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"Message({self.key!r}{', ' if args else ''}{args})"


def msg(key: str, **params: object) -> Message:
    """``Message(key, params)`` with the parameters as keywords."""
    return Message(key, params)


#: The name engine code used before messages became data: it builds the same ``Message``
#: (no English text), so code written against it keeps working; new code calls ``msg``.
render = msg
