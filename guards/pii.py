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

import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

# presidio imports tldextract, which would fetch the public suffix list over the network.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import spacy  # noqa: E402
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry  # noqa: E402
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer  # noqa: E402
from presidio_analyzer.nlp_engine import SpacyNlpEngine  # noqa: E402
from spacy.language import Language  # noqa: E402

from guards import pii_recognizers as rec  # noqa: E402
from guards.pii_lexicon import lexicon  # noqa: E402

__all__ = ["Finding", "PiiScrubber", "PLACEHOLDERS", "scrub"]

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
