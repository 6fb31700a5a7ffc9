"""Shared fixtures: the seed bulletin, the development data, the real default model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_ba3be2c408401557.txt"
DATA = ROOT.parent / "shared" / "data"


SAMPLES = ROOT / "tests" / "data"


def read_sample(name: str) -> list[dict]:
    """A small development-data sample shipped in ``tests/data`` (see its SOURCES.md), so the
    tests that read it run in a clone without ``../shared/data``."""
    with (SAMPLES / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_jsonl(name: str) -> list[dict]:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"development data {path} not present")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_bulletin(seed_text):
    from ko_en_align import Bulletin

    return Bulletin.from_text(seed_text, id=SEED.stem)


@pytest.fixture(scope="session")
def encoder():
    """The real embedded default model on the torch back end (the reference the onnx
    engine, the default on a CPU, is compared with), loaded once per session."""
    from ko_en_align import Encoder

    return Encoder(backend="torch").load()


@pytest.fixture(scope="session")
def ntrex_docs() -> list[dict]:
    """The first 12 NTREX-128 documents (identical to those of ``../shared/data``)."""
    return read_sample("ntrex128_ko_en_news_docs_first12.jsonl")


@pytest.fixture(scope="session")
def ntrex_pairing_run(encoder, ntrex_docs, tmp_path_factory):
    """``evaluate --task pairing`` on two NTREX documents, hybrid vs embedding, written to a
    folder: (report, folder). Run once; the tests only read what it wrote."""
    from ko_en_align.evaluate import evaluate

    out = tmp_path_factory.mktemp("ntrex_pairing")
    report = evaluate(
        ntrex_docs[:2],
        task="pairing",
        encoder=encoder,
        out=out,
        configs={"hybrid": {"mode": "hybrid"}, "embedding": {"mode": "embedding"}},
    )
    return report, out
