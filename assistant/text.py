"""Dutch text normalisation for the offline interpreter: folding, tokens, stems, numbers, compounds."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from guards.pii_lexicon import number_word

# Everyday Dutch function words: never fuzzy-corrected into a name, never "unknown content".
STOPWORDS = frozenset(
    """
    de het een en of in op aan van voor met bij uit tot naar over onder boven door om als dan dat die dit deze
    is zijn was waren wordt worden werd werden heeft hebben had hadden kan kunnen kon wil willen zou zouden
    moet moeten mag er hier daar waar wat wie welk welke welken hoe hoeveel hoeveelheid hoelang wanneer
    ik je jij u we wij ze zij hij haar hun mijn ons onze jullie men
    niet geen wel ook nog al maar alleen toch zo heel erg meer minder meest minst veel weinig
    totaal totale aantal aantallen getal getallen cijfer cijfers graag even eens svp aub alsjeblieft alstublieft
    geef toon laat zie zien tonen weergeven noem vertel overzicht lijst tabel
    jaar jaren maand per sinds vanaf tussen t m tm tov vs versus
    gemeente stad
    """.split()
)

# Everyday Dutch verbs, adverbs and fillers of a question that name no subject of their own
# ("Hoeveel mensen *krijgen* ...", "*vorig* jaar", "*eigenlijk*"). A content word that is neither one of
# these nor a name from the semantic layer is what the question is really about: when nothing of the
# semantic layer is asked for, such a word makes the question out of scope.
FILLER_WORDS = frozenset(
    """
    heb hebt hebben heeft had hadden krijg krijgen krijgt kreeg kregen ontvang ontvangen ontvangt ontving ontvingen
    zit zitten zat zaten woon wonen woont woonde woonden tel tellen telt telde telden loop lopen loopt liep liepen
    kom komen komt kwam kwamen ga gaan gaat ging gingen maak maken maakt maakte maakten gebruik gebruiken gebruikt
    volg volgen volgt volgde volgden volgens bestaan bestaat bestonden sta staan staat stond stonden
    doe doen doet deed deden blijf blijven blijft bleef bleven worden geworden geweest zijn
    kun kunt kunnen weet weten wil wilt willen mag mogen moet moeten zou zouden
    vertel vertellen laat laten toon tonen geef geven noem noemen zie zien bekijk bekijken
    totale totaal hoogste laagste meeste minste grootste kleinste top hoog laag groot klein
    vorig vorige afgelopen laatste laatst recente recent recentst recentste meest huidige huidig geleden
    sinds vanaf tussen ouder oud oudere jonger jong jongere
    eigenlijk nou ongeveer precies zowat circa ruwweg daarvan hiervan waarvan daarin hierin nog steeds
    iets wat alles beetje even eens dus toen nu dan ook
    vergelijk vergelijken vergeleken vergelijking verschil verschillen betekent betekenis definitie versta verstaan
    bedoeld bedoel bedoelt uitleg ontwikkelde ontwikkeld ontwikkeling ontwikkelen verloop trend
    gegevens informatie info data stand zaken cbs
    sprake zag zagen ziet elkaar zet zetten idem daarvoor ervoor procent procenten percentage deel aandeel
    volgende ver gaf gaven geeft leef leven leeft scoort scoren scoorde naast tegenover
    """.split()
)

# Dutch number words ("vijf wijken", "de laatste drie jaar").
NUMBER_WORDS = {
    "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10,
    "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "twintig": 20, "dertig": 30,
    "veertig": 40, "vijftig": 50, "honderd": 100, "duizend": 1000,
}

_VOWELS = set("aeiou")


def _library_function_words() -> frozenset[str]:
    """spaCy's Dutch stop words (pronouns, adverbs, conjunctions, auxiliaries), folded, without the few that
    are also nouns a question can be about ('weer' is also the weather, 'weg' a road)."""
    from spacy.lang.nl.stop_words import STOP_WORDS

    homographs = {"weer", "weg", "wezen", "klaar", "lang", "min", "prof", "publ", "nr", "pp"}
    return frozenset(fold(w) for w in STOP_WORDS if w.isalpha() and w not in homographs)


@lru_cache(maxsize=4096)
@lru_cache(maxsize=8192)
def zipf(word: str) -> float:
    """How common a Dutch word is (wordfreq's Zipf scale: 3 is once per million words); 0 for a word it
    has never seen, such as a misspelt name ('moerwyk')."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl")


def lemma(word: str) -> str:
    """The dictionary form of a folded Dutch word (simplemma: 'gekost' -> 'kosten', 'liepen' -> 'lopen',
    'uitgegeven' -> 'uitgeven'); the word itself when simplemma does not know it."""
    import simplemma

    if not word:
        return word
    found = simplemma.lemmatize(word, lang="nl")
    return fold(found).replace("_", "") if found else word


@lru_cache(maxsize=1)
def _word_classes() -> dict[str, frozenset[str]]:
    """Dutch dictionary forms per part of speech, from spaCy's lookup tables (spacy-lookups-data)."""
    from spacy.lookups import load_lookups

    table = load_lookups("nl", ["lemma_index"]).get_table("lemma_index")
    return {pos: frozenset(fold(w) for w in table[pos]) for pos in ("adj", "noun", "verb", "adp", "det")}


@lru_cache(maxsize=8192)
def word_classes(word: str) -> frozenset[str]:
    """The parts of speech a folded Dutch word (or its dictionary form) can have: 'heen' -> {'adp'},
    'uiteindelijk' -> {'adj'}, 'kolom' -> {'noun'}; empty for a word the tables do not know."""
    forms = {word, lemma(word)}
    return frozenset(pos for pos, words in _word_classes().items() if forms & words)


def is_adposition(word: str) -> bool:
    """A preposition or postposition that is no noun ('heen' of 'over de begroting heen', 'toe', 'tussen')."""
    classes = word_classes(word)
    return "adp" in classes and "noun" not in classes


def pronominal_adverb(word: str) -> bool:
    """'daartussen', 'hiervan', 'waarin', 'ervoor': er/daar/hier/waar with an adposition, which points at
    something said before (or after) instead of naming it."""
    # the adposition may also be a noun in the tables ('voor', 'bij'): after er/daar/hier/waar it is none
    return any(word.startswith(p) and len(word) - len(p) >= 2 and "adp" in word_classes(word[len(p):])
               for p in ("daar", "hier", "waar", "er"))


def split_pronominal(word: str, before: Iterable[str]) -> bool:
    """The adposition of a pronominal adverb split in two ('er ... mee gestopt', 'daar ... over'): after
    er/daar/hier/waar earlier in the sentence it is no noun ('mee' is also mead), it points back."""
    return "adp" in word_classes(word) and any(w in ("er", "daar", "hier", "waar") for w in before)


def is_adjective_only(word: str) -> bool:
    """A word that is an adjective (or adverb) and never a noun or a verb ('uiteindelijk', 'procentueel')."""
    return word_classes(word) == frozenset({"adj"})


def fold(text: str) -> str:
    """Lower case without diacritics; typographic quotes become plain ones."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00b4", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


_THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
_TOKEN = re.compile(r"\d+(?:,\d+)?|[a-z]+|[+%€]")


def prepare(text: str) -> str:
    """Folded text with Dutch thousands separators removed ('1.000' -> '1000')."""
    return _THOUSANDS.sub("", fold(text))


def words(text: str) -> list[str]:
    """Folded word tokens; "'s-Gravenhage" -> ['s', 'gravenhage'], "Wmo-cliënten" -> ['wmo', 'clienten']."""
    return _TOKEN.findall(prepare(text))


def stem(token: str) -> str:
    """A crude, consistent Dutch stem: plural and inflection endings off (huishoudens/huishouden -> huishoud)."""
    t = token
    if t.isdigit():
        return t
    if len(t) > 3 and t.endswith("s") and not t.endswith("ss"):
        t = t[:-1]
    if len(t) > 4 and t.endswith("en"):
        base = t[:-2]
        if len(base) >= 2 and base[-1] == base[-2] and base[-1] not in _VOWELS:
            base = base[:-1]
        elif len(base) >= 3 and base[-1] not in _VOWELS and base[-2] in "aou" and base[-3] not in _VOWELS:
            base = base[:-1] + base[-2] + base[-1]
        t = base
    if len(t) > 4 and t.endswith("e"):
        t = t[:-1]
        if len(t) >= 4 and t[-1] not in _VOWELS and t[-2] in "aou" and t[-3] not in _VOWELS:
            t = t[:-1] + t[-2] + t[-1]  # open syllable: 'begrote' -> 'begroot', 'totale' -> 'totaal'
    return t


@dataclass(frozen=True)
class Token:
    text: str  # folded surface form
    stem: str
    original: str  # as typed (for capitalisation checks)
    position: int


def tokenize(text: str) -> list[Token]:
    """Tokens of the question with number words turned into digits."""
    originals = re.findall(r"\d+(?:,\d+)?|[^\W\d_]+|[+%€]", _THOUSANDS.sub("", text.replace("\u2019", "'")))
    folded = [fold(o) for o in originals]
    tokens: list[Token] = []
    for i, (orig, low) in enumerate(zip(originals, folded)):
        parts = _TOKEN.findall(low) or [low]
        for part in parts:
            number = number_word(part) if len(part) > 3 else None
            if number is not None:
                # 'tweeduizend drieentwintig' -> 2023
                if tokens and tokens[-1].text.isdigit() and int(tokens[-1].text) % 100 == 0 and int(tokens[-1].text) >= 1000 and number < 100:
                    prev = tokens.pop()
                    part = str(int(prev.text) + number)
                    tokens.append(Token(part, part, prev.original, len(tokens)))
                    continue
                part = str(number)
            tokens.append(Token(part, stem(part), orig, len(tokens)))
    # the elided article ('hulp bij 't huishouden', 'in t jaar'), not the 't' of 't/m'
    for i, tok in enumerate(tokens):
        following = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if tok.text == "t" and following.isalpha() and following != "m":
            tokens[i] = Token("het", "het", tok.original, tok.position)
    return tokens



_ELISION = re.compile(r"\b([^\W\d_]{2,})-\s+(en|of|dan|tot|t/m)\s+([^\W\d_]{5,})", re.UNICODE)


SEPARABLE_PARTICLES = ("in", "uit", "op", "af", "toe", "aan", "mee", "terug", "door", "bij", "weg", "over")
_CLAUSE = re.compile(r"[^,;:.?!]+")
_AUXILIARIES = {"hebben", "zijn", "worden", "zullen", "kunnen", "moeten", "mogen", "willen", "laten"}


def join_separable_verbs(text: str, known: Callable[[str], bool]) -> str:
    """A separable verb split over its clause, as Dutch main clauses split it ('stroomden ... de bijstand in', 'hoeveel
    stroomden er uit'): the particle at the clause's end joined to the verb before it ('instroomden', 'uitstroomden'),
    where particle + the verb's dictionary form is a Dutch verb that ``known`` accepts (a word of the semantic layer;
    'voeg ... toe' and 'kwamen er bij' stay as they are said)."""
    import simplemma

    def clause(m: re.Match) -> str:
        part = m.group(0)
        words = list(re.finditer(r"[^\W_]+", part))  # ('Wat kostte de jeugdhulp in 2022': no particle at the end)
        if len(words) < 3 or fold(words[-1].group(0)) not in SEPARABLE_PARTICLES:
            return part
        if fold(words[-2].group(0)) in ("dan", "en", "of") and fold(words[-3].group(0)) in SEPARABLE_PARTICLES:
            return part  # 'stroomden ... in- dan uit': two particles of one verb compared, read as they are
        particle = words[-1]
        for w in words[:-1][::-1]:
            form = fold(w.group(0))
            base = lemma(form)
            if base == form or not base.endswith("en") or form in SEPARABLE_PARTICLES or base in _AUXILIARIES:
                continue  # only a finite form of a full verb ('stroomden' -> 'stromen')
            joined = fold(particle.group(0)) + base
            if simplemma.is_known(joined, lang="nl") and known(joined):
                start, end = w.span()
                verb = particle.group(0).lower() + w.group(0).lower()
                verb = verb.capitalize() if w.group(0)[:1].isupper() else verb
                text_before = part[:start] + verb + part[end:particle.start()]
                return text_before.rstrip() + part[particle.end():]
        return part

    return _CLAUSE.sub(clause, text)


def expand_elisions(text: str) -> str:
    """A word cut short before 'en', 'of', 'dan' shares the second word's tail: 'dak- en thuislozen' -> 'daklozen en
    thuislozen', 'in- dan uitgestroomd' -> 'ingestroomd dan uitgestroomd', 'Wmo- en jeugdhulpcliënten' ->
    'Wmocliënten en jeugdhulpcliënten'. The tail starts where the second word splits into two words (wordfreq)."""

    def repl(m: re.Match) -> str:
        head, joiner, whole = m.group(1), m.group(2), m.group(3)
        folded = fold(whole)
        for k in range(2, len(whole) - 2):
            if zipf(folded[:k]) >= 3.0 and zipf(folded[k:]) >= 2.0:
                return f"{head}{whole[k:]} {joiner} {whole}"
        return m.group(0)

    return _ELISION.sub(repl, text)


def number_text(text: str) -> str:
    """Folded text with number words as digits ('vijf wijken' -> '5 wijken', 'tweeduizend drieentwintig' -> '2023')."""

    def repl(m: re.Match) -> str:
        word = m.group(0)
        value = number_word(word) if len(word) > 3 else NUMBER_WORDS.get(word)
        return str(value) if value is not None else word

    def join(m: re.Match) -> str:
        head, tail = number_word(m.group(1)), number_word(m.group(2))
        return str(head + tail) if head is not None and tail is not None and tail < 100 else m.group(0)

    out = re.sub(r"\b([a-z]*duizend)\s+([a-z]+)\b", join, prepare(text))
    return re.sub(r"[a-z]+", repl, out)


def split_compound(token: str, known: set[str], min_part: int = 3) -> list[str] | None:
    """Split a compound into known stems ('jeugdhulptrajecten' -> ['jeugdhulp', 'traject']); None if impossible."""
    best: list[str] | None = None
    n = len(token)
    for i in range(n - min_part, min_part - 1, -1):
        left, right = token[:i], token[i:]
        left_options = [left]
        if left.endswith("s") and len(left) > min_part:
            left_options.append(left[:-1])
        if left.endswith("en") and len(left) > min_part + 1:
            left_options.append(left[:-2])
        left_hit = next((opt for opt in left_options if opt in known or stem(opt) in known), None)
        if left_hit is None:
            continue
        left_stem = left_hit if left_hit in known else stem(left_hit)
        right_stem = stem(right)
        if right_stem in known or right in known:
            candidate = [left_stem, right_stem if right_stem in known else right]
        else:
            rest = split_compound(right, known, min_part)
            if rest is None:
                continue
            candidate = [left_stem, *rest]
        if best is None or len(candidate) < len(best):
            best = candidate
    return best


# Function words of the language, from a maintained list (spaCy), besides the question words above.
FUNCTION_WORDS = _library_function_words()


# verbs whose request changes or removes data: what a reading product never does
CHANGE_VERBS = frozenset({"aanpassen", "wijzigen", "veranderen", "ophogen", "verhogen", "verlagen", "verminderen",
                          "verwijderen", "wissen", "schrappen", "invoeren", "toevoegen", "corrigeren", "bijwerken",
                          "overschrijven", "zetten", "instellen", "updaten", "vervangen", "opslaan", "bijstellen"})
_REMOVING = frozenset({"verwijderen", "wissen", "schrappen"})
_STORED = frozenset({"gegevens", "registratie", "record", "records", "dossier", "dossiers", "database", "bestand"})
_REQUEST_OPENERS = frozenset({"graag", "even", "nu", "alsjeblieft", "alstublieft", "svp", "dan", "kort"})
_MODAL_REQUEST = re.compile(r"\b(?:wil|kun|kan|zou|mag|moet|wilt|kunt|zoudt)\s+(?:je|jij|u|jullie)\b")
# what the figure should become: a value ('naar 2000', 'op 130 miljoen') or a step ('met 5 miljoen', 'vijf miljoen hoger')
_CHANGE_TARGET = re.compile(r"\b(?:naar|op|tot|met)\s+(?:€\s*)?\d|\b(?:hoger|lager|omhoog|omlaag)\b")
_FIGURE_NOUNS = frozenset({"aantal", "begroting", "budget", "bedrag", "cijfer", "getal", "kosten", "waarde", "gegevens", "record",
                           "registratie", "uitgaven"})
# where a request would write a figure to ('zet in het systeem dat ...', 'voer ... in de registratie in')
_INTO_STORE = re.compile(r"\b(?:in|aan|bij)\s+(?:het|de|ons|onze|jullie|uw)\s+(?:systeem|registratie|database|administratie|"
                         r"gegevens|bestand|dossier|databank|bron)s?\b")
_REQUEST_CLAUSE = re.compile(r"(?:[^,;:?!.]|\.(?=\d))+")  # ('taakveld 6.71' is one clause)


def _infinitives(form: str) -> set[str]:
    """The dictionary forms an imperative ('pas', 'verhoog', 'zet', 'wijzig', 'verwijder') can be the stem of."""
    out = {form + "en", form + "n"}
    if len(form) >= 3 and form[-1] not in _VOWELS:
        out.add(form + form[-1] + "en")  # pas -> passen, zet -> zetten
        if form[-2] == form[-3] and form[-2] in _VOWELS:
            out.add(form[:-2] + form[-1] + "en")  # verhoog -> verhogen
        if form[-1] in "fs":
            out.add(form[:-1] + {"f": "v", "s": "z"}[form[-1]] + "en")  # (verhuis -> verhuizen)
    return out


def asks_to_change(text: str) -> bool:
    """A request to change or remove data ('Pas het aantal ... aan naar 2000', 'Wil je de begroting ... ophogen naar
    130 miljoen?', 'Verwijder ...'): a clause that opens with the imperative of a verb of changing, or asks 'wil je /
    kunt u' with its infinitive, and names a figure and what it should become ('het aantal ... naar 2000', 'de begroting
    ... op 130 miljoen'; a verb of removing names what is stored: 'verwijder de gegevens ...'; a figure written into the
    store: 'zet in het systeem dat ...'). A question about a
    change ('Is de begroting verhoogd?') or about what to show ('Verander het jaar naar 2022', 'Verwijder Moerwijk uit
    de vergelijking') is none."""
    for clause in _REQUEST_CLAUSE.finditer(fold(text)):
        part = clause.group(0)
        tokens = re.findall(r"[^\W\d_]+", part)
        if not tokens:
            continue
        particles = {t for t in tokens[1:] if t in SEPARABLE_PARTICLES}
        first = next((t for t in tokens if t not in _REQUEST_OPENERS), "")
        verbs: set[str] = set()
        for inf in _infinitives(first):
            verbs |= {inf} | {p + inf for p in particles}
        if _MODAL_REQUEST.search(part):
            verbs |= set(tokens)
        asked = verbs & CHANGE_VERBS
        if asked and ((asked & _REMOVING and _STORED & set(tokens))
                      or (_FIGURE_NOUNS & set(tokens) and _CHANGE_TARGET.search(part))
                      or _INTO_STORE.search(part)):  # 'kun je in het systeem zetten dat ... had'
            return True
        if _INTO_STORE.search(part) and _FIGURE_NOUNS & set(tokens) and _CHANGE_TARGET.search(part) and (
                _MODAL_REQUEST.search(part) or tokens[0] in ("kan", "kun", "mag", "moet", "zou")):
            return True  # 'kan de begroting in het systeem met 5 miljoen omhoog?': a change without its verb
    return False
