"""Entity extraction precision on real Korean news (issue 11, part 4).

The running-text sentences quoted below are real news sentences from KLUE NER v1.1 dev
(WikiTree articles; KLUE-benchmark/KLUE, CC BY-SA 4.0), all from the *tune* half of the
split used by ``benchmarks/entity_extraction.py`` (md5 of the sentence id, odd first byte =
held-out). ``tests/data/klue_ner_news_heldout_sample.jsonl`` holds 60 sentences of the
*held-out* half with their gold spans (same source and licence, see tests/data/SOURCES.md),
so the floors below always run; the floors on the whole held-out half run where
``../shared/data`` is present.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ko_en_align.entities import extract_entities, match_entities
from ko_en_align.entities.gazetteer import _read_lines, surname_spellings

HERE = Path(__file__).parent
SAMPLE = HERE / "data" / "klue_ner_news_heldout_sample.jsonl"
SHARED = HERE.parent.parent / "shared" / "data"
KLUE = SHARED / "klue_ner_news_ko.jsonl"
NTREX = SHARED / "ntrex128_ko_en_news_docs.jsonl"
NTREX_SAMPLE = HERE / "data" / "ntrex128_ko_en_news_docs_first12.jsonl"  # shipped, runs anywhere


def names(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.kind) for e in extract_entities(text) if e.kind != "number"]


# --------------------------------------------------------------------------- false names


@pytest.mark.parametrize(
    ("sentence", "not_a_name"),
    [
        # 중 = during / among, not China
        ("광주지법에서는 지난 2일부터 사흘 만에 3건이 접수돼 현재 배당 절차가 진행 중이다.", "중"),
        (
            "경찰은 CCTV 영상을 확보해 B씨의 행적을 쫓던 중 그가 몰고 다니던 화물차 짐칸에 "
            "실려있던 육중한 물체가 어느 순간 사라진 사실을 확인했다.",
            "중",
        ),
        # 불 = the prefix un-/non- (불구속 = without detention, 불가능 = impossible)
        (
            "경찰은 또 성매매 알선 자금을 관리한 박씨의 딸(32)과 성매매 여성 김모(33)씨 등 "
            "16명을 같은 혐의로 불구속 입건했다.",
            "불",
        ),
        # 일 = work, not Japan
        (
            "전자제품 대기업에서 일하는 최모(32)씨는 10분가량 늦겠다고 팀장에게 전화했다가 "
            "자신의 귀를 의심해야 할 상황에 직면했다.",
            "일",
        ),
        # 한 of 한밤 (late night), not Korea
        (
            "개그맨 장동민 씨 소속사가 삼풍백화점 참사 생존자 A씨 측에 손편지를 전하는 과정에서 "
            "단 30초만 대기했다는 SBS '한밤의 TV연예’ 방송 내용에 대해 반박했다.",
            "한",
        ),
        # 여 = female in (54·여), not a person surnamed 여
        (
            "둘째 아들이 경희대 한의예과 시험을 치르는 박모(54·여)씨는 시험장인 경희대 청운관 "
            "앞에서 우산을 쓴 채 눈을 감고 기도를 했다.",
            "여",
        ),
        # 미 of 미귀가 (not returning home), not the United States
        (
            "그는 이날 오전 2∼3시께 유서를 남기고 집을 나온 이후 연락이 되지 않아 가족이 경찰에 "
            "미귀가 신고한 것으로 알려졌다.",
            "미",
        ),
    ],
)
def test_single_syllable_abbreviations_in_running_text_are_not_names(sentence, not_a_name):
    assert not_a_name not in [t for t, _ in names(sentence)], names(sentence)


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        ("정상회담", "정상회담"),  # the summit, not a person "Jung Sang-hoe-dam"
        ("한미 정상회담 결렬", "정상회담"),
        (
            "폴란드를 점령했던 독일 나치는 2차 세계대전 종전 직전 소련군이 쇄도해 오자 황금 "
            "300t 등을 열차에 실어 빼돌리려 했으나 폴란드 브로츠와프에서 출발한 열차는 체코 국경 "
            "근처의 바우브지흐에서 사라진 것으로 알려졌다.",
            "대전",  # 세계대전 = world war, not the city Daejeon
        ),
        ("2차 세계 대전 이후 최악의 난민 위기", "대전"),
        (
            "유씨는 492억원의 횡령·배임 혐의를 받고 있어 한국과 프랑스 양국 사이의 조약에 따라 "
            "일단 범죄인 인도 대상이다.",
            "인도",  # extradition, not India
        ),
    ],
)
def test_common_nouns_never_become_names(text, not_a_name):
    found = names(text)
    assert not_a_name not in [t for t, _ in found], found
    assert "person" not in [k for t, k in found if t.startswith(not_a_name[:2])]


@pytest.mark.parametrize(
    ("sentence", "compound"),
    [
        (
            "장 씨는 자신의 작품 구도 설정에 방해가 된다며 경북 울진군 산림보호구역 내 금강송을 "
            "베었다.",
            "금강송",  # a pine (금강 + 송), though it starts with the surname 금
        ),
        (
            "영화 '연평해전'에 출연한 배우 김무열, 이현우씨가 제 2연평해전 13주기를 맞아 추모 "
            "메시지를 전했다.",
            "연평해전",  # a battle (연평 + 해전)
        ),
        (
            "또 2011년 53회 사법시험 합격자 중 자신과 동명이인이 있다는 사실을 알고, 법무부장관 "
            "직인이 찍힌 사법시험 합격증서를 위조한 뒤 자신이 사법시험 합격자인 것처럼 행동했다.",
            "동명이인",  # a namesake
        ),
    ],
)
def test_compound_of_known_words_starting_with_a_surname_is_not_a_person(sentence, compound):
    # Still taken as an unknown-kind name ('other'): a known gap, see the report of issue 11.
    assert (compound, "person") not in names(sentence)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("향후 협상 전망이 불투명하다", "불"),  # 불 of 불투명 (uncertain)
        ("블랙핑크 컴백", "핑크"),  # 핑크 of 블랙핑크
        (
            "군사적인 문제는 이제 전 세계적으로 보아서 아프리카라할지라도 타격이라든지 일시적인 "
            "침략은 가능할지 모르지만 지배는 불가능한 시대로 간다고 보기 때문에 과거 제국주의 시대 "
            "같은 그런 침략과 지배, 이것을 자위력으로 행사하기는 어려울 것입니다.",
            "불",
        ),
    ],
)
def test_a_name_is_never_cut_out_of_a_longer_word(text, fragment):
    assert fragment not in [t for t, _ in names(text)], names(text)


def test_hyphenated_foreign_name_is_one_name_and_no_name_before_an_abstract_suffix():
    # NTREX-128 sentences (CC BY-SA 4.0)
    text = "올해 초 한스-피터 바텔(Hans-Peter Bartels) 독일 의회 국방위원장은 해군이 실제로"
    assert ("한스-피터 바텔", "other") in names(text)
    solid = "Solid 위에 구축된 새로운 웹의 무결성과 품질을 보호하는 데 도움이 되는 생태계"
    assert "무결" not in [t for t, _ in names(solid)]  # 무결성 = integrity


def test_adjectival_noun_in_zeok_is_no_name_and_hides_none():
    # NTREX-128 sentences (CC BY-SA 4.0): 정신적 외상 = mental trauma (외상 is also the
    # title "foreign minister"), 인도적인 = humanitarian (not India)
    assert names("현재 34세인 마요르가는 성폭행으로 인해 계속 정신적 외상을 겪었기 때문에") == [
        ("마요르가", "other")
    ]
    assert names("또 다른 6백만 명의 사람들도 인도적인 지원이 필요하다.") == []


def test_noun_after_a_demonstrative_is_a_common_noun():
    # NTREX-128: 영지 = estate (Kiwi tags it NNP, a given name); 이 영지 = this estate
    text = "이 영지와 다른 구역에서 박쥐를 보호하는 동안"
    assert "영지" not in [t for t, _ in names(text)]
    assert ("김현종", "person") in names("이 김현종 본부장")  # 이 as a surname stays a name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # NTREX-128 (CC BY-SA 4.0): Kiwi cut the unknown name before 인, read as a copula
        ("세인트 루이스와 아이오와의 디모인 사이에 거의 20도의 온도차가 있었다.", "디모인"),
        ("데스모인 레지스터에 유료 광고를 게재함으로써", "데스모인"),
        # a Latin gloss of as many words joins the Hangul words before it
        ("라이언 진케(Ryan Zinke) 미 내무장관이 밝혔습니다.", "라이언 진케"),
        ("저스틴 로즈(Justin Rose)와 이언 폴터(Ian Poulter) 등", "이언 폴터"),
        # a one-syllable surname after a transcribed name is its last part (Berners-Lee)
        ("최근 몇 달 동안 버너스 리는 순 중립성 논쟁에서", "버너스 리"),
        ("이 프로젝트는 버너스 리의 오픈 소스 플랫폼", "버너스 리"),
    ],
)
def test_foreign_names_are_not_cut(text, name):
    found = [t for t, _ in names(text)]
    assert name in found, found


def test_gloss_and_surname_tail_do_not_swallow_other_names():
    # a country or a Korean name before a gloss stays separate: 북한 + 김정은
    assert [t for t, _ in names("북한 김정은(Kim Jong Un) 위원장")][:2] == ["북한", "김정은"]
    # a country syllable after a foreign name is the country (미 = United States)
    assert names("트럼프 미 대통령") == [("트럼프", "person"), ("미", "country")]


def test_blackpink_is_one_name_or_none():
    found = [t for t, _ in names("블랙핑크 컴백")]
    assert found in (["블랙핑크"], [])


def test_generic_acronyms_and_lone_letters_are_not_names_but_a_letter_person_is():
    cctv = (
        "경찰은 CCTV 영상을 확보해 B씨의 행적을 쫓던 중 그가 몰고 다니던 화물차 짐칸에 "
        "실려있던 육중한 물체가 어느 순간 사라진 사실을 확인했다."
    )
    assert names(cctv) == [("B", "person")]  # B씨: an anonymised person (KLUE tags it PS)
    group = (
        "삼성, 라쿠텐 골든 이글스(일본)를 필두로 대만 2개 팀, 호주, 이탈리아 1개 팀씩 총 6개 "
        "팀이 참가한 이번 대회에서 삼성은 볼로냐, 대만 챔피언 퉁이 라이온스와 A조에 속했다."
    )
    assert "A" not in [t for t, _ in names(group)]  # group A
    assert ("A", "person") in names(
        "23일 부산 동래경찰서에 따르면 A(57)씨는 지난 6월 8일 신고했다."
    )


def test_generic_hangul_words_of_hanja_abbreviations_are_not_names():
    # 軍 (military) and 銀 (bank) are headline abbreviations; their Hangul words are generic
    boy = (
        "천안 한 중학교에 재학 중인 A군은 중간고사 성적이 저조하다는 이유로 부모의 꾸중을 듣고 "
        "가출한 것으로 밝혀졌다."
    )
    assert names(boy) == [("천안", "other"), ("A", "person")]  # A군 = a boy A, not the army
    banks = "최근의 은행 점포 감축은 과거 외환위기 직후 5개 은행이 구조조정으로 사라진 이래 가장 규모가 크다."
    assert names(banks) == []
    assert names("軍 병력 증강") == [("軍", "organization")]


def test_hanja_gloss_is_not_a_name():
    found = names("수화(樹話) 김환기 작가 1970년 작품이 국내 미술품 경매 최고가 기록을 바꿨다.")
    assert ("김환기", "person") in found
    assert not {"樹", "話", "樹話"} & {t for t, _ in found}


def test_four_syllable_word_needs_a_compound_surname_to_be_a_korean_name():
    # NTREX-128 (CC BY-SA 4.0): 전기의자 (the electric chair) was a person "Jeon Gi-ui-ja"
    found = names("로젠버그 부부는 둘 다 1953년 6월 19일 전기의자에서 사형당했다.")
    assert ("전기의자", "person") not in found
    assert ("남궁민수", "person") in names("남궁민수 의원 발언")


def test_surname_with_former_or_anonymous_marker_before_the_title_is_a_person():
    assert ("윤", "person") in names(
        "윤 전 대변인은 지난 5월 박근혜 대통령의 첫 미국 순방 도중 여성 인턴을 성추행했다는 "
        "의혹이 제기돼 물의를 빚었습니다."
    )
    assert ("이", "person") in names(
        "57살 안모 씨와 아내 55살 이모 씨가 안방에서 숨진 채 발견됐습니다."
    )


# --------------------------------------------------------------------------- must keep working


@pytest.mark.parametrize(
    ("headline", "name", "kind"),
    [
        ("김현종 방미", "김현종", "person"),
        ("라이트하이저 워싱턴 도착", "라이트하이저", "other"),
        ("대전 시민 1만명 참가", "대전", "place"),
        ("트위터상에서 화제", "트위터", "other"),
        ("정의화 국회의장 재산 공개", "국회", "organization"),
    ],
)
def test_names_that_must_keep_working(headline, name, kind):
    assert (name, kind) in names(headline)


def test_seed_names_are_found_without_a_user_dictionary():
    # issue 17: 유명희 and 김희상 were added to kiwi_user_words.tsv "from the seed bulletin";
    # the rules find them (a name Kiwi does not know; a split name before a compound title).
    assert _read_lines("kiwi_user_words.tsv") == []
    assert ("유명희", "person") in names("유명희 통상교섭본부장 방미")
    assert ("김희상", "person") in names("김희상 양자경제외교국장이 방미했다")


# --------------------------------------------------------------------------- KLUE floors


def _held_out(sentence_id: str) -> bool:
    return hashlib.md5(sentence_id.encode("utf-8")).digest()[0] % 2 == 1


def _full_name(text: str) -> bool:
    return (
        2 <= len(text) <= 4
        and all("가" <= c <= "힣" for c in text)
        and not text.endswith(("씨", "모", "군", "양"))
        and (text[0] in surname_spellings() or text[:2] in surname_spellings())
    )


def _klue_scores(rows: list[dict]) -> dict[str, float]:
    """Precision (overlap with gold PS/LC/OG), full-name PS recall, LC recall."""
    correct = predicted = 0
    found = {"PS-full": 0, "LC": 0}
    total = {"PS-full": 0, "LC": 0}
    for row in rows:
        gold = [g for g in row["entities"] if g["label"] in ("PS", "LC", "OG")]
        pred = [(e.start, e.end) for e in extract_entities(row["text"]) if e.kind != "number"]
        for s, e in pred:
            predicted += 1
            correct += any(s < g["end"] and g["start"] < e for g in gold)
        for g in gold:
            key = "LC" if g["label"] == "LC" else "PS-full" if _full_name(g["text"]) else None
            if key is not None and (g["label"] == "LC" or g["label"] == "PS"):
                total[key] += 1
                found[key] += any(s < g["end"] and g["start"] < e for s, e in pred)
    return {
        "precision": correct / predicted,
        "PS-full": found["PS-full"] / total["PS-full"],
        "LC": found["LC"] / total["LC"],
    }


def _read(path: Path) -> list[dict]:
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln]


@pytest.mark.parametrize(
    ("path", "n_rows", "precision_floor"),
    [
        # 60 held-out sentences kept in the repository: precision 0.869, full-name PS 1.00,
        # LC 0.932 when measured (noisier than the whole half, hence the lower floor)
        (SAMPLE, 60, 0.85),
        # the whole held-out half; benchmarks/entity_extraction.py: precision 0.876 (Kiwi NNP
        # 0.896; 0.940 counting the product and show names KLUE leaves untagged, judged by
        # hand), full-name PS 0.958, LC 0.966
        (KLUE, 351, 0.86),
    ],
    ids=["repository-sample", "shared-data-half"],
)
def test_klue_held_out_floors(path, n_rows, precision_floor):
    if not path.exists():
        pytest.skip(f"development data {path} not present")
    rows = [r for r in _read(path) if _held_out(r["id"])]
    assert len(rows) == n_rows
    scores = _klue_scores(rows)
    assert scores["precision"] >= precision_floor, scores
    assert scores["PS-full"] >= 0.90, scores  # the targets
    assert scores["LC"] >= 0.90, scores


@pytest.mark.parametrize("path", [NTREX_SAMPLE, NTREX], ids=["first-12-docs", "all-41-docs"])
def test_ntrex_has_no_unmatched_lone_country_syllable(path):
    if not path.exists():
        pytest.skip(f"development data {path} not present (the shipped first 12 documents ran)")
    # NTREX Korean is translated from the English: a lone 중/일/불/한 that finds no China,
    # Japan, France or Korea in the English was read out of running text (26 + 17 + 4 + 2
    # such names before the context rule).
    unmatched = []
    for doc in _read(path):
        english = [doc["headline_en"], *doc["en_sentences"]]
        for ko in [doc["headline_ko"], *doc["ko_sentences"]]:
            for m in match_entities(ko, english):
                if m.entity.kind == "country" and len(m.entity.text) == 1 and not m.matched:
                    unmatched.append((m.entity.text, ko))
    assert not unmatched
