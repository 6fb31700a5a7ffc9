"""Segmentation: English transcripts into sentences, Korean headlines into claims.

English (:func:`split_sentences`) is rule-based and tuned for news copy:

* A line break is a boundary, unless it is a hard wrap (the line ends without
  closing punctuation and the next line starts in lower case).
* ``. ! ?`` followed by optional closing quotes/brackets and a space end a
  sentence when the next word does not start in lower case.
* Abbreviations: titles (Dr. Mr. Sen. Gen. ...) never end a sentence;
  ``e.g.``/``i.e.``/``vs.`` never; other abbreviations (U.S., Inc., a.m.,
  Jan., No. ...) and dotted acronyms end one only before a typical
  sentence opener ("The", "He", "But" ...); single initials (John F. Kennedy)
  likewise.
* An ellipsis (``...``/``…``) ends a sentence only before a typical sentence
  opener or a quote ("intact... The next" splits; "allegations... that" and
  "Japan,... senior" do not).
* Sentences inside a quotation split like any others, except that a tail of
  one or two words before the closing quote stays attached (``"That issue will
  certainly be discussed. Most definitely."`` is one sentence): such a tag
  carries nothing to align on its own.

Korean (:func:`split_claims`) cuts a telegraphic headline into claims; the
rule is documented on that function.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from typing import Any

from ko_en_align.text import CANONICAL_MIDDLE_DOT, normalize_with_offsets, require_text

logger = logging.getLogger(__name__)

__all__ = ["Claim", "split_claims", "split_sentences", "split_sentences_with_offsets"]

# --------------------------------------------------------------------------
# English sentences
# --------------------------------------------------------------------------

_TITLES = frozenset(
    "mr mrs ms dr prof gen sen rep st gov det insp lt col sgt capt rev adm cmdr maj mt ft supt "
    "messrs mme mlle hon pres brig gens sens reps fr sr".split()
)
_NEVER_END = frozenset("e.g i.e vs v cf al etc.al approx ca".split())
_MAYBE_END = frozenset(
    "u.s u.k u.n u.s.a e.u inc co corp ltd jr llc plc bros dept est etc no nos a.m p.m "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun "
    "ave blvd rd hwy mph km kg lb lbs oz ft min max fig vol pp ph.d d.c l.a n.y".split()
)
# Words that typically open an English news sentence; after an abbreviation,
# initial or ellipsis, only these (or a quote) mark a new sentence.
_OPENERS = frozenset(
    """the a an this that these those it its he she they we i you his her their our my your
    there here but and or so yet however meanwhile in on at for with as after before when while
    if although though because since some many most all both each other others such what why how
    who where which still also now then today yesterday tomorrow last next according under
    despite during earlier later officials experts analysts critics police authorities one two
    three no not nothing none neither nor only even instead thus therefore moreover furthermore
    indeed again once every another further just let please thank thanks yes well oh
    by from to of into over about around among between than through without within""".split()
)
_TERMINALS = ".!?…"
_CLOSERS = "\"'”’)]}»"
_OPEN_QUOTES = "“‘«"
_CLOSE_QUOTES = "”’»"

_CANDIDATE = re.compile(r"(?:\.{2,}|…|[.!?])+[\"'”’)\]}»]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.'&-]*)$")


def _quote_spans(line: str, base: int) -> list[tuple[int, int]]:
    """Closed quotations in one line, as (open, close) absolute offsets."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for k, ch in enumerate(line):
        if ch == '"':
            before = line[k - 1] if k else " "
            after = line[k + 1] if k + 1 < len(line) else " "
            if before.isspace() or before in "([{—-–:" or (k == 0):
                kind = "open" if not after.isspace() else "close"
            elif after.isspace() or after in ".,;:!?)]}—–-" or k + 1 == len(line):
                kind = "close"
            else:
                kind = "open"
        elif ch in _OPEN_QUOTES and ch != "‘":
            kind = "open"
        elif ch in _CLOSE_QUOTES and ch != "’":
            kind = "close"
        else:
            continue
        if kind == "open":
            open_at = k  # an earlier unclosed quote is abandoned
        elif open_at is not None:
            spans.append((base + open_at, base + k))
            open_at = None
    return spans


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"\s*([\"'“‘(\[]?)([^\s]*)", text[pos:])
    if not m:
        return ""
    return m.group(1) + m.group(2)


def _is_boundary(line: str, m: re.Match[str]) -> bool:
    punct = m.group(0).rstrip(_CLOSERS)
    nxt = _next_word(line, m.end())
    if not nxt:
        return False
    first = nxt[0]
    if first.islower():
        return False
    opens_quote = first in "\"'“‘(["
    bare = nxt.lstrip("\"'“‘([")
    opener = bare.rstrip(".,;:!?\"'”’").lower() in _OPENERS
    if "…" in punct or ".." in punct:
        return opener or opens_quote
    if punct[-1] in "!?" or m.group(0) != punct:
        # '?', '!' or punctuation closed by a quote/bracket: a boundary unless
        # the next word is lower case (handled above).
        return True
    token = _WORD_BEFORE.search(line[: m.start()]).group(1)  # type: ignore[union-attr]
    word = token.strip("'&-")
    low = word.lower()
    if not word:
        return True
    if low in _TITLES or low in _NEVER_END:
        return False
    if low == "no" and bare[:1].isdigit():
        return False
    if re.fullmatch(r"[A-Z]", word):
        return opener
    if low in _MAYBE_END or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        return opener or opens_quote
    return True


def _line_spans(text: str) -> list[tuple[int, int]]:
    """Split into lines, joining hard-wrapped ones."""
    lines: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n\r\u2028\u2029\x85]+", text):
        s, e = m.span()
        seg = text[s:e]
        if not seg.strip():
            continue
        if lines:
            ps, pe = lines[-1]
            prev = text[ps:pe].rstrip()
            gap = text[pe:s]
            single_break = gap.count("\n") + gap.count("\r") - gap.count("\r\n") <= 1
            if (
                single_break
                and prev
                and prev[-1] not in _TERMINALS + _CLOSERS + ":;"
                and seg.lstrip()[:1].islower()
            ):
                lines[-1] = (ps, e)
                continue
        lines.append((s, e))
    return lines


def split_sentences_with_offsets(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` into ``text``, stripped of spaces.

    Args:
        text: English transcript text: one sentence per line, or paragraphs.

    Returns:
        Non-overlapping, increasing spans; ``text[start:end]`` is a sentence.

    Raises:
        TypeError: ``text`` is not a ``str``.

    >>> body = "Kim Hyun-chong arrived in Washington. He will meet U.S. officials."
    >>> split_sentences_with_offsets(body)
    [(0, 37), (38, 66)]
    """
    if not isinstance(text, str):
        msg = f"text must be str, got {type(text).__name__}"
        raise TypeError(msg)
    spans: list[tuple[int, int]] = []
    for ls, le in _line_spans(text):
        line = text[ls:le]
        quotes = _quote_spans(line, 0)
        cuts = [0]
        for m in _CANDIDATE.finditer(line):
            end = m.end()
            inside = [c for o, c in quotes if o < m.start() and end <= c]
            if inside and len(line[end : inside[0]].split()) <= 2:
                continue  # '... discussed. Most definitely."': keep a short tail
            if _is_boundary(line, m):
                cuts.append(end)
        cuts.append(len(line))
        for a, b in zip(cuts, cuts[1:], strict=False):
            piece = line[a:b]
            stripped = piece.strip()
            if not stripped:
                continue
            s = ls + a + (len(piece) - len(piece.lstrip()))
            spans.append((s, s + len(stripped)))
    return spans


def split_sentences(text: str) -> list[str]:
    """Split English transcript text into sentences.

    Handles abbreviations (U.S., Dr., a.m., Jan.), initials, decimals and
    money ($1.2 billion), ellipses inside a sentence, quotations and line
    breaks; see the module docstring for the rules.

    Args:
        text: English text; empty text gives ``[]``.

    Returns:
        Stripped, non-empty sentences in order.

    Raises:
        TypeError: ``text`` is not a ``str``.

    >>> split_sentences("Amid trade tensions with Japan,... senior officials are in "
    ...                 "Washington. Kim met U.S. officials on Wednesday.")
    ['Amid trade tensions with Japan,... senior officials are in Washington.', \
'Kim met U.S. officials on Wednesday.']
    """
    return [text[s:e] for s, e in split_sentences_with_offsets(text)]


# --------------------------------------------------------------------------
# Korean headline claims
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """One claim of a Korean headline.

    Attributes:
        text: The claim as written; always ``headline[start:end]``.
        start: Start offset into the original headline.
        end: End offset into the original headline.

    >>> split_claims('김현종 방미 "日 수출규제 美 중재 논의"')[1]
    Claim(text='日 수출규제', start=8, end=14)
    """

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (for JSON)."""
        return asdict(self)


# Labels news sites put around a headline; dropped, never a claim.
_LABEL_WORDS = (
    "속보|종합|단독|상보|인터뷰|영상|포토|사진|그래픽|리포트|르포|사설|칼럼|기고|해설|분석|"
    "일문일답|전문|이슈|뉴스|특집|기획|팩트체크|현장|초점|시론|논평|긴급|1보|2보|3보|속보\\d*"
)
_LABEL = re.compile(
    r"[\[<【〈《(]\s*(?:(?:" + _LABEL_WORDS + r")[\d보]*(?:\s*[·,]\s*(?:" + _LABEL_WORDS + r"))*"
    r"|종합\s*\d+\s*보)\s*[\]>】〉》)]"
)
# A leading bracket tag like [속보] or <인터뷰> with short content is a label too.
_LEAD_TAG = re.compile(r"^\s*[\[<【〈《][^\[\]<>【】〈〉《》]{1,10}[\]>】〉》]")

# Nouns that end a telegraphic clause ("김현종 방미", "중재 논의").
HEADLINE_VERBS = frozenset(
    """방미 방한 방일 방중 방북 방러 방유럽 귀국 출국 논의 합의 발표 요구 촉구 비판 회담
    경고 거부 면담 요청 강조 시사 검토 추진 결정 발사 도발 항의 반발 반대 지지 제안 제의 수용
    철회 연기 취소 타결 결렬 개최 참석 방문 도착 출석 사퇴 사임 임명 지명 선출 체포 기소 구속
    부인 인정 공개 보도 전망 예상 우려 경계 주장 언급 지시 당부 약속 서명 승인 통과 부결
    가결 의결 선언 시작 재개 중단 종료 착수 급등 급락 상승 하락 증가 감소 반등 돌파 동결
    인상 인하 완화 강화 확대 축소 맞대응
    압수수색 소환 검거 사망 부상 실종 구조 대피 우승 패배 승리""".split()
)

_HANJA = r"[\u4e00-\u9fff\uf900-\ufaff]"
_SUBJECT_START = re.compile(r"^" + _HANJA + r"(?:[\uac00-\ud7a3]|$)")
_QUOTE_CHARS = "\"'"
_ELLIPSIS = re.compile(r"…|\.{2,}|‥")


def _tokens(seg: str) -> list[str]:
    return seg.split()


def _clause_cuts(text: str, s: int, e: int) -> list[int]:
    """Offsets inside ``text[s:e]`` where a new clause (claim) starts.

    A new claim starts at token *t* (with at least two tokens before it in the
    piece) when *t* starts with a one-character Hanja abbreviation (美, 日,
    北, 靑, 文대통령), or when the token before *t* is a headline verb-noun
    (방미, 논의, 발사 ...) and *t* starts a phrase of at least two tokens that
    is not itself a verb-noun. "日 수출규제 美 중재 논의" -> "日 수출규제" |
    "美 중재 논의".
    """
    toks = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[s:e])]
    cuts: list[int] = []
    last = 0
    for i in range(2, len(toks)):
        if i - last < 2:
            continue
        tok = text[s + toks[i][0] : s + toks[i][1]]
        prev = text[s + toks[i - 1][0] : s + toks[i - 1][1]]
        rest = len(toks) - i
        hanja_subject = bool(_SUBJECT_START.match(tok)) and rest >= 2
        after_verb = (
            prev in HEADLINE_VERBS
            and rest >= 2
            and tok not in HEADLINE_VERBS
            and not tok[0].isdigit()
        )
        if hanja_subject or after_verb:
            cuts.append(s + toks[i][0])
            last = i
    return cuts


def _dot_cuts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Middle dots in ``text[s:e]`` with clause-like (multi-token) sides."""
    dots = [s + m.start() for m in re.finditer(re.escape(CANONICAL_MIDDLE_DOT), text[s:e])]
    out: list[tuple[int, int]] = []
    bounds = [s, *dots, e]
    for k, d in enumerate(dots):
        left = text[bounds[k] : d]
        right = text[d + 1 : bounds[k + 2]]
        if len(left.split()) > 1 and len(right.split()) > 1:
            out.append((d, d + 1))
    return out


def split_claims(headline: str) -> tuple[Claim, ...]:
    """Split a telegraphic Korean headline into claims.

    Rule, in order:

    1. Labels are dropped: ``[속보]``, ``(종합)``, ``<인터뷰>``, ``(종합2보)``
       anywhere, and any short bracket tag at the very start.
    2. Hard separators cut the headline: commas, quote marks (so a quotation
       is its own piece), ellipses (``…``, ``...``), ``:`` (not between
       digits), ``;``, ``|``, `` - `` and dashes, and a middle dot only when
       both sides have more than one token ("한·미 정상회담" and "美·中" stay
       whole, "北 미사일 발사·日 강력 항의" splits).
    3. Inside each piece a new claim starts at a Hanja subject (美, 日, 靑 ...)
       or after a headline verb-noun (방미, 논의 ...) when at least two tokens
       precede and follow (see ``_clause_cuts``).
    4. A one-token piece (a speaker or topic: "北,", "靑:", "文대통령") is not a
       claim by itself: it is joined to the piece that follows it (or, at the
       end, to the one before), so '트럼프 "김정은과 좋은 관계"' stays one claim.

    Args:
        headline: Korean headline text.

    Returns:
        Claims in order, never empty, each ``headline[start:end]``. A headline
        with no split point gives one claim (the headline without labels).

    Raises:
        TypeError: ``headline`` is not a ``str``.
        ValueError: ``headline`` is empty or whitespace-only.

    >>> [c.text for c in split_claims('김현종 방미 "日 수출규제 美 중재 논의"')]
    ['김현종 방미', '日 수출규제', '美 중재 논의']
    >>> [c.text for c in split_claims('北, 동해상 미사일 발사…합참 "추가 도발 대비"')]
    ['北, 동해상 미사일 발사', '합참 "추가 도발 대비"']
    """
    require_text(headline, field="headline", example="김현종 방미")
    norm = normalize_with_offsets(headline, field="headline")
    t = norm.text
    n = len(t)
    # 1. labels -> blanked (treated like separators)
    blocked = [False] * n
    for m in _LABEL.finditer(t):
        blocked[m.start() : m.end()] = [True] * (m.end() - m.start())
    lead = _LEAD_TAG.match(t)
    if lead and lead.end() < n and t[lead.end() :].strip():
        blocked[lead.start() : lead.end()] = [True] * (lead.end() - lead.start())
    # 2. hard separators
    sep = list(blocked)
    for k, ch in enumerate(t):
        if ch == "," and 0 < k < n - 1 and t[k - 1].isdigit() and t[k + 1].isdigit():
            continue  # 2,000
        if ch in ",;|\n" or ch in _QUOTE_CHARS or ch in "—–":
            # apostrophe inside a Latin word (Moon's) is not a quote
            if ch == "'" and 0 < k < n - 1 and t[k - 1].isalpha() and t[k + 1].isalpha():
                continue
            sep[k] = True
        elif ch == ":" and not (0 < k < n - 1 and t[k - 1].isdigit() and t[k + 1].isdigit()):
            sep[k] = True
        elif ch == "-" and 0 < k < n - 1 and t[k - 1] == " " and t[k + 1] == " ":
            sep[k] = True
    for m in _ELLIPSIS.finditer(t):
        sep[m.start() : m.end()] = [True] * (m.end() - m.start())
    pieces = _runs(t, sep)
    # middle dots between clause-like sides
    refined: list[tuple[int, int]] = []
    for s, e in pieces:
        cur = s
        for d0, d1 in _dot_cuts(t, s, e):
            refined.append((cur, d0))
            cur = d1
        refined.append((cur, e))
    # 3. clause cuts inside pieces
    claims_spans: list[tuple[int, int]] = []
    for s, e in refined:
        cur = s
        for c in _clause_cuts(t, s, e):
            claims_spans.append((cur, c))
            cur = c
        claims_spans.append((cur, e))
    claims_spans = [_trim(t, s, e) for s, e in claims_spans]
    claims_spans = [(s, e) for s, e in claims_spans if e > s and _has_content(t[s:e])]
    if not claims_spans:
        s, e = _trim(t, 0, n)
        if not t[s:e].strip():  # nothing but marks and breaks ('"\n"'): keep it whole
            s, e = 0, n
        claims_spans = [(s, e)]
    # 4. one-token pieces join their neighbour: a speaker/topic ("北,", "靑:",
    # "트럼프 "...") joins the claim after it, a trailing predicate ("'日 수출규제'
    # 대응…") the claim before it.
    merged: list[list[int]] = []
    pending: int | None = None
    for k, (s, e) in enumerate(claims_spans):
        one_token = len(t[s:e].split()) <= 1
        if pending is not None:
            s, pending = pending, None
        if one_token and len(claims_spans) > 1:
            after = t[e:].lstrip()[:1]
            is_last = k == len(claims_spans) - 1
            if merged and (is_last or after not in ",:\"'" or not after):
                merged[-1][1] = e
                continue
            if not is_last:
                pending = s
                continue
        merged.append([s, e])
    if pending is not None:  # pragma: no cover - the last piece always lands above
        merged.append([pending, claims_spans[-1][1]])
    out: list[Claim] = []
    prev = 0
    for s, e in merged:
        s, e = _balance_quotes(t, s, e)
        # a quote mark between two claims closes one and opens the other
        # ('"500억 달러"김현종"...'): it goes to the first, so claims never overlap
        s = max(s, prev)
        prev = e
        os_, oe = norm.to_original(s, e)
        out.append(Claim(text=headline[os_:oe], start=os_, end=oe))
    return tuple(out)


def _runs(t: str, sep: list[bool]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for k, flag in enumerate(sep):
        if not flag and start is None:
            start = k
        elif flag and start is not None:
            runs.append((start, k))
            start = None
    if start is not None:
        runs.append((start, len(t)))
    return runs


def _trim(t: str, s: int, e: int) -> tuple[int, int]:
    junk = " ,;:·|-—–…." + _QUOTE_CHARS
    while s < e and t[s] in junk:
        s += 1
    while e > s and t[e - 1] in junk:
        e -= 1
    return s, e


def _has_content(seg: str) -> bool:
    return any(ch.isalnum() for ch in seg)


def _balance_quotes(t: str, s: int, e: int) -> tuple[int, int]:
    """Include the closing quote when a claim contains an opening one."""
    for q in _QUOTE_CHARS:
        if t[s:e].count(q) % 2 == 1:
            if e < len(t) and t[e] == q:
                return s, e + 1
            if s > 0 and t[s - 1] == q:
                return s - 1, e
    return s, e
