#!/usr/bin/env bash
# The GPU check to run on a machine with a supported NVIDIA GPU (compute capability 3.7+, 5.x … 8.x: K80, V100, T4,
# A100, RTX 30xx/40xx, L4 …; not Hopper or newer, see module-docs/performance.md#which-gpus-work): builds the CUDA
# variant (REDREG_BACKEND=cuda, i.e. -Pcuda; Maven fetches the 600 MB CUDA jar once), shows the GPU and the run
# banner, times the three peer models on it and runs one short av-digits table. Output goes to $OUT (default
# ./cuda-check). The CUDA 11.6 runtime and cuDNN 8.3 must be on the library path (or JavaCPP's cuda redist jar).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT="${OUT:-cuda-check}"
mkdir -p "$OUT"
nvidia-smi --query-gpu=index,name,compute_cap,driver_version,memory.total --format=csv | tee "$OUT/gpu.csv"
export REDREG_BACKEND=cuda REDREG_THREADS="${REDREG_THREADS:-1}"
./redreg run experiments/default.yaml training.epochs=1 --run-dir "$OUT/run" 2>&1 | tee "$OUT/run.log"
./redreg bench --models 2>&1 | tee "$OUT/bench-models.txt"
./redreg table --shard=1/20 tables/av-digits/table1.yaml 2>&1 | tail -40 | tee "$OUT/table.txt" || true
echo "cuda-device-check: results in $OUT"
