"""Evaluation records: parallel documents from JSONL, Hugging Face datasets (also streamed),
bad parallel records, counts for the progress bar, and argument errors. No model needed.

The documents are the first NTREX-128 documents shipped in ``tests/data``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import datasets
import pytest

from ko_en_align.bulletin import Bulletin, BulletinFormatError, RejectedRecord
from ko_en_align.records import ParallelDocument, count_records, parallel_bulletins, read_records

ROOT = Path(__file__).resolve().parents[1]
NTREX = ROOT / "tests" / "data" / "ntrex128_ko_en_news_docs_first12.jsonl"
DOCS = [json.loads(x) for x in NTREX.read_text(encoding="utf-8").splitlines()][:3]


def _pairs(docs) -> int:
    return sum(len(d["ko_sentences"]) for d in docs)


def _dataset(docs) -> datasets.Dataset:
    keep = ("doc_id", "ko_sentences", "en_sentences")
    return datasets.Dataset.from_list([{k: d[k] for k in keep} for d in docs])


# ------------------------------------------------------------ HF datasets
def test_hf_dataset_of_parallel_documents(tmp_path):
    ds = _dataset(DOCS)
    pairing = list(read_records(ds, task="pairing"))
    assert len(pairing) == _pairs(DOCS)
    # sentence i of a document is a query over its English sentences, with gold support [i]
    third = pairing[2]
    assert third.id == f"{DOCS[0]['doc_id']}:2"
    assert third.headline == DOCS[0]["ko_sentences"][2].strip()
    assert third.gold == {"support": [2]}
    assert len(third.sentences) >= len(DOCS[0]["en_sentences"])  # the whole English document
    assert count_records(ds, task="pairing") is None  # parallel rows expand: not known cheaply
    summary = list(read_records(ds, task="summary", seed=0))
    assert sorted(b.id for b in summary) == sorted(
        f"{d['doc_id']}:{kind}" for d in DOCS for kind in ("pos", "neg")
    )
    heads = {d["doc_id"]: d["ko_sentences"][0].strip() for d in DOCS}
    for b in summary:
        doc_id, kind = b.id.rsplit(":", 1)
        assert b.gold == {"faithful": kind == "pos"}
        assert (b.headline == heads[doc_id]) == (kind == "pos")
    # a saved DatasetDict of parallel documents, one split
    datasets.DatasetDict({"dev": ds, "test": _dataset(DOCS[:1])}).save_to_disk(str(tmp_path / "d"))
    got = list(read_records(tmp_path / "d", split="test", task="pairing"))
    assert len(got) == _pairs(DOCS[:1])


def test_streaming_iterable_dataset():
    """A streamed (IterableDataset) source is read lazily, row by row, with the same result."""
    streamed = _dataset(DOCS).to_iterable_dataset()
    assert type(streamed).__name__ == "IterableDataset"
    got = [(b.id, b.headline, b.gold) for b in read_records(streamed, task="pairing")]
    want = [(b.id, b.headline, b.gold) for b in read_records(DOCS, task="pairing")]
    assert got == want
    flat = datasets.Dataset.from_list(
        [{"id": "a", "headline": "김현종 방미", "body": "Kim Hyun-chong arrived.", "support": [0]}]
    ).to_iterable_dataset()
    assert [(b.id, b.gold) for b in read_records(flat)] == [("a", {"support": [0]})]


# ------------------------------------------------------------ parallel JSONL
def test_bad_parallel_records_are_rejected_with_line_and_reason(tmp_path):
    good = {k: DOCS[0][k] for k in ("doc_id", "ko_sentences", "en_sentences")}
    ko, en = good["ko_sentences"], good["en_sentences"]
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "s", "ko_sentences": "한 문장", "en_sentences": en}),
        json.dumps({"id": "e", "ko_sentences": [], "en_sentences": en}),
        json.dumps({"id": "u", "ko_sentences": ko[:2], "en_sentences": en[:3]}, ensure_ascii=False),
        json.dumps({"id": "1", "ko_sentences": ko[:1], "en_sentences": en[:1]}, ensure_ascii=False),
        "",
        json.dumps({"ko_sentences": ko[:3], "en_sentences": en[:3]}, ensure_ascii=False),
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors: list[RejectedRecord] = []
    got = list(read_records(path, task="pairing", errors=errors))
    reasons = {e.line: e.reason for e in errors}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7]
    assert reasons[2].startswith("malformed JSON")
    assert "record must be a JSON object" in reasons[3]
    assert "field 'ko_sentences' must be a list of str, got str" in reasons[4]
    assert "field 'ko_sentences' is empty" in reasons[5]
    assert "ko_sentences has 2 sentences but en_sentences has 3" in reasons[6]
    assert "needs a headline and at least one body sentence" in reasons[7]
    # the good documents: the first by its doc_id, the last (no id) by file and line
    assert len(got) == len(ko) + 3
    assert got[0].id == f"{good['doc_id']}:0"
    assert got[-1].id == "docs:9:2"
    # the progress bar's total counts what is read, rejected lines included:
    # read = processed + rejected (it was None before: the first bad line stopped the count)
    assert count_records(path, task="pairing") == len(got) + len(errors) == len(ko) + 3 + 6
    summary_errors: list[RejectedRecord] = []
    summary = [b.id for b in read_records(path, task="summary", errors=summary_errors)]
    # the last document's headline is the first's, so it has no other headline for a negative
    assert summary == [f"{good['doc_id']}:pos", "docs:9:pos", f"{good['doc_id']}:neg"]
    assert count_records(path, task="summary") == len(summary) + len(summary_errors) == 3 + 6
    path.write_text("\n".join(lines[:1] + lines[-1:]) + "\n", encoding="utf-8")
    assert count_records(path, task="pairing") == len(ko) + 3
    assert count_records(path, task="summary") == 3
    path.write_text("\n".join(lines[:1]) + "\n", encoding="utf-8")
    assert count_records(path, task="summary") == 1  # one document: no negative
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(BulletinFormatError, match=r"docs\.jsonl:2: malformed JSON"):
        list(read_records(path, task="pairing"))


def test_a_headline_record_among_parallel_documents_is_rejected_not_a_crash():
    """After a parallel document, a headline/body record is a rejected row with a reason (it
    raised KeyError 'ko_sentences' before), and count_records counts it as one record read."""
    doc = {k: DOCS[0][k] for k in ("doc_id", "ko_sentences", "en_sentences")}
    rows = [doc, {"id": "b", "headline": "김현종 방미", "body": "Kim arrived."}, "not a record"]
    errors: list[RejectedRecord] = []
    got = list(read_records(rows, task="pairing", errors=errors))
    assert [b.id for b in got] == [f"{doc['doc_id']}:{i}" for i in range(len(doc["ko_sentences"]))]
    assert sorted((e.line, e.reason.split(":")[0]) for e in errors) == [
        (2, "missing field 'ko_sentences' or 'en_sentences'"),
        (3, "record must be a dict or a Bulletin, got str"),
    ]
    assert count_records(rows, task="pairing") == len(got) + len(errors)


def test_one_parallel_document_has_no_negative(caplog):
    doc = ParallelDocument(
        "d", ("김현종 방미", "그는 도착했다."), ("Kim visits U.S.", "He arrived.")
    )
    got = list(parallel_bulletins([doc], "summary"))
    assert [(b.id, b.gold) for b in got] == [("d:pos", {"faithful": True})]
    assert "only one parallel document: no negative example for d" in caplog.text
    assert doc.to_dict() == {
        "id": "d",
        "ko_sentences": ["김현종 방미", "그는 도착했다."],
        "en_sentences": ["Kim visits U.S.", "He arrived."],
    }


# ------------------------------------------------------------ other inputs
def test_records_from_python_objects_and_stdin(monkeypatch):
    b = Bulletin("美 중재 논의", ["The U.S. will mediate."], id="x", gold={"support": [0]})
    assert [r.id for r in read_records(b)] == ["x"]
    errors: list[RejectedRecord] = []
    rows = [b, {"headline": "日 수출규제", "body": "Japan curbs exports."}, 3]
    got = list(read_records(rows, errors=errors))
    assert [r.id for r in got] == ["x", "<records>:2"]  # a record without id gets its position
    assert got[0].gold == {"support": [0]}
    assert [(e.line, e.reason) for e in errors] == [
        (3, "record must be a dict or a Bulletin, got int")
    ]
    assert count_records(rows) == 3
    monkeypatch.setattr(
        "sys.stdin", io.StringIO('{"id": "s", "headline": "美 중재", "body": "Talks."}\n')
    )
    assert [r.id for r in read_records("-")] == ["s"]


def test_counts_for_the_progress_bar(tmp_path):
    seeds = ROOT / "seeds"
    assert count_records(seeds) == 1
    assert count_records(seeds / "000_ba3be2c408401557.txt") == 1
    flat = tmp_path / "flat.jsonl"
    flat.write_text('{"id": "a"}\n\n{"id": "b"}\n', encoding="utf-8")
    assert count_records(flat) == 2  # non-empty lines
    assert count_records(DOCS, task="summary") == 6
    assert count_records("-") is None
    assert count_records(tmp_path / "missing.jsonl") is None  # never raises


def test_bad_arguments_name_what_is_allowed():
    with pytest.raises(ValueError, match="format must be one of 'auto'"):
        list(read_records([], format="xml"))
    with pytest.raises(TypeError, match="data is None"):
        list(read_records(None))
    with pytest.raises(TypeError, match="got dict"):  # one record is not a list of records
        list(read_records({"headline": "美 중재", "body": "Talks."}))
    with pytest.raises(ValueError, match="no entity gold"):
        list(read_records(DOCS, task="entities"))
