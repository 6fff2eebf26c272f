"""Synthetic wire copy for scale benchmarks: short reports generated from templates over
many regions and event kinds (deployments, patrols, exercises, strikes, sanctions,
ceasefires, protests, releases, seizures, mobilisations, statements), with publication
dates spread over a year and relative dates in the text.  Deterministic for a seed; no
text of the sample corpus.  ``documents(n)`` yields JSON Lines records.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

__all__ = ["documents"]

# (country, its forces' name, the capital, places in it, a sea or border it has)
REGIONS = [
    ("Ukraine", "Ukrainian forces", "Kyiv", ["Kharkiv", "Odesa", "Zaporizhzhia", "Sumy", "Dnipro"], "the Black Sea"),
    ("Russia", "Russian troops", "Moscow", ["Belgorod", "Kursk", "Rostov-on-Don", "Kaliningrad"], "the Baltic Sea"),
    ("Poland", "Polish soldiers", "Warsaw", ["Rzeszow", "Bialystok", "Gdansk"], "the border with Belarus"),
    ("Lithuania", "Lithuanian troops", "Vilnius", ["Kaunas", "Klaipeda"], "the Baltic Sea"),
    ("Israel", "Israeli forces", "Jerusalem", ["Haifa", "Ashdod", "Eilat"], "the Mediterranean Sea"),
    ("Lebanon", "Lebanese army units", "Beirut", ["Tyre", "Sidon", "Tripoli"], "the border with Israel"),
    ("Yemen", "Houthi fighters", "Sanaa", ["Hodeidah", "Aden", "Marib"], "the Red Sea"),
    ("Iran", "Iranian naval forces", "Tehran", ["Bandar Abbas", "Bushehr", "Isfahan"], "the Strait of Hormuz"),
    ("Iraq", "Iraqi security forces", "Baghdad", ["Mosul", "Basra", "Kirkuk", "Erbil"], "the border with Syria"),
    ("Syria", "Syrian government forces", "Damascus", ["Aleppo", "Idlib", "Homs", "Deir ez-Zor"], "the Euphrates"),
    ("Sudan", "the Rapid Support Forces", "Khartoum", ["Omdurman", "El Fasher", "Port Sudan"], "the Red Sea"),
    ("Ethiopia", "Ethiopian troops", "Addis Ababa", ["Mekele", "Gondar", "Bahir Dar"], "the border with Eritrea"),
    ("Somalia", "Somali forces", "Mogadishu", ["Kismayo", "Baidoa", "Bosaso"], "the Gulf of Aden"),
    ("Mali", "Malian soldiers", "Bamako", ["Gao", "Timbuktu", "Kidal", "Mopti"], "the border with Niger"),
    ("Niger", "Nigerien troops", "Niamey", ["Agadez", "Tillaberi", "Zinder"], "the border with Mali"),
    ("Nigeria", "Nigerian soldiers", "Abuja", ["Maiduguri", "Kano", "Lagos"], "the Gulf of Guinea"),
    ("Democratic Republic of the Congo", "Congolese troops", "Kinshasa", ["Goma", "Bukavu", "Bunia"],
     "the border with Rwanda"),
    ("Libya", "Libyan forces", "Tripoli", ["Benghazi", "Misrata", "Sirte"], "the Mediterranean Sea"),
    ("Venezuela", "Venezuelan troops", "Caracas", ["Maracaibo", "Valencia", "Barquisimeto"], "the Caribbean Sea"),
    ("Colombia", "Colombian soldiers", "Bogota", ["Cucuta", "Medellin", "Cali"], "the border with Venezuela"),
    ("Haiti", "Haitian police", "Port-au-Prince", ["Cap-Haitien", "Gonaives"], "the Caribbean Sea"),
    ("Mexico", "Mexican troops", "Mexico City", ["Culiacan", "Tijuana", "Monterrey"], "the Gulf of Mexico"),
    ("China", "Chinese warships", "Beijing", ["Xiamen", "Fuzhou", "Shanghai"], "the Taiwan Strait"),
    ("Taiwan", "Taiwanese forces", "Taipei", ["Kaohsiung", "Taichung", "Hualien"], "the Taiwan Strait"),
    ("Philippines", "Philippine coast guard vessels", "Manila", ["Cebu", "Davao", "Zamboanga"],
     "the South China Sea"),
    ("North Korea", "North Korean units", "Pyongyang", ["Wonsan", "Kaesong", "Sinuiju"], "the Sea of Japan"),
    ("South Korea", "South Korean forces", "Seoul", ["Busan", "Incheon", "Paju"], "the Yellow Sea"),
    ("India", "Indian troops", "New Delhi", ["Srinagar", "Leh", "Amritsar"], "the border with Pakistan"),
    ("Pakistan", "Pakistani forces", "Islamabad", ["Peshawar", "Quetta", "Lahore"], "the border with Afghanistan"),
    ("Myanmar", "the Myanmar military", "Naypyidaw", ["Mandalay", "Sittwe", "Lashio"], "the Andaman Sea"),
    ("Armenia", "Armenian troops", "Yerevan", ["Gyumri", "Goris", "Kapan"], "the border with Azerbaijan"),
    ("Serbia", "Serbian forces", "Belgrade", ["Nis", "Novi Sad"], "the border with Kosovo"),
]

UNITS = ["troops", "soldiers", "armoured vehicles", "warships", "drones", "fighter jets", "tanks", "police officers"]
WHEN = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last weekend", "on Saturday",
        "earlier this month", "late on Sunday", "this week", "overnight"]


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _sentences(rng: random.Random, region, other) -> list[str]:
    country, forces, capital, cities, border = region
    city, city2 = rng.sample(cities, 2) if len(cities) > 1 else (cities[0], cities[0])
    n = rng.choice([200, 500, 1200, 3000, 4500, 10000, 15000])
    unit = rng.choice(UNITS)
    when = rng.choice(WHEN)
    o_country, o_forces, o_capital = other[0], other[1], other[2]
    return rng.sample([
        f"{country} deployed {n:,} {unit} to {border} {when}, officials in {capital} said.",
        f"{_cap(forces)} began patrols near {city} {when}.",
        f"The defence ministry in {capital} announced joint military exercises with {o_country} near {city2}.",
        f"An air strike hit a depot outside {city} {when}, local officials said.",
        f"{o_country} imposed sanctions on {country}'s defence sector {when}.",
        f"Negotiators in {o_capital} announced a ceasefire between {country} and armed groups around {city2}.",
        f"Thousands of protesters marched in {capital} {when} against the government.",
        f"Authorities in {city} released 12 hostages {when}.",
        f"The coast guard seized a tanker carrying fuel off {city2} {when}.",
        f"{country} mobilised {n:,} reservists {when}, the president's office said.",
        f"The foreign ministry in {capital} said any attack on its territory would be answered.",
        f"{_cap(o_forces)} moved {n // 10:,} {unit} towards "
        f"{city} {when}.",
    ], rng.randint(3, 5))


def documents(n: int, seed: int = 11):
    """``n`` JSON Lines records ({"id", "title", "published", "text"}), each a distinct report."""
    rng = random.Random(seed)
    day0 = date(2025, 1, 1)
    for i in range(n):
        region, other = rng.sample(REGIONS, 2)
        published = day0 + timedelta(days=rng.randrange(365))
        text = " ".join(_sentences(rng, region, other))
        yield {"id": f"syn-{seed}-{i:07d}", "title": f"{region[0]}: report {i}", "published": published.isoformat(),
               "text": f"{text} (Report {i}.)"}
