"""Polarity of news predicates: an antonym in the body is a conflict, not support.

Headlines state directions: 급등 / 급락 (surge / plunge), 승리 / 패배 (win / lose),
강화 / 완화 (tighten / ease), 찬성 / 반대 (for / against). An embedding or a token
alignment puts a word next to its antonym (both are about "the KOSPI moving"), so
the summary check asks this module instead: each *axis* lists Korean words and
English words for its two directions. A Korean predicate whose axis appears in
the evidence sentence with only the opposite direction is a conflict.

The lexicon is written from general dictionary knowledge of news Korean and
English (the verbs headlines use for markets, votes, matches, policy, talks and
arrests); it is not fitted to any data set. ``benchmarks/summary_check.py``
measures it on flipped predicates of real NTREX/KPC/FLORES sentences (the
Korean side of the flip uses this lexicon, so that set measures the English
side and the scoping to evidence sentences, see its docstring).

>>> korean_polarity("급등")
Polarity(axis='rise', sign=1)
>>> [(p.axis, p.sign, w) for p, w, _, _ in english_polarity("The KOSPI fell 2 percent.")]
[('rise', -1, 'fell')]
>>> opposite("급등")
'급락'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["AXES", "Polarity", "english_polarity", "korean_polarity", "opposite"]


@dataclass(frozen=True)
class Polarity:
    """A direction on one axis: ``sign`` is +1 or -1."""

    axis: str
    sign: int


# axis: (Korean +, Korean -, English + lemmas, English - lemmas). The first Korean
# word of each side is the canonical antonym used by :func:`opposite`.
AXES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "rise": (
        (
            "급등",
            "상승",
            "증가",
            "인상",
            "폭등",
            "반등",
            "급증",
            "오르",
            "늘",
            "치솟",
            "확대",
            "성장",
            "호조",
        ),
        (
            "급락",
            "하락",
            "감소",
            "인하",
            "폭락",
            "반락",
            "급감",
            "내리",
            "줄",
            "떨어지",
            "축소",
            "위축",
            "부진",
        ),
        (
            "rise",
            "rose",
            "risen",
            "surge",
            "jump",
            "climb",
            "gain",
            "increase",
            "soar",
            "grow",
            "grew",
            "grown",
            "rally",
            "hike",
            "raise",
            "expand",
            "rebound",
            "spike",
            "boost",
            "up",
        ),
        (
            "fall",
            "fell",
            "fallen",
            "drop",
            "decline",
            "slide",
            "slid",
            "plunge",
            "decrease",
            "slump",
            "tumble",
            "sink",
            "sank",
            "shrink",
            "shrank",
            "cut",
            "lower",
            "plummet",
            "down",
            "contract",
            "dip",
            "slow",
        ),
    ),
    "win": (
        ("승리", "우승", "승", "이기", "제압", "완승", "압승", "역전승", "낙승"),
        ("패배", "패", "참패", "완패", "역전패", "석패"),
        ("win", "won", "victory", "triumph", "beat", "champion", "clinch"),
        ("lose", "lost", "loss", "defeat", "beaten", "fail", "failed"),
    ),
    "support": (
        ("찬성", "지지", "동의", "찬동", "옹호"),
        ("반대", "거부", "반발", "비판", "규탄"),
        ("support", "favor", "favour", "back", "endorse", "approve", "welcome", "agree"),
        (
            "oppose",
            "opposition",
            "against",
            "reject",
            "object",
            "criticize",
            "criticise",
            "condemn",
            "protest",
            "denounce",
        ),
    ),
    "tighten": (
        ("강화", "도입", "부과", "확대", "격상", "신설"),
        ("완화", "철회", "해제", "폐지", "축소", "유예", "면제", "해소", "격하"),
        (
            "tighten",
            "strengthen",
            "toughen",
            "intensify",
            "impose",
            "introduce",
            "step",
            "bolster",
            "extend",
            "escalate",
            "expand",
            "increase",
        ),
        (
            "ease",
            "relax",
            "loosen",
            "lift",
            "withdraw",
            "scrap",
            "drop",
            "remove",
            "repeal",
            "soften",
            "suspend",
            "waive",
            "exempt",
            "reverse",
            "retract",
            "cut",
        ),
    ),
    "approve": (
        ("가결", "승인", "통과", "허가", "채택", "인가", "인용"),
        ("부결", "거부", "기각", "불허", "반려", "무산"),
        (
            "pass",
            "passed",
            "approve",
            "adopt",
            "grant",
            "authorize",
            "authorise",
            "clear",
            "uphold",
            "accept",
            "ratify",
        ),
        ("reject", "veto", "deny", "dismiss", "block", "refuse", "overturn", "fail", "failed"),
    ),
    "agree": (
        ("합의", "타결", "성사", "체결", "수용"),
        ("결렬", "무산", "파기", "불발", "거절"),
        ("agree", "agreement", "deal", "reach", "sign", "accept", "settle", "accord"),
        (
            "collapse",
            "break",
            "broke",
            "broken",
            "fail",
            "failed",
            "stall",
            "scrap",
            "refuse",
            "reject",
            "walk",
        ),
    ),
    "start": (
        ("재개", "개시", "시작", "착수", "개막", "출범", "재가동"),
        ("중단", "중지", "연기", "폐막", "종료", "보류", "취소", "가동중단"),
        ("resume", "start", "begin", "began", "begun", "launch", "open", "restart", "kick"),
        (
            "halt",
            "suspend",
            "stop",
            "postpone",
            "delay",
            "close",
            "end",
            "cancel",
            "freeze",
            "shut",
            "pause",
        ),
    ),
    "arrest": (
        ("체포", "구속", "검거", "수감", "구금"),
        ("석방", "석방되", "풀려나", "보석", "방면", "무죄"),
        ("arrest", "detain", "jail", "imprison", "custody", "nab", "apprehend"),
        ("release", "free", "freed", "acquit", "bail", "exonerate"),
    ),
}


def _forms(lemma: str) -> set[str]:
    """Regular English inflections of ``lemma`` (irregular forms are listed in AXES)."""
    out = {lemma, lemma + "s", lemma + "es"}
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    out |= {stem + "ed", stem + "ing"}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", lemma):  # stop -> stopped, win -> winning
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, list[Polarity]], dict[str, list[Polarity]]]:
    ko: dict[str, list[Polarity]] = {}
    en: dict[str, list[Polarity]] = {}
    for axis, (kp, kn, ep, en_neg) in AXES.items():
        for words, sign in ((kp, 1), (kn, -1)):
            for w in words:
                ko.setdefault(w, []).append(Polarity(axis, sign))
        for lemmas, sign in ((ep, 1), (en_neg, -1)):
            for lemma in lemmas:
                for f in _forms(lemma):
                    en.setdefault(f, []).append(Polarity(axis, sign))
    return ko, en


def korean_polarity(word: str) -> Polarity | None:
    """The axis and direction of a Korean predicate word (a noun such as 급등 or a
    verb stem such as 오르), or None. A word on two axes (확대: rise and tighten)
    gets the first.

    >>> korean_polarity("패배"), korean_polarity("논의")
    (Polarity(axis='win', sign=-1), None)
    """
    hits = _tables()[0].get(word)
    return hits[0] if hits else None


def korean_polarities(word: str) -> tuple[Polarity, ...]:
    """Every axis a Korean predicate word lies on (확대: rise +1 and tighten +1)."""
    return tuple(_tables()[0].get(word, ()))


_WORD = re.compile(r"[A-Za-z]+")


def english_polarity(sentence: str) -> list[tuple[Polarity, str, int, int]]:
    """Polar English words of a sentence: ``(polarity, word, start, end)`` in order.

    >>> [(p.axis, p.sign, w) for p, w, _, _ in english_polarity("Seoul won 3-1 and prices rose.")
    ...  if p.axis in ("win", "rise")]
    [('win', 1, 'won'), ('rise', 1, 'rose')]
    """
    table = _tables()[1]
    out = []
    for m in _WORD.finditer(sentence):
        for p in table.get(m.group().lower(), ()):
            out.append((p, m.group(), m.start(), m.end()))
    return out


def opposite(word: str) -> str | None:
    """The canonical antonym of a Korean predicate word (급등 -> 급락), or None.

    >>> opposite("승리"), opposite("완화"), opposite("논의")
    ('패배', '강화', None)
    """
    p = korean_polarity(word)
    if p is None:
        return None
    kp, kn, _, _ = AXES[p.axis]
    return kn[0] if p.sign > 0 else kp[0]
