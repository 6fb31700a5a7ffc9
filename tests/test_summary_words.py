"""Summary check, word by word: evidence spans, conflicts, one consistent verdict, short bodies.

Every example is a real-style Korean headline against English sentences written
as a newswire would; the default model is the real one.
"""

from __future__ import annotations

import pytest

from ko_en_align.evidence import SummaryChecker
from ko_en_align.polarity import english_polarity, korean_polarity, opposite
from ko_en_align.words import headline_words

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def checker(encoder):
    return SummaryChecker(encoder)


def _word(result, text):
    return next(w for w in result.words if w.text == text)


# ----------------------------------------------------------------- the examples
def test_one_sentence_body_supports_a_true_headline(checker):
    r = checker.check("김현종 방미", ["Kim Hyun-chong arrived in Washington on Wednesday."])
    assert r.supported
    assert _word(r, "김현종").en_text == "Kim Hyun-chong"
    assert _word(r, "김현종").sentence_index == 0


def test_content_word_the_body_does_not_say_is_flagged(checker):
    body = ["North Korea conducted its sixth nuclear test on Sunday."]
    r = checker.check("北 미사일 발사", body)
    assert _word(r, "北").verdict == "supported"
    assert _word(r, "발사").verdict == "unsupported"
    assert "no English word aligns" in _word(r, "발사").reason
    good = checker.check("北 미사일 발사", ["North Korea fired a ballistic missile on Sunday."])
    assert good.supported
    assert good.score > r.score
    # SimAlign-style alignment gives "missile" to 발사 (fired), not to 미사일: the body
    # sentence is right, the word pairing is not (a known limit of e5-small token vectors)
    assert {w.sentence_index for w in good.words if w.verdict == "supported"} == {0}


def test_antonym_in_the_body_is_a_conflict_not_support(checker):
    bad = checker.check("코스피 2% 급등", ["The KOSPI fell 2 percent on Monday."])
    good = checker.check("코스피 2% 급등", ["The KOSPI jumped 2 percent on Monday."])
    assert not bad.supported
    assert _word(bad, "급등").verdict == "conflict"
    assert _word(bad, "급등").en_text == "fell"
    assert bad.culprits[0] == "급등"
    assert good.supported
    assert _word(good, "급등").verdict != "conflict"
    assert _word(good, "2%").en_text == "2 percent"


def test_a_predicate_finds_its_dictionary_translation_in_its_sentences(checker):
    """강화 is 強化 "to strengthen" in CC-CEDICT: the Sino-Korean dictionary gives the
    predicate evidence where the body says it, and none where it says the opposite."""
    up = checker.check("정부, 규제 강화", ["The government will strengthen regulations."])
    down = checker.check("정부, 규제 강화", ["The government will ease regulations."])
    assert _word(up, "강화").features["dictionary"] > 0
    assert _word(up, "강화").features["dictionary_known"] == 1.0
    assert _word(up, "강화").verdict == "supported"
    assert up.supported
    assert _word(down, "강화").features["dictionary"] == 0.0
    assert _word(down, "강화").verdict == "conflict"
    assert not down.supported


@pytest.mark.parametrize(
    ("headline", "sentence"),
    [
        ("문재인 대통령, 일본에 경고", "President Moon Jae-in warned Japan on Monday."),
        ("이강인 결승골, PSG 승리", "Lee Kang-in scored the winning goal as PSG beat Lyon 2-1."),
    ],
)
def test_every_word_found_means_supported_and_no_claim_unsupported(checker, headline, sentence):
    r = checker.check(headline, [sentence, "Heavy rain is expected in the south on Tuesday."])
    assert r.supported
    assert all(c.verdict != "unsupported" for c in r.claims)
    names = [w for w in r.words if w.kind == "name"]
    assert names
    assert all(w.verdict == "supported" for w in names)
    assert all(w.sentence_index == 0 for w in names)


# ----------------------------------------------------------------- short bodies
SHORT = {
    1: ["Samsung Electronics posted a record operating profit in the third quarter."],
    2: [
        "Prime Minister Boris Johnson's Conservatives won a large majority in the election.",
        "Labour suffered its worst result since 1935.",
    ],
    3: [
        "The Bank of Korea raised its key interest rate to 3.5 percent on Thursday.",
        "It was the seventh increase in a row.",
        "Economists had expected the move.",
    ],
}
HEADLINES = {
    1: "삼성전자 3분기 사상 최대 영업이익",
    2: "보수당 총선 압승",
    3: "한국은행 기준금리 3.5%로 인상",
}
CORRUPT = {
    1: "LG전자 3분기 사상 최대 영업이익",
    2: "보수당 총선 참패",
    3: "한국은행 기준금리 4.5%로 인상",
}


@pytest.mark.parametrize("size", [1, 2, 3])
def test_short_bodies_behave_like_long_ones(checker, size):
    good, bad = checker.check_many([(HEADLINES[size], SHORT[size]), (CORRUPT[size], SHORT[size])])
    assert good.supported, [(w.text, w.verdict, w.reason) for w in good.words]
    assert not bad.supported
    assert bad.score < good.score
    changed = {1: "LG전자", 2: "참패", 3: "4.5%"}[size]
    assert any(changed in c for c in bad.culprits)


# ----------------------------------------------------------------- one verdict
def test_verdicts_never_contradict(checker, seed_bulletin):
    heads = [
        seed_bulletin.headline,
        seed_bulletin.headline.replace("美", "中"),
        seed_bulletin.headline.replace("김현종", "강경화"),
        "北 미사일 발사",
        "코스피 2% 급등",
    ]
    for r in checker.check_many([(h, seed_bulletin.sentences) for h in heads]):
        assert r.supported == (r.score >= r.threshold)
        if r.supported:
            assert all(c.verdict != "unsupported" for c in r.claims)
            assert r.culprits == ()
        else:
            assert r.culprits
        if all(w.verdict == "supported" for w in r.words) and r.features["relevance_cost"] == 0:
            assert r.supported
        for c in r.claims:
            assert (c.verdict == "supported") == all(w.verdict == "supported" for w in c.words)
            assert (c.verdict == "unsupported") == (c.support < r.threshold)


def test_words_carry_spans_into_the_callers_text(checker):
    body = ["Kim Hyun-chong arrived in Washington to discuss Japan's export curbs."]
    headline = "김현종\u200b 방미"  # a zero-width space the library normalises away
    r = checker.check(headline, body)
    for w in r.words:
        assert headline[w.start : w.end] == w.text
        if w.en_text is not None:
            assert body[w.sentence_index][w.en_start : w.en_end] == w.en_text


def test_html_highlights_every_word(checker):
    r = checker.check("코스피 2% 급등", ["The KOSPI fell 2 percent on Monday."])
    page = r._repr_html_()
    for w in r.words:
        assert f">{w.text}</span>" in page
    assert "conflict" in page
    assert "fell" in page


# ----------------------------------------------------------------- no-model units
def test_polarity_lexicon_reads_both_languages():
    assert korean_polarity("급락").sign == -1
    assert opposite("찬성") == "반대"
    assert [w for _, w, _, _ in english_polarity("Shares plunged while bonds rallied.")] == [
        "plunged",
        "rallied",
    ]


def test_headline_words_skip_function_words():
    words = headline_words("정부, 수출규제 강화 방침 철회했다")
    texts = [w.text for w in words]
    assert "했다" not in texts
    assert "철회" in texts
    assert next(w for w in words if w.text == "철회").polarity


def test_compound_postpositions_are_not_claims():
    # -을 위한 "for", -에 대한 "about", -에 따라 "according to": grammar, not claims
    words = headline_words("노동자를 위한 법안에 대한 표결, 여론에 따라 연기")
    texts = [w.text for w in words]
    assert texts == ["노동자", "법안", "표결", "여론", "연기"], texts


def test_cost_terms_are_zero_with_evidence_and_a_conflict_alone_rejects():
    from ko_en_align.evidence import HEADLINE_WEIGHTS, word_cost, worst_cost

    for kind in ("name", "number", "noun", "predicate"):
        assert word_cost(kind, 0.5) == 0.0
        assert word_cost(kind, 0.9) == 0.0
        assert word_cost(kind, 0.2) >= word_cost(kind, 0.4) >= 0.0
        assert word_cost(kind, 0.9, conflict=True) > HEADLINE_WEIGHTS["budget"]
    assert worst_cost(0.5) == 0.0
    assert worst_cost(0.1) > worst_cost(0.3) > 0.0


def test_a_latin_gloss_makes_the_hangul_before_it_one_name(checker):
    body = ["Disorder broke out at HMP Long Lartin prison in Worcestershire on Sunday."]
    r = checker.check("롱 라틴(Long Lartin) 교도소 난동", body)
    assert [w.text for w in r.words][0] == "롱 라틴"
    assert "Long Lartin" not in [w.text for w in r.words]  # the gloss is evidence, not a word
    name = r.words[0]
    assert name.kind == "name"
    assert name.verdict == "supported"
    assert name.en_text == "Long Lartin"
    assert body[0][name.en_start : name.en_end] == "Long Lartin"
