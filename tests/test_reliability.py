"""Reliability with the real default model: messy input, long input, the CLI on messy files.

Properties here run the embedded model, so they keep Hypothesis example counts
small (the pure-Python properties live in test_properties.py). The long-input
numbers for the report come from ``benchmarks``-style script runs; the tests
only check that long input finishes, stays correct and warns.
"""

from __future__ import annotations

import io
import json
import unicodedata
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ko_en_align.align import HeadlineAligner
from ko_en_align.bulletin import Bulletin, DecodingWarning, NoHangulWarning
from ko_en_align.encoder import LongInputWarning
from ko_en_align.segment import split_claims
from ko_en_align.text import normalize_text

pytestmark = pytest.mark.slow

MODEL = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HEADLINE = '김현종 방미 "日 수출규제 美 중재 논의"'
BODY = [
    "Amid the country's escalating trade tensions with Japan,... senior South Korean officials are in Washington.",
    "Kim Hyun-chong, deputy director of the presidential National Security Office, arrived on Wednesday.",
    "He is expected to meet U.S. officials to discuss Japan's export curbs.",
    "The weather in Seoul was hot and humid.",
]

NASTY = [
    "\ufeff",
    "\x00",
    "\r\n",
    "\u200b",
    "\u200f",
    "\u202e",
    "\u2066",
    "👨\u200d👩\u200d👧",
    "“",
    "”",
    "「",
    "」",
    "『",
    "』",
    "·",
    "ㆍ",
    "…",
    "ＡＢＣ１２３",
    "日",
    "美",
    "北",
    unicodedata.normalize("NFD", "김현종"),
    "ᄀ",
    "\u0301",
    "\ud800",
    "\t",
    " ",
]
WORDS = [
    "김현종",
    "방미",
    "수출규제",
    "중재",
    "논의",
    "500억 달러",
    "Kim Hyun-chong",
    "Washington",
    "U.S.",
    "Japan",
    ".",
    ",",
]
messy = st.lists(
    st.one_of(st.sampled_from(NASTY), st.sampled_from(WORDS), st.text(max_size=3)), max_size=12
).map("".join)


def _quiet() -> warnings.catch_warnings:
    """Warnings the library documents for messy input are allowed; others still fail."""
    cw = warnings.catch_warnings()
    cw.__enter__()
    warnings.simplefilter("error")
    warnings.simplefilter("ignore", NoHangulWarning)
    warnings.simplefilter("ignore", LongInputWarning)
    warnings.simplefilter("ignore", DecodingWarning)
    return cw


@pytest.fixture(scope="module")
def aligner(encoder) -> HeadlineAligner:
    return HeadlineAligner(encoder)


@pytest.fixture(scope="module")
def embedding_aligner(encoder) -> HeadlineAligner:
    return HeadlineAligner(encoder, mode="embedding")


def _check_alignment(result, sentences: tuple[str, ...]) -> None:
    n = len(sentences)
    assert sorted(m.index for m in result.ranking) == list(range(n))  # a permutation
    for m in result.ranking:
        assert 0.0 <= m.score <= 1.0
        assert -1.0 - 1e-6 <= m.similarity <= 1.0 + 1e-6
        assert np.isfinite(m.score)
        assert m.sentence == sentences[m.index]
    scores = [m.score for m in result.ranking]
    assert scores == sorted(scores, reverse=True)
    json.dumps(result.to_dict(), ensure_ascii=False, allow_nan=False)


# --------------------------------------------------------------------------- properties with the model


@MODEL
@given(headline=messy, body=st.lists(messy, min_size=1, max_size=5))
def test_align_is_a_deterministic_permutation_on_messy_input(
    aligner, headline: str, body: list[str]
) -> None:
    cw = _quiet()
    try:
        try:
            bulletin = Bulletin(headline, body)
        except (TypeError, ValueError):
            return
        first = aligner.align(bulletin)
        second = aligner.align(bulletin)
    finally:
        cw.__exit__(None, None, None)
    _check_alignment(first, bulletin.sentences)
    assert [(m.index, m.score) for m in first.ranking] == [
        (m.index, m.score) for m in second.ranking
    ]


@MODEL
@given(extra=st.lists(messy, max_size=4), order=st.randoms(use_true_random=False))
def test_align_embedding_mode_and_nfd_input(embedding_aligner, extra: list[str], order) -> None:
    body = BODY + [e for e in extra if normalize_text(e)]
    order.shuffle(body)
    cw = _quiet()
    try:
        nfc = embedding_aligner.align(HEADLINE, body)
        nfd = embedding_aligner.align(
            unicodedata.normalize("NFD", HEADLINE), [unicodedata.normalize("NFD", s) for s in body]
        )
    finally:
        cw.__exit__(None, None, None)
    _check_alignment(nfc, nfc.sentences)
    # decomposed input is the same text: same ranking, same scores
    assert [m.index for m in nfd.ranking] == [m.index for m in nfc.ranking]
    assert [m.score for m in nfd.ranking] == pytest.approx([m.score for m in nfc.ranking], abs=1e-5)


def test_align_rejects_bad_input_with_documented_errors(aligner) -> None:
    with pytest.raises(ValueError, match="headline is empty"):
        aligner.align("\u200b \ufeff", BODY)
    with pytest.raises(ValueError, match="sentences is empty"):
        aligner.align(HEADLINE, " \r\n ")
    with pytest.raises(TypeError, match="NoneType"):
        aligner.align(None, BODY)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bytes"):
        aligner.align(HEADLINE.encode(), BODY)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="int"):
        aligner.align(HEADLINE, [BODY[0], 3])  # type: ignore[list-item]
    with pytest.warns(NoHangulWarning):
        result = aligner.align("Kim visits Washington", BODY)
    _check_alignment(result, result.sentences)


def test_messy_copy_of_the_seed_finds_the_same_best_sentence(aligner) -> None:
    clean = aligner.align(HEADLINE, BODY)
    dirty_headline = (
        "\ufeff" + unicodedata.normalize("NFD", "김현종 방미 「日 수출규제 美 중재 논의」") + "\x00"
    )
    dirty_body = [f"\u200b{s}\r\n" for s in BODY]
    dirty = aligner.align(dirty_headline, dirty_body)
    assert dirty.headline == clean.headline
    assert [m.index for m in dirty.ranking] == [m.index for m in clean.ranking]
    assert [m.score for m in dirty.ranking] == pytest.approx(
        [m.score for m in clean.ranking], abs=1e-5
    )


# --------------------------------------------------------------------------- long input


def test_five_thousand_character_sentence_warns_and_still_ranks(aligner) -> None:
    long = (
        "Kim Hyun-chong said the trade dispute with Japan must be settled through talks. " * 70
    )[:5000]
    assert len(long) == 5000
    with pytest.warns(LongInputWarning, match="exceed the model's"):
        result = aligner.align(HEADLINE, [long, "The weather in Seoul was hot and humid."])
    _check_alignment(result, result.sentences)
    assert result.best.index == 0


def test_three_thousand_sentence_body(embedding_aligner) -> None:
    # 10,000 sentences through the default (hybrid) aligner are measured by a
    # script run (see the report); the test keeps CI time bounded with 3,000 in
    # embedding mode (one encoding per sentence) and checks nothing is lost
    n = 3000
    filler = [f"The weather report number {i} said it would rain in Busan." for i in range(n - 1)]
    target = (
        "Kim Hyun-chong arrived in Washington to discuss Japan's export curbs with U.S. officials."
    )
    body = filler[: n // 2] + [target] + filler[n // 2 :]
    result = embedding_aligner.align(HEADLINE, body)
    assert len(result.ranking) == n
    _check_alignment(result, tuple(body))
    assert result.best.index == n // 2


# --------------------------------------------------------------------------- the CLI on a messy JSONL file

GOOD = [
    {"id": "seed", "headline": HEADLINE, "sentences": BODY},
    {
        "headline": unicodedata.normalize("NFD", "김현종 방미"),
        "body": "\ufeffKim Hyun-chong arrived.\r\nHe met U.S. officials.",
    },
    {
        "id": 42,
        "headline": "「日 수출규제」\u200b",
        "body": "Japan curbs exports.\x00 The U.S. will mediate.",
    },
]
BAD = [
    ("{not json", "malformed JSON"),
    ("[1, 2]", "JSON object"),
    (json.dumps({"headline": "김현종 방미"}), "missing field 'body'"),
    (json.dumps({"body": "Kim arrived."}), "missing field 'headline'"),
    (json.dumps({"headline": 7, "body": "Kim arrived."}), "headline must be str, got int"),
    (json.dumps({"headline": "  ", "body": "Kim arrived."}), "headline is empty"),
    (json.dumps({"headline": "김현종", "body": ""}), "sentences is empty"),
    (json.dumps({"headline": "김현종", "sentences": [1]}), "must be str, got int"),
    (json.dumps({"headline": "김현종", "body": ["Kim arrived."]}), "field 'body' must be a str"),
]


def _run_cli(args: list[str], monkeypatch, encoder) -> tuple[int, str, str]:
    from ko_en_align import cli

    # reuse the session's loaded model instead of loading it again per call
    monkeypatch.setattr("ko_en_align.encoder.Encoder", lambda *a, **k: encoder)
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    cw = _quiet()
    try:
        code = cli.main(args)
    finally:
        cw.__exit__(None, None, None)
    return code, out.getvalue(), err.getvalue()


def test_cli_messy_jsonl_reports_every_bad_line(tmp_path: Path, monkeypatch, encoder) -> None:
    lines: list[tuple[str, str | None]] = []
    for k in range(3):
        lines.append((json.dumps(GOOD[k], ensure_ascii=False), None))
        for raw, reason in BAD[k * 3 : k * 3 + 3]:
            lines.append((raw, reason))
        lines.append(("", None))  # blank lines are not records
    src = tmp_path / "messy.jsonl"
    src.write_text("\r\n".join(raw for raw, _ in lines), encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    code, out, err = _run_cli(
        ["align", str(src), "--json", "--errors", str(errors)], monkeypatch, encoder
    )
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == ["seed", "messy:6", "42"]
    for r, n_sentences in zip(results, [4, 2, 2], strict=True):
        assert sorted(x["index"] for x in r["ranking"]) == list(range(n_sentences))
        assert all(0.0 <= x["score"] <= 1.0 for x in r["ranking"])
    rejected = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    expected = [(n, reason) for n, (_, reason) in enumerate(lines, start=1) if reason]
    assert [e["line"] for e in rejected] == [n for n, _ in expected]
    for e, (_, reason) in zip(rejected, expected, strict=True):
        assert reason in e["reason"], (e, reason)
        assert e["source"] == str(src)
    assert "read 12 = processed 3 + rejected 9" in err
    code, _, _ = _run_cli(["align", str(src), "--json", "--strict"], monkeypatch, encoder)
    assert code == 1


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([json.dumps(g, ensure_ascii=False) for g in GOOD]),
            st.sampled_from([raw for raw, _ in BAD]),
            st.sampled_from(["", "\x00", "\xff"]),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_cli_counts_hold_on_generated_files(
    tmp_path: Path, monkeypatch, encoder, lines: list[str]
) -> None:
    src = tmp_path / "gen.jsonl"
    data = "\n".join(lines).encode("utf-8").replace("\xff".encode(), b"\xff")
    src.write_bytes(data)
    errors = tmp_path / "errors.jsonl"
    code, out, err = _run_cli(
        ["align", str(src), "--json", "--errors", str(errors)], monkeypatch, encoder
    )
    records = [n for n, line in enumerate(lines, start=1) if line.strip()]
    processed = len(out.splitlines())
    rejected = [json.loads(x) for x in errors.read_text(encoding="utf-8").splitlines()]
    assert processed + len(rejected) == len(records)
    assert f"read {len(records)} = processed {processed} + rejected {len(rejected)}" in err
    assert {e["line"] for e in rejected} <= set(records)
    assert code == (1 if not records else 0)


def test_cli_survives_a_lone_surrogate_id(tmp_path: Path, monkeypatch, encoder) -> None:
    src = tmp_path / "ids.jsonl"
    src.write_text(
        '{"id": "a\\ud800", "headline": "김현종 방미", "body": "Kim arrived."}\n', encoding="utf-8"
    )
    from ko_en_align import cli

    monkeypatch.setattr("ko_en_align.encoder.Encoder", lambda *a, **k: encoder)
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")  # what a real UTF-8 stdout does
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    # regression: the raw id crashed the UTF-8 stdout with UnicodeEncodeError
    # (exit 2, no summary, later records lost); Bulletin now replaces it
    code = cli.main(["align", str(src), "--json"])
    out.flush()
    assert code == 0
    assert json.loads(raw.getvalue().decode("utf-8"))["headline"] == "김현종 방미"


# --------------------------------------------------------------------------- summary check


@pytest.fixture(scope="module")
def checker(encoder):
    from ko_en_align.evidence import SummaryChecker

    return SummaryChecker(encoder)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headline=messy, body=st.lists(messy, min_size=1, max_size=4))
def test_check_summary_scores_in_unit_interval_and_deterministic(
    checker, headline: str, body: list[str]
) -> None:
    cw = _quiet()
    try:
        try:
            Bulletin(headline, body)
        except (TypeError, ValueError):
            with pytest.raises((TypeError, ValueError)):
                checker.check(headline, body)
            return
        first = checker.check(headline, body)
        second = checker.check(headline, body)
    finally:
        cw.__exit__(None, None, None)
    assert 0.0 <= first.score <= 1.0
    assert first.supported == (first.supported and first.score >= first.threshold)
    for c in first.claims:
        assert 0.0 <= c.support <= 1.0
        assert first.headline[c.start : c.end] == c.text  # offsets into the normalised headline
        for idx, _sentence, s in c.evidence:
            assert 0 <= idx
            assert 0.0 <= s <= 1.0
    for e in (*first.entities, *first.numbers):
        assert 0.0 <= e.score <= 1.0
    assert first.to_dict() == second.to_dict()
    json.dumps(first.to_dict(), ensure_ascii=False, allow_nan=False)


def test_claim_check_offsets_index_the_original_headline(checker) -> None:
    headline = "\ufeff김현종 방미 「日 수출규제 美 중재 논의」"
    result = checker.check(
        headline,
        ["Kim Hyun-chong arrived in Washington.", "Japan curbs exports; the U.S. will mediate."],
    )
    assert [headline[c.start : c.end] for c in result.claims] == [
        c.text for c in split_claims(headline)
    ]
