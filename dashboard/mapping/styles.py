"""Symbol styling: which side an event belongs to and its colour, the outline shape of
its event type, and the symbol size from force strength.

The palette and the shapes are data (``styles.json`` in this folder, read once at import).
"""

from __future__ import annotations

import json
import math
import re
from importlib.resources import files
from typing import Iterable

from dashboard.extract.forces import TROOP_EQUIVALENT, VAGUE_NOMINAL
from dashboard.model import Event
from dashboard.util.text import normalize

_STYLES = json.loads((files("dashboard.mapping") / "styles.json").read_text(encoding="utf-8"))

#: Side colours, handed out in this order to the sides ranked by number of events.
PALETTE: list[str] = _STYLES["palette"]
UNKNOWN_COLOUR = "#555555"

#: Symbol outline by event type (drawn on canvas by sitmap_map.js); related types share one.
SHAPES: dict[str, str] = _STYLES["shapes"]
SHAPE_GLYPHS: dict[str, str] = _STYLES["shape_glyphs"]

LEADER_BODIES = re.compile(r"^(?:the\s+)?(?P<leader>.*?\S)\s+(?:administration|government|campaign|cabinet)$",
                           re.IGNORECASE)


def side_of(e: Event) -> str:
    """The side an event belongs to: its actor's country code; else, for a person, their
    surname, which a leader's administration shares ("Joe Biden" and "the Biden
    administration" are one side: ``"~biden"``); else the actor's name."""
    a = e.actor
    if a is None:
        return "unknown"
    if a.country_code:
        return a.country_code
    m = LEADER_BODIES.match(a.name) if a.kind == "organization" else None
    if a.kind == "person" or m:
        words = (m.group("leader") if m else a.name).split()
        if words:
            return "~" + normalize(words[-1])
    return a.name


def side_colours(events: Iterable[Event]) -> dict[str, str]:
    """One stable colour per side: sides ranked by number of events, then name."""
    counts: dict[str, int] = {}
    for e in events:
        counts[side_of(e)] = counts.get(side_of(e), 0) + 1
    ranked = sorted((s for s in counts if s != "unknown"), key=lambda s: (-counts[s], s))
    out = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(ranked)}
    out["unknown"] = UNKNOWN_COLOUR
    return out


def strength(e: Event) -> float:
    """Troop equivalents of an event's forces (vague counts at their nominal size)."""
    total = 0.0
    for f in e.forces:
        n = f.count if f.count is not None else VAGUE_NOMINAL.get("multiple", 3)
        total += n * TROOP_EQUIVALENT.get(f.unit, 1.0)
    return total


def radius(e: Event) -> float:
    """Symbol radius in pixels: 5 for no forces, growing with log10 of strength."""
    s = strength(e)
    return round(5 + 3 * math.log10(1 + s), 1)


def shape_of(event_type: str) -> str:
    """The symbol outline of an event type (``"circle"`` for types without one)."""
    return SHAPES.get(event_type, "circle")
