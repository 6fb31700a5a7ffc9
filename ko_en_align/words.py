"""The content words of a Korean headline: what the summary check must find in the body.

A headline word is one of:

* ``name``: a named entity of :func:`~ko_en_align.entities.extract_entities`
  (김현종, 日, 라이트하이저, PSG), checked by the entity matcher;
* ``number``: a mention of :func:`~ko_en_align.numbers.extract_numbers`
  (2%, 500억 달러, 13세), checked by the number matcher;
* ``predicate``: a verb stem (오르 of 올랐다) or a noun used as one (철회 of
  철회했다, or any noun on a polarity axis such as 급등); those on a polarity axis (:mod:`ko_en_align.polarity`) are also
  checked for an antonym;
* ``noun``: any other content noun (미사일, 발사, 수출, 규제, 대통령).

Function words (particles, endings, bound nouns), punctuation and light nouns
that carry no claim (등, 것, 관련, 위해) are not words here. Spans index the text
passed in.

>>> [(w.text, w.kind) for w in headline_words('김현종 방미 "日 수출규제 美 중재 논의"')]
[('김현종', 'name'), ('방미', 'noun'), ('日', 'name'), ('수출', 'noun'), ('규제', 'noun'), ('美', 'name'), ('중재', 'noun'), ('논의', 'noun')]
>>> [(w.text, w.kind) for w in headline_words("코스피 2% 급등")]
[('코스피', 'name'), ('2%', 'number'), ('급등', 'predicate')]
>>> [(w.text, w.kind) for w in headline_words("롱 라틴(Long Lartin) 교도소 난동")]
[('롱 라틴', 'name'), ('교도소', 'noun'), ('난동', 'noun')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ko_en_align.polarity import Polarity, korean_polarities

if TYPE_CHECKING:
    from ko_en_align.entities import Entity
    from ko_en_align.numbers import NumberMention

__all__ = ["LATIN_GLOSS", "HeadlineWord", "WordKind", "headline_words"]

WordKind = Literal["name", "number", "noun", "predicate"]

#: Entity kinds that are names (the entity layer's other kinds are numbers/dates).
_NAME_KINDS = frozenset({"person", "place", "country", "organization", "other"})

#: Nouns that carry no claim of their own in a headline: light or relational
#: nouns that translate to function words (등 "and others", 관련 "related",
#: 위해 "for", 대해 "about") or to nothing; written from Korean grammar's bound and
#: formal nouns (의존명사, 형식명사: 수, 줄, 데, 바, 뿐, 적, 듯, 채, 탓, 터) and common
#: relational and reflexive nouns (말, 초, 동안, 사이, 다음, 자신), not fitted to any data
#: set. Bound nouns that Kiwi tags NNB (수 in 할 수 있다, 말 in 3월 말) are skipped anyway;
#: in other contexts it tags the same words NNG (수 "number" in 사망자 수, the death toll;
#: 말 "remarks" in 그의 말에 따르면, according to him), and translators drop or rephrase
#: them. On the summary-check development set they were among the commonest true nouns
#: without evidence (말 23 times, 수 6).
LIGHT_NOUNS = frozenset(
    "것 등 때 중 간 속 측 내 외 후 전 이후 이전 관련 위해 대해 통해 따라 대한 경우 가운데 "
    "이상 이하 미만 정도 여부 이번 당시 현재 오늘 최근 올해 지난해 지난 이날 앞 뒤 뒤쪽 "
    "가능 필요 문제 상황 관계 방안 계획 입장 예정 결과 이유 모습 사실 가능성 "
    "수 줄 데 바 뿐 적 듯 채 탓 터 말 초 동안 사이 다음 무렵 즈음 이래 자신 자기 서로 곳 편".split()
)

#: Kiwi tags of content morphemes: common/proper nouns, roots, verbs, adjectives,
#: foreign words and Hanja.
_CONTENT_TAGS = frozenset({"NNG", "NNP", "XR", "VV", "VA", "SL", "SH"})

#: Light verbs and auxiliaries that carry no claim (하다, 되다, 있다, 없다, 이다 ...),
#: and the verbs of Korean's compound postpositions (-을 위한, -에 대한, -을 통해,
#: -에 따라, -에 관한, -에 의한, -로 인한), which translate to "for", "about",
#: "through", "according to", "by", "due to": the verb forms of the relational
#: nouns of :data:`LIGHT_NOUNS` (위해, 대해, 통해, 따라), from Korean grammar, not
#: fitted: they are grammar, so a headline is not "unsupported" for them (on the
#: summary-check development set, half B, they were 151 of the predicates of true
#: items, 7 of them left without evidence).
_LIGHT_VERBS = frozenset(
    "하 되 있 없 이 아니 않 같 보 주 받 시키 만들 나오 위하 대하 통하 따르 관하 의하 인하".split()
)


@dataclass(frozen=True)
class HeadlineWord:
    """One content word of a headline.

    Attributes:
        text: the word as written (``headline[start:end]``).
        start: offset in the text passed to :func:`headline_words`; ``end``: one past.
        kind: ``name``, ``number``, ``noun`` or ``predicate``.
        entity: the entity-layer mention for names, else None.
        number: the number-layer mention for numbers, else None.
        polarity: the polarity axes of a predicate (empty for most words).
        lemma: Kiwi's lemma of a noun or predicate (오르 for the surface 올 of 올랐다),
            the key of :mod:`ko_en_align.lexicon`; empty for names and numbers.
    """

    text: str
    start: int
    end: int
    kind: WordKind
    entity: Entity | None = None
    number: NumberMention | None = None
    polarity: tuple[Polarity, ...] = ()
    lemma: str = ""


#: A Latin gloss after a Hangul name, ``캐버노(Kavanaugh)``: group 1 is the Latin text.
LATIN_GLOSS = re.compile(r"\s*\(([A-Za-z][A-Za-z .'&-]*)\)")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def headline_words(text: str) -> tuple[HeadlineWord, ...]:
    """Content words of a Korean headline, in text order (see the module docstring).

    Args:
        text: a Korean headline or claim (already normalised, as the checker does).

    >>> [w.text for w in headline_words("北 미사일 발사")]
    ['北', '미사일', '발사']
    >>> [(w.text, w.polarity[0].axis) for w in headline_words("PSG 승리") if w.polarity]
    [('승리', 'win')]
    """
    from ko_en_align.entities import extract_entities
    from ko_en_align.entities.extract import get_kiwi
    from ko_en_align.numbers import extract_numbers

    words: list[HeadlineWord] = []
    taken: list[tuple[int, int]] = []
    entities = [e for e in extract_entities(text) if e.kind in _NAME_KINDS]
    # a Latin gloss names the Hangul words before it (롱 라틴(Long Lartin), 캐버노(Kavanaugh)):
    # one name, checked with its gloss; the gloss is not a word of its own
    for g in LATIN_GLOSS.finditer(text):
        n = len(g.group(1).split())
        picked: list[re.Match[str]] = []
        for hw in reversed(list(_HANGUL_WORD.finditer(text[: g.start()]))):
            gap = text[hw.end() : picked[-1].start() if picked else g.start()]
            if len(picked) == n or gap.strip():
                break
            picked.append(hw)
        if not picked:
            continue
        start, end = picked[-1].start(), picked[0].end()
        ent = next((e for e in entities if e.start == start and e.end == end), None)
        words.append(HeadlineWord(text[start:end], start, end, "name", entity=ent))
        taken += [(start, end), (g.start(1), g.end(1))]
    for m in extract_numbers(text, lang="ko"):
        words.append(HeadlineWord(text[m.start : m.end], m.start, m.end, "number", number=m))
        taken.append((m.start, m.end))
    for e in entities:
        if _overlaps((e.start, e.end), taken):
            continue
        words.append(HeadlineWord(text[e.start : e.end], e.start, e.end, "name", entity=e))
        taken.append((e.start, e.end))
    tokens: list[Any] = get_kiwi().tokenize(text)
    for k, tok in enumerate(tokens):
        span = (tok.start, tok.start + tok.len)
        if tok.tag not in _CONTENT_TAGS or _overlaps(span, taken):
            continue
        form = tok.form
        surface = text[span[0] : span[1]]
        if tok.tag in ("VV", "VA"):
            if form in _LIGHT_VERBS:
                continue
            kind: WordKind = "predicate"
        elif form in LIGHT_NOUNS or (tok.tag in ("SL", "SH") and len(form) < 2):
            continue
        else:
            nxt = tokens[k + 1].tag if k + 1 < len(tokens) else ""
            # a verbal noun: followed by 하다/되다 or on a polarity axis (a bare
            # headline noun such as 발사 stays a noun: both are checked alike)
            verbal = nxt in ("XSV", "XSA") or bool(korean_polarities(form))
            kind = "predicate" if verbal else "noun"
        # one-syllable nouns (승, 패) count only as Kiwi's own nouns, never cut from a word
        pol = korean_polarities(form)
        # the surface is what the headline shows (the stem of 올랐다 is 오르, its surface 올)
        words.append(HeadlineWord(surface, *span, kind, polarity=pol, lemma=form))
    return tuple(sorted(words, key=lambda w: (w.start, w.end)))
