"""PII guard for Dutch text: find and replace names, BSNs, addresses, phone numbers, e-mail
addresses, IBANs, postcodes and dates of birth before a text is logged, sent to a model or shown.

    >>> text, findings = scrub("Mevrouw J.P. Bakker, bsn 111222333, belt over Moerwijk")
    >>> text
    'Mevrouw <NAAM>, bsn <BSN>, belt over Moerwijk'

One presidio `AnalyzerEngine` per process (a blank Dutch spaCy pipeline whose lemmas are the lower-cased
tokens, case-sensitive patterns, no network access); the recognizers live in `guards.pii_recognizers`.
`scrub` never raises: if analysis fails unexpectedly the whole text is withheld (fail closed).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# presidio imports tldextract, which would fetch the public suffix list over the network.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import spacy  # noqa: E402
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry  # noqa: E402
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer  # noqa: E402
from presidio_analyzer.nlp_engine import SpacyNlpEngine  # noqa: E402
from spacy.language import Language  # noqa: E402

from guards import pii_recognizers as rec  # noqa: E402
from guards.pii_lexicon import dictionary_word, lexicon, number_word  # noqa: E402

__all__ = ["Finding", "PiiScrubber", "PLACEHOLDERS", "kept_text", "normalised", "scrub"]

log = logging.getLogger(__name__)

PLACEHOLDERS: dict[str, str] = {
    "NAAM": "<NAAM>",
    "BSN": "<BSN>",
    "ADRES": "<ADRES>",
    "TELEFOON": "<TELEFOON>",
    "EMAIL": "<EMAIL>",
    "IBAN": "<IBAN>",
    "POSTCODE": "<POSTCODE>",
    "GEBOORTEDATUM": "<GEBOORTEDATUM>",
}
WITHHELD = "[tekst niet getoond: de privacycontrole kon deze tekst niet verwerken]"
SCORE_THRESHOLD = 0.4
_REGEX_FLAGS = re.DOTALL | re.MULTILINE  # deliberately without IGNORECASE ("2024 en" is no postcode)


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data: its type, where it was, how sure the guard is (never the text itself)."""

    entity_type: str
    start: int
    end: int
    score: float

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS.get(self.entity_type, "<PII>")


# --------------------------------------------------------------------------------------------
# The shared engine


@Language.component("wijkvraag_lower_lemma")
def _lower_lemma(doc):
    """Blank pipelines have no lemmatizer; the lower-cased token lets context words match."""
    for token in doc:
        token.lemma_ = token.lower_
    return doc


class _BlankDutchNlpEngine(SpacyNlpEngine):
    """spaCy without a model download: a blank `nl` tokenizer plus lower-case lemmas."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": rec.LANGUAGE, "model_name": "blank:nl"}])

    def load(self) -> None:
        nlp = spacy.blank(rec.LANGUAGE)
        nlp.add_pipe("wijkvraag_lower_lemma")
        self.nlp = {rec.LANGUAGE: nlp}


class _Engine:
    """The process-wide analyzer; spaCy tokenisation is serialised, the rest is stateless."""

    def __init__(self) -> None:
        registry = RecognizerRegistry(supported_languages=[rec.LANGUAGE], global_regex_flags=_REGEX_FLAGS)
        for recognizer in (
            rec.NlBsnRecognizer(),
            rec.NlPostcodeRecognizer(),
            rec.NlPhoneRecognizer(),
            rec.NlEmailRecognizer(),
            rec.NlIbanRecognizer(),
            rec.NlBirthDateRecognizer(),
        ):
            registry.add_recognizer(recognizer)
        self.nlp_engine = _BlankDutchNlpEngine()
        self.analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=self.nlp_engine,
            supported_languages=[rec.LANGUAGE],
            default_score_threshold=SCORE_THRESHOLD,
            context_aware_enhancer=LemmaContextAwareEnhancer(
                context_similarity_factor=0.35,
                min_score_with_context_similarity=0.4,
                context_prefix_count=5,
                context_suffix_count=1,
                context_matching_mode="whole_word",
            ),
        )
        self._nlp_lock = threading.Lock()
        lexicon()  # load the name and street lists now, not during the first question

    def analyze(self, text: str, ad_hoc: list) -> list:
        with self._nlp_lock:
            artifacts = self.nlp_engine.process_text(text, rec.LANGUAGE)
        return self.analyzer.analyze(
            text=text,
            language=rec.LANGUAGE,
            nlp_artifacts=artifacts,
            ad_hoc_recognizers=ad_hoc,
            score_threshold=SCORE_THRESHOLD,
        )


_ENGINE: _Engine | None = None
_ENGINE_LOCK = threading.Lock()


def _engine() -> _Engine:
    global _ENGINE
    if _ENGINE is None:
        with _ENGINE_LOCK:
            if _ENGINE is None:
                _ENGINE = _Engine()
    return _ENGINE


# --------------------------------------------------------------------------------------------
# Allow-list (the semantic layer's vocabulary)

_ALLOW_TOKEN = re.compile(r"\w+|[^\w\s]")
_QUOTES = "'\"’‘"


def _allow_key(phrase: str) -> tuple[str, ...]:
    return tuple(m.group(0) for m in _ALLOW_TOKEN.finditer(phrase.lower()))


class _AllowList:
    def __init__(self, phrases: Iterable[str]) -> None:
        cleaned = {" ".join(str(p).split()) for p in phrases if str(p).strip()}
        self.keys = frozenset(k for k in (_allow_key(p) for p in cleaned) if k)
        self.max_len = max((len(k) for k in self.keys), default=0)
        self.phrases = frozenset(p.lower() for p in cleaned)
        self.words = frozenset(p.lower() for p in cleaned if " " not in p)

    def is_place_after_interfix(self, found: str, interfixes: frozenset[str]) -> bool:
        """'van Eindhoven', 'van Den Haag': an allow-listed place name behind a lower-case
        tussenvoegsel only (no first name, initials or title) reads as a place, not a surname."""
        words = found.split()
        i = 0
        while i < len(words) and words[i].islower() and words[i] in interfixes:
            i += 1
        return 0 < i < len(words) and " ".join(words[i:]).lower() in self.phrases

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of every allow-listed phrase occurring in the text (whole tokens)."""
        if not self.keys:
            return []
        toks = list(_ALLOW_TOKEN.finditer(text.lower()))
        words = [t.group(0) for t in toks]
        found = []
        for i in range(len(toks)):
            for n in range(min(self.max_len, len(toks) - i), 0, -1):
                if tuple(words[i : i + n]) in self.keys:
                    found.append((toks[i].start(), toks[i + n - 1].end()))
                    break
        return found


# --------------------------------------------------------------------------------------------
# The scrubber


class PiiScrubber:
    """Scrubs Dutch text; `allow_list` is the vocabulary that must survive (wijk and gemeente names,
    soorten, labels: matches inside an allow-listed phrase are dropped)."""

    def __init__(self, allow_list: Iterable[str] | None = None) -> None:
        self._engine = _engine()
        self._allow = _AllowList(allow_list or ())
        self._interfix_words = frozenset(w for phrase in lexicon().interfixes for w in phrase.split())
        # every word of the vocabulary's names ('Wateringse' of 'Wateringse Veld'), for what may be kept
        self._area_words = frozenset(w for p in self._allow.phrases for w in _WORD_OR_NUMBER.findall(p))
        self._codes = _known_codes(self._area_words)
        self._ad_hoc = [
            rec.NlPersonNameRecognizer(allow_words=self._allow.words, allow_phrases=self._allow.phrases),
            rec.NlAddressRecognizer(allow_words=self._allow.words, allow_phrases=self._allow.phrases),
        ]

    def analyze(self, text: str) -> list[Finding]:
        """Findings (non-overlapping, in text order); raises only on an internal error."""
        if not text or not text.strip():
            return []
        results = self._engine.analyze(text, self._ad_hoc)
        allowed = self._allow.spans(text) if results else []
        kept: list[Finding] = []
        for r in sorted(results, key=lambda r: (-r.score, -(r.end - r.start), r.start)):
            titled_name = bool((r.recognition_metadata or {}).get(rec.NlPersonNameRecognizer.TITLED))
            start, end = r.start, r.end  # a quote around it is no part of it ("wijk = 'Haagse Bos'")
            while end > start and text[end - 1] in _QUOTES:
                end -= 1
            while start < end and text[start] in _QUOTES:
                start += 1
            if not titled_name and any(a <= start and end <= b for a, b in allowed):
                continue
            if (r.entity_type == rec.NlPersonNameRecognizer.ENTITY and not titled_name
                    and self._allow.is_place_after_interfix(text[r.start : r.end], self._interfix_words)):
                continue
            if any(r.start < f.end and f.start < r.end for f in kept):
                continue
            kept.append(Finding(r.entity_type, r.start, r.end, round(float(r.score), 3)))
        return sorted(kept, key=lambda f: f.start)

    def kept(self, text: str, strict: bool = False, numbers: Iterable[str] | None = None,
             earlier: Sequence[str] = ()) -> str:
        """See :func:`kept_text`."""
        text = normalised(text)
        tokens = list(_WORD_OR_NUMBER.finditer(text))
        spans = [(m.start(), m.end()) for m in tokens
                 if not self._accounted(m.group(0)) or (strict and _holds_a_name(m.group(0).lower()))]
        spans += _number_spans(text, tokens, numbers, earlier, self._codes) + _street_number_spans(text, tokens)
        # a name split by a slash or a comma into two words ('Hel/merhorst')
        spans += [m.span() for m in re.finditer(r"(?<![^\W_])([^\W\d_]+)[/,]([^\W\d_]+)(?![^\W_])", text)
                  if len(m.group(1) + m.group(2)) >= 4 and _names_a_person((m.group(1) + m.group(2)).lower())
                  and not dictionary_word((m.group(1) + m.group(2)).lower())]
        spans += _symbol_spans(text) + _pieces_of_a_name(tokens)
        spans += rec.full_dates(text) + [m.span() for m in _DAY_MONTH.finditer(text)]
        for clause in _SENTENCE.finditer(text):  # beside a birth every number is part of a date ('geboren 14 4 in 2016')
            if _BIRTH.search(clause.group(0)):
                spans += [(clause.start() + m.start(), clause.start() + m.end()) for m in _DIGITS.finditer(clause.group(0))]
        spans = _merged_spans(spans)
        parts, pos = [], 0
        for a, b in spans:
            parts += [text[pos:a], KEPT_OUT]
            pos = b
        return "".join(parts + [text[pos:]])

    def _accounted(self, token: str) -> bool:
        """A word the product can account for: a number, a placeholder, its own vocabulary, or a Dutch word (an
        everyday word, a frequent one or its lemma, or a compound of frequent words) that is no listed name."""
        word = token.lower()
        if token in _PLACEHOLDER_WORDS or word in self._area_words:
            return True
        if any(c.isdigit() for c in word):
            return all(not part or _kept_number(part) or (part.isalpha() and _dutch_word(part))
                       for part in re.split(r"[-'’]", word))
        parts = word.split("-")
        if len(parts) > 1 and all(p in self._area_words or _dutch_word(p) for p in parts) \
                and not (_names_a_person("".join(parts)) and not dictionary_word("".join(parts))):
            return True  # a part of a known place ('Den Haag-Oost', 'Escamp-Zuid'), not a name cut ('Wil-son')
        demonym = _DEMONYM.match(word)  # a name a place gives ('Ypenburgers', 'Duindorpse', 'Bezuidenhouters')
        if demonym and len(demonym.group(1)) >= 6 and demonym.group(1) in self._area_words:
            return True
        return _dutch_word(word)

    def scrub(self, text: str, sql: bool = False) -> tuple[str, list[Finding]]:
        """(text with placeholders, findings). Never raises; fails closed on an internal error. ``sql``: the
        text is SQL over the semantic layer, whose query space holds years only, so every full date in it is
        personal; and a name may be written with underscores ('AS jan_bakker')."""
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        try:
            findings = self.analyze(text.replace("_", " ") if sql else text)  # (same length: same positions)
            if sql:
                findings = _merged(findings + [Finding("GEBOORTEDATUM", a, b, 1.0) for a, b in rec.full_dates(text)])
        except Exception as exc:  # the guard must never crash the caller nor leak the text
            log.error("PII-controle mislukt (%s); tekst achtergehouden (%d tekens)", type(exc).__name__, len(text))
            return WITHHELD, [Finding("ONBEKEND", 0, len(text), 1.0)]
        parts, pos = [], 0
        for f in findings:
            parts.append(text[pos : f.start])
            parts.append(f.placeholder)
            pos = f.end
        parts.append(text[pos:])
        return "".join(parts), findings


KEPT_OUT = "…"
_WORD_OR_NUMBER = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_PLACEHOLDER_WORDS = frozenset(p.strip("<>") for p in PLACEHOLDERS.values())
_STREET = re.compile(r"..(?:straat|straatweg|laan|dreef|steeg|plantsoen|gracht|singel|kade|plein|boulevard|allee|"
                     r"burgwal|promenade|hof)$")
_DEMONYM = re.compile(r"(.+?)(?:s|se|e|er|ers|aar|aars|naar|naars)$")
# a name joined to a word that ends the names of places (Dutch toponyms): 'Oosterhekkwartier', 'Helmerhorststad'
_AREA_NAME = re.compile(r"(.{3,}?)(?:kwartier|buurt|wijk|park|polder|dorp|veld|haven|oord|hoeve|stad|dijk|burg|berg|horst"
                        r"|meer|veen|land|sloot|eiland|haag|hof|hout|bos|dam|daal|hoek|kerk|rade|weide|zand|broek|hem"
                        r"|heim|recht|waard|zijl|woude|werf|gaarde|donk|heuvel|duin|duinen|kamp|beek|vliet|vaart|drecht)")
_DIMINUTIVES = ("tje", "etje", "pje", "kje", "je", "ke", "ie")
_DAY_MONTH = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])")  # '14/4': a day and a month
_SENTENCE = re.compile(r"[^;?!]+")
_BIRTH = re.compile(r"\b(?:geboren|geboorte\w*|jarig|verjaardag\w*|ter wereld)\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_CODE = re.compile(r"(?:gm|wk|bu)\d{4,8}|\d{1,2}(?:e|de|ste)")  # a CBS area code; an ordinal ('2e')
_REGIONAL_LETTERS = {0x1F1E6 + i: chr(ord("a") + i) for i in range(26)}  # flag letters 🇦..🇿
# a word spelled out letter by letter: three or more single letters apart (with dots: five or more, as 'd.w.z.' is
# an abbreviation)
_SPELLED = re.compile(r"(?<![^\W_])[^\W\d_](?:(?:[ _-]|\s+)[^\W\d_](?![^\W_])){2,}(?![^\W_])"
                      r"|(?<![^\W_])[^\W\d_](?:\.[^\W\d_](?![^\W_])){4,}\.?")
_RUN_GAP = re.compile(r"[\s,;:/.\-]*(?:\b(?:en|of|dag|maand|jaar|van|de)\b[\s,;:/.\-]*){0,2}")
_MONTH_WORDS = frozenset(rec.MONTHS)
_STREET_WORDS = frozenset({"straat", "weg", "laan", "dreef", "steeg", "plantsoen", "gracht", "singel", "kade", "plein",
                           "boulevard", "allee", "burgwal", "promenade", "hof", "ring", "pad", "park", "dijk", "markt"})
_FREQUENT = 2.5  # wordfreq's Zipf scale: a word Dutch text uses at least about once in 3 million words
_PART = 2.5  # each part of a compound ('peil' + 'jaar', 'bijstand' + 's' + 'ontvangers')
_ENGLISH = 3.5  # an English word an analyst uses ('query', 'distinct')


@functools.lru_cache(maxsize=50_000)
def _dutch_word(word: str) -> bool:
    """A Dutch word that is no listed first name or surname (those are masked whatever their frequency:
    'nienke', 'alicia')."""
    lex = lexicon()
    if word in lex.common_words or word in lex.stop_words:
        return True
    parts = re.split(r"[-'’.]", word)
    if len(parts) > 1:  # (a listed name cut by apostrophes or points, 'Mu'ld'ers', is that name: red team 23)
        joined = "".join(parts)
        return not (len(joined) >= 4 and _names_a_person(joined) and not dictionary_word(joined)) \
            and all(not p or _dutch_word(p) for p in parts)
    if word in _first_names():  # a first name is never taken for a word: the lists hold no everyday word
        return False
    if word in _listed_names():  # a surname that is a frequent word of the dictionary ('bos', 'kost', 'koning') stays
        return dictionary_word(word)
    if _frequent(word):
        return True
    if _STREET.search(word):  # a street ('juliedreef'): a compound of words, but part of an address
        return False
    if any(word.endswith(end) and _names_a_person(word[: -len(end)]) for end in _DIMINUTIVES):
        return False  # a name's diminutive ('Stellatje', 'Dextje', 'Jantje')
    area = _AREA_NAME.fullmatch(word)  # a name joined to an area word ('Oosterhekkwartier', 'Jansenspark'; red team 23)
    if area and any(_names_a_person(h) for h in {area.group(1), area.group(1).removesuffix("s")}):
        return False  # (a frequent one is a word: 'stadswijk', 'winkelbuurt'; a known area is the vocabulary's)
    if _lemma(word) == word and (_opens_with_a_surname(word) or _closes_with_a_surname(word)):
        # (a form of a Dutch word is none: 'meerekent' of 'meerekenen', though 'Meere' is a surname)
        return False  # 'Janssenskapelle', 'Miners' (red team 25), 'Westzeldenrust' (red team 26): whatever is joined
    return _compound(word) or _frequent(word, _ENGLISH, "en")  # 'query', 'distinct'


def _opens_with_a_surname(word: str) -> bool:
    """An unknown word that is a listed surname (one that is no Dutch word) with anything after it: a place ending
    ('Janssenskapelle', 'Evershuizen', 'Hoppenbrouwerstadstad'), a plural ('Miners'). The ends of place names are an
    open list, so the name is judged, not the ending."""
    surnames = _surnames()
    return any(word[:i] in surnames and not dictionary_word(word[:i]) for i in range(len(word) - 1, 4, -1))


def _closes_with_a_surname(word: str) -> bool:
    """An unknown word that ends in a listed surname of six letters or more (one that is no Dutch word) after a head
    of three letters or more: 'Westzeldenrust', 'Moerwijkeverts' (red team 26). A word and a dictionary word joined is
    none."""
    surnames = _surnames()
    if any((_frequent(word[:j]) or (word[j - 1] == "s" and _frequent(word[:j - 1]))) and dictionary_word(word[j:])
           for j in range(3, len(word) - 2)):
        return False  # a word and a word of the dictionary ('kruis' + 'tabel', 'jeugdzorg' + 'instelling')
    return any(word[i:] in surnames and not dictionary_word(word[i:]) for i in range(3, len(word) - 5))


@functools.lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    lex = lexicon()
    return frozenset(n.lower() for n in lex.surnames | lex.interfix_surnames)


def _kept_number(part: str) -> bool:
    """A number a question about groups uses: up to three digits (an age, a count, a taakveld code '6.71'), a
    year of this century, a round thousand ('5000'), a number written in groups of three ('1.000.000'); a code of the
    CBS. Not a part of a BSN, a postcode, a house number beside a name or a year of birth ('99990', '2560', '1945')."""
    if _CODE.fullmatch(part):
        return True
    groups = re.split(r"[.,]", part)
    if not all(g.isdigit() for g in groups):
        return False
    if len(groups) > 1:
        return len(groups[0]) <= 3 and all(len(g) <= 3 for g in groups[1:])
    return len(part) <= 3 or (len(part) == 4 and 2000 <= int(part) <= 2099) or (len(part) >= 4 and part.endswith("000"))


def _holds_a_name(word: str) -> bool:
    """Strict: a listed name, or an unknown compound with a listed surname of five letters or more between its
    parts, one that no dictionary knows as a word ('wmodekkerclienten', 'jeugdhelmerhorstclienten'; red team 27)."""
    if _names_a_person(word):
        return True
    if len(word) < 7 or _frequent(word) or word in lexicon().common_words:
        return False
    import simplemma

    surnames = _surnames()

    def joined(piece: str) -> bool:
        return not piece or _part(piece) or _compound(piece)

    return any(word[i:j] in surnames and joined(word[:i]) and joined(word[j:])
               and not simplemma.is_known(word[i:j], lang="nl")
               for i in range(len(word) - 4) for j in range(i + 5, len(word) + 1) if (i, j) != (0, len(word)))


def _names_a_person(word: str) -> bool:
    """Listed as a first name or surname, also when it is a word as well ('koning', 'bos', 'dex', 'ben')."""
    return any(part in _listed_names() or part in _ambiguous_first_names() for part in re.split(r"[-'’.]", word))


@functools.lru_cache(maxsize=1)
def _ambiguous_first_names() -> frozenset[str]:
    return frozenset(n.lower() for n in lexicon().ambiguous_first_names)


@functools.lru_cache(maxsize=1)
def _listed_names() -> frozenset[str]:
    lex = lexicon()
    return frozenset(n.lower() for n in lex.first_names | lex.surnames | lex.interfix_surnames)


@functools.lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    lex = lexicon()
    return frozenset(n.lower() for n in lex.first_names) - frozenset(n.lower() for n in lex.surnames)


def _lemma(word: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang="nl").lower()


def _frequent(word: str, bar: float = _FREQUENT, language: str = "nl") -> bool:
    from wordfreq import zipf_frequency

    if zipf_frequency(word, language) >= bar:
        return True
    if language != "nl":
        return False
    lemma = _lemma(word)
    return lemma != word and zipf_frequency(lemma, "nl") >= bar


def _compound(word: str, depth: int = 0) -> bool:
    """'peiljaar', 'bijstandsontvangers', 'jeugdbeschermingsmaatregelen': frequent parts of three letters or more,
    with the linking s or e between them."""
    for i in range(3, len(word) - 3):  # a tail of four letters or more: no diminutive 'tje' ('Dextje')
        head, tail = word[:i], word[i:]
        if not (_part(head) or (head[-1] in "se" and len(head) > 3 and _part(head[:-1]))):
            continue
        if _part(tail) or (depth < 2 and _compound(tail, depth + 1)):
            return True
    return False


def _part(word: str) -> bool:
    """A part of a compound: frequent; a listed surname ('wijk', 'huis') only as a frequent word, a first name never."""
    if word in _first_names():
        return False
    return dictionary_word(word) if word in _listed_names() else _frequent(word, _PART)


def _merged_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _merged(findings: list[Finding]) -> list[Finding]:
    """Findings in order of position, overlapping ones joined (the first one's type)."""
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if out and f.start < out[-1].end:
            last = out[-1]
            out[-1] = Finding(last.entity_type, last.start, max(last.end, f.end), max(last.score, f.score))
        else:
            out.append(f)
    return out


_SCRUBBERS: OrderedDict[frozenset[str], PiiScrubber] = OrderedDict()
_SCRUBBERS_LOCK = threading.Lock()


def _scrubber(allow_list: Iterable[str] | None) -> PiiScrubber:
    key = frozenset(allow_list or ())
    with _SCRUBBERS_LOCK:
        scrubber = _SCRUBBERS.get(key)
        if scrubber is None:
            scrubber = _SCRUBBERS[key] = PiiScrubber(key)
            while len(_SCRUBBERS) > 8:
                _SCRUBBERS.popitem(last=False)
        else:
            _SCRUBBERS.move_to_end(key)
        return scrubber


def kept_text(text: str, allow_list: Iterable[str] | None = None, strict: bool = False,
              numbers: Iterable[str] | None = None, earlier: Sequence[str] = ()) -> str:
    """What of a (scrubbed) question may be stored or shown again: every word the product cannot account for (no
    word of its vocabulary, no Dutch word, or a listed name) and every full date replaced by '…'. The scrubber
    finds personal data by its form and misses some ('nienke', 'Woutersz', a diminutive, an abbreviated street);
    what is kept is decided the other way round, by what is known. ``strict``: a listed name is replaced also when
    it is a word as well ('koning'). ``numbers``: the numbers the answer uses (its years, ages, limit, codes); any
    other number is replaced too. Without them, a run of numbers that can spell an identifier is ('99 99 50 344',
    'nul zes een twee ...', '14 4 2015'). ``earlier``: the numbers the conversation's earlier questions kept
    (:func:`spelled_numbers`), judged with this text's as one spread of numbers. The text is read as
    :func:`normalised` writes it (circled or flag letters,
    a name spelled out letter by letter). Never raises (all is withheld on an error)."""
    if not isinstance(text, str) or not text:
        return "" if not isinstance(text, str) else text
    try:
        return _scrubber(allow_list).kept(text, strict, numbers, earlier)
    except Exception as exc:  # noqa: BLE001 - never crash the caller, never leak the text
        log.error("PII-controle mislukt (%s); tekst achtergehouden (%d tekens)", type(exc).__name__, len(text))
        return WITHHELD


def listed_name(word: str) -> bool:
    """Is ``word`` (any case) a listed first name, surname or street name (also where it is a word as well), or named
    like a street ('dirksteeg', 'saardreef')?"""
    low = word.lower()
    return _names_a_person(low) or low in lexicon().streets or _STREET.search(low) is not None


def normalised(text: str) -> str:
    """``text`` as plain letters: compatibility forms folded (NFKC: circled, fullwidth, mathematical letters), flag
    letters (regional indicators) as letters, invisible format characters removed, and a word spelled out letter by
    letter joined ('f r e r i c h s', 'f-r-e-r-i-c-h-s', 'F.R.E.R.I.C.H.S.'): what the scrubber and the interpreter
    read, so a name written that way is a name."""
    if not isinstance(text, str):
        return text
    text = unicodedata.normalize("NFKC", text).translate(_REGIONAL_LETTERS)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return _SPELLED.sub(lambda m: re.sub(r"[\s._-]", "", m.group(0)), text)


def _canonical(number: str) -> str:
    """'1.000' and '1000' alike; '6,5' as '6.5'."""
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", number):
        return re.sub(r"[.,]", "", number)
    return number.replace(",", ".")


def _number_value(token: str) -> str | None:
    """A token as the number it writes ('344', '6.72', '9e', '99-plussers' -> '99', 'negen' -> '9', 'negenennegentigste' -> '99',
    'negentienvijfenveertig' -> '1945')."""
    word = token.lower()
    if any(c.isdigit() for c in token):
        ordinal = re.fullmatch(r"(\d{1,3})(?:e|de|ste)", word)
        if ordinal:
            return ordinal.group(1)
        joined = re.fullmatch(r"(\d{1,3})-[^\W\d_]+", word)  # '99-plussers', '65-jarigen': the number they name
        if joined:
            return joined.group(1)
        coded = re.fullmatch(r"[a-z]{1,3}-?(\d{3,})", word)  # a code ('WK99997457', 'GM27011952'): the digits it holds
        if coded:
            return coded.group(1)
        parts = re.split(r"[-'’]", word)
        numeric = [p for p in parts[1:] if re.fullmatch(r"\d+(?:[.,]\d+)*", p)]
        if (parts[0].isalpha() or re.fullmatch(r"\d+\.\d+|20\d\d", parts[0])) and numeric:
            # digits joined to a word, a code or a year ('Moerwijk-999-974-579', 'Centrum-974', '6.72-999', red team
            # 24; also in groups with points, 'Moerwijk-999.978.159', '2023-120.619.89', red team 26): the digits
            return "".join(re.sub(r"\D", "", p) for p in numeric)
        anchor = re.compile(r"\d{1,2}\.\d{1,2}|(?:19|20)\d\d")  # a taakveld code or a year
        before = [p for p in parts[:-1] if re.fullmatch(r"\d+(?:[.,]\d+)*", p) and not anchor.fullmatch(p)]
        if any(re.search(r"[.,]", p) for p in before) and any(p.isalpha() or anchor.fullmatch(p) for p in parts[1:]):
            # and in groups before one ('99.99.83.93.3-Moerwijk', "999.983.933'2023", '041.019.79-6.72'; red team 27):
            # the digits of every numeric part that is no code or year (not an age range: '0-17-jarigen')
            return "".join(re.sub(r"\D", "", p) for p in before)
        if re.fullmatch(r"\d+\.\d+", parts[0]) and len(parts) > 1:  # '6.72-negen-negen': words joined to a code
            return _joined_number_words(parts)
        return _canonical(token) if re.fullmatch(r"\d+(?:[.,]\d+)*", token) else None
    joined = _joined_number_words([p for p in re.split(r"[-'’.]", word) if p])
    if joined is not None:
        return joined
    if word == "nul":
        return "0"
    value = number_word(word)
    if value is None and word.endswith(("ste", "de")) and len(word) > 5:  # an ordinal in words
        value = number_word(word[:-3] if word.endswith("ste") else word[:-2])
    return None if value is None else str(value)


_ROMAN_DIGITS = {r: str(i) for i, r in enumerate(("o", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"))}


def _joined_number_words(parts: list[str]) -> str | None:
    """The digits that number words, month names or Roman digits joined into one token by '-', "'" or '.' write
    ('moerwijk-negen-negen-vijf', "moerwijk'negen", 'nul-zes-een-twee', 'moerwijk-ix-ix-v', 'zes-juli-negentienhonderd
    eenennegentig', '6.72-negen-negen'): the parts of a word, or of a code, and the numbers joined to it, or numbers
    only (red team 25). A number word in front of a compound ('een-oudergezinnen') and an abbreviation ('i.v.m.') write
    none."""
    if len(parts) < 2:
        return None
    # Roman digits where every part after the first is one ('moerwijk-ix-o-v'; not 'i.v.m.')
    roman = len(parts[0]) > 2 and all(p in _ROMAN_DIGITS for p in parts[1:])
    values: list[str | None] = []
    for p in parts:
        value = "0" if p == "nul" else "1" if p in ("een", "één") else str(n) if (n := _spoken_number(p)) is not None \
            else str(rec.MONTHS[p]) if p in rec.MONTHS and len(p) > 2 else _ROMAN_DIGITS.get(p) if roman else None
        values.append(value)
    found = [v for v in values if v is not None]
    if len(found) >= 2 or (len(found) == 1 and values[0] is None and values[-1] is not None):
        return "".join(found)
    return None


def _spoken_number(word: str) -> int | None:
    """A number in words, also a year said in hundreds ('negentienhonderdeenennegentig' -> 1991)."""
    value = number_word(word)
    said = re.fullmatch(r"([a-z]+?)honderd([a-z]*)", word) if value is None else None
    if said and number_word(said.group(1)) is not None and 10 < number_word(said.group(1)) < 100:
        rest = 0 if not said.group(2) else 1 if said.group(2) == "een" else number_word(said.group(2))
        if rest is not None and rest < 100:
            return number_word(said.group(1)) * 100 + rest
    return value


def _roman(token: str) -> bool:
    """A Roman numeral ('ix', 'IV'): a number where it stands among numbers."""
    return bool(token) and re.fullmatch(r"(?i)m{0,3}(?:c[md]|d?c{0,3})(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})", token) is not None


def _known_codes(words: Iterable[str]) -> frozenset[str]:
    """The codes of the vocabulary written as a decimal ('6.72', a taakveld): names, not numbers."""
    return frozenset(w for w in words if re.fullmatch(r"\d+\.\d{1,2}", w))


def _counted(v: str, codes: frozenset[str] = frozenset()) -> int:
    """How many digits of an identifier a number can carry: none for a year of this century, a code the vocabulary
    knows (``codes``: '6.72' is the name of a taakveld) or a round thousand; else its significant digits (a code the
    vocabulary does not know, '99.99', is digits: red team 23)."""
    if (len(v) == 4 and "2000" <= v <= "2099") or v in codes or re.fullmatch(r"[1-9]0*000", v):
        return 0
    if v == "0":
        return 1
    return len(re.sub(r"\D", "", v).rstrip("0")) or 1  # (the significant digits: '12500' carries three)


def spelled_numbers(text: str, allow_list: Iterable[str] | None = None) -> list[str]:
    """The numbers of ``text`` (as :func:`kept_text` keeps it) that can carry digits of an identifier, in order: what
    a conversation's earlier questions hold, for ``earlier`` of the next. ``allow_list``: the vocabulary, whose codes
    carry none."""
    codes = _scrubber(allow_list)._codes if allow_list is not None else frozenset()
    values = (_number_value(m.group(0)) for m in _WORD_OR_NUMBER.finditer(normalised(text or "")))
    return [v for v in values if v is not None and _counted(v, codes)]


def _number_spans(text: str, tokens: list, numbers: Iterable[str] | None,
                  earlier: Sequence[str] = (), codes: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Numbers not kept: with ``numbers`` (what the answer uses) every other number, and without them every number in
    a run that can spell an identifier or a date: three or more numbers, five or more digits (years of this century,
    round thousands and codes the vocabulary knows, such as '6.72', not counted), a number with a leading zero, a month beside a number,
    a year of an earlier century written as a word, three number words. A run is numbers with only separators,
    'en'/'of', a date word ('dag', 'maand', 'jaar') or one or two letters between ('25 60 nj 188')."""
    used = None if numbers is None else {_canonical(str(n)) for n in numbers}
    spans: list[tuple[int, int]] = []
    run: list = []
    counted_all: list = []  # every number of the text that could be part of an identifier

    def close() -> None:
        values = [(m, v) for m, v in run if v is not None]
        words = [v for m, v in values if not any(c.isdigit() for c in m.group(0))]
        # (years, codes such as '6.82' and round thousands spell nothing: '6.82, 2019 t/m 2024', '2019, 2020 en 2021')
        ints = [int(v) if v.isdigit() else -1 for _m, v in values]
        date = any(1 <= d <= 31 and 1 <= mo <= 12 and 1900 <= y <= 2099 for d, mo, y in zip(ints, ints[1:], ints[2:]))
        identifier = date or sum(1 for _m, v in values if _counted(v, codes)) >= 3 \
            or sum(_counted(v, codes) for _m, v in values) >= 5 \
            or any(m.group(0).lower() in _MONTH_WORDS for m, _v in run) \
            or any(len(v) > 1 and v.startswith("0") and "." not in v for _m, v in values) \
            or any("1100" <= v <= "1999" and len(v) == 4 for v in words)
        if identifier:  # (also where the answer uses these numbers: 'top 9, 9 9 9' spells as much)
            spans.extend(m.span() for m, _v in run)
        elif used is not None:
            spans.extend(m.span() for m, v in values if v not in used and any(c.isdigit() for c in m.group(0)))
        counted_all.extend((m, v) for m, v in values if _counted(v, codes))
        run.clear()

    for i, m in enumerate(tokens):
        word = m.group(0).lower()
        value = _number_value(word)
        gap = bool(run) and _RUN_GAP.fullmatch(text[run[-1][0].end():m.start()]) is not None
        if value is None and word == "een" and gap:
            value = "1"  # 'nul zes een twee ...': 'een' among numbers is one
        beside = [tokens[j].group(0).lower() for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
        if value is None and _roman(word) and any(_roman(b) for b in beside):
            value = "0" * len(word)  # 'ix ix ix iv': Roman numerals beside each other (as many digits as letters)
        if run and word in ("en", "of", "dag", "maand", "jaar", "van", "de"):
            continue  # (part of the gap to the next number)
        if value is not None and not (value == "1" and word == "een" and not gap):
            if run and not gap:
                close()
            run.append((m, value))
        elif run and gap and (word in _MONTH_WORDS or (len(word) <= 2 and word.isalpha())):
            run.append((m, None))  # '14 april 1945', '25 60 nj 188'
        else:
            close()
            nxt = _number_value(tokens[i + 1].group(0)) if i + 1 < len(tokens) else None
            if word in _MONTH_WORDS and nxt is not None:
                run.append((m, None))  # 'april negentienvijfenveertig'
    close()
    spans += [m.span() for m in tokens if re.fullmatch(r"\d+(?:[-/]\d+){2,}", m.group(0))]  # '99-99-50-344'
    # numbers spread over the text ('niet van 99 jaar, niet van 99 jaar, niet van 50 jaar, ...'): five or more, or
    # eight or more digits (a BSN, whose ninth digit follows from the others; a phone or account number), spell as much
    # as a run of them; over the conversation's questions (``earlier``: 'En van 99 jaar en ouder?', 'En van 76 ...?';
    # red team 21), where no run or date can be seen, four or more, or seven or more digits (a birth date)
    own = [v for _m, v in counted_all]
    every = own + list(earlier)
    if own and (len(own) >= 5 or sum(_counted(v, codes) for v in own) >= 8
                or (earlier and (len(every) >= 4 or sum(_counted(v, codes) for v in every) >= 7))):
        spans += [m.span() for m, _v in counted_all]
    return spans


def _pieces_of_a_name(tokens: list) -> list[tuple[int, int]]:
    """A name written in short pieces apart ('volgens Sc he nk', 'Wi ls on', 'Om me ren'): two to four words of at
    most five letters side by side that together are a listed name, where one of them is no Dutch word, or three or
    more make no Dutch word together (red team 22; 'ging er', 'Den Haag' are words)."""
    spans: list[tuple[int, int]] = []
    short = [m.group(0).isalpha() and len(m.group(0)) <= 5 for m in tokens]
    foreign = [s and not dictionary_word(m.group(0).lower()) for m, s in zip(tokens, short)]
    for i in range(len(tokens)):
        for n in (4, 3, 2):
            if i + n > len(tokens) or not all(short[i:i + n]):
                continue
            joined = "".join(m.group(0) for m in tokens[i:i + n]).lower()
            if len(joined) >= 5 and (any(foreign[i:i + n]) or (n >= 3 and not dictionary_word(joined))) \
                    and _names_a_person(joined):
                spans.append((tokens[i].start(), tokens[i + n - 1].end()))
                break
    return spans


def _symbol_spans(text: str) -> list[tuple[int, int]]:
    """Characters that are no letter, digit, punctuation, space, sign or currency (pictographs, private use,
    unassigned): a symbol spells nothing a question about groups needs, and may spell a name."""
    spans: list[tuple[int, int]] = []
    for i, c in enumerate(text):
        if unicodedata.category(c) in ("So", "Sk", "Co", "Cn", "Cs"):
            if spans and spans[-1][1] == i:
                spans[-1] = (spans[-1][0], i + 1)
            else:
                spans.append((i, i + 1))
    return spans


def _street_number_spans(text: str, tokens: list) -> list[tuple[int, int]]:
    """A house number and the street before it, where the street is written as a name and a street word apart ('de
    Fatima weg 12', 'bas-ring 133'), and a number after 'nummer', 'nr' or 'huisnummer'."""
    spans = []
    for i, m in enumerate(tokens):
        if not re.fullmatch(r"\d{1,4}(?:[-/]\d{1,4}|[a-z])?", m.group(0), re.IGNORECASE) or i == 0:
            continue
        before = tokens[i - 1].group(0).lower()
        last = re.split(r"[-']", before)[-1]
        if not text[tokens[i - 1].end():m.start()].isspace() or re.fullmatch(r"20\d\d", m.group(0)):
            continue  # 'Belgisch Park, 2023': a year after an area
        if before in ("nummer", "nr", "huisnummer"):
            spans.append(m.span())
        elif last in _STREET_WORDS:  # the street's own name stands before its street word ('Fatima weg')
            start = tokens[i - 1 if "-" in before or i < 2 else i - 2].start()
            spans.append((start, m.end()))
    return spans


def scrub(text: str, allow_list: Iterable[str] | None = None, sql: bool = False) -> tuple[str, list[Finding]]:
    """Replace personal data in `text` by <NAAM>, <BSN>, <ADRES>, <TELEFOON>, <EMAIL>, <IBAN>,
    <POSTCODE>, <GEBOORTEDATUM>; returns the scrubbed text and the findings. Never raises. ``sql``: see
    :meth:`PiiScrubber.scrub`."""
    try:
        scrubber = _scrubber(allow_list)
    except Exception as exc:
        log.error("PII-controle kon niet starten (%s); tekst achtergehouden", type(exc).__name__)
        return WITHHELD, [Finding("ONBEKEND", 0, len(text) if isinstance(text, str) else 0, 1.0)]
    return scrubber.scrub(text, sql=sql)
