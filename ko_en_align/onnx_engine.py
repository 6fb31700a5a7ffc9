"""A torch-free engine for the embedded default model: ONNX Runtime, int8 or fp32.

The converted multilingual-e5-small checkpoint (see :mod:`ko_en_align.convert`)
is written here as an ONNX graph of its 12 transformer layers, by hand (a few
protobuf fields, no ``onnx`` package), and run by ``onnxruntime``:

- ``"qint8"``: the fused QKV, attention-output and FFN-up projections as
  ONNX Runtime's ``DynamicQuantizeMatMul``: int8 weights with one symmetric
  scale per output column, activations quantised per batch at run time; the
  FFN down projection stays fp32 (see :func:`build_graph`); 1.4x to 2x the
  fp32 speed on a 2-core AVX2 CPU, depending on the load
  (``benchmarks/README.md``);
- ``"float32"``: plain ``MatMul``; within float rounding of the torch path.

The word embeddings stay 4-bit as the converter left them (packed codes and
block scales) and are dequantised per looked-up row in NumPy, exactly as the
torch path does; positions, the token-type row and the embedding LayerNorm
are in the graph. Nothing here imports torch, so a process that uses only
the default model pays neither torch's import (~1 s) nor its memory.

>>> from ko_en_align.convert import default_model_path
>>> from ko_en_align.tokenizer import E5Tokenizer
>>> folder = default_model_path()
>>> ids = [0, *E5Tokenizer(folder).ids(["query: 김현종 방미"])[0], 2]  # <s> ... </s>
>>> engine = OnnxEngine(folder, dtype="qint8")
>>> hidden = engine.run(np.array([ids]), np.ones((1, len(ids))))
>>> hidden.shape == (1, len(ids), 384)
True

The graph also outputs the hidden states after ``inner_layer`` layers (8 of
12 by default, ``Encoder.encode_tokens``' default layer), from the same pass:

>>> last, inner = engine.run_with_layer(np.array([ids]), np.ones((1, len(ids))))
>>> bool(np.array_equal(last, hidden)), inner.shape == hidden.shape, engine.inner_layer
(True, True, 8)
"""

from __future__ import annotations

import json
import os
import struct
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import numpy as np

__all__ = ["DEFAULT_INNER_LAYER", "GRAPH_VERSION", "OnnxEngine", "build_graph"]

#: bumped whenever :func:`build_graph` writes a different graph (the cached
#: ``.onnx`` file name carries it, so an old graph is never reused)
GRAPH_VERSION = 3  # 2: the FFN down projection stays fp32 in "qint8"; 3: the "inner" output
#: the hidden-state index the graph outputs besides the last layer, unless told otherwise:
#: ``ko_en_align.encoder.TOKEN_LAYER`` of the 12-layer default model
DEFAULT_INNER_LAYER = 8
OnnxDtype = Literal["float32", "qint8"]

# ONNX TensorProto data types and AttributeProto types used below
_FLOAT, _UINT8, _INT8, _INT64 = 1, 2, 3, 7
_ATTR_FLOAT, _ATTR_INT, _ATTR_INTS = 1, 2, 7
_NP_TYPES = {
    np.dtype(np.float32): _FLOAT,
    np.dtype(np.uint8): _UINT8,
    np.dtype(np.int8): _INT8,
    np.dtype(np.int64): _INT64,
}


# ------------------------------------------------------------ protobuf
def _varint(n: int) -> bytes:
    n &= (1 << 64) - 1  # negative int64 as two's complement, like protobuf
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(num: int, value: bytes | str | int) -> bytes:
    if isinstance(value, int):
        return _varint(num << 3) + _varint(value)
    data = value.encode() if isinstance(value, str) else value
    return _varint(num << 3 | 2) + _varint(len(data)) + data


def _tensor(name: str, arr: np.ndarray) -> bytes:
    arr = np.asarray(arr)  # not ascontiguousarray: it turns a 0-d scalar into shape (1,)
    dims = b"".join(_field(1, int(d)) for d in arr.shape)
    return (
        dims + _field(2, _NP_TYPES[arr.dtype]) + _field(8, name) + _field(9, arr.tobytes(order="C"))
    )


def _attr(name: str, value: float | int | Iterable[int]) -> bytes:
    if isinstance(value, float):
        return _field(1, name) + _varint(2 << 3 | 5) + struct.pack("<f", value) + _field(20, 1)
    if isinstance(value, int):
        return _field(1, name) + _field(3, value) + _field(20, _ATTR_INT)
    return _field(1, name) + b"".join(_field(8, int(v)) for v in value) + _field(20, _ATTR_INTS)


def _value_info(name: str, dims: Iterable[int | str]) -> bytes:
    shape = b"".join(_field(1, _field(2, d) if isinstance(d, str) else _field(1, d)) for d in dims)
    tensor_type = _field(1, _FLOAT) + _field(2, shape)
    return _field(1, name) + _field(2, _field(1, tensor_type))


class _Graph:
    def __init__(self) -> None:
        self.nodes: list[bytes] = []
        self.inits: list[bytes] = []
        self._n = 0

    def const(self, name: str, arr: np.ndarray) -> str:
        self.inits.append(_tensor(name, arr))
        return name

    def node(
        self,
        op: str,
        inputs: list[str],
        domain: str = "",
        out: str | None = None,
        **attrs: float | int | list[int],
    ) -> list[str]:
        self._n += 1
        outs = [out or f"{op.lower()}_{self._n}"]
        body = b"".join(_field(1, i) for i in inputs) + b"".join(_field(2, o) for o in outs)
        body += _field(3, f"n{self._n}") + _field(4, op)
        body += b"".join(_field(5, _attr(k, v)) for k, v in attrs.items())
        if domain:
            body += _field(7, domain)
        self.nodes.append(body)
        return outs

    def model(self, inputs: list[bytes], outputs: list[str], output_dims: list[int | str]) -> bytes:
        graph = b"".join(_field(1, n) for n in self.nodes) + _field(2, "e5_small")
        graph += b"".join(_field(5, t) for t in self.inits)
        graph += b"".join(_field(11, i) for i in inputs)
        graph += b"".join(_field(12, _value_info(o, output_dims)) for o in outputs)
        opsets = _field(8, _field(1, "") + _field(2, 17)) + _field(
            8, _field(1, "com.microsoft") + _field(2, 1)
        )
        # ir_version 8 (ONNX 1.10+); opset 17 is the first with LayerNormalization
        return _field(1, 8) + _field(2, "ko_en_align") + _field(7, graph) + opsets


def build_graph(
    folder: str | os.PathLike[str],
    *,
    dtype: OnnxDtype = "qint8",
    inner_layer: int = DEFAULT_INNER_LAYER,
) -> bytes:
    """The ONNX model (serialised) of the checkpoint in ``folder``, minus the word embeddings.

    Inputs: ``embeddings`` (batch, tokens, hidden) float32, the looked-up word
    vectors; ``mask`` (batch, tokens) float32, 1 for real tokens. Outputs,
    both (batch, tokens, hidden): ``hidden``, the last layer, and ``inner``,
    the hidden states after ``inner_layer`` layers (0: the embedding output,
    ``num_hidden_layers``: the last layer again).
    """
    from safetensors.numpy import load_file

    folder = Path(folder)
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    eps = float(config.get("layer_norm_eps", 1e-12))
    n_layers = int(config["num_hidden_layers"])
    if (
        not isinstance(inner_layer, int)
        or isinstance(inner_layer, bool)
        or not 0 <= inner_layer <= n_layers
    ):
        msg = f"inner_layer must be an int from 0 to {n_layers}, got {inner_layer!r}"
        raise ValueError(msg)
    st = load_file(str(folder / "model.safetensors"))
    g = _Graph()

    def linear(x: str, w: np.ndarray, b: np.ndarray, name: str, *, int8: bool = True) -> str:
        wt = np.ascontiguousarray(w.T, dtype=np.float32)  # (in, out)
        if dtype == "qint8" and int8:
            scale = (np.maximum(np.abs(wt).max(axis=0), 1e-12) / 127.0).astype(np.float32)
            q = np.clip(np.rint(wt / scale), -127, 127).astype(np.int8)
            args = [
                g.const(name + ".q", q),
                g.const(name + ".scale", scale),
                g.const(name + ".zero", np.zeros(q.shape[1], np.int8)),
                g.const(name + ".bias", b.astype(np.float32)),
            ]
            return g.node("DynamicQuantizeMatMul", [x, *args], domain="com.microsoft")[0]
        y = g.node("MatMul", [x, g.const(name + ".w", wt)])[0]
        return g.node("Add", [y, g.const(name + ".bias", b.astype(np.float32))])[0]

    def norm(x: str, prefix: str, out: str | None = None) -> str:
        gamma = g.const(prefix + ".weight", st[prefix + ".weight"].astype(np.float32))
        beta = g.const(prefix + ".bias", st[prefix + ".bias"].astype(np.float32))
        return g.node("LayerNormalization", [x, gamma, beta], out=out, axis=-1, epsilon=eps)[0]

    # embeddings: word (input) + position[:T] + token type 0, LayerNorm
    shape = g.node("Shape", ["embeddings"])[0]
    t = g.node("Gather", [shape, g.const("one", np.array(1, np.int64))], axis=0)[0]
    positions = g.const("positions", st["embeddings.position_embeddings.weight"].astype(np.float32))
    pos = g.node(
        "Slice",
        [
            positions,
            g.const("zero1", np.array([0], np.int64)),
            g.node("Unsqueeze", [t, g.const("axis0", np.array([0], np.int64))])[0],
        ],
    )[0]
    x = g.node("Add", ["embeddings", pos])[0]
    type0 = st["embeddings.token_type_embeddings.weight"][0].astype(np.float32)
    x = norm(g.node("Add", [x, g.const("type0", type0)])[0], "embeddings.LayerNorm")
    if inner_layer == 0:
        g.node("Identity", [x], out="inner")
    # additive attention bias: 0 for real keys, the most negative float for padding
    inv = g.node("Sub", [g.const("one_f", np.array(1.0, np.float32)), "mask"])[0]
    bias = g.node("Mul", [inv, g.const("neg", np.array(np.finfo(np.float32).min, np.float32))])[0]
    bias = g.node("Unsqueeze", [bias, g.const("axes12", np.array([1, 2], np.int64))])[0]
    for j in range(3):
        g.const(f"index{j}", np.array(j, np.int64))
    split_shape = g.const("qkv_shape", np.array([0, 0, 3, heads, hidden // heads], np.int64))
    merge_shape = g.const("merge_shape", np.array([0, 0, hidden], np.int64))
    scale = g.const("inv_sqrt_d", np.array(1.0 / np.sqrt(hidden // heads), np.float32))
    for i in range(n_layers):
        p = f"encoder.layer.{i}."
        names = ("query", "key", "value")
        w = np.concatenate([st[p + f"attention.self.{n}.weight"] for n in names])
        b = np.concatenate([st[p + f"attention.self.{n}.bias"] for n in names])
        qkv = g.node("Reshape", [linear(x, w, b, p + "qkv"), split_shape])[0]
        qkv = g.node("Transpose", [qkv], perm=[2, 0, 3, 1, 4])[0]  # (3, B, heads, T, d)
        q, k, v = (g.node("Gather", [qkv, f"index{j}"], axis=0)[0] for j in range(3))
        scores = g.node("MatMul", [q, g.node("Transpose", [k], perm=[0, 1, 3, 2])[0]])[0]
        scores = g.node("Add", [g.node("Mul", [scores, scale])[0], bias])[0]
        ctx = g.node("MatMul", [g.node("Softmax", [scores], axis=-1)[0], v])[0]
        ctx = g.node("Reshape", [g.node("Transpose", [ctx], perm=[0, 2, 1, 3])[0], merge_shape])[0]
        out = linear(
            ctx,
            st[p + "attention.output.dense.weight"],
            st[p + "attention.output.dense.bias"],
            p + "out",
        )
        x = norm(g.node("Add", [out, x])[0], p + "attention.output.LayerNorm")
        up = linear(
            x, st[p + "intermediate.dense.weight"], st[p + "intermediate.dense.bias"], p + "up"
        )
        # exact GELU: 0.5 x (1 + erf(x / sqrt 2)), as BERT and the torch path
        erf = g.node(
            "Erf",
            [g.node("Mul", [up, g.const(p + "rsqrt2", np.array(1 / np.sqrt(2), np.float32))])[0]],
        )[0]
        act = g.node(
            "Mul",
            [
                up,
                g.node(
                    "Mul",
                    [
                        g.node("Add", [erf, "one_f"])[0],
                        g.const(p + "half", np.array(0.5, np.float32)),
                    ],
                )[0],
            ],
        )[0]
        # the FFN down projection stays fp32: its input (after GELU) has a few
        # very large activations that one per-batch int8 scale crushes; quantised
        # too, NTREX dev P@1 (embedding mode, 662 queries) fell from 0.9381 to
        # 0.9260, with it in fp32 it stays 0.9381 (benchmarks/README.md)
        down = linear(
            act, st[p + "output.dense.weight"], st[p + "output.dense.bias"], p + "down", int8=False
        )
        last = "hidden" if i == n_layers - 1 else None
        x = norm(g.node("Add", [down, x])[0], p + "output.LayerNorm", out=last)
        if i + 1 == inner_layer:
            g.node("Identity", [x], out="inner")
    inputs = [
        _value_info("embeddings", ["batch", "tokens", hidden]),
        _value_info("mask", ["batch", "tokens"]),
    ]
    return g.model(inputs, ["hidden", "inner"], ["batch", "tokens", hidden])


def _threads() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not Linux
        return max(os.cpu_count() or 1, 1)


class OnnxEngine:
    """ONNX Runtime session for the default model, plus its 4-bit word embeddings.

    Args:
        folder: the converted checkpoint (:func:`ko_en_align.convert.default_model_path`).
        dtype: ``"qint8"`` or ``"float32"`` (see the module docstring).
        threads: intra-op threads (default: the CPUs this process may use).
        inner_layer: the hidden-state index :meth:`run_with_layer` returns
            besides the last layer (0: embedding output; default
            :data:`DEFAULT_INNER_LAYER`).

    The graph is built once and kept next to the checkpoint
    (``encoder-<dtype>-l<inner_layer>-g<GRAPH_VERSION>.onnx``); a read-only
    folder builds it in memory each time instead (~1 s).
    """

    def __init__(
        self,
        folder: str | os.PathLike[str],
        *,
        dtype: OnnxDtype = "qint8",
        threads: int | None = None,
        inner_layer: int = DEFAULT_INNER_LAYER,
    ) -> None:
        if dtype not in ("float32", "qint8"):
            msg = f"dtype must be 'float32' or 'qint8' for the onnx engine, got {dtype!r}"
            raise ValueError(msg)
        try:
            import onnxruntime as ort
        except ImportError as exc:
            msg = "backend='onnx' needs onnxruntime: `pip install onnxruntime`"
            raise ImportError(msg) from exc
        from ko_en_align.convert import WORD_CODES_FILE, WORD_SCALES_FILE

        self.folder = Path(folder)
        self.dtype = dtype
        self.inner_layer = int(inner_layer)
        # memory-mapped, never written: only the pages of looked-up rows become resident
        # (52 MB otherwise), shared with every process mapping them
        self.codes = np.load(self.folder / WORD_CODES_FILE, mmap_mode="r")  # (rows, dim / 2) uint8
        self.scales = np.load(self.folder / WORD_SCALES_FILE, mmap_mode="r")  # (rows, dim / 32) f16
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or _threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only
        # no busy-waiting between runs: spinning ORT threads starved torch (a peer model in the
        # same process) ~7x in benchmarks/throughput.py's interleaved timing
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            self._graph(), options, providers=["CPUExecutionProvider"]
        )

    def _graph(self) -> bytes | str:
        path = self.folder / f"encoder-{self.dtype}-l{self.inner_layer}-g{GRAPH_VERSION}.onnx"
        if path.exists():
            return str(path)
        data = build_graph(self.folder, dtype=self.dtype, inner_layer=self.inner_layer)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)  # atomic: concurrent first uses never see half a file
        except OSError:
            tmp.unlink(missing_ok=True)
            return data
        for old in self.folder.glob(f"encoder-{self.dtype}-*.onnx"):
            if not old.name.endswith(f"-g{GRAPH_VERSION}.onnx"):  # of an older GRAPH_VERSION
                old.unlink(missing_ok=True)
        return str(path)

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """Word vectors of ``ids`` (any shape), dequantised: ``(q - 8) * scale`` per block of 32."""
        packed = self.codes[ids]  # (..., dim / 2)
        blocks = self.scales.shape[1]
        q = packed.reshape(*packed.shape[:-1], blocks, 16)
        codes = np.concatenate([q & 0x0F, q >> 4], axis=-1).astype(np.float32) - 8.0
        scales = self.scales[ids].astype(np.float32)  # exact: fp16 widened
        return (codes * scales[..., None]).reshape(*ids.shape, -1)

    def _feeds(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> dict[str, np.ndarray]:
        return {
            "embeddings": self.embed(np.asarray(input_ids, dtype=np.int64)),
            "mask": np.asarray(attention_mask, dtype=np.float32),
        }

    def run(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        """Last hidden states ``(batch, tokens, hidden)`` of a padded batch."""
        return self.session.run(["hidden"], self._feeds(input_ids, attention_mask))[0]

    def run_with_layer(
        self, input_ids: np.ndarray, attention_mask: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(last, inner)`` of one pass over a padded batch, both ``(batch, tokens, hidden)``:
        the last hidden states (what :meth:`run` returns) and those after
        :attr:`inner_layer` layers."""
        last, inner = self.session.run(["hidden", "inner"], self._feeds(input_ids, attention_mask))
        return last, inner
