#!/usr/bin/env bash
# Throughput on many typical reports, and how it scales from 1 to 2 cores.
#
#   bench/batch.sh [FILES]        default 500
#
# Generates bench/out/batch/ (FILES workbooks: a kabupaten's units over a few years,
# unit-NN/YEAR-*.xlsx): three in five are LKjIP workbooks (the shipped fixtures: the
# real Setda Kebumen 2024 report, the Dinas Kesehatan example, and their clean twins),
# two in five are realisasi-anggaran exports of 150 to 600 rows (examples/make_bench,
# each its own size). Then runs `selaras check --format json -j N bench/out/batch`
# for N = 1 and 2, RUNS times each (default 3), checks that both give the same
# report, and writes bench/BATCH.md: median wall time, files per second, the speed-up
# from 1 to 2 cores, and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${1:-500}
RUNS=${RUNS:-3}
OUT=bench/out
DIR=$OUT/batch
die() { echo "batch: FAILED: $*" >&2; exit 1; }
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null || die "/usr/bin/time is missing"
cargo build --release --quiet --bin selaras --example make_bench
mkdir -p "$OUT"
cp target/release/selaras "$OUT/selaras-batch"
rm -rf "$DIR"
fixtures=(lkjip-setda-kebumen-2024.xlsx lkjip-setda-kebumen-2024-clean.xlsx dinkes-contoh-2024.xlsx dinkes-contoh-2024-clean.xlsx)
for ((i = 0; i < FILES; i++)); do
  unit=$(printf 'unit-%03d' $((i / 5)))
  year=$((2020 + i % 5))
  mkdir -p "$DIR/$unit"
  if ((i % 5 < 3)); then
    f=${fixtures[$((i % 4))]}
    cp "fixtures/$f" "$DIR/$unit/$year-${f%.xlsx}.xlsx"
  else
    rows=$((150 + (i * 37) % 451))
    target/release/examples/make_bench "$rows" "$DIR/$unit/$year-realisasi-$rows.xlsx" >/dev/null
    rm -f "$DIR/$unit/$year-realisasi-$rows.xlsx.errors.txt"
  fi
done
bytes=$(du -sb "$DIR" | cut -f1)
echo "batch: $FILES workbooks, $((bytes / 1024 / 1024)) MiB in $DIR" >&2

declare -A MED RSS
for jobs in 1 2; do
  times=()
  peak=0
  for ((r = 0; r < RUNS; r++)); do
    start=$(date +%s%N)
    set +e
    /usr/bin/time -f '%M' -o "$OUT/batch-time.txt" "$OUT/selaras-batch" check --format json -j "$jobs" "$DIR" >"$OUT/batch-j$jobs.json"
    rc=$?
    set -e
    end=$(date +%s%N)
    [ "$rc" -eq 1 ] || die "exit code $rc with -j $jobs (expected 1: the planted errors)"
    times+=($(((end - start) / 1000000)))
    kb=$(tail -1 "$OUT/batch-time.txt")
    ((kb > peak)) && peak=$kb
  done
  MED[$jobs]=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
  RSS[$jobs]=$peak
  echo "batch: -j $jobs: runs ${times[*]} ms, peak ${peak} KiB" >&2
done
cmp -s "$OUT/batch-j1.json" "$OUT/batch-j2.json" || die "-j 1 and -j 2 reports differ"
files=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["files"]))' "$OUT/batch-j1.json")
[ "$files" -eq "$FILES" ] || die "$files files in the report, $FILES generated"
summary=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print("{} errors, {} warnings, {} infos".format(s["errors"], s["warnings"], s["infos"]))' "$OUT/batch-j1.json")

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
load=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "# Many files: throughput and scaling"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($cpu), load average at the end $load,"
  echo "by \`bench/batch.sh $FILES\` (RUNS=$RUNS, median shown): $FILES workbooks, $((bytes / 1024 / 1024)) MiB,"
  echo "three in five LKjIP workbooks of 6 to 18 tables, two in five realisasi exports of 150 to 600 rows."
  echo "Both runs gave the same report (summary: $summary)."
  echo
  echo "| jobs | wall time | files / s | speed-up | peak memory |"
  echo "|---|---|---|---|---|"
  for jobs in 1 2; do
    ms=${MED[$jobs]}
    rate=$(python3 -c "print(f'{$FILES / ($ms / 1000):.0f}')")
    up=$(python3 -c "print(f'{${MED[1]} / $ms:.2f}x')")
    echo "| $jobs | $(python3 -c "print(f'{$ms / 1000:.2f} s')") | $rate | $up | $((RSS[$jobs] / 1024)) MiB |"
  done
} >bench/BATCH.md
cat bench/BATCH.md
