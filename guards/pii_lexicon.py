"""Dutch name, street and place lexicons for the PII guard.

The lists are the Meertens-based lookup lists that ship inside the `deduce` package
(first names, surnames, tussenvoegsels, BAG street names, place names, common words),
the Dutch first and last names of Faker's `nl_NL` person provider, and spaCy's Dutch stop words.
Only the raw lists are read (never `deduce.Deduce()`), once per process, into frozensets of a
few megabytes.
"""

from __future__ import annotations

import importlib.util
import os
import re
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
    ambiguous_first_names: frozenset[str] = frozenset()  # first names that are also words ("Ben", "Lot", "Mark")
    particles: frozenset[str] = frozenset()  # lower-case words inside surnames ("von", "und", "zu", "die", "le")
    stop_words: frozenset[str] = frozenset()  # lower case function words (never a name on their own)
    domain_words: frozenset[str] = DOMAIN_WORDS  # capitalised in policy questions, never part of a name

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


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _faker_names() -> tuple[set[str], set[str]]:
    """(first names, surname words) of Faker's nl_NL person provider; empty when Faker is absent."""
    try:
        from faker.providers.person.nl_NL import Provider
    except ImportError:  # pragma: no cover - faker is a dependency
        return set(), set()
    first = set(Provider.first_names_male) | set(Provider.first_names_female)
    return first, set(Provider.last_names)


def _spacy_stop_words() -> set[str]:
    try:
        from spacy.lang.nl.stop_words import STOP_WORDS
    except ImportError:  # pragma: no cover - spacy is a dependency
        return set()
    return {w.lower() for w in STOP_WORDS}


def _build(with_faker: bool = True) -> Lexicon:
    root = _data_dir()
    surnames = _items(root / "names" / "lst_surname")
    surnames_lower = {s.lower() for s in surnames}
    common = {w.lower() for w in _items(root / "whitelist" / "lst_common_word")} - surnames_lower
    stop = {w.lower() for w in _items(root / "whitelist" / "lst_stop_word")}
    medical = {w.lower() for w in _items(root / "whitelist" / "lst_medical_term")}
    whitelist = common | stop | medical
    spacy_stop = _spacy_stop_words()
    all_first = {n for n in _items(root / "names" / "lst_first_name") if len(n) > 1}
    interfix_surnames = _items(root / "names" / "lst_interfix_surname")
    interfixes = {i.lower() for i in _items(root / "names" / "lst_interfix")} | {"al", "el", "ben", "bin", "ibn", "abu", "ter", "ten"}
    interfixes -= {"v", "v.", "vd", "vd.", "v.d.", "v/d", "van t"}
    particles = {w for i in interfixes for w in i.split()}
    if with_faker:
        faker_first, faker_last = _faker_names()
        all_first |= {n for n in faker_first if len(n) > 1}
        for full in faker_last:
            words = _WORD.findall(full)
            # surname words: capitalised words of the list ("Ariens Ansems", "Coredo"); particles: the lower-case ones
            capitalised = {w for w in words if w[:1].isupper() and len(w) > 1}
            surnames |= capitalised
            if full.split()[0].lower() in interfixes or full[:1].islower():
                interfix_surnames |= capitalised
            particles |= {w.rstrip("'’").lower() for w in words if w[:1].islower()}
    first = {n for n in all_first if n.lower() not in whitelist}
    ambiguous_first = {n for n in all_first if n.lower() in whitelist and len(n) > 2}
    surnames = {n for n in surnames if len(n) > 1 and n.lower() not in whitelist}
    interfix_surnames = {n for n in interfix_surnames if n.lower() not in whitelist}
    particles -= {"s", "en"}  # "'s" starts place names ("'s-Gravenhage"); "en" joins two names only before a tussenvoegsel
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
        ambiguous_first_names=frozenset(ambiguous_first),
        particles=frozenset(particles),
        stop_words=frozenset(stop | spacy_stop),
        domain_words=DOMAIN_WORDS,
    )


def lexicon() -> Lexicon:
    """The process-wide lexicon (built on first use, thread-safe). `WIJKVRAAG_PII_NO_FAKER=1` leaves
    Faker's name lists out (the benchmark uses it to measure how far the rules carry without them)."""
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                _LEXICON = _build(with_faker=os.environ.get("WIJKVRAAG_PII_NO_FAKER", "") in ("", "0"))
    return _LEXICON


DICTIONARY_WORD = 3.5  # wordfreq's Zipf scale: 'bos', 'kost', 'koning', 'reeks' (not 'wout': 3.4, 'nienke': 3.2)


def dictionary_word(word: str) -> bool:
    """A frequent word form of simplemma's Dutch dictionary: a listed name that is this is a word as well
    ('koning', 'bos', 'reeks'); the name lists themselves already leave out deduce's everyday words."""
    import simplemma
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl") >= DICTIONARY_WORD and bool(simplemma.is_known(word, lang="nl"))


# Dutch number words: what a question counts ('de laatste drie jaar', 'tweeduizenddrieëntwintig') and what a number
# typed as words is ('negen negen negen ...', 'negentienvijfenveertig')
_UNITS = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9}
_TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80,
         "negentig": 90}
_TEENS = {"tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
          "zeventien": 17, "achttien": 18, "negentien": 19}


def number_word(word: str) -> int | None:
    """'drieentwintig' -> 23, 'tweeduizend' -> 2000, 'tweeduizendvierentwintig' -> 2024, a year said in two parts
    ('negentienvijfenveertig' -> 1945); else None ('nul' and a lone 'een' are no number here)."""
    w = word.lower().replace("ë", "e")
    if not w.isalpha():
        return None
    for teen, value in _TEENS.items():  # 'negentien' + 'vijfenveertig': a year of the last century
        rest = w[len(teen):]
        if w.startswith(teen) and rest and value >= 11 and not rest.startswith(("honderd", "duizend")):
            tail = number_word(rest) if rest != "een" else 1
            if tail is not None and tail < 100:
                return value * 100 + tail
    total = 0
    for name, factor in (("duizend", 1000), ("honderd", 100)):
        if name in w:
            head, _, w = w.partition(name)
            if head and head not in _UNITS:
                return None
            total += factor * (_UNITS.get(head, 1) if head else 1)
            if not w:
                return total
    if w in _TEENS:
        return total + _TEENS[w]
    if w in _TENS:
        return total + _TENS[w]
    if w in _UNITS and (total or w != "een"):
        return total + _UNITS[w]
    for unit, value in _UNITS.items():
        for tens, tvalue in _TENS.items():
            if w == f"{unit}en{tens}":
                return total + value + tvalue
    return None
