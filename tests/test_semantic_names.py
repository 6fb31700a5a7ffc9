"""The encoder route for translated names (issue 16), with the real default model."""

from __future__ import annotations

import pytest

from ko_en_align.entities import DEFAULT_THRESHOLD, entity_similarity
from ko_en_align.entities.semantic import (
    SEMANTIC_CEILING,
    NameSimilarity,
    SemanticNameMatcher,
    reference_names,
    semantic_name_similarity,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def matcher() -> SemanticNameMatcher:
    from ko_en_align.encoder import default_encoder

    return SemanticNameMatcher(default_encoder())


@pytest.mark.parametrize(
    ("ko", "en", "rival"),
    [
        # concepts no transliteration, morpheme table or Sino-Korean dictionary gets
        # (native Korean words; 지질학 geology and 통신 communication are Sino-Korean and
        # the dictionary matches them now); the rival is an unrelated English word, or the
        # best a transliteration can find among English words of the same shape
        ("무지개", "rainbow", "Lighthouse"),
        ("바닷가재", "lobster", "Lighthouse"),
        ("나무늘보", "sloth", "Lighthouse"),
        ("성탄전야", "Christmas Eve", "Chris Evert"),
    ],
)
def test_translation_outranks_unrelated_words(
    matcher: SemanticNameMatcher, ko: str, en: str, rival: str
) -> None:
    right, wrong = matcher.similarities([(ko, en), (ko, rival)])
    assert right.encoder > wrong.encoder
    assert entity_similarity(ko, en) < DEFAULT_THRESHOLD  # the string routes miss it
    if wrong.string < DEFAULT_THRESHOLD:
        assert right.score > wrong.score


def test_personal_names_never_take_the_encoder_route(matcher: SemanticNameMatcher) -> None:
    pairs = [("김정훈", "Kim Jong-hoon"), ("김정훈", "Kim Jung-hoon"), ("김정훈", "Park Ji-sung")]
    for s in matcher.similarities(pairs):
        assert s.encoder == 0.0
        assert s.score == s.string == entity_similarity(s.ko, s.en)
    assert matcher.similarities([("김정훈", "Park Ji-sung")])[0].score < DEFAULT_THRESHOLD


def test_the_encoder_route_never_matches_alone(matcher: SemanticNameMatcher) -> None:
    # 젤렌스키 vs Putin: two persons, a clear transliteration mismatch
    scores = matcher.encoder_scores(["젤렌스키", "대한민국", "통신"], ["Putin", "South Korea"])
    assert scores.shape == (3, 2)
    assert scores.max() <= SEMANTIC_CEILING < DEFAULT_THRESHOLD
    zelensky = matcher.similarities([("젤렌스키", "Putin")])[0]
    assert zelensky.score < DEFAULT_THRESHOLD


def test_country_and_party(matcher: SemanticNameMatcher) -> None:
    korea, party = matcher.similarities(
        [("대한민국", "South Korea"), ("보수당", "Conservative Party")]
    )
    assert korea.score == 1.0
    assert party.score >= DEFAULT_THRESHOLD
    assert korea.z > 3  # well above what an unrelated Korean name scores with it
    assert isinstance(korea, NameSimilarity)
    assert korea.to_dict()["en"] == "South Korea"
    assert "<table>" in korea._repr_html_()


def test_matrix_matches_pairs_and_repeats(matcher: SemanticNameMatcher) -> None:
    m = matcher.encoder_scores(["통신", "통신"], ["communication", "geology", "communication"])
    assert m.shape == (2, 3)
    assert m[0, 0] == m[1, 2]
    pair = matcher.similarities([("통신", "geology")])[0]
    assert pair.encoder == pytest.approx(m[0, 1])
    assert matcher.encoder_scores([], ["geology"]).shape == (0, 1)


def test_bad_input_and_knobs() -> None:
    with pytest.raises(ValueError, match="ceiling"):
        SemanticNameMatcher(ceiling=1.5)
    with pytest.raises(ValueError, match="weights"):
        SemanticNameMatcher(weights=(1.0,))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-empty"):
        SemanticNameMatcher().encoder_scores([""], ["geology"])
    assert len(reference_names()) == 200
    assert "김정훈" not in reference_names()


def test_convenience_function() -> None:
    assert semantic_name_similarity("성탄전야", "Christmas Eve") > semantic_name_similarity(
        "성탄전야", "Chris Evert"
    )
