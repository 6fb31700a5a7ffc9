"""Tests for ko_en_align.numbers: extraction and cross-language comparison."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ko_en_align.numbers import NumberMention, compare_numbers, extract_numbers, match_numbers


def _vu(text: str, lang: str = "auto") -> list[tuple[float, str]]:
    return [(m.value, m.unit) for m in extract_numbers(text, lang=lang)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("500억 달러 투자", [(5e10, "usd")]),
        ("영업익 6조5천억원", [(6.5e12, "krw")]),
        ("최저임금 8천590원", [(8590.0, "krw")]),
        ("시위대 3천명", [(3000.0, "people")]),
        ("관중 1만2천명", [(12000.0, "people")]),
        ("13세 소녀", [(13.0, "age")]),
        ("13살 소년", [(13.0, "age")]),
        ("4명 사망", [(4.0, "people")]),
        ("한 명 부상", [(1.0, "people")]),
        ("세 명 구조", [(3.0, "people")]),
        ("열두 명 실종", [(12.0, "people")]),
        ("이십 명", [(20.0, "people")]),
        ("미사일 2발 발사", [(2.0, "count")]),
        ("세 차례 회담", [(3.0, "count")]),
        ("3.5% 성장", [(3.5, "percent")]),
        ("3.5퍼센트 성장", [(3.5, "percent")]),
        ("금리 0.25%p 인하", [(0.25, "percentage_point")]),
        ("2019년 7월 10일", [(2019.0, "year"), (7.0, "month"), (10.0, "day")]),
        ("3년 만에", [(3.0, "years")]),
        ("3개월 만에", [(3.0, "months")]),
        ("2분기 실적", [(2.0, "quarter")]),
        ("오후 3시 회견", [(15.0, "time")]),
        ("두 번째 회담", [(2.0, "ordinal")]),
        ("코스피 2,000선", [(2000.0, "")]),
        ("지난주 오늘 내일 한국 세계 두고", []),
    ],
)
def test_extract_korean(text: str, expected: list[tuple[float, str]]) -> None:
    assert _vu(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a $50 billion deal", [(5e10, "usd")]),
        ("50 billion dollars", [(5e10, "usd")]),
        ("US$1.2 billion", [(1.2e9, "usd")]),
        ("6.48 trillion won", [(6.48e12, "krw")]),
        ("four people died", [(4.0, "people")]),
        ("3,000 people", [(3000.0, "people")]),
        ("20.4 million people", [(2.04e7, "people")]),
        ("a 13-year-old girl", [(13.0, "age")]),
        ("a man aged 46", [(46.0, "age")]),
        ("46 years old", [(46.0, "age")]),
        ("a dozen people", [(12.0, "people")]),
        ("twenty-five", [(25.0, "")]),
        ("3.5 percent", [(3.5, "percent")]),
        ("100%", [(100.0, "percent")]),
        ("July 2019", [(7.0, "month"), (2019.0, "year")]),
        ("on July 10, 2019", [(7.0, "month"), (10.0, "day"), (2019.0, "year")]),
        ("10 July", [(10.0, "day"), (7.0, "month")]),
        ("the second quarter", [(2.0, "quarter")]),
        ("at 3 p.m. Wednesday", [(15.0, "time")]),
        ("first visit", [(1.0, "ordinal")]),
        ("the 21st century", [(21.0, "ordinal")]),
        ("he may go a year ago", []),
    ],
)
def test_extract_english(text: str, expected: list[tuple[float, str]]) -> None:
    assert _vu(text) == expected


def test_mention_offsets_and_dict() -> None:
    text = "삼성전자 2분기 영업익 6조5천억원…작년比 56% 감소"
    mentions = extract_numbers(text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    assert [m.text for m in mentions] == ["2분기", "6조5천억원", "56%"]
    d = mentions[1].to_dict()
    assert d == {
        "text": "6조5천억원",
        "start": 13,
        "end": 19,
        "value": 6.5e12,
        "unit": "krw",
        "kind": "money",
    }


def _one(text: str) -> NumberMention:
    mentions = extract_numbers(text)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    ("ko", "en", "low", "high"),
    [
        ("500억 달러", "$50 billion", 1.0, 1.0),
        ("13세", "13-year-old", 1.0, 1.0),
        ("4명", "four people", 1.0, 1.0),
        ("3.5%", "3.5 percent", 1.0, 1.0),
        ("6.5조원", "6.48 trillion won", 0.9, 0.99),
        ("3천명", "3,000", 0.6, 0.8),
        ("46세", "13-year-old", 0.0, 0.0),
        ("13세", "13 percent", 0.0, 0.0),
        ("500억원", "$50 billion", 0.0, 0.0),
        ("4명", "forty people", 0.0, 0.0),
    ],
)
def test_compare_numbers(ko: str, en: str, low: float, high: float) -> None:
    score = compare_numbers(_one(ko), _one(en))
    assert low <= score <= high


def test_date_pair_matches() -> None:
    matches = match_numbers("2019년 7월 수출 감소", ["Exports fell in July 2019."])
    assert [(m.ko.unit, m.en.unit if m.en else None, m.score) for m in matches] == [
        ("year", "year", 1.0),
        ("month", "month", 1.0),
    ]


def test_match_numbers_finds_sentence() -> None:
    body = [
        "Kim Hyun-chong arrived in Washington on Wednesday.",
        "Seoul pledged $50 billion in investment.",
        "A 13-year-old student was among four people hurt.",
    ]
    matches = match_numbers("500억 달러 투자…13세 학생 등 4명 부상", body)
    assert [(m.ko.text, m.en.text if m.en else None, m.sentence_index) for m in matches] == [
        ("500억 달러", "$50 billion", 1),
        ("13세", "13-year-old", 2),
        ("4명", "four people", 2),
    ]
    assert all(not m.conflict for m in matches)


def test_match_numbers_flags_age_corruption() -> None:
    (match,) = match_numbers("46세 학생 부상", ["A 13-year-old student was hurt."])
    assert match.en is None
    assert match.sentence_index is None
    assert match.conflict
    assert match.to_dict()["ko"]["value"] == 46.0


def test_match_numbers_accepts_text_and_reports_no_numbers() -> None:
    (match,) = match_numbers("4명 부상", "Nobody was hurt. Police said so.")
    assert match.en is None
    assert match.score == 0.0
    assert not match.conflict


def test_bad_arguments() -> None:
    with pytest.raises(TypeError, match="text must be str, got NoneType"):
        extract_numbers(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang must be"):
        extract_numbers("4명", lang="jp")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="min_score"):
        match_numbers("4명", ["four people"], min_score=2.0)


@given(st.text(), st.sampled_from(["ko", "en", "auto"]))
def test_property_extract_never_crashes(text: str, lang: str) -> None:
    mentions = extract_numbers(text, lang=lang)  # type: ignore[arg-type]
    prev_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= prev_end
        prev_end = m.end
        assert m.value == m.value  # not NaN


@given(
    st.text(alphabet="0123456789,.만억조천백십 명세%달러원년월일한두세", max_size=30),
    st.text(alphabet="0123456789,. $%millionbiletyarsoldpcn-", max_size=30),
)
def test_property_compare_in_unit_interval(ko: str, en: str) -> None:
    for a in extract_numbers(ko, lang="ko"):
        for b in extract_numbers(en, lang="en"):
            assert 0.0 <= compare_numbers(a, b) <= 1.0
