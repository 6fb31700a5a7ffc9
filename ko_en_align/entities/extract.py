"""Find people, places, countries, organisations and numbers in Korean text.

Built on the Kiwi morphological analyser (kiwipiepy), which tags proper nouns
and tells them from common nouns in context (대전 NNP = Daejeon, NNG in 세계 대전 =
world war). Its misses are fixed by rules: a surname followed by a given name that
Kiwi split (김희 + 상) or does not know (유명희) is still a person when a job title
follows it (장관, 양자경제외교국장) or when it is the whole query; a user dictionary
(``data/kiwi_user_words.tsv``) can add words. Particles are stripped (김현종은 →
김현종) and offsets always point into the original text.

Not names: words Kiwi reads on their own as dictionary common nouns (도둑들 =
thieves, 지지 = support, 정상회담 = summit), a short list of institutional common
nouns (``data/common_nouns.txt``: 검찰, 경찰, …) and of common-noun acronyms
(``data/generic_acronyms.txt``: TV, SNS, CEO). A one-syllable country abbreviation
in Hangul (미, 중, 일, 불, 한) counts only in context — chained (한중, 북·미), tagged
NNP by Kiwi (미 국무부) or before a title (불 대통령) — so 중 of 진행 중 is not China;
Hanja abbreviations (日, 美) always count. A name is never cut out of a longer word
(불 of 불투명, 핑크 of 블랙핑크, 인도 of 인도적 = humanitarian); an adjectival noun in 적
(정신적) and a noun after a demonstrative (이 영지 = this estate) are not names. Nor is
a foreign name cut: 디모인 is not 디모 + the copula 인, the Hangul words before a Latin
gloss of as many words are one name (라이언 진케(Ryan Zinke)), and a one-syllable
surname after a transcribed name ends it (버너스 리). A Latin-script name inside
Korean text is one entity, connectors included (``Newport on the Levee``), and a
lower-case English word never is one. Hangul nouns Kiwi does not know (라이트하이저) are read as foreign names.
Input is NFC-normalised first (decomposed Hangul reads the same).

Measured on real news in ``benchmarks/entity_extraction.py`` (KLUE NER, NTREX-128).
"""

from __future__ import annotations

import html
import logging
import re
import threading
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Literal

from ko_en_align.entities.gazetteer import (
    _read_lines,
    compound_surnames,
    given_name_syllables,
    hangul_abbreviations,
    lookup,
    split_hangul_abbreviation,
    surname_spellings,
    titles,
)
from ko_en_align.entities.romanize import is_hangul_syllable, romanize, split_name
from ko_en_align.entities.translit import looks_like_korean_name

logger = logging.getLogger(__name__)

__all__ = ["Entity", "EntityKind", "extract_entities", "get_kiwi"]

EntityKind = Literal["person", "place", "country", "organization", "number", "other"]

_NOUN_TAGS = frozenset({"NNP", "NNG", "XSN", "XPN", "NNB", "NR", "SN", "SH", "SL"})
_ORG_SUFFIXES = (
    "위원회",
    "부",
    "청",
    "처",
    "당",
    "은행",
    "공사",
    "기구",
    "협회",
    "연합",
    "재단",
    "대학교",
    "법원",
    "의회",
    "본부",
    "그룹",
    "전자",
    "통신",
)
_NUMBER_UNITS = {"만": 10**4, "억": 10**8, "조": 10**12, "천": 10**3, "백": 10**2}


@dataclass(frozen=True)
class Entity:
    """A named entity or number found in Korean text.

    Attributes:
        text: the surface form with particles stripped; ``text == source[start:end]``.
        start: character offset of the first character in the original text.
        end: character offset one past the last character.
        kind: ``'person'``, ``'place'``, ``'country'``, ``'organization'``,
            ``'number'`` or ``'other'``.
        normalized: an English-facing form: ``'Japan'`` for 日, the romanised
            name for a person (``'Kim Hyun-jong'``), the value for a number.
    """

    text: str
    start: int
    end: int
    kind: EntityKind
    normalized: str

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict (JSON-ready)."""
        return asdict(self)

    def _repr_html_(self) -> str:
        return (
            f"<span title='{self.kind}'><b>{html.escape(self.text)}</b> "
            f"<small>[{self.kind}: {html.escape(self.normalized)}]</small></span>"
        )


_KIWI: Any = None
_KIWI_LOCK = threading.Lock()


def get_kiwi() -> Any:
    """The shared Kiwi analyser with the package's user dictionary (created on first use)."""
    global _KIWI
    if _KIWI is None:
        with _KIWI_LOCK:
            if _KIWI is None:
                try:
                    from kiwipiepy import Kiwi
                except ImportError as exc:  # pragma: no cover - kiwipiepy is a dependency
                    msg = "entity extraction needs kiwipiepy: `pip install kiwipiepy`"
                    raise ImportError(msg) from exc
                # The multi-word dictionary (WikiData phrases) costs ~2 s and ~190 MB at
                # load and changed no benchmark number (summary_check, entity_accuracy).
                kiwi = Kiwi(load_multi_dict=False)
                for row in _read_lines("kiwi_user_words.tsv"):
                    kiwi.add_user_word(row[0], row[1] if len(row) > 1 else "NNP", 0.0)
                logger.debug("Kiwi loaded")
                _KIWI = kiwi
    return _KIWI


def _number_value(text: str) -> str:
    """'3억' -> '300000000', '1,200' -> '1200', '2.5조' -> '2500000000000'."""
    m = re.match(r"([\d,]+(?:\.\d+)?)", text)
    if not m:
        return text
    value = float(m.group(1).replace(",", ""))
    for unit, mult in _NUMBER_UNITS.items():
        if unit in text[m.end() :]:
            value *= mult
            break
    return str(int(value)) if value == int(value) else str(value)


def plausible_korean_name(word: str) -> bool:
    """A surname followed by common given-name syllables (김현종 yes; 오바마, 남북한 no)."""
    if not looks_like_korean_name(word):
        return False
    if len(word) == 4 and word[:2] not in compound_surnames():
        # A four-syllable Korean name needs a two-syllable surname (남궁, 황보): of the 18
        # four-syllable KLUE PS spans that start with a one-syllable surname none is a
        # Korean name (후진타오, 원더걸스, 도밍게스), and all 108 Assembly members have 2-3.
        return False
    _, given = split_name(word)
    return all(syl in given_name_syllables() for syl in given)


@lru_cache(maxsize=1)
def common_nouns() -> frozenset[str]:
    """Frequent common nouns that name no one (검찰 = prosecutors), from ``data/common_nouns.txt``."""
    return frozenset(row[0] for row in _read_lines("common_nouns.txt"))


_OOV_IDS = frozenset({2, 3})  # Kiwi's morpheme ids for words outside its dictionary (NNG, NNP)
_COMMON_TAGS = frozenset({"NNG", "XSN", "XPN", "NNB", "NR"})


@lru_cache(maxsize=8192)
def is_common_noun(word: str) -> bool:
    """Kiwi reads ``word`` on its own as dictionary common nouns (도둑 + 들), with no proper noun.

    >>> is_common_noun("도둑들"), is_common_noun("리버풀"), is_common_noun("라이트하이저")
    (True, False, False)
    """
    if not all(is_hangul_syllable(c) for c in word):
        return False
    toks, _ = get_kiwi().analyze(word, top_n=1)[0]
    return bool(toks) and all(t.tag in _COMMON_TAGS and t.id not in _OOV_IDS for t in toks)


@lru_cache(maxsize=8192)
def _one_proper_noun(word: str) -> bool:
    """Kiwi reads ``word`` on its own as one proper noun (셀틱, split as 셀 + 틱 in context)."""
    toks, _ = get_kiwi().analyze(word, top_n=1)[0]
    return len(toks) == 1 and toks[0].tag == "NNP" and toks[0].len == len(word)


def _oov_noun(tok: Any) -> bool:
    """A Hangul noun of 2+ syllables Kiwi does not know: mostly a transliterated name (라이트하이저)."""
    return (
        tok.tag in ("NNG", "NNP")
        and tok.id in _OOV_IDS
        and tok.len >= 2
        and all(is_hangul_syllable(c) for c in tok.form)
    )


def _kind_of_run(
    run: str,
    has_nnp: bool,
    split_by_kiwi: bool,
    whole_query: bool,
    title_follows: bool,
    *,
    one_name_token: bool = False,
) -> EntityKind | None:
    if run in common_nouns():
        return None
    entry = lookup(run)
    if entry is not None:
        return entry.kind  # type: ignore[return-value]
    # Without a title, a name-shaped word is a person only when Kiwi reads it as one proper
    # noun: compounds of known words that happen to start with a surname (금강 + 송 =
    # a pine, 연평 + 해전 = a battle, 동명 + 이인; KLUE tune half) are not people.
    if plausible_korean_name(run) and (
        one_name_token and len(run) >= 3 or whole_query and not is_common_noun(run)
    ):
        return "person"
    if (
        looks_like_korean_name(run)
        and title_follows
        and (split_by_kiwi and len(run) == 3 or has_nnp)
    ):
        return "person"
    if len(run) == 1 and run in surname_spellings() and title_follows and has_nnp:
        # 박 외상 = Foreign Minister Park; Kiwi tags such a surname NNP, and a syllable it
        # tags otherwise is a prefix or a common noun (노교수 = old professor, 22년간).
        return "person"
    if len(run) >= 2 and is_common_noun(run):
        return None  # 검찰 (prosecutors), 도둑들 (thieves), 대성당: not names
    if len(run) >= 3 and run.endswith(_ORG_SUFFIXES) and not run.endswith(tuple(titles())):
        if has_nnp or len(run) >= 4:
            return "organization"
    if has_nnp:
        return "person" if title_follows else "other"
    return None


def extract_entities(korean_text: str) -> tuple[Entity, ...]:
    """Find the named entities and numbers of a Korean headline or sentence.

    Args:
        korean_text: Korean text such as a news headline.

    Returns:
        Entities in text order, particles stripped, with offsets into ``korean_text``.

    Raises:
        TypeError: if ``korean_text`` is not a str.
        ValueError: if it is empty or only whitespace.

    >>> [(e.text, e.kind, e.normalized) for e in extract_entities('김현종 방미 "日 수출규제 美 중재 논의"')]
    [('김현종', 'person', 'Kim Hyeon-jong'), ('日', 'country', 'Japan'), ('美', 'country', 'United States')]
    """
    if korean_text is None or not isinstance(korean_text, str):
        msg = f"korean_text must be str, got {type(korean_text).__name__}"
        raise TypeError(msg)
    if not korean_text.strip():
        msg = "korean_text is empty; expected Korean text such as '김현종 방미'"
        raise ValueError(msg)
    from ko_en_align.text import normalize_with_offsets

    norm = normalize_with_offsets(korean_text, field="korean_text")
    if norm.text == korean_text:
        return _extract(korean_text)
    out = []
    for ent in _extract(norm.text):  # NFC (decomposed Hangul, full-width, ...): offsets back
        start, end = norm.to_original(ent.start, ent.end)
        out.append(Entity(korean_text[start:end], start, end, ent.kind, ent.normalized))
    return tuple(out)


@dataclass(frozen=True)
class _Token:
    """A Kiwi token rebuilt by a rule (same fields as ``kiwipiepy.Token`` that are read here)."""

    form: str
    tag: str
    start: int
    len: int
    id: int


#: How much less likely (natural log, Kiwi's own scores) the one-word reading of a
#: word may be than Kiwi's best split and still be taken: 1.0 = e times. The gap of the
#: unknown names Kiwi cuts before a copula (디모인 0.2, 데스모인 0.3; NTREX dev) against
#: that of a known noun with a real copula (트럼프인 2.0, 감독인 8.7).
_WHOLE_WORD_MARGIN = 1.0


def _rejoin_split_names(text: str, tokens: list[Any]) -> list[Any]:
    """Undo Kiwi's cut of an unknown name before a copula: 데스모인 is not 데스모 + 이 + ㄴ.

    Kiwi reads the last syllable 인 of a word it does not know as the copula 이 + ㄴ
    ("which is"), cutting 데스모인 (Des Moines) to 데스모. The whole word is taken
    back as one unknown noun when Kiwi's own analysis of the word alone rates the
    one-noun reading within :data:`_WHOLE_WORD_MARGIN` of the split.
    """
    out: list[Any] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            i + 2 < len(tokens)
            and _oov_noun(tok)
            and (tokens[i + 1].form, tokens[i + 1].tag) == ("이", "VCP")
            and tokens[i + 2].tag == "ETM"
            and tokens[i + 2].start == tokens[i + 1].start == tok.start + tok.len
        ):
            end = tokens[i + 2].start + tokens[i + 2].len
            word = text[tok.start : end]
            own_word = (tok.start == 0 or not text[tok.start - 1].isalnum()) and (
                end == len(text) or not text[end].isalnum()
            )
            if own_word and all(is_hangul_syllable(c) for c in word) and _one_noun(word):
                out.append(_Token(word, "NNP", tok.start, end - tok.start, 3))
                i += 3
                continue
        out.append(tok)
        i += 1
    return out


@lru_cache(maxsize=4096)
def _one_noun(word: str) -> bool:
    """Kiwi reads ``word`` alone as one noun nearly as readily as its best analysis."""
    results = get_kiwi().analyze(word, top_n=4)
    best = results[0][1]
    return any(
        len(toks) == 1
        and toks[0].tag in ("NNG", "NNP")
        and toks[0].len == len(word)
        and best - score <= _WHOLE_WORD_MARGIN
        for toks, score in results
    )


#: Determiners that pick out one thing of a kind (이 영지 = this estate, 해당 국가 = the
#: country in question): the noun after them is a common noun, not a name. Korean
#: grammar; all of them are tagged MM by Kiwi.
_DETERMINERS = frozenset(
    {"이", "그", "저", "해당", "각", "모든", "어느", "어떤", "무슨", "이런", "그런", "저런", "여러"}
)


def _after_determiner(text: str, prev: Any | None, run: list[Any]) -> bool:
    return (
        prev is not None
        and prev.tag == "MM"
        and prev.form in _DETERMINERS
        and text[prev.start + prev.len : run[0].start] == " "
    )


def _extract(korean_text: str) -> tuple[Entity, ...]:
    tokens = _rejoin_split_names(korean_text, get_kiwi().tokenize(korean_text))
    previous = {tok.start: tokens[k - 1] for k, tok in enumerate(tokens) if k}
    # Group the tokens into runs of adjacent noun-like morphemes.
    runs: list[list[Any]] = []
    current: list[Any] = []
    for tok in tokens:
        if tok.tag not in _NOUN_TAGS:
            if current:
                runs.append(current)
            current = []
            continue
        adjacent = bool(current) and tok.start == current[-1].start + current[-1].len
        if adjacent and _joins(_category(current[0].tag), tok.tag):
            current.append(tok)
        else:
            if current:
                runs.append(current)
            current = [tok]
    if current:
        runs.append(current)

    stripped = korean_text.strip()
    entities: list[Entity] = []
    for idx, run in enumerate(runs):
        start, end = run[0].start, run[-1].start + run[-1].len
        surface = korean_text[start:end]
        first_tag = run[0].tag
        if first_tag == "SH":
            entities.extend(_hanja_entities(korean_text, start, end))
            continue
        if first_tag == "SL":
            span = _latin_span(korean_text, start)
            if span is None or (entities and entities[-1].end > span[0]):
                continue  # lower-case English words, or part of the name already taken
            s0, e0 = span
            name = korean_text[s0:e0]
            if not _latin_name(korean_text, s0, e0):
                continue
            kind: EntityKind = "organization" if name.isupper() and " " not in name else "other"
            if len(name) == 1:
                kind = "person"  # A씨 (see _latin_name)
            entities.append(Entity(name, s0, e0, kind, name))
            continue
        if first_tag == "SN":
            entities.append(Entity(surface, start, end, "number", _number_value(surface)))
            continue
        if (
            _after_determiner(korean_text, previous.get(start), run)
            and lookup(surface) is None
            and not (len(surface) >= 3 and plausible_korean_name(surface))
        ):
            # 이 영지 (this estate; 영지 is also a two-syllable given name); 이 김현종 and
            # 이 한국 stay names
            continue
        next_text = _run_text(korean_text, runs, idx + 1)
        gap = korean_text[end : runs[idx + 1][0].start] if idx + 1 < len(runs) else ""
        if gap.strip() not in _TITLE_GAP_WORDS:
            next_text = ""  # a title marks a name only as the next word: not 박모(54·여)씨
        if lookup(next_text) is not None:  # 젤렌스키 우크라이나 대통령: title after a country
            after = _run_text(korean_text, runs, idx + 2)
            if _starts_with_title(after):
                next_text = after
        if _heads_organisation(korean_text, runs, idx):
            next_text = ""  # 리버풀 감독 클롭: the manager is 클롭, 리버풀 is the club
        entities.extend(
            _hangul_entities(korean_text, run, next_text, whole_query=surface == stripped)
        )
    entities = _merge_foreign_names(korean_text, entities, tokens)
    return tuple(_merge_glossed_names(korean_text, entities, tokens))


#: Suffixes that may follow a name inside one word (트위터상 = on Twitter, 한국계 = of Korean
#: descent, 트럼프측, 마케도니아인들); not 성/적/화 (무결성 = integrity, not a name 무결).
_NAME_SUFFIXES = frozenset({"상", "들", "측", "계", "쪽"})

#: Words allowed between a name and its title: 윤 전 대변인 (former), 이모 씨 (anonymised
#: surname); both frequent in the KLUE news sentences (tune half).
_TITLE_GAP_WORDS = frozenset({"", "전", "前", "모"})

#: Lower-case words that may sit inside a Latin-script name (Newport on the Levee).
_LATIN_CONNECTORS = (
    "of",
    "on",
    "the",
    "and",
    "for",
    "at",
    "in",
    "de",
    "du",
    "da",
    "van",
    "von",
    "la",
    "le",
    "del",
    "der",
    "upon",
    "&",
)
_LATIN_WORD = r"(?:[A-Z][A-Za-z0-9]*(?:[.'’-][A-Za-z0-9]+)*\.?|[0-9]+[A-Za-z]+)"
_LATIN_NAME = re.compile(
    _LATIN_WORD
    + r"(?:[ ](?:(?:"
    + "|".join(re.escape(w) for w in _LATIN_CONNECTORS)
    + r")[ ])*"
    + _LATIN_WORD
    + r")*"
)


def _latin_span(text: str, pos: int) -> tuple[int, int] | None:
    """The capitalised Latin-script name around ``pos`` (whole, connectors inside), or None."""
    for m in _LATIN_NAME.finditer(text):
        if m.start() <= pos < m.end():
            end = m.end()
            while (
                end > m.start()
                and text[end - 1] == "."
                and not re.search(r"(?:^|[ .])[A-Z]\.$", text[m.start() : end])
            ):
                end -= 1
            return m.start(), end
        if m.start() > pos:
            break
    return None


#: Titles of the head of a club, firm or party: "X 감독 Y" names Y, X is the body.
_ROLE_TITLES = frozenset(
    {
        "감독",
        "회장",
        "부회장",
        "사장",
        "대표",
        "단장",
        "위원장",
        "총장",
        "대변인",
        "선수",
        "구단주",
        "코치",
    }
)


def _heads_organisation(text: str, runs: list[list[Any]], i: int) -> bool:
    """Run ``i`` is followed by a role title and then by a name (리버풀 감독 클롭)."""
    if i + 2 >= len(runs) or _run_text(text, runs, i + 1) not in _ROLE_TITLES:
        return False
    surface = _run_text(text, runs, i)
    if plausible_korean_name(surface):
        return False
    nxt = runs[i + 2]
    gap = text[runs[i + 1][-1].start + runs[i + 1][-1].len : nxt[0].start]
    return gap == " " and any(t.tag == "NNP" or _oov_noun(t) for t in nxt)


def _run_text(text: str, runs: list[list[Any]], i: int) -> str:
    if i >= len(runs):
        return ""
    return text[runs[i][0].start : runs[i][-1].start + runs[i][-1].len]


def _merge_foreign_names(text: str, entities: list[Entity], tokens: list[Any]) -> list[Entity]:
    """Join the parts of a foreign name written with a space (도널드 + 트럼프, 버너스 + 리)."""
    out: list[Entity] = []
    for ent in (_with_syllable_tail(text, e, tokens) for e in entities):
        prev = out[-1] if out else None
        if (
            prev is not None
            and text[prev.end : ent.start] in (" ", "-")  # 도널드 트럼프, 한스-피터
            and _foreign_name_part(prev)
            and _foreign_name_part(ent)
        ):
            kind: EntityKind = "person" if "person" in (prev.kind, ent.kind) else "other"
            merged = text[prev.start : ent.end]
            out[-1] = Entity(merged, prev.start, ent.end, kind, romanize(merged, system="rr"))
        else:
            out.append(ent)
    return out


def _with_syllable_tail(text: str, ent: Entity, tokens: list[Any]) -> Entity:
    """A foreign name whose last part is one syllable: 버너스 리 (Berners-Lee).

    A lone syllable is dropped as too ambiguous elsewhere; right after a transcribed
    name it is the name's last part when Kiwi tags it NNP or it is a surname (리 = Lee),
    unless it is a country abbreviation (트럼프 미 대통령) or a surname before a title.
    """
    if not _foreign_name_part(ent) or text[ent.end : ent.end + 1] != " ":
        return ent
    tail = next((t for t in tokens if t.start == ent.end + 1), None)
    if tail is None or tail.len != 1 or _is_country_syllable(tail.form):
        return ent
    if not (tail.tag == "NNP" or tail.tag == "NNG" and tail.form in surname_spellings()):
        return ent  # Kiwi reads 리 of 버너스 리는 as NNP or, before 는, as the noun 리 (里)
    after = next((t for t in tokens if t.start == tail.start + 1), None)
    if after is not None and after.tag in _NOUN_TAGS:
        return ent  # the syllable starts a longer word
    rest = text[tail.start + 1 :].lstrip(" ")
    if rest != text[tail.start + 1 :] and _starts_with_title(rest):
        return ent
    return _make(text, ent.start, tail.start + 1, ent.kind)


#: A Latin-script gloss of the Hangul words before it: 라이언 진케(Ryan Zinke).
_GLOSS = re.compile(r"\(([A-Z][A-Za-z .'’&-]*)\)")


def _merge_glossed_names(text: str, entities: list[Entity], tokens: list[Any]) -> list[Entity]:
    """The Hangul words before a Latin gloss of as many words are one name.

    ``라이언 진케(Ryan Zinke)``, ``이언 폴터(Ian Poulter)``, ``팀 버너스 리(Tim Berners-Lee)``:
    each Hangul word transcribes one word of the gloss (hyphens split words on both
    sides; connectors such as ``of`` do not count). Only words Kiwi tags as proper or
    unknown nouns are joined, never a place, country or body of the gazetteer (북한
    김정은(Kim Jong Un) stays two names), a title or a common noun.
    """
    for g in _GLOSS.finditer(text):
        n = sum(
            1 for w in re.split(r"[ -]+", g.group(1)) if w and w.lower() not in _LATIN_CONNECTORS
        )
        pieces: list[tuple[int, int]] = []
        pos = g.start()
        while n >= 2 and len(pieces) < n:
            m = re.search(r"[가-힣]+$", text[:pos])
            if m is None:
                break
            word = m.group()
            toks = [t for t in tokens if m.start() <= t.start < m.end()]
            if (
                not toks
                or not all(t.tag == "NNP" or _oov_noun(t) for t in toks)
                or lookup(word) is not None
                or word in titles()
                or is_common_noun(word)
            ):
                break
            pieces.append((m.start(), m.end()))
            if m.start() == 0 or text[m.start() - 1] not in " -":
                break
            pos = m.start() - 1
        if n < 2 or len(pieces) != n:
            continue
        start, end = pieces[-1][0], pieces[0][1]
        inside = [e for e in entities if start <= e.start and e.end <= end]
        kind: EntityKind = "person" if any(e.kind == "person" for e in inside) else "other"
        merged = _make(text, start, end, kind)
        entities = [e for e in entities if not (start <= e.start and e.end <= end)]
        entities = sorted([*entities, merged], key=lambda e: e.start)
    return entities


def _foreign_name_part(ent: Entity) -> bool:
    return (
        ent.kind in ("person", "other")
        and all(is_hangul_syllable(c) for c in ent.text.replace(" ", "").replace("-", ""))
        and lookup(ent.text) is None
        and not plausible_korean_name(ent.text)
    )


def _category(tag: str) -> str:
    return {"SH": "hanja", "SL": "latin", "SN": "number"}.get(tag, "noun")


def _joins(run_category: str, tag: str) -> bool:
    if run_category == "number":
        return tag in ("SN", "NR", "NNB")  # 3억, 2019년, 50%
    return _category(tag) == run_category


def _hanja_entities(text: str, start: int, end: int) -> list[Entity]:
    span = text[start:end]
    entry = lookup(span)
    if entry is not None:
        return [Entity(span, start, end, entry.kind, entry.normalized)]  # type: ignore[arg-type]
    out = []
    for i, ch in enumerate(span):
        entry = lookup(ch)
        if entry is not None:
            out.append(
                Entity(
                    ch,
                    start + i,
                    start + i + 1,
                    entry.kind,  # type: ignore[arg-type]
                    entry.normalized,
                )
            )
        # Other Hanja are glosses of the Hangul word before them (수화(樹話)), not names.
    return out


def _starts_with_title(text: str) -> bool:
    """장관, 대통령…, or a compound job title that ends in one (양자경제외교국장, 통상교섭본부장)."""
    return bool(text) and any(
        text.startswith(t) or len(t) >= 2 and text.endswith(t) for t in titles()
    )


def _hangul_entities(
    text: str, run: list[Any], next_text: str, *, whole_query: bool
) -> list[Entity]:
    """Entities inside one run of Hangul nouns (the whole run, or its longest known parts)."""
    if len(run) > 1 and run[-1].tag == "XSN" and run[-1].form in _ADJECTIVAL_SUFFIXES:
        # 정신적 (mental) is no person before 외상 (trauma, also "foreign minister"), and
        # no name is cut out of it: 인도적 is humanitarian, not India (NTREX dev)
        return []
    start, end = run[0].start, run[-1].start + run[-1].len
    surface = text[start:end]
    has_nnp = any(t.tag == "NNP" or _oov_noun(t) for t in run)
    one_name_token = len(run) == 1 and has_nnp
    # Kiwi split one word into pieces (김희 + 상): treat the pieces as one.
    parts = split_hangul_abbreviation(surface.replace("·", "").replace("ㆍ", ""))
    if parts is not None:  # 한미 → 한 (South Korea) + 미 (United States); 한·일 likewise
        offsets = [i for i, ch in enumerate(surface) if ch not in "·ㆍ"]
        return [
            _make(text, start + i, start + i + 1, lookup(p).kind)  # type: ignore[union-attr,arg-type]
            for i, p in zip(offsets, parts, strict=True)
        ]
    if len(surface) == 1 and _is_country_syllable(surface):
        if _abbreviation_in_context(text, run[0], next_text):
            return [_make(text, start, end, "country")]
        # 중 of 진행 중, 일 (work), 불 of 불구속: read in running text, not a country
        if not (has_nnp and surface in surname_spellings() and _starts_with_title(next_text)):
            return []
        return [_make(text, start, end, "person")]  # 한 씨, 남 의원
    entry = lookup(surface)
    if (
        entry is not None
        and entry.kind in ("place", "country")
        and len(run) == 1
        and run[0].tag == "NNG"
        and run[0].id not in _OOV_IDS
    ):
        # Kiwi tells the name from the common noun in context: 대전 NNG in 세계 대전 (world
        # war), 인도 NNG in 범죄인 인도 (extradition), 저지 (blocking); KLUE tune half.
        return []
    if (
        len(surface) >= 4
        and surface[-1] in "주시"
        and lookup(surface) is None
        and not plausible_korean_name(surface)
        and _one_proper_noun(surface[:-1])
    ):
        return [_make(text, start, end - 1, "place")]  # 캘리포니아주 (state) → 캘리포니아
    split_by_kiwi = _split_word(run, surface)
    kind = _kind_of_run(
        surface,
        has_nnp,
        split_by_kiwi,
        whole_query,
        _starts_with_title(next_text),
        one_name_token=one_name_token,
    )
    if kind == "other" and len(surface) == 1 and not whole_query:
        return []  # 한 (one), a lone syllable: too ambiguous to be a name
    if kind is not None and (kind != "other" or len(run) == 1 or _one_proper_noun(surface)):
        return [_make(text, start, end, kind)]
    # Try a name followed by a title inside the same word (문재인대통령), a known name at the
    # head of a compound (한국 of 한국신기록), then a name before a suffix (트위터 + 상).
    # Never a syllable or an unknown word cut out of a longer one (불 of 불투명, 핑크 of
    # 블랙핑크, 대전 of 세계대전).
    out: list[Entity] = []
    i = 0
    while i < len(run):
        found = None
        for j in range(len(run), i, -1):
            s, e = run[i].start, run[j - 1].start + run[j - 1].len
            piece = text[s:e]
            rest = text[e:end] or next_text
            sub_nnp = any(t.tag == "NNP" or _oov_noun(t) for t in run[i:j])
            known = lookup(piece)
            if len(piece) == 1 and _is_country_syllable(piece):
                continue
            if known is not None and known.kind in ("place", "country") and not sub_nnp:
                continue  # 대전 (NNG) of 세계대전; 한국 (NNP) of 한국신기록 stays

            k = _kind_of_run(
                piece, sub_nnp, _split_word(run[i:j], piece), False, _starts_with_title(rest)
            )
            suffix_only = all(t.tag == "XSN" and t.form in _NAME_SUFFIXES for t in run[j:])
            if k is not None and (k != "other" or j - i == 1 and i == 0 and suffix_only):
                found = (j, _make(text, s, e, k))
                break
        if found:
            out.append(found[1])
            i = found[0]
        else:
            i += 1
    if not out and (
        kind == "other" and len(surface) > 1 or whole_query and not is_common_noun(surface)
    ):
        out.append(_make(text, start, end, "other"))
    return out


#: The suffix 적 (的) makes adjectival nouns (정신적 = mental, 국제적 = international);
#: Korean grammar. A name never ends in it.
_ADJECTIVAL_SUFFIXES = frozenset({"적"})


def _is_country_syllable(syllable: str) -> bool:
    """미, 중, 일, 북, …: a one-syllable Hangul country abbreviation."""
    if syllable in hangul_abbreviations():
        return True
    entry = lookup(syllable)
    return entry is not None and entry.kind == "country" and is_hangul_syllable(syllable)


#: Characters that chain country abbreviations in headlines: 북·미, 미-중, 한/일.
_ABBREV_CHAIN = "·ㆍ・-/"


def _abbreviation_in_context(text: str, tok: Any, next_text: str) -> bool:
    """A lone Hangul country syllable names the country here, not 중 (during) or 일 (work).

    It must be a word on its own (not 불 of 불구속, 중 of 중이다, 3일) and either chained to
    another abbreviation (북·미), or tagged NNP by Kiwi in context (미 국무부, 중 외교부,
    북 미사일; on KLUE news Kiwi tags the running-text 중/일/불/여 NNB, NNG or XPN), or
    followed by a title such as 대통령 (불 대통령, which Kiwi tags NNG).
    """
    s, e = tok.start, tok.start + tok.len
    before = text[s - 1] if s > 0 else " "
    after = text[e] if e < len(text) else " "
    if before.isalnum() or after.isalnum():
        return False
    nxt = text[e + 1] if e + 1 < len(text) else ""
    prev = text[s - 2] if s > 1 else ""
    for mark, other in ((after, nxt), (before, prev)):
        if mark in _ABBREV_CHAIN and other and _chainable(other):
            return True
    if tok.tag == "NNP":
        return True
    return after == " " and _starts_with_title(next_text)


def _chainable(ch: str) -> bool:
    entry = lookup(ch)
    return _is_country_syllable(ch) or entry is not None and entry.kind == "country"


@lru_cache(maxsize=1)
def generic_acronyms() -> frozenset[str]:
    """Latin acronyms that are common nouns in Korean news (TV, SNS, CEO), from ``data/generic_acronyms.txt``."""
    return frozenset(row[0] for row in _read_lines("generic_acronyms.txt"))


#: What KLUE writes for people it anonymises: A씨, B군, C양 (KLUE NER: 38 + 10 PS spans).
_ANONYMOUS_MARKERS = ("씨", "군", "양", "모")


def _latin_name(text: str, start: int, end: int) -> bool:
    """A Latin span is a name unless it is a generic acronym or a lone letter (A조, A/S)."""
    name = text[start:end]
    if name.upper() in generic_acronyms():
        return False
    if len(name) == 1:  # A씨, A(57)씨, A(22·여)씨: a person
        after = re.sub(r"^\s*\([^()]{0,12}\)", "", text[end:]).lstrip(" ")
        return after.startswith(_ANONYMOUS_MARKERS)
    return True


def _split_word(run: list[Any], surface: str) -> bool:
    """Kiwi cut one unknown word into pieces (김희 + 상), not a compound of known nouns."""
    if len(run) < 2 or not all(is_hangul_syllable(c) for c in surface):
        return False
    return not all(t.tag == "NNG" and t.len >= 2 for t in run)


def _make(text: str, start: int, end: int, kind: EntityKind) -> Entity:
    surface = text[start:end]
    entry = lookup(surface)
    if entry is not None:
        normalized = entry.normalized
    elif kind == "person" and plausible_korean_name(surface):
        normalized = romanize(surface, system="name")
    elif kind == "person" and surface in surname_spellings():
        normalized = surname_spellings()[surface][0]
    else:
        normalized = romanize(surface, system="rr")
    return Entity(surface, start, end, kind, normalized)
