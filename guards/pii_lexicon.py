"""Dutch name, street and place lexicons for the PII guard.

The lists are the Meertens-based lookup lists that ship inside the `deduce` package
(first names, surnames, tussenvoegsels, BAG street names, place names, common words).
Only the raw text files are read (never `deduce.Deduce()`), once per process, into
frozensets of a few megabytes.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path

_LOCK = threading.Lock()
_LEXICON: Lexicon | None = None

# Words that are capitalised in policy questions but are never part of a person's name.
DOMAIN_WORDS = frozenset(
    w.lower()
    for w in (
        "Wmo Jeugdwet Participatiewet Schuldhulpverlening Bijstand Pleegzorg Jeugdhulp Jeugdbescherming "
        "Jeugdreclassering Begeleiding Dagbesteding Hulpmiddelen Woningaanpassing Vervoersvoorziening "
        "Beschermd Maatschappelijke Hulp Re-integratie Wmo-cliënten Wmo-clienten CBS GGD UWV SVB AOW WW "
        "Gemeente Wijk Wijken Stadsdeel Buurt Raad College Wethouder Burgemeester Rijk Provincie Nederland "
        "Januari Februari Maart April Mei Juni Juli Augustus September Oktober November December "
        "Maandag Dinsdag Woensdag Donderdag Vrijdag Zaterdag Zondag Pasen Kerst Ramadan "
        "Hoeveel Welke Wat Wie Waar Hoe Waarom Wanneer Geef Toon Laat Vergelijk Kun Kunt Graag Ik Wij "
        "Hallo Beste Geachte Groet Groeten Vriendelijke Met Mvg Dank Bedankt Zie Bijlage Onderwerp Van Aan Cc "
        "Totaal Gemiddelde Aantal Kosten Begroting Realisatie Uitputting Stapeling Instroom Uitstroom "
        "Definitie Bron Tabel Grafiek Kaart Excel Teams Outlook Pdf Dossier Casus Notitie Verslag Gesprek "
        "Sociaal Domein Team Wijkteam Jeugdteam Loket Zorg Zorgaanbieder Aanbieder Indicatie Beschikking"
    ).split()
)


@dataclass(frozen=True)
class Lexicon:
    first_names: frozenset[str]  # as written ("Jan", "Fatma")
    surnames: frozenset[str]  # as written ("Bakker", "Yilmaz")
    interfix_surnames: frozenset[str]  # surnames that follow a tussenvoegsel ("Vries", "Berg")
    interfixes: frozenset[str]  # lower case, may be multi-word ("van der", "in 't")
    places: frozenset[str]  # lower case place, municipality, region and province names
    streets: frozenset[str]  # lower case BAG street names
    common_words: frozenset[str]  # lower case everyday words (no surnames), stop words, domain words

    def is_common(self, word: str) -> bool:
        return word.lower() in self.common_words


def _data_dir() -> Path:
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Het pakket 'deduce' (Nederlandse namenlijsten) is niet geïnstalleerd.")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup" / "src"


def _items(path: Path) -> set[str]:
    """items.txt minus exceptions.txt of one deduce lookup list (nested lists included)."""
    items: set[str] = set()
    for file in sorted(path.rglob("items.txt")):
        items.update(line.strip() for line in file.read_text(encoding="utf-8").splitlines() if line.strip())
    for file in sorted(path.rglob("exceptions.txt")):
        items.difference_update(line.strip() for line in file.read_text(encoding="utf-8").splitlines())
    return items


def _build() -> Lexicon:
    root = _data_dir()
    surnames = _items(root / "names" / "lst_surname")
    surnames_lower = {s.lower() for s in surnames}
    common = {w.lower() for w in _items(root / "whitelist" / "lst_common_word")} - surnames_lower
    stop = {w.lower() for w in _items(root / "whitelist" / "lst_stop_word")}
    medical = {w.lower() for w in _items(root / "whitelist" / "lst_medical_term")}
    whitelist = common | stop | medical
    first = {n for n in _items(root / "names" / "lst_first_name") if len(n) > 1 and n.lower() not in whitelist}
    surnames = {n for n in surnames if len(n) > 1 and n.lower() not in whitelist}
    interfix_surnames = {n for n in _items(root / "names" / "lst_interfix_surname") if n.lower() not in whitelist}
    interfixes = {i.lower() for i in _items(root / "names" / "lst_interfix")} | {"al", "el", "ben", "bin", "ibn", "abu", "ter", "ten"}
    interfixes -= {"v", "v.", "vd", "vd.", "v.d.", "v/d", "van t"}
    places = {p.lower() for p in _items(root / "locations" / "lst_placename")}
    street_dir = root / "locations" / "lst_street"
    streets: set[str] = set()
    for name in ("items.txt", "streets_bag.txt"):
        file = street_dir / name
        if file.exists():
            streets.update(line.strip().lower() for line in file.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 4)
    streets.difference_update(line.strip().lower() for line in (street_dir / "exceptions.txt").read_text(encoding="utf-8").splitlines())
    return Lexicon(
        first_names=frozenset(first),
        surnames=frozenset(surnames),
        interfix_surnames=frozenset(interfix_surnames),
        interfixes=frozenset(interfixes),
        places=frozenset(places),
        streets=frozenset(streets),
        common_words=frozenset(common | stop | DOMAIN_WORDS),
    )


def lexicon() -> Lexicon:
    """The process-wide lexicon (built on first use, thread-safe)."""
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                _LEXICON = _build()
    return _LEXICON
