"""Tests for ko_en_align.text: normalisation, offsets, input checks."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ko_en_align.text import (
    has_hangul,
    mask_headline_tags,
    normalize_text,
    normalize_with_offsets,
    require_text,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("김현종 방미 “日 수출규제 美 중재 논의”", '김현종 방미 "日 수출규제 美 중재 논의"'),
        ("「수출규제 철회」 『경제보복』", '"수출규제 철회" "경제보복"'),
        ("‘日 수출규제’ 대응", "'日 수출규제' 대응"),
        ("한ㆍ미 외교장관 회담", "한·미 외교장관 회담"),
        ("美‧中 • 日・韓", "美·中 · 日·韓"),
        ("ＡＢＣ１２３ 삼성전자", "ABC123 삼성전자"),
        ("\ufeff김현종\u200b 방미\u2060", "김현종 방미"),
        ("line one\r\nline two\rline three", "line one\nline two\nline three"),
        ("tabs\t\tand   spaces\u3000here", "tabs and spaces here"),
        ("nul\x00byte\x07 and C1\x9f", "nulbyte and C1"),
        ("  padded  \n  lines  ", "padded\nlines"),
        ("文대통령 日 美 🇰🇷 😀", "文대통령 日 美 🇰🇷 😀"),
        ("family 👨\u200d👩\u200d👧", "family 👨\u200d👩\u200d👧"),
        ("", ""),
    ],
)
def test_normalize_text_cases(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_nfd_hangul_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "김현종 방미")
    assert len(decomposed) > len("김현종 방미")
    assert normalize_text(decomposed) == "김현종 방미"


def test_offsets_map_back_through_nfd_and_removed_chars() -> None:
    original = unicodedata.normalize("NFD", "김현종") + "\u200b 방미 “日 수출규제”"
    n = normalize_with_offsets(original)
    assert n.text == '김현종 방미 "日 수출규제"'
    start = n.text.index("日")
    s, e = n.to_original(start, start + len("日 수출규제"))
    assert original[s:e] == "日 수출규제"
    s, e = n.to_original(0, 3)
    assert unicodedata.normalize("NFC", original[s:e]) == "김현종"


def test_to_original_rejects_bad_span() -> None:
    n = normalize_with_offsets("김현종 방미")
    with pytest.raises(ValueError, match="outside"):
        n.to_original(3, 99)


@pytest.mark.parametrize("bad", [None, 3, b"bytes", ["list"]])
def test_normalize_type_error_names_field_and_type(bad: object) -> None:
    with pytest.raises(TypeError, match=f"headline must be str, got {type(bad).__name__}"):
        normalize_text(bad, field="headline")  # type: ignore[arg-type]


def test_require_text_messages() -> None:
    assert require_text("김현종 방미", field="headline", example="김현종 방미") == "김현종 방미"
    with pytest.raises(TypeError, match="headline must be str, got int"):
        require_text(5, field="headline", example="김현종 방미")
    with pytest.raises(TypeError, match="got NoneType"):
        require_text(None, field="body")
    with pytest.raises(
        ValueError, match=r"headline is empty; expected Korean text such as '김현종 방미'"
    ):
        require_text(" \u200b\t\n", field="headline", example="김현종 방미")
    with pytest.raises(ValueError, match="body is empty; expected English text such as"):
        require_text("", field="body", example="Kim Hyun-chong arrived in Washington.")


def test_has_hangul() -> None:
    assert has_hangul("日 수출규제")
    assert has_hangul("ㄱ")
    assert not has_hangul("日 美 Kim Hyun-chong 123")


@given(st.text())
def test_property_normalize_offsets_valid(text: str) -> None:
    n = normalize_with_offsets(text)
    assert n.text == normalize_text(text)
    assert len(n.starts) == len(n.ends) == len(n.text)
    prev = 0
    for s, e in zip(n.starts, n.ends, strict=True):
        assert 0 <= s < e <= len(text)
        assert s >= prev
        prev = s
    for i in range(len(n.text) + 1):
        s, e = n.to_original(0, i)
        assert 0 <= s <= e <= len(text)
    # idempotent, and nothing the rules remove survives
    assert normalize_text(n.text) == n.text
    assert not any(ch in n.text for ch in "\r\ufeff\u200b\x00“”ㆍ")
    assert n.text == n.text.strip()


@pytest.mark.parametrize(
    ("headline", "kept"),
    [
        ('[속보] 김현종 방미 "日 수출규제 美 중재 논의"', '김현종 방미 "日 수출규제 美 중재 논의"'),
        ("[단독][2019 국감] 김현종 방미", "김현종 방미"),
        ("【포토】 김현종 방미", "김현종 방미"),
        ("<속보> 김현종 방미", "김현종 방미"),
        ('김현종 방미…"日 수출규제 논의"(종합)', '김현종 방미…"日 수출규제 논의"'),
        ("김현종 방미 (종합 2보)", "김현종 방미"),
        ("김현종 방미(2보)[영상]", "김현종 방미"),
        ("김현종 방미 - 연합뉴스", "김현종 방미"),
        ("김현종 방미 | KBS", "김현종 방미"),
        ("[속보] 김현종 방미 :: 뉴시스", "김현종 방미"),
        ("김현종 방미(종합) - 조선일보", "김현종 방미"),
        ("김현종 방미 / 뉴스1(종합)", "김현종 방미"),
    ],
)
def test_headline_tags_become_spaces_of_the_same_length(headline, kept):
    masked = mask_headline_tags(headline)
    assert len(masked) == len(headline)
    assert " ".join(masked.split()) == kept
    # what is kept stays where it was
    assert all(m == h for m, h in zip(masked, headline, strict=True) if m != " ")


@pytest.mark.parametrize(
    "headline",
    [
        "우스터셔(Worcestershire) 홍수",  # a gloss is content
        "文대통령 (2019년) 신년사",  # a year in parentheses, not a status tag
        "[속보]",  # nothing but a tag: left alone
        "코스피 2% 급등 [종목]",  # a trailing label that is no status tag
        "서울 - 부산 고속철 개통",  # a dash between places
        "한미 정상회담 / 경제",  # a generic head alone is content, not an outlet
        "김현종 방미 - 한미 공동 대응",
        "- 연합뉴스",  # nothing but a credit: left alone
    ],
)
def test_content_in_brackets_is_kept(headline):
    assert mask_headline_tags(headline) == headline


def test_mask_headline_tags_rejects_non_text():
    with pytest.raises(TypeError, match="headline"):
        mask_headline_tags(None)  # type: ignore[arg-type]
