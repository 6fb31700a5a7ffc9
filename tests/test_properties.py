"""Property tests (Hypothesis) over the pure-Python public functions, on messy Unicode.

Extends the properties in test_text/test_segment/test_numbers/test_entities with
the inputs real scraped bulletins carry: decomposed Hangul (NFD), BOMs, NUL and
other control characters, CRLF, zero-width and bidi marks, emoji ZWJ sequences,
full-width text, CJK quotes, middle dots and Hanja. Model-backed properties live
in test_reliability.py.

Run with ``--hypothesis-show-statistics`` to see how many cases each one ran.
"""

from __future__ import annotations

import json
import math
import unicodedata
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ko_en_align.bulletin import (
    Bulletin,
    BulletinFormatError,
    DecodingWarning,
    NoHangulWarning,
    RejectedRecord,
    read_bulletins,
)
from ko_en_align.entities import (
    entity_similarity,
    extract_entities,
    match_entities,
    transliteration_similarity,
)
from ko_en_align.numbers import compare_numbers, extract_numbers, match_numbers
from ko_en_align.segment import split_claims, split_sentences, split_sentences_with_offsets
from ko_en_align.text import normalize_text, normalize_with_offsets

PURE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MEDIUM = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- strategies

NASTY = [
    "\ufeff",  # BOM
    "\x00",  # NUL
    "\r\n",
    "\r",
    "\n",
    "\u200b",  # zero-width space
    "\u200e",  # LRM
    "\u200f",  # RLM
    "\u202e",  # RLO
    "\u2066",  # LRI (not in the removal list: must still be harmless)
    "\x1b",
    "\x7f",
    "\u00ad",
    "\u3000",
    "\t",
    "👨\u200d👩\u200d👧",
    "🇰🇷",
    "❤️",
    "“",
    "”",
    "‘",
    "’",
    "「",
    "」",
    "『",
    "』",
    "·",
    "ㆍ",
    "…",
    "...",
    "ＡＢＣ１２３",
    "日",
    "美",
    "北",
    "靑",
    "與野",
    unicodedata.normalize("NFD", "김현종"),
    unicodedata.normalize("NFD", "방미"),
    "ᄀ",  # lone leading jamo
    "ᅡ",  # lone vowel jamo
    "ᆨ",  # lone trailing jamo
    "\u0301",  # combining acute
    "\ud800",  # lone surrogate
    "\U000e0001",  # language tag
]
WORDS = [
    "김현종",
    "방미",
    "수출규제",
    "중재",
    "논의",
    "500억 달러",
    "13세",
    "6조5천억원",
    "56%",
    "Kim Hyun-chong",
    "Washington.",
    "U.S.",
    "Dr.",
    "He said.",
    "$50 billion",
    "13-year-old",
    "July 10",
    ",",
    '"',
    "'",
    " ",
    "  ",
    ".",
    "?",
    "!",
    "[속보]",
    "(종합)",
]

nasty_text = st.lists(
    st.one_of(st.sampled_from(NASTY), st.sampled_from(WORDS), st.text(max_size=4)),
    max_size=25,
).map("".join)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --------------------------------------------------------------------------- text


@PURE
@given(nasty_text)
def test_normalize_offsets_idempotent_on_nasty_text(text: str) -> None:
    n = normalize_with_offsets(text)
    assert n.text == normalize_text(text)
    assert normalize_text(n.text) == n.text
    assert n.original == text
    assert len(n.starts) == len(n.ends) == len(n.text)
    prev = (0, 0)
    for k, (s, e) in enumerate(zip(n.starts, n.ends, strict=True)):
        assert 0 <= s < e <= len(text)
        assert s >= prev[0]
        assert e >= prev[1]
        prev = (s, e)
        ch = n.text[k]
        if not ch.isspace() and ch not in "\u200d":
            # the source span of a visible character normalises to something holding it
            assert ch in unicodedata.normalize(
                "NFKC", normalize_text(text[s:e])
            ) or ch in normalize_text(text[s:e]), (ch, text[s:e])
    # nothing the rules remove survives
    assert not any(
        c in n.text for c in "\r\ufeff\u200b\u200e\u200f\u202e\x00\x1b\x7f“”‘’「」『』ㆍ\u3000\t"
    )
    assert not any(unicodedata.category(c) == "Cs" for c in n.text)
    assert n.text == unicodedata.normalize("NFC", n.text) or any(
        unicodedata.combining(c) for c in n.text
    )


@PURE
@given(nasty_text)
def test_normalize_same_for_nfc_and_nfd(text: str) -> None:
    text = text.replace(
        "\ud800", ""
    )  # NFD/NFC of a lone surrogate is itself; keep the property simple
    assert normalize_text(_nfd(text)) == normalize_text(unicodedata.normalize("NFC", text))


@PURE
@given(nasty_text, st.data())
def test_to_original_spans_nest(text: str, data: st.DataObject) -> None:
    n = normalize_with_offsets(text)
    size = len(n.text)
    a = data.draw(st.integers(0, size))
    b = data.draw(st.integers(a, size))
    s, e = n.to_original(a, b)
    assert 0 <= s <= e <= len(text)
    if a < b:
        # the span covers what it maps: normalising it gives back the selected text
        # up to the whitespace trimmed at its ends
        # (a joiner kept for its context may be dropped when the span is cut out alone)
        want = n.text[a:b].strip().strip("\u200d")
        assert want in normalize_text(text[s:e]) or not want


# --------------------------------------------------------------------------- segmentation


@PURE
@given(nasty_text)
def test_split_sentences_on_nasty_text(text: str) -> None:
    spans = split_sentences_with_offsets(text)
    sents = split_sentences(text)
    assert sents == [text[s:e] for s, e in spans]
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        prev = e
    assert split_sentences(text) == sents  # deterministic
    # a normalised text splits without crashing and yields only non-empty sentences
    assert all(x.strip() for x in split_sentences(normalize_text(text)))


@PURE
@given(nasty_text)
def test_split_claims_on_nasty_headlines(headline: str) -> None:
    try:
        claims = split_claims(headline)
    except ValueError:
        assert not normalize_text(headline)
        with pytest.raises(ValueError, match="headline is empty"):
            split_claims(headline)
        return
    assert claims
    prev = 0
    for c in claims:
        assert headline[c.start : c.end] == c.text
        assert c.start >= prev
        assert normalize_text(c.text)
        prev = c.end
    assert split_claims(headline) == claims


@PURE
@given(nasty_text)
def test_split_claims_same_for_nfc_and_nfd(headline: str) -> None:
    headline = headline.replace("\ud800", "")
    nfc = unicodedata.normalize("NFC", headline)
    if not normalize_text(nfc):
        return
    a = [normalize_text(c.text) for c in split_claims(nfc)]
    b = [normalize_text(c.text) for c in split_claims(_nfd(nfc))]
    assert a == b


# --------------------------------------------------------------------------- numbers

digits_text = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "9" * 30,
                "9" * 320,
                "1,000",
                "0.5",
                "3.",
                ".",
                "1e9",
                "조",
                "억",
                "만",
                "원",
                "달러",
                "명",
            ]
        ),
        st.sampled_from(["$", " billion", " trillion", "%", "-year-old", " people", " won"]),
        st.sampled_from(NASTY),
    ),
    max_size=12,
).map("".join)


@PURE
@given(st.one_of(nasty_text, digits_text), st.sampled_from(["ko", "en", "auto"]))
def test_extract_numbers_offsets_and_finite_values(text: str, lang: str) -> None:
    mentions = extract_numbers(text, lang=lang)  # type: ignore[arg-type]
    prev = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= prev
        prev = m.end
        assert math.isfinite(m.value), m
        json.dumps(m.to_dict(), allow_nan=False)
    assert extract_numbers(text, lang=lang) == mentions  # type: ignore[arg-type]


def test_huge_number_is_not_infinite() -> None:
    # regression: a 400-digit number parsed to inf, which to_dict() then wrote as
    # the non-JSON token Infinity and compare_numbers scored as NaN arithmetic
    for text in ("9" * 400 + "조원", "$" + "9" * 400 + " billion", "9" * 400):
        for m in extract_numbers(text):
            assert math.isfinite(m.value)


@MEDIUM
@given(digits_text, st.lists(digits_text, max_size=3))
def test_match_numbers_scores_in_unit_interval(ko: str, en: list[str]) -> None:
    for m in match_numbers(ko, en):
        assert 0.0 <= m.score <= 1.0
        if m.en is not None:
            assert m.sentence_index is not None
            assert en[m.sentence_index][m.en.start : m.en.end] == m.en.text
            assert compare_numbers(m.ko, m.en) == m.score


# --------------------------------------------------------------------------- bulletins


def _build(headline: object, body: object) -> Bulletin | None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", NoHangulWarning)
        try:
            return Bulletin(headline, body)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None


@PURE
@given(nasty_text, st.one_of(nasty_text, st.lists(nasty_text, max_size=4)))
def test_bulletin_accepts_or_raises_documented_errors(headline: str, body: str | list[str]) -> None:
    b = _build(headline, body)
    if b is None:
        return
    assert b.headline
    assert b.headline == normalize_text(b.headline)
    assert b.sentences
    assert all(s and s == normalize_text(s) for s in b.sentences)
    json.dumps(b.to_dict(), ensure_ascii=False)
    assert _build(headline, body) == b


@PURE
@given(nasty_text)
def test_bulletin_from_text_only_documented_errors(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", NoHangulWarning)
        try:
            b = Bulletin.from_text(text)
        except ValueError:
            with pytest.raises(ValueError, match="empty"):
                Bulletin.from_text(text)
            return
    assert b.headline
    assert b.sentences


@pytest.mark.parametrize("bad", [None, 3, b"\xea\xb9\x80", ["김현종"], 3.5])
def test_bulletin_type_errors_name_the_type(bad: object) -> None:
    with pytest.raises(TypeError, match=type(bad).__name__):
        Bulletin(bad, ["Kim arrived."])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=type(bad).__name__):
        Bulletin.from_text(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("blank", ["", "   ", "\u200b\ufeff", "\r\n\t", "\x00"])
def test_bulletin_empty_fields_name_the_field(blank: str) -> None:
    with pytest.raises(ValueError, match="headline is empty"):
        Bulletin(blank, ["Kim arrived."])
    with pytest.raises(ValueError, match="sentences is empty"):
        Bulletin("김현종 방미", blank)
    with pytest.raises(ValueError, match="sentences is empty"):
        Bulletin("김현종 방미", [blank])


def test_hangul_free_headline_warns_and_runs() -> None:
    with pytest.warns(NoHangulWarning, match="contains no Hangul"):
        b = Bulletin("Kim visits U.S.", ["Kim arrived."])
    assert b.headline == "Kim visits U.S."


GOOD = {
    "id": "g",
    "headline": "김현종 방미",
    "body": "Kim Hyun-chong arrived in Washington. He met U.S. officials.",
}
GARBAGE = [
    b"{not json",
    b"[1, 2, 3]",
    b'"just a string"',
    b"null",
    b"42",
    b'{"headline": "\xea\xb9\x80\xed\x98\x84\xec\xa2\x85"}',  # missing body
    b'{"body": "Kim arrived."}',  # missing headline
    b'{"headline": 3, "body": "Kim arrived."}',
    b'{"headline": "", "body": "Kim arrived."}',
    b'{"headline": "\xeb\xb0\xa9\xeb\xaf\xb8", "body": ""}',
    b'{"headline": "\xeb\xb0\xa9\xeb\xaf\xb8", "body": ["a"]}',
    b'{"headline": "\xeb\xb0\xa9\xeb\xaf\xb8", "sentences": "Kim arrived."}',
    b'{"headline": "\xeb\xb0\xa9\xeb\xaf\xb8", "sentences": [1, 2]}',
    b'{"headline": "\xeb\xb0\xa9\xeb\xaf\xb8", "sentences": []}',
    b'{"headline": "\\u200b\\ufeff", "body": "Kim arrived."}',
    b"\xff\xfe\x00garbage",
    b"\x00\x00\x00",
    b'{"headline": "\xeb\xb0\xa9\xeb\xaf\xb8", "body": "Kim arrived."',  # truncated
]
GOOD_LINES = [
    json.dumps(GOOD, ensure_ascii=False).encode(),
    json.dumps(
        {"headline": _nfd("김현종 방미"), "sentences": ["Kim arrived.", "\ufeffHe met them.\r\n"]}
    ).encode(),
    json.dumps(
        {
            "id": 7,
            "headline": "「日 수출규제」 美 중재",
            "body": "Japan\u200b curbs exports.\x00 The U.S. mediates.",
        },
        ensure_ascii=False,
    ).encode(),
    b'{"headline": "\xeb\xb0\xa9\xeb\xaf\xb8 \xff", "body": "Bad byte \xfe here."}',  # decodes with U+FFFD
    b'\xef\xbb\xbf{"headline": "\xeb\xb0\xa9\xeb\xaf\xb8", "body": "A BOM starts this line."}',
]


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("good"), st.sampled_from(GOOD_LINES)),
            st.tuples(st.just("bad"), st.sampled_from(GARBAGE)),
            st.tuples(st.just("blank"), st.sampled_from([b"", b"   ", b"\t"])),
        ),
        max_size=20,
    ),
    st.sampled_from([b"\n", b"\r\n"]),
)
def test_read_bulletins_counts_every_record(
    tmp_path: Path, lines: list[tuple[str, bytes]], eol: bytes
) -> None:
    path = tmp_path / "messy.jsonl"
    path.write_bytes(eol.join(raw for _, raw in lines) + (eol if lines else b""))
    errors: list[RejectedRecord] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = list(read_bulletins(path, errors=errors))
    assert all(issubclass(w.category, DecodingWarning | NoHangulWarning) for w in caught), [
        str(w.message) for w in caught
    ]
    expected_good = [n for n, (kind, _) in enumerate(lines, start=1) if kind == "good"]
    expected_bad = [n for n, (kind, _) in enumerate(lines, start=1) if kind == "bad"]
    assert len(got) == len(expected_good)
    assert [e.line for e in errors] == expected_bad
    assert all(e.source == str(path) and e.reason for e in errors)
    read = sum(1 for kind, _ in lines if kind != "blank")
    assert read == len(got) + len(errors)
    # ids default to file stem + line number, so every record is traceable
    for b, n in zip(got, expected_good, strict=True):
        assert b.id is not None
        assert b.id in ("g", "7") or b.id == f"messy:{n}"
    # strict mode: the first bad record raises with its line number
    if expected_bad:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(BulletinFormatError) as info:
                list(read_bulletins(path))
        assert info.value.line == expected_bad[0]


# --------------------------------------------------------------------------- entities

latin_name = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -.'"),
    min_size=1,
    max_size=20,
)


@PURE
@given(st.one_of(nasty_text, latin_name), st.one_of(nasty_text, latin_name))
def test_transliteration_similarity_range_symmetry_determinism(a: str, b: str) -> None:
    s = transliteration_similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert transliteration_similarity(b, a) == s  # documented: f(a, b) == f(b, a)
    assert transliteration_similarity(a, b) == s


@MEDIUM
@given(st.one_of(nasty_text, latin_name), st.one_of(nasty_text, latin_name))
def test_entity_similarity_range(a: str, b: str) -> None:
    assert 0.0 <= entity_similarity(a, b) <= 1.0


@MEDIUM
@given(nasty_text)
def test_extract_entities_on_nasty_text(text: str) -> None:
    if not text.strip():
        with pytest.raises(ValueError, match="empty"):
            extract_entities(text)
        return
    ents = extract_entities(text)
    for e in ents:
        assert text[e.start : e.end] == e.text
    assert extract_entities(text) == ents


@MEDIUM
@given(nasty_text.filter(str.strip), st.lists(nasty_text, min_size=1, max_size=3))
def test_match_entities_on_nasty_text(headline: str, sentences: list[str]) -> None:
    for m in match_entities(headline, sentences):
        assert 0.0 <= m.score <= 1.0
        if m.sentence_index is not None:
            sent = sentences[m.sentence_index]
            assert sent[m.start : m.end] == m.en_text


@pytest.mark.parametrize(
    ("ko", "en"), [("김현종", "Kim Hyun-chong"), ("라이트하이저", "Lighthizer")]
)
def test_transliteration_similarity_same_for_nfd_hangul(ko: str, en: str) -> None:
    assert transliteration_similarity(_nfd(ko), en) == pytest.approx(
        transliteration_similarity(ko, en)
    )


def test_extract_entities_same_kinds_for_nfd_headline() -> None:
    headline = '김현종 방미 "日 수출규제 美 중재 논의"'
    nfc = [(normalize_text(e.text), e.kind) for e in extract_entities(headline)]
    nfd = [(normalize_text(e.text), e.kind) for e in extract_entities(_nfd(headline))]
    assert nfd == nfc


# --------------------------------------------------------------------------- regressions found by the properties


@pytest.mark.parametrize("mark", ["\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidi_isolates_are_removed(mark: str) -> None:
    # regression: U+2066-U+2069 survived normalisation, so an invisible
    # headline such as '\u2066' was accepted as non-empty
    assert normalize_text(f"{mark}김현종 방미{mark}") == "김현종 방미"
    with pytest.raises(ValueError, match="headline is empty"):
        Bulletin(mark, ["Kim arrived."])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A\x1b\u0301", "\u00c1"),
        ("\u1100\x00\u1161 방미", "가 방미"),
        ("\ufeff\u1100\u200b\u1161", "가"),
        ("Ａ\u0301", "\u00c1"),
    ],
)
def test_normalize_composes_across_removed_characters(raw: str, expected: str) -> None:
    # regression: a NUL/BOM/control character between a base and its combining
    # mark (or a leading jamo and its vowel) left the output un-composed, so
    # normalize_text was not idempotent
    n = normalize_with_offsets(raw)
    assert n.text == expected
    assert normalize_text(n.text) == n.text
    s, e = n.to_original(0, 1)
    assert normalize_text(raw[s:e]) == n.text[0]


@pytest.mark.parametrize("headline", ["“\r\n“", '"\n"'])
def test_claim_of_content_free_headline_is_not_bare_whitespace(headline: str) -> None:
    # regression: the fallback claim was the trimmed '\r\n' between the quotes
    (claim,) = split_claims(headline)
    assert claim.text.strip()
    assert headline[claim.start : claim.end] == claim.text


def test_compatibility_ideograph_is_nfc_mapped() -> None:
    # a single-character chunk still goes through NFC (U+2F800 -> U+4E3D)
    n = normalize_with_offsets("\U0002f800 중재")
    assert n.text == "\u4e3d 중재"
    assert n.to_original(0, 1) == (0, 1)


def test_lone_surrogate_id_becomes_replacement_character(tmp_path: Path) -> None:
    # regression: '{"id": "a\\ud800", ...}' kept the lone surrogate in Bulletin.id,
    # and the CLI died with UnicodeEncodeError writing it to stdout
    path = tmp_path / "ids.jsonl"
    path.write_text(
        '{"id": "a\\ud800", "headline": "김현종 방미", "body": "Kim arrived."}\n', encoding="utf-8"
    )
    (b,) = read_bulletins(path)
    assert b.id == "a\ufffd"
    json.dumps(b.to_dict(), ensure_ascii=False).encode("utf-8")
    assert Bulletin("김현종", ["Kim arrived."], id=7).id == "7"
