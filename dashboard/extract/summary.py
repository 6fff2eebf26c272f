"""One-line summaries of events: who did what, with what, where, when."""

from __future__ import annotations

from dashboard.extract.lexicon import VERB_PAST
from dashboard.model import Event


def summarize(ev: Event) -> str:
    """One line: who did what, with what, where, when."""
    who = ev.actor.name if ev.actor else "Unknown actor"
    verb = VERB_PAST.get(ev.type, ev.type)
    if ev.modality == "denial":
        verb = f"denied it will have {verb}" if ev.type == "attack" else f"did not {verb.split()[0]}"
    elif ev.modality == "consideration":
        verb = f"considered: {verb}"
    elif ev.modality == "intent":
        verb = f"announced it will have {verb}"
    parts = [who, verb]
    if ev.target:
        parts.append(ev.target.name)
    if ev.forces:
        parts.append(" and ".join(f"{f.count:,} {f.unit}" if f.count else f.unit for f in ev.forces[:3]))
    if ev.place and ev.place.modifier != "actor":
        parts.append(f"— {ev.place.name}")
    if ev.date and ev.date.text:
        parts.append(f"({ev.date.start}{'' if ev.date.end == ev.date.start else '..' + ev.date.end})")
    return " ".join(parts)
