"""Bulletin parsing, readers and the CLI (in-process)."""

from __future__ import annotations

import importlib.metadata
import io
import json
from pathlib import Path

import pytest

from ko_en_align import Bulletin, read_bulletins
from ko_en_align.bulletin import BulletinFormatError, NoHangulWarning, RejectedRecord
from ko_en_align.cli import main

SEED_GOLD = Path(__file__).resolve().parents[1] / "seeds" / "000_ba3be2c408401557.gold.json"
#: the seed's hand-checked support sentences (0, 3, 5)
GOLD_SUPPORT = set(json.loads(SEED_GOLD.read_text(encoding="utf-8"))["support"])


def test_seed_format(seed_bulletin):
    assert seed_bulletin.headline == '김현종 방미 "日 수출규제 美 중재 논의"'
    assert len(seed_bulletin.sentences) == 16
    assert seed_bulletin.sentences[-1] == "Kim Hyesung, Arirang News."


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"headline": "", "sentences": ["x."]}, ValueError, "headline is empty"),
        ({"headline": "   ", "sentences": ["x."]}, ValueError, "headline is empty"),
        ({"headline": "김현종", "sentences": []}, ValueError, "sentences is empty"),
        ({"headline": "김현종", "sentences": "  "}, ValueError, "sentences is empty"),
        ({"headline": None, "sentences": ["x."]}, TypeError, "NoneType"),
        ({"headline": "김현종", "sentences": [1]}, TypeError, "int"),
    ],
)
def test_bad_bulletins(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        Bulletin(**kwargs)


def test_headline_without_hangul_warns():
    with pytest.warns(NoHangulWarning):
        Bulletin("Kim visits Washington", ["Kim arrived in Washington."])


def test_readers(tmp_path, seed_text):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "a.txt").write_text(seed_text, encoding="utf-8")
    (folder / "b.txt").write_text("\n\n", encoding="utf-8")
    errors: list[RejectedRecord] = []
    got = list(read_bulletins(folder, errors=errors))
    assert [b.id for b in got] == ["a"]
    assert len(errors) == 1
    assert "b.txt" in errors[0].source
    with pytest.raises(BulletinFormatError):
        list(read_bulletins(folder))

    jl = tmp_path / "x.jsonl"
    rows = [
        json.dumps(
            {
                "id": "1",
                "headline": "美 중재 논의",
                "body": "The U.S. will mediate. Talks start Friday.",
            },
            ensure_ascii=False,
        ),
        "{not json",
        json.dumps({"id": "3", "headline": "日 수출규제"}, ensure_ascii=False),
        json.dumps(
            {
                "id": "4",
                "headline": "日 수출규제",
                "sentences": ["Tokyo curbs exports."],
                "faithful": True,
            },
            ensure_ascii=False,
        ),
    ]
    jl.write_text("\n".join(rows) + "\n", encoding="utf-8")
    errors = []
    got = list(read_bulletins(jl, errors=errors))
    assert [b.id for b in got] == ["1", "4"]
    assert got[0].sentences == ("The U.S. will mediate.", "Talks start Friday.")
    assert got[1].gold == {"faithful": True}
    assert [e.line for e in errors] == [2, 3]
    assert errors[0].reason.startswith("malformed JSON")
    assert errors[1].reason.startswith("missing field 'body' or 'sentences'")


@pytest.mark.slow
def test_cli_align_table_and_json(capsys, tmp_path):
    assert main(["align", "seeds"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("[000_ba3be2c408401557] 김현종 방미")
    # rank 1 is one of the seed's gold sentences (0, 3, 5), marked (*) as support
    first = out.splitlines()[2].split()
    assert first[:2] == ["*", "1"]
    assert int(first[2]) in GOLD_SUPPORT
    assert "read 1 = processed 1 + rejected 0" in err
    assert main(["align", "seeds", "--json", "--top", "3"]) == 0
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    # the table's best, one of the seed's gold sentences, and in the support
    assert record["best"] == record["ranking"][0]["index"] == int(first[2])
    assert record["best"] in record["support"]
    scores = [r["score"] for r in record["ranking"]]
    assert len(scores) == 3
    assert scores == sorted(scores, reverse=True)


@pytest.mark.slow
def test_cli_strict_and_errors_file(capsys, tmp_path, monkeypatch):
    jl = tmp_path / "x.jsonl"
    jl.write_text(
        '{"id": 1, "headline": "美 중재 논의", "body": "The U.S. will mediate."}\n{bad\n',
        encoding="utf-8",
    )
    errfile = tmp_path / "errors.jsonl"
    assert main(["align", str(jl), "--json", "--errors", str(errfile)]) == 0
    assert "read 2 = processed 1 + rejected 1" in capsys.readouterr().err
    assert json.loads(errfile.read_text())["line"] == 2
    assert main(["align", str(jl), "--strict"]) == 1
    assert main(["align", str(tmp_path / "missing.jsonl")]) == 2


@pytest.mark.slow
def test_cli_check_table_json_stdin_and_exit_codes(capsys, tmp_path, monkeypatch):
    assert main(["check", "seeds"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("[000_ba3be2c408401557] 김현종 방미")
    assert "SUPPORTED" in out
    assert "claim '김현종 방미': supported" in out
    assert "supported 1 of 1" in err
    assert "read 1 = processed 1 + rejected 0" in err
    jl = tmp_path / "x.jsonl"
    jl.write_text(
        json.dumps(
            {
                "id": "b",
                "headline": "코스피 2% 급등",
                "body": "The KOSPI fell 2 percent on Monday.",
            },
            ensure_ascii=False,
        )
        + "\n{bad\n",
        encoding="utf-8",
    )
    errfile = tmp_path / "errors.jsonl"
    assert main(["check", str(jl), "--json", "--errors", str(errfile)]) == 0
    out, err = capsys.readouterr()
    record = json.loads(out.splitlines()[0])
    assert record["id"] == "b"
    assert record["supported"] is False
    assert record["culprits"][0] == "급등"
    assert [w["verdict"] for w in record["words"] if w["text"] == "급등"] == ["conflict"]
    assert "read 2 = processed 1 + rejected 1" in err
    assert json.loads(errfile.read_text())["line"] == 2
    assert main(["check", str(jl), "--strict"]) == 1
    assert main(["check", str(jl), "--fail-unsupported"]) == 3
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("코스피 2% 급등\nThe KOSPI fell 2 percent.\n"))
    assert main(["check", "-", "--threshold", "0.3"]) == 0
    out, _ = capsys.readouterr()
    assert "conflict    '급등' (predicate)" in out
    assert "(threshold 0.30)" in out
    assert main(["check", "seeds", "--threshold", "2"]) == 2


def test_public_api_is_locked():
    import ko_en_align

    assert ko_en_align.__all__ == sorted(ko_en_align.__all__)
    for name in (
        "Bulletin",
        "Encoder",
        "HeadlineAligner",
        "HeadlineAlignment",
        "SentenceMatch",
        "align_headline",
        "read_bulletins",
    ):
        assert name in ko_en_align.__all__
    for name in ko_en_align.__all__:  # every lazily exported name resolves to itself
        obj = getattr(ko_en_align, name)
        if name == "__version__":
            assert obj == importlib.metadata.version("ko-en-align")
        elif name == "evaluate":  # the module, callable as the function
            assert obj.__name__ == "ko_en_align.evaluate"
            assert callable(obj)
        else:
            assert obj.__name__ == name
            assert obj.__module__.startswith("ko_en_align.")
