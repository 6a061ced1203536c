"""The offline interpreter: a Dutch question (plus the conversation so far) -> a semantic query.

No model and no network: rules over lookup structures that are built once from the catalogue
(labels, synonyms, dimension values and value synonyms). The interpreter never writes SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from dataclasses import dataclass, field, replace
from typing import Literal

import simplemma
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from assistant.lexicon import EVERYDAY_WORDS, Entry, build_lexicon, is_municipal, phrase_stems
from guards.individual import PERSON_NOUNS
from guards.pii import listed_name
from assistant.text import (asks_to_change, expand_elisions, join_separable_verbs, split_pronominal, word_classes, FILLER_WORDS, zipf, FUNCTION_WORDS, STOPWORDS, Token, fold, is_adjective_only,
                           is_adposition, lemma, number_text, number_word, pronominal_adverb, split_compound, stem,
                           tokenize)
from semantic_layer.compiled import DIALECTS
from semantic_layer.query import Condition, Filter, OrderBy, SemanticQuery, YearComparison

Kind = Literal[
    "query", "clarification", "definition", "overview", "out_of_scope", "individual", "show_sql", "chart", "empty"
]


# the SQL of an answer named as such ('laat de SQL zien', 'draai die query opnieuw'), with its pointing article
_SQL_WORD_RE = re.compile(r"\b(?:(?:de|die|deze|dezelfde|je|jouw|jullie)\s+)?(?:sql|query|querie|queries)(?:-?code)?\b",
                          re.IGNORECASE)
# a dialect named beside it ('in Postgres-dialect', 'voor T-SQL') chooses how the SQL is shown, it is no area
_DIALECT_NAMES = {**{d: d for d in DIALECTS}, "postgresql": "postgres", "t-sql": "tsql", "sql server": "tsql",
                  "spark sql": "spark"}
_DIALECT_RE = re.compile(r"\b(?:in\s+|voor\s+)?(" + "|".join(sorted(_DIALECT_NAMES, key=len, reverse=True))
                         + r")(?:-?dialect)?\b", re.IGNORECASE)


@dataclass
class Interpretation:
    """What the interpreter made of a question."""

    kind: Kind
    query: SemanticQuery | None = None
    message: str = ""
    options: list[str] = field(default_factory=list)
    option_queries: dict[str, SemanticQuery] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    chart: str | None = None
    followup: bool = False
    dialect: str | None = None  # the SQL dialect a request to see the SQL names
    # a share of a group within a whole: ``query`` counts the part, ``whole`` the group it is a share of
    whole: SemanticQuery | None = None
    # areas of different levels side by side: ``query`` for the first, these for the others (a row each)
    beside: list[SemanticQuery] = field(default_factory=list)
    apart: list[Entry] = field(default_factory=list)  # (those areas, while the question is read as one query)


class Dropped(str):
    """A notice that the figure cannot carry part of what the question narrows to (an age, a soort): the
    answer would be a wider group in confident words, so the question is asked back instead (``what`` names
    the part)."""

    what: str

    def __new__(cls, text: str, what: str) -> "Dropped":
        notice = super().__new__(cls, text)
        notice.what = what
        return notice


# --- cue words (Dutch language, not data) -------------------------------------------------------
SLOT_STEMS = frozenset({"voorziening", "hulp", "ondersteuning"})
GROUP_CUE_LEMMAS = {"verdelen", "uitsplitsen", "opsplitsen", "splitten", "opdelen", "spreiden", "rangschikken", "sorteren",
                    "ordenen", "groeperen", "indelen", "onderverdelen"}  # 'rangschik de wijken van Haarlem': every wijk, in order
GROUP_CUES = {"per", "naar", "uitgesplitst", "uitsplitsing", "verdeeld", "opgesplitst", "welke", "welk", "elke",
              "iedere", "alle", "verschillende", "ieder", "elk"}


def _age_span(bounds: list[Filter]) -> tuple[int, int]:
    """The ages (lowest, highest; 200 for no upper bound) that every one of these age-bound filters lets through."""
    lo, hi = 0, 200
    for f in bounds:
        values = [int(v) for v in f.values]
        if f.op == "between":
            lo, hi = max(lo, values[0]), min(hi, values[1])
        elif f.op in (">=", ">"):
            lo = max(lo, values[0] + (f.op == ">"))
        elif f.op in ("<=", "<"):
            hi = min(hi, values[0] - (f.op == "<"))
        elif f.op == "=":
            lo, hi = max(lo, values[0]), min(hi, values[0])
    return lo, hi


def _replaced_at(words: list[str], start: int) -> bool:
    """Is what starts at ``start`` named as what is replaced ('in plaats van Wmo', 'ipv Wmo')?"""
    before = words[max(0, start - 3):start]
    return before == ["in", "plaats", "van"] or (bool(before) and before[-1] in ("ipv", "i.p.v", "i.p.v."))


def _age_words(f: Filter) -> str:
    """An age filter in words: '0 t/m 14 jaar', '65 jaar en ouder', 'tot en met 17 jaar'."""
    lo, hi = _age_span([f])
    if hi >= 120:
        return f"{lo} jaar en ouder"
    if lo == 0:
        return f"tot en met {hi} jaar"
    return f"{lo} jaar" if lo == hi else f"{lo} t/m {hi} jaar"


def _record_field(word: str) -> str | None:
    """The field of one record or one resident a word names ('geboortedatums', 'woonadressen'), or None."""
    for form in dict.fromkeys((word, lemma(word), word[:-2] if word.endswith("en") else word, word.rstrip("s"))):
        found = next((f for f in RECORD_FIELDS if form == f or (len(f) > 4 and form.endswith(f))), None)
        if found:
            return found
    return None


def _content_stems(text: str) -> set[str]:
    """The stems of a name's content words (not the source word 'CBS')."""
    return {stem(w) for w in re.findall(r"[a-z]+", fold(text))} - STOPWORDS - {"cbs"}


def _past_articles(words: list[str], j: int, step: int) -> int:
    """The first position from ``j`` on (forward with step 1, backward with -1) that holds no article."""
    while 0 <= j < len(words) and words[j] in ("de", "het", "een"):
        j += step
    return j


def _group_cue(word: str) -> bool:
    """A verb of dividing into groups, also without its separable prefix ('splitsen' of 'uitsplitsen')."""
    base = lemma(word)
    if word.endswith("ing") and len(word) > 6:
        base = word[:-3] + "en"  # its noun: 'verdeling', 'spreiding', 'opsplitsing'
    return base in GROUP_CUE_LEMMAS or (len(base) >= 6 and any(c.endswith(base) for c in GROUP_CUE_LEMMAS))


APART_CUES = {"apart", "afzonderlijk", "gescheiden", "uitgesplitst", "opgesplitst"}
DESC_CUES = {"hoogst", "meest", "grootst", "duurst", "sterkst", "top", "hoogste", "meeste", "grootste", "duurste",
             "bovenst", "bovenste"}
ASC_CUES = {"laagst", "minst", "kleinst", "goedkoopst", "laagste", "minste", "kleinste", "goedkoopste", "onderst",
            "onderste"}
FOLLOWUP_CUES = {"en", "alleen", "enkel", "maar", "dan", "nu", "ook", "zelfde", "idem", "hetzelfde", "zonder",
                 "behalve", "uitgezonderd", "specifiek"}
QUESTION_WORDS = {"hoeveel", "wat", "welk", "welke", "hoe", "waar", "wanneer", "geef", "toon", "laat", "aantal",
                  "kun", "kan", "zijn", "is", "waren", "was", "heeft", "hebben", "had", "hadden", "vergelijk"}
CONNECTORS = {stem(w) for w in ("en", "versus", "vs", "tegenover", "naast", "of", "de", "het", "met")}
COMPARE_CUES = ("ten opzichte van", "t.o.v", "tov ", "vergeleken met", "vergelijk", "verschil", "gestegen", "tegenover",
                "delta",
                "gedaald", "toegenomen", "afgenomen", "toename", "afname", "stijging", "daling", "gegroeid",
                "groei", "veranderd", "verandering", "gekrompen",
                "verhoud",  # 'hoe verhoudt 2024 zich tot 2019'
                "scheelt", "scheelde", "schelen")  # 'hoeveel scheelt dat'


def _compares(text: str) -> bool:
    """A comparison asked ('ten opzichte van', 'vergeleken met', 'hoe verhoudt 2024 zich tot 2019'); 'naar verhouding'
    and 'die verhouding' name a ratio, not a comparison."""
    text = re.sub(r"\b(?:naar|die|deze|dezelfde|diezelfde)\s+verhouding\w*", " ", text)
    return any(c in text for c in COMPARE_CUES)


# a judgement of change ('is het gestegen?', 'neemt dat toe?') or its noun ('de stijging'): over time, unless said
# otherwise
CHANGE_RE = (r"\b(?:gestegen|gedaald|toegenomen|afgenomen|gegroeid|gekrompen|veranderd|stijgt|daalt|groeit|krimpt"
             r"|toename|afname|stijging|daling|groei|verandering)\b|\bneemt\b[^.?!]*\b(?:toe|af)\b")
# a follow-up that puts a value beside the one asked before instead of in its place
ADDING_WORDS = frozenset({"vergelijk", "vergelijken", "vergeleken", "naast", "ernaast", "daarnaast", "tegenover",
                          "ertegenover", "erbij", "daarbij"})
# words that restrict a group to what follows them ("die alleen een X hebben")
RESTRICTIVE_WORDS = ("alleen", "enkel", "uitsluitend", "slechts")
ADDING_RE = r"\b(?:" + "|".join(sorted(ADDING_WORDS)) + r")\b"
# values added to those asked before: the words above, or 'voeg X (eraan) toe', 'X toevoegen'
JOINING_RE = ADDING_RE + r"|\bvoeg\b[^.?!]*\btoe\b|\btoe(?:voegen|gevoegd)\b"
TREND_CUES = ("ontwikkel", "verloop", "verlopen", "trend", "door de jaren", "over de jaren", "jaarlijks",
              "elk jaar", "ieder jaar", "per jaar", "in de loop der jaren", "jaar op jaar", "alle jaren",
              "alle beschikbare jaren")
DEFINITION_CUES = ("betekent", "betekenis", "definitie", "gedefinieerd", "bedoeld met", "bedoelen jullie",
                   "verstaan onder", "verstaat", "leg uit", "uitleg", "houdt in", "wordt berekend",
                   "hoe bereken", "hoe tel", "wordt geteld", "hoe wordt", "wat zijn de regels")
DEFINITION_LEMMAS = frozenset({"verstaan", "berekenen", "uitrekenen", "definieren", "bepalen", "vaststellen"})
OVERVIEW_PATTERNS = (
    r"welke (gegevens|cijfers|data|informatie|indicatoren|onderwerpen|vragen|metrics|statistieken)",
    r"wat kan (ik|je|u) (vragen|zien|opvragen)", r"waarover kan (ik|je|u)", r"waar kan (ik|je|u) (naar )?(vragen|over)",
    r"wat weet (je|u|jij)",
    r"^help\b", r"^hulp\??$", r"wat (zit|staat) er in", r"welke (wijken|stadsdelen|gemeenten) (zijn er|ken)",
    r"wat kun (je|jij)", r"wat voor (gegevens|cijfers|vragen)",
)
CHART_WORDS = {"grafiek": None, "diagram": "bar", "staafdiagram": "bar", "staafgrafiek": "bar",
               "lijngrafiek": "line", "lijn": "line", "kaart": "map", "kaartje": "map", "tabel": "none"}
YEAR_RE = r"(?:19[5-9]\d|20\d\d)"
# a share asked for: 'percentage', '%', 'aandeel', 'welk deel van de jeugdigen' (a part of a group)
PCT_RE = (r"\b(percentage|procent|procenten|aandeel)\b|%|\bwelke?\s+deel\s+van\b"
          r"|\bhet\s+deel\s+van\b(?=[^.?!]*\b(?:in|van)\s+het\s+(?:totaal|totale|hele)\s+aantal\b)")
# the standard Dutch abbreviations of function words, with or without points ('vd', 'v.d.', 'ivm', 't/m')
FUNCTION_ABBREVIATIONS = {"vd": "van de", "vh": "van het", "ivm": "in verband met", "mbt": "met betrekking tot",
                          "obv": "op basis van", "adhv": "aan de hand van", "tov": "ten opzichte van",
                          "ipv": "in plaats van", "tm": "tot en met"}
FUNCTION_ABBREVIATION_RE = re.compile(r"(?<![\w.])(t/m|" + "|".join(
    r"\.?".join(k) + r"\.?" for k in sorted(FUNCTION_ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w/])", re.IGNORECASE)
EXCLUSION_CUES = frozenset({"zonder", "behalve", "exclusief", "uitgezonderd", "excl"})
# 'X niet meegerekend', 'als je X niet meetelt / meeneemt': X left out (the verbs by lemma, any tense)
LEAVE_OUT_LEMMAS = frozenset({"meerekenen", "meetellen", "meenemen"})
REMOVE_LEMMAS = frozenset({"halen", "laten", "filteren", "nemen", "trekken", "strepen", "gooien"})  # 'eruit halen'
ANAPHORA = {"daarvan", "hiervan", "daarbij", "daarin", "hierin", "dezelfde", "datzelfde", "diezelfde"}
# 'hoeveel van hen', 'hoeveel van ze': the group answered before
GROUP_PRONOUNS = {"hen", "hun", "ze"}
# a question about one's own situation or a municipal service, not about figures
SERVICE_RE = (r"\b(?:waar|hoe|wanneer|bij wie)\s+(?:kan|moet|mag|vraag|krijg|meld|regel)\s+ik\b"
              r"(?!.*\b(?:zien|vinden|opvragen|bekijken|lezen|vragen over|uitsplitsen)\b)")
PAIRING_CONNECTORS = CONNECTORS - {stem(w) for w in ("of", "de", "het", "met")}
TIME_RE = (r"\b(?:vorig|afgelopen|verleden|dit|huidige?|recentste|laatste)\s+jaar\b|\bmeest\s+recente?\b"
           r"|\bjaar\s+geleden\b|\b(?:laatste|afgelopen|voorbije)\s+\d+\s+ja(?:ar|ren)|\b(?:sinds|vanaf)\s+\d")
# endings of a demonym or an adjective of a place: 'Ypenburg-ers', 'Haag-se', 'Delft-enaren', 'Leid-enaar'
DEMONYM_SUFFIXES = ("enaren", "enaars", "enaar", "naren", "naars", "naar", "ers", "er", "se")
# verbs of having: what follows them ('hebben een hond') is something the counted have
HAVING_LEMMAS = frozenset({"hebben", "krijgen", "ontvangen", "gebruiken", "bezitten", "houden"})
# words that open a noun phrase: what follows them is a thing, not the way the question is put
NOUN_INTRODUCERS = frozenset({"de", "het", "een", "die", "dat", "deze", "dit", "hun", "haar", "zijn", "mijn", "onze",
                              "ons", "uw", "geen", "elke", "ieder", "iedere", "alle", "welke", "welk", "veel", "weinig"})
# what an operation yields: an adjective before one of these says how it is computed ('het relatieve verschil')
OPERATION_NOUNS = frozenset({"verschil", "verschillen", "toename", "afname", "stijging", "daling", "groei",
                             "verandering", "aantal", "aantallen", "percentage", "cijfer", "cijfers", "getal",
                             "bedrag", "bedragen", "waarde", "totaal"})
# a figure compared by the size of the population ('naar verhouding', 'relatief veel'); not a relative change
RELATIVE_RE = re.compile(r"\b(?:naar|in)\s+verhouding\b|\bverhoudingsgewijs\b|\bproportioneel\b"
                         r"|\brelatief\b(?!\s+(?:verschil|toename|afname|stijging|daling|groei|verandering))")
# 'het verschil absoluut en relatief': both ways of a difference, the relative one in percent (no rate)
BOTH_WAYS_RE = re.compile(r"\b(absolu+te?\s+(?:en|of)\s+)relatie(?:f|ve)\b|\brelatie(?:f|ve)(\s+(?:en|of)\s+absolu+te?)\b",
                          re.IGNORECASE)
DIVIDE_RE = re.compile(r"\b(?:deel|delen|deelt|gedeeld)\b(?P<mid>(?:\s+[^\W\d_]+){0,3}?)\s+door\s+"
                       r"(?:het\s+aantal\s+|de\s+|het\s+)?", re.IGNORECASE)
# fields of one record: asked for, they make a list of records ('met de startdatum erbij')
RECORD_FIELDS = frozenset({"startdatum", "einddatum", "begindatum", "stopdatum", "ingangsdatum", "geboortedatum",
                           "geboortejaar", "sterfdatum", "beschikkingsnummer", "dossiernummer", "clientnummer",
                           # what identifies or reaches one resident (also in compounds: 'woonadressen', 'mobiel nummer')
                           "adres", "telefoonnummer", "bsn", "burgerservicenummer", "huisnummer", "rekeningnummer",
                           "iban", "geboorteplaats", "mailadres"})
PERSON_NAME_WORDS = frozenset({"naam", "namen", "achternaam", "achternamen", "voornaam", "voornamen"})
KIND_WORDS = {"soort", "type", "aard", "vorm"}  # a dimension named '<kind word> <unit>' sorts that unit
AVERAGE_WORDS = {"gemiddeld", "gemiddelde", "mediaan", "mediane", "doorsnee", "doorsnede"}
# what people call the data itself ('registratiegegevens', 'CBS-cijfers', 'bronnen')
DATA_NOUNS = ("gegevens", "cijfers", "data", "registratie", "bron", "bronnen", "statistiek", "statistieken")
DATA_WORDS = {"aantal", "aantallen", "cijfer", "cijfers", "getal", "getallen", "hoeveel", "totaal", "totale", "som"}
FILTER_PREPOSITIONS = {"in", "bij", "voor", "van", "uit", "binnen", "onder", "op", "te"}
# words that make the number before them an age ('65-plussers', '18 plus', '12-jarigen')
AGE_TAILS = frozenset({"plus", "plusser", "plussers", "jarige", "jarigen"})
# the counting units a figure can be divided by ('per cliënt', 'per pleegzorgcliënt', 'per huishouden')
UNIT_WORDS = ("client", "clienten", "persoon", "personen", "huishouden", "huishoudens")
# counting units as a breakdown ('per cliënt') mean one row per individual
UNIT_STEMS = {"client", "persoon", "mens", "huishoud", "gezin", "individu", "aanvrager", "ontvanger", "bewoner",
              "burger", "kind", "kinder", "adres"}


# a year counted from the year asked before ('drie jaar eerder', 'het jaar erna')
EARLIER = ("eerder", "ervoor", "daarvoor", "voordien", "terug")
LATER = ("later", "erna", "daarna", "daarop", "nadien")

# Every word the interpreter itself reads as a cue is question language, never unknown content.
CUE_WORDS = frozenset(
    {*GROUP_CUES, *EARLIER, *LATER, *DESC_CUES, *ASC_CUES, *FOLLOWUP_CUES, *QUESTION_WORDS, *ANAPHORA, *CHART_WORDS, *ADDING_WORDS, *APART_CUES,
     *EXCLUSION_CUES,
     "aflopend", "oplopend", "beschouwing", "uitzondering", "afgezien"}
    | {w for phrase in (*COMPARE_CUES, *TREND_CUES, *DEFINITION_CUES) for w in re.findall(r"[a-z]+", phrase)}
)
LANGUAGE_WORDS = STOPWORDS | FILLER_WORDS | CUE_WORDS | FILTER_PREPOSITIONS | FUNCTION_WORDS
LANGUAGE_STEMS = frozenset(stem(w) for w in LANGUAGE_WORDS)


# 'dat bedrag', 'dezelfde cijfers': a generic figure word after a demonstrative names the figure answered before
DEMONSTRATIVES = frozenset({"dat", "dit", "die", "deze", "datzelfde", "ditzelfde", "hetzelfde", "zelfde", "dezelfde",
                            "diezelfde"})
FIGURE_NOUNS = frozenset({"bedrag", "cijfer", "getal", "aantal", "percentage", "waarde", "uitkomst", "resultaat",
                          "som", "totaal", "figuur", "score", "gemiddelde"})
# a bound on a figure of the rows ('boven de 100%', 'meer dan 1.500 cliënten') and its comparison
BOUND_OPS = {"boven": ">", "meer dan": ">", "hoger dan": ">", "groter dan": ">", "minstens": ">=", "ten minste": ">=",
             "hooguit": "<=", "maximaal": "<=", "onder": "<", "minder dan": "<", "lager dan": "<", "kleiner dan": "<"}
BOUND_RE = r"\b(" + "|".join(BOUND_OPS) + r")"
# Dutch separable-verb particles: 'splits het uit' is 'uitsplitsen', 'deel dat op' is 'opdelen'
PARTICLES = ("uit", "op", "in", "af", "bij", "mee", "toe", "aan", "na", "over", "door", "om", "terug", "samen", "neer")


@lru_cache(maxsize=1)
def _language_lemmas() -> frozenset[str]:
    """The dictionary forms of the question-language words ('uitgesplitst' -> 'uitsplitsen')."""
    return frozenset(lemma(w) for w in LANGUAGE_WORDS)


def _graded(word: str) -> bool:
    """A comparative or superlative of an adjective ('slechtst', 'beter', 'armste'): a judgement of figures."""
    base = lemma(word)
    return "adj" in word_classes(base) and word != base and word.startswith(base[:3]) \
        and word.endswith(("st", "ste", "er", "ere"))


def is_language(word: str, particles: Iterable[str] = ()) -> bool:
    """Question language rather than content: a function word, or any form of one ('liepen' of 'lopen',
    'uitsplitsen' of 'uitgesplitst'); with a separable particle found later in the sentence, the verb
    they make together ('splits' + 'uit')."""
    if word in LANGUAGE_WORDS or stem(word) in LANGUAGE_STEMS:
        return True
    if is_adposition(word) or pronominal_adverb(word):
        return True  # 'over de begroting heen', 'hoeveel mannen zaten daartussen'
    base = lemma(word)
    if base != word and (base in LANGUAGE_WORDS or stem(base) in LANGUAGE_STEMS):
        return True
    lemmas = _language_lemmas()
    return base in lemmas or any(lemma(p + base) in lemmas for p in particles)
# Words that imply a figure without naming it: 'het duurst' asks for costs, 'uitgeput' / 'overschreden'
# for the uitputting of a budget. Prefixes of the folded word -> the stem of the figure word.
IMPLIED_PREFIXES = (
    (("duurst", "duurder", "goedkoop", "prijzig"), "kost"),
    (("uitgeput", "opgemaakt", "opgebruikt", "overschred", "overschrijd", "overschrijdt"), "uitputting"),
)
# Separable verbs whose particle comes at the end ('gaf ... uit', 'stroomden ... uit', 'stroomt ... in').
FLOW_FORMS = ("stroom", "strom", "gestroom")  # forms of (in/uit)stromen whose particle stands apart
AGE_BOUNDS = (  # (pattern, op, what to add to the number): an age bound in the question's number text
    (r"\b(\d{1,3})\s*(?:jaar\s*)?(?:en|of)\s*ouder", ">=", 0),
    (r"\b(\d{1,3})\s*\+", ">=", 0),
    (r"\b(\d{1,3})\s*-?\s*plus(?:sers?)?\b", ">=", 0),  # '65-plussers', '18-plusser', '55 plus'
    (r"\b(?:ouder\s+dan|boven\s+de|boven)\s+(\d{1,3})\b", ">=", 1),
    (r"\b(?:vanaf|minimaal|minstens|tenminste|ten minste)\s+(\d{1,3})\s*jaar", ">=", 0),
    (r"\b(?:jonger\s+dan|onder\s+de|beneden\s+de)\s+(\d{1,3})\b", "<=", -1),
    (r"\b(\d{1,3})\s*(?:jaar\s*)?(?:en|of)\s*jonger", "<=", 0),
    (r"\b(?:tot\s+en\s+met|t/m|hooguit|maximaal)\s+(\d{1,3})\s*jaar", "<=", 0),
)
LEAVE_LEMMAS = frozenset({"gaan", "stappen", "vertrekken", "raken"})  # ... uit <provision>: who left it
ARRIVE_LEMMAS = frozenset({"belanden", "terechtkomen", "instappen"})  # ... in <provision>: who came in
# verbs of leaving or arriving with their particle, also written apart ('zijn er uit gegaan', 'kwamen er ... bij')
FLOW_VERBS = {"uitgaan": "uitstroom", "uitstappen": "uitstroom", "uitstromen": "uitstroom", "bijkomen": "instroom",
              "binnenkomen": "instroom", "instromen": "instroom", "instappen": "instroom",
              # ending or starting a provision ('rondden hun traject af', 'zijn met dagbesteding gestart')
              "afronden": "uitstroom", "afsluiten": "uitstroom", "beeindigen": "uitstroom", "stoppen": "uitstroom",
              "starten": "instroom", "beginnen": "instroom"}
GIVE_FORMS = {"gaf", "gaven", "geeft", "geven", "gegeven", "geef"}
MONEY_NOUNS = frozenset({"bedrag", "uitgave", "uitgaven", "geld"})  # an amount of money, of the figure asked
SAME_AS_BEFORE = frozenset({"zelfde", "hetzelfde", "dezelfde", "datzelfde", "diezelfde", "idem"})
AREA_ADJECTIVES = frozenset({"breed", "brede", "wijd", "wijde"})  # 'Escamp-breed': the area as a whole
ADULT_STEMS = frozenset({"volwassen", "meerderjarig"})  # ages a name marks with 18+ (see _unmarked_name)
# the head of a compound that names a person ('pleegkind', 'wmo-gebruiker'); not the shortest ('examens' is no
# 'mens')
PERSON_COMPOUND_TAILS = tuple(sorted(w for w in PERSON_NOUNS if len(w) >= 4 and w not in ("mens", "buren")))
ONE_PERSON_WORDS = frozenset({"een", "zo", "n", "zon", "elk", "elke", "ieder", "iedere"})  # 'wat kost één zo\'n kind'
DATA_CHANGE_RE = re.compile(r"\b(?:drop|truncate|alter|create)\s+(?:table|view|schema|database|index)\b"
                            r"|\bdelete\s+from\b|\binsert\s+into\b|\bupdate\s+\w+\s+set\b", re.IGNORECASE)
AGE_DIMENSIONS = ("leeftijd", "leeftijdsklasse")  # one concept: an age in years, or its class
RUNNING_RE = re.compile(r"\b(actieve?|lopende)\s+(?=[^\W\d_])", re.IGNORECASE)
MONEY_UNIT_WORDS = frozenset({"geld", "euro", "hoeveel"})  # name only the unit of a figure ('hoeveel geld'): any figure in euros
PERSON_TAILS = ("ontvanger", "ontvangers", "client", "clienten", "gebruiker", "gebruikers", "gerechtigde",
                "gerechtigden", "deelnemer", "deelnemers")


def _ends_in_a_noun(word: str) -> bool:
    """A compound whose last part is a Dutch noun ('zichtenburg', 'bloemendaalpark'), as names of places are; not
    'annetje'."""
    return any(zipf(word[k:]) >= 3.0 and "noun" in word_classes(word[k:]) for k in range(3, len(word) - 2))


def _split_by_a_comma(text: str, words: list[str]) -> bool:
    """The words of one name written as a list ('Leidschenveen, Ypenburg en Hoornwijk': two wijken, not the stadsdeel
    Leidschenveen-Ypenburg): found in the text with a comma between them, and not without."""
    if len(words) < 2:
        return False
    parts = [re.escape(w) for w in words]
    return bool(re.search(r"\s*[,;]\s*".join(parts), text, re.IGNORECASE)) and not re.search(
        r"[\s\-']*".join(parts), text, re.IGNORECASE)


def _verb_form(word: str, first: bool = False, last: bool = False) -> bool:
    """A common inflected verb ('kijkt' of 'kijken'; the infinitive itself only at the end of the sentence, where
    Dutch puts the verb of a clause: 'als we naar heel Den Haag kijken'), or at the start of a sentence a verb's
    imperative ('filter' of 'filteren', 'sorteer' of 'sorteren'). 'En parkeren in Moerwijk?' stays content."""
    base = lemma(word)
    if base.endswith("en") and (base != word or (last and word.endswith("en"))) and zipf(word) >= 4.0:
        return True  # a noun's plural has its singular as lemma
    return first and (base.endswith("en") and base != word or zipf(word + "en") >= 2.0)


def _number_text(text: str) -> str:
    # 'meer dan 2000 bijstandsontvangers': a number after a bound with the thing counted after it is an amount,
    # written as one ('2.000') so that it is never read as a year ('meer dan 2022?' still compares with a year)
    return re.sub(BOUND_RE + rf"\s+({YEAR_RE})(?=\s+(?!(?:in|op|en|of|dan|toen|jaar)\b)[^\W\d_])",
                  lambda m: f"{m.group(1)} {m.group(2)[0]}.{m.group(2)[1:]}", number_text(text))


@dataclass
class _Match:
    start: int
    end: int
    entries: list[Entry]

    @property
    def stems(self) -> tuple[str, ...]:
        return self.entries[0].phrase


@dataclass
class _Parse:
    stems: list[str]
    originals: list[str]
    values: list[tuple[_Match, Entry]]
    group_dims: list[str]
    concepts: list[str]
    dimension_mentions: list[str]
    unknown_content: list[str]
    numtext: str
    inside: set[int] = field(default_factory=set)
    value_slot: bool = False
    named: set[int] = field(default_factory=set)  # positions inside any match (value, dimension, concept)
    words: list[str] = field(default_factory=list)  # folded word per stem position
    scores: tuple | None = None  # metric scores, computed once per parse
    implied: set[str] = field(default_factory=set)  # figure words implied by the wording (see _implied)
    implying: set[int] = field(default_factory=set)  # positions of the words that imply them
    # area names of more than one level ('Scheveningen': stadsdeel and wijk) that no level word decided
    ambiguous: list[tuple[_Match, list[Entry]]] = field(default_factory=list)
    # everyday words read as the way the question is put, not as what it asks about (see _incidental)
    incidental: list[str] = field(default_factory=list)
    # content words the query does not carry ('een hond', 'langdurig'): asked back, never dropped in silence
    unused: list[str] = field(default_factory=list)


class OfflineInterpreter:
    """Rules over the catalogue. Build once per process (lookup structures are precomputed)."""

    # how released figures are protected, in words (set by the assistant from its settings)
    protection_text: str | None = None

    def __init__(self, catalogue, today: date | None = None):
        self.catalogue = catalogue
        self.today = today  # 'vorig jaar', 'dit jaar', 'twee jaar geleden' count from this date (None: the real today)
        self.model = catalogue.model
        self.lex = build_lexicon(catalogue)
        self.value_links = catalogue.value_links()
        self._fuzzy_keys = list(self.lex.fuzzy_words)
        self._language_keys = sorted(w for w in LANGUAGE_WORDS if len(w) >= 5)
        # words that name a figure on their own ('kosten', 'realisatie', 'cliënten')
        self._metric_words = frozenset(w for mp in self.lex.metric_phrases for w in mp.content)
        # names of a provision in two content words ('beschermd wonen'), to be found when said apart (_split_values)
        self._two_word_values = [(key, [e for e in entries if e.kind == "value"]) for key, entries in self.lex.phrases.items()
                                 if len(key) == 2 and not set(key) & STOPWORDS
                                 and any(e.kind == "value" and e.dimension not in self.lex.area_dimensions
                                         for e in entries)]
        self._figure_words = frozenset(next(iter(mp.content)) for mp in self.lex.metric_phrases if len(mp.content) == 1)
        self._gemeente_dims = {d for d in self.lex.area_dimensions if d == self.lex.home_dimension}
        # a dimension that sorts a unit ('Soort voorziening'): 'verdeeld over de voorzieningen' is per soort
        self._kinds_of: dict[str, str] = {}
        for d, dim in self.model.dimensions.items():
            label = dim.label.split("(")[0].split()
            if len(label) == 2 and label[0].lower() in KIND_WORDS:
                self._kinds_of[stem(fold(label[1]))] = d
        # the content words of each figure's names (is a value what the figure is about?)
        self._name_stems = {n: set().union(*(_content_stems(t) for t in [m.label, *m.synonyms]))
                            for n, m in self.model.metrics.items()}
        # what a kind dimension sorts within ('vormen van jeugdhulp': the soorten of a wet)
        self._kind_within = {d: {p for (vd, _v), links in self.value_links.items() if vd == d for p in links}
                             for d in set(self._kinds_of.values())}
        self._latest = {m: self._latest_for(m) for m in self.model.metrics}
        # a fixed group of values named by its name ('de vier grote steden', 'G4'): each of its values named
        self._value_groups = [(re.compile(rf"(?<![\w'-]){re.escape(name)}(?![\w-])", re.IGNORECASE),
                               ", ".join(members[:-1]) + " en " + members[-1])
                              for dim in self.model.dimensions.values()
                              for name, members in sorted(dim.value_groups.items(), key=lambda kv: -len(kv[0]))
                              if all(catalogue.resolve_value(dim.name, m) is not None for m in members)]
        # 'welk stadsdeel', 'welke wijk': one area, soort, ... asked for (the dimension's own name is singular)
        self._singular_dims = "|".join(sorted((re.escape(n) for n, k in self.lex.dimension_kind.items()
                                               if k in ("area", "category")), key=len, reverse=True))
        # every way of naming an area (folded) -> the area's name, for suggestions on an unknown name
        self._area_names: dict[str, str] = {}
        for key, entries in self.lex.phrases.items():
            for e in entries:
                if e.kind == "value" and e.dimension in self.lex.area_dimensions:
                    self._area_names.setdefault(" ".join(key), str(e.key))
        self._area_keys = list(self._area_names)  # the choices for rapidfuzz, built once
        # provisions by their names, longest first: the start of a compound the lexicon does not know
        self._value_prefixes = sorted(
            {(fold(name).replace(" ", "").replace("-", ""), dim, value)
             for dim in ("wet", "soort") if dim in self.model.dimensions
             for value in self.catalogue.values(dim)
             for name in [str(value), *self.catalogue.value_synonyms(dim).get(str(value), [])]
             if len(fold(name).replace(" ", "")) >= 6},
            key=lambda item: -len(item[0]))
        # provisions, laws and taakvelden with the words of their names: the options for a broad domain word
        self._named_values: list[tuple[str, str, set[str]]] = []  # (label, name, words of its names)
        for dim in ("wet", "soort", "taakveld"):
            if dim not in self.model.dimensions:
                continue
            dim_label = self.model.dimensions[dim].label.split("(")[0].strip().lower()
            for value in self.catalogue.values(dim):
                names = [str(value), *self.catalogue.value_synonyms(dim).get(str(value), [])]
                name = str(value) if dim != "taakveld" or len(names) < 2 else names[1]  # a taakveld by its name
                label = f"{dim_label} {value}" + (f" ({name})" if name != str(value) else "")
                self._named_values.append((label, name, {p for n in names for p in re.findall(r"[a-z]+", fold(n))}))
        # a value named without the age its name ends in ('Geëscaleerde zorg 18+' and '... 18-'): its name without it
        unmarked: dict[tuple[str, ...], list[tuple[Entry, str]]] = {}
        for key, entries in self.lex.phrases.items():
            side = "adult" if key[-2:] == ("18", "+") else "minor" if key[-1:] == ("18",) else None
            core = key[:-2] if side == "adult" else key[:-1]
            if side is None or not core or not core[0].isalpha() or core in self.lex.phrases \
                    or not set(core) - STOPWORDS:
                continue  # (an age said in words, 'onder de 18', is no name with an age)
            for e in entries:
                if e.kind == "value" and e.dimension not in self.lex.area_dimensions and e.dimension != "leeftijdsklasse" \
                        and (e, side) not in unmarked.get(core, []):
                    unmarked.setdefault(core, []).append((e, side))
        self._unmarked = sorted(unmarked.items(), key=lambda kv: -len(kv[0]))  # the longest name first
        # nouns the semantic layer names after 'meerdere' ('meerdere wetten', 'meerdere regelingen')
        self._after_several = {key[k + 1] for key in [*self.lex.phrases, *(mp.stems for mp in self.lex.metric_phrases)]
                               for k in range(len(key) - 1) if key[k] == "meerder"}

    # ------------------------------------------------------------------ public
    def interpret(self, question: str, context: SemanticQuery | None = None,
                  earlier: Sequence[SemanticQuery] = ()) -> Interpretation:
        """``context`` is the query answered last in the conversation, ``earlier`` the ones answered before it
        (oldest first): 'die twee jaren' are the years of the last two answers."""
        interp = self._interpret(question, context, suggest_areas=True, earlier=tuple(earlier))
        if interp.kind == "query":
            for query in (interp.query, interp.whole, *interp.beside):
                disjoint = self._disjoint(query) if query is not None else None
                if disjoint is not None:
                    return disjoint
        return interp

    def _disjoint(self, query: SemanticQuery) -> Interpretation | None:
        """Two values that exclude each other ('Wmo-cliënten met pleegzorg': pleegzorg falls under the Jeugdwet;
        'bijstand in taakveld 6.72'): together they select nobody, and a 0 in confident words would answer a
        question the user did not mean. Asked back, with each of the two as an option."""
        chosen = [f for f in query.filters if f.op in ("=", "in")]
        for f in chosen:
            for g in chosen:
                if f.dimension == g.dimension:
                    continue
                wanted = {str(v) for v in g.values}
                for value in f.values:
                    under = self.value_links.get((f.dimension, str(value)), {}).get(g.dimension)
                    if not under or set(under) & wanted:
                        continue
                    label = self.model.dimensions[g.dimension].label.lower()
                    mine = self.catalogue.value_text(f.dimension, value)
                    theirs = " of ".join(self.catalogue.value_text(g.dimension, v) for v in g.values)
                    parents = " of ".join(self.catalogue.value_text(g.dimension, v) for v in under)
                    options, option_queries = [], {}
                    for text, kept in ((mine, f), (theirs, g)):
                        dropped = g if kept is f else f
                        options.append(text)
                        option_queries[fold(text)] = query.model_copy(
                            update={"filters": [h for h in query.filters if h is not dropped]})
                    return Interpretation("clarification", options=options, option_queries=option_queries, message=(
                        f"{mine} hoort bij {label} {parents}, niet bij {theirs}: samen tellen ze niemand. "
                        f"Bedoelt u {mine} of {theirs}?"))
        return None

    def _interpret(self, question: str, context: SemanticQuery | None, suggest_areas: bool,
                   earlier: tuple[SemanticQuery, ...] = ()) -> Interpretation:
        text = (question or "").strip()
        if not text or not re.search(r"\w", text):
            return Interpretation("empty", message="Stel een vraag in gewoon Nederlands, bijvoorbeeld: "
                                  + self._example_question())
        if DATA_CHANGE_RE.search(text) or asks_to_change(text):
            # 'DROP TABLE voorziening; ...': an instruction to change or remove data is no question about groups
            return Interpretation("out_of_scope", message=(
                "Wijkvraag leest alleen cijfers over groepen en voert geen opdrachten uit die gegevens wijzigen, "
                "verwijderen of als losse rijen tonen. " + self._scope_hint()))
        opening = [fold(w) for w in re.findall(r"[^\W\d_]+", text)[:2]]
        if context is None and suggest_areas and any(w in SAME_AS_BEFORE for w in opening):
            # 'Zelfde filter, maar nu ...' with no answer before it in the conversation: what it repeats is not known
            word = next(w for w in re.findall(r"[^\W\d_]+", text)[:2] if fold(w) in SAME_AS_BEFORE)
            return Interpretation("clarification", message=(
                f"'{word}' verwijst naar een eerdere vraag, maar in dit gesprek is nog geen cijfer gegeven. Stel de "
                "vraag in zijn geheel, bijvoorbeeld: " + self._example_question()))
        said = re.findall(r"[^\W\d_]+", text)
        if context is None and suggest_areas and 2 <= len(said) <= 4 and fold(said[-1]) in ("het", "dat", "dit", "die", "ze") \
                and not re.search(r"\d", text):
            # 'Wat kost het?' with no answer before it: what 'het' stands for is not known (never the whole budget)
            return Interpretation("clarification", message=(
                f"Waar verwijst '{said[-1]}' naar? In dit gesprek is nog geen cijfer gegeven. Stel de vraag in zijn "
                "geheel, bijvoorbeeld: " + self._example_question()))
        text = expand_elisions(text)  # 'in- dan uitgestroomd', 'dak- en thuislozen'
        for pattern, members in self._value_groups:  # 'de vier grote steden': Amsterdam, Rotterdam, ...
            text = pattern.sub(members, text)
        # an analyst's SQL words in a question ('... group by wijk', 'order by aantal desc'): the Dutch they stand for
        text = re.sub(r"\bgroup(?:ed)?\s+by\b", "per", text, flags=re.IGNORECASE)
        text = re.sub(r"\border(?:ed)?\s+by\b", "gesorteerd op", text, flags=re.IGNORECASE)
        text = re.sub(r"\been\s+of\s+ander(?:e)?\b", "een", text, flags=re.IGNORECASE)  # 'een of andere voorziening'
        if self.lex.home_area:  # 'meer mensen in de bijstand dan wij': the municipality asking is the home gemeente
            text = re.sub(r"\b(dan|als|met|naast)\s+(?:(?:wij|we|bij\s+ons)(?=\s*(?:[?.!,;]|$))|onze\s+(?:stad|gemeente)\b)",
                          lambda m: f"{m.group(1)} in {self.lex.home_area}", text, flags=re.IGNORECASE)
            if not self._names_another_gemeente(text):
                # 'Transvaal tegenover de gemeente', 'meer dan de stad als geheel', 'boven het Haagse gemiddelde': the
                # whole home gemeente set beside the area named
                text = re.sub(r"\b(dan|als|met|naast|tegenover|boven|onder|opzichte\s+van)\s+(?:(?:de|het)\s+)?"
                              r"(?:(?:hele|gehele|totale)\s+)?(?:gemeente|stad)(?:\s+(?:als\s+geheel|in\s+zijn\s+geheel))?"
                              r"(?=\s*(?:[?.!,;]|$))|\b(dan|als|met|naast|tegenover|boven|onder|opzichte\s+van)\s+het\s+"
                              r"(?:haagse|stedelijke?|gemeentelijke?)\s+gemiddelde\b",
                              lambda m: f"{m.group(1) or m.group(2)} heel {self.lex.home_area}", text,
                              flags=re.IGNORECASE)
        text = BOTH_WAYS_RE.sub(lambda m: f"{m.group(1)}procentueel" if m.group(1) else f"procentueel{m.group(2)}", text)
        text = FUNCTION_ABBREVIATION_RE.sub(  # 'welk deel vd kinderen', 'ivm', 't/m'
            lambda m: FUNCTION_ABBREVIATIONS.get(fold(m.group(0)).replace(".", "").replace("/", ""), m.group(0)), text)
        text = self._expand_abbreviations(text)  # 'per 1000 inw.'
        # 'unieke personen', 'distinct cliënten': every count of the semantic layer counts each unit once
        distinct = re.findall(r"\b(distinct|unieke?)\s+(?=[^\W\d_])", text, flags=re.IGNORECASE)
        text = re.sub(r"\b(?:distinct|unieke?)\s+(?=[^\W\d_])", "", text, flags=re.IGNORECASE)
        # 'actieve cliënten', 'lopende voorzieningen': what a count of the year already holds (a provision that ran in
        # the year); said in a notice where the figure is such a count, else read as written
        running = re.findall(RUNNING_RE, text)
        if running:
            plain = self._interpret(re.sub(RUNNING_RE, "", text), context, suggest_areas, earlier)
            if plain.kind == "query" and plain.query is not None and plain.query.metrics and all(
                    self._counts_running(m) for m in plain.query.metrics):
                plain.notices.append(f"Elk aantal telt wie in het jaar een lopende voorziening had; "
                                     f"'{running[0].lower()}' verandert het cijfer dus niet.")
                return plain
        unmarked = self._unmarked_name(text, context, suggest_areas, earlier)
        if isinstance(unmarked, Interpretation):
            return unmarked
        text = unmarked
        text = self._join_split_compounds(text)  # 'jeugd reclassering'
        # 'hoeveel kwamen er dat jaar in': to come in is to flow in (never 'inkomen', the income)
        text = re.sub(r"\b(komen|komt|kwam|kwamen)\b([^.?!]*?\s)(in|erin)(?=\s*(?:[.?!]|$))",
                      lambda m: {"komen": "stromen", "komt": "stroomt", "kwam": "stroomde", "kwamen": "stroomden"}[
                          m.group(1).lower()] + m.group(2) + "in", text, flags=re.IGNORECASE)
        text = join_separable_verbs(text, lambda verb: stem(verb) in self.lex.known_stems)  # 'stroomden ... de bijstand in'
        # a CBS area code ('wijkcode WK051828', 'GM0599') is the area it codes; an unknown one is asked back
        code_notices: list[str] = []
        for m in list(re.finditer(r"\b(?:(?:wijk|gemeente|gebied|buurt)s?-?code\s+)?((?:GM|WK|BU)\s?\d{4,8})\b", text,
                                  flags=re.IGNORECASE))[::-1]:
            code = m.group(1).replace(" ", "").upper()
            known = self.catalogue.area_codes.get(code)
            if known is None:
                return Interpretation("clarification", message=(
                    "Een gebied met die CBS-code ken ik niet. Noem de wijk of gemeente bij naam, bijvoorbeeld: "
                    + self._example_question()))
            level, name, gemeente = known
            outside = level == "wijk" and gemeente != self.lex.home_area
            text = text[:m.start()] + f"{level} {name}" + (f" in {gemeente}" if outside else "") + text[m.end():]
            code_notices.append(f"{code} is de {level} {name}" + (f" ({gemeente})" if outside else "") + ".")
        # 'in de wijken van stadsdeel Laak', 'voor alle wijken in Escamp': a row per wijk within that area
        text = re.sub(r"\b(?:in|voor|over|binnen|van)\s+(?:de|alle|elk\s+van\s+de)\s+(wijken|stadsdelen)\s+(?:van|in|binnen)\s+",
                      lambda m: f"per {'wijk' if m.group(1).lower() == 'wijken' else 'stadsdeel'} in ", text,
                      flags=re.IGNORECASE)
        # 'peiljaar 2024', 'begrotingsjaar 2023': a compound on 'jaar' before a year is that year
        text = re.sub(r"\b[^\W\d_]{3,}jaar(?=\s*:?\s*(?:19|20)\d\d\b)", "jaar", text, flags=re.IGNORECASE)
        # 'gemeentebreed', 'stadsbrede cijfers', 'stadsdeelwijd': an area level + '-breed'/'-wijd' is the whole of it
        text = re.sub(r"\b(gemeente|stads?|stadsdeel|wijk)(?:breed|brede|wijd|wijde)\b",
                      lambda m: f"in de hele {'stad' if m.group(1).lower().startswith('stad') and m.group(1).lower() != 'stadsdeel' else m.group(1)}",
                      text, flags=re.IGNORECASE)
        # 'uit >=2 wetten', 'uit minstens twee regelingen': a lower bound on what the semantic layer counts after
        # 'meerdere' is the same as 'N of meer'
        text = re.sub(r"(?:>=|≥|=>|\b(?:minstens|ten\s+minste|tenminste|minimaal|op\s+zijn\s+minst)\s+)\s*"
                      r"(\d+|twee|drie|vier|vijf)\s+([^\W\d_]+)",
                      lambda m: f"{m.group(1)} of meer {m.group(2)}" if stem(fold(m.group(2))) in self._after_several
                      else m.group(0), text, flags=re.IGNORECASE)
        # 'het aantal voorzieningen, niet het aantal kinderen': what is not counted names no group of the question
        text = re.sub(r",?\s*(?:en\s+|dus\s+)?niet\s+(?:het|de)\s+aantal(?:len)?\s+[^\W\d_]+", "", text)
        text = re.sub(r"\s*\(\s*(?:(?:en|dus|maar|ook)\s+){0,2}(?:niet|geen)\s+(?:(?:het|de)\s+)?(?:aantal(?:len)?\s+)?"
                      r"[^\W\d_]+\s*\)", "", text)  # 'voorzieningen (dus niet personen)'
        text = re.sub(r",\s*(?:(?:en|dus|maar|ook)\s+){0,2}(?:niet|geen)\s+(?:(?:het|de)\s+)?(?:aantal(?:len)?\s+)?"
                      r"[^\W\d_]+(?=\s*\))", "", text)  # 'voorzieningen (toekenningen, geen personen)'
        # 'uitgesplitst naar zowel leeftijdsklasse als geslacht': a breakdown by both (not 'zowel Wmo als jeugdhulp':
        # persons with both)
        text = re.sub(r"\b(naar|per|op)\s+zowel\s+((?:[^\W\d_][\w'-]*\s+){0,2}?[\w'-]+)\s+als\s+", r"\1 \2 en ",
                      text, flags=re.IGNORECASE)
        # 'tel voorziening_id's, niet personen.': a counting unit not counted, said at the end of a clause
        text = re.sub(r"[,;]?\s*(?:(?:en|dus|maar|ook)\s+){0,2}\b(?:niet|geen)\s+(?:(?:het|de)\s+)?(?:aantal(?:len)?\s+)?"
                      r"([^\W\d_]+)(?=\s*(?:[.?!)]|$))",
                      lambda m: "" if stem(fold(m.group(1))) in UNIT_STEMS | {"voorziening", "toekenning"}
                      else m.group(0), text)
        # 'eigen registratie, niet CBS': the source not asked for names no figure (the municipal one is the default)
        text = re.sub(r",?\s*\b(?:en\s+|dus\s+|maar\s+)?(?:niet|geen)\s+(?:volgens\s+|van\s+)?(?:het\s+)?cbs(?:-?cijfers?)?\b",
                      "", text, flags=re.IGNORECASE)

        # a division is a rate: 'deel dat door het aantal cliënten', 'gedeeld door de inwoners' is 'per cliënt',
        # and 'omgerekend per duizend inwoners' is 'per duizend inwoners'
        text, divided = DIVIDE_RE.subn(lambda m: f"{m.group('mid')} per ", text)
        text = self._rate_of_a_group(text)  # 'van elke 1.000 Haagse 65-plussers', 'per duizend vrouwen'
        text = re.sub(r"\b(?:omgerekend|uitgedrukt|herberekend|teruggerekend)\s+(?=(?:naar\s+|in\s+)?per\b)", "", text,
                      flags=re.IGNORECASE)
        folded = fold(text)
        if _SQL_WORD_RE.search(folded):
            # 'Draai die query opnieuw, maar nu alleen voor Scheveningen', 'laat de query ook in Postgres-dialect
            # zien': the SQL named is that of the answer before (or of the question it is part of); what else
            # is said edits it or asks it, and its SQL is shown
            named = _DIALECT_RE.search(text)
            dialect = _DIALECT_NAMES[named.group(1).lower()] if named else None
            pointed = _SQL_WORD_RE.sub("dat" if context is not None else " ", _DIALECT_RE.sub(" ", text))
            if self._domain_content(self._parse(pointed)):
                result = self._interpret(pointed, context, suggest_areas, earlier)
                if result.kind == "query" and result.query is not None:
                    return replace(result, kind="show_sql", dialect=dialect)
                return result
            if context is None:
                return Interpretation("clarification", message="Er is nog geen vraag gesteld waarvan ik de SQL kan "
                                      "tonen. Stel eerst een vraag over de cijfers.")
            return Interpretation("show_sql", query=context, followup=True, dialect=dialect)
        special = self._special(folded, context)
        if special is not None:
            return special
        parse = self._parse(text)
        if self._about_the_data(parse):
            return self._overview()  # 'Van welke jaren hebben jullie gegevens?', 'Waar komen de cijfers vandaan?'
        definition = self._about_protection(folded, parse) or self._definition(folded, parse)
        if definition is not None:
            return definition
        compound = self._compound_area(text) if suggest_areas else None
        if compound is not None:  # 'Segbroek-Noord': not Segbroek, and not an area the catalogue knows
            return self._unknown_area(text, compound, context)
        result = self._query(text, folded, parse, context, suggest_areas, earlier)
        if divided and (result.kind == "individual" or (result.kind == "query" and result.query is not None and not any(
                self.model.metrics[m].spec.get("kind") == "ratio" for m in result.query.metrics))):
            # a division the figures cannot carry is never answered with one of its two parts
            rates = [m.label.lower() for m in self.model.metrics.values() if m.spec.get("kind") == "ratio"]
            return Interpretation("clarification", message=(
                "Die deling kan ik niet maken. Deze verhoudingen heb ik wel: " + ", ".join(rates) + "."))
        if result.kind == "out_of_scope" and suggest_areas:
            broad = self._broad_term(text, parse, context)
            if broad is not None:  # 'hoe gaat het met de jeugd': domain content too broad for one figure
                return broad
        if result.kind == "query" and result.query is not None:
            apart = result.apart
            self._with_parts(result.query, parse)
            self._home_wijken_beside(result.query)
            result = self._routed(result)
            result = self._unexpressed(parse, result, context)
            if apart and result.kind == "query":
                result = self._beside(result, apart)  # (one query per area once the question is read whole)
        if result.kind == "query" and result.query is not None and (context is None or "leeftijdsklasse" not in context.dimensions):
            aged = re.search(r"\b(jonge|oude)\s+([^\W\d_]+)", folded)
            if aged and self._person_word(aged.group(2)) and not any(
                    f.dimension in ("leeftijdsklasse", "leeftijd") for f in result.query.filters):
                # 'jonge vrouwen': an age no leeftijdsklasse is, never dropped in silence
                return Interpretation("clarification", message=(
                    f"'{aged.group(1)}' kan ik niet in het cijfer verwerken: welke leeftijd bedoelt u? Noem een "
                    "leeftijdsklasse (0-17, 18-26, 27-64, 65-74 of 75+) of de leeftijden, bijvoorbeeld '18 tot 27 jaar'."))
        backwards = re.search(r"\b(\d{1,3})\s*(?:tot\s+en\s+met|tot|t/m|-)\s*(\d{1,3})\s*jaar\b", parse.numtext)
        if result.kind == "query" and backwards and int(backwards.group(1)) > int(backwards.group(2)):
            # 'van 99 tot 95 jaar': no age is both; never answered without it
            return Interpretation("clarification", message=(
                "De leeftijdsgrenzen in uw vraag staan omgekeerd (de eerste is hoger dan de tweede). Noem de jongste "
                "leeftijd eerst, bijvoorbeeld 'van 18 tot 27 jaar'."))
        if result.kind == "query":
            result.notices.extend(code_notices[::-1])
        if result.kind == "query" and distinct:
            result.notices.append(f"Elk aantal telt iedere persoon, elk huishouden en elke voorziening één keer; "
                                  f"'{distinct[0].lower()}' verandert het cijfer dus niet.")
        if result.kind in ("query", "clarification") and parse.incidental:
            words = ", ".join(f"'{w}'" for w in dict.fromkeys(parse.incidental))
            result.notices.append(f"Gelezen als manier van vragen, niet als afbakening van het cijfer: {words}.")
        if result.query is not None:  # a breakdown named twice ('per wijk' after one asked per wijk) is one
            result.query.dimensions = list(dict.fromkeys(result.query.dimensions))
        if result.kind == "query" and result.query is not None and context is not None and context.years \
                and len(context.years) == 1 and result.query.years is None and result.query.year_comparison is None \
                and not re.search(rf"\b{YEAR_RE}\b", parse.numtext) and not re.search(TIME_RE, parse.numtext) \
                and (set(parse.words) & (DEMONSTRATIVES | {"zo", "zulke", "zulk"}) or parse.words[:1] in (["en"], ["dus"])) \
                and all(set(context.years) <= set(self.catalogue.years_for(m)) for m in result.query.metrics):
            # 'Dus wat kost zo'n pleegzorgcliënt gemiddeld?' in a conversation about 2023: about that year too
            result.query.years = list(context.years)
        return result

    def _rate_of_a_group(self, text: str) -> str:
        """'van elke 1.000 Haagse 65-plussers', 'op de duizend vrouwen', 'per duizend vrouwen': a rate per 1.000
        inhabitants of that group ('per 1.000 inwoners 65-plussers'), where the words after the number name a group
        of inhabitants (a gender, an age class, '65-plussers'); 'per 1.000 cliënten' stays as it is said."""
        text = re.sub(r"\b(?:van|op|uit)\s+(?:elke|iedere|ieder|de)\s+(1\.?000|duizend)\b", r"per \1", text,
                      flags=re.IGNORECASE)

        def group(m: re.Match) -> str:
            for word in re.findall(r"[\w+-]+", m.group(2))[:2]:
                if re.fullmatch(r"\d+-?plussers?|\d+\+", word) or any(
                        e.kind == "value" and e.dimension in AGE_DIMENSIONS + ("geslacht",)
                        for e in self.lex.phrases.get((stem(fold(word)),), [])):
                    return f"{m.group(1)} inwoners {m.group(2)}"
            return m.group(0)

        return re.sub(r"(\bper\s+(?:1\.?000|duizend))\s+(?!inw)((?:[\w+-]+\s*){1,2})", group, text,
                      flags=re.IGNORECASE)

    def _unmarked_name(self, text: str, context: SemanticQuery | None, suggest_areas: bool,
                       earlier: tuple[SemanticQuery, ...]) -> str | Interpretation:
        """A value named without the age that tells it from another ('geëscaleerde zorg' for 'Geëscaleerde zorg 18+'
        and '18-'): an age word beside it decides ('voor volwassenen', 'voor jongeren', and is then part of the
        name); with none, the question is asked back with each value as an option. Else ``text`` as it is."""
        words = list(re.finditer(r"[^\W\d_]+", text))
        stems = [stem(fold(w.group())) for w in words]
        for core, candidates in self._unmarked:
            at = next((i for i in range(len(stems) - len(core) + 1) if tuple(stems[i:i + len(core)]) == core), None)
            if at is None:
                continue
            end = words[at + len(core) - 1].end()
            if re.match(r"\s*18\b", text[end:]):
                continue  # named with its age: the lexicon reads it
            sides = {}
            for j, st in enumerate(stems):
                if at <= j < at + len(core):
                    continue
                if st in ADULT_STEMS:
                    sides[j] = "adult"
                for e in self.lex.phrases.get((st,), []):
                    if e.kind == "value" and e.dimension == "leeftijdsklasse":
                        sides[j] = "minor" if str(e.key).startswith("0-") else "adult"
            told = {side for side in sides.values()}
            chosen = [(e, side) for e, side in candidates if side in told] if len(told) == 1 else candidates
            if len(chosen) == 1:
                entry, _side = chosen[0]
                name = self.catalogue.value_text(entry.dimension, entry.key)
                after = at + len(core)
                cut_to = end
                # 'geëscaleerde zorg voor volwassenen': the age word right after it is part of the name it decided
                if after < len(words) and after in sides:
                    cut_to = words[after].end()
                elif after + 1 < len(words) and after + 1 in sides and fold(words[after].group()) in ("voor", "van"):
                    cut_to = words[after + 1].end()
                return text[:words[at].start()] + name + text[cut_to:]
            if len(chosen) < 2 or not suggest_areas:
                return text
            said = text[words[at].start():end]
            options, option_queries = [], {}
            for entry, _side in chosen:
                name = self.catalogue.value_text(entry.dimension, entry.key)
                result = self._interpret(text[:words[at].start()] + name + text[end:], context, False, earlier)
                if result.kind == "query" and result.query is not None and name not in options:
                    options.append(name)
                    option_queries[fold(name)] = result.query
            if len(options) < 2:
                return text
            label = self.model.dimensions[chosen[0][0].dimension].label.split("(")[0].strip().lower()
            return Interpretation("clarification", options=options, option_queries=option_queries, message=(
                f"'{said}' is de naam van meer dan één {label}: " + " en ".join(options) + ". Welke bedoelt u?"))
        return text

    def _counts_running(self, metric: str) -> bool:
        """Does ``metric`` count the units with a provision running in the year (no flow, no amount), itself or as
        the numerator of its ratio?"""
        spec = self.model.metrics[metric].spec
        if spec.get("kind") == "ratio" and isinstance(spec.get("numerator"), str) and spec["numerator"] in self.model.metrics:
            spec = self.model.metrics[spec["numerator"]].spec
        return spec.get("kind") == "count" and not spec.get("flag") and spec.get("view") == "vw_voorziening_jaar"

    def _with_parts(self, query: SemanticQuery, parse: _Parse) -> None:
        """A ratio the semantic layer shows with its parts (``with_parts``: the budget's uitputting) is answered
        with both parts when the question asks it beside one of them ('hoeveel is er gerealiseerd en wat is de
        uitputting') or names both ('begroting vs realisatie, met uitputting'). Both parts asked without the
        ratio stay two figures."""
        _scores, spans = self._metric_scores(parse)
        for name, metric in self.model.metrics.items():
            if not metric.spec.get("with_parts"):
                continue
            parts = [metric.spec["denominator"], metric.spec["numerator"]]
            family = {name, *parts}
            chosen = [m for m in query.metrics if m in family]
            asked_apart = name in spans and any(  # 'wat is er gerealiseerd en wat was de uitputting'
                p in spans and self._clauses_apart(parse, spans[p], spans[name]) for p in parts)
            listed = all(p in spans for p in parts) and self._side_by_side(parse, spans[parts[0]], spans[parts[1]])
            if name in chosen and len(chosen) < 3 and (len(chosen) >= 2 or listed or asked_apart) \
                    and all(d in self.model.metrics[p].dimensions for p in parts for d in query.dimensions):
                query.metrics = [*parts, name, *[m for m in query.metrics if m not in family]]

    def _home_wijken_beside(self, query: SemanticQuery) -> None:
        """'de Rotterdamse wijk Feijenoord, vergeleken met Moerwijk': a wijk named beside another gemeente's wijk
        without a gemeente of its own is a wijk of the home gemeente, whose gemeente joins the filter."""
        gemeente = next((f for f in query.filters if f.dimension == "gemeente" and f.op in ("=", "in")), None)
        wijk = next((f for f in query.filters if f.dimension == "wijk" and f.op in ("=", "in")), None)
        home = self.lex.home_area
        if gemeente is None or wijk is None or home in gemeente.values:
            return
        if any(not any(self.catalogue.resolve_wijk(str(g), v) for g in gemeente.values)
               and self.catalogue.resolve_wijk(home, v) for v in wijk.values):
            query.filters = [Filter(dimension="gemeente", op="in", values=[*gemeente.values, home]) if f is gemeente
                             else f for f in query.filters]

    @staticmethod
    def _clauses_apart(parse: _Parse, a: tuple[int, int], b: tuple[int, int]) -> bool:
        """Do the two spans stand in clauses of their own (a question word between them: '..., en wat ...')?"""
        lo, hi = (a[1], b[0]) if a[0] < b[0] else (b[1], a[0])
        return any(w in ("wat", "hoeveel", "hoe", "welke", "welk") for w in parse.words[lo:hi])

    def _unexpressed(self, parse: _Parse, result: Interpretation, context: SemanticQuery | None = None) -> Interpretation:
        """A part of the question the query does not carry (a percentage, a rate per 1.000, an exclusion)
        is never dropped in silence: the answer would be another figure in confident words. Ask back, with
        the figure that can be given as an option that answers it in one step."""
        query = result.query
        units = {self.model.metrics[m].unit for m in query.metrics}
        missing: list[str] = []
        share_of_counted = False
        if re.search(PCT_RE, parse.numtext) and not units & {"procent", "per 1.000"} and query.year_comparison is None:
            share = self._percentage_of(self._ages_as_classes(query))
            if share is not None and self._of_the_counted(parse) and self._population_share(share):
                share = None  # 'welk percentage van de Wmo-cliënten is vrouw': a share of the clients, not of inhabitants
            if share is None and re.search(r"\b(?:procent|percentage|deel)\s+van\s+(?:het|de|ons|onze)\s+(?:geld|budget|"
                                           r"begroting|middelen|bedrag)\b", fold(parse.numtext)):
                # 'hoeveel procent van het geld voor ... is besteed': the spending over the budget
                share = next((n for n, met in self.model.metrics.items() if met.unit == "procent"
                              and met.spec.get("kind") == "ratio" and met.spec.get("numerator") in query.metrics
                              and isinstance(met.spec.get("denominator"), str)
                              and self.model.metrics[met.spec["denominator"]].unit == "euro"), None)
            if share is None and context is not None:
                # 'Wat is daarvan uitgegeven, en hoeveel procent is dat?' after the begroting: the numerator asked now
                # over the denominator answered before
                share = next((n for n, met in self.model.metrics.items() if met.unit == "procent"
                              and met.spec.get("kind") == "ratio" and met.spec.get("numerator") in query.metrics
                              and met.spec.get("denominator") in context.metrics), None)
                if share is not None:
                    query.metrics = [*query.metrics, self.model.metrics[share].spec["denominator"]]
            if share is None:
                missing.append("een percentage")
                share_of_counted = self._of_the_counted(parse)
            else:  # 'hoeveel procent van het budget is opgegaan': the percentage taken of that figure
                spec = self.model.metrics[share].spec
                parts = [spec.get("denominator"), spec.get("numerator")]
                # 'realisatie naast de begroting, inclusief uitputtingspercentage': both parts named as figures of
                # their own stay, the percentage beside them
                query.metrics = [*parts, share] if spec.get("with_parts") and all(
                    p in query.metrics for p in parts) else [share]
                defined = {f.get("dimension") for f in self.model.metrics[share].default_filters}
                query.filters = [f for f in query.filters if f.dimension not in defined]  # its definition has them
        bare = re.search(r"\bper\s+(?:1\.?000|duizend)\s*(?:[?.,!:;]|$|(\w+))", fold(parse.numtext))
        rate = self._rate_of(query) if bare and "per 1.000" not in units and (
            bare.group(1) is None or _verb_form(bare.group(1))) else None
        if rate is not None:
            # 'van alle vrouwen in Bezuidenhout: hoeveel per 1.000 kregen ...': the count as a rate over the
            # inhabitants of the group the question narrows to
            query.metrics = [rate]
            units = {"per 1.000"}
        elif re.search(r"\bper\s+(?:1\.?000|duizend)\b", parse.numtext) and "per 1.000" not in units:
            missing.append("een aantal per 1.000")
        elif "per 1.000" in units and re.search(r"\bper\s+(?:1\.?000|duizend)\s+(?:\w+[- ])?(?:huishoudens|\w*(?:"
                                                + "|".join(PERSON_TAILS) + r"))\b", fold(parse.numtext)):
            # 'instromers per 1.000 cliënten': a rate of another group than the inhabitants
            said = re.search(r"\bper\s+(?:1\.?000|duizend)\s+(.+?)(?=[\s?.,!]|$)", parse.numtext, re.IGNORECASE)
            missing.append("een aantal per 1.000 " + (said.group(1) if said else "van een andere groep"))
        elif re.search(PCT_RE, parse.numtext) and (units & {"per 1.000", "procent"}) and self._of_the_counted(parse) \
                and any(isinstance(self.model.metrics[m].spec.get("denominator"), dict) for m in query.metrics):
            # 'welk aandeel van de bijstandsontvangers woonde in Escamp', 'welk deel van de Haagse Wmo-cliënten was 75
            # of ouder': a part of the clients, not a rate or share of inhabitants
            missing.append("een percentage")
            share_of_counted = True
        for i, word in enumerate(parse.words):
            if i in parse.named:
                continue
            following = parse.words[i + 1] if i + 1 < len(parse.words) else ""
            if word in EXCLUSION_CUES and self._figure_left_out(parse, i, query):
                continue  # 'de kosten, zonder begroting erbij': that figure is not given
            if word in EXCLUSION_CUES and following not in ("uitsplitsing", "onderscheid"):
                after = self._listed_after(parse, i)  # 'zonder (de) beschermd wonen en maatschappelijke opvang'
            elif word == "niet" and following and (lemma(following) in LEAVE_OUT_LEMMAS or (
                    following in ("bij", "erbij", "mee") and (i + 2 == len(parse.words) or lemma(
                        parse.words[i + 3 if parse.words[i + 2] == "te" and i + 3 < len(parse.words) else i + 2])
                        in ("hebben", "zien", "tellen", "nemen", "rekenen", "horen", "krijgen")))):
                j = i  # 'opvang niet meegerekend'; 'X wil ik er niet bij hebben': over the words of the clause
                ends = {m.end for m, _e in parse.values}
                while j not in ends and j > 0 and i - j < 4 and (parse.words[j - 1] in STOPWORDS
                                                                 or lemma(parse.words[j - 1]) == "hoeven"):
                    j -= 1
                after = self._listed_before(parse, j)
            elif word == "buiten" and following == "beschouwing":  # 'als je X buiten beschouwing laat'
                after = self._listed_before(parse, i) or self._listed_after(parse, i + 1)
            elif word == "buiten" and (i + 1) in {m.start for m, _e in parse.values}:
                after = self._listed_after(parse, i)  # 'in Den Haag buiten Escamp'
            elif ((word in ("eruit", "eraf", "weg", "af") or (word == "uit" and "er" in parse.words[max(0, i - 4):i]))
                  and following and lemma(following) in REMOVE_LEMMAS
                  and not re.search(rf"\b{re.escape(word)}\s*[.?!;]\s*{re.escape(following)}\b", fold(parse.numtext))) \
                    or lemma(word) in {"weglaten", "wegfilteren", "uitsluiten", "eruithalen", "aftrekken"}:
                after = self._listed_before(parse, i) or self._listed_after(parse, i)  # 'als je X eruit haalt'
                if not after and "er" in parse.words[max(0, i - 4):i]:  # 'als je X er (ook nog) uit laat'
                    after = self._listed_before(parse, max(j for j in range(max(0, i - 4), i) if parse.words[j] == "er"))
                if not after and i > 0 and parse.words[i - 1] in ("er", "daar"):
                    after = self._listed_before(parse, i - 1)
            elif (word == "uitzondering" and following == "van") or (word == "afgezien" and following == "van") \
                    or (word == "los" and following == "van" and (i + 2) in {m.start for m, _e in parse.values}):
                after = self._listed_after(parse, i + 1)  # 'met uitzondering van X', 'afgezien van X'
            else:
                continue
            if not (after and self._exclude(query, after, [*parse.group_dims, *(context.dimensions if context else [])])):
                missing.append("een uitsluiting ('" + " ".join(parse.originals[i:i + 3]) + "')")
            elif context is not None and "ook" in parse.words:
                # 'en als je X er ook nog uit laat': left out beside what was left out before
                for before in (f for f in context.filters if f.op == "not in"):
                    now = next((f for f in query.filters if f.dimension == before.dimension and f.op == "not in"), None)
                    if now is not None:
                        now.values[:] = list(dict.fromkeys([*before.values, *now.values]))
            elif word == "los":  # 'los van X' read as the exclusion it is
                parse.unused = [w for w in parse.unused if fold(w) != "los"]
            break
        for m in re.finditer(r"\b(\d+|[^\W\d_]+)\s+of\s+meer\s+((?:[^\W\d_]+-)?[^\W\d_]+(?:\s+[^\W\d_]+)?)",
                             fold(parse.numtext)):
            # 'cliënten met twee of meer voorzieningen': a number of things per person the figure does not carry
            # (a name that says it, 'uit twee of meer (verschillende) wetten', is read by the lexicon)
            n = int(m.group(1)) if m.group(1).isdigit() else number_word(m.group(1)) or 0
            if n >= 2 and not {stem(w) for w in re.findall(r"[^\W\d_]+", m.group(2))} & self._after_several:
                missing.append(f"'{m.group(1)} of meer {m.group(2).split()[0]}'")
                break
        if parse.unused:
            missing.append(", ".join(f"'{w}'" for w in dict.fromkeys(parse.unused)))
        # a narrowing the figure cannot carry ('inwoners van 0 t/m 17': the CBS count knows no age)
        missing += list(dict.fromkeys(n.what for n in result.notices if isinstance(n, Dropped)))
        areas = [d for d in self.lex.area_dimensions if d != self.lex.home_dimension]
        used = set(query.dimensions) | {f.dimension for f in query.filters}
        named = [d for d in parse.dimension_mentions if d in areas
                 and all(d in self.model.metrics[m].dimensions for m in query.metrics)]
        if named and not used & set(areas):  # 'in mijn wijk', 'in die buurt': which one is not said
            missing.append(f"welke {self.model.dimensions[named[0]].label.lower()}")
        # a breakdown named that the query neither shows nor narrows ('gegroepeerd op leeftijdsklasse × geslacht'
        # answered with one total) is never dropped in silence
        summed = re.search(r"\b(?:zonder|geen)\s+uitsplitsing|\bsamen\b|\bopgeteld\b|\bin\s+totaal\b|\bbij\s+elkaar\b"
                           r"|\bover\s+alle\s+\w+\s+heen\b"
                           r"|\bongeacht\b|\blos\s+van\b|\bmaakt\s+niet\s+uit\b|\bin\s+plaats\s+van\b|\bi\.?p\.?v\b",
                           parse.numtext)
        defined = {f.get("dimension") for m in query.metrics for f in self.model.metrics[m].default_filters} | {
            self.model.metrics[m].spec.get("distinct_column") for m in query.metrics}  # ('uit meerdere wetten')
        for d in dict.fromkeys(parse.dimension_mentions):
            if summed or d in used or d in defined or d in self.lex.area_dimensions \
                    or self.lex.dimension_kind.get(d) in ("year", "numeric") or d in AGE_DIMENSIONS and used & set(AGE_DIMENSIONS):
                continue
            missing.append(f"een uitsplitsing naar {self.model.dimensions[d].label.lower()}")
        rows = [d for d in query.dimensions if self.lex.dimension_kind.get(d) != "year"]
        if not missing and rows and units == {"aantal"} and len(query.metrics) == 1 and query.year_comparison is None \
                and re.search(r"\bprocentue(?:el|le)\b|\bin\s+procenten\b", fold(parse.numtext)) \
                and not re.search(CHANGE_RE, parse.numtext) and not _compares(parse.numtext):
            # 'hoe verdeelt het totaal zich procentueel over de stadsdelen': each row's share of the whole
            part = query.model_copy(deep=True, update={"order_by": [], "limit": None})
            whole = part.model_copy(deep=True, update={"dimensions": [d for d in part.dimensions if d not in rows]})
            return Interpretation("query", query=part, whole=whole, notices=list(result.notices))
        if not missing:
            return result
        if share_of_counted and missing == ["een percentage"]:
            shared = self._share(parse, query, context)
            if shared is not None:
                return Interpretation("query", query=shared[0], whole=shared[1], notices=[
                    n for n in result.notices if not isinstance(n, Dropped)])
            missing = ["een percentage van de cliënten"]
        label = "; ".join(self.model.metrics[m].label for m in query.metrics)
        option = f"{label} (zonder {' en '.join(m.split(' (')[0] for m in missing)})"
        message = (f"Dit deel van de vraag kan ik nog niet in het cijfer verwerken: {', '.join(missing)}. "
                   f"Ik kan wel {label.lower()} geven voor dezelfde afbakening; kies die optie, of stel de vraag "
                   "anders.")
        return Interpretation("clarification", message=message, options=[option], option_queries={fold(option): query},
                              notices=[n for n in result.notices if not isinstance(n, Dropped)])

    def _share(self, parse: _Parse, query: SemanticQuery,
               context: SemanticQuery | None = None) -> tuple[SemanticQuery, SemanticQuery] | None:
        """'aandeel vrouwen onder de Wmo-cliënten', 'welk deel van de Haagse bijstandsontvangers woonde in Moerwijk',
        'aandeel van elk stadsdeel in het totale aantal schuldhulpcliënten': the count of a part over the count of the
        group it belongs to. The group is what the question names after 'van/onder/binnen (de, alle)' (or after 'het
        totale aantal'), up to its verb; what is named elsewhere (an area, an age, a gender) is the part. Without a
        part named as a value, the part is the rows (each stadsdeel's share in the whole). (part, whole), or None when
        the question does not say which is which."""
        words = parse.words
        span, total = None, None
        for i, word in enumerate(words):
            if word not in ("procent", "percentage", "aandeel", "deel"):
                continue
            at = next((j for j in range(i + 1, min(i + 4, len(words))) if words[j] in ("van", "onder", "binnen")), None)
            total = next((j for j in range(i + 1, len(words) - 1) if words[j] == "aantal"
                          and words[j - 1] in ("totale", "totaal", "hele")), None)
            start = total if total is not None else at
            if start is None:
                continue
            end = next((j for j in range(start + 2, len(words)) if words[j] in ("per", "was", "is", "waren")
                        or (j not in parse.named and parse.stems[j] not in self._metric_words
                            and (_verb_form(words[j]) or word_classes(words[j]) == {"verb"}))),
                       len(words))  # (not 'huishoudens', a verb's form as well; 'ging', only a verb)
            span = (start + 1, end)
            break
        if span is None:
            return None
        for j in range(span[0], min(span[1], len(words) - 1)):
            level = {e.key for e in self.lex.phrases.get((parse.stems[j + 1],), []) if e.kind == "dimension"}
            if words[j] in ("dat", "die", "deze", "dit") and level & set(self.lex.area_dimensions) \
                    and not level & set(query.dimensions):
                return None  # 'van alle huishoudens in dat stadsdeel' after a wijk: which area the whole is, is not said
        metric = query.metrics[0] if len(query.metrics) == 1 else None
        spec = self.model.metrics[metric].spec if metric else {}
        if spec.get("kind") == "ratio" and isinstance(spec.get("denominator"), dict):
            metric = spec["numerator"]  # a rate over inhabitants asked as a share of the clients: its count
        if metric is None or not (self.model.metrics[metric].unit == "aantal"
                                  or self.model.metrics[metric].spec.get("kind") == "sum"):
            return None  # (a share of a count, or of money spent: 'welk deel van het geld ging naar ...')
        inside = {str(e.key) for m, e in parse.values if span[0] <= m.start < span[1]}
        after = {str(e.key) for m, e in parse.values if m.start >= span[1]}
        defined = {f.get("dimension") for f in self.model.metrics[query.metrics[0]].default_filters} \
            if metric != query.metrics[0] else set()
        who = {*AGE_DIMENSIONS, "geslacht", *self.lex.area_dimensions}
        # the part: who is named outside the group (an area, an age, a gender), or what they have named after its verb
        # ('welk aandeel van de Jeugdwet-cliënten in Vogelwijk had pleegzorg')
        part_filters = [f for f in query.filters if f.dimension not in defined
                        and not any(str(v) in inside for v in f.values)
                        and self.lex.dimension_kind.get(f.dimension) != "year"
                        and (f.dimension in who or all(str(v) in after for v in f.values))]
        rows = [d for d in query.dimensions if self.lex.dimension_kind.get(d) != "year"]
        if not part_filters and context is not None and context.metrics and context.metrics[0] != metric \
                and self.model.metrics[context.metrics[0]].unit == "aantal" \
                and self.model.metrics[context.metrics[0]].counting_unit == self.model.metrics[metric].counting_unit:
            # 'en als percentage van alle huishoudens met een voorziening in dat stadsdeel?' after the households
            # with stapeling per stadsdeel: the figure answered before over the group now named, row by row
            part = context.model_copy(deep=True, update={"order_by": [], "limit": None})
            whole = query.model_copy(deep=True, update={"metrics": [metric], "order_by": [], "limit": None,
                                                        "dimensions": list(part.dimensions)})
            return part, whole
        every = re.search(r"\b(?:elk|elke|ieder|iedere)\b", " ".join(words)) or (total is not None)
        if not part_filters and not (rows and every):
            return None  # (the rows are the part only where the whole is named as such: 'in het totale aantal')
        whole_dims = query.dimensions if part_filters else [d for d in query.dimensions if d not in rows]
        part = query.model_copy(deep=True, update={"metrics": [metric], "order_by": [], "limit": None})
        part.filters = [f for f in query.filters if f.dimension not in defined or metric == query.metrics[0]]
        whole = part.model_copy(deep=True, update={"dimensions": list(whole_dims)})
        whole.filters = [f for f in part.filters if f not in part_filters]
        return part, whole

    @staticmethod
    def _listed_before(parse: _Parse, i: int) -> list[Entry]:
        """The values named right before position ``i``, joined by 'en' or 'of': 'de maatschappelijke opvang en
        beschermd wonen niet meegerekend' (not a wijk named earlier in the sentence)."""
        ends = {m.end: (m, e) for m, e in parse.values}
        found: list[Entry] = []
        pos = i
        while pos in ends:
            match, entry = ends[pos]
            found.append(entry)
            pos = match.start
            while pos - 1 >= 0 and parse.words[pos - 1] in ("de", "het") and pos - 1 not in ends:
                pos -= 1  # 'beschermd wonen en de maatschappelijke opvang'
            if pos - 1 >= 0 and parse.words[pos - 1] in ("en", "of"):
                pos -= 1
            else:
                break
        return found

    @staticmethod
    def _listed_after(parse: _Parse, i: int) -> list[Entry]:
        """The values named right after position ``i``, an article allowed before each, and joined by
        'en', 'of' or commas: 'zonder beschermd wonen en de maatschappelijke opvang'."""
        starts = {m.start: (m, e) for m, e in parse.values}
        found: list[Entry] = []
        pos = i + 1
        # 'behalve die in de pleegzorg', 'zonder de mensen die alleen een vervoersvoorziening hebben': the people
        # named by the provision they are in, or only have (not 'die een X hebben': those have X beside others)
        j = pos
        while j < len(parse.words) and j not in starts and j - pos < 6 and (
                parse.words[j] in ("de", "het", "een", "die", "in", *RESTRICTIVE_WORDS) or parse.words[j] in PERSON_NOUNS):
            j += 1
        if j in starts and "die" in parse.words[pos:j] and set(parse.words[pos:j]) & {"in", *RESTRICTIVE_WORDS}:
            pos = j
        while True:
            while pos < len(parse.words) and (parse.words[pos] in ("de", "het", "een", "en", "of", "ook")
                                              or parse.words[pos] in EXCLUSION_CUES) and pos not in starts:
                pos += 1  # 'zonder A en zonder B'
            if pos not in starts:
                return found
            match, entry = starts[pos]
            found.append(entry)
            pos = match.end
            # a list goes on with 'en'/'of', or straight on with another value of the same kind (a comma:
            # 'zonder Moerwijk, Morgenstond en Leyenburg')
            nxt = starts.get(pos)
            if nxt is not None and nxt[1].dimension == entry.dimension:
                continue
            if pos >= len(parse.words) or parse.words[pos] not in ("en", "of"):
                return found

    @staticmethod
    def _exclude(query: SemanticQuery, entries: list[Entry], asked: list[str] = ()) -> bool:
        """Turn the filters the question names after 'zonder' / 'behalve' into exclusions (``not in``);
        False when one of them is not a filter of the query as it was read. A breakdown that only came from
        listing the values left out goes ('beschermd wonen en de opvang niet meegerekend'); one the question
        asks for (``asked``: 'per soort, zonder ...') stays."""
        listed = {f.dimension for f in query.filters if f.op == "in" and len(f.values) > 1}
        for entry in entries:
            found = next((f for f in query.filters if f.dimension == entry.dimension and f.op in ("=", "in")
                          and entry.key in f.values), None)
            if found is None:
                return False
            rest = [v for v in found.values if v != entry.key]
            query.filters.remove(found)
            if rest:
                query.filters.append(Filter(dimension=found.dimension, op="=" if len(rest) == 1 else "in", values=rest))

            previous = next((f for f in query.filters if f.dimension == entry.dimension and f.op == "not in"), None)
            if previous is not None:
                previous.values.append(entry.key)
            else:
                query.filters.append(Filter(dimension=entry.dimension, op="not in", values=[entry.key]))
        for dim in listed:
            if dim in query.dimensions and dim not in asked and not any(
                    f.dimension == dim and f.op in ("=", "in") for f in query.filters):
                query.dimensions.remove(dim)
        return True

    # ------------------------------------------------------------------ special intents
    def _domain_content(self, parse: _Parse) -> bool:
        """Does the question name anything of the semantic layer: a figure, a value, a breakdown or a year?"""
        return bool(self._metric_scores(parse)[0] or parse.values or parse.group_dims
                    or re.search(rf"\b{YEAR_RE}\b", parse.numtext))

    def _about_protection(self, folded: str, parse: _Parse) -> Interpretation | None:
        """'Vanaf hoeveel personen wordt een cel getoond?', 'Wat is de minimale celgrootte?', 'Waarom zie ik dat cijfer
        niet?': how the figures are protected, answered from the settings (:attr:`protection_text`), not a figure."""
        if self.protection_text is None or parse.values or re.search(rf"\b{YEAR_RE}\b", parse.numtext):
            return None
        topic = re.search(r"\b(?:cel|cellen|celgrootte|kleine\s+(?:cel|cellen|groep|groepen|aantallen)|drempel\w*|"
                          r"onderdruk\w*|verstoo?r\w*|ruis|privacy|bescherm\w*|disclosure|niet\s+(?:getoond|zichtbaar|"
                          r"te\s+zien)|zie\s+ik\s+(?:dat|dit|het|die|deze)\s+\w*\s*niet)\b", folded)
        asked = re.search(r"\b(?:vanaf|hoeveel|minimale?|minimum|hoe|waarom|wat|wanneer|welke)\b", folded)
        return Interpretation("definition", message=self.protection_text) if topic and asked else None

    def _special(self, folded: str, context: SemanticQuery | None) -> Interpretation | None:
        short = len(folded.split()) <= 8
        if short and re.search(r"\bsql\b", folded):
            if context is None:
                return Interpretation("clarification", message="Er is nog geen vraag gesteld waarvan ik de SQL kan "
                                      "tonen. Stel eerst een vraag over de cijfers.")
            return Interpretation("show_sql", query=context, followup=True)
        if short:
            for word, kind in CHART_WORDS.items():
                if re.search(rf"\b{word}\b", folded) and re.search(r"\b(als|in|toon|laat|maak|geef|zet|op)\b", folded):
                    parse = self._parse(folded)
                    if self._metric_scores(parse)[0] or parse.values or re.search(rf"\b{YEAR_RE}\b", folded):
                        break  # a new question, or new scope ('zelfde voor X en Y, in één tabel'), with its form
                    if context is None:
                        return Interpretation("clarification", message="Waarvan wilt u een grafiek? Stel eerst een "
                                              "vraag over de cijfers.")
                    return Interpretation("chart", query=context, chart=kind or "auto", followup=True)
        for pattern in OVERVIEW_PATTERNS:
            if re.search(pattern, folded):
                return self._overview()
        return None

    def _join_split_compounds(self, text: str) -> str:
        """A compound written as two words ('jeugd reclassering', 'schuld hulpverlening'): where the first word is
        no word of the semantic layer and both together are one, they are that word."""
        known = self.lex.known_stems
        parts = re.split(r"(\s+)", text)
        out: list[str] = []
        i = 0
        while i < len(parts):
            word = parts[i]
            if i + 2 < len(parts) and word.isalpha() and parts[i + 2].isalpha() and len(word) >= 3 \
                    and stem(fold(word)) not in known and fold(word) not in LANGUAGE_WORDS:
                joined = fold(word + parts[i + 2])
                if stem(joined) in known or joined in known:
                    out.append(word + parts[i + 2].lower())
                    i += 3
                    continue
            out.append(word)
            i += 1
        return "".join(out)

    def _expand_abbreviations(self, text: str) -> str:
        """A shortened word with a full stop ('inw.', 'clnt.') written out, where every word of the semantic
        layer it can stand for has the same stem; an everyday word ('bijv.') or a doubtful one stays."""
        def expand(m: re.Match) -> str:
            short = fold(m.group(1))
            if short in LANGUAGE_WORDS or short in self.lex.fuzzy_words or (stem(short),) in self.lex.phrases \
                    or (zipf(short) >= 4.0 and simplemma.is_known(short, lang="nl")):
                return m.group(0)  # a word or a name the question ends with ('... stadsdeel Laak.', '... soorten hulp.')
            full = [w for w in self._fuzzy_keys if w.startswith(short) and w.isalpha()]
            stems = sorted({self.lex.fuzzy_words[w] for w in full}, key=len)
            if not full or not all(st.startswith(stems[0]) for st in stems):  # 'inwoner(s)', 'inwonertal'
                return m.group(0)
            return min(full, key=len)

        return re.sub(r"(?<![\w.])([^\W\d_]{2,5})\.(?=\s|,|\)|$)", expand, text)

    def _about_the_data(self, parse: _Parse) -> bool:
        """A question about the data itself (which years, which laws, where it comes from, whether it is real):
        it names the data ('gegevens', 'cijfers', 'registratiegegevens') and no figure, provision or year."""
        if not parse.words or self._metric_scores(parse)[0] or parse.value_slot \
                or re.search(rf"\b{YEAR_RE}\b", parse.numtext):
            return False
        if not any(w.endswith(DATA_NOUNS) for w in parse.words):
            return False
        # asked as a question ('Geef me de cijfers van Moerwijk' asks for figures: which ones is asked back)
        return parse.words[0] in ("welke", "welk", "wat", "waar", "hoe", "van", "over", "uit", "zijn", "is", "kan",
                                  "kun", "hebben", "heeft") \
            or (is_adposition(parse.words[0]) and any(w in ("welk", "welke") for w in parse.words[:4]))  # 'tot welk jaar'

    def _overview(self) -> Interpretation:
        municipal = [m.label for n, m in self.model.metrics.items() if is_municipal(self.catalogue, n)]
        cbs = [m.label for n, m in self.model.metrics.items() if not is_municipal(self.catalogue, n)]
        dims = [d.label.lower() for n, d in self.model.dimensions.items() if self.lex.dimension_kind.get(n) != "numeric"]
        years = sorted(self.catalogue.years)
        period = f"{years[0]}–{years[-1]}" if years else ""
        message = (
            "Ik beantwoord vragen over het sociaal domein met deze cijfers.\n"
            f"Gemeentelijke registratie van {self.lex.home_area or 'de gemeente'} (synthetische demodata, {period}): "
            + ", ".join(municipal) + ".\n"
            "CBS (echte open data, ook andere gemeenten): " + ", ".join(cbs) + ".\n"
            + ("Wetten: " + ", ".join(str(v) for v in self.catalogue.values("wet")) + ".\n"
               if "wet" in self.model.dimensions else "")
            + "U kunt filteren en uitsplitsen naar " + ", ".join(dims) + ", en naar leeftijd "
            "(bijvoorbeeld '75 jaar en ouder'). Vraag bijvoorbeeld: " + self._example_question()
        )
        definitions = {m.label: m.description for m in self.model.metrics.values()}
        return Interpretation("overview", message=message, definitions=definitions)

    def _definition(self, folded: str, parse: _Parse) -> Interpretation | None:
        # 'wat verstaan jullie precies onder ...', 'hoe rekenen jullie ... uit': a verb of meaning or computing
        cue = any(c in folded for c in DEFINITION_CUES) or (
            parse.words[:1] in (["hoe"], ["wat"]) and "hoeveel" not in parse.words
            and not re.search(rf"\b{YEAR_RE}\b", parse.numtext)
            and any(lemma(w) in DEFINITION_LEMMAS or (lemma(w) == "rekenen" and "uit" in parse.words[i + 1:])
                    for i, w in enumerate(parse.words)))
        what_is = re.match(r"^\s*(wat|wie)\s+(is|zijn|was|waren)\s+(een\s+|de\s+|het\s+)?", folded) is not None
        if re.match(r"^\s*wat\s+(?:is|was|zijn|waren)\s+(?:dat|dit)\b", folded) \
                or re.search(r"\bbetekent\s+(?:dat|dit|het)\s+(?:[^\W\d_]+\s+)?(?:voor|per)\b", folded):
            # 'wat is dat als percentage van ...', 'wat betekent dat voor de uitputting', '... per cliënt': the figure
            # just answered or what follows from it, not a term to define
            return None
        # 'Welke leeftijdsklassen hanteren jullie?': which groups a breakdown has, asked without any figure
        # ('Welke wijk doet het het slechtst?' asks for a figure: a judgement or an order is no such question)
        which_groups = parse.words[:1] in (["welke"], ["welk"]) and bool(parse.dimension_mentions) \
            and not self._metric_scores(parse)[0] and not parse.values and not self._data_context(parse) \
            and self._ranking(parse) == (None, None) and not any(_graded(w) for w in parse.words)
        if not cue and not which_groups:
            # "wat is stapeling?" asks for a meaning; "wat was de instroom in de bijstand vorig jaar?" for data
            if not what_is or parse.group_dims or self._data_context(parse) or self._leftover(parse) \
                    or any(pronominal_adverb(w) for w in parse.words):
                return None  # 'wat was daarvoor begroot?': the budget of what was answered, not a meaning
        definitions: dict[str, str] = {}
        # 'hoe bepalen jullie de leeftijd van een cliënt': a dimension named before the figure is what is defined
        named_dims = [(i, d) for i, st in enumerate(parse.stems) for d, dim in self.model.dimensions.items()
                      if cue and st == stem(fold(dim.label)) and i not in parse.named]
        _scores, spans_ = self._metric_scores(parse)
        first_figure = min((lo for lo, _hi in spans_.values()), default=len(parse.stems))
        if named_dims and named_dims[0][0] < first_figure:
            dim = self.model.dimensions[named_dims[0][1]]
            return Interpretation("definition", message=f"{dim.label}: {dim.description}",
                                  definitions={dim.label: dim.description})
        for concept in parse.concepts:
            definitions[concept] = self.model.concepts[concept]
        scores, _spans = self._metric_scores(parse)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1][0])
        defined: list[str] = []  # the figures whose definition is given
        if ranked and (not definitions or cue):
            best = ranked[0][1][0]
            for name, (score, _cov) in ranked:
                if score < best or len(definitions) >= 3:
                    break
                defined.append(name)
                metric = self.model.metrics[name]
                if metric.label not in definitions and not any(metric.label.lower() in k.lower() for k in definitions):
                    definitions[metric.label] = metric.description
        if not definitions:
            for match, entry in parse.values:
                dim = self.model.dimensions[entry.dimension]
                definitions[str(entry.key)] = f"{entry.key} is een waarde van '{dim.label}'. {dim.description}"
            for dim_name in parse.dimension_mentions:
                dim = self.model.dimensions[dim_name]
                listed = " Waarden: " + ", ".join(map(str, dim.values)) + "." \
                    if which_groups and dim.values and len(dim.values) <= 30 else ""
                definitions.setdefault(dim.label, dim.description + listed)
        if not definitions:
            if not cue:
                return None
            return Interpretation(
                "out_of_scope",
                message="Dat begrip ken ik niet uit de semantische laag. " + self._scope_hint(),
            )
        lines = [f"{term[:1].upper()}{term[1:]}: {text}" for term, text in definitions.items()]
        # one figure defined: what a next question points at ('hoeveel huishoudens hadden daar mee te maken')
        about = SemanticQuery(metrics=defined) if len(defined) == 1 else None
        return Interpretation("definition", query=about, message="\n".join(lines), definitions=definitions)

    def _data_context(self, parse: _Parse) -> bool:
        """Does the question ask for figures (a period, a count word, an area or value as a filter)?"""
        if re.search(rf"\b{YEAR_RE}\b", parse.numtext) or re.search(TIME_RE, parse.numtext):
            return True
        if any(w in DATA_WORDS for w in parse.words) or re.search(PCT_RE, parse.numtext):
            return True  # ('wat is het verschil in procenten': a figure, not a meaning)
        scores, _spans = self._metric_scores(parse)
        covered = set().union(*(c for _s, c in scores.values())) if scores else set()
        for match, _entry in parse.values:
            if set(match.stems) <= covered:
                continue  # part of the metric's own name ('percentage jeugdigen met jeugdhulp')
            before = [w for w in parse.words[max(0, match.start - 3):match.start] if w not in ("de", "het", "een")]
            if (before and before[-1] in FILTER_PREPOSITIONS) or parse.words[match.start] in FILTER_PREPOSITIONS:
                return True  # 'in Ypenburg', 'in de bijstand', 'voor beschermd wonen'
        return False

    def _leftover(self, parse: _Parse) -> list[str]:
        """Content words that are neither a name of the semantic layer nor everyday question language."""
        return [parse.words[i] for i in self._leftover_positions(parse)]

    def _leftover_positions(self, parse: _Parse) -> list[int]:
        scores, _spans = self._metric_scores(parse)
        covered = set().union(*(c for _s, c in scores.values())) if scores else set()
        out: list[int] = []
        for i, (stem_, word) in enumerate(zip(parse.stems, parse.words)):
            if i in parse.named or stem_ in covered or not stem_.isalpha():
                continue
            if stem_ in self._metric_words:
                continue  # a figure's name, also where another name of the same figure was matched ('begroot ... budget')
            later = [w for w in parse.words[i + 1:] if w in PARTICLES]
            if stem_ in LANGUAGE_STEMS or is_language(word, later) or _group_cue(word):  # stem_ may be a corrected typo
                continue
            if split_pronominal(word, parse.words[:i]):
                continue  # 'zijn er dat jaar mee gestopt'
            if word in PARTICLES and any(zipf(word + lemma(w)) >= 3.0 for w in parse.words[max(0, i - 12):i]
                                         if lemma(w) != w or "verb" in word_classes(w)):
                continue  # 'kwamen ... uit twee wetten samen': the particle of a verb written apart (samenkomen)
            if parse.words[i - 1:i + 2] == ["in", "plaats", "van"]:
                continue  # 'Schildersbuurt in plaats van Moerwijk': what replaces what (_replaced_at)
            if _replaced_at(parse.words, i - (i > 0 and parse.words[i - 1] in ("per", "de", "het"))) \
                    and self._names_dimension(stem_):
                continue  # 'naar geslacht in plaats van leeftijd': the breakdown that goes (_followup)
            if i in parse.implying:
                continue
            if i > 0 and parse.words[i - 1] in DEMONSTRATIVES | {"welk", "welke", "het"} \
                    and (lemma(word) in FIGURE_NOUNS or word in FIGURE_NOUNS) and self._metric_scores(parse)[0]:
                continue  # 'dat bedrag', 'die cijfers': the figure answered before; 'welk bedrag ... begroot'
            if i > 0 and parse.words[i - 1] in DEMONSTRATIVES and (lemma(word) in FIGURE_NOUNS or word in FIGURE_NOUNS):
                continue
            if word in FIGURE_NOUNS and i + 1 < len(parse.stems) and parse.stems[i + 1] in covered:
                continue  # 'som realisatie / som begroot', 'totaal kosten': the figure it names
            if i > 0 and parse.stems[i - 1].isdigit() and word in AGE_TAILS:
                continue  # '65-plussers', '12-jarigen': an age, read by _ages
            acronym = len(parse.originals[i]) >= 2 and parse.originals[i].isupper()
            if len(stem_) < 3 and not acronym:
                continue
            if number_word(word) is not None:
                continue
            out.append(i)
        return out

    def _incidental(self, parse: _Parse, i: int, head: int | None, spans: dict[str, tuple[int, int]],
                    context: SemanticQuery | None) -> bool:
        """Is the unknown word at ``i`` how the question is put rather than what it is about? Only a common
        Dutch word (wordfreq) that names no group: not the head, not a noun introduced by an article or a
        preposition ('met een hond', 'in flats'), not an inflected adjective before a name ('dakloze
        cliënten'), not what a figure is about ('kosten van X'). Of these, a verb ('voeg ... toe', 'sorteer')
        and a modifier of an operation word ('het absolute verschil') are always how it is put; any other
        word only in a follow-up, whose scope the conversation already holds ('En in Willemspark, hier vlak
        naast?'). A first question keeps such a word as content: it is asked back or refused, never dropped."""
        words = parse.words
        word = words[i]
        before = words[i - 1] if i > 0 else ""
        # an adverb by its form, or a plain adjective before the verb that names a figure ('echt uitgegeven')
        nxt = words[i + 1] if i + 1 < len(words) else ""
        adverb = (word.endswith(("lijk", "ig", "isch", "baar", "zaam")) or (
            "adj" in word_classes(word) and lemma(word) == word and word_classes(nxt) == frozenset({"verb"})
            and any(lo == i + 1 for lo, _hi in spans.values()))) and before not in NOUN_INTRODUCERS
        if context is not None and before in DEMONSTRATIVES and word.isalpha() and (i + 1) not in parse.named:
            return True  # 'hoe was die verdeling drie jaar later', 'mannen van die leeftijd': the answer before
        if i == head and not (adverb and any(lo == i + 1 for lo, _hi in spans.values())):
            return False  # (an adverb before the figure is not what is asked: 'wat is uiteindelijk gerealiseerd')
        after = words[i + 1] if i + 1 < len(words) else ""
        names = {lo for lo, _hi in spans.values()} | set(parse.named)
        if is_adjective_only(word) and before not in NOUN_INTRODUCERS and (i + 1) not in names \
                and after not in OPERATION_NOUNS and not self._restricts(parse, i, spans):
            return True  # an adverb: how it is said ('wat is er uiteindelijk uitgegeven', 'procentueel het verst')
        # 'het absolute (en het procentuele) verschil': how the operation is computed
        of_operation = after in OPERATION_NOUNS or lemma(after) in FIGURE_NOUNS or (
            after in ("en", "of") and any(w in OPERATION_NOUNS for w in words[i + 2:i + 5]))
        if not word.isalpha() or word in AGE_TAILS or (
                max(zipf(word), zipf(lemma(word))) < 3.0 and not (of_operation and word.endswith("e"))):
            return False
        if before in NOUN_INTRODUCERS or before in FILTER_PREPOSITIONS or before in EXCLUSION_CUES \
                or before in ("met", "dan", "als", "per", "naar"):
            if not (lemma(word) != word and word.endswith("e") and of_operation):
                return False  # a noun phrase ('een hond', 'in flats'), unless an adjective of an operation word
        if word.endswith("e") and lemma(word) != word and (i + 1) in parse.named:
            return False  # an adjective before a name qualifies it: 'dakloze cliënten'
        if _verb_form(word, first=True) and before not in NOUN_INTRODUCERS:
            return True  # 'Voeg 2019 toe', 'Sorteer van hoog naar laag'
        if any(self._attached(parse, i, span) for span in spans.values()) and (i + 1) not in parse.named \
                and not adverb:
            return False  # 'kosten van een paspoort' ('uiteindelijk gerealiseerd' says when, not what)
        if of_operation:
            return True
        # in a follow-up: not what it opens with ('En parkeren in Moerwijk?'), nor an infinitive used as a noun
        opening = i == 0 or (i == 1 and words[0] in FOLLOWUP_CUES)
        infinitive = word.endswith("en") and lemma(word) == word
        return context is not None and not opening and not infinitive

    @staticmethod
    def _restricts(parse: _Parse, i: int, spans: dict[str, tuple[int, int]]) -> bool:
        """Does the unknown word at ``i`` narrow the group counted? An inflected adjective before a name
        ('dakloze cliënten'), a word before a preposition and a name ('langdurig in de bijstand'), or what the
        counted have ('hebben een hond'). Such a word is asked back; any other unknown word (a frame such as
        'voor mijn raadsvoorstel') is said in a notice."""
        words = parse.words
        word = words[i]
        nxt = i + 1
        names = {lo for lo, _hi in spans.values()} | {m.start for m, _e in parse.values}  # figures and values
        if nxt in names and word.endswith("e") and lemma(word) != word:
            return True
        noun_or_verb = (i > 0 and (words[i - 1] in NOUN_INTRODUCERS or words[i - 1] in FILTER_PREPOSITIONS)) \
            or lemma(word).endswith("en") or word.endswith("en")
        if nxt < len(words) and words[nxt] in FILTER_PREPOSITIONS and not noun_or_verb:
            j = nxt + 1
            while j < len(words) and words[j] in ("de", "het", "een"):
                j += 1
            if any(k in names for k in range(nxt, j + 1)):  # (a name may start with its preposition)
                return True
        if i >= 2 and words[i - 1] in ("een", "de", "het", "geen") and lemma(words[i - 2]) in HAVING_LEMMAS:
            return True
        return False

    def _head(self, parse: _Parse) -> int | None:
        """Position of what a 'hoeveel ...' / 'wat is de ...' question asks about (its first content word,
        past values that only qualify it: 'Hoeveel Wmo-cliënten' -> 'cliënten')."""
        words = parse.words
        start = None
        for i, w in enumerate(words):
            if w in ("hoeveel", "aantal"):
                start = i + 1
                break
            if w in ("welke", "welk"):  # 'Welke partij ...' asks about a partij; 'Welke 3 wijken' about wijken
                j = i + 1
                while j < len(words) and (not parse.stems[j].isalpha() or number_word(words[j]) is not None):
                    j += 1
                if j < len(words) and not {j, j + 1} & parse.named and not is_language(words[j]):
                    return j  # (an adjective may stand before a dimension: 'Welke 5 Haagse wijken')
                return None
            if w in ("wat", "wanneer", "waar") and i + 1 < len(words) and words[i + 1] in ("is", "zijn", "was", "waren"):
                start = i + 2
                break
        if start is None:
            return None
        for i in range(start, min(len(words), start + 4)):  # the head stands near the question word
            if i in parse.named:
                continue  # a value or dimension qualifies the head ('Wmo-cliënten', 'wijken met ...')
            w, st = words[i], parse.stems[i]
            if w in LANGUAGE_WORDS or st in LANGUAGE_STEMS or not st.isalpha():
                continue
            if is_adjective_only(w) or word_classes(w) == {"verb"}:
                continue  # what is asked is a noun: 'de procentuele stijging', 'Hoeveel Vogelwijkers vielen onder'
            return i
        return None

    @staticmethod
    def _attached(parse: _Parse, i: int, span: tuple[int, int]) -> bool:
        """Is the word at i what the metric words at span are about ('kost een X', 'kosten van X', 'X-kosten')?"""
        lo, hi = span
        if i == lo - 1:
            return True
        if i < hi:
            return False
        between = parse.words[hi:i]
        return len(between) <= 3 and all(w in ("van", "voor", "aan", "een", "de", "het", "op", "die", "dat")
                                          or len(w) <= 2 for w in between)

    def _attached_to_previous(self, text: str, context: SemanticQuery) -> Interpretation | None:
        """A fragment that only makes sense after the figure asked before ('En per cliënt?' after costs):
        read it with that figure's name in front of 'per' ('En kosten per cliënt?'), as a follow-up."""
        for name in context.metrics:
            label = self.model.metrics[name].label.lower()
            attached = re.sub(r"\bper\b", f"{label} per", text, count=1, flags=re.IGNORECASE)
            if attached == text:
                return None
            result = self._interpret(attached, context, suggest_areas=False)
            if result.kind == "query":
                return result
        return None

    def _names_dimension(self, stem_: str) -> set[str]:
        """The dimensions a word names ('geslacht'; 'leeftijd': an age in years or its class)."""
        found = {e.key for e in self.lex.phrases.get((stem_,), []) if e.kind == "dimension"}
        if self.lex.numeric_dimension and stem_ == stem(self.lex.numeric_dimension):
            found |= set(AGE_DIMENSIONS)
        return found

    def _row_level(self, parse: _Parse) -> str | None:
        """'per cliënt', 'per persoon', 'per huishouden' as a breakdown: rows about individuals."""
        fields = [_record_field(w) for i, w in enumerate(parse.words) if _record_field(w)
                  and (i == 0 or parse.words[i - 1] not in ("een", "geen"))]  # 'met een einddatum in 2023': a condition
        fields += ["naam" for i, w in enumerate(parse.words) if w in PERSON_NAME_WORDS and i + 1 < len(parse.words)
                   and parse.words[i + 1] in ("van", "en") and i not in parse.named]  # 'de namen van de cliënten'
        if fields:  # 'met de wijk en de startdatum erbij': a field of one record is a row per record
            return (f"Een {fields[0].lower()} hoort bij één voorziening of één persoon; zo'n lijst zou gegevens over "
                    "individuele inwoners tonen. Wijkvraag geeft alleen cijfers over groepen, bijvoorbeeld de "
                    "instroom per jaar of de gemiddelde duur per soort voorziening.")
        scores, spans = self._metric_scores(parse)
        ranked = any(s in DESC_CUES | ASC_CUES or s.rstrip("e") in DESC_CUES | ASC_CUES for s in parse.stems)
        for i, stem_ in enumerate(parse.stems[:-1]):
            picked = i == 0 or parse.words[i - 1] in ("de", "die", "deze", "welke", "welk", "geef", "noem", "toon")
            if ranked and picked and stem_.isdigit() and 0 < int(stem_) <= 1000 and parse.stems[i + 1] in UNIT_STEMS:
                # 'de tien cliënten die het meest kosten' (not a bound: 'wijken met meer dan 150 cliënten')
                word = parse.originals[i + 1]
                return (f"Een rangorde van {stem_} {word.lower()} zou gegevens over individuele personen of "
                        "huishoudens tonen. Wijkvraag geeft alleen cijfers over groepen, bijvoorbeeld de wijken "
                        "met de hoogste kosten of het aantal cliënten per soort voorziening.")
        for i, stem_ in enumerate(parse.stems[:-1]):
            if stem_ != "per" or parse.stems[i + 1] not in UNIT_STEMS:
                continue
            rates = [mp for mp in self.lex.metric_phrases if mp.metric in scores
                     and any(mp.stems[k:k + 2] == ("per", parse.stems[i + 1]) for k in range(len(mp.stems) - 1))]
            named = any(lo <= i < hi for lo, hi in spans.values())
            implied = any(set(mp.stems) <= set(parse.stems) | parse.implied for mp in rates)
            if stem("client") in parse.implied and self._person_word(parse.words[i + 1]) and any(
                    "per" in mp.stems and set(mp.stems) <= set(parse.stems) | parse.implied for mp in self.lex.metric_phrases):
                continue  # 'wat kost de jeugdhulp per kind': costs per client of that group (_implied)
            if rates and (named or implied):
                continue  # 'kosten per cliënt', 'per cliënt duurder' are a ratio over a group, not rows per person
            word = parse.originals[i + 1]
            return (f"Een uitsplitsing per {word.lower()} zou gegevens over individuele personen of huishoudens "
                    "tonen; die uitsplitsing bestaat niet in de semantische laag. Wijkvraag geeft alleen cijfers "
                    "over groepen, bijvoorbeeld per wijk, leeftijdsklasse of soort voorziening.")
        return None

    # ------------------------------------------------------------------ parsing
    def _correct(self, tokens: list[Token]) -> tuple[list[str], list[str], list[str]]:
        """Stems after compound splitting, everyday synonyms and typo correction; unknown content words."""
        known = self.lex.known_stems
        stems: list[str] = []
        originals: list[str] = []
        unknown: list[str] = []
        for i, tok in enumerate(tokens):
            s = EVERYDAY_WORDS.get(tok.stem, tok.stem)
            if s in known or tok.text in known or tok.text in STOPWORDS or tok.text.isdigit() or len(tok.text) < 3:
                stems.append(s if s in known or tok.text not in known else tok.text)
                originals.append(tok.original)
                continue
            base = lemma(tok.text)  # another form of a known word: 'gekost' -> 'kosten', 'liepen' -> 'lopen'
            if base.endswith("en") and stem(base[:-2] + "ing") in known:
                # the verb of a known noun ('stapelden' -> 'stapelen' -> 'stapeling', 'uitputten' -> 'uitputting'),
                # before the word is split ('uit' + the gemeente 'Putten')
                stems.append(stem(base[:-2] + "ing"))
                originals.append(tok.original)
                continue
            parts = split_compound(tok.text, known) if len(tok.text) >= 7 else None
            if parts:
                for part in parts:
                    stems.append(EVERYDAY_WORDS.get(part, part))
                    originals.append(tok.original)
                continue
            later = [t.text for t in tokens[i + 1:] if t.text in PARTICLES]
            if tok.text in LANGUAGE_WORDS or is_language(tok.text, later):
                stems.append(s)
                originals.append(tok.original)
                continue
            if base != tok.text:
                base_stem = EVERYDAY_WORDS.get(stem(base), stem(base))
                if base_stem in known or base in known or is_language(base):
                    stems.append(base_stem if base_stem in known else base if base in known else s)
                    originals.append(tok.original)
                    continue
            corrected = None if tok.text.startswith(FLOW_FORMS) else self._fuzzy(tok.text)
            if corrected is not None:
                stems.append(corrected)
                originals.append(tok.original)
                continue
            stems.append(s)
            originals.append(tok.original)
            if tok.text.isalpha() and len(tok.text) >= 4:
                unknown.append(tok.text)
        for i in range(len(stems) - 2):
            if stems[i].isdigit() and stems[i + 1] == "of" and stems[i + 2] == "meer" and "meerder" in known:
                stems[i:i + 3] = ["meerder", "", ""]
                originals[i:i + 3] = [originals[i], "", ""]
            elif stems[i] == "meer" and stems[i + 1] == "dan" and stems[i + 2] in ("een", "1") and "meerder" in known:
                stems[i:i + 3] = ["meerder", "", ""]  # 'meer dan één wet'
                originals[i:i + 3] = [originals[i], "", ""]
        # 'verschillende / diverse / minstens twee wetten' say what 'meerdere wetten' says, where the semantic
        # layer names that noun after 'meerdere'
        several = ("verschillend", "divers", "diverse")
        for i in range(len(stems) - 1):
            width = 2 if stems[i] == "minst" and stems[i + 1] in ("2", "twee") else 1
            width += 1 if i + width < len(stems) and stems[i + width] in several and width == 2 else 0
            if (width > 1 or stems[i] in several) and i + width < len(stems) \
                    and stems[i + width] in self._after_several:
                stems[i:i + width] = ["meerder"] + [""] * (width - 1)
                originals[i:i + width] = [" ".join(originals[i:i + width])] + [""] * (width - 1)
        keep = [k for k, s in enumerate(stems) if s != ""]
        return [stems[k] for k in keep], [originals[k] for k in keep], unknown

    def _fuzzy(self, word: str) -> str | None:
        """A typo corrected to a word of the semantic layer, or to an everyday question word ('hoevel')."""
        if len(word) == 5 and word.isalpha():
            # short words: only a single missing, extra or wrong letter, and only when one word fits
            near = {self.lex.fuzzy_words[k] for k, _score, _i in process.extract(
                word, self._fuzzy_keys, scorer=Levenshtein.distance, score_cutoff=1, limit=5)}
            near_language = process.extractOne(word, self._language_keys, scorer=Levenshtein.distance, score_cutoff=1)
            return near.pop() if len(near) == 1 and near_language is None else None
        if len(word) < 6 or not word.isalpha():
            return None
        # one letter wrong, missing or extra ('bijstant'), where only one word of the semantic layer fits and no
        # word of the language does
        near = {self.lex.fuzzy_words[k] for k, _score, _i in process.extract(
            word, self._fuzzy_keys, scorer=Levenshtein.distance, score_cutoff=1, limit=5)}
        if len(near) == 1 and process.extractOne(word, self._language_keys, scorer=Levenshtein.distance,
                                                 score_cutoff=1) is None and zipf(word) < 2.5:
            return near.pop()
        cutoff = 87 if len(word) >= 9 else 90 if len(word) >= 7 else 91
        hit = process.extractOne(word, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        language = process.extractOne(word, self._language_keys, scorer=fuzz.ratio, score_cutoff=cutoff - 3)
        if language is not None and (hit is None or language[1] > hit[1]):
            return language[0]
        if hit is None:
            return None
        return self.lex.fuzzy_words[hit[0]]

    def _parse(self, text: str) -> _Parse:
        tokens = tokenize(text)
        stems, originals, unknown = self._correct(tokens)
        tokens_folded = [fold(o) for o in originals]
        matches: list[_Match] = []
        i = 0
        n = len(stems)
        while i < n:
            found = None
            for length in range(min(self.lex.max_len, n - i), 0, -1):
                key = tuple(stems[i:i + length])
                entries = self.lex.phrases.get(key)
                if entries and self._acceptable(key, originals[i:i + length], entries) \
                        and not _split_by_a_comma(text, originals[i:i + length]):
                    found = _Match(i, i + length, entries)
                    break
            if found and self._comparative(stems, found):
                found = None
            if found is None:
                found = self._demonym(i, tokens_folded[i] if i < len(tokens_folded) else "", stems)
            listed = self._listed_values(found, stems, originals) if found else None
            if listed:
                matches += listed
                i = found.end
            elif found:
                matches.append(found)
                i = found.end
            else:
                i += 1
        matches = self._other_wijken(matches, tokens_folded)
        matches = self._split_values(matches, stems, tokens_folded)
        values: list[tuple[_Match, Entry]] = []
        folded_originals = [fold(o) for o in originals]
        group_dims: list[str] = []
        concepts: list[str] = []
        mentions: list[str] = []
        levels = [d for d in self.lex.area_dimensions if d != self.lex.home_dimension]
        forced: dict[int, str] = {}
        ambiguous: list[tuple[_Match, list[Entry]]] = []
        for k, m in enumerate(matches):
            value_entries = [e for e in m.entries if e.kind == "value"]
            dim_entries = [e for e in m.entries if e.kind == "dimension"]
            concept_entries = [e for e in m.entries if e.kind == "concept"]
            concepts.extend(e.key for e in concept_entries)
            nxt = matches[k + 1] if k + 1 < len(matches) else None
            if not value_entries and dim_entries and dim_entries[0].key in levels and len(m.stems) == 1 \
                    and nxt is not None and nxt.start == m.end \
                    and any(e.kind == "value" and e.dimension == dim_entries[0].key for e in nxt.entries):
                forced[k + 1] = dim_entries[0].key  # 'stadsdeel Laak', 'de wijk Scheveningen': the level word decides
                continue
            if value_entries:
                if k in forced:
                    value_entries = [e for e in value_entries if e.dimension == forced[k]]
                elif len({e.dimension for e in value_entries if e.dimension in levels}) > 1:
                    ambiguous.append((m, value_entries))
                values.append((m, self._pick_value(value_entries)))
            elif dim_entries:
                dim = dim_entries[0].key
                mentions.append(dim)
                # 'soort x geslacht', 'leeftijdsklasse x geslacht': two dimensions crossed are a cross table, both shown
                other = next((e.key for p in matches[:k] if p.end == m.start - 1 for e in p.entries
                              if e.kind == "dimension"), None) if m.start >= 2 and folded_originals[m.start - 1] in (
                    "x", "×", "maal") else None
                if other is not None and other not in group_dims:
                    group_dims.append(other)
                if other is not None or self._is_grouping(stems, m, dim, folded_originals):
                    group_dims.append(dim)
        inside = {i for m in matches for i in range(m.start, m.end) if any(e.kind in ("value", "dimension") for e in m.entries)}
        named = {i for m in matches for i in range(m.start, m.end)}
        for i, st in enumerate(stems):  # 'verdeeld over de verschillende voorzieningen', 'uitgesplitst naar voorziening'
            dim = self._kinds_of.get(st)
            if dim is None or dim in group_dims or i in inside:
                continue
            j = i - 1
            while j >= 0 and folded_originals[j] in ("de", "het", "alle", "verschillende", "diverse", "afzonderlijke", "elke"):
                j -= 1
            if j >= 1 and folded_originals[j] in ("over", "naar") and any(
                    _group_cue(w) or w in GROUP_CUES - {"per", "naar"} for w in folded_originals[:j]):
                group_dims.append(dim)
                inside.add(i)  # the kinds of the unit, not the unit counted
                continue
            # 'welke Wmo-voorzieningen worden het meest gebruikt': which of the unit's kinds, a row each
            while j >= 0 and any(m.start <= j < m.end for m, _e in values):
                j -= 1
            if j >= 0 and folded_originals[j] in ("welke", "welk"):
                group_dims.append(dim)
                inside.add(i)
        # 'welke vormen van jeugdhulp', 'typen Wmo-voorzieningen': a kind word before a wet is its soorten, a row each
        starts = {m.start: e for m, e in values}
        for i, word in enumerate(folded_originals):
            if i in named or lemma(word) not in KIND_WORDS or word == lemma(word):
                continue  # (plural only: 'welke vorm van hulp' asks for one)
            j = i + 1
            while j < len(folded_originals) and folded_originals[j] in ("van", "de", "het"):
                j += 1
            entry = starts.get(j)
            kind = next((d for d, within in self._kind_within.items()
                         if entry is not None and entry.dimension in within and d not in group_dims), None)
            if kind is not None:
                group_dims.append(kind)
                inside.add(i)
                named.add(i)
        slot = any(e.dimension not in self.lex.area_dimensions for _m, e in values)
        parse = _Parse(stems, originals, values, group_dims, concepts, mentions, unknown, _number_text(text), inside,
                       slot, named, [fold(o) for o in originals])
        parse.implied = self._implied(parse)
        parse.ambiguous = ambiguous
        return parse

    def _particle_after_provision(self, parse: _Parse, i: int, particle: str | None) -> bool:
        """Does a provision named within nine words after ``i`` end right before ``particle`` ('de schuldhulp in')?
        With None: is one named there at all ('verlieten de bijstand')."""
        ends = {m.end for m, e in parse.values if e.dimension not in self.lex.area_dimensions and 0 < m.start - i <= 9}
        if particle is None:
            return bool(ends)
        return any(j < len(parse.words) and parse.words[j] == particle for j in ends)

    def _one_averaged(self, parse: _Parse, metrics: list[str]) -> str | None:
        """The person noun of 'een <noun> ... gemiddeld' where the figures chosen only count such persons: the count
        of one person is no answer, an average per person of something else is asked."""
        if not metrics or "gemiddeld" not in parse.words \
                or any(self.model.metrics[m].unit != "aantal" for m in metrics):
            return None
        return next((w for i, w in enumerate(parse.words[1:], 1)
                     if parse.words[i - 1] in ("een", "één", "elke", "iedere") and self._person_word(w)), None)

    @staticmethod
    def _refers_within(parse: _Parse) -> bool:
        """Does the question's first back reference ('daarvan', 'dat') stand after a scope it names itself (a value or
        a year, in an earlier clause): a reference within the question, not to one before it?"""
        words = parse.words
        ref = next((i for i, w in enumerate(words) if w in ANAPHORA or w in ("dat", "dit")
                    or (pronominal_adverb(w) and w.startswith(("daar", "hier")))), None)
        named = [m.start for m, _e in parse.values] + [i for i, w in enumerate(words) if re.fullmatch(YEAR_RE, w)]
        return ref is not None and bool(named) and min(named) < ref \
            and any(w in ("en", "maar") for w in words[min(named):ref])

    def _flow_verb(self, parse: _Parse, i: int) -> str | None:
        """A verb of leaving or arriving at ``i`` with its particle written apart, right before it ('uit gegaan') or at
        the end of the question ('kwamen er dat jaar bij', 'kwamen erbij'), or as one word where the vocabulary names no
        flow ('bijgekomen'): the flow out or in."""
        words = parse.words
        base = lemma(words[i])
        if base in FLOW_VERBS:  # 'zijn er bijgekomen', where the vocabulary names no flow ('ingestroomd' it does)
            return FLOW_VERBS[base] if parse.stems[i] not in self._metric_words else None
        last = words[-1].removeprefix("er") if words[-1] != "er" else ""
        for particle in {words[i - 1] if i else "", last if i < len(words) - 1 else ""} - {""}:
            flow = FLOW_VERBS.get(particle + base)
            if flow:
                return flow
        return None

    def _moved(self, parse: _Parse, i: int) -> str | None:
        """A verb of leaving or arriving at ``i`` whose 'uit'/'in' stands before a provision named in the question
        ('zijn uit de bijstand gegaan', 'gingen uit de jeugdhulp', 'in de schuldhulp beland'): the flow out of or
        into it. 'uit' before an area is where people come from, no flow."""
        words = parse.words
        provision = {p for m, e in parse.values if e.dimension not in self.lex.area_dimensions
                     for p in range(m.start, m.end)}
        particle = "uit" if lemma(words[i]) in LEAVE_LEMMAS else "in"
        for j, w in enumerate(words):
            if w != particle or abs(j - i) > 6:
                continue
            k = j + 1
            while k < len(words) and words[k] in ("de", "het"):
                k += 1
            if j in provision or k in provision:  # (a value's name may hold the particle: 'in de bijstand')
                return "uitstroom" if particle == "uit" else "instroom"
        return None

    def _listed_values(self, found: _Match, stems: list[str], originals: list[str]) -> list[_Match] | None:
        """A name that is a list of values of another kind ('hulpmiddelen en woningaanpassingen', also the name of a
        taakveld that holds more): the values the words name exactly, each its own match."""
        key = tuple(stems[found.start:found.end])
        if "en" not in key[1:-1] or not found.entries or any(e.kind != "value" for e in found.entries):
            return None
        whole = {e.dimension for e in found.entries}
        cut = found.start + key.index("en")
        out = []
        for lo, hi in ((found.start, cut), (cut + 1, found.end)):
            entries = self.lex.phrases.get(tuple(stems[lo:hi]))
            if not entries or not self._acceptable(tuple(stems[lo:hi]), originals[lo:hi], entries):
                return None
            values = [e for e in entries if e.kind == "value"]
            if not values or {e.dimension for e in values} & whole or len({e.dimension for e in values}) != 1:
                return None
            out.append(_Match(lo, hi, values))
        return out if out[0].entries[0].dimension == out[1].entries[0].dimension else None

    def _split_values(self, matches: list[_Match], stems: list[str], folded: list[str]) -> list[_Match]:
        """A two-word name of a provision said apart, its words inflected ('woonden er ... beschermd': Beschermd
        wonen), where nothing else took either word and the question names no other value of that kind: the
        value, at its first word; the second word is part of it (a match without an entry of its own)."""
        taken = {i for m in matches for i in range(m.start, m.end)}
        kinds = {e.dimension for m in matches for e in m.entries if e.kind == "value"}
        forms = {i: {stems[i], stem(lemma(folded[i]))} for i in range(len(stems)) if i not in taken and folded[i].isalpha()
                 and not (i and folded[i - 1] == folded[i])}  # (a word split in two stems: once)
        added: list[_Match] = []
        for key, entries in self._two_word_values:
            if any(e.dimension in kinds for e in entries):
                continue
            pairs = [(i, j) for i, fi in forms.items() if key[0] in fi for j, fj in forms.items()
                     if key[1] in fj and i != j and abs(i - j) <= 8]
            if len(pairs) != 1 or any(p in {a.start for a in added} for p in pairs[0]):
                continue
            first, second = sorted(pairs[0])
            added += [_Match(first, first + 1, entries), _Match(second, second + 1, [])]
            kinds |= {e.dimension for e in entries}
        return sorted(matches + added, key=lambda m: m.start) if added else matches

    def _demonym(self, i: int, word: str, stems: list[str]) -> _Match | None:
        """An area named by its inhabitants or as an adjective ('Ypenburgers', 'Haagse kinderen', 'de Haarlemse
        wijk Meerwijk'): the word is an area's name with a Dutch demonym ending, so it names that area."""
        if len(word) < 6 or not word.isalpha():
            return None
        for suffix in DEMONYM_SUFFIXES:
            if not word.endswith(suffix) or len(word) - len(suffix) < 4:
                continue
            root = word[: -len(suffix)]
            for candidate in dict.fromkeys((root, root + "en", root[:-1] if root[-1:] == root[-2:-1] else root)):
                entries = [e for e in self.lex.phrases.get((stem(candidate),), [])
                           if e.kind == "value" and e.dimension in self.lex.area_dimensions]
                if entries:
                    return _Match(i, i + 1, entries)
        return None

    def _other_wijken(self, matches: list[_Match], folded: list[str]) -> list[_Match]:
        """The CBS wijken of another gemeente the question names ('Overvecht in Utrecht', 'de wijken van
        Haarlem'): their names come from the catalogue of that gemeente, read only when it is named."""
        home_dim = self.lex.home_dimension
        gemeenten = [e.key for m in matches for e in m.entries
                     if e.kind == "value" and e.dimension == home_dim and e.key != self.lex.home_area]
        if not gemeenten or "wijk" not in self.lex.area_dimensions:
            return matches
        taken = {k for m in matches for k in range(m.start, m.end)
                 if any(e.kind == "value" and e.dimension == home_dim for e in m.entries)}
        # the words as written (a compound split into parts keeps its word at each part's position)
        groups: list[tuple[int, int, str]] = []
        for k, word in enumerate(folded):
            if groups and groups[-1][2] == word and groups[-1][1] == k:
                groups[-1] = (groups[-1][0], k + 1, word)
            else:
                groups.append((k, k + 1, word))
        texts = [g[2] for g in groups]
        found: list[_Match] = []
        for gemeente in dict.fromkeys(gemeenten):
            for name in sorted(self.catalogue.wijken_of(gemeente), key=len, reverse=True):
                key = re.findall(r"[^\W\d_]+", fold(name))
                if re.search(r"\d", name) and set(key) <= set(self.lex.area_dimensions):
                    continue  # 'Wijk 01': its words are only a level, its number is what names it
                for g in range(len(texts) - len(key) + 1):
                    if texts[g:g + len(key)] != key:
                        continue
                    start, end = groups[g][0], groups[g + len(key) - 1][1]
                    span = set(range(start, end))
                    if not span & taken:
                        found.append(_Match(start, end, [Entry("value", name, "wijk", tuple(key))]))
                        taken |= span
        if not found:
            return matches
        kept = [m for m in matches if not any(k in {p for f in found for p in range(f.start, f.end)}
                                              for k in range(m.start, m.end))]
        return sorted(kept + found, key=lambda m: m.start)

    def _implied(self, parse: _Parse) -> set[str]:
        """Figure words the wording implies without naming them (Dutch morphology and separable verbs)."""
        implied: set[str] = set()
        words, stems = parse.words, parse.stems
        for i, word in enumerate(words):
            before = len(implied)
            for prefixes, target in IMPLIED_PREFIXES:
                if word.startswith(prefixes):
                    implied.add(stem(target))
            rest = words[i + 1:]
            if word in GIVE_FORMS and "uit" in rest:
                j = i + 1 + rest.index("uit")
                if j == len(words) - 1 or words[j + 1] in FILTER_PREPOSITIONS | {"aan", "per"} \
                        or words[j + 1].isdigit():
                    implied.add(stem("kosten"))  # 'wat gaf de gemeente uit aan ...', 'gaf ... uit per wet'
            if i and words[i - 1] in ("hoeveel", "geld") and lemma(word) == "gaan" and (
                    "aan" in rest or (("naar" in rest or "naartoe" in rest) and word in ("ging", "gaat"))):
                # 'hoeveel ging er aan bijstandsuitkeringen naar Moerwijk', 'hoeveel ging er naar bijzondere
                # bijstand': money spent ('hoeveel gingen er naar ...', plural, counts people)
                implied.add(stem("kosten"))
            if word.startswith(FLOW_FORMS):
                participle = word.startswith("gestroom")
                both = any(rest[j:j + 3] in (["in", p, "uit"], ["uit", p, "in"]) for j in range(len(rest))
                           for p in ("dan", "en", "of"))
                if both:  # 'stroomden er meer in- dan uit?': both flows, never one of them in silence
                    implied |= {stem("instroom"), stem("uitstroom")}
                elif "uit" in rest or (participle and "uit" in words[:i]):
                    implied.add(stem("uitstroom"))  # 'stroomden uit de jeugdhulp', 'uit de bijstand gestroomd'
                elif (rest and rest[-1] == "in") or (participle and i and words[i - 1] == "in") \
                        or self._particle_after_provision(parse, i, "in"):
                    # 'stroomden de bijstand in', 'de bijstand in gestroomd', 'stromen ... de schuldhulp in dan in 2022'
                    implied.add(stem("instroom"))
            if lemma(word) == "verlaten" and self._particle_after_provision(parse, i, None):
                implied.add(stem("uitstroom"))  # 'hoeveel mensen verlieten de bijstand': who left it
            if lemma(word) in LEAVE_LEMMAS | ARRIVE_LEMMAS:
                flow = self._moved(parse, i)
                if flow:
                    implied.add(stem(flow))  # 'uit de bijstand gegaan', 'in de schuldhulp beland': who left or came
            flow = self._flow_verb(parse, i)
            if flow:
                implied.add(stem(flow))  # 'hoeveel zijn er uit gegaan', 'hoeveel kwamen er dat jaar bij'
            if word == "nieuw" or (word == "nieuwe" and any(
                    w in PERSON_NOUNS or w.endswith(PERSON_TAILS) for w in words[i + 1:i + 3])):
                implied.add(stem("instroom"))  # 'kwamen er nieuw in', 'nieuwe cliënten': who came in
            if word == "heen" and ("door" in words[max(0, i - 5):i] or re.search(
                    r"\bover\s+(?:de\s+|het\s+|zijn\s+|haar\s+|hun\s+)?(?:begroting|budget)\b",
                    " ".join(words[max(0, i - 9):i]))):
                implied.add(stem("uitputting"))  # 'door het budget heen', 'over het budget heen': a budget used up
            if word == "binnen" and re.match(r"(?:de\s+|het\s+|zijn\s+|haar\s+|hun\s+)?(?:begroting|budget)\b",
                                             " ".join(words[i + 1:i + 3])) \
                    and any(lemma(w) == "blijven" for w in words[max(0, i - 6):i + 6]):
                implied.add(stem("uitputting"))  # 'zijn we binnen het budget gebleven': how much of it was used
            if len(implied) > before:
                parse.implying.add(i)
            if i in parse.inside and word.endswith(PERSON_TAILS) and len(word) > 9:
                implied.add(stem("client"))  # 'bijstandsontvangers' counts persons with that provision
        cost, client = stem("kosten"), stem("client")
        k = next((i for i, (st, w) in enumerate(zip(stems, words)) if st == cost or lemma(w) == "kosten"), None)
        if k is not None:  # 'kosten', 'kost', 'kostte'
            after = [w for w in words[k + 1:k + 6] if w not in ("de", "het")]
            one = 0
            while one < len(after) and after[one] in ONE_PERSON_WORDS:
                one += 1  # 'wat kost één zo'n kind'
            if one and one < len(after) and self._person_word(after[one]):
                implied.add(client)  # 'wat kost een kind (in de jeugdhulp)': one person
            if (client in stems or client in implied) and ("gemiddeld" in stems or one):
                implied.add("per")  # 'wat kost een cliënt (gemiddeld)': costs per client
            if any(w == "per" and self._person_word(words[i + 1]) for i, w in enumerate(words[:-1])):
                implied |= {client, "per"}  # 'wat kostte de jeugdhulp per jongere': costs per client of that group
        money = k is not None or any(lemma(w) in ("betalen", "uitgeven") or w in GIVE_FORMS for w in words)
        if money and "gemiddeld" in stems and any(
                w == "voor" and words[i + 1] in ONE_PERSON_WORDS and self._person_word(words[i + 2])
                for i, w in enumerate(words[:-2])):
            implied |= {client, "per"}  # 'wat betaalde de gemeente gemiddeld voor een kind': per client of that group
        for i, word in enumerate(words[:-2]):
            if (word in MONEY_NOUNS or lemma(word) in MONEY_NOUNS) and words[i + 1] == "per" and any(
                    w in PERSON_NOUNS or w.endswith(PERSON_TAILS) for w in words[i + 2:i + 4]):
                implied |= {cost, client, "per"}  # 'het gemiddelde bedrag per bijstandsgerechtigde'
                parse.implying.add(i)
        return implied - set(stems)

    def _person_word(self, word: str) -> bool:
        """A noun that names residents ('kind', 'cliënt', 'bijstandsontvanger') or an age group in persons
        ('jongere', '65-plusser')."""
        return word in PERSON_NOUNS or word.endswith(PERSON_TAILS) or word.endswith(PERSON_COMPOUND_TAILS) or any(
            e.kind == "value" and e.dimension == "leeftijdsklasse" for e in self.lex.phrases.get((stem(word),), []))

    def _comparative(self, stems: list[str], m: _Match) -> bool:
        """'75 jaar en ouder', 'jonger dan 65': an age comparison, not the age-group word. Only words of age: an
        area or a provision before 'dan' stays what it is ('meer in Moerwijk dan in Morgenstond', 'minder
        bijstandsontvangers dan in 2022')."""
        ages = {self.lex.numeric_dimension, "leeftijdsklasse"}
        if m.end - m.start != 1 or not all(e.dimension in ages or e.key in ages for e in m.entries):
            return False
        nxt = stems[m.end] if m.end < len(stems) else ""
        prev = stems[m.start - 1] if m.start > 0 else ""
        prev2 = stems[m.start - 2] if m.start > 1 else ""
        return nxt == "dan" or (prev in ("en", "of") and (prev2.isdigit() or prev2 == "jaar"))

    def _pick_value(self, entries: list[Entry]) -> Entry:
        # a wijk name wins over a gemeente of the same name inside the home gemeente's data
        order = {d: i for i, d in enumerate(reversed(self.lex.area_dimensions))}
        return sorted(entries, key=lambda e: order.get(e.dimension, 99))[0]

    def _acceptable(self, key: tuple[str, ...], originals: list[str], entries: list[Entry]) -> bool:
        if all(k in STOPWORDS for k in key) and not any(e.kind == "dimension" for e in entries):
            return False
        word = fold(originals[0]) if len(key) == 1 and originals else ""
        if word.endswith("e") and lemma(word) != word and lemma(word) == key[0] and all(
                e.kind == "value" for e in entries) and lemma(word) not in self.lex.fuzzy_words:
            # an adjective whose stem a value shares: 'jonge vrouwen' is not 'jongens' ('vrouwelijke' is 'vrouwelijk',
            # a name of the value itself)
            return False

        if len(key) == 1 and all(e.kind == "value" and e.dimension in self._gemeente_dims for e in entries):
            word = originals[0]
            if len(word) <= 6 and not word[:1].isupper():
                return False  # 'best', 'buren', 'goes' are words before they are gemeenten
        return True

    @staticmethod
    def _plural(m: _Match, words: list[str]) -> bool:
        """A word of a dimension's name is written as a plural ('stadsdelen', 'soorten voorziening')."""
        return any(len(w) > 4 and w.endswith(("en", "s")) and not w.endswith("heden") and (
            lemma(w) != w or w.removesuffix("en") in m.stems or w.removesuffix("s") in m.stems)  # ('taakvelden')
            for w in words[m.start:m.end])

    def _is_grouping(self, stems: list[str], m: _Match, dim: str, words: list[str]) -> bool:
        phrase = m.stems
        kind = self.lex.dimension_kind.get(dim)
        if phrase[0] in ("per", "naar") or any(p in GROUP_CUES for p in phrase):
            return True
        before = stems[max(0, m.start - 3):m.start]
        summed = any(w in ("samen", "opgeteld", "totaal", "gezamenlijk") and not (  # ('in het totaal aantal': the whole)
            w == "totaal" and words[k + 1:k + 2] == ["aantal"]) for k, w in enumerate(words)) or bool(
            re.search(r"\bbij elkaar\b|\bover\s+(?:alle|de)\s+\w+\s+heen\b", " ".join(words)))
        if summed and any(b in ("alle", "al", "elke", "iedere", "ieder", "elk") for b in before) \
                and not any(b in ("per", "naar") for b in before):
            return False  # 'in totaal voor alle taakvelden samen': one sum over them, not a row each
        if before and before[-1] in ("alle", "al") and any(w in EXCLUSION_CUES for w in words[m.end:m.end + 2]):
            return False  # 'alle soorten behalve jeugdhulp zonder verblijf': the whole the exclusion is taken from
        if kind == "year":
            if phrase in (("jaar",),):  # 'per jaar', 'in welke jaren': a row for each year
                return bool(before) and before[-1] in ("per", "naar", "elk", "ieder", "welk", "welke")
            return True  # ontwikkeling, trend, verloop
        if any(b in GROUP_CUES or _group_cue(b) for b in before) or any(
                w in GROUP_CUES for w in words[max(0, m.start - 3):m.start]):
            return True  # 'uitgesplitst naar', 'verdeelt zich over de', 'in de verschillende stadsdelen'
        if "en" in phrase and kind not in ("year", "numeric"):
            return True  # named by its values together ('mannen en vrouwen'): a figure for each
        if before and before[-1] in ("en", "x", "×") and kind not in ("year", "numeric") and any(
                w in GROUP_CUES or w in ("per", "naar") or _group_cue(w) for w in words[max(0, m.start - 6):m.start - 2]):
            return True  # 'gesplitst op leeftijdsklasse en geslacht': the second breakdown of the same cue
        if before and before[-1] in ("elk", "elke", "ieder", "iedere") and kind == "area":
            return True  # 'het aandeel van elk stadsdeel': a row each
        if any(w in APART_CUES for w in words[m.end:m.end + 2]) or (before and before[-1] in APART_CUES):
            return True  # 'mannen en vrouwen apart', 'de stadsdelen afzonderlijk', 'de afzonderlijke wijken'
        if kind not in ("year", "numeric") and self._plural(m, words) and any(_group_cue(w) for w in words):
            return True  # 'hoe verdelen zij zich over de stadsdelen': a distribution over every group
        if kind == "area" and self._plural(m, words) and before and (before[-1] in ("de", "alle") or (
                m.start >= 2 and words[m.start - 2] in ("de", "alle") and words[m.start - 1].endswith("se"))):
            return True  # 'hoeveel hadden de stadsdelen', 'in alle wijken', 'de Utrechtse wijken': a row each
        counted = before and before[-1].isdigit() and not (len(before) > 1 and (before[-2].isdigit() or before[-2] in (
            "tot", "t", "m", "tm", "en")))  # (not the end of an age range: 'leeftijdsklasse 18-26, gemeente')
        if before and (counted or before[-1] == "top") and kind not in ("year", "numeric"):
            return True  # 'top 3 soorten', 'de 5 wijken'
        return False

    # ------------------------------------------------------------------ metric choice
    def _metric_scores(self, parse: _Parse) -> tuple[dict[str, tuple[float, frozenset[str]]], dict[str, tuple[int, int]]]:
        if parse.scores is None:
            parse.scores = self._score_metrics(parse)
        return parse.scores

    def _score_metrics(self, parse: _Parse) -> tuple[dict[str, tuple[float, frozenset[str]]], dict[str, tuple[int, int]]]:
        stems = parse.stems
        present = set(stems) | parse.implied
        best: dict[str, tuple[float, frozenset[str]]] = {}
        spans: dict[str, tuple[int, int]] = {}
        outside = {s for i, s in enumerate(stems) if i not in parse.inside} | parse.implied
        qualified = self._qualified_slots(parse)
        said_as_such: dict[str, list[tuple[frozenset[str], tuple[int, int]]]] = {}  # metric -> phrases found whole
        for mp in self.lex.metric_phrases:
            if mp.content <= present and (found := _find(stems, mp.stems)) is not None:
                said_as_such.setdefault(mp.metric, []).append((mp.content, found))
        for mp in self.lex.metric_phrases:
            needed = mp.content
            if parse.value_slot and needed - SLOT_STEMS:
                needed = needed - SLOT_STEMS  # 'mensen met een voorziening': the voorziening is named
            if not needed <= present:
                continue
            if needed <= qualified:
                continue  # 'mensen hebben een Wmo-voorziening', 'welke soort Wmo-voorziening': not what is counted
            span = _find(stems, mp.stems)
            if span is None and "cbs" in needed:
                # 'CBS-kerncijfers: inwoners, huishoudens en ...': the source named once for a list of its
                # figures; each figure's name without the source word, said as such, is where it stands
                rest = needed - {"cbs"}
                span = next((found for content, found in said_as_such.get(mp.metric, ()) if content == rest), None)
                if span is None and len(rest) == 1 and stems.count(next(iter(rest))) == 1:
                    at = stems.index(next(iter(rest)))
                    span = (at, at + 1)
            if len(mp.stems) > 1 and len(mp.content) == 1 and span is None:
                continue  # 'uit de bijstand' must be said as such
            if span is not None and needed & SLOT_STEMS and self._with_qualifier(parse, span):
                continue  # 'huishoudens met minstens één lopende voorziening': what the households have
            if span is not None and self._object_of_persons(parse, span):
                continue  # 'hoeveel jongeren zaten in een schuldhulptraject': persons counted, the traject is what they had
            if span is None and len(needed) > 1 and self._listed_apart(parse, needed):
                continue  # 'cliënten en kosten': two figures in a list, not 'kosten per cliënt
            if not needed & outside:
                continue  # every word is part of a name ('soort voorziening', 'hulp bij het huishouden')
            if span is not None and self._excluded_at(parse, span[0]):
                continue  # 'de kosten, zonder begroting erbij': a figure left out is not asked
            score = len(needed) + (0.5 if span is not None or needed & parse.implied else 0.0)
            if score > best.get(mp.metric, (0.0, frozenset()))[0]:
                best[mp.metric] = (score, mp.content)
                if span is not None:
                    spans[mp.metric] = span
                else:
                    spans.pop(mp.metric, None)
        return best, spans

    def _figure_left_out(self, parse: _Parse, i: int, query: SemanticQuery) -> bool:
        """Does the exclusion word at ``i`` leave out a figure ('zonder begroting erbij') that the query does
        not give?"""
        j = _past_articles(parse.words, i + 1, 1)
        if j >= len(parse.stems) or j in parse.named or parse.stems[j] not in self._figure_words:
            return False
        return not any(parse.stems[j] in {stem(w) for w in self._name_stems[m]} | self._name_stems[m]
                       for m in query.metrics)

    def _area_set_beside(self, parse: _Parse) -> bool:
        """'als je Den Haag ernaast zet': what is set beside the answer is an area, not another figure."""
        return any(e.dimension in self.lex.area_dimensions for _m, e in parse.values) or self._names_home_area(parse)

    def _same_source(self, parse: _Parse, metrics: list[str], context: SemanticQuery | None) -> list[str]:
        """In a conversation about a CBS figure, a municipal figure read from generic words ('en hoe zit dat per
        1000 inwoners') is the CBS figure of that kind about the same subject, where exactly one exists."""
        if context is None or not context.metrics or any(is_municipal(self.catalogue, m) for m in context.metrics) \
                or not metrics or not all(is_municipal(self.catalogue, m) for m in metrics):
            return metrics
        subject = set().union(*(self._name_stems[m] for m in context.metrics)) - {"cbs"}
        out = []
        for m in metrics:
            unit = self.model.metrics[m].unit
            same = [c for c, met in self.model.metrics.items() if not is_municipal(self.catalogue, c)
                    and met.unit == unit and c not in context.metrics
                    and {w for w in _content_stems(self.model.metrics[context.metrics[0]].label)} <= self._name_stems[c]]
            out.append(same[0] if len(same) == 1 and subject else m)
        return out

    def _same_subject(self, parse: _Parse, metrics: list[str], context: SemanticQuery | None) -> list[str]:
        """In a conversation about a municipal figure, a CBS figure read from words that are all part of that
        figure's name ('en het aantal huishoudens' after huishoudens met een voorziening) is that figure again,
        unless the question names the CBS."""
        if context is None or "cbs" in parse.stems or not metrics:
            return metrics
        before = [m for m in context.metrics if is_municipal(self.catalogue, m)]
        scores, _spans = self._metric_scores(parse)
        out = []
        for m in metrics:
            said = scores.get(m, (0.0, frozenset()))[1]
            same = [b for b in before if said and said <= self._name_stems[b] | {stem(w) for w in self._name_stems[b]}]
            out.append(same[0] if not is_municipal(self.catalogue, m) and len(same) == 1 and same[0] not in metrics else m)
        return out

    @staticmethod
    def _excluded_at(parse: _Parse, start: int) -> bool:
        """Is what starts at ``start`` left out ('zonder de begroting', 'behalve de kosten')?"""
        j = _past_articles(parse.words, start - 1, -1)
        return j >= 0 and parse.words[j] in EXCLUSION_CUES

    def _beside_budget(self, parse: _Parse, metrics: list[str], context: SemanticQuery | None) -> list[str]:
        """Beside a budget (asked now or just before), what was spent is the figure the semantic layer lays
        beside it: the numerator of the ratio over that budget ('begroot ... en hoeveel is er uitgegeven':
        the realisatie, not the kosten), where that figure is the same amount and carries the question's scope."""
        present = set(metrics) | set(context.metrics if context is not None else ())
        area = set(self.lex.area_dimensions)
        for met in self.model.metrics.values():
            num, den = met.spec.get("numerator"), met.spec.get("denominator")
            if met.spec.get("kind") != "ratio" or not isinstance(den, str) or not isinstance(num, str) \
                    or den not in present or num not in self.model.metrics:
                continue
            target = self.model.metrics[num]
            same = {n for n in metrics if n != num and self.model.metrics[n].spec.get("kind") == target.spec.get("kind")
                    and all(self.model.metrics[n].spec.get(k) == target.spec.get(k) for k in ("view", "value_column"))}
            scope = {e.dimension for _m, e in parse.values} | set(parse.group_dims) | {
                f.dimension for f in (context.filters if context is not None and den not in metrics else [])}
            if same and (scope - area) <= set(target.dimensions) and not (scope & area - {self.lex.home_dimension}):
                metrics = list(dict.fromkeys(num if n in same else n for n in metrics))
        return metrics

    def _routed(self, result: Interpretation) -> Interpretation:
        """Source routing: a municipal figure asked for other gemeenten besides (or instead of) the home gemeente
        is the one CBS figure about the same thing, for all of them, and the answer says so ('Hoe verhoudt Den
        Haag zich qua bijstandsuitkeringen tot Rotterdam en Amsterdam?'). Without such a figure the query stays,
        and the compiler says that only CBS figures exist for those gemeenten."""
        query = result.query
        home = self.lex.home_area
        places = [v for f in query.filters if f.dimension == self.lex.home_dimension and f.op in ("=", "in")
                  for v in f.values]
        others = [v for v in places if v != home]
        if not others or len(query.metrics) != 1 or not is_municipal(self.catalogue, query.metrics[0]):
            return result
        counterpart = self._cbs_counterpart(query)
        if counterpart is None:
            return result
        cbs = self.model.metrics[counterpart]
        routed = query.model_copy(deep=True)
        routed.metrics = [counterpart]
        routed.filters = [f for f in routed.filters if f.dimension in cbs.dimensions]
        routed.dimensions = [d for d in routed.dimensions if d in cbs.dimensions]
        routed.order_by = [OrderBy(field=counterpart if o.field in query.metrics else o.field, descending=o.descending)
                           for o in query.order_by if o.field in query.metrics or o.field in routed.dimensions]
        lost = [f for f in query.filters if f.dimension not in cbs.dimensions and not self._implied_by(f, counterpart)]
        if lost or set(query.dimensions) - set(routed.dimensions):
            return result  # (the CBS figure cannot carry the whole question: the compiler's message stands)
        named = ", ".join(others[:-1]) + " en " + others[-1] if len(others) > 1 else others[0]
        notice = (f"De gemeentelijke registratie is er alleen voor {home}; voor " + named
                  + f" heeft Wijkvraag CBS-cijfers. Daarom is voor alle gemeenten het CBS-cijfer '{cbs.label}' "
                  "getoond.")
        return Interpretation("query", query=routed, notices=[*result.notices, notice], followup=result.followup)

    def _cbs_counterpart(self, query: SemanticQuery) -> str | None:
        """The one CBS figure about what a municipal query counts (its figure and the values it is narrowed to,
        read as if the question named them with 'volgens het CBS'), available for its areas; else None."""
        area = set(self.lex.area_dimensions)
        said = [self.model.metrics[m].label for m in query.metrics] + [
            str(v) for f in query.filters if f.dimension not in area and f.op in ("=", "in") for v in f.values]
        named = self._cbs_named(self._parse(" ".join(said) + " volgens het CBS"))
        areas = {f.dimension for f in query.filters if f.dimension in area} | {d for d in query.dimensions if d in area}
        fitting = [n for n in named if areas <= set(self.model.metrics[n].dimensions)]
        return fitting[0] if len(fitting) == 1 else None

    def _implied_by(self, flt: Filter, metric: str) -> bool:
        """A filter whose values the figure's own definition already holds ('Bijstand levensonderhoud' for the
        CBS bijstand figure, 'Wmo' for the CBS Wmo figure, '0-17' for jongeren met jeugdzorg)."""
        spec = self.model.metrics[metric]
        words = {stem(w) for w in re.findall(r"[a-z]+", fold(spec.label + " " + " ".join(spec.synonyms)))}
        return flt.op in ("=", "in") and all(
            bool(({stem(w) for w in re.findall(r"[a-z]+", fold(str(v)))} - STOPWORDS) & words)
            or any(str(v) in [str(x) for x in d.get("values", [])] for d in spec.default_filters)
            for v in flt.values)

    def _cbs_listed(self, parse: _Parse) -> list[str]:
        """'volgens het CBS: Wmo-cliënten en bijstandsontvangers': provisions listed with 'en', each the subject of
        its own CBS figure (the one figure of the CBS that fits it best): those figures side by side; else []."""
        listed = [(m, e) for m, e in parse.values if e.dimension not in self.lex.area_dimensions]
        if len(listed) < 2 or not all(
                "en" in parse.words[a.end:b.start] or "," in parse.originals[a.end - 1]
                for (a, _e), (b, _f) in zip(listed, listed[1:])):
            return []
        found = []
        for m, e in listed:
            one = self._cbs_named(parse, {stem(w) for w in re.findall(r"[a-z]+", fold(str(e.key)))} - STOPWORDS)
            if len(one) != 1 or one[0] in found:
                return []
            found.append(one[0])
        return found

    def _cbs_named(self, parse: _Parse, about: set[str] | None = None) -> list[str]:
        """The CBS figures whose names share the most words with the question and the values it names
        ('bijstandsontvangers ... volgens het CBS': the soort Bijstand levensonderhoud shares 'bijstand' with
        'Personen met bijstand (CBS)'); besides the source word itself at least one."""
        named_values = about if about is not None else {
            stem(w) for _m, e in parse.values if e.dimension not in self.lex.area_dimensions
            for w in re.findall(r"[a-z]+", fold(str(e.key)))} - STOPWORDS
        words = (set(parse.stems) | named_values) - {"cbs"} - STOPWORDS
        best: dict[str, tuple[int, int]] = {}
        for mp in self.lex.metric_phrases:
            if is_municipal(self.catalogue, mp.metric):
                continue
            if named_values and not set(mp.content) & named_values:
                continue  # 'pleegzorg volgens het CBS': a CBS figure must be about what the question names
            shared = set(mp.content) & words
            # most words shared, then fewest of its own words unsaid ('Wmo-cliënten' before 'Wmo per 1000 inwoners')
            score = (len(shared), -len(set(mp.content) - words - {"cbs"}))
            best[mp.metric] = max(best.get(mp.metric, (0, -99)), score)
        top = max(best.values(), default=(0, 0))
        return [m for m, n in best.items() if n == top] if top[0] else []

    def _listed_apart(self, parse: _Parse, needed: frozenset[str] | set[str]) -> bool:
        """The words of a figure's name stand as items of a list: two of them joined by 'en' or 'of' with
        nothing but list words and other figure names between ('cliënten en kosten' is no 'kosten per
        cliënt'; 'de begroting, de realisatie en de uitputting' no 'uitputting van de begroting')."""
        positions = sorted(i for i, s in enumerate(parse.stems) if s in needed)
        for p, q in zip(positions, positions[1:]):
            between = parse.stems[p + 1:q]
            if between and all(t in CONNECTORS or t in self._figure_words for t in between) \
                    and any(w in ("en", "of") for w in parse.words[p + 1:q]):
                return True
        return False

    def _with_qualifier(self, parse: _Parse, span: tuple[int, int]) -> bool:
        """The words at ``span`` follow 'met' (a quantity between) after another figure's word: they say what
        the counted units have ('huishoudens met minstens één lopende voorziening'), not what is counted."""
        j = span[0] - 1
        while j >= 0 and (parse.words[j] in ("een", "minstens", "tenminste", "ten", "minste", "meer", "dan")
                          or number_word(parse.words[j]) is not None or parse.words[j].isdigit()
                          or word_classes(parse.words[j]) == frozenset({"adj"}) or parse.words[j].endswith("ende")):
            j -= 1
        return j >= 1 and parse.words[j] == "met" and parse.stems[j - 1] in self._metric_words

    def _object_of_persons(self, parse: _Parse, span: tuple[int, int]) -> bool:
        """Do the words at ``span`` follow 'een' (past the provision named before them) in a question that counts
        persons ('hoeveel jongvolwassenen zaten in een schuldhulpverleningstraject')?"""
        values = {i for m, _e in parse.values for i in range(m.start, m.end)}
        j = span[0] - 1
        while j >= 0 and j in values:
            j -= 1
        if j < 0 or parse.words[j] not in ("een", "geen"):
            return False
        return len(parse.words) > 1 and parse.words[0] in ("hoeveel", "aantal") and self._person_word(parse.words[1])

    def _qualified_slots(self, parse: _Parse) -> set[str]:
        """Slot words ('voorziening', 'hulp') used only as the object or qualifier of something else:
        after 'een'/'met'/'geen' or after a dimension word ('soort'), possibly with a value in between."""
        seen: dict[str, bool] = {}
        for i, stem_ in enumerate(parse.stems):
            if stem_ not in SLOT_STEMS:
                continue
            j = i - 1
            while j >= 0 and j in parse.inside and any(
                    e.kind == "value" for e in self.lex.phrases.get((parse.stems[j],), [])):
                j -= 1
            before = parse.words[j] if j >= 0 else ""
            dimension_word = j >= 0 and any(e.kind == "dimension" for e in self.lex.phrases.get((parse.stems[j],), []))
            # ('een of meer Wmo-voorzieningen', 'twee of meer voorzieningen': a number of them had, not counted)
            bound = before == "meer" and j >= 2 and parse.words[j - 1] == "of"
            qualified = before in ("een", "met", "geen", "welke", "welk") or dimension_word or bound
            seen[stem_] = seen.get(stem_, True) and qualified
        return {s for s, q in seen.items() if q}

    def _choose_metrics(self, parse: _Parse, years: list[int]) -> tuple[list[str], list[str], list[tuple[str, float]]]:
        """(chosen metrics, notices, ranked candidates)."""
        scores, spans = self._metric_scores(parse)
        if not scores:
            return [], [], []
        # 'hoeveel geld was er begroot': a word that only names the unit ('geld') weighs less than a figure of that
        # unit named as such (which still loses where it cannot carry what the question narrows to: 'geld ... besteed
        # aan pleegzorg' is the kosten, as the realisatie knows no soort)
        units = {n: self.model.metrics[n].unit for n in scores}
        generic = {n for n, (_s, covered) in scores.items() if covered and covered <= MONEY_UNIT_WORDS}
        named = {e.dimension for _m, e in parse.values}
        if not any(n not in generic and units[n] in {units[g] for g in generic}
                   and named <= set(self.model.metrics[n].dimensions) for n in scores):
            generic = set()
        value_tokens = [(set(m.stems) - STOPWORDS, e) for m, e in parse.values]
        pct = bool(re.search(PCT_RE, parse.numtext))
        ranked: list[tuple[str, float]] = []
        for name, (score, covered) in scores.items():
            metric = self.model.metrics[name]
            total = score
            for toks, entry in value_tokens:
                if toks and toks <= covered:
                    continue
                if entry.dimension in metric.dimensions or self._translatable(entry, metric):
                    total += len(toks)
                    if (entry.dimension in self._gemeente_dims and entry.key != self.lex.home_area
                            and is_municipal(self.catalogue, name)):
                        total -= 6
                elif not self._is_default_filter(metric, entry):
                    total -= 1.5
            for dim in parse.group_dims:
                if dim not in metric.dimensions:
                    total -= 1.0
            if name in generic:
                total -= 1.0
            latest = self._latest[name]
            if any(y > latest for y in years):
                total -= 3
            if pct and metric.unit == "procent":
                total += 1
            ranked.append((name, total))
        ranked.sort(key=lambda kv: -kv[1])
        # preferences stated by the semantic layer decide ties
        top = ranked[0][1]
        tied = [n for n, s in ranked if abs(s - top) < 1e-9]
        if len(tied) > 1:
            preferred = [n for n in tied if any(o in self.model.metrics[n].preferred_over for o in tied)]
            losers = {o for n in preferred for o in self.model.metrics[n].preferred_over}
            tied = [n for n in tied if n not in losers] or tied
            if len(tied) > 1 and self.lex.default_count_metric in tied:
                tied.remove(self.lex.default_count_metric)  # 'hoeveel mensen' only says: count persons
            if len(tied) > 1:
                # 'is de begroting overschreden': the ratio over the begroting, not the begroting itself
                ratios = [n for n in tied if {part for part in (self.model.metrics[n].spec.get("numerator"),
                                                               self.model.metrics[n].spec.get("denominator"))
                                               if isinstance(part, str)} & set(tied)]  # (a population part is a dict)
                if len(ratios) == 1:
                    parts = sorted((p for p in self._ratio_parts(ratios[0]) if p in spans), key=lambda n: spans[n][0])
                    if len(parts) == 2 and set(parts) <= set(tied) and self._side_by_side(
                            parse, spans[parts[0]], spans[parts[1]]) and self._both_carry(parse, [*parts, ratios[0]]):
                        # 'wat er begroot was, wat er is gerealiseerd en hoe ver het budget is uitgeput': the ratio
                        # and both figures it is made of, each asked for
                        return [*parts, ratios[0]], [], ranked
                tied = ratios or tied
            if len(tied) > 1:
                # 'huishoudens met stapeling van voorzieningen': a specific figure word beats 'voorziening'/'hulp'
                specific = {n: len(scores[n][1] - SLOT_STEMS) for n in tied}
                most = max(specific.values())
                tied = [n for n in tied if specific[n] == most]
            if len(tied) > 1:
                with_span = [n for n in tied if n in spans]
                tied = with_span or tied
            if len(tied) == 2 and all(n in spans for n in tied):
                # 'de realisatie van de begroting': the first noun is what is asked, the second qualifies it
                a, b = sorted(tied, key=lambda n: spans[n][0])
                between = parse.words[spans[a][1]:spans[b][0]]
                if between and between[0] in ("van", "op") and all(w in ("van", "op", "de", "het") for w in between):
                    tied = [a]
        if len(tied) > 1:
            joined = self._joined(parse, tied, spans)
            if joined:
                return joined, [], ranked
            # 'hoeveel procent van de begroting is gerealiseerd': a percentage of the one figure by the other
            # is the percentage the semantic layer makes of those two
            shares = [n for n, met in self.model.metrics.items() if pct and met.unit == "procent"
                      and sorted(map(str, (met.spec.get("numerator"), met.spec.get("denominator")))) == sorted(tied)]
            if len(shares) == 1:
                return shares, [], ranked
            return [], [], [(n, top) for n in tied]
        chosen = [tied[0]]
        # "begroting en realisatie", "de begroting, de realisatie en de uitputting", "hoeveel cliënten en
        # hoeveel kosten": figures named side by side in a list, each next to another one of the list
        if chosen[0] in spans:
            grown = True
            while grown:
                grown = False
                for name, _s in ranked:  # the chosen figure need not be the first ranked (a tie)
                    if name in chosen or name not in spans or any(
                            self._overlapping(spans[name], spans[c]) for c in chosen):
                        continue
                    if any(self._side_by_side(parse, spans[name], spans[c]) for c in chosen) \
                            and self._both_carry(parse, [*chosen, name]):
                        chosen.append(name)
                        grown = True
                        break
            if len(chosen) > 1:
                lo = min(spans[c][0] for c in chosen)
                hi = max(spans[c][1] for c in chosen)
                if not any(w in ("en", "of") or w in ADDING_WORDS for w in parse.words[lo:hi]):
                    chosen = chosen[:1]  # 'de begroting de realisatie': no list without 'en'
            chosen.sort(key=lambda n: spans[n][0])
        return chosen, [], ranked

    def _refine_metrics(self, parse: _Parse, metrics: list[str]) -> list[str]:
        """Second thoughts on the chosen figure, from what the question narrows it to."""
        if len(metrics) != 1:
            return metrics
        metric = self.model.metrics[metrics[0]]
        provisions = [e for m, e in parse.values if e.dimension not in self.lex.area_dimensions
                      and not (set(m.stems) - STOPWORDS) <= set(self._metric_scores(parse)[0].get(metrics[0], (0, ()))[1])]
        # 'welk deel van de kinderen krijgt jeugdhulp, in procenten': the percentage whose definition
        # (its default filters) the question spells out
        if re.search(PCT_RE, parse.numtext) and metric.unit not in ("procent",):
            said = {(e.dimension, str(e.key)) for _m, e in parse.values}
            for name, candidate in self.model.metrics.items():
                wanted = [(f.get("dimension"), [str(v) for v in f.get("values", [])]) for f in candidate.default_filters]
                if candidate.unit == "procent" and wanted and all(
                        any((d, v) in said for v in values) for d, values in wanted):
                    return [name]
        # 'hoeveel Hagenaars zijn begonnen aan een traject': the question counts people, so a figure that counts
        # provisions is the wrong unit; the person figure the wording points to (the inflow, the clients) is meant
        head = self._head(parse)
        if head is None and "hoeveel" in parse.words[:-1]:  # 'hoeveel Hagenaars': the area's people, a value
            head = parse.words.index("hoeveel") + 1

        def people(name: str) -> bool:
            return self.model.metrics[name].spec.get("count_column") == "persoon_id"

        if metric.spec.get("count_column") not in (None, "persoon_id", "huishouden_id") and metric.spec.get("kind") == "count" \
                and head is not None and self._names_people(parse, head):
            scores, spans = self._metric_scores(parse)
            if metrics[0] in spans and spans[metrics[0]][0] < head:
                return metrics  # 'aantal voorzieningen (dus niet personen)': the figure word comes first
            persons = sorted((n for n in scores if people(n)), key=lambda n: -scores[n][0])
            default = self.lex.default_count_metric
            if persons or (default and people(default)):
                return persons[:1] or [default]
        # 'hoeveel inwoners van X hadden een Wmo-voorziening', 'wonen er in A meer mensen in de bijstand dan in
        # B': a population figure cannot be narrowed to a provision; the question counts the people with it
        default = self.lex.default_count_metric
        if default and default != metrics[0] and metric.unit == "aantal" and provisions:
            lost = [e for e in provisions if e.dimension not in metric.dimensions and not self._translatable(e, metric)
                    and not self._is_default_filter(metric, e)]
            if lost and all(e.dimension in self.model.metrics[default].dimensions for e in lost):
                return [default]
        # 'welke soorten zorg krijgen de 65-plussers': a population figure asked per kind of provision counts the
        # people with one, a row per kind
        lost_dims = [d for d in parse.group_dims if d not in metric.dimensions]
        if default and default != metrics[0] and metric.unit == "aantal" and metric.counting_unit is None \
                and lost_dims and all(d in self.model.metrics[default].dimensions for d in lost_dims) \
                and any(d in ("wet", "soort", "taakveld") for d in lost_dims):
            return [default]
        # 'de relatieve toename van het aantal Wmo-cliënten': a change in percent of the count, not its rate
        if metric.unit == "per 1.000" and re.search(r"\brelatiev?e?\s+(?:toename|afname|stijging|daling|groei|"
                                                    r"verandering|verschil)", parse.numtext) \
                and not re.search(r"\bper\s+(?:1\.?000|duizend)\b", parse.numtext):
            count = metric.spec.get("numerator") or metric.spec.get("rate_of")
            if isinstance(count, str) and count in self.model.metrics:
                return [count]
        # 'naar verhouding meer Wmo-cliënten', 'relatief veel bijstand': a count compared by size is its rate
        if metric.unit == "aantal" and RELATIVE_RE.search(parse.numtext):
            rates = [n for n, m in self.model.metrics.items() if m.unit == "per 1.000"
                     and metrics[0] in (m.spec.get("numerator"), m.spec.get("rate_of"))]
            if len(rates) == 1:
                return rates
        return metrics

    @staticmethod
    def _overlapping(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return a[0] < b[1] and b[0] < a[1]

    @staticmethod
    def _side_by_side(parse: _Parse, a: tuple[int, int], b: tuple[int, int]) -> bool:
        """Only list words between two figure names: 'en', 'of', articles ('de begroting, de realisatie'; the
        comma is gone), or 'en' starting a second question ('hoeveel cliënten en hoeveel kosten')."""
        lo, hi = (a, b) if a[1] <= b[0] else (b, a)
        # a breakdown or a year said between the two figures belongs to both ('realisatie per taakveld 2024 naast
        # de begroting')
        keep = [j for j in range(lo[1], hi[0]) if not (
            re.fullmatch(YEAR_RE, parse.words[j]) or parse.words[j] == "per"
            or (j > lo[1] and parse.words[j - 1] == "per" and j in parse.named))]
        between = [parse.stems[j] for j in keep]
        words = [parse.words[j] for j in keep]
        if not between:
            return True  # 'begroting, realisatie en uitputting': the comma is gone (a list needs an 'en' or 'of')
        if all(t in CONNECTORS for t in between) and len(between) <= 3:
            return True
        # 'begroot versus werkelijk uitgegeven': an adverb of the second figure beside the list word
        if len(between) <= 3 and any(t in CONNECTORS for t in between) \
                and all(t in CONNECTORS or is_adjective_only(w) for w, t in zip(words, between)):
            return True
        # 'wat er begroot was, wat er is gerealiseerd en hoe ver ...': each figure in a clause of its own, the
        # next clause opened by a question word, nothing but function words between
        if len(words) <= 6 and any(w in ("wat", "hoe", "hoeveel") for w in words[1:]) \
                and all(w in STOPWORDS or w in FUNCTION_WORDS for w in words):
            return True
        # 'de begroting naast wat er gerealiseerd is', 'kosten tegenover de begroting': set beside each other
        # ('de begroting tegenover wat er daadwerkelijk is gerealiseerd': an adverb of the second figure too)
        if len(words) <= 6 and any(w in ADDING_WORDS for w in words) and all(
                w in ADDING_WORDS or w in FUNCTION_WORDS or t in CONNECTORS or is_adjective_only(w)
                for w, t in zip(words, between)):
            return True
        return words[0] == "en" and all(w in QUESTION_WORDS or w in CONNECTORS for w in words[1:])

    def _joined(self, parse: _Parse, names: list[str], spans: dict[str, tuple[int, int]]) -> list[str] | None:
        if not all(n in spans for n in names):
            return None
        ordered = sorted(names, key=lambda n: spans[n][0])
        for a, b in zip(ordered, ordered[1:]):
            between = parse.stems[spans[a][1]:spans[b][0]]
            words = parse.words[spans[a][1]:spans[b][0]]
            second_clause = any(w == "en" and nxt in QUESTION_WORDS for w, nxt in zip(words, words[1:]))
            listed = bool(between) and (all(t in CONNECTORS for t in between) or second_clause)
            if not (listed or (between and self._side_by_side(parse, spans[a], spans[b]))):
                return None
        return ordered if self._both_carry(parse, ordered) else None

    def _both_carry(self, parse: _Parse, names: list[str]) -> bool:
        """Figures named side by side go in one table when each can be split and narrowed the way the
        question asks (the same dimensions altogether, or at least those the question uses)."""
        dims = [set(self.model.metrics[n].dimensions) for n in names]
        if all(d == dims[0] for d in dims):
            return True
        shared = set.intersection(*dims)
        if not set(parse.group_dims) <= shared:
            return False
        # every value named fits all of them, as it is or lifted ('beschermd wonen' to its taakveld)
        return all(e.dimension in shared or any(t in shared for t in self.value_links.get((e.dimension, str(e.key)), {}))
                   for _m, e in parse.values)

    def _translatable(self, entry: Entry, metric) -> bool:
        targets = self.value_links.get((entry.dimension, str(entry.key)), {})
        return any(t in metric.dimensions for t in targets)

    def _is_default_filter(self, metric, entry: Entry) -> bool:
        for f in metric.default_filters:
            if f.get("dimension") == entry.dimension and str(entry.key) in [str(v) for v in f.get("values", [])]:
                return True
        return False

    def _latest_for(self, metric: str) -> int:
        try:
            return int(self.catalogue.latest_year_for(metric))
        except Exception:
            return int(self.catalogue.latest_year)

    # ------------------------------------------------------------------ time, ages, ranking
    def _years(self, numtext: str, metric: str | None, context: SemanticQuery | None) -> dict:
        latest = self._latest[metric] if metric else int(self.catalogue.latest_year)
        available = sorted(int(y) for y in self.catalogue.years) or [latest]
        first = available[0]
        explicit = [int(y) for y in re.findall(rf"\b({YEAR_RE})\b", numtext)]
        result: dict = {"years": None, "trend": False, "comparison": None, "mentioned": bool(explicit)}

        def span(a: int, b: int) -> list[int]:
            lo, hi = min(a, b), max(a, b)
            return [y for y in range(lo, hi + 1) if y in available] or list(range(lo, hi + 1))

        # 'hoe zag die verhouding er in 2019 uit': the proportion answered before, in another year (no comparison)
        compare = _compares(numtext) or bool(
            re.search(rf"\b(?:meer|minder|hoger|lager|groter|kleiner)\b[^.?!]*\bdan\s+(?:in\s+)?(?:{YEAR_RE}\b|"
                      rf"(?:een|één|\d+)\s+jaar\s+(?:eerder|ervoor|daarvoor)|het\s+jaar\s+(?:ervoor|daarvoor)|vorig\s+jaar)", numtext)
            # a comparative that became so: 'duurder geworden', 'is het aantal groter geworden'
            or re.search(r"\b\w+er\s+(?:ge)?worden\b", numtext)
            # both directions asked: 'meer of juist minder', 'hoger of lager'
            or re.search(r"\b(?:meer|minder|hoger|lager|groter|kleiner)\s+of\s+(?:juist\s+)?"
                         r"(?:meer|minder|hoger|lager|groter|kleiner)\b", numtext)
            # 'zet dat eens naast 2024' in a conversation: the year asked before beside the one named
            or (context is not None and bool(explicit) and re.search(ADDING_RE, numtext))
            # '2019 vs 2023': two years set against each other (not 'begroot vs gerealiseerd': two figures)
            or re.search(rf"\b{YEAR_RE}\s*(?:vs\.?|versus|tegen)\s*{YEAR_RE}\b", numtext)
            # 'zet dat eens tegen 2022 af', 'houd het tegen 2019 aan': the year beside the one asked before
            or (context is not None and bool(explicit) and re.search(
                r"\b(?:zet\w*|afzet\w*|afgezet|houd\w*|hou|aanhoud\w*|aangehouden)\b[^.?!]*\btegen\b", numtext)))
        # a year counted from today ('vorig jaar', 'dit jaar', 'twee jaar geleden'): a year without data yet is
        # said so by the compiler (a question back), never silently replaced by the last year with data
        this_year = (self.today or date.today()).year
        relative = None
        m = re.search(r"\b(?:vorig|afgelopen|verleden)\s+jaar\b(?!\s*(?:en|tot))", numtext)
        if m and not re.search(r"\b(?:laatste|afgelopen)\s+\d+\s+ja(?:ar|ren)", numtext):
            relative = this_year - 1
        m2 = re.search(r"\b(\d{1,2}|een|één)\s+jaar\s+geleden\b", numtext)
        if m2:
            relative = this_year - (int(m2.group(1)) if m2.group(1).isdigit() else 1)
        if re.search(r"\b(?:dit|huidig\w*)\s+jaar\b", numtext):
            relative = this_year if relative is None else relative
        if re.search(r"\b(?:meest\s+recente?|laatste|recentste)\s+jaar\b", numtext) and not re.search(
            r"\blaatste\s+\d+\s+ja(?:ar|ren)", numtext
        ):
            relative = latest if relative is None else relative  # the last year with data
        # a shift from the year asked before: 'het jaar ervoor', 'drie jaar eerder', 'een jaar later'
        shift = re.search(r"\b(?:(\d{1,2}|een|één)\s+|het\s+)?jaar\s+(" + "|".join((*EARLIER, *LATER)) + r")\b", numtext)
        if shift and (context or len(set(explicit)) == 1):
            # counted from the year asked before, or from the one year named in the question itself
            # ('in 2024 tegenover vijf jaar eerder')
            shown = (context.years or [latest]) if context else sorted(set(explicit))
            n = int(shift.group(1)) if (shift.group(1) or "").isdigit() else 1
            back = shift.group(2) in EARLIER
            relative = min(shown) - n if back else max(shown) + n
        elif shift and shift.group(1):
            # with no year to count from, 'vijf jaar terug' counts from today, like 'vijf jaar geleden' (never
            # the default year in silence)
            n = int(shift.group(1)) if shift.group(1).isdigit() else 1
            relative = this_year - n if shift.group(2) in EARLIER else this_year + n
        last_n = re.search(r"\b(?:laatste|afgelopen|voorbije|recente|voorgaande)\s+(\d{1,2})\s+ja(?:ar|ren)", numtext)
        since = re.search(rf"\b(?:sinds|vanaf|na|sedert)\s+(?:het\s+jaar\s+)?({YEAR_RE})\b", numtext)
        # a range: '2019-2024', 'van 2019 tot en met 2024', 'tussen 2019 en 2024'; a list ('2022, 2023 en 2024',
        # 'in 2019 en 2024') names its years
        between = re.search(
            rf"\b(?:van|tussen|in de periode)?\s*({YEAR_RE})\s*(?:-|–|tot en met|t/m|tm|tot|t\.m\.)\s*({YEAR_RE})\b", numtext
        ) or re.search(rf"\btussen\s+({YEAR_RE})\s+en\s+({YEAR_RE})\b", numtext)
        if relative is not None and relative not in explicit:
            explicit.append(relative)
        trend_cue = any(c in numtext for c in TREND_CUES)
        if last_n:
            nyears = int(last_n.group(1))
            result.update(years=span(latest - nyears + 1, latest), trend=True)
            return result
        if since:
            result.update(years=span(int(since.group(1)), latest), trend=True)
            return result
        if between and (not compare or re.search(r"\b(?:per|elk|ieder)\s+jaar\b", numtext)):
            # ('groeit het ...? Geef de aantallen per jaar, 2019 t/m 2024': every year of the range, not two ends)
            result.update(years=span(int(between.group(1)), int(between.group(2))), trend=True)
            return result
        distinct = sorted(set(explicit))
        if compare and len(distinct) == 2:
            # a change runs forward in time ('2020 vs 2024', '2024 en 2020', '2024 t.o.v. 2019', '2019 t.o.v. 2024')
            base, comp = sorted(distinct)
            result.update(comparison=(base, comp), years=[base, comp])
            return result
        if compare and len(distinct) == 1 and re.search(
                r"vorig jaar|jaar ervoor|jaar daarvoor|voorgaande jaar|\b(?:een|1|één) jaar eerder", numtext):
            y = distinct[0] if distinct[0] != latest - 1 or relative is None else latest
            result.update(comparison=(y - 1, y), years=[y - 1, y])
            return result
        if compare and len(distinct) == 1 and context is not None and context.year_comparison is None:
            # 'Vergelijk dat met 2023' after a question about one year: that year against the new one
            shown = sorted(set(context.years or [latest]))
            if len(shown) == 1 and shown[0] != distinct[0]:
                base, comp = sorted((shown[0], distinct[0]))
                result.update(comparison=(base, comp), years=[base, comp])
                return result
        if len(distinct) == 1:
            result["years"] = distinct
        elif len(distinct) > 1:
            result.update(years=distinct, trend=True)
        elif trend_cue or (context is None and re.search(
                r"\b(?:gestegen|gedaald|toegenomen|afgenomen|gegroeid|gekrompen|stijgt|daalt|groeit|krimpt)\b"
                r"|\bneemt\b[^.?!]*\b(?:toe|af)\b", numtext)):
            # 'is het gestegen of gedaald?', 'neemt het toe of af?' with no years: the series the judgement reads
            result.update(years=span(first, latest), trend=True)
        if trend_cue and result["years"] and len(result["years"]) > 1:
            result["trend"] = True
        return result

    def _ages(self, numtext: str) -> list[Filter]:
        """The age group the question narrows to (the first, where it names several: see ``_age_groups``)."""
        return self._age_groups(numtext)[:1]

    def _age_groups(self, numtext: str) -> list[Filter]:
        """Every age group the question names, in the order said: a range ('18 t/m 26', 'van 0-14 jaar'), a bound
        ('65 jaar en ouder', 'jonger dan 18') or one age ('22-jarigen'). A lower and an upper bound joined by 'en'
        ('ouder dan 18 en jonger dan 65') are one group between them."""
        dim = self.lex.numeric_dimension
        if dim is None:
            return []

        def age(v: str) -> int | None:
            x = int(v)
            return x if 0 <= x <= 120 else None

        found: list[tuple[int, int, Filter]] = []

        def free(m: re.Match) -> bool:
            return not any(a < m.end() and m.start() < b for a, b, _f in found)

        for m in re.finditer(r"\b(?:van|tussen|leeftijd)?\s*(\d{1,3})\s*-?\s*(?:-|–|tot en met|t/m|tm|tot|en)\s*(\d{1,3})\s*"
                             r"-?\s*(jaar|jarigen|jarige|jr)?", numtext):
            if age(m.group(1)) is None or age(m.group(2)) is None or int(m.group(1)) >= int(m.group(2)):
                continue
            sep = numtext[m.start(1):m.start(2)]
            prefixed = bool(re.match(r"\s*(van|tussen|leeftijd)", m.group(0)))
            if not (m.group(3) or prefixed or "-" in sep):
                continue
            hi = int(m.group(2))
            if re.search(r"\btot\b", sep) and "en met" not in sep:
                hi -= 1
            elif m.group(0).lstrip().startswith("tussen") and {int(m.group(1)), hi} <= self._class_starts():
                hi -= 1  # 'tussen 65 en 75 jaar': from the start of one age class to the start of another
            if not (re.search(r"\bper\s*$", numtext[:m.start()]) or int(m.group(2)) >= 1000):
                found.append((m.start(), m.end(), Filter(dimension=dim, op="between", values=[int(m.group(1)), hi])))
        for pattern, op, delta in AGE_BOUNDS:
            for m in re.finditer(pattern, numtext):
                if age(m.group(1)) is not None and free(m):
                    found.append((m.start(), m.end(), Filter(dimension=dim, op=op, values=[int(m.group(1)) + delta])))
        if not found:  # one age: '22-jarigen', 'een 22-jarige', 'cliënten van 22 jaar', '22 jaar oud'
            for m in re.finditer(r"\b(\d{1,3})\s*-?\s*jarigen?\b|\b(?:van|die|zijn|waren|is|was)\s+(\d{1,3})\s+jaar\b"
                                 r"(?!\s*(?:en|of|tot|t/m|-|geleden|lang|in)\b)"
                                 r"|\b(\d{1,3})\s+jaar\s+oud\b", numtext):
                one = next(g for g in m.groups() if g is not None)
                if age(one) is not None and free(m):
                    found.append((m.start(), m.end(), Filter(dimension=dim, op="between", values=[int(one), int(one)])))
        found.sort(key=lambda x: x[0])
        groups: list[Filter] = []
        for i, (a, b, f) in enumerate(found):
            if i and groups and re.fullmatch(r"\s*(?:jaar\s+)?(?:en|maar)\s+", numtext[found[i - 1][1]:a]):
                lo, hi = _age_span([groups[-1], f])
                kinds = {groups[-1].op[0], f.op[0]}
                if kinds == {">", "<"} and lo <= hi:  # 'ouder dan 18 en jonger dan 65': one group
                    groups[-1] = Filter(dimension=dim, op="between", values=[lo, hi])
                    continue
            if f not in groups:
                groups.append(f)
        return groups

    def _explicit_ages_win(self, filters: list[Filter], notices: list[str]) -> list[Filter]:
        """'jongeren van 18 tot en met 26 jaar': the ages said decide who is meant; an age class named by a word
        for the people ('jongeren' is 0-17) that does not hold those ages is how they are called, not a second
        narrowing (which would leave nobody: a confident 0)."""
        bounds = [f for f in filters if f.dimension == "leeftijd"]
        classes = [f for f in filters if f.dimension == "leeftijdsklasse" and f.op in ("=", "in")]
        if not bounds or not classes:
            return filters
        lo, hi = _age_span(bounds)
        ranges = self.catalogue.class_ranges("leeftijdsklasse")
        out = list(filters)
        for f in classes:
            spans = [ranges.get(str(v)) for v in f.values]
            if any(r is None for r in spans):
                continue
            if not any(r[0] <= lo and (r[1] is None or hi <= r[1]) for r in spans):
                out.remove(f)
                notices.append(f"Leeftijd {lo} t/m {hi} gebruikt; de leeftijdsklasse {', '.join(map(str, f.values))} "
                               "die de vraag ook noemt, valt daarbuiten.")
        return out

    def _new_ages(self, ages: list[Filter], filters: list[Filter], metric) -> list[Filter]:
        """The age filters that say more than ``filters``: '75-plussers' names both the class 75+ and the ages
        from 75, one filter."""
        out = []
        for f in ages:
            same = self._age_classes(f, metric)
            if same is None or not any(g.dimension == same.dimension and list(g.values) == list(same.values)
                                       for g in filters):
                out.append(f)
        return out

    def _same_units(self, parse: _Parse, metrics: list[str], context: SemanticQuery) -> bool:
        """The units counted before, named by their plain noun and pointed at ('hoeveel huishoudens hadden daar
        mee te maken', 'die huishoudens' after households with provisions under two laws): the figure answered
        before, not a published count of all such units (a CBS figure has no counting unit of its own)."""
        before = self.model.metrics.get(context.metrics[0]) if context.metrics else None
        unit = getattr(before, "counting_unit", None)
        unit = getattr(unit, "value", unit)
        if not unit or any(self.model.metrics[m].counting_unit is not None for m in metrics):
            return False
        named = any(s.startswith(stem(str(unit))[:6]) for s in parse.stems)
        pointed = any(w in DEMONSTRATIVES | ANAPHORA | {"daar", "daarmee", "ermee", "zulke", "dergelijke"}
                      for w in parse.words)
        return named and pointed

    def _against_the_denominator(self, parse: _Parse, metrics: list[str]) -> list[str]:
        """'Hoe stonden de taakvelden ervoor ten opzichte van de begroting?': the one figure named is what something
        unnamed is set against; where it is the denominator of a ratio of the semantic layer, the question asks for
        that ratio and both its parts (the realisatie against the begroting, and the uitputting)."""
        if len(metrics) != 1:
            return metrics
        spans = self._metric_scores(parse)[1]
        if metrics[0] not in spans:
            return metrics
        before = " ".join(parse.words[:spans[metrics[0]][0]])
        if not re.search(r"\b(?:ten opzichte van|vergeleken met|afgezet tegen|tegenover|in verhouding tot|gemeten aan|"
                         r"(?:boven|onder)(?: of (?:boven|onder))?|binnen)(?: de| het)?$", before):
            return metrics
        for name, metric in self.model.metrics.items():
            spec = metric.spec
            if spec.get("kind") == "ratio" and spec.get("denominator") == metrics[0] \
                    and isinstance(spec.get("numerator"), str):
                return [metrics[0], spec["numerator"], name]
        return metrics

    def _units_of_the_group(self, parse: _Parse, metrics: list[str], context: SemanticQuery) -> str | None:
        """'Voeg het aantal huishoudens toe' after Wmo provisions: the plain noun of a published count (all households,
        CBS) that cannot carry what the group asked before is narrowed to (a wet, a soort), where a municipal figure
        counts that unit: that figure, of the same group."""
        if len(metrics) != 1 or is_municipal(self.catalogue, metrics[0]) or not context.metrics or not all(
                is_municipal(self.catalogue, m) for m in context.metrics):
            return None
        published = self.model.metrics[metrics[0]]
        if all(f.dimension in published.dimensions for f in context.filters):
            return None
        counting = [n for n, m in self.model.metrics.items() if is_municipal(self.catalogue, n) and m.counting_unit
                    and not m.default_filters and m.unit == published.unit
                    and all(f.dimension in m.dimensions for f in context.filters)
                    and all(d in m.dimensions for d in context.dimensions)
                    and any(s.startswith(stem(str(getattr(m.counting_unit, "value", m.counting_unit)))[:6])
                            for s in parse.stems)]
        return counting[0] if len(counting) == 1 else None

    def _names_share(self, name: str, value: str) -> bool:
        """Does the value's name share a content word with the figure's names ('Bijstand levensonderhoud' and
        'Personen met bijstand (CBS)'): then the figure is about that value."""
        return bool(_content_stems(value) & self._name_stems[name])

    def _in_a_name(self, parse: _Parse, age: Filter) -> bool:
        """Is the age's number part of a value's name ('geëscaleerde zorg 18+' is a taakveld, not an age asked), or
        a number of things a dimension names ('2+ wetten')?"""
        numbers = {str(v) for v in age.values}
        return any(numbers & set(parse.words[m.start:m.end]) for m, _e in parse.values) or any(
            w in numbers and any(e.kind == "dimension" and self.lex.dimension_kind.get(e.key) not in ("year", "numeric")
                                 for e in self.lex.phrases.get((next((t for t in parse.stems[i + 1:] if t != "+"), ""),), []))
            for i, w in enumerate(parse.words))

    def _age_parts(self, names: list[str], groups: list[Filter]) -> list[str] | None:
        """Several age groups of one figure that each are the defined ages of a figure that is part of it (or of
        the figures named, parts of one figure): those figures, one per group."""
        bases = {self.model.metrics[n].spec.get("part_of") or n for n in names}
        if len(bases) != 1:
            return None
        base = bases.pop()
        parts = [self._age_part([base], [g]) for g in groups]
        found = [m[0] for m, rest in parts if not rest and m[0] != base]
        return found if len(found) == len(groups) and len(set(found)) == len(found) else None

    def _class_starts(self) -> set[int]:
        """The first age of each age class (0, 18, 27, 65, 75)."""
        if "leeftijdsklasse" not in self.model.dimensions:
            return set()
        return {int(lo) for lo, _hi in self.catalogue.class_ranges("leeftijdsklasse").values() if lo is not None}

    def _groups_as_classes(self, groups: list[Filter], name: str) -> Filter | None:
        """Several age groups that are each one age class of the figure: those classes, a row each."""
        metric = self.model.metrics[name]
        classes = [self._age_classes(g, metric) for g in groups]
        if any(c is None or c.op != "=" or c.dimension != classes[0].dimension for c in classes):
            return None
        return Filter(dimension=classes[0].dimension, op="in", values=[c.values[0] for c in classes])

    def _age_part(self, metrics: list[str], ages: list[Filter]) -> tuple[list[str], list[Filter]]:
        """An age the figure cannot carry that is its own defined age range, or that of a figure defined as part of
        it ('inwoners van 65 jaar en ouder': the CBS inhabitants of 65+): that figure, the age in its definition."""
        if len(metrics) != 1 or len(ages) != 1 or ages[0].dimension in self.model.metrics[metrics[0]].dimensions:
            return metrics, ages
        f = ages[0]
        asked = {">=": (f.values[0], None), "<=": (0, f.values[0]),
                 "between": tuple(f.values[:2])}.get(f.op)
        part = next((name for name, m in self.model.metrics.items()
                     if (name == metrics[0] or m.spec.get("part_of") == metrics[0])
                     and asked is not None and tuple(m.spec.get("ages", ())) == tuple(asked)), None)
        return ([part], []) if part else (metrics, ages)

    def _age_filters(self, ages: list[Filter], metric, notices: list[str]) -> list[Filter]:
        """Age filters as the metric allows: exact ages, or else the matching age classes."""
        out: list[Filter] = []
        for f in ages:
            if f.dimension in metric.dimensions:
                out.append(f)
                continue
            converted = self._age_classes(f, metric)
            if converted is not None:
                out.append(converted)
            elif self._age_in_definition(f, metric):
                continue  # 'het percentage van de jongeren onder de 18 met jeugdhulp': the figure's own ages
            else:
                notices.append(Dropped(f"{metric.label} is niet af te bakenen naar precies deze leeftijd; die afbakening "
                                       "is weggelaten.", "een leeftijd"))
        return out

    def _age_in_definition(self, f: Filter, metric) -> bool:
        """Is the age ``f`` exactly the age class the figure is defined for (its default filter)?"""
        for d in metric.default_filters:
            try:
                ranges = self.catalogue.class_ranges(d.get("dimension"))
            except KeyError:
                continue
            if not ranges:
                continue
            spans = [ranges.get(str(v)) for v in d.get("values", [])]
            if len(spans) != 1 or spans[0] is None:
                continue
            lo, hi = spans[0]
            asked = {">=": (f.values[0], None), "<=": (0, f.values[0]), "<": (0, f.values[0] - 1),
                     "between": tuple(f.values[:2])}.get(f.op)
            if asked is not None and (asked[0] or 0) == (lo or 0) and asked[1] == hi:
                return True
        return False

    def _age_classes(self, f: Filter, metric) -> Filter | None:
        for dim in metric.dimensions:
            try:
                classes = self.catalogue.class_ranges(dim)
            except KeyError:
                continue
            if not classes:
                continue
            ranges = {v: (a, 200 if b is None else b) for v, (a, b) in classes.items()}
            if f.op not in (">=", ">", "<=", "<", "between"):
                return None
            lo, hi = _age_span([f])
            chosen = [v for v, (a, b) in ranges.items() if a >= lo and b <= hi]
            covered_lo = min((ranges[v][0] for v in chosen), default=None)
            covered_hi = max((ranges[v][1] for v in chosen), default=None)
            if not chosen or covered_lo != max(lo, 0) or (covered_hi != hi and not (hi >= 120 and covered_hi == 200)):
                return None
            return Filter(dimension=dim, op="=" if len(chosen) == 1 else "in", values=chosen)
        return None

    def _ranking(self, parse: _Parse) -> tuple[bool | None, int | None]:
        stems = parse.stems
        direction = None
        for i, s in enumerate(stems):
            if i + 1 < len(stems) and stems[i + 1].startswith("recent"):
                continue  # 'het meest recente jaar' names a year, not an order
            if s != "top" and (s in DESC_CUES or s.rstrip("e") in DESC_CUES):
                direction = True
                break
            if (s in ASC_CUES or s.rstrip("e") in ASC_CUES) and not parse.words[i].startswith(("minstens", "tenminste")):
                direction = False  # 'minste' orders; 'minstens' (at least) bounds or quantifies
                break
        if direction is None and "top" in stems:
            direction = True  # 'top 5' orders highest first where no word says otherwise ('top 5 met de minste ...')
        if direction is None and re.search(r"\bhet\s+(meest|minst)\b(?!\s+recent)", parse.numtext):
            direction = "meest" in parse.numtext
        if direction is None:  # an order asked for on its own: 'van hoog naar laag', 'aflopend gesorteerd'
            order = re.search(r"\bvan\s+(hoog|groot|veel|laag|klein|weinig)\w*\s+naar\s+\w+|\b(aflopend|oplopend)\b",
                              parse.numtext)
            if order:
                direction = (order.group(1) or "").startswith(("hoog", "groot", "veel")) or order.group(2) == "aflopend"
        if direction is None and any(lemma(w) in ("rangschikken", "ordenen") for w in parse.words):
            direction = True  # 'rangschik de wijken op het aantal': highest first, where no word says otherwise
        limit = None
        m = re.search(r"\btop\s*-?\s*(\d{1,3})\b", parse.numtext)
        cue_number = next((int(stems[i + 1]) for i, s in enumerate(stems[:-1])
                           if (s in DESC_CUES | ASC_CUES or s.rstrip("e") in DESC_CUES | ASC_CUES)
                           and stems[i + 1].isdigit() and 0 < int(stems[i + 1]) <= 100
                           and not any(w in AGE_TAILS or w.startswith(("jaar", "jarig", "plus", "min", "tot"))
                                       for w in parse.words[i + 2:i + 3])), None)
        if cue_number is not None and m is None:
            limit = cue_number  # 'de bovenste drie', 'de laagste 5'
        elif m:
            limit = int(m.group(1))
            direction = True if direction is None else direction
        else:
            # the numbers of an age asked ('van 0 t/m 17 per stadsdeel') are no count of rows
            age_numbers = {int(v) + d for f in self._ages(parse.numtext) for v in f.values for d in (-1, 0, 1)}
            for i, s in enumerate(stems[:-1]):
                age = (i > 0 and stems[i - 1].isdigit()) or stems[i + 1] in ("jaar", "jarig", "jarigen") or \
                    parse.words[i + 1] in AGE_TAILS or (s.isdigit() and int(s) in age_numbers)
                # '0-17 jaar in stadsdeel Escamp' is an age, not a top 17
                if s.isdigit() and 0 < int(s) <= 100 and not age:
                    # '5 wijken', 'vijf grootste', also across an adjective: 'vijf Haagse wijken'
                    for nxt in stems[i + 1 : i + 4]:
                        if nxt.isdigit():
                            break
                        nxt_is_dim = any(e.kind == "dimension"
                                         and self.lex.dimension_kind.get(e.key) not in ("year", "numeric")
                                         for e in self.lex.phrases.get((nxt,), []))
                        if nxt_is_dim or nxt in DESC_CUES or nxt in ASC_CUES or nxt.rstrip("e") in DESC_CUES | ASC_CUES:
                            limit = int(s)
                            break
                    if limit is not None:
                        break
        return direction, limit

    # ------------------------------------------------------------------ building the query
    def _query(self, text: str, folded: str, parse: _Parse, context: SemanticQuery | None,
               suggest_areas: bool = True, earlier: tuple[SemanticQuery, ...] = ()) -> Interpretation:
        explicit_years = [int(y) for y in re.findall(rf"\b({YEAR_RE})\b", parse.numtext)]
        metrics, notices, ranked = self._choose_metrics(parse, explicit_years)
        edit = bool(parse.words) and _verb_form(parse.words[0], first=True) and any(
            w in ("dat", "dit", "het", "die", "deze") for w in parse.words[1:3]) and not re.search(
            ADDING_RE, parse.numtext) and not any(lemma(w) in FIGURE_NOUNS for w in parse.words) and (
            parse.values or self._ages(parse.numtext))  # 'Beperk dat tot ...', not 'Zet het aantal inwoners erbij'
        if context is not None and (edit or any(w in ("daarvan", "hiervan") for w in parse.words)) and not re.search(
                r"\b(kosten|kost|kostte|gekost|per|procent|percentage|aandeel|deel)\b", parse.numtext) and not any(
                self.model.metrics[m].unit == "euro" for m in metrics):  # 'wat is daarvan gerealiseerd': of a budget
            # 'En hoeveel daarvan zijn 65-plussers?', 'Beperk dat tot 65 jaar en ouder': a part of the group
            # counted before, not another figure
            metrics, ranked = [], []
        if context is not None and metrics and self._same_units(parse, metrics, context):
            metrics, ranked = [], []  # 'hoeveel huishoudens hadden daar mee te maken' after stapeling: that figure
        metrics = self._against_the_denominator(parse, metrics)
        if context is not None and not metrics and len(context.metrics) == 1 and RELATIVE_RE.search(parse.numtext):
            # 'En naar verhouding?' after a count: its rate per 1.000 inhabitants
            metrics = [n for n, m in self.model.metrics.items() if m.unit == "per 1.000"
                       and context.metrics[0] in (m.spec.get("numerator"), m.spec.get("rate_of"))][:1]
        if context is not None and metrics and re.search(PCT_RE, parse.numtext) and any(
                w in ("dat", "dit") for w in parse.words) and all(
                not is_municipal(self.catalogue, m) for m in metrics) and all(
                is_municipal(self.catalogue, m) for m in context.metrics):
            # 'Welk percentage van alle 65-plussers daar is dat?' after a count of clients of 65+: that count as a
            # percentage of the inhabitants it is taken from (the group named is the denominator, not the figure)
            share = self._percentage_of(self._ages_as_classes(context))
            if share is not None:
                query = context.model_copy(deep=True, update={"metrics": [share], "order_by": [], "limit": None})
                return Interpretation("query", query=query, followup=True)
        counted = self._units_of_the_group(parse, metrics, context) if context is not None else None
        if counted is not None:
            metrics, ranked = [counted], [(counted, 0.0)]
        if context is not None and len(metrics) == 1 and "alleen" in parse.words and (
                parse.values or self._ages(parse.numtext)) and any(
                self.model.metrics[m].spec.get("denominator") == metrics[0] for m in context.metrics):
            # 'Zelfde reeks, maar alleen cliënten van 75+' after the costs per client: the clients the rate is taken
            # over are narrowed, the figure stays
            metrics, ranked = [], []
        first = parse.stems[0] if parse.stems else ""
        followup_cue = first in FOLLOWUP_CUES or (bool(parse.words) and parse.words[0] in FOLLOWUP_CUES) \
            or folded.startswith(("wat als", "en ", "alleen ")) \
            or (bool(parse.words) and lemma(parse.words[0]) in ("beperken", "filteren", "filter", "verfijnen",
                                                                  "inperken")) \
            or bool(re.search(r"\b(?:het\s*zelfde|idem)\b(?!\s+(?:als|gebleven|gelijk|bleef|blijft))",
                              parse.numtext))  # 'Kun je hetzelfde laten zien voor ...' (not 'hetzelfde als in 2022')
        row_level = self._row_level(parse)
        per = parse.words.index("per") if "per" in parse.words[:-1] else None
        if row_level is None and context is not None and per is not None and len(parse.stems) <= 8 \
                and any(w in ("dat", "dit") for w in parse.words) and parse.words[per + 1].endswith(UNIT_WORDS):
            # 'Hoeveel is dat per pleegzorgcliënt?' after costs: that figure per unit, not a count of the units
            attached = self._attached_to_previous(text, context)
            if attached is not None:
                return attached
        if row_level is not None:
            if context is not None and len(parse.stems) <= 7:
                # 'En per cliënt?' after costs: the rate of the figure asked before, not rows per person
                attached = self._attached_to_previous(text, context)
                if attached is not None:
                    return attached
            return Interpretation("individual", message=row_level)
        if re.search(SERVICE_RE, folded):
            return Interpretation("out_of_scope", message=(
                "Voor vragen over uw eigen situatie, een aanvraag of een afspraak kunt u terecht bij de gemeente. "
                + self._scope_hint()))
        leftover = self._leftover_positions(parse)
        places = self._places(parse, leftover)
        foreign = [i for i in leftover if i not in places]
        if metrics and RELATIVE_RE.search(parse.numtext):  # ('naar verhouding' said how the figure is taken)
            foreign = [i for i in foreign if parse.words[i] not in ("verhouding", "relatief", "verhoudingsgewijs")]
        # the thing counted or asked about is a word the semantic layer does not know ('Hoeveel wachtenden
        # ...', 'Wat is de gemiddelde leeftijd ...'), or a content word stands where the semantic layer has no
        # term at all ('parkeren bij het stadhuis'), or it is what a generic figure word is about ('kost een
        # parkeervergunning', 'kosten van een paspoort', also beside another figure: 'kost een ov-jaarkaart voor
        # 65-plussers'): the question is about something else
        if context is not None and not metrics and (parse.values or self._names_home_area(parse)
                                                    or self._ages(parse.numtext)):
            # a follow-up that only moves the scope: an everyday verb in it is how it is said, not what it is
            # about ('En als je naar heel Den Haag kijkt?', 'Filter dat op ...')
            foreign = [i for i in foreign if not _verb_form(parse.words[i], first=i == 0,
                                                            last=i == len(parse.words) - 1)]
        head = self._head(parse)
        _scores, spans = self._metric_scores(parse)
        # 'de gemiddelde leeftijd van de bijstandsgerechtigden': the average of something that is no figure
        # (a dimension, an unknown word) is what is asked, whatever else the question names
        figures = {j for lo, hi in spans.values() for j in range(lo, hi)} | {
            j for m, _e in parse.values for j in range(m.start, m.end)}
        figures |= {j for j in range(len(parse.words)) for k in (j - 1, j + 1)  # every part of a compound that names
                    if k in figures and 0 <= k < len(parse.words) and parse.words[k] == parse.words[j]}  # ('jaarkosten')
        averaged = [i for i in range(1, len(parse.words)) if parse.words[i - 1] in AVERAGE_WORDS
                    and parse.words[i].isalpha() and i not in figures and parse.words[i] not in STOPWORDS
                    and not re.search(re.escape(parse.originals[i - 1]) + r"\s*[.?!;:]\s*" + re.escape(parse.originals[i]),
                                      text)  # ('... gemiddeld? Neem 2023': another sentence)
                    and parse.stems[i] not in self._metric_words
                    and parse.words[i] not in DATA_WORDS | OPERATION_NOUNS | FIGURE_NOUNS]
        if averaged:
            return Interpretation("out_of_scope", message=self._out_of_scope_message(
                parse, f"{parse.originals[averaged[0] - 1].lower()} {parse.originals[averaged[0]]}"))
        incidental = [i for i in foreign if self._incidental(parse, i, head, spans, context)]
        if incidental and len(incidental) < len([i for i in range(len(parse.words)) if i not in incidental]):
            foreign = [i for i in foreign if i not in incidental]
            parse.incidental = [parse.originals[i] for i in incidental]
        # 'unieke cliënten': an adjective before a figure narrows it (asked back below), it is no other subject
        # (also an adjective with the attributive -e that is a noun as well: 'actieve voorzieningen')
        before_figure = {i for i in foreign if (is_adjective_only(parse.words[i]) or (
                             "adj" in word_classes(parse.words[i]) and parse.words[i].endswith("e")))
                         and any(lo == i + 1 for lo, _hi in spans.values())}
        if suggest_areas:
            compound = self._unknown_compound(text, parse, foreign, context)
            if compound is not None:  # 'jeugdbeschermingsmaatregel': never answered as if the word were not there,
                return compound       # nor refused as if it named no provision
        if (head is not None and head in foreign and head not in before_figure) or (foreign and not parse.value_slot and (
                not metrics or any(self._attached(parse, i, spans[m]) for i in foreign if i not in before_figure
                                   for m in spans if m in metrics or self.model.metrics[m].unit == "euro"))):
            word = parse.words[head] if head is not None and head in foreign else None
            return Interpretation("out_of_scope", message=self._out_of_scope_message(parse, word))
        parse.unused = [parse.originals[i] for i in foreign if self._restricts(parse, i, spans)]
        parse.incidental += [parse.originals[i] for i in foreign if not self._restricts(parse, i, spans)]
        if places and suggest_areas:
            return self._unknown_area(text, parse.originals[places[0]], context)
        if parse.ambiguous:
            settled = self._settle_levels(parse, context, suggest_areas)
            if isinstance(settled, Interpretation):
                return settled
            parse = settled
        bound = self._budget_bound(parse, [n for n, _ in ranked[:3]] + metrics) if ranked or metrics else None
        if bound is not None and parse.group_dims and not metrics:
            metrics = [bound[0]]  # 'op welke taakvelden is meer uitgegeven dan begroot': the budget ratio, per row
        elif bound is not None and not parse.group_dims and re.search(
                r"\b(?:uitgegeven|besteed|gerealiseerd|gekost)\s+dan\b|\bheen\b|\bbinnen\b", parse.numtext) \
                and set(parse.dimension_mentions) <= {e.dimension for _m, e in parse.values}:
            # 'is er voor 6.81 meer gekost dan begroot', 'zijn we over het budget van 6.6 heen gegaan': the budget,
            # what was spent and the ratio, side by side (not 'de taakvelden ...': rows, ranked or bounded)
            spec = self.model.metrics[bound[0]].spec
            metrics, ranked = [spec["denominator"], spec["numerator"], bound[0]], []
        # 'Vergelijk met 2020, inclusief verschil in procenten': in a conversation, a comparison with another
        # year is about the figure asked before ('procenten' names no figure of its own there)
        compares_years = context is not None and bool(explicit_years) and _compares(parse.numtext)
        if compares_years and not parse.values and not parse.group_dims:
            metrics, ranked = [], []
        # 'Hoeveel procent verschil is dat tussen die twee jaren?' after two answers that differ only in their
        # year (or after a trend): the change between those years, of the figure answered
        years_pair = self._conversation_years(parse, context, earlier)
        if years_pair is not None:
            metrics, ranked = [], []
            compares_years = True
        said = self._age_groups(parse.numtext)
        groups = [f for f in said if not self._in_a_name(parse, f)]  # (not a value's name)
        ages = [f for f in said[:1] if f in groups]  # (``_ages``; '... voor geëscaleerde zorg 18+' names a taakveld)
        parts = self._age_parts(metrics or [n for n, _ in ranked[:3]], groups) if len(groups) > 1 else None
        if parts:  # 'inwoners van 0-14 jaar en van 65 jaar en ouder': each group its own figure, side by side
            metrics, ranked, groups, ages = parts, [], [], []
        if ranked and not metrics and not (context is not None and self._names_home_area(parse)):
            return self._clarify_metric(text, parse, [n for n, _ in ranked[:3]], context)
        if len(groups) > 1:  # several age groups of one figure: a row per group where each is an age class
            of = metrics[0] if metrics else context.metrics[0] if context is not None and context.metrics else None
            classes = self._groups_as_classes(groups, of) if of else None
            if classes is None:
                return Interpretation("clarification", message=(
                    "Uw vraag noemt meer dan één leeftijdsgroep (" + "; ".join(_age_words(f) for f in groups)
                    + "). Vraag ze een voor een, of vraag het cijfer per leeftijdsklasse."))
            ages = [classes]
        direction, limit = self._ranking(parse)
        question_word = first in QUESTION_WORDS
        anaphora = any(w in ANAPHORA or (pronominal_adverb(w) and w.startswith(("daar", "hier"))
                                         and not (i and parse.words[i - 1] in ("jaar", "jaren")))  # 'het jaar daarvoor'
                       for i, w in enumerate(parse.words)) \
            or bool(re.search(r"\b(?:zijn|waren|is|was)\s+(?:het|dat|dit)\s+er\b", parse.numtext)) \
            or (context is not None and any(  # 'die vrouwen' in a conversation: the group answered before
                w in ("die", "deze") and (i + 1) in parse.named and (i == 0 or parse.words[i - 1] not in PERSON_NOUNS)
                for i, w in enumerate(parse.words))) \
            or (context is not None and any(  # 'hoeveel van hen woonden beschermd': a part of the group answered
                w in GROUP_PRONOUNS and i and parse.words[i - 1] == "van" for i, w in enumerate(parse.words)))
        fresh = question_word and parse.value_slot and not (followup_cue or anaphora)
        if not metrics:
            # 'En in 2022?', 'Per geslacht', 'Hoeveel daarvan ...' continue the conversation; 'Hoeveel ouderen
            # hebben een scootmobiel?' names its own subject and starts a new question
            # 'Hoe zag dat er in 2020 uit?', 'hoe zag die top 5 er in 2019 uit?': what was answered
            refers = any(w in ("dat", "dit", "die", "deze") for w in parse.words) or any(
                w in GROUP_PRONOUNS and i and parse.words[i - 1] == "van" for i, w in enumerate(parse.words))
            # (a question naming only scope, no figure and no word of its own: 'Laat voor Escamp de afzonderlijke
            # wijken zien' edits the answer before)
            only_scope = not foreign and bool(parse.values or parse.group_dims)
            if context is not None and not fresh and (followup_cue or anaphora or refers or len(parse.stems) <= 5
                                                      or not question_word or compares_years or only_scope):
                return self._followup(parse, context, ages, direction, limit, years_pair=years_pair)
            default = self.lex.default_count_metric
            if default and parse.value_slot and foreign and not self._data_context(parse):
                # 'Vertaal het woord bijstand': a provision is named, but no figure is asked for
                return Interpretation("out_of_scope", message=self._out_of_scope_message(parse))
            money = head is not None and (parse.words[head] in MONEY_NOUNS or lemma(parse.words[head]) in MONEY_NOUNS)
            if default and parse.value_slot and not money:
                metrics = [default]  # 'pleegzorg den haag 2021': people with that provision
            else:
                # only an area, a year or a vague word ('Hoeveel?', 'Geef me de cijfers'): ask which figure
                return self._clarify_metric(text, parse, self._candidates_for(parse, folded), None)
        metrics = self._refine_metrics(parse, metrics)
        metrics = self._same_source(parse, metrics, context)
        metrics = self._same_subject(parse, metrics, context)
        metrics = self._beside_budget(parse, metrics, context)
        metrics = self._relation_of_parts(parse, metrics)
        metrics = self._parts_of_the_ratio_before(parse, metrics, context)
        one = self._one_averaged(parse, metrics)
        if one is not None:
            labels = {m: {stem(w) for w in re.findall(r"\w+", fold(self.model.metrics[m].label))} for m in metrics}
            if all(stem(one) in words for words in labels.values()):
                # 'Wat verdiende een inwoner gemiddeld?': an average per person of something, not the count of them
                per = [n for n, m in self.model.metrics.items() if m.unit != "aantal"
                       and f"per {stem(one)}" in " ".join(stem(w) for w in re.findall(r"\w+", fold(m.label)))]
                return self._clarify_metric(text, parse, per, context)
            # 'Hoeveel voorzieningen heeft een cliënt gemiddeld?': a count per person the semantic layer does not hold
            label = self.model.metrics[metrics[0]].label.lower()
            person = parse.originals[parse.words.index(one)].lower()
            return Interpretation("clarification", message=(
                f"Een gemiddeld aantal {label} per {person} heb ik niet als cijfer. Ik kan wel het aantal {label} geven, "
                f"of het aantal cliënten; stel de vraag zo, bijvoorbeeld: 'Hoeveel {label} waren er in 2023?'"))
        if "cbs" in parse.stems and metrics and all(is_municipal(self.catalogue, m) for m in metrics):
            # 'volgens het CBS': the CBS figure that fits, never the municipal one in its place
            listed = self._cbs_listed(parse)
            named = listed or self._cbs_named(parse)
            if len(named) != 1 and not listed:
                return self._clarify_metric(text, parse, named, context) if named else Interpretation(
                    "out_of_scope", message="Daarvoor heeft het CBS geen cijfer in Wijkvraag. " + self._scope_hint())
            metrics = named
        refers_back = anaphora or any(w in ("dat", "dit") for w in parse.words)  # 'Wat heeft dat gekost?'
        # 'En de instroom ernaast?', 'Zet het aantal inwoners er ook bij': the new figure joins the old
        adding = (bool(re.search(r"\b(?:ernaast|daarnaast|erbij|daarbij|er\s+(?:\w+\s+){0,2}(?:bij|naast))\b"
                                 r"|^\s*\w+\s+er\b[^.?!]*\b(?:bij|naast)\s*(?:[.?!]|$)",  # 'Zet er X volgens CBS bij.'
                                 parse.numtext)) and not self._area_set_beside(parse)
                  and not any("bij" + lemma(w) in FLOW_VERBS for w in parse.words)) or any(  # (not 'kwamen er ... bij')
            lemma(w) == "toevoegen" or (lemma(w) == "voegen" and "toe" in parse.words) for w in parse.words)
        # in a conversation, a new figure asked without any scope of its own (no area, provision, group or
        # year: 'dus hoeveel procent van het budget is opgemaakt?') is asked about the scope of the answer before
        # ('splits de instroom naar geslacht' after the instroom: the same figure in rows, the scope kept)
        resliced = context is not None and bool(metrics) and set(metrics) <= set(context.metrics)
        unscoped = not parse.values and not explicit_years and (not parse.group_dims or resliced)
        if context is None and (anaphora or refers_back) and self._refers_within(parse):
            anaphora = refers_back = False  # 'Wat was er in 2022 begroot voor ... en wat is daarvan uitgegeven?'
        if context is None and (anaphora or (refers_back and unscoped)):
            # 'En hoeveel kost dat dan per persoon?' as a first question: what 'dat' is, is not said
            return Interpretation("clarification", message=(
                "Waar verwijst uw vraag naar? Er is nog geen eerdere vraag in dit gesprek. Noem de groep, het gebied "
                "en het jaar, bijvoorbeeld: " + self._example_question()))
        longest = max(len(re.findall(r"[^\W_]+", part)) for part in re.split(r"(?<!\d)[.?!]+", text) + [""])
        if context is not None and (followup_cue or refers_back or adding or unscoped) and (
                len(parse.stems) <= 14 or followup_cue or longest <= 14):
            # (a short follow-up with an instruction beside it: 'Ligt dat hoger dan in heel Den Haag? Reken per 1.000
            # inwoners.', 'En hoeveel geld ging daar ... naartoe? Ook met het verschil graag.')
            base = context.model_copy(deep=True)
            if adding:
                metrics = list(dict.fromkeys([*base.metrics, *metrics]))
            renamed = dict(zip(base.metrics, metrics)) if len(base.metrics) == len(metrics) else {}
            base.metrics = metrics
            # a ranking on the figure asked before now ranks the new one ('En gerangschikt op uitstroom?')
            base.order_by = [OrderBy(field=renamed.get(o.field, o.field), descending=o.descending)
                             for o in base.order_by if o.field in renamed or o.field in base.dimensions]
            if not base.order_by:
                base.limit = None
            return self._followup(parse, base, ages, direction, limit, metric_changed=True)
        return self._build(parse, metrics, ages, direction, limit, notices)

    def _contains(self, outer: Entry, inner: Entry) -> bool:
        """Does the area ``outer`` hold the smaller area ``inner`` (a gemeente its wijken and stadsdelen, a stadsdeel
        its wijken)?"""
        home_dim = self.lex.home_dimension
        if outer.dimension == home_dim:
            if inner.dimension == "wijk":
                return self.catalogue.resolve_wijk(str(outer.key), str(inner.key)) is not None
            return outer.key == self.lex.home_area
        return str(outer.key) in self.value_links.get((inner.dimension, str(inner.key)), {}).get(outer.dimension, [])

    def _names_another_gemeente(self, text: str) -> bool:
        """Does the text name a gemeente other than the home one ('Overvecht tegenover de gemeente' in Utrecht)?"""
        home = self.lex.home_dimension
        return any(self.catalogue.resolve_value(home, w) not in (None, self.lex.home_area)
                   for w in re.findall(r"\b[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?", text))

    def _ages_of_compounds(self, parse: _Parse, filters: list[Filter], metric) -> list[Filter]:
        """A value named by a compound whose head names an age class ('pleegkinderen': foster care of children, as
        'kinderen' are 0-17): that class too, where the question names no age of its own."""
        if any(f.dimension in AGE_DIMENSIONS for f in filters) or "leeftijdsklasse" not in metric.dimensions:
            return []
        classes = self.catalogue.value_synonyms("leeftijdsklasse")
        for m, e in parse.values:
            word = parse.words[m.end - 1]
            if e.kind != "value" or e.dimension in AGE_DIMENSIONS or m.end - m.start != 1:
                continue
            for value, names in classes.items():
                if any(" " not in n and len(n) >= 4 and word.endswith(n) and len(word) - len(n) >= 4 for n in names):
                    return [Filter(dimension="leeftijdsklasse", op="=", values=[value])]
        return []

    def _levels_apart(self, parse: _Parse) -> Interpretation | list[Entry] | None:
        """'in Zorgvliet en Delft', 'de Schildersbuurt vergeleken met heel Den Haag', 'Escamp en Moerwijk': areas of
        different levels side by side. One answer shows one level (a filter on both would give the smaller area, or
        nothing), so the question is asked back instead of answering for one of them; an area named as the place of
        another ('Moerwijk in Escamp', 'Overvecht in Utrecht') qualifies it, unless it does not hold it."""
        levels = [self.lex.home_dimension, *(d for d in self.lex.area_dimensions if d != self.lex.home_dimension)]
        named = sorted(((m, e) for m, e in parse.values if e.kind == "value" and e.dimension in levels),
                       key=lambda me: me[0].start)
        rank = {d: i for i, d in enumerate(levels)}  # 0 = the widest
        whole = {"heel", "hele", "gehele", "totale", "complete"}
        strong = {"vergeleken", "vergelijk", "versus", "vs", "tegenover", "opzichte", "naast", "dan"}
        qualifiers: set[int] = set()
        pairs: list[tuple[int, int]] = []
        for a in range(len(named) - 1):
            (ma, ea), (mb, eb) = named[a], named[a + 1]
            if rank[ea.dimension] == rank[eb.dimension]:
                continue
            wide, small = (a, a + 1) if rank[ea.dimension] < rank[eb.dimension] else (a + 1, a)
            between = parse.words[ma.end:mb.start]
            side_by_side = bool(set(between) & strong) or (len(between) <= 4 and bool(
                set(between) & {"en", "of", "met"})) or bool(named[wide][0].start and parse.words[
                    named[wide][0].start - 1] in whole) or (not between and _split_by_a_comma(
                        parse.numtext, [parse.originals[ma.end - 1], parse.originals[mb.start]])  # 'Laak, Moerwijk'
                    and not (set(parse.words[mb.end:mb.end + 2]) & {"niet", "buiten", "uitgezonderd", "excl"}))

            if side_by_side:
                pairs.append((wide, small))
            elif len(between) <= 4:
                if not self._contains(named[wide][1], named[small][1]):
                    out, inner = named[wide][1], named[small][1]
                    return Interpretation("clarification", message=(
                        f"{self._area_label(inner)} ligt niet in {self._area_label(out)}. Bedoelt u "
                        f"{self._area_label(inner)} of {self._area_label(out)}? Stel de vraag voor één van beide."))
                qualifiers.add(wide)
        side = sorted({i for wide, small in pairs if wide not in qualifiers for i in (wide, small)}
                      - {i for i in qualifiers})  # ('Overvecht in Utrecht en Moerwijk': Utrecht names where it lies)
        if not side:
            return None
        # every area of the question that is not the place of another, in the order named: a figure for each
        return [e for i, (_m, e) in enumerate(named) if i not in qualifiers]

    def _beside(self, result: Interpretation, areas: list[Entry]) -> Interpretation:
        """Areas of different levels side by side ('Moerwijk vergeleken met heel Den Haag', 'Zorgvliet en Delft'): one
        query per area, each answered as if asked alone, shown as a row per area. With rows per area as well ('per wijk
        in Escamp en heel Den Haag') the question is asked back."""
        query = result.query
        levels = set(self.lex.area_dimensions)
        named = {(e.dimension, str(e.key)) for e in areas}
        # rows per area that are only the areas named ('Bezuidenhout en Mariahoeve en Marlot en heel Haagse Hout')
        listed = {d for d in (query.dimensions if query is not None else []) if d in levels and any(
            f.dimension == d and f.op == "in" and all((d, str(v)) in named for v in f.values) for f in query.filters)}
        if query is None or (set(query.dimensions) & levels) - listed or len(named) < 2 or result.whole is not None:
            a = areas[0]
            b = next((e for e in areas if e.dimension != a.dimension), areas[-1])
            a, b = sorted((a, b), key=lambda e: self.lex.area_dimensions.index(e.dimension), reverse=True)
            return Interpretation("clarification", message=(
                f"U noemt gebieden van verschillend niveau: {self._area_label(a)} en {self._area_label(b)}. Eén antwoord "
                f"toont cijfers van één niveau; vraag ze na elkaar, bijvoorbeeld eerst voor {self._area_label(a)} en "
                f"daarna 'En in {self._area_label(b, plain=True)}?'."))
        parts = []
        for entry in dict.fromkeys(areas):
            part = query.model_copy(deep=True, update={"order_by": [], "limit": None})
            part.dimensions = [d for d in part.dimensions if d not in listed]
            part.filters = [f for f in part.filters if f.dimension not in levels]
            if not (entry.dimension == self.lex.home_dimension and entry.key == self.lex.home_area
                    and all(is_municipal(self.catalogue, m) for m in query.metrics)):
                part.filters.append(Filter(dimension=entry.dimension, op="=", values=[entry.key]))
            # a wijk of another gemeente named beside it ('Overvecht tegenover Utrecht'): in that gemeente
            home = self.lex.home_dimension
            place = next((e for e in areas if e.dimension == home and e.key != self.lex.home_area
                          and entry.dimension != home and self._contains(e, entry)), None)
            if place is not None:
                part.filters.append(Filter(dimension=home, op="=", values=[place.key]))
            parts.append(part)
        return replace(result, query=parts[0], beside=parts[1:], apart=[])

    def _area_label(self, entry: Entry, plain: bool = False) -> str:
        if entry.dimension == self.lex.home_dimension:
            return str(entry.key) if plain else f"gemeente {entry.key}"
        if entry.dimension == "wijk" or plain:
            return str(entry.key)
        return f"{self.model.dimensions[entry.dimension].label.lower()} {entry.key}"

    def _build(self, parse: _Parse, metrics: list[str], ages: list[Filter], direction, limit,
               notices: list[str]) -> Interpretation:
        apart = self._levels_apart(parse)
        if isinstance(apart, Interpretation):
            return apart
        ages = [f for f in ages if not self._in_a_name(parse, f)]
        metrics, ages = self._age_part(metrics, ages)
        metric = self.model.metrics[metrics[0]]
        notices = list(notices)
        filters, dims_from_values = self._value_filters(parse, metrics, notices)
        dims: list[str] = []
        for d in parse.group_dims + dims_from_values:
            if d not in dims:
                dims.append(d)
        years_info = self._years(parse.numtext, metrics[0], None)
        filters += self._new_ages(self._age_filters(ages, metric, notices), filters, metric)
        filters = [f for i, f in enumerate(filters) if f not in filters[:i]]  # (said twice: once)
        dims += [f.dimension for f in ages if f.op == "in" and f.dimension not in dims]  # several groups: a row each
        filters = self._explicit_ages_win(filters, notices)
        filters += self._ages_of_compounds(parse, filters, metric)
        # 'zijn het vooral vrouwen? graag per geslacht': a value of a breakdown asked for is one of its rows, no filter
        filters = [f for f in filters if not (f.op == "=" and f.dimension in parse.group_dims
                                              and f.dimension in ("geslacht", *AGE_DIMENSIONS))]
        query = SemanticQuery(metrics=metrics, dimensions=[], filters=filters)
        notices.extend(self._apply_years(query, years_info, dims))
        query.dimensions = list(dict.fromkeys(d for d in dims if d in metric.dimensions))
        for d in dict.fromkeys(dims):
            if d not in metric.dimensions:
                notices.append(f"{metric.label} is niet uit te splitsen naar {self.model.dimensions[d].label.lower()}.")
        self._apply_ranking(query, parse, direction, limit)
        self._apply_conditions(query, parse)
        return Interpretation("query", query=query, notices=notices, apart=apart or [])

    def _apply_conditions(self, query: SemanticQuery, parse: _Parse) -> None:
        """'Welke taakvelden zijn overschreden?', 'wijken boven de 10%': only the rows that meet the bound,
        with the figures it is judged on beside it. Only for a table of rows (a single figure answers itself)."""
        if not set(parse.group_dims) & set(query.dimensions):
            return  # no rows asked for, or not the rows asked for ('welke wijken ... begroting': per taakveld)
        text = parse.numtext
        ratios = [n for n in query.metrics if self.model.metrics[n].unit == "procent"]
        found = None
        m = re.search(BOUND_RE + r"\s+(?:de\s+|het\s+)?(\d+(?:[.,]\d+)?)\s*(?:%|procent)", text)
        if m and ratios:
            found = (ratios[0], BOUND_OPS[m.group(1)], float(m.group(2).replace(",", ".")))
        else:
            # a figure of the same source that every row has may be the one bounded ('met minstens 100 cliënten')
            home = is_municipal(self.catalogue, query.metrics[0])
            others = {n for n, met in self.model.metrics.items()
                      if set(query.dimensions) <= set(met.dimensions) and is_municipal(self.catalogue, n) == home}
            found = self._budget_bound(parse, query.metrics) or self._amount_bound(text, query.metrics, others)
        if found is None:
            return
        name, op, value = found
        parts = sorted(self._ratio_parts(name), key=lambda p: p != self.model.metrics[name].spec.get("denominator"))
        if name not in query.metrics and set(query.metrics) <= set(parts):
            query.metrics = [name]  # 'over het budget heen': the budget ratio, judged beside its amounts (below)
        if name not in query.metrics:  # a bound on another figure: shown beside the figures asked, after them
            query.metrics = [*query.metrics, name]
            query.conditions = [Condition(metric=name, op=op, value=value)]
            return
        rest = [m for m in query.metrics if m != name]
        if not self.model.metrics[name].default_filters and all(
                d in self.model.metrics[p].dimensions for p in parts for d in query.dimensions):
            rest = list(dict.fromkeys([*parts, *rest]))  # the amounts it is judged on, beside it
        query.metrics = [name, *rest]
        query.conditions = [Condition(metric=name, op=op, value=value)]

    def _amount_bound(self, text: str, names: list[str], others: set[str] = frozenset()) -> tuple[str, str, float] | None:
        """'wijken met meer dan 500 cliënten', 'minder dan 20 per 1.000 inwoners': a bound on a count, amount or
        rate of the rows (not an age: 'ouder dan 65 jaar'; not a year). The figure is the one the words after
        the number name ('kosten per cliënt ... met minstens 100 cliënten': the cliënten, one of ``others``),
        else the first of ``names`` of the bound's kind."""
        m = re.search(BOUND_RE + r"\s+(?:de\s+|het\s+)?(?:€\s*|eur\s+)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\b"
                      r"(?!\s*(?:jaar|jarige|%|procent|[.,]?\d|\+|plus|of meer|of minder|en meer|en ouder))", text)
        if not m or m.group(2) in {str(y) for y in self.catalogue.years}:
            return None  # 'meer dan 2022' compares with a year
        following = [stem(w) for w in re.findall(r"[^\W\d_]+", fold(text[m.end():]))[:2]]
        if following and (following[0] in self._after_several or (
                following[0] in ("verschillend", "divers", "diverse") and following[1:2]
                and following[1] in self._after_several)):
            return None  # 'uit minstens twee (verschillende) wetten': what 'meerdere wetten' says, no bound
        value = float(m.group(2).replace(".", "") + ("." + m.group(3) if m.group(3) else ""))
        ages = {int(v) for f in self._ages(text) for v in f.values}
        if ages & {int(value) - 1, int(value), int(value) + 1}:
            return None  # 'onder de 18', 'ouder dan 75': an age, read by _ages
        rate = re.match(r"(?:\s+[^\s\d]+){0,3}?\s*per\s+(?:1\.?000|duizend)", text[m.end():])  # '20 ontvangers per 1.000'
        named = None if rate else self._figure_named(re.findall(r"[^\W\d_]+", text[m.end():])[:2], set(names) | set(others))
        if named is not None and self.model.metrics[named].unit != "procent":
            return named, BOUND_OPS[m.group(1)], value
        for name in names:
            metric = self.model.metrics[name]
            if metric.unit == "procent" or bool(rate) != (metric.unit == "per 1.000"):
                continue
            return name, BOUND_OPS[m.group(1)], value
        return None

    def _percentage_of(self, query: SemanticQuery) -> str | None:
        """The one percentage of the semantic layer taken of a figure the query names (its denominator:
        'procent van het budget' -> the uitputting, realisatie over begroting), where it has the query's
        breakdown and filters."""
        used = set(query.dimensions) | {f.dimension for f in query.filters}
        found = [n for n, met in self.model.metrics.items()
                 if met.unit == "procent" and met.spec.get("kind") == "ratio"
                 and met.spec.get("denominator") in query.metrics and used <= set(met.dimensions)]
        if not found:
            # 'als percentage van alle jeugdigen die daar wonen': the percentage of the inhabitants whose
            # numerator is the figure asked and whose definition (its default filters) the query already has
            said = {(f.dimension, tuple(map(str, f.values))) for f in query.filters if f.op in ("=", "in")}
            found = [n for n, met in self.model.metrics.items()
                     if met.unit == "procent" and met.spec.get("kind") == "ratio"
                     and isinstance(met.spec.get("denominator"), dict)
                     and met.spec["denominator"].get("kind") == "population"
                     and met.spec.get("numerator") in query.metrics
                     and used - {f.get("dimension") for f in met.default_filters} <= set(met.dimensions)
                     and (not met.default_filters or any((f.get("dimension"), tuple(map(str, f.get("values", []))))
                                                         in said for f in met.default_filters))]
            specific = [n for n in found if self.model.metrics[n].default_filters]
            found = specific or found  # '% jeugdigen met jeugdhulp' before the percentage of any inhabitants
        return found[0] if len(found) == 1 else None

    def _rate_of(self, query: SemanticQuery) -> str | None:
        """The one rate per 1.000 inhabitants of the semantic layer whose numerator is the query's one count and that
        carries its breakdown and filters."""
        if len(query.metrics) != 1:
            return None
        used = set(query.dimensions) | {f.dimension for f in query.filters}
        found = [n for n, met in self.model.metrics.items()
                 if met.unit == "per 1.000" and met.spec.get("kind") == "ratio" and not met.default_filters
                 and met.spec.get("numerator") == query.metrics[0] and isinstance(met.spec.get("denominator"), dict)
                 and used <= set(met.dimensions)]
        return found[0] if len(found) == 1 else None

    def _ages_as_classes(self, query: SemanticQuery) -> SemanticQuery:
        """Age bounds on class limits as the classes they cover ('75 jaar en ouder' = 75+, '18 t/m 26' = 18-26),
        in place: a rate over inhabitants knows their age classes, not single ages."""
        classes = self.catalogue.class_ranges("leeftijdsklasse") if "leeftijdsklasse" in self.model.dimensions else None
        ages = [f for f in query.filters if f.dimension == "leeftijd"]
        if not classes or len(ages) != 1 or any(f.dimension == "leeftijdsklasse" for f in query.filters):
            return query
        f = ages[0]
        values = [float(v) for v in f.values]
        lo, hi = {">=": (values[0], None), ">": (values[0] + 1, None), "<=": (0, values[0]), "<": (0, values[0] - 1),
                  "between": (values[0], values[-1])}.get(f.op, (None, None))
        if lo is None:
            return query
        covered = [c for c, (a, b) in classes.items() if a >= lo and (hi is None or (b is not None and b <= hi))]
        starts = sorted(a for c, (a, _b) in classes.items() if c in covered)
        ends = [classes[c][1] for c in covered]
        whole = covered and starts[0] == lo and ((hi is None and None in ends) or (hi is not None and max(
            e for e in ends if e is not None) == hi and None not in ends))
        if whole:
            query.filters = [g for g in query.filters if g is not f] + [
                Filter(dimension="leeftijdsklasse", op="=" if len(covered) == 1 else "in", values=covered)]
        return query

    def _population_share(self, name: str) -> bool:
        denominator = self.model.metrics[name].spec.get("denominator")
        return isinstance(denominator, dict) and denominator.get("kind") == "population"

    @staticmethod
    def _of_the_counted(parse: _Parse) -> bool:
        """'procent van de (Wmo-)cliënten', 'aandeel van de bijstandsontvangers': the percentage is taken of the
        group counted, not of the inhabitants."""
        words = parse.words
        for i, word in enumerate(words[:-1]):
            if word not in ("procent", "percentage", "aandeel", "deel"):
                continue
            # ('aandeel 75+ binnen de cliënten hulp bij het huishouden': the part named before the whole)
            at = next((j for j in range(i + 1, min(i + 4, len(words))) if words[j] in ("van", "onder", "binnen")), None)
            if at is not None:
                after = [w for w in words[at + 1:at + 6] if w not in ("de", "het", "alle", "totale", "totaal")
                         and not w.endswith("se")][:2]  # ('de Haagse cliënten')
                if any(w.endswith(PERSON_TAILS) or stem(w) == stem("client") for w in after):
                    return True
                if after[:1] in (["geld"], ["uitgaven"], ["kosten"]):  # 'welk deel van het geld voor jeugdhulp ging ...'
                    return True
                # 'procent van alle mensen met bijzondere bijstand': people named by what they have
                if any(stem(w) in UNIT_STEMS and k + 1 < len(words) and words[k + 1] == "met"
                       for k, w in enumerate(words[at + 1:at + 4], start=at + 1)):
                    return True
            # 'aandeel van elk stadsdeel in het totale aantal schuldhulpcliënten': the whole named after 'aantal'
            for j in range(i + 1, len(words) - 1):
                if words[j] == "aantal" and words[j - 1] in ("totale", "totaal", "het", "hele"):
                    return any(w.endswith(PERSON_TAILS) or stem(w) == stem("client")  # ('Participatiewet-cliënten')
                               for w in [w for w in words[j + 1:j + 5] if not w.endswith("se")][:2])  # ('Haagse')
        return False

    def _figure_named(self, words: list[str], allowed: set[str]) -> str | None:
        """The figure one of ``words`` names on its own ('cliënten', 'inwoners'), among ``allowed``."""
        for word in words:
            stems = frozenset({stem(word)})
            hits = sorted(mp.metric for mp in self.lex.metric_phrases if mp.content == stems and mp.metric in allowed)
            if hits:
                return hits[0]
        return None

    def _budget_bound(self, parse: _Parse, names: list[str]) -> tuple[str, str, float] | None:
        """'overschreden', 'meer uitgegeven dan begroot', 'binnen het budget': a bound of 100% on the budget
        ratio (realisatie over begroting) that the named figures belong to."""
        text = parse.numtext
        # 'meer uitgegeven dan (er) begroot (was)', 'meer besteed dan we hadden begroot'
        spent = r"(?:uitgegeven|besteed|gerealiseerd|gekost)\s+dan\s+(?:[^\W\d_]{1,7}\s+){0,3}begroot"
        over = re.search(rf"\b(overschreden|overschrijd\w*|meer\s+{spent}|boven\s+(?:de\s+)?"
                         r"begroting|over\s+(?:de\s+|het\s+|zijn\s+|haar\s+|hun\s+)?(?:begroting|budget))\b", text)
        under = re.search(rf"\b(onderschreden|onderschrijd\w*|minder\s+{spent}|onder\s+(?:de\s+)?"
                          r"begroting|binnen\s+(?:de\s+|het\s+)?(?:begroting|budget))\b", text)
        if not (over or under):
            return None
        budget = [n for n, met in self.model.metrics.items() if met.unit == "procent"
                  and met.spec.get("kind") == "ratio" and met.spec.get("per") == 100
                  and ({n} | self._ratio_parts(n)) & set(names)]
        return (budget[0], ">" if over else "<=", 100.0) if budget else None

    def _names_people(self, parse: _Parse, i: int) -> bool:
        """The word at ``i`` names people: a person noun ('mensen', 'jongeren'), a '-gebruikers' word, or the
        inhabitants of an area ('Hagenaars')."""
        word = parse.words[i]
        area = any(m.start <= i < m.end and e.dimension in self.lex.area_dimensions for m, e in parse.values)
        return word in PERSON_NOUNS or word.endswith(PERSON_TAILS) or (
            word.endswith(tuple(x for x in DEMONYM_SUFFIXES if x != "se"))
            and (area or self._demonym(i, word, parse.stems) is not None))

    def _relation_of_parts(self, parse: _Parse, metrics: list[str]) -> list[str]:
        """'Hoeveel is er uitgegeven en hoe verhoudt zich dat tot de begroting?': both parts of a ratio of the
        semantic layer, asked in relation to each other, come with that ratio beside them."""
        if len(metrics) < 2 or not any(lemma(w) in ("verhouden", "verhouding") for w in parse.words):
            return metrics
        for name in self.model.metrics:
            parts = self._ratio_parts(name)
            if len(parts) == 2 and parts <= set(metrics) and name not in metrics:
                return [*metrics, name]
        return metrics

    def _parts_of_the_ratio_before(self, parse: _Parse, metrics: list[str], context: SemanticQuery | None) -> list[str]:
        """'Beperk nu zowel de cliënten als de bevolking tot 27-64 jaar' after a rate per 1.000: the numerator and the
        denominator of the ratio answered before, named together, are that ratio (now narrowed), not its numerator."""
        if context is None or not metrics:
            return metrics
        for name in context.metrics:
            spec = self.model.metrics[name].spec
            if spec.get("kind") != "ratio":
                continue
            den = spec["denominator"]
            if not set(metrics) <= {spec["numerator"], den if isinstance(den, str) else spec["numerator"]}:
                continue
            named_den = den in metrics if isinstance(den, str) else any(
                w in ("bevolking", "inwoners", "populatie", "noemer") for w in parse.words)
            if spec["numerator"] in metrics and named_den:
                return [name]
        return metrics

    def _ratio_parts(self, name: str) -> set[str]:
        """The metrics a ratio metric is made of ('uitputting': realisatie over begroting)."""
        spec = self.model.metrics[name].spec
        return {p for p in (spec.get("numerator"), spec.get("denominator")) if isinstance(p, str) and p in self.model.metrics}

    def _value_filters(self, parse: _Parse, metrics: list[str], notices: list[str]) -> tuple[list[Filter], list[str]]:
        metric = self.model.metrics[metrics[0]]
        # the dimensions every figure of the question has: a value of another dimension is lifted to one
        # of these (a soort to its taakveld for the begroting beside the kosten), or left out with a notice
        carried = set.intersection(*(set(self.model.metrics[m].dimensions) for m in metrics))
        label = " en ".join(self.model.metrics[m].label for m in metrics) if len(metrics) > 1 else metric.label
        verb = "zijn" if len(metrics) > 1 else "is"
        scores, spans = self._metric_scores(parse)
        covered = set()
        for name in metrics:  # (a rate is named by the words of the count it is made of: 'naar verhouding meer Wmo-cliënten')
            for named in (name, self.model.metrics[name].spec.get("rate_of")):
                covered |= set(scores.get(named, (0, frozenset()))[1])
        named_by_figure = {i for name in metrics if name in spans for i in range(*spans[name])}
        per_dim: dict[str, list] = {}
        lifted: list[tuple[str, list, str]] = []  # values lifted to a wider one of another dimension
        for match, entry in parse.values:
            toks = set(match.stems) - STOPWORDS
            if toks and toks <= covered:
                continue
            if _replaced_at(parse.words, match.start):
                continue  # 'wet = Participatiewet in plaats van Wmo': the value named after it is what goes
            if toks & covered:
                rest = tuple(s for s in match.stems if s not in covered)
                alternatives = [e for e in self.lex.phrases.get(rest, []) if e.kind == "value"]
                if alternatives:
                    entry = self._pick_value(alternatives)
                elif not (set(rest) - STOPWORDS):
                    continue
                # else the value says more than the figure words it shares ('mensen met hulp bij het
                # huishouden': the figure 'mensen met hulp', narrowed to that soort): kept, never dropped
            dim = entry.dimension
            value = entry.key
            if self._is_default_filter(metric, entry):
                continue
            if dim not in carried:
                targets = self.value_links.get((dim, str(value)), {})
                target = next((t for t in targets if t in carried), None)
                if target is None:
                    what = f"{self.model.dimensions[dim].label.lower()} '{value}'"
                    notice = f"{label} {verb} niet af te bakenen naar {what}; die afbakening is weggelaten."
                    # a value named by the figure's own words ('bijstandsontvangers volgens het CBS') is what the
                    # figure counts; any other is a narrowing it cannot carry: asked back
                    own = named_by_figure & set(range(match.start, match.end)) or any(
                        self._names_share(m, str(value)) for m in metrics)
                    notices.append(notice if own else Dropped(notice, what))
                    continue
                if dim in self.lex.area_dimensions:
                    notice = (
                        f"{label} {verb} er niet per {self.model.dimensions[dim].label.lower()}; getoond per "
                        f"{self.model.dimensions[target].label.lower()} van {self.model.dimensions[dim].label.lower()} "
                        f"{value}.")
                else:  # wider than asked: say so ('Beschermd wonen' -> its taakveld)
                    notice = (
                        f"{label} {verb} er niet per {self.model.dimensions[dim].label.lower()}; getoond voor "
                        f"{self.model.dimensions[target].label.lower()} {', '.join(map(str, targets[target]))}, "
                        f"waar '{value}' onder valt.")
                lifted.append((target, list(targets[target]), notice))
                continue
            if value not in per_dim.setdefault(dim, []):
                per_dim[dim].append(value)
        for target, values, notice in lifted:
            named = per_dim.get(target, [])
            if named and set(named) <= set(values):
                continue  # 'Wmo-maatwerkvoorzieningen (taakveld 6.6)': the narrower value named is the scope
            notices.append(notice)
            for v in values:
                if v not in per_dim.setdefault(target, []):
                    per_dim[target].append(v)
        # the home gemeente is the default area of municipal figures: no filter needed
        home_dim = self.lex.home_dimension
        if home_dim in per_dim and per_dim[home_dim] == [self.lex.home_area]:
            del per_dim[home_dim]
        filters: list[Filter] = []
        grouped: list[str] = []
        for dim, values in per_dim.items():
            if len(values) == 1:
                filters.append(Filter(dimension=dim, op="=", values=values))
            else:
                filters.append(Filter(dimension=dim, op="in", values=values))
                grouped.append(dim)
        return filters, grouped

    def _names_home_area(self, parse: _Parse) -> bool:
        """The question names the home gemeente itself (its filter is left out as the default area)."""
        home_dim, home = self.lex.home_dimension, self.lex.home_area
        if any(entry.dimension == home_dim and entry.key == home for _match, entry in parse.values):
            return True
        # 'in de hele stad', 'voor de gemeente als geheel', 'stadsbreed': the whole of the home gemeente
        whole = rf"(?:heel|hele|gehele|totale|complete)\s+(?:stad|{home_dim})\b|\b(?:stad|{home_dim})\s+als\s+geheel" \
                rf"|\b(?:stads|{home_dim}s?)breed\b"
        return home is not None and re.search(whole, " ".join(parse.words)) is not None

    def _apply_years(self, query: SemanticQuery, info: dict, dims: list[str]) -> list[str]:
        """Sets the years of ``query``; returns notices (years asked for that the figure does not have)."""
        year_dim = self.lex.year_dimension or "jaar"
        if info["comparison"]:
            base, comp = info["comparison"]
            query.year_comparison = YearComparison(base_year=base, compare_year=comp)
            query.years = [base, comp]
            if year_dim in dims:
                dims.remove(year_dim)
            return []
        query.year_comparison = None
        query.years = info["years"]
        notices: list[str] = []
        if query.years and len(query.years) > 1:
            # 'sinds 2019' for a CBS figure of 2021, 2022 and 2024: say which years there are, and only those
            have = set.intersection(*(set(self.catalogue.years_for(m)) for m in query.metrics))
            kept = [y for y in query.years if y in have]
            if kept and len(kept) < len(query.years):
                label = "; ".join(self.model.metrics[m].label for m in query.metrics)
                notices.append(f"{label}: er zijn alleen cijfers over {_year_list(kept)} "
                               f"(niet over {_year_list([y for y in query.years if y not in have])}).")
                query.years = kept
        if info["trend"]:
            if year_dim not in dims:
                dims.insert(0, year_dim)
        elif year_dim in dims and info["years"] and len(info["years"]) == 1:
            dims.remove(year_dim)
        elif year_dim in dims and not info["years"]:
            metric = query.metrics[0]
            latest = self._latest[metric]
            available = sorted(int(y) for y in self.catalogue.years)
            query.years = [y for y in available if y <= latest] or None
        return notices

    def _apply_ranking(self, query: SemanticQuery, parse: _Parse, direction, limit) -> None:
        if direction is None and limit is None:
            return
        metric = self.model.metrics[query.metrics[0]]
        year_dim = self.lex.year_dimension or "jaar"
        non_year = [d for d in query.dimensions if d != year_dim]
        if not non_year and year_dim in query.dimensions and re.search(
                r"\bwelke?\s+(?:jaar|jaren|peiljaar)\b|\bwanneer\b", parse.numtext):
            non_year = [year_dim]  # 'in welk jaar waren de meeste ...': the years are what is ranked
        if not non_year:
            # a dimension the question names is what is ranked ('rangschik de stadsdelen op ...'); else the
            # finest area level first (wijk before stadsdeel): 'waar wonen de meeste ...' asks for a wijk
            filtered = {f.dimension for f in query.filters}
            named = [d for d in parse.dimension_mentions if d != year_dim and d not in filtered
                     and self.lex.dimension_kind.get(d) != "numeric"]
            fallback = named + [d for d in reversed(self.lex.area_dimensions) if d != self.lex.home_dimension]
            fallback += [d for d in metric.dimensions if self.lex.dimension_kind.get(d) == "category"]
            choice = next((d for d in fallback if d in metric.dimensions), None)
            if choice is None:
                return
            query.dimensions = [*query.dimensions, choice]
        if direction is None:
            direction = True
        field_name = query.metrics[0]
        if query.year_comparison is not None:
            field_name = f"{field_name}_verschil"
        query.order_by = [OrderBy(field=field_name, descending=bool(direction))]
        # ('welke Rotterdamse wijk': an inflected adjective between)
        if limit is None and (re.search(rf"\b(welke|welk|in welke)\s+(?:[^\W\d_]+e\s+)?({self._singular_dims}|buurt|jaar)\b(?!en)",
                                        parse.numtext) or re.match(r"\s*waar\b", parse.numtext)
                              # 'welke van de vier had de meeste': one of those named
                              or re.search(r"\bwelke?\s+van\b[^.?!]*\b(?:had|heeft|was|is|kreeg|krijgt|telde|telt)\b",
                                           parse.numtext)):
            limit = 1
        query.limit = limit

    # ------------------------------------------------------------------ follow-ups
    def _conversation_years(self, parse: _Parse, context: SemanticQuery | None,
                            earlier: tuple[SemanticQuery, ...]) -> tuple[int, int] | None:
        """The two years a follow-up that asks for a change without naming a year is about: the first and last
        year of a trend answered last, or the years of the last two answers when they differ only in their
        year ('Hoeveel in 2024?' 'En in 2019?' 'Met hoeveel procent is dat gestegen?'). None when the question
        names a year, another group or area, or asks for no change."""
        if context is None or context.year_comparison is not None or parse.group_dims:
            return None
        numtext = parse.numtext
        if not (_compares(numtext) or re.search(CHANGE_RE, numtext)
                or re.search(r"\bnaast\s+elkaar\b|\b(?:beide|die|deze|twee)\s+jaren\b", numtext)):
            return None
        shown = sorted(set(context.years or []))
        # 'tussen het eerste en het laatste jaar': the ends of the years answered, not the last year with data
        ends = len(shown) >= 2 and re.search(r"\beerste\b[^.?!]*\blaatste\b", numtext)
        info = self._years(numtext, None, context)
        if not ends and (info["mentioned"] or info["years"] is not None or info["comparison"] is not None):
            return None
        asked = {(f.dimension, str(v)) for f in context.filters for v in f.values}
        if any((e.dimension, str(e.key)) not in asked for _m, e in parse.values):
            return None  # 'Hoe verhoudt zich dat tot Rotterdam?': another area, not another year
        if len(shown) >= 2:
            return shown[0], shown[-1]
        if len(shown) != 1:
            return None
        before = earlier[-1] if earlier else None
        if before is not None and before.year_comparison is None and len(set(before.years or [])) == 1 \
                and before.years[0] != shown[0] and before.model_copy(update={"years": context.years}) == context:
            return tuple(sorted((before.years[0], shown[0])))  # type: ignore[return-value]
        if re.search(CHANGE_RE, numtext):
            return shown[0] - 1, shown[0]  # 'Is dat gestegen?' after one year: against the year before
        return None

    def _followup(self, parse: _Parse, context: SemanticQuery, ages: list[Filter], direction, limit,
                  metric_changed: bool = False, years_pair: tuple[int, int] | None = None) -> Interpretation:
        query = context.model_copy(deep=True)
        notices: list[str] = []
        if "cbs" in parse.stems and all(is_municipal(self.catalogue, m) for m in query.metrics):
            # 'En volgens het CBS?': the CBS figure for the same group and area, never the municipal one again
            counterpart = self._cbs_counterpart(query)
            if counterpart is None:
                return Interpretation("out_of_scope", message="Daarvoor heeft het CBS geen cijfer in Wijkvraag. "
                                                              + self._scope_hint())
            cbs = self.model.metrics[counterpart]
            lost = [f for f in query.filters if f.dimension not in cbs.dimensions and not self._implied_by(f, counterpart)]
            if lost:
                return Interpretation("clarification", message=(
                    f"Het CBS-cijfer '{cbs.label}' is niet uit te splitsen of te beperken naar "
                    + ", ".join(sorted({self.model.dimensions[f.dimension].label.lower() for f in lost}))
                    + ". Stel de vraag zonder die afbakening, of kies het gemeentelijke cijfer."))
            query.metrics = [counterpart]
            query.filters = [f for f in query.filters if f.dimension in cbs.dimensions]
            query.dimensions = [d for d in query.dimensions if d in cbs.dimensions]
            query.order_by = [o for o in query.order_by if o.field in (*query.dimensions, counterpart)]
            metric_changed = True
        metric = self.model.metrics[query.metrics[0]]
        new_filters, grouped = self._value_filters(parse, query.metrics, notices)
        # 'per geslacht in plaats van per leeftijdsklasse': the breakdown named as replaced goes
        gone = {d for w in re.findall(r"\b(?:in plaats van|i\.?p\.?v\.?)\s+(?:per |de |het )?(\w+)", parse.numtext)
                for d in self._names_dimension(stem(w))}
        query.dimensions = [d for d in query.dimensions if d not in gone]
        new_dims = [d for d in parse.group_dims + grouped if d not in query.dimensions and d not in gone]
        area = set(self.lex.area_dimensions)
        if re.search(JOINING_RE, parse.numtext):
            # 'Vergelijk met Bezuidenhout', 'Zet Moerwijk ernaast', 'voeg Rijswijk toe': the new value joins the one
            # asked before
            for new in new_filters:
                old = next((f for f in query.filters if f.dimension == new.dimension and f.op in ("=", "in")), None)
                if old is None and new.dimension == self.lex.home_dimension and self.lex.home_area \
                        and not any(f.dimension in area for f in query.filters) and not set(query.dimensions) & area:
                    # 'Zet Utrecht en Amsterdam ernaast' after a figure of the whole home gemeente: it stays
                    old = Filter(dimension=new.dimension, op="=", values=[self.lex.home_area])
                if old is not None and new.op in ("=", "in"):
                    new.op, new.values = "in", list(dict.fromkeys([*old.values, *new.values]))
                    if new.dimension not in new_dims + query.dimensions:
                        new_dims.append(new.dimension)  # (beside each other: a row each, never their sum)
            home = self.lex.home_dimension
            old = next((f for f in query.filters if f.dimension == home and f.op in ("=", "in")), None)
            if self._names_home_area(parse) and old is not None and self.lex.home_area not in old.values \
                    and not any(f.dimension == home for f in new_filters):
                # 'als je Den Haag ernaast zet' after another gemeente: the home gemeente joins it
                new_filters.append(Filter(dimension=home, op="in", values=[*old.values, self.lex.home_area]))
        replaced = {f.dimension for f in new_filters}
        if self._names_home_area(parse) and not any(f.dimension == self.lex.home_dimension for f in new_filters):
            replaced.add(self.lex.home_dimension)  # 'En in heel Den Haag?': the whole gemeente, no wijk
        if replaced & area:
            replaced |= area
            # a single new area replaces a breakdown by area, except rows inside an area of the same level as
            # the one replaced ('idem Rotterdam' after the wijken of Utrecht: Rotterdam's wijken)
            levels = self.lex.area_dimensions
            replaced_level = [f.dimension for f in new_filters if f.dimension in area
                              and any(o.dimension == f.dimension for o in query.filters)]
            finer = {d for lvl in replaced_level for d in levels[levels.index(lvl) + 1:]}
            if all(len(f.values) == 1 for f in new_filters if f.dimension in area):
                kept_rows = [d for d in query.dimensions if d in area and d in finer]
                query.dimensions = [d for d in query.dimensions if d not in area or d in finer]
                if not kept_rows:  # (the ranking of rows inside the new area stays: 'idem Haarlem' after a top 3)
                    query.order_by = []
                    query.limit = None
        if ages or any(f.dimension in AGE_DIMENSIONS for f in new_filters):
            replaced |= set(AGE_DIMENSIONS)  # a new age replaces the old, in years or in classes ('En 18 tot 27?')
        for d in new_dims:
            if d in area and d not in replaced:
                # 'Welke wijk had het hoogste aantal?' after one wijk: rows of every wijk, so the wijk (and any finer
                # area) asked before goes; an area above the rows stays ('per wijk' after stadsdeel Escamp)
                replaced |= set(self.lex.area_dimensions[self.lex.area_dimensions.index(d):])
        every = {e.key for w in re.findall(r"\balle\s+(\w+)", parse.numtext)
                 for e in self.lex.phrases.get((stem(w),), []) if e.kind == "dimension"}
        replaced |= every & set(new_dims)  # 'Zet alle taakvelden eronder' after one taakveld: the rows of all of them
        kept = [f for f in query.filters if f.dimension not in replaced and not self._contradicts(f, new_filters)]
        query.filters = kept + new_filters
        query.filters += self._new_ages(self._age_filters(ages, metric, notices), query.filters, metric)
        new_dims += [f.dimension for f in ages if f.op == "in" and f.dimension not in new_dims + query.dimensions]
        if re.search(r"\b(zonder|geen)\s+uitsplitsing\b|\bin\s+totaal\b|\bopgeteld\b", parse.numtext):
            query.dimensions = []
            query.order_by = []
            query.limit = None
        # 'over alle wetten samen', 'alle soorten bij elkaar': that breakdown and that narrowing go
        together = {e.key for w in re.findall(r"\balle\s+(\w+)\s+(?:samen|bij\s+elkaar|samengenomen|tezamen)\b",
                                              parse.numtext)
                    for e in self.lex.phrases.get((stem(w),), []) if e.kind == "dimension"}
        if together:
            query.dimensions = [d for d in query.dimensions if d not in together]
            query.filters = [f for f in query.filters if f.dimension not in together]
            new_dims = [d for d in new_dims if d not in together]
            query.order_by = [o for o in query.order_by if o.field not in together]
        # 'Alleen de mannen' after a breakdown by geslacht: one value left, no column for it
        single = {f.dimension for f in new_filters if f.op == "=" and len(f.values) == 1}
        dims = [d for d in query.dimensions if d not in single] + new_dims
        info = self._years(parse.numtext, query.metrics[0], context)
        if years_pair is not None:
            info.update(years=list(years_pair), comparison=years_pair, trend=False)
        if info["years"] is not None or info["comparison"] is not None or info["trend"]:
            notices.extend(self._apply_years(query, info, dims))
        query.dimensions = [d for d in dims if d in metric.dimensions]
        for d in dims:
            if d not in metric.dimensions:
                notices.append(f"{metric.label} is niet uit te splitsen naar {self.model.dimensions[d].label.lower()}.")
        query.filters = [f for i, f in enumerate(query.filters)
                         if f.dimension in metric.dimensions and f not in query.filters[:i]]  # (said twice: once)
        if direction is not None or limit is not None:
            if direction is None and query.order_by:
                direction = query.order_by[0].descending
            self._apply_ranking(query, parse, direction, limit or query.limit)
        if query.order_by and not [d for d in query.dimensions if d != (self.lex.year_dimension or "jaar")]:
            query.order_by = []
            query.limit = None
        changed = (query != context) or metric_changed
        if not changed:
            return self._clarify_metric(" ".join(parse.originals), parse, self._candidates_for(parse), None) \
                if not parse.values else Interpretation("query", query=query, notices=notices, followup=True)
        return Interpretation("query", query=query, notices=notices, followup=True)

    def _contradicts(self, kept: Filter, new_filters: list[Filter]) -> bool:
        """A kept filter that a new value falls outside of: 'En pleegzorg?' after a Wmo question drops
        wet = Wmo (pleegzorg falls under the Jeugdwet)."""
        if kept.op not in ("=", "in"):
            return False
        for new in new_filters:
            if new.op not in ("=", "in"):
                continue
            parents: set[str] = set()
            for value in new.values:
                parents |= set(self.value_links.get((new.dimension, str(value)), {}).get(kept.dimension, []))
            if parents and not parents & {str(v) for v in kept.values}:
                return True
            # and the other way round: 'En voor de Jeugdwet?' after a question about begeleiding (Wmo)
            kept_parents: set[str] = set()
            for value in kept.values:
                kept_parents |= set(self.value_links.get((kept.dimension, str(value)), {}).get(new.dimension, []))
            if kept_parents and not kept_parents & {str(v) for v in new.values}:
                return True
        return False

    # ------------------------------------------------------------------ clarification, scope
    def _candidates_for(self, parse: _Parse, folded: str = "") -> list[str]:
        """A few figures that fit what the question does say: counts for 'hoeveel', else one per unit."""
        dims = {e.dimension for _m, e in parse.values} | set(parse.group_dims)
        fitting = [name for name, metric in self.model.metrics.items()
                   if is_municipal(self.catalogue, name) and dims <= set(metric.dimensions) and not metric.default_filters]
        if re.search(r"\b(hoeveel|aantal|aantallen|tel|telt)\b", folded):
            return [n for n in fitting if self.model.metrics[n].unit == "aantal"][:4]
        out: list[str] = []
        units: set[str] = set()
        for name in fitting:
            unit = self.model.metrics[name].unit
            if unit not in units:
                units.add(unit)
                out.append(name)
        return out[:4]

    def _clarify_metric(self, text: str, parse: _Parse, candidates: list[str],
                        context: SemanticQuery | None) -> Interpretation:
        if not candidates:
            return Interpretation("out_of_scope", message=self._out_of_scope_message(parse))
        options: list[str] = []
        option_queries: dict[str, SemanticQuery] = {}
        ages = self._ages(parse.numtext)
        direction, limit = self._ranking(parse)
        readings = []
        for name in candidates:
            built = self._build(parse, [name], ages, direction, limit, [])
            if built.query is not None:
                readings.append((name, built))
        # a figure that cannot carry what the question narrows to ('bijzondere bijstand' is a soort: the budget
        # per taakveld knows no soort, only the wider taakveld) is no reading of it
        named = {e.dimension for _m, e in parse.values if e.kind == "value" and e.dimension}
        carried = [(n, b) for n, b in readings
                   if named <= {f.dimension for f in b.query.filters} | set(b.query.dimensions)]
        if len(carried) == 1:
            return carried[0][1]
        for name, built in carried or readings:
            label = self.model.metrics[name].label
            options.append(label)
            option_queries[fold(label)] = built.query
        message = "Wat bedoelt u precies? Kies een van deze cijfers: " + "; ".join(options) + "."
        return Interpretation("clarification", message=message, options=options, option_queries=option_queries)

    def _with_level(self, parse: _Parse, level: str) -> _Parse:
        """The parse with every ambiguous area name read at ``level`` (where it has that level)."""
        chosen = {id(m): next((e for e in entries if e.dimension == level), None) for m, entries in parse.ambiguous}
        values = [(m, chosen.get(id(m)) or e) for m, e in parse.values]
        return replace(parse, values=values, ambiguous=[])

    def _settle_levels(self, parse: _Parse, context: SemanticQuery | None,
                       suggest_areas: bool) -> _Parse | Interpretation:
        """An area name of two levels ('Scheveningen', 'Laak': stadsdeel and wijk) without 'stadsdeel' or 'wijk'
        before it: the level of the other areas in the question, else of the conversation so far, else a
        question back with both readings (each with its full query)."""
        candidates = [d for d in self.lex.area_dimensions
                      if any(e.dimension == d for _m, entries in parse.ambiguous for e in entries)]
        ambiguous_ids = {id(m) for m, _e in parse.ambiguous}
        if any(m.start and parse.words[m.start - 1] in ("heel", "hele", "gehele", "geheel") for m, _e in parse.ambiguous):
            # 'Zorgvliet en heel Scheveningen': the whole of the name is its widest area
            return self._with_level(parse, min(candidates, key=self.lex.area_dimensions.index))
        others = {e.dimension for m, e in parse.values if id(m) not in ambiguous_ids and e.dimension in candidates}
        if len(others) == 1:
            return self._with_level(parse, others.pop())
        # 'Laak (het stadsdeel)', 'Centrum, de wijk': the level word after the name decides
        for match, _entries in parse.ambiguous:
            after = [w for w in parse.words[match.end:match.end + 3] if w not in ("het", "de", "als")]
            if after and after[0] in candidates:
                return self._with_level(parse, after[0])
        # 'per wijk in Laak': rows of wijken lie in an area above the wijk, so the name is read at that level
        rows = [self.lex.area_dimensions.index(d) for d in parse.group_dims if d in self.lex.area_dimensions]
        if rows:
            above = [d for d in candidates if self.lex.area_dimensions.index(d) < min(rows)]
            if len(above) == 1:
                return self._with_level(parse, above[0])
        if context is not None:
            used = [d for d in candidates if d in context.dimensions or any(f.dimension == d for f in context.filters)]
            if len(used) == 1:
                return self._with_level(parse, used[0])
        if not suggest_areas:
            return self._with_level(parse, self._pick_value([e for _m, es in parse.ambiguous for e in es]).dimension)
        match, entries = parse.ambiguous[0]
        name = " ".join(parse.originals[match.start:match.end])
        options: list[str] = []
        option_queries: dict[str, SemanticQuery] = {}
        text = " ".join(parse.originals)
        for level in candidates:
            entry = next(e for e in entries if e.dimension == level)
            label = f"{self.model.dimensions[level].label.lower()} {entry.key}"
            result = self._query(text, fold(text), self._with_level(parse, level), context, suggest_areas=False)
            if result.kind == "query" and result.query is not None and label not in options:
                options.append(label)
                option_queries[fold(label)] = result.query
        if len(options) < 2:
            return self._with_level(parse, self._pick_value(entries).dimension)
        home = self.lex.home_area or "de gemeente"
        message = (f"'{name}' is in {home} zowel een {self.model.dimensions[candidates[0]].label.lower()} als een "
                   f"{self.model.dimensions[candidates[1]].label.lower()}. Bedoelt u " + " of ".join(options) + "?")
        return Interpretation("clarification", message=message, options=options, option_queries=option_queries)

    def _places(self, parse: _Parse, leftover: list[int]) -> list[int]:
        """Unknown words where an area stands: 'in Zuidwal', and in lower case a word that is no common Dutch
        and looks like an area's name ('in moerwyk', but not 'uit nieuwsgierigheid' or 'in euros')."""
        def looks_like_area(word: str, cutoff: float) -> bool:
            return zipf(word) < 3.0 and process.extractOne(
                word, self._area_keys, scorer=fuzz.ratio, score_cutoff=cutoff) is not None

        def place(i: int) -> bool:
            if i > 0 and parse.words[i - 1] in ("in", "uit", "te", "rond"):
                return parse.originals[i][:1].isupper() or looks_like_area(parse.words[i], 75)
            if i > 1 and parse.words[i - 1] in ("de", "het") and parse.words[i - 2] in ("in", "uit", "rond"):
                # 'in de Rivierenbuurt': a name after an article, when it is no common Dutch word
                return (parse.originals[i][:1].isupper() and zipf(parse.words[i]) < 3.0) \
                    or looks_like_area(parse.words[i], 75)
            if i > 0 and parse.originals[i][:1].isupper() and not parse.originals[i].isupper() \
                    and parse.originals[i].isalpha() and zipf(parse.words[i]) < 2.5 \
                    and _ends_in_a_noun(parse.words[i]) and not listed_name(parse.words[i]) \
                    and not (i + 1 < len(parse.words) and (parse.words[i + 1][:1].isdigit()
                                                           or parse.words[i + 1] in ("nr", "nummer", "huisnummer"))):
                return True  # 'Hoeveel Wmo-cliënten telt Zichtenburg': a place's name (no person's, no address), mid-sentence
            return looks_like_area(parse.words[i], 85)  # 'kosten jeugdhulp Moerwjik 2023'

        return [i for i in leftover if place(i)]

    def _compound_area(self, text: str) -> str | None:
        """A hyphenated name that starts with an area's name but is no area itself ('Escamp-Zuid', 'Laak-Noord'):
        the part of a gemeente it names is not known, so it is never read as the area it starts with."""
        def known(words: list[str]) -> bool:  # named as the lexicon names areas (word stems)
            return " ".join(phrase_stems(" ".join(words))) in self._area_names

        for m in re.finditer(r"(?<![\w'-])([^\W\d_]+(?:-[^\W\d_]+)+)(?![\w-])", text):
            parts = m.group(1).split("-")
            if self._person_word(fold(parts[-1])) or fold(parts[-1]) in AREA_ADJECTIVES:
                continue  # 'Forepark-bewoners', 'Moerwijk-kinderen': persons of that area
            if not known(parts) and any(known(parts[:j]) for j in range(1, len(parts))):
                return m.group(1)
        words = text.split()
        for i, w in enumerate(words):  # written apart: 'in Den Haag Zuidwest', 'Escamp Noord'
            if i and re.fullmatch(r"(?:noord|zuid)?(?:oost|west)|noord|zuid", fold(w).strip(".,;:?!")) \
                    and not re.search(r"[.,;:?!]$", words[i - 1]):
                for n in (3, 2, 1):
                    before = [x.strip(".,;:?!") for x in words[max(0, i - n):i]]
                    if len(before) == n and known(before) and not known([*before, w.strip(".,;:?!")]):
                        return " ".join([*before, w.strip(".,;:?!")])
        return None

    def _unknown_compound(self, text: str, parse: _Parse, foreign: list[int],
                          context: SemanticQuery | None) -> Interpretation | None:
        """An unknown long word that starts with a provision's name ('jeugdbeschermingsmaatregel'): asked back
        with that provision as the option, carrying the whole question, instead of the word left out."""
        for i in foreign:
            word = parse.words[i]
            if len(word) < 10:
                continue
            hit = next(((prefix, dim, key) for prefix, dim, key in self._value_prefixes
                        if word.startswith(prefix) and len(word) - len(prefix) >= 4), None)
            if hit is None:
                continue
            prefix, dim, key = hit
            original = parse.originals[i]
            label = f"{self.model.dimensions[dim].label.lower()} {key}"
            rest = word[len(prefix):]
            if rest[:1] in ("s", "e") and zipf(rest[1:]) > zipf(rest):
                rest = rest[1:]  # the joining letter: 'jeugdbescherming-s-maatregel'
            # read as the provision and the word after it ('jeugdbescherming maatregel'): answered when that reading
            # is understood in full (the rest only how it is said), else asked back
            split = self._interpret(re.sub(rf"\b{re.escape(original)}\b", f"{key} {rest}", text), context,
                                    suggest_areas=False)
            if split.kind == "query" and split.query is not None and not self._names_other(split, rest):
                split.notices.append(f"'{original}' gelezen als {label}.")
                parse.incidental = [w for w in parse.incidental if w != original]  # said once, above
                return split
            replaced = re.sub(rf"\b{re.escape(original)}\b", str(key), text)
            result = self._interpret(replaced, context, suggest_areas=False)
            options = [label] if result.kind == "query" and result.query is not None else []
            message = f"'{original}' ken ik niet als begrip." + (
                f" Bedoelt u {label}? Kies die optie, of stel de vraag anders." if options
                else " Stel de vraag anders, bijvoorbeeld met de naam van een voorziening.")
            return Interpretation("clarification", message=message, options=options,
                                  option_queries={fold(label): result.query} if options else {})
        return None

    def _broad_term(self, text: str, parse: _Parse, context: SemanticQuery | None) -> Interpretation | None:
        """An unknown common word that is part of the names of provisions or laws ('jeugd' of jeugdhulp,
        jeugdbescherming and Jeugdwet; 'zorg' of jeugdzorg and geëscaleerde zorg): the question is about the
        domain, only too broadly for one figure. Asked back with those provisions as options (each carrying the
        whole question), never refused."""
        for i in self._leftover_positions(parse):
            word = parse.words[i]
            if len(word) < 4 or not word.isalpha() or zipf(word) < 3.0:
                continue
            options: list[str] = []
            option_queries: dict[str, SemanticQuery] = {}
            for label, name, parts in self._named_values:
                if len(options) == 5:
                    break
                if label in options or not any(
                        p != word and len(p) > len(word) and (p.startswith(word) or p.endswith(word))
                        or (p == word and len(parts) > 1) for p in parts):
                    continue
                replaced = re.sub(rf"\b{re.escape(parse.originals[i])}\b", name, text, flags=re.IGNORECASE)
                result = self._interpret(replaced, context, suggest_areas=False)
                if result.kind == "query" and result.query is not None:
                    options.append(label)
                    option_queries[fold(label)] = result.query
            if options:
                return Interpretation("clarification", options=options, option_queries=option_queries, message=(
                    f"'{parse.originals[i]}' kan over meer dan één regeling gaan. Bedoelt u "
                    + ", ".join(options[:-1]) + (" of " if len(options) > 1 else "") + options[-1] + "?"))
        return None

    @staticmethod
    def _names_other(result: Interpretation, rest: str) -> bool:
        """Is ``rest`` (the tail of a compound) kept as content in ``result``: named as not used, or asked about?"""
        return any(rest in fold(n) and "manier van vragen" not in n for n in result.notices)

    def _unknown_area(self, text: str, name: str, context: SemanticQuery | None) -> Interpretation:
        """'in Escamp': not a wijk or gemeente of the catalogue. Offer the nearest names, or the whole gemeente."""
        hits = process.extract(fold(name), self._area_keys, scorer=fuzz.ratio, limit=6, score_cutoff=70)
        suggestions: list[str] = []
        for key, _score, _idx in hits:
            area = self._area_names[key]
            if area not in suggestions:
                suggestions.append(area)
        home = self.lex.home_area
        options: list[str] = []
        option_queries: dict[str, SemanticQuery] = {}
        for area in suggestions[:3] + ([home] if home else []):
            replaced = re.sub(rf"(?:\b(?:in|uit|te|rond)\s+)?\b{re.escape(name)}\b", f"in {area}", text)
            result = self._interpret(replaced, context, suggest_areas=False)
            if result.kind != "query" or result.query is None or area in options:
                continue
            options.append(area)
            option_queries[fold(area)] = result.query
        levels = [self.model.dimensions[d].label.lower() for d in reversed(self.lex.area_dimensions)]
        message = f"'{name}' ken ik niet als " + (", ".join(levels[:-1]) + " of " + levels[-1] if len(levels) > 1
                                                  else (levels[0] if levels else "gebied")) + "."
        if options:
            message += " Bedoelt u een van deze gebieden: " + "; ".join(options) + "?"
        else:
            message += " Noem een wijk van " + (home or "de gemeente") + " of een gemeente."
        return Interpretation("clarification", message=message, options=options, option_queries=option_queries)

    def _scope_hint(self) -> str:
        labels = [m.label for n, m in self.model.metrics.items() if is_municipal(self.catalogue, n)][:8]
        return ("Ik kan vragen beantwoorden over " + ", ".join(labels).lower()
                + " en CBS-kerncijfers, per wijk, jaar, wet, soort voorziening, leeftijd en geslacht. "
                + "Bijvoorbeeld: " + self._example_question())

    def _out_of_scope_message(self, parse: _Parse, word: str | None = None) -> str:
        about = f"Over '{word}' heb ik geen gegevens. " if word else ""
        return about + "Die vraag valt buiten wat ik kan beantwoorden. " + self._scope_hint()

    def _example_question(self) -> str:
        for metric in self.model.metrics.values():
            if metric.examples:
                return f"'{metric.examples[0].question}'"
        return "'Hoeveel cliënten waren er vorig jaar per wijk?'"


def _find(haystack: list[str], needle: tuple[str, ...]) -> tuple[int, int] | None:
    n = len(needle)
    for i in range(len(haystack) - n + 1):
        if tuple(haystack[i:i + n]) == needle:
            return (i, i + n)
    return None


def _year_list(years: list[int]) -> str:
    """'2021, 2022 en 2024'."""
    texts = [str(y) for y in sorted(years)]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " en " + texts[-1]
