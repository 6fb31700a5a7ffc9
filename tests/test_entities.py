"""Tests for the cross-script entity layer (ko_en_align.entities)."""

from __future__ import annotations

import csv
import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ko_en_align
from ko_en_align.entities import (
    Entity,
    EntityMatch,
    english_candidates,
    english_spellings,
    entity_similarity,
    extract_entities,
    lookup,
    match_entities,
    romanize,
    transliteration_similarity,
)
from ko_en_align.entities.gazetteer import surname_spellings
from ko_en_align.entities.match import DEFAULT_THRESHOLD

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_ba3be2c408401557.txt"
SHARED = ROOT.parent / "shared" / "data"
GOLDEN = Path(__file__).parent / "data" / "entities_golden.tsv"


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[str]]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return lines[0], [ln for ln in lines[1:] if ln.strip()]


# --------------------------------------------------------------------------- seed bulletin


def test_seed_headline_entities_are_matched(seed):
    headline, body = seed
    matches = {m.entity.text: m for m in match_entities(headline, body)}
    assert set(matches) == {"김현종", "日", "美"}
    assert matches["김현종"].en_text == "Kim Hyun-chong"
    assert matches["日"].en_text in lookup("日").aliases
    assert matches["美"].en_text in lookup("美").aliases
    for m in matches.values():
        assert m.matched
        sentence = body[m.sentence_index]
        assert sentence[m.start : m.end] == m.en_text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("김희상", "Kim Hee-sang"),
        ("유명희", "Yoo Myung-hee"),
        ("문재인", "Moon Jae-in"),
        ("라이트하이저", "Lighthizer"),
        ("워싱턴", "Washington"),
        ("도쿄", "Tokyo"),
    ],
)
def test_seed_queries_find_their_english_mention(seed, query, expected):
    _, body = seed
    (m,) = match_entities(query, body)
    assert m.entity.text == query
    assert m.en_text == expected
    assert m.matched
    assert body[m.sentence_index][m.start : m.end] == expected


def test_body_given_as_one_string_is_split(seed):
    _, body = seed
    (m,) = match_entities("유명희", "\n".join(body))
    assert m.en_text == "Yoo Myung-hee"
    assert m.matched


def test_unmatched_entity_is_listed_not_dropped(seed):
    _, body = seed
    matches = match_entities("강경화 장관, 김현종과 방미", body)
    by_text = {m.entity.text: m for m in matches}
    assert "강경화" in by_text
    assert "김현종" in by_text
    assert not by_text["강경화"].matched
    assert by_text["강경화"].score < DEFAULT_THRESHOLD
    assert by_text["김현종"].matched


# --------------------------------------------------------------------------- similarity


@pytest.mark.parametrize(
    "spelling",
    [
        "Kim Hyun-chong",
        "Hyun-chong Kim",
        "KIM HYUNCHONG",
        "Gim Hyeonjong",
        "kim hyun jong",
        "Kim Hyeon-jong",
        "HYUN-CHONG KIM",
    ],
)
def test_korean_name_spellings_score_high(spelling):
    assert transliteration_similarity("김현종", spelling) >= 0.9


def test_other_person_with_same_surname_scores_lower():
    right = transliteration_similarity("김현종", "Kim Hyun-chong")
    assert transliteration_similarity("김현종", "Kim Hee-sang") < right - 0.2
    assert transliteration_similarity("김현종", "Kim Hee-sang") < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("surname_ko", "spellings"),
    [
        ("김", ["Kim", "Gim"]),
        ("이", ["Lee", "Yi", "Rhee"]),
        ("박", ["Park", "Pak", "Bak"]),
        ("최", ["Choi", "Choe"]),
        ("정", ["Jung", "Jeong", "Chung"]),
    ],
)
def test_surname_table_spellings(surname_ko, spellings):
    for sp in spellings:
        assert sp in surname_spellings()[surname_ko]
        assert transliteration_similarity(surname_ko + "민수", f"{sp} Min-su") >= 0.95


def test_lighthizer_beats_lookalikes_and_other_names():
    right = transliteration_similarity("라이트하이저", "Lighthizer")
    assert right >= DEFAULT_THRESHOLD
    assert transliteration_similarity("라이트하이저", "Lighthouse") < right - 0.15
    for other in ["Lighthouse", "Knapper", "Washington", "Kissinger", "Leighton", "Moon Jae-in"]:
        assert transliteration_similarity("라이트하이저", other) < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("키신저", "Kissinger"),
        ("워싱턴", "Washington"),
        ("트럼프", "Trump"),
        ("폼페이오", "Pompeo"),
        ("아베 신조", "Shinzo Abe"),
        ("시진핑", "Xi Jinping"),
    ],
)
def test_loanwords_match(ko, en):
    assert transliteration_similarity(ko, en) >= DEFAULT_THRESHOLD


def _golden_rows() -> list[tuple[str, str, bool]]:
    rows = []
    with GOLDEN.open(encoding="utf-8") as f:
        for row in csv.reader((ln for ln in f if not ln.startswith("#")), delimiter="\t"):
            rows.append((row[0], row[1], row[2] == "1"))
    return rows


@pytest.mark.parametrize(("ko", "en", "expected"), _golden_rows())
def test_golden_pairs(ko, en, expected):
    score = transliteration_similarity(ko, en)
    assert (score >= DEFAULT_THRESHOLD) == expected, f"{ko} / {en}: {score:.3f}"
    assert transliteration_similarity(en, ko) == score


@pytest.mark.parametrize(
    ("hanja", "english", "kind"),
    [
        ("日", "Japan", "country"),
        ("美", "U.S.", "country"),
        ("中", "China", "country"),
        ("北", "North Korea", "country"),
        ("韓", "South Korea", "country"),
        ("英", "Britain", "country"),
        ("獨", "Germany", "country"),
        ("佛", "France", "country"),
        ("露", "Russia", "country"),
        ("與", "ruling party", "organization"),
        ("野", "opposition", "organization"),
        ("靑", "presidential office", "organization"),
        ("檢", "prosecutors", "organization"),
    ],
)
def test_hanja_abbreviations(hanja, english, kind):
    entry = lookup(hanja)
    assert entry is not None
    assert entry.kind == kind
    assert transliteration_similarity(hanja, english) == 1.0
    (ent,) = extract_entities(f"{hanja} 발표")
    assert (ent.text, ent.kind, ent.normalized) == (hanja, kind, entry.normalized)


def test_wrong_country_scores_low():
    assert transliteration_similarity("日", "China") < DEFAULT_THRESHOLD
    assert transliteration_similarity("美", "Japan") < DEFAULT_THRESHOLD


def test_cldr_country_names_from_babel():
    assert lookup("베트남").normalized == "Vietnam"
    assert transliteration_similarity("우크라이나", "Ukraine") == 1.0


# --------------------------------------------------------------------------- extraction


def test_particles_stripped_with_offsets_into_original():
    text = '  "김현종은 워싱턴에서 라이트하이저를 만났다"'
    ents = extract_entities(text)
    assert [e.text for e in ents] == ["김현종", "워싱턴", "라이트하이저"]
    for e in ents:
        assert text[e.start : e.end] == e.text
    assert ents[0].kind == "person"
    assert ents[1].kind == "place"


def test_kiwi_misses_are_fixed():
    (a,) = [e for e in extract_entities("유명희 통상교섭본부장 방미") if e.kind == "person"]
    assert a.text == "유명희"
    people = [
        e.text for e in extract_entities("김희상 양자경제외교국장이 방미했다") if e.kind == "person"
    ]
    assert people == ["김희상"]


def test_name_glued_to_title_is_split():
    (ent,) = extract_entities("문재인대통령 발언")
    assert (ent.text, ent.kind, ent.start, ent.end) == ("문재인", "person", 0, 3)


def test_kinds_and_numbers():
    ents = extract_entities("北 미사일 발사…靑 NSC 소집, 외교부 3억 달러 지원")
    kinds = {e.text: e.kind for e in ents}
    assert kinds["北"] == "country"
    assert kinds["靑"] == "organization"
    assert kinds["NSC"] == "organization"
    assert kinds["외교부"] == "organization"
    (num,) = [e for e in ents if e.kind == "number"]
    assert num.normalized == "300000000"
    assert entity_similarity(num, "$300 million") == 1.0
    assert entity_similarity(num, "$30 million") == 0.0


def test_entity_and_match_are_frozen_and_serialisable(seed):
    _, body = seed
    (m,) = match_entities("김현종", body)
    assert isinstance(m, EntityMatch)
    assert isinstance(m.entity, Entity)
    data = json.loads(json.dumps(m.to_dict(), ensure_ascii=False))
    assert data["entity"]["text"] == "김현종"
    assert data["matched"] is True
    with pytest.raises(AttributeError):
        m.score = 0.0  # type: ignore[misc]
    assert "김현종" in m._repr_html_()


# --------------------------------------------------------------------------- candidates


def test_english_candidates_offsets_acronyms_possessives():
    sentence = "He met U.S. officials over Tokyo's curbs at the WTO, said Kim Hyun-chong."
    cands = english_candidates(sentence)
    texts = [c.text for c in cands]
    for want in ["U.S.", "Tokyo", "WTO", "Kim Hyun-chong", "Hyun-chong"]:
        assert want in texts
    assert "Tokyo's" not in texts
    for c in cands:
        assert sentence[c.start : c.end] == c.text


# --------------------------------------------------------------------------- romanisation


@pytest.mark.parametrize(
    ("korean", "system", "expected"),
    [
        ("김현종", "rr", "gimhyeonjong"),
        ("한국어", "rr", "hangugeo"),
        ("종로", "rr", "jongno"),
        ("신라", "rr", "silla"),
        ("김현종", "mr", "kimhyŏnjong"),
        ("신라", "mr", "silla"),
        ("김현종", "name", "Kim Hyeon-jong"),
        ("서울 2019", "rr", "seoul 2019"),
    ],
)
def test_romanize(korean, system, expected):
    assert romanize(korean, system=system) == expected


def test_english_spellings_lists_press_forms():
    spellings = english_spellings("김현종", limit=200)
    for want in ["Kim Hyun-jong", "Kim Hyeon-jong", "Gim Hyeon-jong", "Kim Hyun-chong"]:
        assert want in spellings


# --------------------------------------------------------------------------- errors


def test_bad_inputs():
    with pytest.raises(ValueError, match="empty"):
        extract_entities("   ")
    with pytest.raises(TypeError, match="NoneType"):
        extract_entities(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="NoneType"):
        transliteration_similarity(None, "Kim")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        match_entities("", ["Kim Hyun-chong arrived."])
    with pytest.raises(ValueError, match="empty"):
        match_entities("김현종", "  ")
    with pytest.raises(TypeError, match="int"):
        match_entities("김현종", [1])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="threshold"):
        match_entities("김현종", ["Kim"], threshold=2.0)
    with pytest.raises(TypeError):
        romanize(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="system"):
        romanize("김", system="yale")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        english_spellings("")


def test_empty_strings_score_zero():
    assert transliteration_similarity("김현종", "") == 0.0
    assert transliteration_similarity("", "Kim") == 0.0


# --------------------------------------------------------------------------- properties

hangul = st.text(
    alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=6
)
latin = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -.'"),
    min_size=1,
    max_size=20,
)
hanja_or_other = st.sampled_from(["日", "美", "北", "與野", "백악관", "김현종", "日本", "X"])


@settings(max_examples=300, deadline=None)
@given(ko=st.one_of(hangul, hanja_or_other), en=latin)
def test_score_in_range_and_symmetric(ko, en):
    score = transliteration_similarity(ko, en)
    assert 0.0 <= score <= 1.0
    assert transliteration_similarity(en, ko) == score


_SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"]


@settings(max_examples=200, deadline=None)
@given(
    surname=st.sampled_from(_SURNAMES),
    given_name=st.text(
        alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=2, max_size=2
    ),
    pick=st.integers(min_value=0, max_value=4),
)
def test_any_listed_spelling_of_a_name_scores_high_in_any_order(surname, given_name, pick):
    name = surname + given_name
    spellings = english_spellings(name, limit=5)
    sp = spellings[min(pick, len(spellings) - 1)]
    sur, giv = sp.split(" ", 1)
    for form in (sp, f"{giv} {sur}", sp.upper().replace("-", "")):
        assert transliteration_similarity(name, form) >= 0.9, (name, form)


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1, max_size=30).filter(str.strip))
def test_extract_entities_never_crashes_and_offsets_hold(text):
    for e in extract_entities(text):
        assert text[e.start : e.end] == e.text
        assert e.kind in ("person", "place", "country", "organization", "number", "other")


# --------------------------------------------------------------------------- real data, small


def _loanword_split(row: dict) -> str:
    """``benchmarks/entity_accuracy.split_of`` of a loanword row: "train" (fit) or "held-out"."""
    key = f"{row['hangul']}\t{row['foreign']}"
    return "train" if int(hashlib.md5(key.encode()).hexdigest(), 16) % 2 == 0 else "held-out"


@pytest.mark.parametrize(
    "path",
    [
        # 400 of the 5,018 capitalised rows, a fixed random sample (tests/data/SOURCES.md), 200
        # of them held out: 150 of 150 won when measured (149 of 150 of the whole file's 2,550)
        ROOT / "tests" / "data" / "loanword_capitalized_sample.jsonl",
        SHARED / "loanword_foreign_to_hangul.jsonl",
    ],
    ids=["shipped-sample", "whole-file"],
)
def test_loanwords_beat_random_distractors_on_real_rows(path):
    """Held out: only the rows of the *held-out* half of ``benchmarks/entity_accuracy.py``'s
    split (md5 of ``hangul<TAB>foreign``, odd) are queried; the transliteration weights were
    chosen on the other half (``translit.py``), and the word table learned only that one."""
    if not path.exists():
        pytest.skip(f"development data {path} not present (the shipped sample ran)")
    text = path.read_text(encoding="utf-8")
    rows = [json.loads(ln) for ln in text.splitlines() if ln.strip()]
    rows = [r for r in rows if r["capitalized"]]
    held = [r for r in rows if _loanword_split(r) == "held-out"]
    assert len(held) >= 150
    rng = random.Random(7)
    sample = rng.sample(held, 150)
    pool = [r["foreign"] for r in rows]
    wins = 0
    for r in sample:
        others = rng.sample([e for e in pool if e != r["foreign"]], 9)
        gold = transliteration_similarity(r["hangul"], r["foreign"])
        wins += all(gold > transliteration_similarity(r["hangul"], o) for o in others)
    assert wins / len(sample) >= 0.95


# --------------------------------------------------------------------------- packaging


def test_top_level_names_resolve():
    for name in [
        "Entity",
        "EntityMatch",
        "extract_entities",
        "match_entities",
        "transliteration_similarity",
        "romanize",
        "english_spellings",
    ]:
        assert getattr(ko_en_align, name) is getattr(ko_en_align.entities, name)


def test_import_is_cheap():
    code = (
        "import sys, ko_en_align.entities; "
        "print(any(m.startswith(('kiwipiepy', 'torch')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_numbers_in_words_and_scales_match():
    matches = match_entities(
        "2000만명 이상 6명 부상", ["More than 20 million people watched.", "Six officers hurt."]
    )
    assert [(m.entity.text, m.en_text, m.matched) for m in matches] == [
        ("2000만명", "20 million", True),
        ("6명", "Six", True),
    ]


@pytest.mark.parametrize(
    ("path", "floor"),
    [
        # the first 12 documents, shipped (tests/data/SOURCES.md): 30 matched names measured
        (ROOT / "tests" / "data" / "ntrex128_ko_en_news_docs_first12.jsonl", 25),
        # all 41 development documents: 78 measured
        (SHARED / "ntrex128_ko_en_news_docs.jsonl", 30),
    ],
    ids=["first-12-docs", "all-41-docs"],
)
def test_foreign_names_in_real_translated_headlines(path, floor):
    if not path.exists():
        pytest.skip(f"development data {path} not present (the shipped first 12 documents ran)")
    docs = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    found = {}
    for doc in docs:
        for m in match_entities(doc["headline_ko"], doc["en_sentences"]):
            if m.matched:
                found[m.entity.text] = m.en_text
    assert found.get("다니엘 스터리지") == "Daniel Sturridge"
    assert found.get("브렛 캐버노") == "Brett Kavanaugh"
    assert found.get("리빙스턴") == "Livingston"
    # matched mentions are mostly right: the Hangul and the English share a phonetic core
    assert len(found) >= floor


def test_docs_page_examples_run(monkeypatch):
    import doctest

    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(ROOT / "docs" / "entities.md"),
        module_relative=False,
        optionflags=doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted >= 10
    assert result.failed == 0


def _own_list(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (Path(__file__).parent / "data" / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            ko, en, *_ = line.split("\t")
            rows.append((ko, en))
    return rows


@pytest.mark.parametrize("name", ["names_news_style.tsv", "foreign_names_news.tsv"])
def test_public_figures_rank_their_own_english_name_first(name):
    rows = _own_list(name)
    english = [en for _, en in rows]
    for ko, gold in rows:
        scores = {en: transliteration_similarity(ko, en) for en in english}
        best = max(scores, key=scores.__getitem__)
        assert best == gold, (ko, gold, best, scores[best])
        assert scores[gold] >= 0.6


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("한미 정상회담 개최", [("한", "South Korea"), ("미", "United States")]),
        ("미중 무역전쟁 격화", [("미", "United States"), ("중", "China")]),
        ("한중일 외교장관 회의", [("한", "South Korea"), ("중", "China"), ("일", "Japan")]),
        ("미남 배우 입국", []),  # 'a handsome man', not 美 + 南
        # one syllable in context (tests/test_entity_extraction.py has the running-text misses)
        ("한중 정상회담 개최", [("한", "South Korea"), ("중", "China")]),
        ("한·일 정상회담 열려", [("한", "South Korea"), ("일", "Japan")]),
        ("북·미 실무협상 재개", [("북", "North Korea"), ("미", "United States")]),
        ("美中 무역전쟁 격화", [("美", "United States"), ("中", "China")]),
        ('김현종 방미 "日 수출규제 美 중재 논의"', [("日", "Japan"), ("美", "United States")]),
        ("미 국무부 대변인 논평", [("미", "United States")]),
        ("중 외교부 대변인 발표", [("중", "China")]),
        ("불 대통령 방한", [("불", "France")]),
        ("인도 총리 방한", [("인도", "India")]),
    ],
)
def test_hangul_country_abbreviations(headline, expected):
    ents = [e for e in extract_entities(headline) if e.kind == "country"]
    assert [(e.text, e.normalized) for e in ents] == expected
    for e in ents:
        assert headline[e.start : e.end] == e.text


def test_foreign_name_parts_are_joined_and_titles_after_a_country_count():
    text = "볼로디미르 젤렌스키 우크라이나 대통령, 도널드 트럼프와 회담"
    ents = extract_entities(text)
    assert [(e.text, e.kind) for e in ents] == [
        ("볼로디미르 젤렌스키", "person"),
        ("우크라이나", "country"),
        ("도널드 트럼프", "other"),
    ]
    for e in ents:
        assert text[e.start : e.end] == e.text
    (m,) = [m for m in match_entities("도널드 트럼프 방한", ["President Donald Trump landed."])]
    assert m.en_text == "Donald Trump"
    assert m.matched


# --------------------------------------------------------------------------- false names on real headlines


@pytest.mark.parametrize(
    ("headline", "not_names"),
    [
        ("도둑들, 박물관 털어 보석 훔쳐", {"도둑들", "도둑"}),  # thieves
        ("검찰, 조국 자택 압수수색", {"검찰"}),  # prosecutors
        ("트럼프 지지 호소", {"지지"}),  # support
        ("쾰른 대성당 화재", {"대성당"}),  # a cathedral, not an organisation ending in 당
    ],
)
def test_common_nouns_are_not_names(headline, not_names):
    texts = {e.text for e in extract_entities(headline)}
    assert not texts & not_names, texts


def test_latin_name_in_parentheses_is_one_entity_without_function_words():
    text = "뉴포트 온 더 레비(Newport on the Levee) 개장"
    ents = extract_entities(text)
    latin = [e for e in ents if e.text.isascii()]
    assert [(e.text, e.start) for e in latin] == [("Newport on the Levee", text.index("Newport"))]
    assert not {"on", "the"} & {e.text for e in ents}
    for e in ents:
        assert text[e.start : e.end] == e.text


@pytest.mark.parametrize(
    "headline", ["리버풀 우승 확정", "리빙스턴, 레인저스 꺾어", "리버풀 감독 클롭 사임"]
)
def test_foreign_club_or_place_without_person_evidence_is_not_a_person(headline):
    (first, *_) = extract_entities(headline)
    assert first.text in ("리버풀", "리빙스턴")
    assert first.kind != "person"


@pytest.mark.parametrize(
    ("headline", "name"),
    [
        ("라이트하이저 회담", "라이트하이저"),
        ("므누신 방한", "므누신"),
        ("캘리포니아주 산불", "캘리포니아"),
    ],
)
def test_short_headline_keeps_a_transliterated_name(headline, name):
    assert name in [e.text for e in extract_entities(headline)]


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("쾰른", "Cologne"),
        ("호날두", "Ronaldo"),
        ("루이지애나", "Louisiana"),
        ("AMLO", "Andrés Manuel López Obrador"),
    ],
)
def test_exonyms_portuguese_readings_and_acronyms_match(ko, en):
    assert transliteration_similarity(ko, en) >= DEFAULT_THRESHOLD


def test_portuguese_reading_does_not_match_other_names():
    assert transliteration_similarity("호날두", "Reynolds") < DEFAULT_THRESHOLD
    assert transliteration_similarity("AMLO", "Andrés Manuel") < DEFAULT_THRESHOLD


def test_acronym_matches_accented_full_name_in_a_body():
    (m,) = match_entities(
        "AMLO 취임", ["Mexican President Andrés Manuel López Obrador took office."]
    )
    assert m.matched
    assert m.en_text == "Andrés Manuel López Obrador"


def test_nfd_headline_offsets_point_into_the_original():
    import unicodedata

    text = unicodedata.normalize("NFD", "김현종 방미 라이트하이저 회담")
    ents = extract_entities(text)
    assert [unicodedata.normalize("NFC", e.text) for e in ents] == ["김현종", "라이트하이저"]
    for e in ents:
        assert text[e.start : e.end] == e.text


def test_foreign_full_name_matches_its_surname_alone_in_the_body():
    (m,) = match_entities("제바스티안 페텔 우승", ["Vettel won in Sochi.", "Hamilton was second."])
    assert (m.en_text, m.sentence_index, m.matched) == ("Vettel", 0, True)
    (m,) = match_entities("제바스티안 페텔 우승", ["Hamilton won in Sochi."])
    assert not m.matched


def test_english_name_with_on_is_one_candidate():
    assert "Newport on the Levee" in [
        c.text
        for c in english_candidates("A worker refilled an ATM at Newport on the Levee on Friday.")
    ]


# Issue 11/16: matching misses found on NTREX; each case is a general rule, checked
# beside a different name that must stay apart.


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("드와이어", "Dwyer"),  # consonant + y before a final -er: 아이어
        ("뮬러", "Mueller"),  # ue after a consonant: 유
        ("나워트", "Nauert"),  # au before -er: 아워
        ("캐버노프", "Kavanaugh"),  # a final -augh: 프
        ("코바치치", "Kovacic"),  # South Slavic -ić: 치
        ("조예프", "Zaev"),  # Slavic final v: 프, e after a vowel: 예
        ("후안", "Juan"),  # Spanish j: ㅎ
        ("골즈비", "Goldsby"),  # ds before a consonant: 즈
    ],
)
def test_loanword_rules_of_other_languages_and_spellings(korean, english):
    assert transliteration_similarity(korean, english) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("korean", "english"),
    [("드와이어", "Dyer"), ("코바치치", "Kovacs"), ("후안", "Ivan"), ("뮬러", "Miller")],
)
def test_loanword_rules_keep_other_names_apart(korean, english):
    assert transliteration_similarity(korean, english) < transliteration_similarity(
        korean,
        {"드와이어": "Dwyer", "코바치치": "Kovacic", "후안": "Juan", "뮬러": "Mueller"}[korean],
    )


def test_demonyms_of_countries_match():
    from ko_en_align.entities.translit import is_demonym

    assert entity_similarity("벨기에", "Belgian") >= DEFAULT_THRESHOLD
    assert entity_similarity("독일인", "Germans") >= DEFAULT_THRESHOLD
    assert entity_similarity("마케도니아인들", "Macedonians") >= DEFAULT_THRESHOLD
    assert entity_similarity("벨기에", "Bulgarian") < DEFAULT_THRESHOLD
    assert is_demonym("Poland", "Polish")
    assert is_demonym("Japan", "Japanese")
    assert not is_demonym("Niger", "Nigeria")
    assert not is_demonym("India", "Indiana")


def test_learnt_translation_is_no_personal_name():
    # 소 is a surname, but 소련 is a learnt translation (Soviet)
    assert entity_similarity("소련", "Soviet") >= DEFAULT_THRESHOLD
    assert entity_similarity("소련", "Sorensen") < DEFAULT_THRESHOLD


def test_latin_names_are_found_as_written():
    ko = "함부르크에 있는 블롬앤보스(Blohm & Voss) 조선소, PNG 등록 항공사"
    en = ["It returned the frigate to Blohm & Voss in Hamburg.", "PNG-registered airlines."]
    got = {m.entity.text: (m.en_text, m.sentence_index, m.matched) for m in match_entities(ko, en)}
    assert got["Blohm & Voss"] == ("Blohm & Voss", 0, True)
    assert got["블롬앤보스"] == ("Blohm & Voss", 0, True)  # through its gloss
    assert got["PNG"] == ("PNG", 1, True)
    text = "시러큐스대학 맥스웰 스쿨(Syracuse University's Maxwell School)의 교수"
    en = ["a professor at Syracuse University's Maxwell School told The Hill"]
    latin = [m for m in match_entities(text, en) if m.entity.text.startswith("Syracuse")]
    assert [(m.en_text, m.score) for m in latin] == [("Syracuse University's Maxwell School", 1.0)]


def test_hangul_name_uses_its_latin_gloss():
    (m,) = [
        m
        for m in match_entities(
            "우스터셔(Worcestershire)에 있는 교도소", ["a jail in Worcestershire"]
        )
        if m.entity.text == "우스터셔"
    ]
    assert (m.en_text, m.matched) == ("Worcestershire", True)
    (m,) = [
        m
        for m in match_entities(
            "우스터셔(Worcestershire)에 있는 교도소", ["a jail in Leicestershire"]
        )
        if m.entity.text == "우스터셔"
    ]
    assert not m.matched
