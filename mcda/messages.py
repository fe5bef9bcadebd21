"""The engine's messages (notes on a ranking, reasons a unit is not ranked, what is wrong
with the user's input: ``criteria.problems``) as data.

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
    "check_data_scored": ("{unit}: Table 2 prints R&D expenditure per staff member {printed:.1f} "
                          "mn KZT, but expenditure ÷ staff = {computed:.2f}, beyond rounding "
                          "(scicity check-data): one of its three printed figures is wrong and "
                          "the source does not say which; scored as printed: {indicators}"),
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
    "declared_scale": ("indicators on a declared 0–1 scale, not stretched among the candidates, in "
                       "every method and sub-score (a presence flag: 0 = absent, 1 = present, "
                       "worth the same however many candidates have it; a value function: its "
                       "value): {indicators}"),
    "model1_host": ("Model 1: {host} ({kind}) in a large city of {population:,.0f} inhabitants; a"
                    " science and technology park has no 3 % rule"),
    "model1_no_host": ("Model 1: a large city of {population:,.0f} inhabitants, but no host "
                       "institute or university with sourced figures is recorded"),
    "model1_not_large": ("Model 1: not a large city ({population:,.0f} < {minimum:,.0f} "
                         "inhabitants)"),
    # Model 1 evidence and unscored evidence (scicity.engine.assessment, .dossier)
    "m1_value": "{what}: {value:g} ({source} {year}, {qualifier})",
    "m1_value_undated": "{what}: {value:g} ({source}, undated, {qualifier})",
    "m1_indicator": "{indicator}",
    "m1_field_staff": "staff of the host",
    "m1_field_base_installations": "base experimental installations",
    "m1_field_products_share": "share of the country's supply of its science-intensive products",
    "m1_field_innovation_cluster": "innovation cluster named in the Concept (1 = yes)",
    "m1_field_stp_planned": "science and technology park planned in the Concept (1 = yes)",
    "qualifier_exact": "exact",
    "qualifier_approximate": "approximate",
    "qualifier_lower_bound": "lower bound",
    "qualifier_estimate": "estimate",
    "unscored_indicator": "{value} — {note} — not scored: {why}",
    "unscored_context": "a context field, not an indicator of any criterion",
    "unscored_gate": "it counts in the 3 % rule (Model 2) only",
    # a town whose figures the rule may not fit (criteria/data/caveats.csv)
    "caveat_lease_russia": ("status under lease: the complex, including the town, is leased to "
                            "the Russian Federation until {until} and the town is run by a "
                            "Russian administration ({sources}); the 3 % rule's ceiling "
                            "uses the region's Kazakh R&D statistics and 'accredited' means "
                            "accredited by Kazakhstan's ministry — neither may apply to "
                            "organisations run by the Russian side"),
    "caveat_lease_russia_flag": "status under lease: the rule's figures may not apply",
    "caveat_unit": "{id}: {caveat}",
    "change_researchers": ("counting at least {decider:,.0f} researchers of accredited "
                           "organisations in the town would make it eligible for Model 2"),
    "change_both": ("an official employed figure of at most {employed_max:,.0f} and researchers "
                    "counted at {threshold:.0%} of it (the region allows at most "
                    "{ceiling:,.0f}) would make it eligible for Model 2; researchers alone "
                    "cannot"),
    "change_employed": "an employed population figure would decide the 3 % rule",
    "change_ceiling": ("no figure within what the data allow: even all of the region's R&D "
                       "staff ({ceiling:,.0f}) fall short of the {required:,.0f} researchers "
                       "needed"),
    "change_missing": ("the missing figure {indicator} could lift the score from {score:.3f} to "
                       "{score_best:.3f}"),
    "change_ceiling_exact": ("no figure within what the data allow: the town's researchers "
                             "are an exact count ({ceiling:,.0f}), short of the "
                             "{required:,.0f} needed"),
    "change_ceiling_rest": ("no figure within what the data allow: at most {ceiling:,.0f} "
                            "researchers — the region's R&D staff ({staff:,.0f}) less the "
                            "{taken:,.0f} researchers counted in its other towns — fall short "
                            "of the {required:,.0f} needed"),
    "change_ceiling_declared": ("no figure within what the data allow: even the upper end of "
                                "the declared interval ({ceiling:,.0f} researchers) falls "
                                "short of the {required:,.0f} needed"),
    "change_ceiling_bound": ("no figure within what the data allow: at most {ceiling:,.0f} "
                             "researchers, short of the {required:,.0f} needed"),
    "change_nothing_missing": ("no scored figure is missing: the score {score:.3f} rests on "
                               "stated values; only other weights would change it"),
    "change_missing_no_effect": ("the missing figure {indicator} would leave the score at "
                                 "{score:.3f} even at the best value on the layer"),
    "change_missing_heaviest": "the heaviest missing figure is {indicator}",
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
    # user input (criteria.problems): what is wrong with a file, a table, a scenario or an
    # option the user gave; ``place_*`` say where (row, column, feature)
    "text": "{text}",
    "place_row": "row {row:d}",
    "place_feature": "feature {row:d}",
    "place_column": "column {column!r}",
    "place_column_number": "column {number:d}",
    "place_column_number_named": "column {number:d} ({column!r})",
    "place_toml_syntax": "TOML syntax",
    "place_scenario": "scenario",
    "word_row": "row",
    "word_feature": "feature",
    "word_regions": "regions",
    "word_towns": "towns",
    "input_cannot_read": "cannot read: {reason}",
    "input_not_regular_file": "not a regular file ({kind}); only files are read",
    "input_kind_folder": "a folder",
    "input_kind_device": "a device, FIFO or socket",
    "input_too_large": "{size:,} bytes, more than the limit of {limit:,} bytes",
    "input_over_limit": "more than the limit of {limit:,} bytes",
    "input_bad_utf16": "starts with a UTF-16 byte-order mark but is not UTF-16 text (byte "
        "{byte:d})",
    "input_not_utf8": "not UTF-8 text (byte {byte:d})",
    "input_not_utf8_nor_cp1251": "neither UTF-8 nor Windows-1251 (cp1251) text (byte {byte:d})",
    "input_read_as_cp1251": "not UTF-8: read as Windows-1251 (cp1251), the Cyrillic encoding of "
        "older Excel CSV files; check that the names look right",
    "input_cell_too_long": "a cell longer than {limit:,} characters (an unclosed quote?); no "
        "table cell is that long",
    "input_not_csv": "not readable as CSV: {detail}",
    "input_not_finite_value": "{value!r} is not finite",
    "input_date": "a date ({value}), expected a number",
    "input_not_finite_number": "{text!r} is not a finite number",
    "input_not_number": "{text!r} is not a number",
    "input_bad_value": "{error}; expected {expected}; left missing",
    "input_expect_flag": "0 (no) or 1 (yes)",
    "input_expect_number": "a number in {unit_of} (e.g. 1234, 1 234 or 1234,5)",
    "input_too_big_value": "{value:.15g} is larger than any real value of {indicator} (at most "
        "{limit:g} is accepted); left missing",
    "input_read_as_share": "{text!r} read as the share {share:.15g}",
    "input_percent_not_allowed": "{text!r} is a percentage, but {field} is in {unit_of}; left "
        "missing",
    "input_negative": "negative value {value:.15g}: {indicator} cannot be negative; left missing",
    "input_not_flag": "{value:.15g} is not a flag; expected 0 (no) or 1 (yes); left missing",
    "input_share_above_one": "{value:.15g} is above 1: {field} is a share between 0 and 1 (3 % = "
        "0.03); if it is a percentage, divide by 100 or add a % sign; left missing",
    "input_percent_above_100": "{value:.15g} is above 100 %; left missing",
    "input_not_whole_persons": "{value:.15g} is not a whole number of persons; if ',' or '.' "
        "separates thousands, write the number without it; kept",
    "input_not_whole_items": "{value:.15g} is not a whole number of items; if ',' or '.' "
        "separates thousands, write the number without it; kept",
    "input_too_many_rows": "more than {limit:,} data rows; the limit keeps a table usable (split "
        "the file)",
    "input_too_many_features": "more than {limit:,} data features; the limit keeps a table usable "
        "(split the file)",
    "input_empty_file": "the file is empty",
    "input_too_many_columns": "more than {limit:,} columns; the limit keeps a table usable",
    "input_not_xlsx": "not a readable XLSX workbook ({detail})",
    "input_no_sheet": "no sheet {sheet!r}; sheets: {sheets}",
    "input_empty_sheet": "sheet {sheet!r} is empty",
    "input_formula_without_value": "formula {formula!r} has no calculated value in the file "
        "(saved by a program that does not calculate); open and save it in Excel or "
        "LibreOffice, or paste values; left missing",
    "input_geo_layers": "{count:d} layers; read the first, {layer!r} (choose another with "
        "--sheet)",
    "input_not_geo": "cannot read as a geo file: {detail}",
    "input_no_features": "no features",
    "input_empty_geometry": "empty geometry; the values are kept and the bundled polygon of the "
        "region is used",
    "input_invalid_geometry": "invalid geometry ({reason}); repaired with make_valid",
    "input_no_crs": "no coordinate reference system; assumed WGS 84 (EPSG:4326)",
    "input_reprojected": "reprojected from {crs} ({crs_name}) to WGS 84 (EPSG:4326)",
    "input_crs_not_convertible": "coordinate reference system {crs_name!r} cannot be converted to"
        " WGS 84 (an engineering or local system has no position on the Earth); save the file "
        "in WGS 84 (EPSG:4326) or a geographic or projected system",
    "input_unknown_file_type": "unknown file type {suffix!r}; expected one of {known}",
    "input_read_as_field": "read as field {field}",
    "input_column_without_header": "column without a header; ignored",
    "input_other_layer_field": "{field} is a field of the other layer, not of {layer}; kept as an"
        " extra column, not scored",
    "input_unknown_column": "unknown column; kept as an extra column, not scored",
    "input_unknown_column_close": "unknown column; kept as an extra column, not scored (did you "
        "mean {close!r}?)",
    "input_second_column": "a second column for {field} (first: {first!r}); keep only one",
    "input_read_as": "read as {field}",
    "input_missing_id": "missing required column 'id' (also accepted: {aliases})",
    "input_missing_id_regions": "missing required column 'id' (also accepted: {aliases}); on the "
        "regions layer it holds the ISO 3166-2 code, KZ-10 … KZ-79",
    "input_missing_name": "missing a name column: at least one of name_kk, name_ru, name_en (or "
        "name)",
    "input_missing_coordinates": "missing coordinate columns: a towns table needs 'lat' and 'lon'"
        " (decimal degrees, WGS 84) or point geometry",
    "input_extra_cells": "{cells:d} cells but the header has {columns:d} columns; the extra "
        "cells are ignored",
    "input_no_id": "no id; {label} excluded",
    "input_not_region_code": "{value!r} is not one of the 20 ISO 3166-2 region codes (KZ-10 … "
        "KZ-79){hint}; {label} excluded",
    "input_did_you_mean_regions": "; did you mean {region_choices}?",
    "input_repeated_id": "id {id!r} repeats {label} {first:d}; the first occurrence is kept and "
        "this {label} is excluded",
    "input_repeated_id_case": "id {id!r} repeats {was!r} of {label} {first:d} (ids are compared "
        "ignoring case); the first occurrence is kept and this {label} is excluded",
    "input_declared_region_unknown": "{value!r} is not an ISO 3166-2 region code{hint}; the "
        "region is taken from the coordinates",
    "input_expected_polygon": "expected a polygon; got {kind}; the values are kept and the "
        "bundled polygon of the region is used",
    "input_no_name": "no name; the id is used as the name",
    "input_bad_year": "year {text!r} not understood (expected e.g. 2023); left blank",
    "input_bad_qualifier": "qualifier {value!r} not one of {options}; exact used",
    "input_expected_point_columns": "expected a point; got {kind}; the lat/lon columns are used",
    "input_expected_point": "expected a point; got {kind}; row excluded",
    "input_no_geometry": "empty or missing geometry, and no lat/lon columns; row excluded",
    "input_bad_degrees": "{error}; expected decimal degrees (WGS 84); row excluded",
    "input_no_coordinates": "no coordinates; row excluded",
    "input_swapped_coordinates": "latitude and longitude look swapped: lat {lat:g}, lon {lon:g} "
        "lies outside Kazakhstan ({lat0:g}–{lat1:g} N, {lon0:g}–{lon1:g} E) but lat {lon:g}, "
        "lon {lat:g} inside; row excluded",
    "input_outside_kz": "lat {lat:g}, lon {lon:g} lies outside Kazakhstan ({lat0:g}–{lat1:g} N, "
        "{lon0:g}–{lon1:g} E); row excluded",
    "input_more_problems": "{count:,} more problems not listed ({errors:,} errors); fix the ones "
        "above and load the file again",
    "input_no_data_rows": "no data rows below the header",
    "input_no_usable_row": "no usable row: every row has an error",
    "input_derived_differs": "{given:g} differs from {numerator} ÷ {denominator}{factor} = "
        "{computed:.4g}{percentage}; the given value is used",
    "input_times_factor": " × {factor:g}",
    "input_percentage_hint": " (100 × too large: a percentage?)",
    "input_point_in_no_region": "the point is inside Kazakhstan's bounding box but in none of its"
        " regions; check the coordinates",
    "input_region_mismatch": "declared region {declared_region}, but the point lies in "
        "{computed_region}; outputs show the computed region",
    "input_polygon_elsewhere": "the polygon of {unit} lies in {found}; check that ids and "
        "polygons match (maps use the bundled polygon of each id)",
    "input_no_region_of_kz": "no region of Kazakhstan",
    # pairwise comparison matrices (CSV files, scenario [ahp] tables)
    "input_every_cell_empty": "every cell is empty",
    "input_no_header": "expected a header with column names after the first cell",
    "input_repeated_columns": "repeated column names {names}",
    "input_value_count": "{count:d} values, expected {expected:d}",
    "input_empty_cell": "empty cell, expected a number",
    "input_missing_mark": "{text!r}: missing, expected a number",
    "ahp_not_numeric": "matrix is not numeric: {detail}",
    "ahp_not_square": "matrix must be square and non-empty, got shape {shape}",
    "ahp_name_count": "{names:d} names given for a {n:d} x {n:d} matrix",
    "ahp_too_large": "{n:d} elements exceed the largest random-index table ({most:d}); split "
        "them into sub-criteria",
    "ahp_cell": "row {row}, column {column}",
    "ahp_cell_missing": "{place}: value is missing or not finite ({value})",
    "ahp_cell_not_positive": "{place}: value {value:g} must be positive",
    "ahp_cell_diagonal": "{place}: diagonal must be 1, got {value:g}",
    "ahp_cell_outside_scale": "{place}: value {value:g} is outside the Saaty range [1/9, 9]",
    "ahp_not_reciprocal": "{place}: {value:g} and its mirror {mirror:g} are not reciprocal "
        "(expected {expected:.4g})",
    # scenario files (scenarios.model, scenarios.library, scenarios.store)
    "scenario_expected_table": "expected a table, got {kind}",
    "scenario_unknown_key": "unknown key (expected one of: {keys})",
    "scenario_not_one_of": "{value} is not one of {options}",
    "scenario_expected_number": "expected a number, got {value}",
    "scenario_outside_range": "{value} is outside [{low}, {high}]",
    "scenario_expected_flag": "expected true or false, got {value}",
    "scenario_expected_nonempty_text": "expected a non-empty text, got {value}",
    "scenario_expected_text": "expected text, got {value}",
    "scenario_weights_twice": "give criterion weights either directly or by AHP, not both",
    "scenario_no_criterion_weights": "no criterion weights: give [weights.criteria] or "
        "[ahp.criteria]",
    "scenario_zero_weights": "all criterion weights are zero",
    "scenario_expected_ahp_table": "expected a table of criterion id → matrix",
    "scenario_unknown_criterion": "unknown criterion (expected one of: {ids})",
    "scenario_also_ahp": "also weighted by AHP in {place}",
    "scenario_expected_bounds": "expected [lower, upper] numbers, got {value}",
    "scenario_bounds_order": "upper bound {upper} must exceed lower {lower}",
    "scenario_expected_text_or_number": "expected text or a number, got {value}",
    "scenario_expected_points_table": "expected a table with points = [[raw value, value], ...]",
    "scenario_expected_preference_table": "expected a table of indicator id → preference",
    "scenario_unknown_indicator": "unknown indicator (expected one of: {ids})",
    "scenario_expected_preference": "expected a table with preference, q, p, s",
    "scenario_unknown_preference_key": "unknown key (expected preference, q, p, s)",
    "scenario_expected_criterion_weights": "expected a table of criterion id → weight",
    "scenario_expected_indicator_weights": "expected a table of indicator id → weight",
    "scenario_negative_weight": "weight must not be negative (got {value})",
    "scenario_expected_pairwise": "expected a table with `order` and `matrix`",
    "scenario_unknown_pairwise_key": "unknown key (expected order, matrix)",
    "scenario_expected_ids": "expected a list of ids",
    "scenario_unknown_ids": "unknown ids {bad} (expected from: {ids})",
    "scenario_ids_repeat": "ids repeat",
    "scenario_row_count": "expected {n:d} rows (one per id in order), got {got}",
    "scenario_number_count": "expected {n:d} numbers (one per id in order), got {got}",
    "scenario_inconsistent": "judgements are inconsistent: CR = {cr:.3f} > 0.10 ({table} RI "
        "table){worst}",
    "scenario_worst_judgement": "; the most inconsistent judgement is {a} vs {b} = "
        "{current:.3g}; {suggested:.3g} would bring CR to {cr_after:.3f}",
    "scenario_toml_error": "{detail} (at line {line:d}, column {column:d})",
    "scenario_too_deep": "tables or arrays nested too deeply to read (a scenario needs at most 4 "
        "levels)",
    "scenario_not_found": "no built-in scenario of that name and no such file; built-in: {ids}",
    # saving a scenario (scenarios.store)
    "store_name_empty": "the scenario name is empty",
    "store_name_too_long": "the scenario name is longer than {limit:d} characters",
    "store_name_bad_chars": "the scenario name must not contain a slash, a backslash or '..'",
    "store_name_no_alnum": "the scenario name needs at least one letter or digit",
    "store_name_reserved": "{id!r} is a reserved file name",
    "store_name_builtin": "{id!r} is a built-in scenario; choose another name",
    "store_exists": "a saved scenario {id!r} already exists",
    # the command line's own options (scicity.cli.main)
    "cli_item_not_number": "item {item:d} ({text!r}) is not a number",
    "cli_weight_count": "{count:d} values for {m:d} criteria ({names})",
    "cli_bad_weights": "weights must be finite and non-negative with a positive sum",
    "cli_type_count": "{count:d} values for {m:d} criteria",
    "cli_bad_types": "each type must be 1 (benefit) or -1 (cost)",
    "cli_rows_not_columns": "the first column ({rows}) must list the same names in the same "
        "order as the header ({columns})",
    "cli_option_not_applicable": ("{option} applies to {needs} only, and this ranking uses "
                                  "{method}: add --method {needs}, or leave {option} out"),
    "cli_threshold_not_read": ("the {function} preference function does not read {option} "
                               "(it reads: {reads})"),
    "cli_pair_syntax": "item {item:d} ({text!r}) is not ID=weight",
    "cli_unknown_id": "item {item:d}: unknown id {id!r}; known: {ids}",
    "cli_repeated_id": "item {item:d}: {id} is given twice",
    "cli_bad_weight": ("item {item:d}: the weight of {id} ({text!r}) must be a finite number, "
                       "0 or more"),
    "cli_weights_left_out": "give every criterion a weight; left out: {ids}",
    "cli_indicator_weights_ahp": ("the scenario weighs the indicators of these by AHP "
                                  "judgements, not by weights: {ids}"),
    "cli_indicator_weights_zero": ("every indicator of {criterion} would weigh 0; to leave "
                                   "{criterion} out, give it weight 0 with "
                                   "--criterion-weights"),
    "cli_model1_printed_only": "the Model 1 assessment is printed only; export a candidate's "
        "assessment with `scicity dossier ID --out FILE`",
    "scenario_bad_file_name": "file name is not a valid saved-scenario id or clashes with a "
        "built-in scenario",
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
