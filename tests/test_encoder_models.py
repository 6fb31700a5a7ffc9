"""Encoder with any Hugging Face encoder, offline: tiny random BERT and XLM-R models built here.

Every advertised surface of :class:`ko_en_align.Encoder` for models other than the
embedded default is checked against an independent computation with transformers (or
sentence-transformers itself): each pooling, sentence-transformers prompts and Dense
layers, loading by hub id from a Hugging Face cache, windowing of long inputs,
``max_length``, the XLM-R position limit, device auto-selection, fp16/bf16/qint8,
the LRU cache and ``encode_tokens``. The models have random weights (seeded), so only
agreement with the reference computation means anything, never a similarity value.
Their tokenizers are built from repository text: a WordPiece vocabulary of the seed
bulletin, and a SentencePiece unigram model trained on the seed bulletin, the package's
reference sentences and the KLUE sample in ``tests/data``.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
import transformers

from ko_en_align import Encoder
from ko_en_align.encoder import LongInputWarning

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_ba3be2c408401557.txt"
SEED_LINES = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
HEADLINE = SEED_LINES[0]  # 김현종 방미 "日 수출규제 美 중재 논의"
# seed bulletin sentences of different lengths, so batches are padded
TEXTS = [HEADLINE, SEED_LINES[4], SEED_LINES[3], "U.S. mediation", SEED_LINES[2]]
HIDDEN = 32


def _bert_vocab() -> list[str]:
    """WordPiece vocabulary: the seed bulletin's lower-cased words and characters."""
    text = SEED.read_text(encoding="utf-8").lower()
    words = sorted(set(re.findall(r"[a-z]+", text)))
    chars = sorted({c for c in text if not c.isspace()})
    return [
        "[PAD]",
        "[UNK]",
        "[CLS]",
        "[SEP]",
        "[MASK]",
        *words,
        *chars,
        *("##" + c for c in chars),
    ]


def _spm_vocab() -> list[tuple[str, float]]:
    """XLM-R-style vocabulary of a SentencePiece unigram model trained on repository text."""
    import sentencepiece as spm

    lines = list(SEED_LINES)
    lines += (
        (ROOT / "ko_en_align" / "data" / "reference_sentences.txt").read_text("utf-8").splitlines()
    )
    klue = (ROOT / "tests" / "data" / "klue_ner_news_heldout_sample.jsonl").read_text("utf-8")
    lines += [json.loads(row)["text"] for row in klue.splitlines() if row.strip()]
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([ln for ln in lines if ln.strip()]),
        model_writer=buf,
        vocab_size=600,
        model_type="unigram",
        character_coverage=1.0,
        minloglevel=2,
    )
    sp = spm.SentencePieceProcessor(model_proto=buf.getvalue())
    # XLM-R's layout: <s> <pad> </s> <unk>, the pieces (spm's own specials are ids 0-2), <mask>
    pieces = [(sp.id_to_piece(i), sp.get_score(i)) for i in range(3, sp.get_piece_size())]
    return [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), *pieces, ("<mask>", 0.0)]


def _save_quietly(model, folder: Path) -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    try:
        model.save_pretrained(str(folder))
    finally:
        hf_logging.enable_progress_bar()


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> dict[str, Path]:
    """Folders of a tiny BERT (with pooler), a tiny XLM-R and a sentence-transformers model."""
    from transformers import (
        BertConfig,
        BertModel,
        BertTokenizer,
        XLMRobertaConfig,
        XLMRobertaModel,
        XLMRobertaTokenizer,
    )

    root = tmp_path_factory.mktemp("tiny_models")
    small = {
        "hidden_size": HIDDEN,
        "num_hidden_layers": 2,
        "num_attention_heads": 2,
        "intermediate_size": 64,
    }
    bert = root / "tiny-bert"
    vocab = _bert_vocab()
    BertTokenizer(vocab={w: i for i, w in enumerate(vocab)}).save_pretrained(str(bert))
    torch.manual_seed(0)
    _save_quietly(BertModel(BertConfig(vocab_size=len(vocab), **small)), bert)

    xlmr = root / "tiny-xlmr"
    pieces = _spm_vocab()
    XLMRobertaTokenizer(vocab=pieces).save_pretrained(str(xlmr))
    torch.manual_seed(1)
    # 34 positions: 32 tokens per window once the 2 positions before the padding index are off
    config = XLMRobertaConfig(
        vocab_size=len(pieces), max_position_embeddings=34, pad_token_id=1, **small
    )
    _save_quietly(XLMRobertaModel(config), xlmr)
    return {"bert": bert, "xlmr": xlmr, "root": root}


@pytest.fixture(scope="module")
def st_model(models):
    """A sentence-transformers folder written by sentence-transformers: CLS pooling, a Tanh
    Dense layer 32 -> 16, Normalize, and role prompts; returns (folder, SentenceTransformer)."""
    import sentence_transformers as st

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the models namespace moved in v6
        warnings.simplefilter("ignore", FutureWarning)
        from sentence_transformers import models as st_modules

        torch.manual_seed(2)
        tr = st_modules.Transformer(str(models["bert"]))
        modules = [
            tr,
            st_modules.Pooling(HIDDEN, pooling_mode="cls"),
            st_modules.Dense(HIDDEN, 16, activation_function=torch.nn.Tanh()),
            st_modules.Normalize(),
        ]
        model = st.SentenceTransformer(
            modules=modules, prompts={"query": "query : ", "passage": "passage : "}
        )
    folder = models["root"] / "tiny-st"
    model.save(str(folder))
    return folder, model


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def _reference_model(folder: Path, dtype=None):
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    try:
        model = AutoModel.from_pretrained(str(folder), dtype=dtype or torch.float32).eval()
    finally:
        hf_logging.enable_progress_bar()
    return model, AutoTokenizer.from_pretrained(str(folder))


def _pool(output, pooling: str) -> torch.Tensor:
    """One unpadded text's pooled vector, computed from transformers' outputs."""
    hidden = output.last_hidden_state[0]
    if pooling == "cls":
        return hidden[0]
    if pooling == "pooler":
        return output.pooler_output[0]
    if pooling == "max":
        return hidden.max(dim=0).values
    return hidden.mean(dim=0)


def _reference(folder, texts, *, pooling="mean", prefix="", model=None) -> np.ndarray:
    """Each text alone (no padding) through transformers, pooled, L2-normalised."""
    model, tok = model or _reference_model(folder)
    rows = []
    with torch.inference_mode():
        for text in texts:
            ids = tok(prefix + text, return_tensors="pt")
            rows.append(_pool(model(**ids), pooling).float().numpy())
    return _unit(np.stack(rows))


def _windowed_reference(folder, text, *, window: int) -> np.ndarray:
    """Mean pooling over consecutive windows of ``window`` tokens ([CLS] + content + [SEP]),
    weighted by each window's content length, as the Encoder documents."""
    model, tok = _reference_model(folder)
    ids = tok(text, add_special_tokens=False)["input_ids"]
    content = window - 2
    total, weight = np.zeros(model.config.hidden_size), 0
    with torch.inference_mode():
        for a in range(0, len(ids), content):
            chunk = [tok.cls_token_id, *ids[a : a + content], tok.sep_token_id]
            hidden = model(input_ids=torch.tensor([chunk])).last_hidden_state[0]
            total += (len(chunk) - 2) * hidden.mean(dim=0).numpy()
            weight += len(chunk) - 2
    return _unit(total / weight)


# ------------------------------------------------------------------ pooling
@pytest.mark.parametrize("pooling", ["mean", "cls", "max", "pooler"])
def test_each_pooling_equals_transformers_hidden_states(models, pooling):
    enc = Encoder(models["bert"], pooling=pooling)
    got = enc.encode(TEXTS, batch_size=4)  # two padded batches
    assert enc.pooling == pooling
    assert enc.prefixes == {}  # no prompts in the folder, not an e5 model
    np.testing.assert_allclose(got, _reference(models["bert"], TEXTS, pooling=pooling), atol=1e-5)


def test_poolings_differ_from_each_other(models):
    """So a pooling option that was ignored would fail the test above."""
    vecs = {p: Encoder(models["bert"], pooling=p).encode(TEXTS) for p in ("mean", "cls", "max")}
    vecs["pooler"] = Encoder(models["bert"], pooling="pooler").encode(TEXTS)
    names = sorted(vecs)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not np.allclose(vecs[a], vecs[b], atol=1e-3), (a, b)


def test_pooling_by_model_name_labse_and_e5_prefixes(models):
    """No sentence-transformers config: LaBSE-named models pool with the pooler, e5-named
    ones get e5's query/passage prefixes."""
    labse = models["root"] / "tiny-LaBSE"
    e5 = models["root"] / "tiny-e5"
    for folder in (labse, e5):
        if not folder.exists():
            shutil.copytree(models["bert"], folder)
    enc = Encoder(labse)
    np.testing.assert_allclose(
        enc.encode(TEXTS), _reference(labse, TEXTS, pooling="pooler"), atol=1e-5
    )
    assert enc.pooling == "pooler"
    enc = Encoder(e5)
    got = enc.encode(TEXTS, role="passage")
    assert enc.prefixes == {"query": "query: ", "passage": "passage: "}
    np.testing.assert_allclose(got, _reference(e5, TEXTS, prefix="passage: "), atol=1e-5)


# ------------------------------------------------ sentence-transformers folders
def test_sentence_transformers_folder_equals_sentence_transformers(st_model):
    folder, model = st_model
    enc = Encoder(folder).load()
    assert (enc.pooling, enc.dim) == ("cls", 16)
    assert enc.prefixes == {"query": "query : ", "passage": "passage : "}
    for role in ("query", "passage"):
        got = enc.encode(TEXTS, role=role)
        want = model.encode(TEXTS, prompt_name=role, convert_to_numpy=True)
        np.testing.assert_allclose(got, want, atol=1e-5)
    # the prompts matter: the same text in the two roles embeds differently
    assert not np.allclose(enc.encode(TEXTS, role="query"), enc.encode(TEXTS, role="passage"))


def test_dense_weights_from_pytorch_bin_and_legacy_pooling_flags(st_model, tmp_path):
    """Older sentence-transformers folders: Dense weights in pytorch_model.bin, pooling as flags."""
    from safetensors.torch import load_file

    folder, model = st_model
    old = tmp_path / "old-st"
    shutil.copytree(folder, old)
    dense = old / "2_Dense"
    torch.save(load_file(str(dense / "model.safetensors")), dense / "pytorch_model.bin")
    (dense / "model.safetensors").unlink()
    pooling = old / "1_Pooling" / "config.json"
    pooling.write_text(
        json.dumps({"word_embedding_dimension": HIDDEN, "pooling_mode_cls_token": True})
    )
    want = model.encode(TEXTS, prompt_name="query", convert_to_numpy=True)
    np.testing.assert_allclose(Encoder(old).encode(TEXTS), want, atol=1e-5)
    pooling.write_text(json.dumps({"pooling_mode_max_tokens": True}))
    assert Encoder(old).load().pooling == "max"
    pooling.write_text(json.dumps({"pooling_mode_mean_sqrt_len_tokens": True}))
    assert Encoder(old).load().pooling == "mean"


def test_unsupported_pooling_mode_is_a_clear_error(st_model, tmp_path):
    folder, _ = st_model
    other = tmp_path / "lasttoken-st"
    shutil.copytree(folder, other)
    (other / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode": "lasttoken"}))
    with pytest.raises(
        ValueError, match=r"pooling mode 'lasttoken' is not supported; supported: cls"
    ):
        Encoder(other).load()
    assert Encoder(other, pooling="cls").load().pooling == "cls"  # an explicit choice wins


# ------------------------------------------------------------ hub id, offline
def _fake_hub_cache(root: Path, repo: str, folder: Path) -> Path:
    """A Hugging Face hub cache laid out like a real one, holding ``folder`` as ``repo``."""
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo_dir = root / ("models--" + repo.replace("/", "--"))
    shutil.copytree(folder, repo_dir / "snapshots" / commit)
    (repo_dir / "refs").mkdir(parents=True)
    (repo_dir / "refs" / "main").write_text(commit)
    return repo_dir / "snapshots" / commit


def test_hub_id_loads_from_the_local_hf_cache_offline(models, tmp_path, monkeypatch):
    import huggingface_hub.constants

    cache = tmp_path / "hub"
    snapshot = _fake_hub_cache(cache, "ko-en-align-test/tiny-bert", models["bert"])
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    # huggingface_hub reads the environment when imported: point its constants there too
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(cache))
    enc = Encoder("ko-en-align-test/tiny-bert")
    assert enc.model_path == "ko-en-align-test/tiny-bert"  # not a folder: a hub id
    got = enc.encode(TEXTS)
    assert enc.model_name == "ko-en-align-test/tiny-bert"
    np.testing.assert_allclose(got, _reference(snapshot, TEXTS), atol=1e-5)
    # the same cache without the repo: one clear error, no download attempt
    with pytest.raises(OSError, match="cannot load model 'ko-en-align-test/absent'"):
        Encoder("ko-en-align-test/absent").load()


# ------------------------------------------------ windows and max_length
def _long_text(tail: str) -> str:
    """~60 tokens of seed sentences, then ``tail``: content only the last window sees."""
    return " ".join(SEED_LINES[1:3]) + " " + tail


def test_long_inputs_are_windowed_over_the_whole_text(models):
    enc = Encoder(models["bert"], max_length=16)
    texts = [_long_text("kim hyun-chong arrived in washington."), _long_text("tokyo.")]
    with pytest.warns(LongInputWarning, match=r"2 input\(s\) exceed the model's 16-token window"):
        got = enc.encode(texts, role="passage")
    for text, vec in zip(texts, got, strict=True):
        np.testing.assert_allclose(
            vec, _windowed_reference(models["bert"], text, window=16), atol=1e-5
        )
    # the two texts differ only in their tail, which a truncating encoder never sees
    assert not np.allclose(got[0], got[1], atol=1e-3)
    cut = Encoder(models["bert"], max_length=16, long_inputs="truncate")
    with pytest.warns(LongInputWarning, match="truncated"):
        first = cut.encode(texts, role="passage")
    np.testing.assert_array_equal(first[0], first[1])
    head = _reference_model(models["bert"])
    model, tok = head
    ids = tok(texts[0], add_special_tokens=False)["input_ids"][:14]
    with torch.inference_mode():
        hidden = model(input_ids=torch.tensor([[tok.cls_token_id, *ids, tok.sep_token_id]]))
    np.testing.assert_allclose(
        first[0], _unit(hidden.last_hidden_state[0].mean(0).numpy()), atol=1e-5
    )


def test_xlmr_window_leaves_out_the_positions_before_the_padding_index(models):
    """XLM-R's positions start after its padding index: 34 position embeddings hold 32 tokens.
    A 34-token window would index past the position table."""
    enc = Encoder(models["xlmr"], max_length=512)  # more than the model has: capped
    text = _long_text("김현종 방미 라이트하이저 회담")
    tok = transformers.AutoTokenizer.from_pretrained(str(models["xlmr"]))
    assert len(tok(text)["input_ids"]) > 64  # at least three windows
    with pytest.warns(LongInputWarning, match="32-token window"):
        got = enc.encode([text, "김현종 방미"], role="passage")
    np.testing.assert_allclose(
        got[0], _windowed_reference(models["xlmr"], text, window=32), atol=1e-5
    )
    np.testing.assert_allclose(got[1], _reference(models["xlmr"], ["김현종 방미"])[0], atol=1e-5)


def test_token_count_counts_special_tokens(models):
    enc = Encoder(models["bert"])
    tok = transformers.AutoTokenizer.from_pretrained(str(models["bert"]))
    assert (
        enc.token_count("kim arrived in washington") == 6
    )  # [CLS] kim arrived in washington [SEP]
    assert enc.token_count(HEADLINE) == len(tok(HEADLINE)["input_ids"])


# ------------------------------------------------------- encode_tokens
@pytest.mark.parametrize("name", ["bert", "xlmr"])
def test_encode_tokens_are_the_hidden_states_at_each_piece(models, name):
    enc = Encoder(models[name])
    # BERT's lower-casing decomposes Hangul into jamo, which the seed vocabulary lacks
    text = "Kim Hyun-chong arrived." if name == "bert" else "Kim Hyun-chong 김현종 방미"
    emb = enc.encode_tokens(text, layer=1)
    model, tok = _reference_model(models[name])
    ids = tok(text)["input_ids"]
    with torch.inference_mode():
        states = model(input_ids=torch.tensor([ids]), output_hidden_states=True).hidden_states
    inner = ids[1:-1]
    keep = [i for i, piece in enumerate(tok.convert_ids_to_tokens(inner)) if piece != "▁"]
    assert emb.ids == tuple(inner[i] for i in keep)
    assert emb.tokens == tuple(tok.convert_ids_to_tokens([inner[i] for i in keep]))
    np.testing.assert_allclose(emb.vectors, _unit(states[1][0, 1:-1].numpy()[keep]), atol=1e-5)
    # each piece's span is its surface in the text (WordPiece's ## and SentencePiece's ▁ aside)
    for piece, (s, e) in zip(emb.tokens, emb.offsets.tolist(), strict=True):
        assert text[s:e].lower() == piece.removeprefix("##").removeprefix("▁").lower()
    assert emb.layer == 1
    # the default layer is TOKEN_LAYER scaled to the depth: round(8 * 2 / 12) = 1
    np.testing.assert_array_equal(enc.encode_tokens(text).vectors, emb.vectors)


# ----------------------------------------------------- devices and dtypes
def test_device_auto_selection_prefers_cuda_then_mps(models, monkeypatch):
    from ko_en_align.encoder import _auto_device

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert _auto_device() == "cpu"
    assert Encoder(models["bert"]).load().device == "cpu"
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert _auto_device() == "mps"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert _auto_device() == "cuda"
    # an explicit device wins over the auto choice
    assert Encoder(models["bert"], device="cpu").load().device == "cpu"
    # the auto choice reaches the loader: int8 quantisation refuses the (mocked) GPU
    with pytest.raises(ValueError, match="dtype='qint8' is CPU-only, got device='cuda'"):
        Encoder(models["bert"], dtype="qint8").load()


def test_unknown_or_absent_device_is_a_clear_error(models, monkeypatch):
    with pytest.raises(
        ValueError, match=r"device must be 'cpu', 'cuda', 'cuda:N', 'mps' .*'bogus'"
    ):
        Encoder(models["bert"], device="bogus").load()
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match="device='cuda:1': torch finds no cuda device here"):
        Encoder(models["bert"], device="cuda:1").load()
    with pytest.raises(ValueError, match="no cuda device"):  # the default model's loader too
        Encoder(device="cuda").load()


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_precision_runs_the_model_in_that_dtype(models, dtype):
    """fp16/bf16 weights and activations (made for GPUs; torch also runs them on CPU): the
    result equals transformers' model loaded in that dtype, and differs from fp32."""
    enc = Encoder(models["bert"], dtype=dtype, pooling="cls")
    got = np.stack([enc.encode(t) for t in TEXTS])  # one text per pass, as the reference
    assert enc._model.dtype == getattr(torch, dtype)
    reference = _reference_model(models["bert"], dtype=getattr(torch, dtype))
    want = _reference(models["bert"], TEXTS, pooling="cls", model=reference)
    np.testing.assert_allclose(got, want, atol=1e-6)
    fp32 = _reference(models["bert"], TEXTS, pooling="cls")
    assert not np.array_equal(got, fp32)


def test_qint8_quantises_the_linear_layers(models):
    """Dynamic int8: activations are quantised with the range of the whole batch, so the
    reference runs one text at a time, and so does the encoder here."""
    enc = Encoder(models["bert"], dtype="qint8")
    got = np.stack([enc.encode(t) for t in TEXTS])
    model, tok = _reference_model(models["bert"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's deprecation of quantized tensors
        quantised = torch.ao.quantization.quantize_dynamic(
            model, {torch.nn.Linear}, dtype=torch.qint8
        )
    np.testing.assert_allclose(
        got, _reference(models["bert"], TEXTS, model=(quantised, tok)), atol=1e-5
    )
    assert not np.allclose(got, _reference(models["bert"], TEXTS), atol=1e-6)


# ------------------------------------------------------------- LRU cache
def test_lru_cache_reuses_vectors_and_evicts_the_oldest(models, monkeypatch):
    enc = Encoder(models["bert"], cache_size=2)
    plain = Encoder(models["bert"]).encode(TEXTS[:3])
    calls: list[list[str]] = []
    real = enc._encode_uncached

    def spy(items, *args):
        calls.append(list(items))
        return real(items, *args)

    monkeypatch.setattr(enc, "_encode_uncached", spy)
    a, b, c = TEXTS[:3]
    np.testing.assert_allclose(enc.encode([a, b, a]), plain[[0, 1, 0]], atol=1e-6)
    assert calls == [[a, b]]  # a repeated text is encoded once
    np.testing.assert_allclose(enc.encode([b]), plain[[1]], atol=1e-6)
    assert calls == [[a, b]]  # served from the cache
    enc.encode([c])  # evicts a, the least recently used (b was used after it)
    assert calls[-1] == [c]
    enc.encode([b, a])
    assert calls[-1] == [a]
    enc.encode([b], role="passage")  # the role is part of the key
    assert calls[-1] == [b]
    enc.clear_cache()
    enc.encode([a])
    assert calls[-1] == [a]


def test_progress_bar_on_request(models, capsys):
    Encoder(models["bert"]).encode(TEXTS, show_progress_bar=True)
    assert "Encoding" in capsys.readouterr().err


# ------------------------------------------------------------- arguments
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cache_size": -1}, "cache_size must be an int >= 0"),
        ({"cache_size": True}, "cache_size must be an int >= 0"),
        ({"dtype": "int4"}, "dtype must be 'float32', 'float16', 'bfloat16' or 'qint8'"),
        ({"long_inputs": "drop"}, "long_inputs must be 'window' or 'truncate'"),
        ({"pooling": "attention"}, "pooling must be 'mean', 'cls', 'max' or 'pooler'"),
    ],
)
def test_bad_constructor_arguments_name_the_allowed_values(models, kwargs, message):
    with pytest.raises(ValueError, match=message):
        Encoder(models["bert"], **kwargs)


def test_bad_encode_arguments_and_repr(models):
    enc = Encoder(models["bert"], pooling="cls")
    assert repr(enc) == (
        f"Encoder(model={str(models['bert'])!r}, backend='torch', device=None, "
        "dtype='float32', pooling='cls')"
    )
    with pytest.raises(ValueError, match="batch_size must be a positive int, got 0"):
        enc.encode(["x"], batch_size=0)
    with pytest.raises(ValueError, match="role must be 'query' or 'passage'"):
        enc.encode_tokens(["x"], role="title")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="layer must be an int"):
        enc.encode_tokens(["x"], layer=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"layer must be from 0 \(embedding output\) to 2"):
        enc.encode_tokens(["x"], layer=3)
    assert "device='cpu'" in repr(enc)  # loaded by encode_tokens: the device is known


def test_encode_tokens_needs_a_fast_tokenizer(models, monkeypatch):
    enc = Encoder(models["bert"]).load()
    monkeypatch.setattr(type(enc._tokenizer), "is_fast", property(lambda self: False))
    with pytest.raises(NotImplementedError, match="needs a fast \\(Rust\\) tokenizer"):
        enc.encode_tokens("kim arrived")


def test_malloc_trim_is_linux_glibc_only(monkeypatch):
    from ko_en_align import encoder as module

    module._malloc_trim.cache_clear()
    monkeypatch.setattr(module.sys, "platform", "darwin")
    try:
        assert module._malloc_trim() is None
        module._release_free_heap()  # a no-op there
    finally:
        module._malloc_trim.cache_clear()
