"""The force-strength scale, loaded from ``scale.json``: the troop-equivalent weight of one
item of each unit (and of some qualifiers), and the nominal sizes that stand in for a count
when the text gives none (vague quantities, collectives, bare plurals).

The tables are plain dicts in the order of the data file; treat them as read-only.
"""

from __future__ import annotations

import json
from importlib.resources import files

_DATA = json.loads((files("dashboard.extract.forces") / "scale.json").read_text(encoding="utf-8"))

TROOP_EQUIVALENT: dict[str, float] = dict(_DATA["troop_equivalent"])
"""Weight of one item of each unit on the "force strength" scale (troops = 1)."""

QUALIFIER_EQUIVALENT: dict[str, float] = dict(_DATA["qualifier_equivalent"])
"""Weights that override :data:`TROOP_EQUIVALENT` for a specific qualifier."""

COLLECTIVES: frozenset[str] = frozenset(_DATA["collective_nominal"])
"""Collective nouns read as a vague quantity in "a <collective> of <force noun>" ("a fleet of")."""

VAGUE_NOMINAL: dict[str, int] = {**_DATA["vague_nominal"], **_DATA["collective_nominal"]}
"""Nominal size of a vague quantity, used by :func:`strength` only (``count`` stays None)."""

BARE_NOMINAL: dict[str, int] = dict(_DATA["bare_nominal"])
"""Nominal size of a bare plural ("sending troops"); any unit not listed here: :data:`BARE_DEFAULT`."""

BARE_DEFAULT = 3
"""Nominal size of a bare plural of a unit not in :data:`BARE_NOMINAL` ("sending drones")."""
