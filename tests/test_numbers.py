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
    ("ko", "en", "verdict"),
    [
        ("500억 달러", "$50 billion", "exact"),
        ("13세", "13-year-old", "exact"),
        ("4명", "four people", "exact"),
        ("3.5%", "3.5 percent", "exact"),
        # the same quantity, but less certain: a match that ranks below an exact one
        ("6.5조원", "6.48 trillion won", "close"),
        ("3천명", "3,000", "close"),
        ("46세", "13-year-old", "different"),
        ("13세", "13 percent", "different"),
        ("500억원", "$50 billion", "different"),
        ("4명", "forty people", "different"),
    ],
)
def test_compare_numbers(ko: str, en: str, verdict: str) -> None:
    score = compare_numbers(_one(ko), _one(en))
    if verdict == "exact":
        assert score == 1.0  # the documented meaning of 1.0: same value, same unit
    elif verdict == "close":
        (m,) = match_numbers(ko, [en])
        assert m.en is not None
        assert m.en.text == en  # the whole English figure is the match
        assert 0.0 < score < 1.0
    else:
        assert score == 0.0
        (m,) = match_numbers(ko, [en])
        assert m.en is None


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


# --------------------------------------------------------------------------
# Forms found on NTREX-128 dev documents (scores, bands, hyphenated
# adjectives, spaced Korean magnitudes, abbreviations); pairs written fresh.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("리빙스턴이 레인저스를 1-0으로 이기다", "Livingston beat Rangers 1-0."),
        ("한국이 일본을 1대0으로 꺾었다", "South Korea beat Japan 1-0."),
        ("전반을 2:1로 마쳤다", "The first half ended 2-1."),
        ("독립 50주년 기념식", "The 50th anniversary of independence."),
        ("주 4일 근무제 도입", "Introducing a four-day week."),
        ("그들은 모두 10대였다", "They were all teenagers."),
        ("20대 여성이 체포됐다", "A woman in her 20s was arrested."),
        ("1980년대에 일어난 일", "What happened in the 1980s."),
        ("신문에 4 페이지 분량의 광고를 실었다", "The paper ran a four-page ad."),
        ("3일간의 주말", "A three-day weekend."),
        ("10분 거리에 있다", "It is a 10-minute walk away."),
        ("1주일 동안 조사", "A one-week investigation."),
        ("국회 3분의 2의 찬성", "A two-thirds majority in parliament."),
        ("7만 6천 헥타르의 땅", "76,000 hectares of land."),
        ("1억 4천 2백만 명의 팔로워", "His 142 million followers."),
        ("37만 5,000달러를 지불했다", "He paid $375,000."),
        ("31억€에 달했다", "It reached €3.1billion."),
        ("지난 10년 동안 활동했다", "He was active over the past decade."),
        ("20년 동안 사고는 없었다", "There were no crashes in two decades."),
        ("적어도 두 번 야유를 받았다", "He was booed at least twice."),
        ("09시 30분에 소란이 시작됐다", "Disorder broke out at 09:30 BST."),
        ("오후 3시 30분 회견", "A briefing at 3:30 p.m."),
        ("859-292-3680로 연락하세요", "Call 859-292-3680."),
        ("19세기 전쟁에서 잃은 해안", "A coast lost in a 19th-century war."),
        ("5층 호텔 방", "A fifth-floor hotel room."),
        ("89번째 분에 골", "A goal in the 89th minute."),
        ("25분, 아자르의 골", "Hazard scored in the 25th minute."),
        ("첫 바퀴에 7등에 이르렀다", "He was in seventh by the end of the first lap."),
        ("이 56세인 사람은", "The 56-year-old plays Jack Jarvis."),
        ("작년 5월 정권을 잡았다", "It took over in May last year."),
        # headline counters: 호 is an ordinal or a bare number
        ("손흥민 시즌 10호골", "Son Heung-min scored his 10th goal of the season."),
        ("지하철 3호선 운행 중단", "Service on Line 3 was suspended."),
    ],
)
def test_real_pairs_match(ko: str, en: str) -> None:
    _assert_every_number_matches(ko, en)


def _assert_every_number_matches(ko: str, en: str) -> None:
    matches = match_numbers(ko, [en])
    assert matches, ko
    for m in matches:
        assert m.en is not None, (m.ko.text, en)
        assert not m.conflict


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("리빙스턴이 레인저스를 5-0으로 이기다", "Livingston beat Rangers 1-0."),
        ("손흥민 시즌 10호골", "Son Heung-min scored his 12th goal of the season."),
        ("독립 103주년 기념식", "The 50th anniversary of independence."),
        ("주 11일 근무제 도입", "Introducing a four-day week."),
        ("그들은 모두 23대였다", "They were all teenagers."),
        ("투표율 35퍼센트", "Turnout was 34 percent."),
        ("403m 우승", "He won the 400 metres."),
        ("1980년대에 일어난 일", "What happened in the 1990s."),
        ("29세 학생", "A 13-year-old student."),
        ("5% 감소", "The five-time winner."),
        ("19월 회의", "A 19th-century war."),
        ("7명 사망", "Two people died at 7 a.m."),
    ],
)
def test_changed_numbers_do_not_match(ko: str, en: str) -> None:
    (m,) = [m for m in match_numbers(ko, [en]) if any(c.isdigit() for c in m.ko.text)][:1]
    assert m.en is None, (m.ko.text, m.en)


def test_abbreviated_month_needs_a_day() -> None:
    assert _vu("A Nov. vote", "en") == []
    assert _vu("the Nov. 11 vote", "en") == [(11.0, "month"), (11.0, "day")]
    (m,) = match_numbers("11개 조항", ["The Nov. vote was delayed."])
    assert m.en is None
    assert not m.conflict


def test_bare_number_is_no_date_part() -> None:
    # issue 17: behaviour, not the module's constants. A bare number stands for a
    # count whose noun the translation dropped or changed...
    (m,) = match_numbers("차량 5대가 파손됐다", ["Five were damaged in the crash."])
    assert m.en is not None
    assert m.en.text == "Five"
    (m,) = match_numbers("코스피 2,000선 회복", ["The index regained 2,000 points."])
    assert m.en is not None
    assert m.en.text == "2,000 points"
    # ...but never for a time of day, a month or a day of the month
    (m,) = match_numbers("5개 단체가 참가했다", ["It opened at 5 a.m."])
    assert m.en is None
    (m,) = match_numbers("11개 조항", ["The Nov. 11 vote was delayed."])
    assert m.en is None


def test_same_unit_wins_over_a_bare_number() -> None:
    body = ["Police said 5 were arrested.", "Five people were hurt in the attack."]
    (m,) = match_numbers("5명 부상", body)
    assert (m.en.text if m.en else None, m.sentence_index) == ("Five people", 1)


def test_invalid_month_is_not_a_duration() -> None:
    assert _vu("21월") == [(21.0, "")]
    (m,) = match_numbers("21월 회의", ["The talks were held in September."])
    assert m.en is None
    assert not m.conflict


def test_article_does_not_add_one() -> None:
    assert _vu("enjoy a three-day weekend", "en") == [(3.0, "days")]
    assert _vu("a hundred people", "en") == [(100.0, "people")]
    assert _vu("They came away with a point.", "en") == []
    assert _vu("Totals of over half an inch", "en") == []


def test_rounding_tolerated_only_for_large_amounts() -> None:
    (m,) = match_numbers("영업익 6.5조원", ["Operating profit was 6.48 trillion won."])
    assert m.en is not None
    assert m.en.text == "6.48 trillion won"
    # an exact figure elsewhere in the body is preferred to the rounded one
    body = ["It earned 6.48 trillion won.", "Profit reached 6.5 trillion won."]
    (m,) = match_numbers("영업익 6.5조원", body)
    assert m.sentence_index == 1
    # small whole numbers are written exactly: 35% is not 34 percent
    for ko, en in [
        ("투표율 35%", "Turnout was 34 percent."),
        ("1,500명 참가", "1,600 people came."),
    ]:
        (m,) = match_numbers(ko, [en])
        assert m.en is None
        assert m.conflict


def test_pair_needs_a_bare_second_number() -> None:
    assert _vu("5대 3으로 이겼다") == [(5003.0, "pair")]
    assert _vu("차량 3대 2천만원") == [(3.0, "count"), (2e7, "krw")]
    assert _vu("a decades-old dispute", "en") == []
    assert _vu("It has been a decade since", "en") == [(10.0, "years")]


def test_phone_number_is_one_code() -> None:
    assert _vu("859-292-3680로 연락") == [(8592923680.0, "code")]
    assert _vu("call 859-292-3680.", "en") == [(8592923680.0, "code")]


# --------------------------------------------------------------------------
# Issue 11: forms found on FLORES-200 (half A), NTREX-128 and KPC pairs (times
# written 5.30, scores written 3 - 1, ranges, unit symbols, converted units);
# the pairs are written fresh in the same forms.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("경기는 오후 5시 30분에 시작된다", "The match starts at 5.30pm."),
        ("경기는 오후 5시 30분에 시작된다", "The match starts at 5:30 p.m."),
        ("회의는 17시 30분에 열렸다", "The meeting began at 17.30."),
        ("회의는 5시 30분에 열렸다", "The meeting began at 17.30 GMT."),
        ("회의는 오후 5시 30분에 열렸다", "The meeting began at 5.30."),
        ("남아공이 잠비아를 26 대 00으로 이겼다", "South Africa beat Zambia 26 - 00."),
        ("한국이 3-1로 이겼다", "Korea won 3 - 1."),
        ("한국이 3대1로 이겼다", "Korea won 3-1."),
        ("한국이 3 대 1로 이겼다", "Korea won 3–1."),
        ("성장률은 3~5%로 예상된다", "Growth is expected at 3 to 5 percent."),
        ("유가는 129~130달러 사이를 오갔다", "Oil traded between $129 and $130."),
        ("두께 2~3km의 얼음", "A sheet of ice 2-3 km thick."),
        ("3~4만명이 모였다", "Between 30,000 to 40,000 people gathered."),
        ("그는 100m 자유형에 출전한다", "He swims the 100m freestyle."),
        ("2.4GHz 대역에서 작동한다", "It works on the 2.4Ghz band."),
        ("바그다드에서 북쪽으로 240km 떨어진 곳", "150 miles north of Baghdad."),
        ("시속 120km의 강풍", "Winds of 75 mph."),
        ("해발 2956m의 정상", "A summit 9,700 feet above sea level."),
        ("제2차 세계대전 중", "During World War II."),
        ("2차 세계 대전 이후", "After WWII."),
        ("그의 1,000번째 우표", "His 1,000th stamp."),
        ("제5시드 잠비아", "Fifth seed Zambia."),
        ("세종은 조선의 4대 왕이었다", "Sejong was the fourth king of Joseon."),
        ("그는 1라운드에서 탈락했다", "He lost in the first round."),
        ("그는 9%포인트 앞섰다", "He led by 9 points."),
        ("그는 9%포인트 앞섰다", "He held a 9-point lead."),
        ("4,500만 달러를 추가로 지급했다", "It gave an extra AUD$45 million."),
        ("그녀는 9등을 했다", "She finished ninth."),
        ("지난 이백만 년 동안", "Over the past two million years."),
    ],
)
def test_issue11_forms_match(ko: str, en: str) -> None:
    _assert_every_number_matches(ko, en)


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("경기는 오후 5시 45분에 시작된다", "The match starts at 5.30pm."),
        ("회의는 17시 45분에 열렸다", "The meeting began at 17.30."),
        ("5.3% 성장", "The match starts at 5.30pm."),
        ("5시 30분에 만나자", "Shares rose 5.3 percent."),
        ("오전 5시 30분에 만나자", "The meeting began at 17.30 GMT."),
        ("남아공이 잠비아를 26 대 01로 이겼다", "South Africa beat Zambia 26 - 00."),
        ("성장률은 3~6%로 예상된다", "Growth is expected at 3 to 5 percent."),
        ("바그다드에서 북쪽으로 483km 떨어진 곳", "150 miles north of Baghdad."),
        ("바그다드에서 북쪽으로 300km 떨어진 곳", "200 miles north of Baghdad."),
        ("시속 243km의 강풍", "Winds of 75 mph."),
        ("제3차 세계대전", "During World War II."),
        ("세종은 조선의 3대 왕이었다", "Sejong was the fourth king of Joseon."),
        ("3~4만명이 모였다", "Between 3 to 4 million people gathered."),
    ],
)
def test_issue11_changed_numbers_do_not_match(ko: str, en: str) -> None:
    ko_values = {m.value for m in extract_numbers(en, lang="en")}
    changed = [m for m in match_numbers(ko, [en]) if m.ko.value not in ko_values]
    assert changed, ko
    for m in changed:
        assert m.en is None, (m.ko.text, m.en)


def test_dotted_time_needs_context() -> None:
    # 5.30 is a decimal unless a.m./p.m. or a time zone says it is a time
    assert _vu("at 5.30pm", "en") == [(17.5, "time")]
    assert _vu("at 17.30 GMT", "en") == [(17.5, "time")]
    assert _vu("a 5.30 ratio", "en") == [(5.3, "")]
    assert _vu("5.75pm", "en") == []  # no minute 75


def test_ranges_share_the_unit() -> None:
    assert _vu("3~5%") == [(3.0, "percent"), (5.0, "percent")]
    assert _vu("3 to 5 percent", "en") == [(3.0, "percent"), (5.0, "percent")]
    assert _vu("3~4만명") == [(30000.0, "people"), (40000.0, "people")]
    assert _vu("1-0으로 이겼다") == [(1000.0, "pair")]  # a score stays a pair


def test_hangul_words_are_not_numbers() -> None:
    # 구조대 "rescue team" (9조 + 대), 세대 "generation", 열대 "tropics" (KPC, FLORES)
    assert _vu("긴급 구조대가 출동했다") == []
    assert _vu("세대 차이") == []
    assert _vu("열대 우림") == []
    assert _vu("차량 세 대") == [(3.0, "count")]
    assert _vu("mm2 대 864", "ko") == [(864.0, "")]  # no score after a unit symbol


# Edge forms, each read as a person reads it: no count in "one of them", no date in the modal
# "may", no 85s band, no 5th quarter, no 75th minute; the numbers that are there, with units.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One of them left.", []),
        ("No one came.", []),
        ("One day it rained.", []),
        ("a year ago", []),
        ("half an inch", []),
        ("two decades", [("two decades", 20.0, "years")]),
        ("May we go?", []),
        ("He may go in May 2019.", [("May", 5.0, "month"), ("2019", 2019.0, "year")]),
        ("Nov. alone", []),
        ("on Nov. 5", [("Nov.", 11.0, "month"), ("5", 5.0, "day")]),
        ("Temperatures in the 85s.", []),
        ("in the 80s", [("80s", 80.0, "band")]),
        ("their fortieth anniversary", [("fortieth anniversary", 40.0, "anniversary")]),
        ("$5 m", [("$5 m", 5_000_000.0, "usd")]),
        ("5.30pm", [("5.30pm", 17.5, "time")]),
        ("5.75pm", []),
        ("09:30 회의", [("09:30", 9.5, "time")]),
        ("3대 차량", [("3대", 3.0, "count")]),
        ("20대 남성", [("20대", 20.0, "band")]),
        ("첫 번째 회의", [("첫 번째", 1.0, "ordinal")]),
        ("40일간", [("40일간", 40.0, "days")]),
        ("3분기", [("3분기", 3.0, "quarter")]),
        ("5분기", [("5분기", 5.0, "")]),
    ],
)
def test_edge_forms_read_as_people_read_them(text, expected):
    assert [(m.text, m.value, m.unit) for m in extract_numbers(text)] == expected
