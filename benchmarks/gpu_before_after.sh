#!/usr/bin/env bash
# Two cuda builds on the same GPU in one run: per kernel (gpu_trace.py profile) and per tool run.
#
#   bash benchmarks/gpu_before_after.sh OLD NEW OUT     # on the GPU machine
#
# OLD and NEW: folders `benchmarks/gpu_pipeline.py pack` made (OLD needs only bin/, lib/,
# kokoro_cuda.so, manifest.json, spec.json and voices/: the weights are written here from its
# manifest, synthetic as gpu_pipeline.py's). The pack's wheels must be on PYTHONPATH (see
# gpu_pipeline.py). Writes OUT/tool.txt (each tool on gpu_pipeline.py's three utterances,
# three rounds, OLD and NEW in turn; the best round of each is what compares), then one NEW run
# with CUDA_LAUNCH_BLOCKING=1 and --times: each function's time with its kernels finished; then
# OUT/profile.txt (FUNCTIONS, default the five functions of a chunk, OLD then NEW, the kernels
# by total time; a minute or so each).
set -euo pipefail
OLD=$1 NEW=$2 OUT=$3
mkdir -p "$OUT"
cd "$(dirname "$0")/.."
for d in "$OLD" "$NEW"; do
  test -f "$d/kokoro.weights" || python3 -m models.weights_file "$d/manifest.json" "$d/kokoro.weights"
done
export LD_LIBRARY_PATH=$NEW/lib
SHORT="hˈɛloʊ wˈɜːld"
MEDIUM="ðə kwˈɪk bɹˈaʊn fˈɑːks dʒˈʌmps ˈoʊvɚ ðə lˈeɪzi dˈɑːɡ"
PART="ɪt wʌz ðə bˈɛst ʌv tˈaɪmz, ɪt wʌz ðə wˈɜːst ʌv tˈaɪmz"
LONG="$PART $PART $PART $PART"
one() {   # one tool process: its synthesis time and chunks
  "$1/bin/kokoro-tvm" --models "$1" --voice synthetic --seed 3 --out "$OUT/x.wav" --no-progress \
      --json "$OUT/x.json" "${@:2}" > /dev/null
  python3 -c "import json, sys; j = json.load(open(sys.argv[1])); print(f\"{j['synthesis_s'] * 1e3:7.1f} ms, {len(j['chunks'])} chunks\")" "$OUT/x.json"
}
for round in 1 2 3; do
  for d in "$OLD" "$NEW"; do
    echo "$d short  $(one "$d" --phonemes "$SHORT" --speed 1.0)" | tee -a "$OUT/tool.txt"
    echo "$d medium $(one "$d" --phonemes "$MEDIUM" --speed 1.5)" | tee -a "$OUT/tool.txt"
    echo "$d long   $(one "$d" --phonemes "$LONG" --speed 6.0)" | tee -a "$OUT/tool.txt"
  done
done
CUDA_LAUNCH_BLOCKING=1 "$NEW/bin/kokoro-tvm" --models "$NEW" --voice synthetic --seed 3 --out "$OUT/x.wav" \
    --no-progress --times --phonemes "$MEDIUM" --speed 1.5 2>&1 | tee -a "$OUT/tool.txt"
rm -f "$OUT/x.wav" "$OUT/x.json"
for f in ${FUNCTIONS:-decoder_256 bert_64 f0n_256 duration_64 text_encoder_64}; do
  for d in "$OLD" "$NEW"; do
    echo "## $d" >> "$OUT/profile.txt"
    python3 benchmarks/gpu_trace.py profile "$d" "$f" 2>&1 | head -14 | tee -a "$OUT/profile.txt"
  done
done
