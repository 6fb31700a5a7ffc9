"""One consistent text normalisation for the whole library.

Every layer (claims, numbers, entities, alignment) sees text through
:func:`normalize_text`, so a headline typed with full-width digits, curly
quotes or a decomposed Hangul syllable means the same as its plain form.
:func:`normalize_with_offsets` does the same work but remembers where each
output character came from, so a span found in the normalised text can be
reported against the text the user passed in.

Choices (documented once, here):

* Unicode NFC: decomposed jamo (ᄀ + ᅡ) become the syllable 가.
* Line breaks: CRLF, CR, NEL, U+2028/9, VT and FF become ``\\n``.
* Removed: BOM (U+FEFF, anywhere), zero-width and bidi marks (U+200B-U+200F,
  U+202A-U+202E, U+2060-U+2064, isolates U+2066-U+2069), soft hyphen, lone
  surrogates and control characters (C0/C1 except ``\\n`` and ``\\t``; NUL
  included). A zero-width joiner between two symbols (emoji sequences such
  as 👨‍👩‍👧) is kept.
* Full-width ASCII (ＡＢＣ１２３) becomes ASCII, the ideographic space a space.
* Double-style quotes (“ ” „ ‟ « » 「 」 『 』 ″ 〝 〞) become ``"``; single-style
  quotes (‘ ’ ‚ ‛ ′) become ``'``. Korean headlines use 「」/『』 exactly as
  other writers use “”, so they are folded into the same ASCII mark.
* Middle dots (· ㆍ ‧ • ・ ∙ ･) become the one canonical ``·`` (U+00B7).
* Runs of spaces/tabs (any Unicode space) become one space; spaces next to a
  line break and at both ends of the text are dropped.
* Hanja (日 美), emoji, the ellipsis ``…`` and everything else are kept.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

__all__ = [
    "NormalizedText",
    "has_hangul",
    "mask_headline_tags",
    "normalize_text",
    "normalize_with_offsets",
    "require_text",
]

_NEWLINES = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_REMOVE = frozenset(
    "\ufeff\u00ad\u200b\u200c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u180e"
)
_ZWJ = "\u200d"
_DOUBLE_QUOTES = frozenset("“”„‟«»「」『』″〝〞〟＂")
_SINGLE_QUOTES = frozenset("‘’‚‛′＇")
_MIDDLE_DOTS = frozenset("·ㆍ‧•・∙･᛫⋅")
CANONICAL_MIDDLE_DOT = "·"

# Hangul syllables, jamo and compatibility jamo.
_HANGUL_RANGES = (
    (0xAC00, 0xD7A3),
    (0x1100, 0x11FF),
    (0x3130, 0x318F),
    (0xA960, 0xA97F),
    (0xD7B0, 0xD7FF),
)


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text that remembers where each character came from.

    Attributes:
        text: The normalised text (what :func:`normalize_text` returns).
        original: The text that was passed in.
        starts: For each character of ``text``, the start of its source span
            in ``original``.
        ends: For each character of ``text``, the end of its source span.

    >>> n = normalize_with_offsets('김현종 방미 “日 수출규제”')
    >>> n.text
    '김현종 방미 "日 수출규제"'
    >>> n.original[slice(*n.to_original(8, 14))]
    '日 수출규제'
    """

    text: str
    original: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``text`` onto ``original``.

        Args:
            start: Start offset in the normalised text (``0 <= start <= end``).
            end: End offset in the normalised text (``<= len(text)``).

        Returns:
            ``(start, end)`` offsets into :attr:`original`; an empty span maps
            to an empty span at the matching position.

        Raises:
            ValueError: If the span is outside ``text``.
        """
        n = len(self.text)
        if not (0 <= start <= end <= n):
            msg = f"span ({start}, {end}) is outside the normalised text of length {n}"
            raise ValueError(msg)
        if start == end:
            pos = self.starts[start] if start < n else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (for JSON)."""
        return {"text": self.text, "original": self.original}


def _type_error(field: str, value: object) -> TypeError:
    return TypeError(f"{field} must be str, got {type(value).__name__}")


def has_hangul(text: str) -> bool:
    """Whether ``text`` contains at least one Hangul syllable or jamo.

    >>> has_hangul('김현종 방미'), has_hangul('Kim Hyun-chong')
    (True, False)
    """
    for ch in text:
        cp = ord(ch)
        for lo, hi in _HANGUL_RANGES:
            if lo <= cp <= hi:
                return True
    return False


def require_str_list(value: object, *, field: str = "texts") -> list[str]:
    """Check that ``value`` is a sequence of str (not one str) and return it as a list.

    >>> require_str_list(("김현종 방미", "Kim Hyun-chong arrived."), field="sentences")
    ['김현종 방미', 'Kim Hyun-chong arrived.']
    >>> require_str_list(["ok", 3], field="sentences")
    Traceback (most recent call last):
    TypeError: sentences[1] must be str, got int
    """
    from collections.abc import Iterable, Mapping

    if (
        value is None
        or isinstance(value, str | bytes | bytearray | Mapping)
        or not isinstance(value, Iterable)
    ):
        msg = f"{field} must be a str or a sequence of str, got {type(value).__name__}"
        raise TypeError(msg)
    items = list(value)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            msg = f"{field}[{i}] must be str, got {type(item).__name__}"
            raise TypeError(msg)
    return items


def require_text(value: object, *, field: str = "text", example: str | None = None) -> str:
    """Check a required text argument; the one input check the library uses.

    Args:
        value: What the caller passed.
        field: Name used in the error message (``"headline"``, ``"body"``).
        example: A valid example shown in the error message; its script picks
            the wording ("Korean text such as ..." / "English text such as ...").

    Returns:
        ``value`` unchanged.

    Raises:
        TypeError: ``value`` is None or not a ``str``.
        ValueError: ``value`` is empty or whitespace-only.

    >>> require_text('김현종 방미', field='headline', example='김현종 방미')
    '김현종 방미'
    """
    if not isinstance(value, str):
        raise _type_error(field, value)
    if not normalize_text(value):
        if example is None:
            expected = "non-empty text"
        elif has_hangul(example):
            expected = f"Korean text such as {example!r}"
        else:
            expected = f"English text such as {example!r}"
        msg = f"{field} is empty; expected {expected}"
        raise ValueError(msg)
    return value


def _is_symbol(ch: str) -> bool:
    return bool(ch) and (unicodedata.category(ch) == "So" or "\ufe00" <= ch <= "\ufe0f")


def _starts_chunk(ch: str) -> bool:
    """Whether NFC can never merge ``ch`` into the preceding character."""
    if unicodedata.combining(ch):
        return False
    if unicodedata.category(ch) in ("Mn", "Mc", "Me"):
        return False
    # Hangul medial vowels and final consonants compose with what precedes.
    cp = ord(ch)
    return not (0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF)


def _map_char(ch: str, prev: str, nxt: str) -> str | None:
    """Map one NFC character; None means drop, ' ' a space, '\\n' a break."""
    if ch in _NEWLINES:
        return "\n"
    if ch in _REMOVE:
        return None
    if ch == _ZWJ:
        return ch if _is_symbol(prev) and _is_symbol(nxt) else None
    cp = ord(ch)
    if 0xFF01 <= cp <= 0xFF5E:
        ch = chr(cp - 0xFEE0)
    if ch in _DOUBLE_QUOTES:
        return '"'
    if ch in _SINGLE_QUOTES:
        return "'"
    if ch in _MIDDLE_DOTS:
        return CANONICAL_MIDDLE_DOT
    if ch == "\t" or (ch != "\n" and ch.isspace()):
        return " "
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cs"):
        return None
    return ch


def _compose(items: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """NFC over ``(char, start, end)`` items; a composed chunk keeps its whole span."""
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(items)
    while i < n:
        j = i + 1
        while j < n and not _starts_chunk(items[j][0]):
            j += 1
        if j == i + 1 and (items[i][0] < "\u0300" or unicodedata.is_normalized("NFC", items[i][0])):
            out.append(items[i])
            i = j
            continue
        piece = unicodedata.normalize("NFC", "".join(c for c, _, _ in items[i:j]))
        if j == i + 1 and piece == items[i][0]:
            out.append(items[i])
        else:
            s, e = items[i][1], max(e for _, _, e in items[i:j])
            out.extend((c, s, e) for c in piece)
        i = j
    return out


def normalize_with_offsets(text: str, *, field: str = "text") -> NormalizedText:
    """Normalise ``text`` (see :func:`normalize_text`) and keep offsets.

    Args:
        text: Any string.
        field: Name used in the TypeError message.

    Returns:
        A :class:`NormalizedText`; ``to_original`` maps spans back.

    Raises:
        TypeError: ``text`` is not a ``str``.

    >>> n = normalize_with_offsets('美\\u200b 중재')
    >>> n.text, n.to_original(2, 4)
    ('美 중재', (3, 5))
    """
    if not isinstance(text, str):
        raise _type_error(field, text)
    # 1. NFC per chunk, so every output character knows its source span.
    chars = _compose([(ch, k, k + 1) for k, ch in enumerate(text)])
    # 2. Character mapping; CRLF counts as one break.
    mapped: list[tuple[str, int, int]] = []
    for k, (ch, s, e) in enumerate(chars):
        if ch == "\n" and k and chars[k - 1][0] == "\r" and mapped and mapped[-1][0] == "\n":
            mapped[-1] = ("\n", mapped[-1][1], e)
            continue
        prev = chars[k - 1][0] if k else ""
        nxt = chars[k + 1][0] if k + 1 < len(chars) else ""
        out = _map_char(ch, prev, nxt)
        if out is not None:
            mapped.append((out, s, e))
    # A removed character (NUL, BOM...) may have separated a base from its
    # combining mark or a leading jamo from its vowel: compose again so the
    # result is NFC and normalising twice changes nothing.
    if not unicodedata.is_normalized("NFC", "".join(c for c, _, _ in mapped)):
        mapped = _compose(mapped)
    # 3. Whitespace: collapse space runs, drop spaces around breaks and at the ends.
    result: list[tuple[str, int, int]] = []
    for ch, s, e in mapped:
        if ch == " ":
            if not result or result[-1][0] == "\n":
                continue
            if result[-1][0] == " ":
                result[-1] = (" ", result[-1][1], e)
                continue
        elif ch == "\n":
            if result and result[-1][0] == " ":
                result.pop()
            if not result:
                continue
        result.append((ch, s, e))
    while result and result[-1][0] in " \n":
        result.pop()
    return NormalizedText(
        text="".join(c for c, _, _ in result),
        original=text,
        starts=tuple(s for _, s, _ in result),
        ends=tuple(e for _, _, e in result),
    )


def normalize_text(text: str, *, field: str = "text") -> str:
    """Normalise text the one way the whole library does.

    NFC, LF line breaks, no BOM/zero-width/control characters, full-width
    ASCII folded, curly and CJK quotes folded to ``"``/``'``, middle dots
    folded to ``·``, space runs collapsed and the ends trimmed (the module
    docstring lists every choice). Hanja and emoji are kept.

    Args:
        text: Any string (empty is allowed and gives ``""``).
        field: Name used in the TypeError message.

    Returns:
        The normalised string.

    Raises:
        TypeError: ``text`` is None or not a ``str``.

    >>> normalize_text('김현종 방미 “日 수출규제 美 중재 논의”')
    '김현종 방미 "日 수출규제 美 중재 논의"'
    >>> normalize_text('한ㆍ미  외교장관　회담\\r\\n')
    '한·미 외교장관 회담'
    """
    return normalize_with_offsets(text, field=field).text


#: Desk and status tags of Korean news headlines, which label the story and claim
#: nothing: a leading bracketed label ([속보] breaking, [단독] exclusive, [포토],
#: [그래픽], [뉴스9], [2019 국감], 【...】, <...>, 〈...〉; at most 20 characters) and
#: a trailing status in parentheses or brackets ((종합) round-up, (2보) second take,
#: (종합2보), (상보), (속보), (1보), [영상], (일문일답), (전문)). These are the wire
#: services' and portals' conventions (Yonhap, Newsis, News1, broadcasters' sites);
#: the development data holds no real Korean headline, so nothing here is fitted.
_LEADING_TAG = re.compile(
    r"^(?:\s*(?:\[[^\[\]]{1,20}\]|【[^【】]{1,20}】|<[^<>]{1,20}>|〈[^〈〉]{1,20}〉))+"
)
_STATUS = (
    r"(?:종합\s*\d*\s*(?:보)?|\d+\s*보|속보|상보|단독|사진|포토|영상|그래픽|일문일답|전문|인터뷰)"
)
_TRAILING_TAG = re.compile(r"(?:\s*(?:\(\s*" + _STATUS + r"\s*\)|\[\s*" + _STATUS + r"\s*\]))+\s*$")

#: A trailing outlet credit, as page titles and feeds append it: a separator (" - ",
#: " | ", " / ", " :: ", " ― ") and then one outlet name: a word that ends in (and is
#: longer than) a common head of Korean outlet names (연합뉴스, 조선일보, 한국경제,
#: 서울신문, 머니투데이, 중앙데일리, 코리아헤럴드, ...), or a wire service or
#: broadcaster named alone (뉴스1, 뉴시스, KBS, MBC, SBS, JTBC, YTN, ...). "서울 - 부산
#: 고속철" and "정상회담 / 경제" keep their tails. Conventions, not fitted.
_OUTLET = (
    r"(?:[가-힣A-Za-z0-9]{1,10}(?:뉴스|일보|신문|경제|방송|닷컴|타임스|저널|투데이|데일리|"
    r"헤럴드|비즈|미디어)|뉴스1|뉴시스|뉴스핌|KBS|MBC|SBS|EBS|OBS|YTN|JTBC|MBN|TV조선|채널A|"
    r"연합뉴스TV|CBS|BBS)"
)
_TRAILING_CREDIT = re.compile(r"\s+(?:-|\||/|::|―|—)\s*" + _OUTLET + r"\s*$")


def mask_headline_tags(text: str, *, field: str = "headline") -> str:
    """``text`` with its news desk/status tags replaced by spaces (offsets kept).

    A label such as ``[속보]`` (breaking) or ``(종합2보)`` (second round-up), or
    an outlet credit at the end (`` - 연합뉴스``, `` | KBS``), says how the story
    is filed, not what happened, so the pairing and the summary check must not
    look for it in the English body. The tags become
    spaces of the same length, so a span found in the masked text is a span
    of the original. Other brackets stay: a quote or a gloss is content.

    >>> mask_headline_tags('[속보] 김현종 방미 "日 수출규제 논의"(종합2보)')
    '     김현종 방미 "日 수출규제 논의"      '
    >>> mask_headline_tags("김현종 방미 - 연합뉴스").rstrip()
    '김현종 방미'
    >>> mask_headline_tags("우스터셔(Worcestershire) 홍수")
    '우스터셔(Worcestershire) 홍수'
    """
    if not isinstance(text, str):
        raise _type_error(field, text)
    out = text
    # a status tag may stand before or after the credit: 방미(종합) - 연합뉴스, 방미 - 뉴스1(종합)
    for pattern in (_LEADING_TAG, _TRAILING_TAG, _TRAILING_CREDIT, _TRAILING_TAG):
        m = pattern.search(out)
        if m and m.end() > m.start():
            rest = out[: m.start()] + out[m.end() :]
            if has_hangul(rest) or any(ch.isalnum() for ch in rest):
                out = out[: m.start()] + " " * (m.end() - m.start()) + out[m.end() :]
    return out
