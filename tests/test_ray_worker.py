"""The Ray actor's batch logic (``ko_en_align.ray._Worker``) run in this process.

``tests/test_ray.py`` runs it on a real cluster, where coverage cannot follow the
actor processes; here the same class is called directly on a pyarrow batch and its
rows are compared with the local engine's results.
"""

from __future__ import annotations

import json

import pytest

pa = pytest.importorskip("pyarrow")

from ko_en_align import Bulletin, HeadlineAligner, SummaryChecker  # noqa: E402
from ko_en_align.bulletin import RejectedRecord  # noqa: E402
from ko_en_align.ray import _input_row, _Worker  # noqa: E402

pytestmark = pytest.mark.slow

BODY = (
    "Kim Hyun-chong arrived in Washington on Wednesday.",
    "He will discuss Japan's export restrictions with U.S. officials.",
    "It rained in Seoul.",
)


def _batch(rows):
    # every row with every column, as the Dataset's blocks have them
    keys = list(dict.fromkeys(k for r in rows for k in r))
    return pa.Table.from_pylist([{k: r.get(k) for k in keys} for r in rows])


def _inputs():
    gold = {
        "best": 0,
        "support": [0],
        "faithful": True,
        "entities": [{"ko": "김현종", "en": "Kim Hyun-chong"}],
    }
    b = Bulletin("김현종 방미", BODY, id="kim", gold=gold)
    bad = RejectedRecord("bulletins.jsonl", 7, "missing field 'headline'")
    return b, [_input_row(0, b), _input_row(1, bad)]


def test_align_rows_match_the_local_aligner_and_keep_rejections(encoder):
    b, rows = _inputs()
    out = _Worker("align", {"mode": "hybrid"})(_batch(rows)).to_pylist()
    local = HeadlineAligner(encoder).align(b)
    assert [r["status"] for r in out] == ["ok", "rejected"]
    assert out[0]["id"] == "kim"
    assert out[0]["best"] == local.best.index
    assert out[0]["support"] == list(local.support)
    assert out[0]["score"] == pytest.approx(local.best.score, abs=1e-6)
    assert json.loads(out[0]["result"])["best"] == local.best.index
    assert (out[1]["source"], out[1]["line"]) == ("bulletins.jsonl", 7)
    assert "missing field 'headline'" in out[1]["reason"]


def test_check_rows_match_the_local_checker(encoder):
    b, rows = _inputs()
    out = _Worker("check", {"threshold": 0.5})(_batch(rows[:1])).to_pylist()
    local = SummaryChecker(encoder).check(b.headline, b.sentences)
    assert out[0]["supported"] == local.supported
    assert out[0]["score"] == pytest.approx(local.score, abs=1e-6)
    assert out[0]["culprits"] == list(local.culprits)


@pytest.mark.parametrize("task", ["pairing", "summary", "entities"])
def test_evaluate_rows_carry_a_prediction_per_task(task):
    b, rows = _inputs()
    out = _Worker("evaluate", {"task": task})(_batch(rows[:1])).to_pylist()
    pred = json.loads(out[0]["prediction"])
    assert out[0]["status"] == "ok"
    assert out[0]["id"] == "kim"
    assert pred["id"] == "kim"
    # the gold of _inputs: sentence 0 carries it, it is faithful, 김현종 is Kim Hyun-chong
    assert pred["correct"] is True
    if task == "pairing":
        assert pred["best"] == 0
        assert pred["predicted_support"] == [0]
    elif task == "summary":
        assert pred["predicted"] is True
        assert pred["faithful"] is True
    else:
        assert pred["matches"][0]["en"] == "Kim Hyun-chong"
        assert pred["tp"] == 1


def test_a_raw_record_is_validated_in_the_worker():
    raw = [
        {"id": "r1", "headline": "김현종 방미", "body": " ".join(BODY)},
        {"id": "r2", "headline": "", "body": "Something happened."},
    ]
    out = _Worker("align", {"mode": "embedding"})(_batch(raw)).to_pylist()
    assert [r["status"] for r in out] == ["ok", "rejected"]
    assert out[0]["best"] == 0
    assert "headline" in out[1]["reason"]
