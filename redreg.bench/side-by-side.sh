#!/usr/bin/env bash
# redreg against PyTorch, side by side: the joint training step (batch 64) of the three peer models (av-digits'
# default shapes, heldout-cnn, resnet-small) with 1 and with 2 threads, redreg and PyTorch alternating (A B A B),
# printed as a markdown table. Run it on a QUIET machine (nothing else building or training): every figure is wall
# time per step, which other processes inflate. About 5-8 minutes on 2 cores.
#
#   redreg.bench/side-by-side.sh            # from the project folder; PYTHON=/path/to/python3 (with torch) if not
#                                           # /usr/bin/python3 (Debian: apt-get install python3-torch)
# ROUNDS=2 (alternations per case), RESNET_SCALE=0.34 (resnet-small: 1 timed step per round instead of 3);
# for a smoke test of the script itself: MODELS="avdigits" STEP_SCALE=0.1 TORCH_STEPS=2 ROUNDS=1.
#
# 2 threads: one run's step with OMP_NUM_THREADS=2 (the launcher keeps OMP_WAIT_POLICY=passive) against PyTorch's
# with torch.set_num_threads(2). The last column says which layout a table on this machine should use: two
# single-threaded runs at once (2 x 1) win unless one run with 2 threads is more than twice as fast (1 x 2).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-${REDREG_PYTHON:-/usr/bin/python3}}"
ROUNDS="${ROUNDS:-2}"
RESNET_SCALE="${RESNET_SCALE:-0.34}"
STEP_SCALE="${STEP_SCALE:-1}"
TORCH_STEPS="${TORCH_STEPS:-20}"
MODELS="${MODELS:-avdigits heldout-cnn resnet-small}"
SMALL=(); for m in $MODELS; do [ "$m" = resnet-small ] || SMALL+=(--model "$m"); done
PEER=redreg.bench/peer/torch_peer.py
"$PYTHON" -c 'import torch' 2>/dev/null || { echo "error: $PYTHON has no torch (apt-get install python3-torch, or set PYTHON)" >&2; exit 2; }

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; kernels: $(./redreg kernels 2>/dev/null | tail -1)"
echo "load at start: $(uptime | sed 's/.*load average: //')"
./redreg --version >/dev/null 2>&1 || true   # builds once if the sources changed, outside the timed runs

declare -A OURS THEIRS
# redreg: one JVM per (threads, round) for av-digits + heldout-cnn, one for resnet-small (fewer steps)
ours() {  # threads
  { [ ${#SMALL[@]} -eq 0 ] || REDREG_THREADS="$1" ./redreg bench --models "${SMALL[@]}" --step-scale "$STEP_SCALE" 2>&1
    case " $MODELS " in *" resnet-small "*)
      REDREG_THREADS="$1" ./redreg bench --models --model resnet-small --step-scale "$RESNET_SCALE" 2>&1 ;; esac; } \
    | awk '$3 == "ms/step" {print $1, $2}'
}
theirs() {  # threads
  for m in $MODELS; do
    if [ "$m" = resnet-small ]; then "$PYTHON" "$PEER" "$m" "$1" 2; else "$PYTHON" "$PEER" "$m" "$1" "$TORCH_STEPS"; fi
  done 2>&1
}
for threads in 1 2; do
  for ((r = 1; r <= ROUNDS; r++)); do
    while read -r model ms; do OURS[$model,$threads]="${OURS[$model,$threads]:-} $ms"; done < <(ours "$threads")
    while read -r line; do
      model=$(sed -E 's/^torch [^ ]+ ([^ ]+) threads=.*/\1/' <<<"$line")
      ms=$(sed -E 's/.*: ([0-9.]+) ms\/step.*/\1/' <<<"$line")
      THEIRS[$model,$threads]="${THEIRS[$model,$threads]:-} $ms"
    done < <(theirs "$threads" | grep '^torch .* ms/step')
    echo "  threads $threads, round $r done (load $(uptime | sed 's/.*load average: //'))" >&2
  done
done
echo "load at end: $(uptime | sed 's/.*load average: //')"
echo
mean() { awk '{s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.1f", s / NF}' <<<"$1"; }
echo "| model | threads | redreg ms/step | PyTorch ms/step | ratio | rounds (redreg; PyTorch) | table layout |"
echo "|---|---:|---:|---:|---:|---|---|"
for model in $MODELS; do
  for threads in 1 2; do
    o=$(mean "${OURS[$model,$threads]:-0}"); t=$(mean "${THEIRS[$model,$threads]:-0}")
    ratio=$(awk -v o="$o" -v t="$t" 'BEGIN {if (t > 0) printf "%.2f", o / t; else print "-"}')
    layout=""
    if [ "$threads" = 2 ]; then
      one=$(mean "${OURS[$model,1]:-0}")
      layout=$(awk -v one="$one" -v two="$o" 'BEGIN {print (two > 0 && two < one / 2) ? "1 x 2 (2 threads more than twice as fast)" : "2 x 1 (two 1-thread runs at once)"}')
    fi
    echo "| $model | $threads | $o | $t | $ratio |${OURS[$model,$threads]:-}; ${THEIRS[$model,$threads]:-} | $layout |"
  done
done
