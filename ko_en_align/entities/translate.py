"""Names that are translated, not transliterated: word-by-word composition.

Korean writes many names by translating their parts (불교 철학 ↔ Buddhist
philosophy, 서퍽 대학교 ↔ Suffolk University, 보수당 ↔ Conservative Party).
:func:`translation_similarity` splits the Korean name into pieces — words,
then morphemes from a lexicon and known name suffixes (-당 party, -부 ministry,
-대학교 university, -공항 airport, …) — scores each piece against the English
words (a lexicon translation, or a transliteration for the pieces that are
transcribed, such as 서퍽 ↔ Suffolk) and combines how much of each side the
other covers. An acronym of the composed English counts too (세계보건기구 ↔
World Health Organization ↔ WHO).

The morpheme lexicon (``data/morphemes.tsv``) is learnt by :func:`learn_lexicon`
from co-occurrence counts on *name pairs*: CLDR's Korean and English names of
territories, languages, scripts and currencies (through babel) and the fit half
of the Wikidata development file (CC0). A unit enters only if it recurs in at
least two different names, so no single name is copied. The suffixes
(``data/name_suffixes.tsv``) are written by hand from Korean naming practice;
the counts beside each row were measured on the same fit half.

>>> translation_similarity("서퍽 대학교", "Suffolk University") > 0.8
True
>>> translation_similarity("서퍽 대학교", "Harvard University") < 0.75
True
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ko_en_align.entities.romanize import is_hangul_syllable

logger = logging.getLogger(__name__)

__all__ = [
    "LexiconEntry",
    "cldr_name_pairs",
    "english_words",
    "learn_lexicon",
    "morpheme_lexicon",
    "name_suffixes",
    "segment_korean",
    "translation_similarity",
]

# Function words that carry no name content on the English side.
_EN_STOP = frozenset(
    "of the and for a an in at on to de del des du la le les von van der den di da y & et".split()
)
_EN_WORD = re.compile(r"[a-z0-9]+")
# Script runs of a Korean name: Hangul words, Hanja, Latin letters, digits.
_KO_TOKEN = re.compile(r"[\uac00-\ud7a3]+|[A-Za-z]+|[0-9]+")
_STEM_LEN = 6
# A learnt pair whose Korean sounds like its English word (loanword or romanisation
# rules, no gazetteer) at least this well is a transcription, not a translation: the
# transliteration route's job. Measured on pairs learnt from the Wikidata fit half:
# translations score 0.0-0.26 (국제 ↔ international 0.0, 공화국 ↔ republic 0.17, 화산 ↔
# volcano 0.26), transcriptions and their fragments 0.53 and up (올림 ↔ olympic 0.53,
# 리카 ↔ Africa 0.67, 노퍽 ↔ Norfolk 0.78, 스토니아 ↔ Estonia 0.94).
_TRANSCRIBED = 0.5


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: plural -s/-ies off, then the first six letters.

    Six letters keep philosophy/philosophical, university/universities and
    Buddhism/Buddhist together while organic and organization still differ.

    >>> stem("Universities"), stem("university")
    ('univer', 'univer')
    """
    w = _fold(word)
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w[:_STEM_LEN]


@lru_cache(maxsize=65536)
def english_words(english: str) -> tuple[str, ...]:
    """Content words of an English name, lower case, function words dropped.

    >>> english_words("The University of Suffolk")
    ('university', 'suffolk')
    """
    english = re.sub(r"['’]s\b", "", english)
    return tuple(w for w in _EN_WORD.findall(_fold(english)) if w not in _EN_STOP)


# Counters around a number that English writes with the number alone:
# 제3차 ↔ third, 헨리 8세 ↔ Henry VIII, 2005년 ↔ 2005.
_NUMBER_PREFIX = "제"
_NUMBER_COUNTERS = frozenset({"세", "차", "대", "회", "번째", "년", "호", "기", "위"})
_ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
).split()


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


@lru_cache(maxsize=4096)
def _number_words(digits: str) -> frozenset[str]:
    """English words for a number: 8 -> {'8', 'viii', '8th', 'eighth'}."""
    n = int(digits)
    words = {digits, str(n)}
    if 0 < n < 4000:
        words.add(_roman(n))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    words.add(f"{n}{suffix}")
    if n < len(_ORDINALS):
        words.add(_ORDINALS[n])
    return frozenset(words)


@lru_cache(maxsize=8192)
def _korean_words(korean: str) -> tuple[str, ...]:
    tokens = _KO_TOKEN.findall(korean)
    words: list[str] = []
    for i, tok in enumerate(tokens):
        after_number = i > 0 and tokens[i - 1].isdigit()
        if tok in _NUMBER_COUNTERS and after_number:
            continue
        if tok.isdigit() or not is_hangul_syllable(tok[0]):
            words.append(tok)
            continue
        if tok.endswith(_NUMBER_PREFIX) and i + 1 < len(tokens) and tokens[i + 1].isdigit():
            tok = tok[: -len(_NUMBER_PREFIX)]
            if not tok:
                continue
        for counter in _NUMBER_COUNTERS:
            if after_number and tok.startswith(counter) and len(tok) > len(counter):
                tok = tok[len(counter) :]
                break
        # the genitive particle 의 (바누아투의 총리 ↔ Prime Minister of Vanuatu)
        if len(tok) >= 3 and tok.endswith("의"):
            tok = tok[:-1]
        words.append(tok)
    return tuple(words)


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class LexiconEntry:
    """One Korean morpheme with the English word stems it translates to.

    Attributes:
        korean: the morpheme, e.g. ``'대학교'``.
        stems: English stems (:func:`stem`), e.g. ``('univer',)``.
        count: names of the learning data holding both.
        dice: their Dice association in those names.
    """

    korean: str
    stems: tuple[str, ...]
    count: int
    dice: float


def _data_rows(name: str) -> list[list[str]]:
    text = (
        resources.files("ko_en_align.entities").joinpath("data").joinpath(name).read_text("utf-8")
    )
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


#: A Sino-Korean dictionary sense (``ko_en_align/data/sino_korean.tsv``, scored by the share
#: of homophone entries that give it) joins the morpheme lexicon from this score. Chosen
#: on the Wikidata fit half (entity_similarity acc@1 among 50: none 0.874, floor 0.99
#: 0.888, 0.5 0.892, 0.3 0.893, 0.1 0.895); the held-out half was measured once, after.
SINO_SENSE_FLOOR = 0.1


@lru_cache(maxsize=1)
def morpheme_lexicon() -> dict[str, tuple[str, ...]]:
    """Korean morpheme -> English stems (``'철학' -> ('philos',)``).

    The learnt table (``morphemes.tsv``) extended by the hand-written one
    (``name_morphemes.tsv``), then by the senses of the Sino-Korean dictionary's words of
    two or more syllables (:data:`SINO_SENSE_FLOOR`).
    """
    table = {row[0]: tuple(row[1].split("|")) for row in _data_rows("morphemes.tsv")}
    for ko, stems in _curated_morphemes().items():
        table[ko] = tuple(dict.fromkeys(stems + table.get(ko, ())))
    # Sino-Korean words of CC-CEDICT read in Korean (제단 altar, 빙하 glacier, 현수교
    # suspension bridge) add their dictionary senses, also to the units the tables above
    # know (사막: learnt 'sahara' from 사하라 사막, + desert): Wikidata fit half 0.895 ->
    # 0.897 against adding them only to units the tables lack.
    # Not the generic heads of organisation names (전자 Electronics, 통신, 그룹): matched
    # alone they say nothing about which organisation, and LG전자 must not match Samsung
    # Electronics (0.18 before the dictionary, 0.5 with 전자 composed; tests/test_summary_words).
    from ko_en_align.entities.extract import _ORG_SUFFIXES

    for ko, senses in _sino_senses().items():
        if ko not in _ORG_SUFFIXES:
            table[ko] = tuple(dict.fromkeys(table.get(ko, ()) + senses))
    return table


def _curated_morphemes() -> dict[str, tuple[str, ...]]:
    """The hand-written table (``name_morphemes.tsv``), its English cut to stems."""
    return {
        row[0]: tuple(dict.fromkeys(stem(w) for w in row[1].split("|")))
        for row in _data_rows("name_morphemes.tsv")
    }


def _sino_senses() -> dict[str, tuple[str, ...]]:
    """The Sino-Korean dictionary's words -> English stems, as ``data/sino_morphemes.tsv``."""
    return {row[0]: tuple(row[1].split("|")) for row in _data_rows("sino_morphemes.tsv")}


def sino_morpheme_rows(dictionary: Mapping[str, Mapping[str, float]]) -> list[str]:
    r"""The morpheme view of the Sino-Korean dictionary: ``korean<TAB>stem|stem`` lines.

    ``dictionary`` is :func:`~ko_en_align.lexicon.sino_korean_dictionary`'s ``table``.
    Words of 2+ syllables, senses scored >= :data:`SINO_SENSE_FLOOR`, stems cut to this
    module's six letters. ``benchmarks/build_sino_dictionary.py`` writes them to
    ``entities/data/sino_morphemes.tsv`` beside the dictionary, so that the first
    alignment reads 33,000 short lines instead of building the summary check's
    :class:`~ko_en_align.lexicon.Lexicon` (0.3-0.5 s).

    >>> sino_morpheme_rows({"빙하": {"glacier": 1.0, "ice": 0.05}, "빙": {"ice": 1.0}})
    ['빙하\tglacie']
    """
    rows = []
    for ko, senses in dictionary.items():
        stems = dict.fromkeys(stem(e) for e, sc in senses.items() if sc >= SINO_SENSE_FLOOR)
        if len(ko) >= 2 and stems:
            rows.append(f"{ko}\t{'|'.join(stems)}")
    return rows


@lru_cache(maxsize=1)
def suffix_kept_rates() -> dict[str, float]:
    """Share of fit-half names with the suffix whose English keeps its word ('주' -> 0.36)."""
    rates = {}
    for row in _data_rows("name_suffixes.tsv"):
        names, kept = (int(row[2]), int(row[3])) if len(row) >= 4 else (0, 0)
        rates[row[0]] = (kept + 1) / (names + 2)
    return rates


@lru_cache(maxsize=1)
def name_suffixes() -> dict[str, tuple[str, ...]]:
    """Hand-written name suffixes -> English stems (``'당' -> ('party',)``), longest first."""
    rows = {
        row[0]: tuple(stem(w) for w in row[1].split("|")) for row in _data_rows("name_suffixes.tsv")
    }
    return dict(sorted(rows.items(), key=lambda kv: -len(kv[0])))


def cldr_name_pairs() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Korean/English name pairs from CLDR (babel): territories, languages, scripts, currencies.

    >>> (("독일어",), ("German",)) in cldr_name_pairs()
    True
    """
    from babel import Locale

    ko, en = Locale("ko"), Locale("en")
    pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for ko_table, en_table in (
        (ko.territories, en.territories),
        (ko.languages, en.languages),
        (ko.scripts, en.scripts),
        (ko.currencies, en.currencies),
    ):
        for code, ko_name in ko_table.items():
            en_name = en_table.get(code)
            if en_name and ko_name != en_name:
                pairs.append(((ko_name,), (en_name,)))
    return pairs


# --------------------------------------------------------------------------- learning


def _ko_units(ko_forms: Sequence[str], max_len: int) -> set[str]:
    units = set()
    for form in ko_forms:
        for word in _korean_words(form):
            if not is_hangul_syllable(word[0]):
                continue
            for i in range(len(word)):
                for j in range(i + 2, min(len(word), i + max_len) + 1):
                    units.add(word[i:j])
    return units


def learn_lexicon(
    names: Iterable[tuple[Sequence[str], Sequence[str]]],
    *,
    min_count: int = 2,
    min_dice: float = 0.4,
    max_len: int = 4,
) -> list[LexiconEntry]:
    """Learn Korean morpheme -> English stem pairs from names given in both languages.

    Each name is one unit of evidence: the set of 2..``max_len``-syllable
    substrings of its Korean forms against the set of stems of its English
    words. A pair is kept when it occurs in at least ``min_count`` different
    names with a Dice association of at least ``min_dice`` and no longer
    Korean unit holding it explains the same names.

    >>> names = [(["불교 철학"], ["Buddhist philosophy"]), (["인도 철학"], ["Indian philosophy"]),
    ...          (["불교 미술"], ["Buddhist art"]), (["인도 미술"], ["Indian art"])]
    >>> {e.korean: e.stems for e in learn_lexicon(names)}["철학"]
    ('philos',)
    """
    from ko_en_align.entities.translit import loanword_similarity, native_similarity

    def sound_similarity(korean: str, english: str) -> float:
        # by sound alone: the gazetteer's translations (은행 ↔ bank) are no transcriptions
        return max(loanword_similarity(korean, english), native_similarity(korean, english))

    if min_count < 2:
        msg = f"min_count must be >= 2 so that no single name is copied, got {min_count}"
        raise ValueError(msg)
    n_k: Counter[str] = Counter()
    n_e: Counter[str] = Counter()
    n_ke: Counter[tuple[str, str]] = Counter()
    spelled: dict[str, Counter[str]] = {}
    for ko_forms, en_forms in names:
        units = _ko_units(ko_forms, max_len)
        words = {w for f in en_forms[:20] for w in english_words(f)}
        stems = {stem(w) for w in words}
        for w in words:
            spelled.setdefault(stem(w), Counter())[w] += 1
        n_k.update(units)
        n_e.update(stems)
        n_ke.update((k, e) for k in units for e in stems)
    # the most names any one-syllable-longer unit shares with each English stem
    longer: Counter[tuple[str, str]] = Counter()
    for (k, e), c in n_ke.items():
        if len(k) > 2 and c >= min_count:
            for part in (k[1:], k[:-1]):
                longer[(part, e)] = max(longer[(part, e)], c)
    kept: dict[str, list[tuple[str, int, float]]] = {}
    for (k, e), c in n_ke.items():
        if c < min_count or longer[(k, e)] >= c:
            continue  # 부아 ↔ Ivoire only inside 디부아: a fragment, not a morpheme
        dice = 2 * c / (n_k[k] + n_e[e])
        if dice < min_dice:
            continue
        # a transcription (르비아 ↔ Serbia) is the transliteration route's job, and
        # its fragments would only add noise to the segmentation
        word = min(spelled[e].items(), key=lambda wc: (-wc[1], wc[0]))[0]
        if sound_similarity(k, word) >= _TRANSCRIBED:
            continue
        kept.setdefault(k, []).append((e, c, dice))
    out = []
    for k, pairs in kept.items():
        pairs.sort(key=lambda p: (-p[2], -p[1], p[0]))  # deterministic order of ties
        out.append(
            LexiconEntry(
                k,
                tuple(e for e, _, _ in pairs[:4]),
                max(c for _, c, _ in pairs),
                round(max(d for _, _, d in pairs), 3),
            )
        )
    return sorted(out, key=lambda e: e.korean)


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class _Piece:
    text: str
    stems: tuple[str, ...]  # lexicon/suffix translations; empty for a transcribed piece
    optional: float = 1.0  # weight when unmatched: how often English keeps a suffix


@lru_cache(maxsize=8192)
def segment_korean(word: str) -> tuple[tuple[_Piece, ...], ...]:
    """Readings of one Korean word as pieces: whole, stem + suffix, lexicon morphemes.

    >>> [[p.text for p in r] for r in segment_korean("보수당")][:2]
    [['보수당'], ['보수', '당']]
    """
    lex, suffixes = morpheme_lexicon(), name_suffixes()
    # a lone suffix word keeps its meaning (클린턴 성, 킹 군 ↔ King County)
    readings: list[tuple[_Piece, ...]] = [(_Piece(word, lex.get(word) or suffixes.get(word, ())),)]
    if not is_hangul_syllable(word[0]):
        return tuple(readings)
    # stem + a name suffix (서퍽 + 대학교, 야쓰시로 + 군)
    for suf, stems in suffixes.items():
        if word.endswith(suf) and len(word) > len(suf):
            head = word[: -len(suf)]
            rate = suffix_kept_rates().get(suf, 1.0)
            readings.append((*_lexicon_split(head), _Piece(suf, stems, rate)))
            break
    # morphemes all the way (국제 + 연합); unknown runs stay as transcribed pieces
    full = _lexicon_split(word)
    if len(full) > 1:
        readings.append(full)
    return tuple(dict.fromkeys(readings))


@lru_cache(maxsize=8192)
def _lexicon_split(word: str) -> tuple[_Piece, ...]:
    """Cover the word with lexicon units (longest, fewest), unknown runs kept whole."""
    lex, suffixes = morpheme_lexicon(), name_suffixes()
    n = len(word)
    # best[i] = (covered syllables, -pieces, pieces) for word[:i]
    empty: tuple[_Piece, ...] = ()
    best: list[tuple[int, int, tuple[_Piece, ...]]] = [(0, 0, empty)] + [(-1, 0, empty)] * n
    for i in range(n):
        if best[i][0] < 0:
            continue
        cov, neg, pieces = best[i]
        for j in range(i + 1, n + 1):
            unit = word[i:j]
            stems = lex.get(unit) or (suffixes.get(unit) if j == n and i > 0 else None)
            if stems:
                cand = (cov + (j - i), neg - 1, (*pieces, _Piece(unit, stems)))
            else:
                # an unknown run, merged with a preceding unknown run
                if pieces and not pieces[-1].stems and i > 0:
                    merged = (*pieces[:-1], _Piece(pieces[-1].text + unit, ()))
                    cand = (cov, neg, merged)
                else:
                    cand = (cov, neg - 1, (*pieces, _Piece(unit, ())))
            if cand[:2] > best[j][:2]:
                best[j] = cand
    return best[n][2] or (_Piece(word, ()),)


def _same_stem(a: str, b: str) -> bool:
    """Equal stems, or one a prefix of the other of at least five letters (korea/korean)."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and long_.startswith(short)


# A Korean syllable spells about two or more English letters (서울 Seoul, 부시 Bush, 뉴욕
# New York); a span with fewer than 1.5 letters a syllable is too short to be the same
# name, whatever the letters (노동운동가 ↔ "D3 Go", 하비 ↔ "H. P." in Wikidata aliases).
_LETTERS_PER_SYLLABLE = 1.5


def _piece_scores(
    piece: _Piece, words: tuple[str, ...], stems: tuple[str, ...], *, alone: bool
) -> tuple[float, dict[int, float]]:
    """Best score of one piece against the English words, and the words it covers.

    A lexicon piece is a translation, so only its translations count; a piece
    outside the lexicon is a transcription (서퍽 ↔ Suffolk) unless it is a
    lone syllable cut from a longer word, which is too short to tell.
    """
    from ko_en_align.entities.translit import transliteration_similarity

    if piece.stems:
        hits = [i for i, s in enumerate(stems) if any(_same_stem(s, t) for t in piece.stems)]
        return (1.0, dict.fromkeys(hits, 1.0)) if hits else (0.0, {})
    if piece.text.isdigit():
        numbers = _number_words(piece.text)
        hits = [i for i, w in enumerate(words) if w in numbers]
        return (1.0, dict.fromkeys(hits, 1.0)) if hits else (0.0, {})
    if not is_hangul_syllable(piece.text[0]):
        folded = _fold(piece.text)
        hits = [i for i, w in enumerate(words) if w == folded]
        return (1.0, dict.fromkeys(hits, 1.0)) if hits else (0.0, {})
    if len(piece.text) == 1 and not alone:
        return 0.0, {}
    best, covered = 0.0, {}
    need = _LETTERS_PER_SYLLABLE * len(piece.text)
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 3) + 1):
            span = " ".join(words[i:j])
            letters = sum(c.isalpha() for c in span)
            score = transliteration_similarity(piece.text, span) * min(1.0, letters / need)
            if score > best:
                best, covered = score, dict.fromkeys(range(i, j), score)
    return best, covered


@lru_cache(maxsize=65536)
def _translation_similarity(korean: str, english: str) -> float:
    ko_words = _korean_words(korean)
    en_words = english_words(english)
    if not ko_words or not en_words:
        return 0.0
    en_stems = tuple(stem(w) for w in en_words)
    total = 0.0
    weight = 0.0
    en_cover = [0.0] * len(en_words)
    for word in ko_words:
        # the reading that explains most of the Korean, then most of the English
        best_reading: tuple[float, float, float, list[dict[int, float]]] = (-1.0, -1.0, 1.0, [])
        for reading in segment_korean(word):
            score, size, covers = 0.0, 0.0, []
            for piece in reading:
                s, cov = _piece_scores(piece, en_words, en_stems, alone=len(reading) == 1)
                w = len(piece.text) * (1.0 if s > 0 else piece.optional)
                score += w * s
                size += w
                covers.append(cov)
            reach = sum(sum(v.values()) for v in covers)
            if (score / size, reach) > best_reading[:2]:
                best_reading = (score / size, reach, size, covers)
        total += best_reading[0] * best_reading[2]
        weight += best_reading[2]
        for cov in best_reading[3]:
            for i, s in cov.items():
                en_cover[i] = max(en_cover[i], s)
    ko_side = total / weight
    en_side = sum(en_cover) / len(en_cover)
    if ko_side <= 0 or en_side <= 0:
        return 0.0
    return 2 * ko_side * en_side / (ko_side + en_side)


@lru_cache(maxsize=8192)
def _acronyms(korean: str) -> frozenset[str]:
    """Initials of the English words a fully translated Korean name composes to.

    세계보건기구 = 세계 world + 보건 health + 기구 organization -> 'WHO'.
    """
    options: list[set[str]] = [{""}]
    for word in _korean_words(korean):
        word_options: set[str] = set()
        for reading in segment_korean(word):
            if not all(p.stems for p in reading) or len(reading) < 2 and len(options) == 1:
                continue
            initials = [""]
            for piece in reading:
                initials = [i + s[0] for i in initials for s in dict.fromkeys(piece.stems)][:64]
            word_options.update(initials)
        if not word_options:
            return frozenset()
        options = [{a + b for a in options[0] for b in word_options}]
    return frozenset(a.upper() for a in options[0] if len(a) >= 2)


_ACRONYM = re.compile(r"[A-Z]{2,8}")


def translation_similarity(korean: str, english: str) -> float:
    """How well the English renders the Korean name part by part, in [0, 1].

    The harmonic mean of the share of the Korean (in syllables) and the share
    of the English content words that the other side accounts for, each piece
    by a lexicon translation or a transliteration. An upper-case English
    acronym is also compared with the initials of the English words the Korean
    pieces translate to.

    Args:
        korean: a Korean name, e.g. ``"서퍽 대학교"``.
        english: an English name, e.g. ``"Suffolk University"``.

    >>> round(translation_similarity("불교 철학", "Buddhist philosophy"), 2)
    1.0
    """
    for name, value in (("korean", korean), ("english", english)):
        if not isinstance(value, str):
            msg = f"{name} must be str, got {type(value).__name__}"
            raise TypeError(msg)
    if not korean.strip() or not english.strip():
        return 0.0
    korean = unicodedata.normalize("NFC", korean)
    letters = english.replace(".", "").strip()
    if _ACRONYM.fullmatch(letters) and letters in _acronyms(korean):
        # an acronym of the composed English: as sure as a full match, a little less
        return 0.95
    return _translation_similarity(korean, english)
