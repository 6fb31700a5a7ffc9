"""Summary checks: the seed bulletin's requirements, result objects, input errors."""

from __future__ import annotations

import json

import pytest

from ko_en_align.evidence import SummaryCheck, SummaryChecker

HEADLINE = '김현종 방미 "日 수출규제 美 중재 논의"'


@pytest.fixture(scope="module")
def seed_results(encoder, seed_bulletin):
    checker = SummaryChecker(encoder)
    variants = [
        HEADLINE,
        HEADLINE.replace("美", "中"),
        HEADLINE.replace("김현종", "강경화"),
        HEADLINE.replace("김현종", "김희상"),
    ]
    return dict(
        zip(
            variants,
            checker.check_many([(h, seed_bulletin.sentences) for h in variants]),
            strict=True,
        )
    )


@pytest.mark.slow
def test_seed_headline_all_claims_supported_with_correct_evidence(seed_results, seed_bulletin):
    r = seed_results[HEADLINE]
    assert r.supported
    assert r.culprits == ()
    assert [c.text for c in r.claims] == ["김현종 방미", "日 수출규제", "美 중재 논의"]
    # 중재 (mediation) is said by "U.S. mediation" in sentence 5, which the word alignment
    # may miss: a claim with a word short of evidence is "weak", never "unsupported"
    # while its headline is supported
    assert all(c.verdict in ("supported", "weak") for c in r.claims)
    assert r.claims[0].verdict == "supported"
    kim, japan, us = r.claims
    assert kim.evidence[0][0] in (
        3,
        0,
    )  # Kim Hyun-chong arrived in Washington / officials in Washington
    best = japan.evidence[0][1]
    assert "Japan" in best or "Tokyo" in best
    assert "trade" in best
    # the gold evidence of 美 중재 논의 is sentence 5 ("Will you request U.S. mediation ...?");
    # its words 美 and 논의 (discuss) both find sentence 0 ("... in Washington to discuss the
    # matter with their American counterparts"), 중재 finds none, so 5 comes second
    assert [i for i, _, _ in us.evidence] == [0, 5]
    assert {e.text: e.supported for e in r.entities} == {"김현종": True, "日": True, "美": True}


@pytest.mark.slow
def test_wrong_country_is_unsupported_and_named(seed_results):
    r = seed_results[HEADLINE.replace("美", "中")]
    assert not r.supported
    assert "中" in r.culprits
    assert r.claims[2].verdict == "unsupported"


@pytest.mark.slow
def test_person_not_in_story_is_flagged_word_and_claim(seed_results):
    r = seed_results[HEADLINE.replace("김현종", "강경화")]
    kang = next(w for w in r.words if w.text == "강경화")
    assert kang.verdict == "unsupported"
    assert kang.en_text is None
    assert "no English name matches" in kang.reason
    assert r.claims[0].verdict != "supported"
    assert seed_results[HEADLINE].claims[0].verdict == "supported"
    assert r.score < seed_results[HEADLINE].score


@pytest.mark.slow
def test_person_not_in_story_rejects_the_headline(seed_results):
    r = seed_results[HEADLINE.replace("김현종", "강경화")]
    assert not r.supported
    assert "강경화" in r.culprits


@pytest.mark.slow
def test_other_official_in_washington_is_supported(seed_results):
    r = seed_results[HEADLINE.replace("김현종", "김희상")]
    assert r.supported
    assert r.entities[0].en_text is not None
    assert "Hee-sang" in r.entities[0].en_text


@pytest.mark.slow
def test_number_conflict_is_flagged(encoder):
    body = [
        "A 46-year-old man was charged with attempted murder after a stabbing in a Belfast restaurant.",
        "Police said the victim was taken to hospital.",
        "The restaurant was closed on Saturday.",
    ]
    checker = SummaryChecker(encoder)
    good, bad = checker.check_many(
        [("46세 남성 살인미수 혐의 기소", body), ("13세 남성 살인미수 혐의 기소", body)]
    )
    assert good.numbers[0].supported
    assert good.numbers[0].en_text == "46-year-old"
    assert not bad.numbers[0].supported
    assert bad.numbers[0].conflict
    assert "13세" in bad.culprits
    assert bad.score < good.score


@pytest.mark.slow
def test_to_dict_and_html(seed_results):
    r = seed_results[HEADLINE.replace("美", "中")]
    assert isinstance(r, SummaryCheck)
    d = r.to_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["supported"] is False
    assert "中" in d["culprits"]
    assert d["claims"][0]["evidence"][0]["index"] in (3, 0)
    page = r._repr_html_()
    assert "中 중재 논의" in page
    assert "unsupported" in page
    assert "culprits" in page


def test_input_errors_need_no_model():
    checker = SummaryChecker()
    with pytest.raises(ValueError, match="headline"):
        checker.check("   ", ["Kim Hyun-chong arrived in Washington."])
    with pytest.raises(TypeError, match="NoneType"):
        checker.check(None, ["Kim Hyun-chong arrived in Washington."])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threshold"):
        SummaryChecker(threshold=1.5)


@pytest.mark.slow
def test_desk_and_status_tags_are_not_claims(encoder, seed_bulletin):
    # real Korean headlines carry wire-service tags; before they were masked, [속보] and
    # (종합2보) were content words without evidence and (종합2보) rejected the seed headline
    tagged = [
        "[속보] " + HEADLINE,
        HEADLINE + "(종합2보)",
        "[뉴스9] " + HEADLINE,
        HEADLINE + " - 연합뉴스",  # an outlet credit, as page titles append it
    ]
    checker = SummaryChecker(encoder)
    plain, *results = checker.check_many(
        [(h, seed_bulletin.sentences) for h in [HEADLINE, *tagged]]
    )
    for h, r in zip(tagged, results, strict=True):
        assert r.headline == h
        assert [w.text for w in r.words] == [w.text for w in plain.words]
        assert all(h[w.start : w.end] == w.text for w in r.words)
        assert r.supported == plain.supported
        assert r.score == pytest.approx(plain.score, abs=0.05)
