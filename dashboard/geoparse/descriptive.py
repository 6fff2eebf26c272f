"""Descriptive places: geometry for what a text describes rather than names.

* a direction before a sea, region, country or state — "the southern Caribbean" — is
  the matching half of the feature (clipped by its bounding box);
* "X's coast(line)", "its coastline" — the country's coastline (its boundary less its
  land borders), and "territorial waters" — a 12-nautical-mile strip off that coast;
* "the X border", "its border with X" — the land border line between X and the country
  the sentence is about (its subject or possessor, else the document's focus country),
  narrowed to the states the same sentence names when they lie along it
  ("… to the Ukraine border in Kharkiv and Sumy oblasts").

Each derived place keeps the gazetteer ids it was built from.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from dashboard.gazetteer import Gazetteer
from dashboard.geoparse.cues import on_border
from dashboard.geoparse.lexicon import BORDER_WORDS, COAST_NOUNS, DIRECTION_WORD, POSSESSIVE_PRONOUNS
from dashboard.model import Derived, Mention, Place

TERRITORIAL_SEA_DEG = 0.2  # 12 nautical miles ≈ 22 km ≈ 0.2° near the equator
NARROW_BUFFER_DEG = 0.15


def _derived(name: str, kind: str, geom, base_ids, countries):
    import shapely

    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("LineString", "MultiLineString"):
        line = geom if geom.geom_type == "LineString" else max(geom.geoms, key=lambda g: g.length)
        pt = line.interpolate(0.5, normalized=True)
    else:
        pt = geom.representative_point()
    return Derived(name=name, kind=kind, lat=round(pt.y, 6), lon=round(pt.x, 6), bbox=tuple(geom.bounds),
                   wkb=shapely.to_wkb(geom), base_ids=tuple(base_ids), countries=tuple(countries))


def part_of(gaz: Gazetteer, place: Place, direction: str):
    """The ``direction`` half (or central third) of a feature, clipped by its bbox."""
    from shapely.geometry import box

    geom = gaz.geometry(place, simple=True)
    x0, y0, x1, y1 = geom.bounds
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = (x1 - x0), (y1 - y0)
    clip = {
        "south": box(x0, y0, x1, my), "north": box(x0, my, x1, y1),
        "west": box(x0, y0, mx, y1), "east": box(mx, y0, x1, y1),
        "southeast": box(mx, y0, x1, my), "southwest": box(x0, y0, mx, my),
        "northeast": box(mx, my, x1, y1), "northwest": box(x0, my, mx, y1),
        "central": box(x0 + w / 3, y0 + h / 3, x1 - w / 3, y1 - h / 3),
    }[direction]
    return geom.intersection(clip)


@lru_cache(maxsize=512)
def _coast_cached(gaz: Gazetteer, country_id: int, kind: str):
    import shapely

    country = gaz.get(country_id)
    land = gaz.geometry(country, simple=True)
    borders = [gaz.geometry(b) for b in gaz.borders_of(country.country_code)]
    coast = land.boundary
    if borders:
        coast = coast.difference(shapely.union_all(borders).buffer(0.05))
    if coast.is_empty:
        return None
    if kind == "coast":
        return coast
    strip = coast.buffer(TERRITORIAL_SEA_DEG).difference(land)
    return strip if not strip.is_empty else None


def coast_of(gaz: Gazetteer, country: Place, kind: str):
    """The coastline (``kind='coast'``) or territorial-sea strip (``'waters'``) of a country."""
    return _coast_cached(gaz, country.id, kind)


def border_between(gaz: Gazetteer, a: str, b: str, narrow_to: list[Place] | None = None):
    """The land border line between countries ``a`` and ``b``, optionally narrowed to the
    parts along the given admin-1 units.  Returns (border place, geometry) or (None, None)."""
    import shapely

    border = gaz.border(a, b)
    if border is None:
        return None, None
    geom = gaz.geometry(border)
    if narrow_to:
        area = shapely.union_all([gaz.geometry(p, simple=True) for p in narrow_to]).buffer(NARROW_BUFFER_DEG)
        part = geom.intersection(area)
        if not part.is_empty and part.length > 0:
            geom = part
    return border, geom


# --------------------------------------------------------------------------- text patterns


def _sentence(sdoc, tok_i: int):
    return sdoc[tok_i].sent if sdoc.has_annotation("SENT_START") else sdoc[:]


def _sentence_country(sdoc, sent, toponyms, exclude: str | None, focus, gaz: Gazetteer | None = None,
                      neighbours: frozenset[str] | None = None) -> str | None:
    """The country a sentence is about: the country of its subject (a country toponym or a
    demonym such as "the Venezuelan government"), else any country it names, else the
    document's focus country.  With ``neighbours``, only a country among them (the other
    side of "the X border" must touch X: "Indian-sponsored militants along the
    Pakistan–Afghanistan border" is not India's)."""
    scores: dict[str, float] = {}
    for t in toponyms:
        if t.place is None or t.place.kind != "country" or t.country_code == exclude:
            continue
        if neighbours is not None and t.country_code not in neighbours:
            continue
        if sent.start_char <= t.start < sent.end_char:
            scores[t.country_code] = max(scores.get(t.country_code, 0.0), 3.0 if t.role == "actor" else 1.0)
    if gaz is not None:
        for ent in sent.ents:
            if ent.label_ != "NORP":
                continue
            cands = gaz.lookup(ent.text, kinds="country", name_types=("demonym",), limit=1)
            if not cands or cands[0].place.country_code == exclude or (
                    neighbours is not None and cands[0].place.country_code not in neighbours):
                continue
            in_subject = any(tok.dep_ in ("nsubj", "nsubjpass") for tok in [ent.root, *ent.root.ancestors][:3])
            cc = cands[0].place.country_code
            scores[cc] = max(scores.get(cc, 0.0), 3.0 if in_subject else 1.0)
    if scores:
        return max(scores.items(), key=lambda kv: kv[1])[0]
    for cc, _share in focus:
        if cc != exclude and (neighbours is None or cc in neighbours):
            return cc
    return None


def _neighbours(gaz: Gazetteer, cc: str | None) -> frozenset[str] | None:
    """The countries that share a land border with ``cc`` (None when it has none on file)."""
    if not cc:
        return None
    out = frozenset(c for b in gaz.borders_of(cc) for c in b.countries if c != cc)
    return out or None


def derive(gaz: Gazetteer, sdoc, m, t, mentions, toponyms, focus):
    """A replacement Mention with a derived place, or None to keep ``t`` as it is."""
    p = t.place
    if m.tok_start is None:
        return None
    n = len(sdoc)
    after = sdoc[m.tok_end] if m.tok_end < n else None
    after2 = sdoc[m.tok_end + 1] if m.tok_end + 1 < n else None
    before = sdoc[m.tok_start - 1] if m.tok_start > 0 else None
    before2 = sdoc[m.tok_start - 2] if m.tok_start > 1 else None

    # "the southern Caribbean"
    if m.modifier in DIRECTION_WORD and p.kind in ("sea", "region", "country", "admin1"):
        geom = part_of(gaz, p, m.modifier)
        d = _derived(f"{DIRECTION_WORD[m.modifier]} {p.name}", p.kind, geom, (p.id,), p.countries)
        if d is not None:  # the span stays the name; the direction lives in modifier + derived
            return replace(t, derived=d, role="place")

    if p.kind == "country":
        sent = _sentence(sdoc, m.tok_start)
        # "the Colombia border", "Colombia's border"
        nxt = after2 if after is not None and after.text in ("'s", "’s") else after
        if nxt is not None and nxt.lower_ in BORDER_WORDS:
            other = _sentence_country(sdoc, sent, toponyms, p.country_code, focus, gaz,
                                      _neighbours(gaz, p.country_code))
            return _border_toponym(gaz, sdoc, t, p, other, sent, toponyms, t.start, nxt.idx + len(nxt.text))
        # "its border with Colombia", "the border with Colombia"
        if before is not None and before.lower_ == "with" and before2 is not None and before2.lower_ in BORDER_WORDS:
            other = _sentence_country(sdoc, sent, toponyms, p.country_code, focus, gaz,
                                      _neighbours(gaz, p.country_code))
            return _border_toponym(gaz, sdoc, t, p, other, sent, toponyms, before2.idx, t.end)
        # "Venezuela's capital": the capital city
        if after is not None and after.text in ("'s", "’s") and after2 is not None and after2.lower_ == "capital":
            cap = gaz.capital(p.country_code) if p.country_code else None
            if cap is not None:
                end = after2.idx + len(after2.text)
                return replace(t, place=cap, derived=None, end=end, text=sdoc.text[t.start:end], role="place",
                               modifier="capital")
        # "the Lithuanian coast", "Libyan territorial waters": the demonym's country's
        if t.role == "demonym":
            k = m.tok_end + (1 if after is not None and after.lower_ == "territorial" else 0)
            if k < n and sdoc[k].lower_ in COAST_NOUNS and not (k + 1 < n and sdoc[k + 1].lower_ == "guard"):
                kind = "waters" if sdoc[k - 1].lower_ == "territorial" or sdoc[k].lower_ == "waters" \
                    else COAST_NOUNS[sdoc[k].lower_]
                label = "territorial waters" if kind == "waters" else "coastline"
                d = _derived(f"{p.name} {label}", kind, coast_of(gaz, p, kind), (p.id,), (p.country_code,))
                if d is not None:
                    start = before.idx if before is not None and before.lower_ == "the" else t.start
                    end = sdoc[k].idx + len(sdoc[k].text)
                    return replace(t, derived=d, start=start, end=end, text=sdoc.text[start:end], role="place",
                                   modifier=kind)
        # "Venezuela's territorial waters", "Venezuela's coast"
        if after is not None and after.text in ("'s", "’s"):
            k = m.tok_end + 1
            if k < n and sdoc[k].lower_ == "territorial":
                k += 1
            if k < n and sdoc[k].lower_ in COAST_NOUNS:
                kind = "waters" if sdoc[k - 1].lower_ == "territorial" or sdoc[k].lower_ == "waters" \
                    else COAST_NOUNS[sdoc[k].lower_]
                geom = coast_of(gaz, p, kind)
                label = "territorial waters" if kind == "waters" else "coastline"
                d = _derived(f"{p.name} {label}", kind, geom, (p.id,), (p.country_code,))
                if d is not None:
                    end = sdoc[k].idx + len(sdoc[k].text)
                    return replace(t, derived=d, end=end, text=sdoc.text[t.start:end], role="place",
                                   modifier=kind)
    return None


def _border_toponym(gaz, sdoc, t, p, other, sent, toponyms, start, end):
    if other is None:
        return None
    # the states named in this sentence or the next ("… in Kharkiv and Sumy oblasts")
    nxt = _sentence(sdoc, sent.end) if sent.end < len(sdoc) else sent
    lo, hi = sent.start_char, nxt.end_char
    states = [x.place for x in toponyms if x.place is not None and x.place.kind == "admin1"
              and x.place.country_code in (p.country_code, other) and lo <= x.start < hi]
    border, geom = border_between(gaz, p.country_code, other, states)
    if border is None:
        return None
    name = border.name + (f" ({', '.join(s.name for s in states)})" if states and geom is not None else "")
    d = _derived(name, "border", geom, (border.id, *(s.id for s in states)), border.countries)
    if d is None:
        return None
    return replace(t, derived=d, start=start, end=end, text=sdoc.text[start:end], role="place", modifier="border")


def border_crossing(gaz: Gazetteer, sdoc, m, t, toponyms, focus):
    """"the Torkham border crossing", "the Chong Chom–O'Smach border checkpoint": a place the
    gazetteer lacks that the text puts on a border stands on the border between the two
    neighbouring countries the sentence (else the document) is about — a line, not a point,
    but the right line.  None when no such pair of countries shares a border."""
    if m.tok_end is None or m.tok_end + 1 >= len(sdoc):
        return None
    if not on_border(sdoc, m.tok_end):
        return None
    k = m.tok_end + 1
    after = sdoc[k + 1] if sdoc[k].lower_ == "meeting" and k + 1 < len(sdoc) else sdoc[k]
    sent = _sentence(sdoc, m.tok_start)
    a = _sentence_country(sdoc, sent, toponyms, None, focus, gaz)
    if a is None:
        return None
    b = _sentence_country(sdoc, sent, toponyms, a, focus, gaz, _neighbours(gaz, a))
    border, geom = border_between(gaz, a, b) if b else (None, None)
    if border is None:
        return None
    end = after.idx + len(after.text)
    d = _derived(f"{sdoc.text[t.start:end]} ({border.name})", "border", geom, (border.id,), border.countries)
    if d is None:
        return None
    return replace(t, derived=d, end=end, text=sdoc.text[t.start:end], role="place", modifier="border",
                   reason=None)


def pronoun_places(gaz: Gazetteer, sdoc, mentions, toponyms, focus) -> list:
    """"its coastline", "its territorial waters": the coast of the country the sentence is
    about; "the capital": that country's capital."""
    out = []
    covered = [(t.start, t.end) for t in toponyms]
    for tok in sdoc:
        if tok.lower_ == "capital" and tok.i > 0 and sdoc[tok.i - 1].lower_ == "the" and \
                (tok.i + 1 >= len(sdoc) or sdoc[tok.i + 1].lower_ not in ("of", "city", "'s", "’s")) and \
                tok.dep_ in ("pobj", "dobj", "nsubj") and not any(s <= tok.idx < e for s, e in covered):
            cc = _sentence_country(sdoc, _sentence(sdoc, tok.i), toponyms, None, focus, gaz)
            cap = gaz.capital(cc) if cc else None
            if cap is not None:
                start, end = sdoc[tok.i - 1].idx, tok.idx + len(tok.text)
                out.append(Mention(sdoc.text[start:end], start, end, role="place", source="description", place=cap,
                                   modifier="capital", score=0.5))
            continue
        if tok.lower_ not in COAST_NOUNS or tok.i == 0:
            continue
        k = tok.i - 1
        territorial = sdoc[k].lower_ == "territorial"
        if territorial:
            k -= 1
        if k < 0 or sdoc[k].lower_ not in POSSESSIVE_PRONOUNS | {"the"}:
            continue
        if sdoc[k].lower_ == "the" and tok.i + 1 < len(sdoc) and \
                sdoc[tok.i + 1].lower_ in ("of", "guard", "off", "near", "along", "around"):
            continue  # "the coast of Somalia", "the waters off X" name their place; "the Coast Guard" is none
        if any(s <= tok.idx < e for s, e in covered):
            continue
        sent = _sentence(sdoc, tok.i)
        cc = _sentence_country(sdoc, sent, toponyms, None, focus, gaz)
        # the antecedent may sit in the previous sentence
        if cc is None:
            continue
        country = gaz.country(cc)
        if country is None:
            continue
        kind = "waters" if (territorial or tok.lower_ == "waters") else "coast"
        geom = coast_of(gaz, country, kind)
        label = "territorial waters" if kind == "waters" else "coastline"
        d = _derived(f"{country.name} {label}", kind, geom, (country.id,), (cc,))
        if d is None:
            continue
        start, end = sdoc[k].idx, tok.idx + len(tok.text)
        out.append(Mention(sdoc.text[start:end], start, end, role="place", source="description", place=country,
                           derived=d, modifier=kind, score=0.5))
    return out


def demonym_capital(gaz: Gazetteer, sdoc, m, t) -> Mention | None:
    """"the Emirati capital", "the Kenyan capital": the word "capital" names that country's
    capital city — a mention of its own beside the demonym, which stays (not "the
    Ukrainian capital markets", where "capital" qualifies a noun)."""
    if t.role != "demonym" or t.place is None or t.place.kind != "country" or m.tok_end is None \
            or m.tok_end >= len(sdoc) or not t.country_code:
        return None
    word = sdoc[m.tok_end]
    nxt = sdoc[word.i + 1] if word.i + 1 < len(sdoc) else None
    if word.lower_ != "capital" or word.dep_ == "compound" or (
            nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and word.head == nxt):
        return None
    cap = gaz.capital(t.country_code)
    if cap is None:
        return None
    end = word.idx + len(word.text)
    return replace(t, place=cap, derived=None, start=word.idx, end=end, text=word.text, role="place",
                   modifier="capital", source="description", alternatives=())
