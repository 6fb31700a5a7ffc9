"""Match the entities of a Korean headline to their mentions in an English body.

>>> from ko_en_align.entities import match_entities
>>> [m.en_text for m in match_entities("김현종 방미", "Kim Hyun-chong arrived in Washington.")]
['Kim Hyun-chong']
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from ko_en_align.entities.extract import Entity, extract_entities
from ko_en_align.entities.gazetteer import lookup
from ko_en_align.entities.romanize import is_hangul_syllable, split_name
from ko_en_align.entities.translate import morpheme_lexicon, translation_similarity
from ko_en_align.entities.translit import (
    demonym_similarity,
    has_korean,
    looks_like_korean_name,
    plausible_given_name,
    transliteration_similarity,
)

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_THRESHOLD",
    "EnglishSpan",
    "LATIN_GLOSS",
    "EntityMatch",
    "english_candidates",
    "entity_similarity",
    "latin_gloss",
    "match_entities",
]

#: Score at or above which an entity counts as matched. Same-name pairs score
#: 0.85–1.0; different names of the same kind mostly stay below 0.7.
DEFAULT_THRESHOLD = 0.75


@dataclass(frozen=True)
class EnglishSpan:
    """A candidate English mention: ``sentence[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class EntityMatch:
    """The best English mention of one Korean entity (or none).

    Attributes:
        entity: the Korean entity.
        en_text: the English mention, or None when nothing scored above zero.
        sentence_index: index of the English sentence holding it.
        start: character offset of the mention within that sentence.
        end: one past its last character.
        score: similarity in [0, 1].
        matched: ``score >= threshold``.
    """

    entity: Entity
    en_text: str | None
    sentence_index: int | None
    start: int | None
    end: int | None
    score: float
    matched: bool

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict (the entity nested), JSON-ready."""
        return asdict(self)

    def _repr_html_(self) -> str:
        target = (
            f"<b>{html.escape(self.en_text)}</b> (sentence {self.sentence_index})"
            if self.en_text is not None
            else "<i>no mention</i>"
        )
        mark = "✓" if self.matched else "✗"
        return f"{mark} {html.escape(self.entity.text)} → {target} <small>{self.score:.2f}</small>"


# --------------------------------------------------------------------------- candidates

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., U.N.
    r"|[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ]*(?:[-’'][A-Za-zÀ-ÖØ-öø-ÿ]+)*"  # Kim, Hyun-chong, O'Brien, López
    r"|\$?\d[\d,]*(?:\.\d+)?(?:%|\s(?:thousand|million|billion|trillion)\b)?"  # $3.5 billion
    r"|[a-zß-öø-ÿ]+(?:[-’'][a-zß-öø-ÿ]+)*"  # lower-case words (connectors)
)
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORDS.update(
    {
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "dozen": 12,
    }
)
_CONNECTORS = frozenset(
    {
        "of",
        "and",
        "for",
        "the",
        "on",
        "de",
        "van",
        "von",
        "al",
        "bin",
        "du",
        "da",
        "del",
        "la",
        "le",
    }
)
_MAX_SPAN_TOKENS = 4


def _strip_possessive(text: str, end: int) -> tuple[str, int]:
    m = re.search(r"['’]s?$", text)
    if m and (text.endswith(("'s", "’s")) or text.endswith(("s'", "s’"))):
        return text[: m.start()], end - (len(text) - m.start())
    return text, end


@lru_cache(maxsize=4096)
def _candidates(sentence: str) -> tuple[EnglishSpan, ...]:
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    out: list[EnglishSpan] = []
    runs: list[list[tuple[str, int, int]]] = []
    run: list[tuple[str, int, int]] = []
    for tok, s, e in tokens:
        capital = tok[0].isupper()
        if tok[0] in "$0123456789" or tok.lower() in _NUMBER_WORDS:
            text, e2 = tok.rstrip(",."), s + len(tok.rstrip(",."))
            out.append(EnglishSpan(text, s, e2))
            if run:
                runs.append(run)
            run = []
            continue
        gap = sentence[run[-1][2] : s] if run else ""
        joined = run and gap in (" ", "-") and not run[-1][0].endswith(("'s", "’s"))
        if capital and (joined or not run):
            run.append((tok, s, e))
        elif capital:
            runs.append(run)
            run = [(tok, s, e)]
        elif tok in _CONNECTORS and run and gap == " ":
            run.append((tok, s, e))
        else:
            if run:
                runs.append(run)
            run = []
    if run:
        runs.append(run)
    for r in runs:
        while r and r[-1][0] in _CONNECTORS:
            r = r[:-1]
        for i in range(len(r)):
            if r[i][0] in _CONNECTORS:
                continue
            for j in range(i + 1, min(len(r), i + _MAX_SPAN_TOKENS) + 1):
                if r[j - 1][0] in _CONNECTORS:
                    continue
                s, e = r[i][1], r[j - 1][2]
                text, e = _strip_possessive(sentence[s:e], e)
                if text:
                    out.append(EnglishSpan(text, s, e))
    return tuple(dict.fromkeys(out))


def english_candidates(sentence: str) -> tuple[EnglishSpan, ...]:
    """Spans of an English sentence that could name an entity, with offsets.

    Every run of capitalised words (``South Korean President Moon Jae-in``) and
    each of its sub-spans of up to four words, acronyms (``U.S.``, ``WTO``) and
    numbers; possessive ``'s`` is left out of the span.

    >>> [c.text for c in english_candidates("Tokyo's curbs hit Seoul.")]
    ['Tokyo', 'Seoul']
    """
    if not isinstance(sentence, str):
        msg = f"sentence must be str, got {type(sentence).__name__}"
        raise TypeError(msg)
    return _candidates(sentence)


#: A Latin gloss written right after a Hangul name in Korean text: 우스터셔(Worcestershire),
#: 블롬앤보스(Blohm & Voss). Group 1 is the gloss.
LATIN_GLOSS = re.compile(r"\s*\(([A-Za-z][A-Za-z0-9 .'’&-]*)\)")
_LATIN = re.compile(r"[A-Za-z]")


def latin_gloss(text: str, entity: Entity) -> str | None:
    """The Latin gloss right after an entity of ``text``, or None.

    >>> from ko_en_align.entities import extract_entities
    >>> text = "우스터셔(Worcestershire)에 있는 교도소"
    >>> latin_gloss(text, extract_entities(text)[0])
    'Worcestershire'
    """
    m = LATIN_GLOSS.match(text, entity.end)
    if m is None or not has_korean(entity.text):
        return None
    return m.group(1).strip()


def _literal_spans(latin: str, sentence: str) -> list[EnglishSpan]:
    """Occurrences of Latin text as written, in any case, not inside a longer word.

    A hyphenated compound counts (PNG in PNG-registered); a possessive stays
    inside the span (Syracuse University's Maxwell School).
    """
    pattern = r"(?<![A-Za-z0-9])" + re.escape(latin.strip()) + r"(?![A-Za-z0-9])"
    return [
        EnglishSpan(m.group(), m.start(), m.end())
        for m in re.finditer(pattern, sentence, flags=re.IGNORECASE)
    ]


def _alias_spans(entity: Entity, sentence: str) -> list[EnglishSpan]:
    """Occurrences of the entity's curated English aliases, in any case (ruling party)."""
    entry = lookup(entity.text)
    if entry is None:
        return []
    out = []
    for alias in entry.aliases:
        pattern = r"(?<![\w.])" + re.escape(alias) + r"(?![\w])"
        for m in re.finditer(pattern, sentence, flags=re.IGNORECASE):
            out.append(EnglishSpan(m.group(), m.start(), m.end()))
    return out


# --------------------------------------------------------------------------- scoring

_EN_NUMBER = re.compile(r"\$?(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion)?", re.I)
_EN_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def _en_number(text: str) -> float | None:
    if text.lower() in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text.lower()])
    m = _EN_NUMBER.search(text)
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    if m.group(2):
        value *= _EN_SCALE[m.group(2).lower()]
    return value


#: The people of a country: 마케도니아인, 마케도니아인들 ↔ Macedonians.
_PEOPLE_SUFFIXES = ("인들", "인")


_DEMONYM_END = re.compile(r"(?:an|ese|ish|i)s?$")


def _people_similarity(compact: str, en: str) -> float:
    """A country's people and its English demonym (마케도니아인들 ↔ Macedonians)."""
    for suffix in _PEOPLE_SUFFIXES:
        if compact.endswith(suffix) and len(compact) > len(suffix) + 1:
            head = compact[: -len(suffix)]
            if not _DEMONYM_END.search(en):
                return 0.0
            # a country in the gazetteer, or one transcribed: 마케도니아 ↔ Macedonian(s)
            singular = en[:-1] if en.endswith("s") else en
            sound = 0.95 * transliteration_similarity(head, singular)
            return max(demonym_similarity(head, en), sound)
    return 0.0


def _name_similarity(ko: str, en: str, *, person: bool) -> float:
    """Transliteration, or a part-by-part translation (보수당 ↔ Conservative Party)."""
    score = transliteration_similarity(ko, en)
    if score >= 1.0 or person:
        return score
    if not has_korean(ko):
        ko, en = en, ko
    compact = "".join(ko.split())
    score = max(score, _people_similarity(compact, en))
    if (
        compact not in morpheme_lexicon()  # 소련 ↔ Soviet: a learnt translation, no 소 + 련
        and looks_like_korean_name(compact)
        and len(split_name(compact)[1]) <= 2  # 국제연맹 is no 국 + 제연맹
        and plausible_given_name(compact)
        and len(en.split()) <= 3
    ):
        # a Korean personal name is romanised, never translated: the translation route
        # would let 김 ↔ Kim plus a loose given name outvote a transliteration mismatch
        return score
    return max(score, translation_similarity(ko, en))


def entity_similarity(entity: Entity | str, en_span: str) -> float:
    """Similarity in [0, 1] of a Korean entity (or Korean text) and an English span.

    Numbers compare by value (``3억`` ↔ ``300 million``); names go through
    :func:`transliteration_similarity` and, unless they are personal names,
    :func:`~ko_en_align.entities.translate.translation_similarity` (names
    translated part by part); the better of the two counts.

    >>> entity_similarity("라이트하이저", "Lighthizer") > 0.75
    True
    >>> entity_similarity("보수당", "Conservative Party") > 0.75
    True
    """
    if isinstance(entity, Entity):
        if entity.kind == "number":
            try:
                ko_value = float(entity.normalized)
            except ValueError:
                return 0.0
            en_value = _en_number(en_span)
            return 1.0 if en_value is not None and abs(en_value - ko_value) < 1e-6 else 0.0
        score = _name_similarity(entity.text, en_span, person=entity.kind == "person")
        words = entity.text.split()
        if (
            entity.kind in ("person", "other")
            and len(words) >= 2
            and len(en_span.split()) == 1
            and all(is_hangul_syllable(c) for w in words for c in w)
        ):
            # a foreign full name in the headline, the surname alone in the body
            # (제바스티안 페텔 ↔ Vettel): the last word, a little less sure
            score = max(score, 0.95 * transliteration_similarity(words[-1], en_span))
        return score
    if not isinstance(entity, str):
        msg = f"entity must be Entity or str, got {type(entity).__name__}"
        raise TypeError(msg)
    if not isinstance(en_span, str):
        msg = f"en_span must be str, got {type(en_span).__name__}"
        raise TypeError(msg)
    return _name_similarity(entity, en_span, person=False)


def _split_sentences(text: str) -> list[str]:
    try:
        from ko_en_align.segment import split_sentences
    except ImportError:
        pass
    else:
        try:
            return [str(s) for s in split_sentences(text)]
        except Exception:  # noqa: BLE001 - fall back to the plain splitter below
            logger.debug("ko_en_align.segment.split_sentences failed; using regex split")
    parts = re.split(r"(?<=[.!?])\s+(?=[\"'“A-Z0-9])|\n+", text)
    return [p for p in parts if p.strip()]


def match_entities(
    headline: str,
    sentences: Sequence[str] | str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[EntityMatch, ...]:
    """For each entity of a Korean headline, find its best English mention in the body.

    Unmatched entities are listed too (``matched=False``), never dropped.

    Args:
        headline: Korean text; its entities are found with :func:`extract_entities`.
        sentences: the English body, as a list of sentences or one string
            (then split into sentences).
        threshold: score at or above which a match counts (default 0.75).

    Returns:
        One :class:`EntityMatch` per entity, in headline order.

    >>> ms = match_entities('김현종 방미 "日 수출규제"', ["Kim Hyun-chong flew in.", "Japan said no."])
    >>> [(m.entity.text, m.en_text, m.sentence_index) for m in ms]
    [('김현종', 'Kim Hyun-chong', 0), ('日', 'Japan', 1)]
    """
    if isinstance(sentences, str):
        if not sentences.strip():
            msg = "sentences is empty; expected English text such as 'Kim Hyun-chong arrived.'"
            raise ValueError(msg)
        sentence_list = _split_sentences(sentences)
    elif isinstance(sentences, Sequence):
        sentence_list = list(sentences)
        for i, s in enumerate(sentence_list):
            if not isinstance(s, str):
                msg = f"sentences[{i}] must be str, got {type(s).__name__}"
                raise TypeError(msg)
    else:
        msg = f"sentences must be a str or a sequence of str, got {type(sentences).__name__}"
        raise TypeError(msg)
    if not 0.0 <= threshold <= 1.0:
        msg = f"threshold must be in [0, 1], got {threshold}"
        raise ValueError(msg)
    entities = extract_entities(headline)
    candidates = [english_candidates(s) for s in sentence_list]
    results = []
    for ent in entities:
        best: tuple[float, int, EnglishSpan] | None = None
        # Latin text is looked up as written (Blohm & Voss, PNG in PNG-registered); a
        # Hangul name with a Latin gloss (우스터셔(Worcestershire)) is also its gloss
        gloss = latin_gloss(headline, ent) if ent.kind != "number" else None
        literal = None
        if ent.kind != "number" and _LATIN.search(ent.text) and not has_korean(ent.text):
            literal = ent.text
        for idx, sentence in enumerate(sentence_list):
            spans = candidates[idx]
            exact: list[EnglishSpan] = []
            for latin in (literal, gloss):
                if latin:
                    exact += _literal_spans(latin, sentence)
            if exact:
                best = (1.0, idx, exact[0])
                break
            if ent.kind != "number":
                spans = (*_alias_spans(ent, sentence), *spans)
            for span in spans:
                if ent.kind == "number" and _en_number(span.text) is None:
                    continue
                score = entity_similarity(ent, span.text)
                if best is None or score > best[0]:
                    best = (score, idx, span)
                    if score >= 1.0:
                        break
            if best is not None and best[0] >= 1.0:
                break
        if best is None or best[0] <= 0.0:
            results.append(EntityMatch(ent, None, None, None, None, 0.0, False))
        else:
            score, idx, span = best
            results.append(
                EntityMatch(
                    ent,
                    span.text,
                    idx,
                    span.start,
                    span.end,
                    round(float(score), 6),
                    score >= threshold,
                )
            )
    return tuple(results)
