"""One-line summaries of events, generated from the event's fields by a template per type
and modality (``summaries.json``): "Russia deployed 10,000 troops to Belgorod Oblast",
"Greece will deploy a frigate to the Red Sea", "Venezuela denied attacking" — never
spliced from the text, never "Unknown actor"."""

from __future__ import annotations

from dashboard.extract.lexicon import SUMMARIES
from dashboard.model import Event

_TYPES = SUMMARIES["types"]
_MODALITY = SUMMARIES["modality"]


def _one(unit: str) -> str:
    """A unit's singular, for a count of one ("1 missile", "1 militia member")."""
    head, _, last = unit.rpartition(" ")
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}" if head else last


def _forces(ev: Event) -> str:
    parts = [(f"{f.count:,} {f.unit if f.count != 1 else _one(f.unit)}") if f.count else f.unit
             for f in ev.forces[:3]]
    return " and ".join(parts)


def _when(ev: Event) -> str:
    if not ev.date or not ev.date.text:
        return ""
    return f" ({ev.date.start}{'' if ev.date.end == ev.date.start else '..' + ev.date.end})"


def summarize(ev: Event) -> str:
    """Who did what, with what, to whom, where, when — as a sentence, capitalised ("insurgents"
    attacked: "Insurgents attacked …")."""
    text = _summary(ev)
    return text[:1].upper() + text[1:]


def _summary(ev: Event) -> str:
    about = dict(ev.attributes).get("about", ev.type)
    t = _TYPES.get(about, _TYPES["statement"])
    who = ev.actor.name if ev.actor else None
    place = ev.place.name if ev.place and ev.place.modifier != "actor" else None
    if ev.modality in _MODALITY and (who or ev.type == "statement"):
        head = _MODALITY[ev.modality].format(actor=who or "A source", gerund=t["gerund"])
        tail = f" {t['prep']} {place}" if place else ""
        return head + tail + _when(ev)
    target = ""
    if ev.target is not None and "target" in t:
        target = f" {t['target']} {ev.target.name}".replace("  ", " ") if t["target"] else f" {ev.target.name}"
    forces = _forces(ev)
    if who:
        verb = f"will {t['base']}" if ev.modality == "intent" else t["past"]
        text = f"{who} {verb}{target}"
        if forces:
            text += f" {forces}" if ev.type in ("deployment", "withdrawal", "mobilization") else \
                f" with {forces}"
    else:
        text = t["noun"] + (f" of {forces}" if forces else "") + (f":{target}" if target else "")
        if ev.modality == "intent":
            text += " planned"
    if t.get("suffix") and ev.target is not None:
        text += " " + t["suffix"]
    if place:
        text += f" {t['prep']} {place}"
    return text + _when(ev)
