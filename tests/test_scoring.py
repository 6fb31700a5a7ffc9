"""Hybrid sentence scoring: pure NumPy parts with made-up cosines, then the real model."""

from __future__ import annotations

import numpy as np
import pytest

from ko_en_align import Bulletin, HeadlineAligner
from ko_en_align.scoring import HybridWeights, body_zscores, hybrid_scores, sentence_evidence

BODY = [
    "South Korea's Deputy National Security Advisor Kim Hyun-chong arrived in Washington on Wednesday.",
    "It rained in Seoul on Thursday and the roads were closed for the whole afternoon.",
    "A 46-year-old man was arrested after the fight in the city centre on Friday night.",
]


def test_body_zscores_standardise_and_handle_flat_input():
    z = body_zscores(np.array([0.78, 0.79, 0.85]))
    assert abs(z.mean()) < 1e-9
    assert abs(z.std() - 1.0) < 1e-9
    assert body_zscores(np.array([0.8, 0.8])).tolist() == [0.0, 0.0]


def test_entity_evidence_breaks_a_cosine_tie():
    s = hybrid_scores("김현종 방미", BODY, np.array([0.80, 0.80, 0.80]))
    assert int(np.argmax(s)) == 0
    assert np.all((s >= 0.0) & (s <= 1.0))


def test_number_evidence_prefers_the_matching_age():
    body = [
        "A 13-year-old girl won the national spelling contest.",
        "A 46-year-old man won the national spelling contest.",
    ]
    s = hybrid_scores("13세 소녀 우승", body, np.array([0.81, 0.81]))
    assert s[0] > s[1]


def test_sentence_evidence_shapes_and_culprit_free_match():
    ev = sentence_evidence("김현종 방미", BODY)
    assert [e.text for e in ev.entities] == ["김현종"]
    assert ev.entity_scores.shape == (1, 3)
    assert int(ev.entity_scores[0].argmax()) == 0
    assert ev.entity_scores[0, 0] >= 0.75


def test_quotes_and_sign_offs_are_demoted_for_telegraphic_headlines():
    body = ['"Will you request U.S. mediation?"', "Kim Hyesung, Arirang News.", BODY[0]]
    flat = hybrid_scores("김현종 방미", body, np.array([0.82, 0.82, 0.80]))
    assert int(np.argmax(flat)) == 2
    off = hybrid_scores(
        "김현종 방미",
        body,
        np.array([0.82, 0.82, 0.80]),
        weights=HybridWeights(carrier=0.0, quote=0.0, entity=0.0),
    )
    assert int(np.argmax(off)) != 2


def test_bad_shapes_are_rejected():
    with pytest.raises(ValueError, match="sims must have shape"):
        hybrid_scores("김현종 방미", BODY, np.array([0.8, 0.8]))


@pytest.mark.slow
def test_seed_hybrid_picks_the_arrival_sentence(encoder, seed_bulletin):
    res = HeadlineAligner(encoder, mode="hybrid").align(seed_bulletin)
    # 3 = "... Kim Hyun-chong arrived in Washington ...", 0 = "... officials are in Washington ..."
    assert res.best.index in (3, 0)
    assert 15 not in [m.index for m in res.top(3)]  # "Kim Hyesung, Arirang News."
    assert HeadlineAligner(encoder).mode == "hybrid"


@pytest.mark.slow
def test_ntrex_subset_hybrid_beats_embedding(encoder, ntrex_docs):
    items = [
        (Bulletin(ko, d["en_sentences"]), i)
        for d in ntrex_docs[:6]
        for i, ko in enumerate(d["ko_sentences"])
    ]
    p1 = {}
    for mode in ("embedding", "hybrid"):
        res = HeadlineAligner(encoder, mode=mode).align_many([b for b, _ in items])
        p1[mode] = np.mean([r.best.index == gold for r, (_, gold) in zip(res, items, strict=True)])
    assert p1["hybrid"] >= 0.95
    assert p1["hybrid"] > p1["embedding"]
