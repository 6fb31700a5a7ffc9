"""Numbers, dates, ages and amounts, compared across Korean and English.

A headline that says 13세 over a story about a 46-year-old is wrong in a way
an embedding barely notices; this module makes the quantity explicit.
:func:`extract_numbers` reads numbers in either language into
:class:`NumberMention` objects with a normalised ``value`` and a canonical
``unit``; :func:`compare_numbers` scores a Korean/English pair and
:func:`match_numbers` finds, for each Korean number, its English counterpart.

Canonical units (``kind`` in brackets):

* money: ``usd``, ``krw``, ``jpy``, ``eur``, ``cny``, ``gbp``; the value is
  in units of that currency (500억 달러 -> 5e10 usd).
* ``percent``, ``percentage_point`` (percent).
* ``age`` (age): 13세, 13살, 13-year-old, aged 13.
* ``people`` and ``count`` (count): 4명, four people; 3개, 2발, 3 times.
* ``year``, ``month`` (1-12), ``day`` (1-31), ``quarter`` (1-4), ``time``
  (hour of day, 0-24) (date): 2019년 7월 10일 gives three mentions.
* ``years``, ``months``, ``weeks``, ``days``, ``hours``, ``minutes``
  (duration): 3년, 주 4일 / four-day week, 10분 / 10-minute, two decades.
  N일 with no N월 before it is a number of days (the 5th still scores 0.6).
* ``ton``, ``km``, ``kg``, ``m``, ``mile``, ``degree``, ``floor`` (measure); ``times``
  (a multiple, 3배); unit symbols written alike in both languages (``mm``, ``cm``,
  ``ft``, ``inch``, ``km/h``, ``mph``, ``m2``, ``ghz``, ``mbps``, ``gb``, ``kw``...:
  100m 자유형 / the 100m freestyle, 2.4GHz). Lengths and speeds compare across
  systems within rounding (240km / 150 miles, 시속 120km / 75 mph, 30m / 100 feet).
* ``point`` (measure): "nine points", close to ``percentage_point`` (9%포인트).
* ``ordinal`` (ordinal): first, 2nd, 1,000th, 두 번째, 2차, 제5, 4대 왕, World War II;
  ``stage`` (ordinal): 1라운드, 2단계, 3학년, 9이닝, an ordinal or a bare number
  (first round / round 1); ``anniversary`` (ordinal): 50주년, 50th anniversary.
* ``band`` (range): an age band or decade, 10대 / teens, 20대 / twenties /
  20s, 1980년대 / 1980s, 80도대 / 80s.
* ``pair`` (pair): a score or range, 1-0 / 1대0 / 3 대 1 / 1:0 / 26 - 00 / 3–1;
  the value is ``a * 1000 + b`` and only an exact match counts. A range whose
  unit follows its second number (3~5%, 3 to 5 percent, 129~130달러, 2-3 km,
  3~4만명, 100에서 250미터) is two mentions, the first given the unit and scale
  of the second.
* ``time`` of day: 오후 5시 30분, 09:30, 5:30 p.m., 5.30pm, 17.30 GMT are 17.5
  or 9.5; a bare 5.30 stays the decimal 5.3 and matches a time only against
  a Korean 시/분 or an English clock time (5시 30분 / "at 5.30"). ``code`` (code): a digit
  run with two or more hyphens (859-292-3680), exact match only.
* ``fraction`` (fraction): 3분의 2 / two-thirds.
* ``""`` (number): a bare number with no recognised unit; it is compatible
  with counts, amounts and measures, never with a date part, pair or code.

Relative words (지난주, 오늘, last week, today) are not numbers.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from ko_en_align.text import has_hangul

logger = logging.getLogger(__name__)

__all__ = [
    "NumberMatch",
    "NumberMention",
    "compare_numbers",
    "extract_numbers",
    "match_numbers",
]


@dataclass(frozen=True)
class NumberMention:
    """A number found in text.

    Attributes:
        text: The mention as written, ``source[start:end]``.
        start: Start offset into the text passed in.
        end: End offset.
        value: The normalised quantity (6조5천억원 -> 6.5e12).
        unit: Canonical unit (module docstring), ``""`` when none.
        kind: Coarse class: money, percent, age, count, date, duration,
            measure, ordinal or number.

    >>> extract_numbers('500억 달러')[0].value
    50000000000.0
    """

    text: str
    start: int
    end: int
    value: float
    unit: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (for JSON)."""
        return asdict(self)


@dataclass(frozen=True)
class NumberMatch:
    """The English counterpart of one Korean number.

    Attributes:
        ko: The Korean mention.
        en: The best English mention, or None when none scores ``min_score``.
        sentence_index: Index of the English sentence holding ``en``.
        score: :func:`compare_numbers` of the pair (best seen, even if below
            the threshold; 0.0 when the English side has no numbers).
        conflict: True when no match was found but an English mention with the
            same unit exists (13세 against "46-year-old"): a likely error.
    """

    ko: NumberMention
    en: NumberMention | None
    sentence_index: int | None
    score: float
    conflict: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (for JSON)."""
        return {
            "ko": self.ko.to_dict(),
            "en": None if self.en is None else self.en.to_dict(),
            "sentence_index": self.sentence_index,
            "score": self.score,
            "conflict": self.conflict,
        }


_UNIT_KIND = {
    "usd": "money",
    "krw": "money",
    "jpy": "money",
    "eur": "money",
    "cny": "money",
    "gbp": "money",
    "percent": "percent",
    "percentage_point": "percent",
    "age": "age",
    "people": "count",
    "count": "count",
    "year": "date",
    "month": "date",
    "day": "date",
    "quarter": "date",
    "time": "date",
    "years": "duration",
    "months": "duration",
    "weeks": "duration",
    "days": "duration",
    "hours": "duration",
    "ton": "measure",
    "km": "measure",
    "kg": "measure",
    "m": "measure",
    "mile": "measure",
    "mm": "measure",
    "cm": "measure",
    "ft": "measure",
    "inch": "measure",
    "km/h": "measure",
    "mph": "measure",
    "m2": "measure",
    "km2": "measure",
    "ghz": "measure",
    "mhz": "measure",
    "khz": "measure",
    "hz": "measure",
    "mbps": "measure",
    "gbps": "measure",
    "mb": "measure",
    "gb": "measure",
    "tb": "measure",
    "kw": "measure",
    "mw": "measure",
    "gw": "measure",
    "kwh": "measure",
    "point": "measure",
    "degree": "measure",
    "floor": "measure",
    "times": "measure",
    "ordinal": "ordinal",
    "stage": "ordinal",
    "anniversary": "ordinal",
    "minutes": "duration",
    "band": "range",
    "pair": "pair",
    "code": "code",
    "fraction": "fraction",
    "": "number",
}

# --------------------------------------------------------------------------
# Korean
# --------------------------------------------------------------------------

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_KO_SMALL = {"십": 10, "백": 100, "천": 1000}
_KO_LARGE = {"만": 10**4, "억": 10**8, "조": 10**12}
_SINO = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_KO_NUMBER = rf"{_NUM}(?:\s?[만억조](?:\s(?=\d))?|[십백천](?:\s(?=\d+\s?[십백천만억조]))?|{_NUM})*"
_SINO_WORD = r"[일이삼사오육칠팔구십백천만억조]{2,}"
# A Hangul-spelled 만/억/조 counts only after 십/백/천 (이백만 년 / two million years):
# right after a digit syllable it is a word (구조대 "rescue team", 오만, 일조: KPC
# news pairs); news writes 9조 or 3만 with digits.
_SINO_WORD_ONLY = re.compile(r"(?<![십백천])[만억조]")

# suffix -> unit; longest first so 개월 wins over 개, 분기 over 분.
_KO_UNITS: list[tuple[str, str]] = [
    ("퍼센트포인트", "percentage_point"),
    ("%포인트", "percentage_point"),
    ("%p", "percentage_point"),
    ("퍼센트", "percent"),
    ("프로", "percent"),
    ("%", "percent"),
    ("달러", "usd"),
    ("불", "usd"),
    ("원", "krw"),
    ("엔", "jpy"),
    ("유로", "eur"),
    ("위안", "cny"),
    ("파운드", "gbp"),
    ("세기", "ordinal"),  # 19세기: the 19th century
    ("세", "age"),
    ("살", "age"),
    ("명", "people"),
    ("개월", "months"),
    ("개국", "count"),
    ("가구", "count"),
    ("개", "count"),
    ("건", "count"),
    ("곳", "count"),
    ("차례", "count"),
    ("번째", "ordinal"),
    ("번 째", "ordinal"),
    ("번", "count"),
    ("회", "count"),
    ("발", "count"),
    ("척", "count"),
    ("마리", "count"),
    ("대", "count"),
    ("채", "count"),
    ("주년", "anniversary"),
    ("주일", "weeks"),
    ("주간", "weeks"),
    ("년간", "years"),
    ("년", "year"),
    ("월", "month"),
    ("일간", "days"),
    ("일", "day"),
    ("분기", "quarter"),
    ("주", "weeks"),
    ("시간", "hours"),
    ("분간", "minutes"),
    ("분", "minutes"),
    ("시", "time"),
    ("톤", "ton"),
    ("킬로미터", "km"),
    ("km", "km"),
    ("킬로그램", "kg"),
    ("kg", "kg"),
    ("미터", "m"),
    ("마일", "mile"),
    ("피트", "ft"),
    ("인치", "inch"),
    ("€", "eur"),
    ("배", "times"),
    ("층", "floor"),
    ("등급", "count"),
    ("등", "ordinal"),  # 7등: seventh place
    # 1라운드 / first round or round 1, 2단계 / second phase or phase two, 3학년 /
    # third grade, 9이닝 / ninth inning (KPC news pairs): an ordinal or a bare number
    ("라운드", "stage"),
    ("단계", "stage"),
    ("학년", "stage"),
    ("이닝", "stage"),
    # 10호골 / his 10th goal, 3호선 / Line 3, 태풍 5호 / Typhoon No. 5 (sports and
    # weather headlines): an ordinal or a bare number
    ("호", "stage"),
    ("차", "ordinal"),
    ("위", "ordinal"),
]
_KO_UNIT_RE = "|".join(re.escape(u) for u, _ in _KO_UNITS)
_KO_UNIT_MAP = dict(_KO_UNITS)
_KO_NUM_RE = re.compile(
    rf"(?<![\w.,])(?P<prefix>오전|오후|제)?\s?(?P<num>{_KO_NUMBER}|{_SINO_WORD})"
    rf"(?:\s?(?P<unit>{_KO_UNIT_RE}))?"
)
_NATIVE_UNITS = {
    "한": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
}
_NATIVE_TENS = {"열": 10, "스무": 20, "스물": 20, "서른": 30, "마흔": 40, "쉰": 50}
_NATIVE_RE = re.compile(
    r"(?<![\uac00-\ud7a3\w])(?P<tens>열|스무|스물|서른|마흔|쉰)?\s?"
    r"(?P<units>한|두|세|네|다섯|여섯|일곱|여덟|아홉)?"
    r"\s?(?P<unit>명|사람|개|곳|차례|번\s?째|번|마리|살|척|대|발|건|가지|개국|달|해)"
    r"(?![\uac00-\ud7a3])"
)
_NATIVE_UNIT_MAP = {
    "명": "people",
    "사람": "people",
    "살": "age",
    "번째": "ordinal",
    "달": "months",
    "해": "years",
}
# Unspaced native number + counter that are words: 세대 generation, 열대 tropics,
# 한대 frigid zone, 두발 hair (FLORES-200 and KPC pairs); "세 대" is still three.
_NATIVE_WORDS = frozenset({"세대", "열대", "한대", "두발", "한발", "세발", "네발"})
# N대 before a title is a generation number (4대 왕, 16대 대통령), not N vehicles
_KO_TITLE_AFTER = re.compile(r"\s?(?:국왕|왕|황제|대통령|총리|회장|교황|의장|총장|임금)")
_FIRST_KO = re.compile(r"(?<![\uac00-\ud7a3])첫(?:째|\s?번\s?째)")
# 1-0, 1대0, 1 대 0, 1:0, 10~15: a score or range (not part of a longer code)
_KO_PAIR_RE = re.compile(
    r"(?<![A-Za-z\d.,:~-])(?P<a>\d{1,3})\s?(?:-|:|~|대\s?)\s?(?P<b>\d{1,3})(?![\d,:~-]|\.\d|\s?[-:]\d|\s?[십백천만억조명개대년월일세살%시분])"
)
# 129~130달러, 24~26일, 3-4명: a range whose unit is written once, after the second
# number, not a score (KPC news pairs: $129 and $130); _ranged gives the first the unit
_KO_RANGE_RE = re.compile(
    rf"(?<![A-Za-z\d.,:~-])(?P<a>{_NUM})\s?[~∼-]\s?(?={_NUM}\s?(?P<unit>{_KO_UNIT_RE}))"
)
# 859-292-3680: a phone number or other code
_CODE_RE = re.compile(r"(?<![\w.-])\d+(?:-\d+){2,}(?![\d\-A-Za-z])")
# 10대 (teens), 20대, 1980년대, 80도대 (the 80s): a band, not a count
_KO_BAND_RE = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,4})(?P<u>년대|도대|대(?=$|[^\uac00-\ud7a3]|[의에가는은를도로였이와]|초반|중반|후반"
    r"|여성|남성|여자|남자|청년|청소년|층|연령|유권자|젊은이))(?![\d])"
)
_KO_FRACTION_RE = re.compile(r"(?<![\w.,])(?P<d>\d{1,2})\s?분의\s?(?P<n>\d{1,2})(?![\d])")
# 오전 10시 30분 -> one time of day, 10.5
_KO_CLOCK_RE = re.compile(r"(?<![\w.,])(?P<h>\d{1,2})\s?시\s?(?P<m>\d{1,2})\s?분")
_KO_DAYS_BEFORE = re.compile(r"주\s?$")
_KO_DAYS_AFTER = re.compile(r"\s?(?:동안|만에|이내|째|내내)")


def _pair_value(a: str, b: str) -> float:
    return float(int(a) * 1000 + int(b))


def _extract_ko_special(text: str) -> list[NumberMention]:
    """Pairs, codes, bands, fractions and clock times (shared shape, exact units)."""
    out: list[NumberMention] = []
    for m in _CODE_RE.finditer(text):
        out.append(_mention(text, m.start(), m.end(), float(re.sub(r"\D", "", m.group())), "code"))
    for m in _KO_PAIR_RE.finditer(text):
        if re.fullmatch(r"([01]?\d|2[0-4]):[0-5]\d", m.group()):
            continue  # 09:30 is a time of day (below)
        if _KO_RANGE_RE.match(text, m.start()):
            continue  # 129~130달러 is a range of amounts, read above
        out.append(
            _mention(text, m.start(), m.end(), _pair_value(m.group("a"), m.group("b")), "pair")
        )
    for m in _KO_BAND_RE.finditer(text):
        n = int(m.group("n"))
        if m.group("u") == "대":
            # only 10대..90대 are age bands; 3대 is three vehicles
            if not (10 <= n <= 90 and n % 10 == 0):
                continue
        out.append(_mention(text, m.start(), m.end(), float(n), "band"))
    for m in _KO_FRACTION_RE.finditer(text):
        d, n = int(m.group("d")), int(m.group("n"))
        if d and n < d:
            out.append(_mention(text, m.start(), m.end(), n / d, "fraction"))
    for m in re.finditer(r"(?<![\w.,:-])(?P<h>\d{1,2}):(?P<m>\d{2})(?![\d:])", text):
        h, mi = int(m.group("h")), int(m.group("m"))
        if h <= 24 and mi < 60:  # 09:30 is a time of day (as in English); 1:0 a score
            out.append(_mention(text, m.start(), m.end(), h + mi / 60, "time"))
    for m in _KO_CLOCK_RE.finditer(text):
        h, mi = int(m.group("h")), int(m.group("m"))
        if h <= 24 and mi < 60:
            half = re.search(r"(오전|오후)\s?$", text[max(0, m.start() - 3) : m.start()])
            if half and half.group(1) == "오후" and h < 12:
                h += 12
            start = m.start() - (len(half.group()) if half else 0)  # keep 오전/오후 in text
            out.append(_mention(text, start, m.end(), h + mi / 60, "time"))
    return out


def _parse_ko_number(s: str) -> float | None:
    """'6조5천억' -> 6.5e12, '8천590' -> 8590, '이십' -> 20."""
    total = 0.0
    section = 0.0
    cur: float | None = None
    for tok in re.findall(rf"{_NUM}|[십백천만억조일이삼사오육칠팔구]", s.replace(" ", "")):
        if tok in _KO_SMALL:
            section += (1.0 if cur is None else cur) * _KO_SMALL[tok]
            cur = None
        elif tok in _KO_LARGE:
            chunk = section + (cur or 0.0)
            total += (chunk if chunk else 1.0) * _KO_LARGE[tok]
            section, cur = 0.0, None
        elif tok in _SINO:
            cur = float(_SINO[tok])
        else:
            try:
                cur = float(tok.replace(",", ""))
            except ValueError:
                return None
    return total + section + (cur or 0.0)


def _dated(unit: str, value: float) -> str:
    """Refine date-like units by range ('3년' is a duration, '2019년' a year)."""
    if unit == "year" and not 1000 <= value <= 2200:
        return "years"
    if unit == "month" and not (value.is_integer() and 1 <= value <= 12):
        return ""  # 21월 is no month; 개월 is the duration
    if unit == "day" and not (value.is_integer() and 1 <= value <= 31):
        return "days"
    if unit == "quarter" and not 1 <= value <= 4:
        return ""
    return unit


def _extract_ko(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _KO_NUM_RE.finditer(text):
        num = m.group("num")
        is_sino = not any(ch.isdigit() for ch in num)
        unit_text = m.group("unit")
        if is_sino and (
            unit_text is None
            or not any(c in num for c in "십백천만억조")
            or _SINO_WORD_ONLY.search(num)
        ):
            continue  # 일이 / 이번 / 구조대 etc. are words, not numbers
        value = _parse_ko_number(num)
        if value is None:
            continue
        unit = _KO_UNIT_MAP.get(unit_text or "", "")
        prefix = m.group("prefix")
        start = m.start("num") if prefix in (None, "제") else m.start()
        if unit == "time" and prefix == "오후" and value < 12:
            value += 12
        if unit == "count" and unit_text == "대" and _KO_TITLE_AFTER.match(text, m.end()):
            unit = "ordinal"  # 4대 왕 / the fourth king, 16대 대통령 / the 16th president
        if unit == "km" and re.search(r"시속\s?$", text[max(0, start - 4) : start]):
            unit = "km/h"  # 시속 120km / 75 mph
        if unit == "day" and (
            _KO_DAYS_BEFORE.search(text[: m.start()]) or _KO_DAYS_AFTER.match(text, m.end())
        ):
            unit = "days"  # 주 4일 (a four-day week), 5일 동안 (for five days)
        elif unit == "day" and not re.search(r"\d\s?월\s*$", text[: m.start()]):
            unit = "days"  # no month: "5일 지급" is five days (the 5th still scores 0.6)
        unit = _dated(unit, value)
        end = m.end()
        # trailing Hangul right after a bare unit means the "unit" was a word
        # start (3세대, 2대회): drop the unit rather than guess.
        if unit_text and end < len(text) and re.match(r"[\uac00-\ud7a3]", text[end]):
            follow = text[end]
            if (
                unit_text in ("세", "대", "차", "위", "주", "배", "번", "발", "채", "시", "등")
                and follow not in "에의가는은을를과와도째로인였"
            ) or (unit_text == "분" and follow not in "에의가는은을를도로만간동후전뒤씩이째"):
                unit, end = "", m.end("num")
        if prefix == "제" and not unit:
            unit = "ordinal"  # 제5시드 / the 5th seed: 제 makes an ordinal of what follows
            start = m.start()
        out.append(_mention(text, start, end, value, unit))
    for m in _NATIVE_RE.finditer(text):
        tens, units = m.group("tens"), m.group("units")
        if not tens and not units or m.group().strip() in _NATIVE_WORDS:
            continue
        value = float(_NATIVE_TENS.get(tens or "", 0) + _NATIVE_UNITS.get(units or "", 0))
        unit = _NATIVE_UNIT_MAP.get(m.group("unit").replace(" ", ""), "count")
        start = m.start("tens") if tens else m.start("units")
        out.append(_mention(text, start, m.end(), value, unit))
    for m in _FIRST_KO.finditer(text):
        out.append(_mention(text, m.start(), m.end(), 1.0, "ordinal"))
    return out + _extract_ko_special(text)


# --------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------

_EN_ONES = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
_EN_SCALES = {
    "hundred": 100,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
_EN_SHORT_SCALES = {"k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12}
_EN_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split()
    )
}
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ]
    )
    for m in names.split()
}
_WORD = "|".join(sorted([*_EN_ONES, *_EN_TENS], key=len, reverse=True))
_SCALE = "|".join(_EN_SCALES)
# "a"/"an" counts only before a scale ("a hundred"), never before a number word
# ("a three-day weekend" is 3, not 4)
_EN_WORDNUM = rf"(?:a\s+dozen|(?:{_WORD})(?:-(?:{_WORD}))?|(?:an|a)(?!\s+(?:{_WORD})\b)|dozen)"
_EN_NUMBER = rf"(?:{_NUM}|{_EN_WORDNUM})(?:(?:(?:\s+|-)(?:and\s+)?|(?<=\d)(?=(?:{_SCALE})))(?:{_WORD}|{_SCALE}))*"
# A$45 million, C$, NZ$, HK$, S$ (FLORES-200): another country's dollar reads as
# usd, as Korean 달러 does unless the country is named
_CURRENCY_SYMBOL = {"$": "usd", "₩": "krw", "€": "eur", "£": "gbp", "¥": "jpy"}
_EN_UNITS: list[tuple[str, str]] = [
    (r"percentage\s+points?", "percentage_point"),
    (r"percent|per\s+cent|%", "percent"),
    (r"-?years?-old|years?\s+old", "age"),
    (r"(?:st|nd|rd|th)\s+anniversary", "anniversary"),
    (r"(?:US\s+|U\.S\.\s+)?dollars?", "usd"),
    (r"won", "krw"),
    (r"yen", "jpy"),
    (r"euros?", "eur"),
    (r"yuan", "cny"),
    (r"pounds?\s+sterling|pounds", "gbp"),
    (
        r"people|persons?|men|women|children|kids|residents|citizens|officials|students|"
        r"soldiers|troops|workers|employees|victims|passengers|members|lawmakers|"
        r"protesters|civilians|patients|deaths|casualties|refugees|tourists|visitors|"
        r"fans|voters|viewers|individuals|Koreans|Americans|Japanese",
        "people",
    ),
    (r"times", "times"),
    (r"years?", "years"),
    (r"months?", "months"),
    (r"weeks?", "weeks"),
    (r"days?", "days"),
    (r"hours?", "hours"),
    (r"minutes?|mins?", "minutes"),
    (r"decades?", "decades"),
    (r"tons?|tonnes?", "ton"),
    (r"km|kilometers?|kilometres?", "km"),
    (r"kg|kilograms?", "kg"),
    (r"miles?\s+(?:per|an)\s+hour", "mph"),
    (r"miles?", "mile"),
    (r"feet|foot", "ft"),
    (r"inch(?:es)?", "inch"),
    (r"(?:percentage\s+)?points?", "point"),
    (r"meters?|metres?", "m"),
    (r"degrees?", "degree"),
    (r"(?:st|nd|rd|th)\b", "ordinal"),
    (r"a\.m\.|am\b", "time_am"),
    (r"p\.m\.|pm\b", "time_pm"),
]
_DECADES_IDX = [u for _, u in _EN_UNITS].index("decades")
_EN_UNIT_RE = "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_EN_UNITS))
_EN_NUM_RE = re.compile(
    rf"(?:(?<![\w.$₩€£¥-])|(?<=\d[-–]))(?P<cur>(?:(?:US|U\.S\.)?\s?|(?-i:AUD|AU|A|CA|C|NZ|HK|S)(?=\$))[$₩€£¥]\s?)?(?P<num>{_EN_NUMBER})"
    rf"(?:\s?(?P<short>bn|mn|tn|[kmb])\b)?"
    rf"(?:(?:\s+|-)?(?:{_EN_UNIT_RE}))?"
    rf"(?![\w])",
    re.IGNORECASE,
)
_MONTH_NAMES = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_EN_DATE_RE = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES})(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b)?"
    rf"(?:,?\s+(?P<year>\d{{4}})\b)?"
)
_EN_DAY_MONTH_RE = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH_NAMES})")
_EN_ORDINAL_RE = re.compile(r"\b(?P<w>" + "|".join(_EN_ORDINALS) + r")\b", re.IGNORECASE)
_EN_QUARTER_RE = re.compile(
    r"\b(?:(?P<w>first|second|third|fourth)\s+quarter|Q(?P<d>[1-4]))\b", re.IGNORECASE
)
_EN_AGED_RE = re.compile(r"\baged\s+(?P<n>\d{1,3})\b", re.IGNORECASE)
# 1-0, 2:1, 26 - 00 (FLORES-200 writes scores with spaced hyphens), 3–1 (en dash)
_EN_PAIR_RE = re.compile(
    r"(?<![\w.,:$-])(?P<a>\d{1,3})(?:[-:–]| [-–] )(?P<b>\d{1,3})(?![\w,:%-]|\.\d)"
)
_EN_CLOCK_RE = re.compile(
    r"(?<![\w.,:-])(?P<h>\d{1,2}):(?P<m>\d{2})(?:\s?(?P<ap>a\.m\.|p\.m\.|am\b|pm\b))?(?![\d:])",
    re.IGNORECASE,
)
# 17.30 GMT, 5.30 local time: a dotted time of day (British style) where a time
# zone says so; a bare 5.30 stays the decimal 5.3 here, and compare_numbers reads
# it as 5:30 only against a Korean time (5시 30분), see _dotted_time.
_EN_DOT_CLOCK_RE = re.compile(
    r"(?<![\w.,:-])(?P<h>[01]?\d|2[0-4])\.(?P<m>[0-5]\d)"
    r"\s?(?:GMT|BST|UTC|CET|CEST|EST|EDT|PST|PDT|KST|JST|local\s+time)\b"
)
# World War I / II, WWII: the ordinal of 1차 / 2차 세계대전
_EN_WORLD_WAR_RE = re.compile(
    r"\b(?:World\s+War\s+(?P<r>II|I|Two|One|2|1)|WW\s?(?P<w>II|I|2|1))\b", re.IGNORECASE
)
_EN_DECADE_RE = re.compile(
    r"\b(?:the|past|last|next|a|over|nearly|almost)\s+decade\b", re.IGNORECASE
)
_EN_TENS_BAND = {"teens": 10, "teenagers": 10, "teenage": 10, "teenager": 10, "twenties": 20,
                 "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
                 "eighties": 80, "nineties": 90}  # fmt: skip
_EN_BAND_RE = re.compile(
    r"(?<![\w.,-])(?:'?(?P<n>\d{2}|1\d{3}|20\d{2})'?s|(?P<w>" + "|".join(_EN_TENS_BAND) + r"))\b",
    re.IGNORECASE,
)
_EN_ORDINAL_WORDS = (
    "|".join(_EN_ORDINALS) + "|fiftieth|hundredth|thirtieth|fortieth|sixtieth|seventieth"
)
_EN_ANNIV_RE = re.compile(rf"\b(?P<w>{_EN_ORDINAL_WORDS})\s+anniversary\b", re.IGNORECASE)
_EN_TIMES = {"once": (1, "count"), "twice": (2, "count"), "thrice": (3, "count"),
             "doubled": (2, "times"), "doubling": (2, "times"), "tripled": (3, "times"),
             "tripling": (3, "times"), "quadrupled": (4, "times")}  # fmt: skip
_EN_TIMES_RE = re.compile(r"\b(?P<w>" + "|".join(_EN_TIMES) + r")\b", re.IGNORECASE)
_EN_FRACTION = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5}  # fmt: skip
_EN_FRACTION_RE = re.compile(
    r"\b(?P<n>one|two|three|four)-(?P<d>" + "|".join(_EN_FRACTION) + r")\b", re.IGNORECASE
)
_EN_MAY_RE = re.compile(r"\b(?:in|since|until|by|from|of|early|late|mid-|last|next|this)\s+May\b")


def _parse_en_number(s: str) -> float | None:
    """'50 billion' -> 5e10, 'twenty-five' -> 25, '1,200' -> 1200, 'a dozen' -> 12."""
    words = re.split(r"[\s-]+", re.sub(r"(?<=\d)(?=[a-z])", " ", s.lower()).replace(" and ", " "))
    total = 0.0
    cur: float | None = None
    for w in words:
        if not w or w == "and":
            continue
        if w in ("a", "an"):
            cur = 1.0
        elif w == "dozen":
            cur = (cur or 1.0) * 12
        elif w in _EN_ONES:
            cur = (cur or 0.0) + _EN_ONES[w]
        elif w in _EN_TENS:
            cur = (cur or 0.0) + _EN_TENS[w]
        elif w == "hundred":
            cur = (cur or 1.0) * 100
        elif w in _EN_SCALES:
            total += (cur if cur is not None else 1.0) * _EN_SCALES[w]
            cur = None
        else:
            try:
                cur = (cur or 0.0) + float(w.replace(",", ""))
            except ValueError:
                return None
    return total + (cur or 0.0)


_ONE_AFTER = re.compile(r"\s+(?:of|another|day|time)\b|\s*(?:'s|-)")
_ONE_BEFORE = re.compile(r"\b(?:no|any|every|some|the|this|that|which)\s+$", re.IGNORECASE)


def _vague_one(text: str, start: int, end: int, unit: str) -> bool:
    """'one year', 'one of them', 'no one': a "one" that is no count to compare."""
    if unit in ("years", "months", "weeks", "days"):
        return True
    return not unit and bool(_ONE_AFTER.match(text, end) or _ONE_BEFORE.search(text[:start]))


def _extract_en(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _EN_NUM_RE.finditer(text):
        num = m.group("num")
        unit = ""
        for i, (_, u) in enumerate(_EN_UNITS):
            if m.group(f"u{i}"):
                unit = u
                break
        low = num.lower().strip()
        if low in ("a", "an") and not unit:
            continue  # the article
        hyphenated = text[m.end("num") : m.end("num") + 1] == "-"
        if low in ("a", "an") and unit in ("years", "months", "weeks", "days", "decades"):
            continue  # "a year ago", "a decades-old feud": too vague ("a decade" is read below)
        if low in ("a", "an") and unit in ("point", "inch", "ft"):
            continue  # "came away with a point", "half an inch" (NTREX): no count
        if low == "one" and not hyphenated and _vague_one(text, m.start(), m.end(), unit):
            continue  # "one of them", "no one", "one day": not a count
        if unit == "decades":
            unit = "years"  # two decades -> 20 years
        value = _parse_en_number(num)
        if value is None:
            continue
        if m.group(f"u{_DECADES_IDX}"):
            value *= 10
        short = m.group("short")
        if short:
            value *= _EN_SHORT_SCALES[short.lower()]
        cur = m.group("cur")
        if cur:
            unit = _CURRENCY_SYMBOL[cur.strip()[-1]]
        elif unit in ("time_am", "time_pm"):
            dotted = re.fullmatch(r"(\d{1,2})\.(\d{2})", num)
            if dotted:  # 5.30pm (British style) is 17:30, not 17.3
                if int(dotted.group(2)) >= 60:
                    continue
                value = int(dotted.group(1)) + int(dotted.group(2)) / 60
            value = value % 12 + (12 if unit == "time_pm" else 0)
            unit = "time"
        elif not unit and re.fullmatch(r"(1[89]|20|21)\d\d", num):
            unit = "year"
        elif unit == "ordinal" and not re.fullmatch(r"\d+(?:,\d{3})*", num):
            continue
        if short and not cur and not unit:
            continue  # "5 m" without a currency is too ambiguous
        out.append(_mention(text, m.start(), m.end(), value, unit))
    for m in _EN_DATE_RE.finditer(text):
        mon = m.group("month")
        if mon == "May" and not (
            m.group("day")
            or m.group("year")
            or _EN_MAY_RE.search(text[max(0, m.start() - 8) : m.end()])
        ):
            continue  # the modal verb
        if mon.endswith(".") and not m.group("day"):
            continue  # "Nov." alone is no date: an abbreviation counts only before a day
        out.append(
            _mention(
                text, m.start("month"), m.end("month"), _MONTHS[mon.lower().rstrip(".")], "month"
            )
        )
        if m.group("day"):
            out.append(_mention(text, m.start("day"), m.end("day"), float(m.group("day")), "day"))
    for m in _EN_DAY_MONTH_RE.finditer(text):
        out.append(_mention(text, m.start("day"), m.end("day"), float(m.group("day")), "day"))
        out.append(
            _mention(
                text,
                m.start("month"),
                m.end("month"),
                _MONTHS[m.group("month").lower().rstrip(".")],
                "month",
            )
        )
    for m in _EN_QUARTER_RE.finditer(text):
        q = m.group("d") or {"first": 1, "second": 2, "third": 3, "fourth": 4}[m.group("w").lower()]
        out.append(_mention(text, m.start(), m.end(), float(q), "quarter"))
    for m in _EN_ORDINAL_RE.finditer(text):
        out.append(
            _mention(text, m.start(), m.end(), float(_EN_ORDINALS[m.group("w").lower()]), "ordinal")
        )
    for m in _EN_AGED_RE.finditer(text):
        out.append(_mention(text, m.start(), m.end(), float(m.group("n")), "age"))
    return out + _extract_en_special(text)


def _extract_en_special(text: str) -> list[NumberMention]:
    """Pairs, codes, bands, anniversaries, once/twice/doubled, fractions, h:mm times."""
    out: list[NumberMention] = []
    for m in _CODE_RE.finditer(text):
        out.append(_mention(text, m.start(), m.end(), float(re.sub(r"\D", "", m.group())), "code"))
    clock_spans = []
    for m in _EN_CLOCK_RE.finditer(text):
        h, mi, ap = int(m.group("h")), int(m.group("m")), m.group("ap")
        if (h <= 12 if ap else h <= 24) and mi < 60:
            if ap:
                h = h % 12 + (12 if ap.lower().startswith("p") else 0)
            out.append(_mention(text, m.start(), m.end(), h + mi / 60, "time"))
            clock_spans.append(m.start())
    for m in _EN_DOT_CLOCK_RE.finditer(text):
        out.append(
            _mention(text, m.start(), m.end(), int(m.group("h")) + int(m.group("m")) / 60, "time")
        )
    for m in _EN_WORLD_WAR_RE.finditer(text):
        r = (m.group("r") or m.group("w")).lower()
        war = 2.0 if r in ("ii", "two", "2") else 1.0
        out.append(_mention(text, m.start(), m.end(), war, "ordinal"))
    for m in _EN_DECADE_RE.finditer(text):
        out.append(_mention(text, m.start(), m.end(), 10.0, "years"))
    for m in _EN_PAIR_RE.finditer(text):
        if m.start() not in clock_spans:
            out.append(
                _mention(text, m.start(), m.end(), _pair_value(m.group("a"), m.group("b")), "pair")
            )
    for m in _EN_BAND_RE.finditer(text):
        n = m.group("n")
        value = float(n) if n else float(_EN_TENS_BAND[m.group("w").lower()])
        if n and len(n) == 2 and int(n) % 10:
            continue  # 85s is no band
        out.append(_mention(text, m.start(), m.end(), value, "band"))
    for m in _EN_ANNIV_RE.finditer(text):
        w = m.group("w").lower()
        tens = {"thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
                "hundredth": 100}  # fmt: skip
        out.append(
            _mention(text, m.start(), m.end(), float(_EN_ORDINALS.get(w) or tens[w]), "anniversary")
        )
    for m in _EN_TIMES_RE.finditer(text):
        value, unit = _EN_TIMES[m.group("w").lower()]
        out.append(_mention(text, m.start(), m.end(), float(value), unit))
    for m in _EN_FRACTION_RE.finditer(text):
        n = _EN_ONES[m.group("n").lower()]
        d = _EN_FRACTION[m.group("d").lower()]
        if n < d:
            out.append(_mention(text, m.start(), m.end(), n / d, "fraction"))
    return out


# --------------------------------------------------------------------------
# shared
# --------------------------------------------------------------------------

# Unit symbols written the same way in Korean and English text (100m 자유형 /
# the 100m freestyle, 2.4GHz, 600Mbit/s, 35mm, 210mm 강수량: FLORES-200 and KPC
# pairs). Case-insensitive except a lone "m" (a capital M is a million).
_LATIN_UNITS = {
    "km/h": "km/h", "kph": "km/h", "mph": "mph", "mbit/s": "mbps", "mbps": "mbps",
    "gbit/s": "gbps", "gbps": "gbps", "km²": "km2", "m²": "m2", "kwh": "kwh", "ghz": "ghz",
    "mhz": "mhz", "khz": "khz", "hz": "hz", "mb": "mb", "gb": "gb", "tb": "tb", "kw": "kw",
    "mw": "mw", "gw": "gw", "mm": "mm", "cm": "cm", "km": "km", "kg": "kg", "ft": "ft",
}  # fmt: skip
_LATIN_RE = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})\s?(?P<u>{'|'.join(re.escape(u) for u in _LATIN_UNITS)}|(?-i:m))"
    r"(?![A-Za-z²/])",
    re.IGNORECASE,
)


def _extract_latin(text: str) -> list[NumberMention]:
    """Numbers with a Latin unit symbol (35mm, 2.4GHz, 100m), in either language."""
    out = []
    for m in _LATIN_RE.finditer(text):
        unit = _LATIN_UNITS.get(m.group("u").lower(), "m")
        out.append(_mention(text, m.start(), m.end(), float(m.group("num").replace(",", "")), unit))
    return out


def _mention(text: str, start: int, end: int, value: float, unit: str) -> NumberMention:
    return NumberMention(
        text=text[start:end],
        start=start,
        end=end,
        value=float(value),
        unit=unit,
        kind=_UNIT_KIND.get(unit, "number"),
    )


#: Units read from a shape of their own (20대 as a band, not 20 vehicles; 09:30
#: as a time): on a tie in length they win over the generic reading.
_SHAPED = frozenset({"band", "pair", "code", "fraction", "time", "anniversary"})


def _resolve(mentions: list[NumberMention]) -> tuple[NumberMention, ...]:
    """Drop overlaps: prefer the mention with a unit, then the longer one."""
    ranked = sorted(
        mentions,
        key=lambda x: (x.unit == "", -(x.end - x.start), x.unit not in _SHAPED, x.start),
    )
    kept: list[NumberMention] = []
    for m in ranked:
        if any(m.start < k.end and k.start < m.end for k in kept):
            # a quarter/date refinement may cover a bare number: keep the refined one
            continue
        kept.append(m)
    return tuple(sorted(kept, key=lambda x: (x.start, x.end)))


#: Units a range's first number may take from its second (3~5% / 3 to 5 percent,
#: 129~130달러, 2-3 km, 100에서 250미터): amounts, counts and measures, not date
#: parts, times or shapes of their own.
_NO_RANGE = frozenset(
    {"", "pair", "code", "band", "fraction", "time", "month", "day", "year", "quarter"}
    | {"ordinal", "stage", "anniversary"}
)
_RANGE_SEP = re.compile(r"\s?(?:[-–~∼]|to|에서)\s?", re.IGNORECASE)
_LEAD = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _unpair_ranges(text: str, found: list[NumberMention]) -> list[NumberMention]:
    """Drop a "pair" 2-3 whose second number carries a unit (2-3 km is a range)."""
    keep = []
    for p in found:
        m = re.fullmatch(r"\d+\s?[-–~∼]\s?(\d+)", p.text) if p.unit == "pair" else None
        b = p.start + m.start(1) if m else -1
        if m and any(y.start == b and y.end > p.end and y.unit not in _NO_RANGE for y in found):
            continue
        keep.append(p)
    return keep


def _ranged(text: str, mentions: tuple[NumberMention, ...]) -> tuple[NumberMention, ...]:
    """Give a range's bare first number the unit (and scale) of its second."""
    out = list(mentions)
    for i in range(len(out) - 1):
        x, y = out[i], out[i + 1]
        if x.unit or y.unit in _NO_RANGE or not _RANGE_SEP.fullmatch(text, x.end, y.start):
            continue
        lead = _LEAD.search(y.text)
        written = float(lead.group().replace(",", "")) if lead else 0.0
        if not written:
            continue
        ratio = y.value / written
        value = x.value * ratio
        if ratio >= 1 and 0 < value < y.value:  # 3~4만명: 3 is 30,000 people
            out[i] = _mention(text, x.start, x.end, value, y.unit)
    return tuple(out)


def extract_numbers(
    text: str, *, lang: Literal["ko", "en", "auto"] = "auto"
) -> tuple[NumberMention, ...]:
    """Find numbers, amounts, dates, ages and counts in Korean or English text.

    Args:
        text: Text to read (normalise it first with ``normalize_text`` if it
            may hold full-width digits).
        lang: ``"ko"`` reads Korean forms (만/억/조, 명, 세, 년 월 일, native
            counters), ``"en"`` English ones (billion, four people,
            13-year-old, July 10), ``"auto"`` picks by whether the text has
            Hangul.

    Returns:
        Mentions in text order, non-overlapping.

    Raises:
        TypeError: ``text`` is not a ``str``.
        ValueError: ``lang`` is not one of the allowed values.

    >>> [(m.value, m.unit) for m in extract_numbers('삼성전자 영업익 6조5천억원…56% 감소')]
    [(6500000000000.0, 'krw'), (56.0, 'percent')]
    >>> [(m.value, m.unit) for m in extract_numbers('a $50 billion deal for four people')]
    [(50000000000.0, 'usd'), (4.0, 'people')]
    """
    if not isinstance(text, str):
        msg = f"text must be str, got {type(text).__name__}"
        raise TypeError(msg)
    if lang not in ("ko", "en", "auto"):
        msg = f"lang must be 'ko', 'en' or 'auto', got {lang!r}"
        raise ValueError(msg)
    if lang == "auto":
        lang = "ko" if has_hangul(text) else "en"
    found = (_extract_ko(text) if lang == "ko" else _extract_en(text)) + _extract_latin(text)
    if lang == "ko":
        # English-style amounts inside Korean text ($50억, 2019) still count.
        found += [m for m in _extract_en(text) if m.unit in ("usd", "percent", "year", "")]
    # A digit run too long for a float (hundreds of digits in scraped junk) parses
    # to inf, which is no quantity, breaks compare_numbers and is not valid JSON.
    found = _unpair_ranges(text, [m for m in found if math.isfinite(m.value)])
    return _ranged(text, _resolve(found))


_COMPATIBLE: dict[frozenset[str], float] = {
    frozenset({"people", "count"}): 0.8,
    frozenset({"years", "age"}): 0.6,
    frozenset({"anniversary", "ordinal"}): 0.9,  # 50주년 / the 50th
    frozenset({"anniversary", "years"}): 0.8,  # 50주년 / 50 years since
    frozenset({"band", "age"}): 0.6,  # 20대 / in their 20s ... aged 20
    # 5일 without a month may be "the 5th" or "five days"; 5월 / five months
    frozenset({"day", "days"}): 0.6,
    frozenset({"times", "count"}): 0.6,  # 2배 / twice
    frozenset({"minutes", "ordinal"}): 0.6,  # 25분 / the 25th (minute)
    frozenset({"floor", "ordinal"}): 0.9,  # 5층 / the fifth floor (or a five-story bare 5)
    # 9%포인트 / "nine points" (KPC poll stories say points for percentage points)
    frozenset({"percentage_point", "point"}): 0.9,
    frozenset({"point", "count"}): 0.6,  # 3개 항목 / a three-point statement (KPC)
    frozenset({"stage", "ordinal"}): 0.9,  # 2단계 / the second phase
}

#: Units of one quantity in two systems: (base unit, factor to it). Translators
#: convert (240km / 150 miles, 시속 120km / 75 mph, 2956m / 9,700 feet: KPC news).
_CONVERT: dict[str, tuple[str, float]] = {
    "km": ("km", 1.0),
    "mile": ("km", 1.609344),
    "km/h": ("km/h", 1.0),
    "mph": ("km/h", 1.609344),
    "m": ("m", 1.0),
    "ft": ("m", 0.3048),
    "cm": ("cm", 1.0),
    "inch": ("cm", 2.54),
}
_DOTTED_TIME = re.compile(r"([01]?\d|2[0-4])[.:]([0-5]\d)")


def _converted(ko: NumberMention, en: NumberMention) -> float:
    """Score of a measure converted between systems (km vs miles), 0.0 when not."""
    (base_a, fa), (base_b, fb) = _CONVERT[ko.unit], _CONVERT[en.unit]
    if base_a != base_b:
        return 0.0
    a, b = ko.value * fa, en.value * fb
    # a converted figure is rounded to its last written digit (150 miles for
    # 149.1), but never by more than 5% (300km is not "200 miles")
    top = max(abs(a), abs(b))
    tol = min(max(_precision(ko.value) * fa, _precision(en.value) * fb) / 2, 0.05 * top)
    return 0.9 if abs(a - b) <= tol + 0.01 * top else 0.0


def _twelve_hour(m: NumberMention) -> bool:
    """A Korean N시 before noon written without 오전/오후 (5시 may be 17:00)."""
    return m.value < 12 and not re.search(r"오전|오후|새벽|아침", m.text)


def _dotted_time(ko: NumberMention, en: NumberMention) -> float | None:
    """A bare 5.30 against a time of day (5시 30분 / 5:30) reads as h.mm, else None."""
    for time, bare in ((ko, en), (en, ko)):
        if time.unit == "time" and bare.unit == "":
            m = _DOTTED_TIME.fullmatch(bare.text)
            if m:
                h, mi = int(m.group(1)), int(m.group(2))
                value = h + mi / 60
                same = (
                    abs(value - time.value) < 1e-6
                    or (_twelve_hour(time) and abs(value - time.value - 12) < 1e-6)
                    or (value < 12 and abs(time.value - value - 12) < 1e-6)  # "at 5.30" p.m.
                )
                return 0.9 if same else 0.0
    return None


#: Units a bare number is never compatible with: a date part, a pair, a code,
#: a fraction, a percent or an ordinal has its own written form, so "11" is not "Nov." and "5" is not
#: "5 a.m.".
_EXACT = frozenset({"pair", "code", "band", "fraction"})
_NOT_BARE = frozenset(
    {"month", "day", "time", "quarter", "year", "pair", "code", "fraction"}
    | {"percent", "percentage_point", "ordinal"}  # 5% and 19th are always written so
)


def _unit_compatibility(a: str, b: str) -> float:
    if a == b:
        return 1.0
    pair = frozenset({a, b})
    if pair in _COMPATIBLE:
        return _COMPATIBLE[pair]
    if "" in pair:
        other = a or b
        if other in _NOT_BARE:
            return 0.0
        # a bare number may be a count or an amount whose unit went unsaid
        return 0.7
    return 0.0


def _precision(v: float) -> float:
    """The place of the last significant digit (6.5e12 -> 1e11, 35 -> 1, 3000 -> 1000)."""
    if v == 0 or not math.isfinite(v):
        return 1.0
    p = 10.0 ** math.floor(math.log10(abs(v)))
    for _ in range(16):
        if abs(v / p - round(v / p)) < 1e-6:
            return p
        p /= 10
    return p


def compare_numbers(ko: NumberMention, en: NumberMention) -> float:
    """Similarity of two number mentions in [0, 1] (higher = same quantity).

    1.0 means the same value in the same unit. Large values within rounding
    (6.5조 vs 6.48 trillion won) score high; whole numbers under 10,000 must
    be equal (34% is not 35%), pairs, codes, bands and fractions exactly so.
    Different values (13 vs 46) or incompatible units (age vs percent, won vs
    dollars, a bare 5 vs 5 a.m.) score 0.

    Args:
        ko: A mention from Korean text.
        en: A mention from English text.

    Returns:
        A score in [0, 1].

    >>> ko = extract_numbers('13세')[0]
    >>> compare_numbers(ko, extract_numbers('a 13-year-old girl')[0])
    1.0
    >>> compare_numbers(ko, extract_numbers('a 46-year-old man')[0])
    0.0
    """
    dotted = _dotted_time(ko, en)
    if dotted is not None:
        return dotted
    if ko.unit == en.unit == "time" and _twelve_hour(ko) and en.value == ko.value + 12:
        return 0.8  # 5시 30분 with no 오전/오후 may be 17:30
    if ko.unit != en.unit and ko.unit in _CONVERT and en.unit in _CONVERT:
        return _converted(ko, en)
    compat = _unit_compatibility(ko.unit, en.unit)
    if compat == 0.0:
        return 0.0
    a, b = ko.value, en.value
    if a == b:
        closeness = 1.0
    elif ko.unit in _EXACT or en.unit in _EXACT:
        closeness = 0.0  # a score, code, band or fraction is never "about" right
    elif (a.is_integer() and b.is_integer() and max(abs(a), abs(b)) < 10_000) or abs(a - b) > (
        max(_precision(a), _precision(b)) / 2 + 1e-9 * max(abs(a), abs(b))
    ):
        # small whole numbers are written exactly (34% is not 35%, 403 is not
        # 400); larger ones may differ only by rounding (6.5조 / 6.48 trillion)
        closeness = 0.0
    else:
        scale = max(abs(a), abs(b))
        rel = abs(a - b) / scale if scale else 0.0
        if rel <= 0.005:
            closeness = 0.98
        elif rel <= 0.02:
            closeness = 0.9
        elif rel <= 0.05:
            closeness = 0.7
        elif rel <= 0.1:
            closeness = 0.4
        else:
            closeness = 0.0
    return round(compat * closeness, 4)


def match_numbers(
    ko_text: str,
    en_sentences: str | Sequence[str],
    *,
    min_score: float = 0.5,
) -> tuple[NumberMatch, ...]:
    """For each number in ``ko_text``, find its best English counterpart.

    Args:
        ko_text: Korean text (a headline or claim).
        en_sentences: English sentences, or one English text (split with
            :func:`ko_en_align.segment.split_sentences`).
        min_score: Lowest :func:`compare_numbers` score that counts as a match.

    Returns:
        One :class:`NumberMatch` per Korean number, in order. ``en`` is None
        when nothing scores ``min_score``; ``conflict`` flags a same-unit
        English number with a different value (13세 vs 46-year-old).

    >>> m = match_numbers('김현종 방미…500억 달러 투자', ['Kim pledged $50 billion.'])[0]
    >>> m.en.text, m.sentence_index, m.score
    ('$50 billion', 0, 1.0)
    """
    if not 0.0 <= min_score <= 1.0:
        msg = f"min_score must be in [0, 1], got {min_score!r}"
        raise ValueError(msg)
    if isinstance(en_sentences, str):
        from ko_en_align.segment import split_sentences

        en_sentences = split_sentences(en_sentences)
    en_mentions = [
        (i, m) for i, s in enumerate(en_sentences) for m in extract_numbers(s, lang="en")
    ]
    results: list[NumberMatch] = []
    for ko in extract_numbers(ko_text, lang="ko"):
        best: tuple[float, int, NumberMention] | None = None
        for i, en in en_mentions:
            score = compare_numbers(ko, en)
            if best is None or score > best[0]:
                best = (score, i, en)
        if best is not None and best[0] >= min_score:
            results.append(NumberMatch(ko, best[2], best[1], best[0], conflict=False))
        else:
            conflict = bool(ko.unit) and any(en.unit == ko.unit for _, en in en_mentions)
            results.append(NumberMatch(ko, None, None, best[0] if best else 0.0, conflict=conflict))
    return tuple(results)
