"""HeadlineAligner(symmetric=True): the body encoded in both roles, with its own fitted weights."""

from __future__ import annotations

import numpy as np
import pytest

from ko_en_align import Bulletin, HeadlineAligner
from ko_en_align.scoring import DEFAULT_WEIGHTS, SYMMETRIC_WEIGHTS, hybrid_scores

pytestmark = pytest.mark.slow


def test_symmetric_uses_the_query_role_body_cosine(encoder, seed_bulletin):
    b = seed_bulletin
    sym = HeadlineAligner(encoder, symmetric=True).align(b)
    one = HeadlineAligner(encoder).align(b)
    # the same ranking inputs except the second cosine: computed here independently
    q = encoder.encode([b.headline], role="query")[0].astype(np.float64)
    body_p = encoder.encode(list(b.sentences), role="passage").astype(np.float64)
    body_q = encoder.encode(list(b.sentences), role="query").astype(np.float64)
    expected = hybrid_scores(
        b.headline,
        b.sentences,
        body_p @ q,
        body_vecs=body_p,
        sims_symmetric=body_q @ q,
        weights=SYMMETRIC_WEIGHTS,
    )
    got = np.array([m.score for m in sorted(sym.ranking, key=lambda m: m.index)])
    assert np.allclose(got, expected, atol=1e-6)
    assert not np.allclose(got, [m.score for m in sorted(one.ranking, key=lambda m: m.index)])
    assert sym.best.index in (0, 3, 5)  # the gold carriers of the seed headline
    assert "symmetric=True" in repr(HeadlineAligner(encoder, symmetric=True))


def test_symmetric_claims_get_their_own_second_cosine(encoder):
    b = Bulletin(
        "김현종 방미, 日 수출규제 논의",
        (
            "Kim Hyun-chong arrived in Washington on Wednesday.",
            "He will discuss Japan's export restrictions with U.S. officials.",
            "It rained in Seoul.",
        ),
    )
    r = HeadlineAligner(encoder, symmetric=True).align(b)
    assert set(r.support) <= {0, 1}
    assert r.best.index in (0, 1)


def test_symmetric_weights_differ_from_the_default():
    assert SYMMETRIC_WEIGHTS.symmetric == 1.0
    assert DEFAULT_WEIGHTS.symmetric == 0.0
    assert SYMMETRIC_WEIGHTS.vector().shape == DEFAULT_WEIGHTS.vector().shape


def test_bad_symmetric_arguments_say_what_is_allowed():
    with pytest.raises(TypeError, match="symmetric must be True or False"):
        HeadlineAligner(symmetric="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="symmetric=True needs mode='hybrid'"):
        HeadlineAligner(mode="embedding", symmetric=True)
