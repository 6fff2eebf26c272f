"""Reading an events gold set: one folder per story, holding 1–3 reports and a
``gold.json`` with the story's events at the fused level (tests/data/events_gold/README.md).

A gold event: ``type`` (plus ``also_ok`` types), ``actor`` and ``actor_country``, ``place``
(``name``, ``lat``, ``lon``, ``tolerance_km``, or null when the text gives none), ``date``
(an inclusive day interval), ``forces``, ``modality``, the report files that carry it
(``sources``) and the fields on which they disagree (``conflicts``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from dashboard.errors import InputError
from dashboard.model import EVENT_TYPES


@dataclass(frozen=True)
class GoldPlace:
    name: str
    lat: float
    lon: float
    tolerance_km: float


@dataclass(frozen=True)
class GoldEvent:
    story: str
    type: str
    types: frozenset[str]  # the type and the also-acceptable ones
    actor: str | None
    actor_country: str | None
    place: GoldPlace | None
    start: str
    end: str
    forces: tuple[tuple[int | None, str], ...]
    modality: str
    sources: frozenset[str]  # document paths
    conflicts: tuple[str, ...]


@dataclass(frozen=True)
class GoldStory:
    name: str
    folder: Path
    documents: tuple[Path, ...]
    events: tuple[GoldEvent, ...]


def _event(story: str, folder: Path, raw: dict, where: str) -> GoldEvent:
    types = {raw["type"], *raw.get("also_ok", ())}
    unknown = types - set(EVENT_TYPES)
    if unknown:
        raise InputError(f"{where}: unknown event type(s) {sorted(unknown)}: use the taxonomy of docs/events.md")
    place = raw.get("place")
    gp = GoldPlace(place["name"], float(place["lat"]), float(place["lon"]), float(place["tolerance_km"])) \
        if place else None
    date = raw.get("date") or {}
    if not date.get("start") or not date.get("end"):
        raise InputError(f"{where}: every gold event needs a date interval {{'start', 'end'}}")
    return GoldEvent(
        story=story, type=raw["type"], types=frozenset(types), actor=raw.get("actor"),
        actor_country=raw.get("actor_country"), place=gp, start=date["start"], end=date["end"],
        forces=tuple((f.get("count"), f["unit"]) for f in raw.get("forces") or ()),
        modality=raw.get("modality", "fact"),
        sources=frozenset(str((folder / s).resolve()) for s in raw.get("sources") or ()),
        conflicts=tuple(raw.get("conflicts") or ()))


def read_gold(root: str | Path) -> list[GoldStory]:
    """The stories under ``root`` (any depth: a folder with a ``gold.json`` is a story)."""
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"{str(root)!r} is not a folder: give the gold set's folder (one subfolder per story)")
    stories = []
    for gold in sorted(root.rglob("gold.json")):
        folder = gold.parent
        try:
            spec = json.loads(gold.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{gold}: cannot read the gold file ({exc})") from None
        name = spec.get("story") or folder.name
        docs = tuple(folder / d for d in spec.get("documents") or ())
        missing = [str(d) for d in docs if not d.is_file()]
        if missing:
            raise InputError(f"{gold}: documents named but missing: {', '.join(missing)}")
        events = tuple(_event(name, folder, e, f"{gold} event {i}") for i, e in enumerate(spec.get("events") or ()))
        stories.append(GoldStory(name, folder, docs, events))
    if not stories:
        raise InputError(f"no gold.json under {str(root)!r}: one subfolder per story, each with a gold.json")
    return stories
