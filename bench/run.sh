#!/usr/bin/env bash
# The selaras benchmark, end to end from the command line.
#
#   bench/run.sh [SIZES...]          default: 10000 100000
#   bench/run.sh 10000 100000 1000000
#
# Environment: RUNS (runs per contender; default 5 below 1M rows, LARGE_RUNS (3) from 1M),
# FORMULAS_SIZE (size of the --formulas variant, default 100000; "none" to skip),
# DISTINCT_SIZE (size of the --distinct variant: no kode, no two labels alike; default
# 100000; "none" to skip),
# PROFILE (1: perf profile of `selaras check` at the largest size <= 100000; 0: skip).
#
# For each size: generates bench/out/bench-SIZE.xlsx (and bench-100000-formulas.xlsx,
# bench-100000-distinct.xlsx,
# and three ten-row workbooks: plain, one far cell at J1048576, a <dimension> claiming
# A1:J1048576), then runs every contender N times:
#   selaras check --format json FILE
#   selaras check --fix --force --format json --output OUT FILE
#   bench/peer_openpyxl.py FILE, bench/peer_calamine.py FILE
#   read_floor FILE
# Every run must report the injected errors (selaras: the very cells and codes;
# the peers: their number; the floor: every cell written) or the run stops.
# Wall time per run (date +%s%N), CPU time and peak RSS (/usr/bin/time) go to
# bench/out/runs.tsv; bench/report.py writes bench/RESULTS.md from them.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
PY=bench/.venv/bin/python
mkdir -p "$OUT"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 100000)
FORMULAS_SIZE=${FORMULAS_SIZE:-100000}
DISTINCT_SIZE=${DISTINCT_SIZE:-100000}
PROFILE=${PROFILE:-1}
COMMAND="bench/run.sh ${SIZES[*]}"
for v in PROFILE FORMULAS_SIZE DISTINCT_SIZE LARGE_RUNS RUNS; do
  [ -n "${!v:-}" ] && [ -n "$(printenv "$v")" ] && COMMAND="$v=${!v} $COMMAND"
done

die() { echo "bench: FAILED: $*" >&2; exit 1; }

# Tools.
if [ ! -x /usr/bin/time ]; then
  echo "bench: installing GNU time" >&2
  apt-get install -y time >/dev/null || die "/usr/bin/time is missing (apt-get install -y time)"
fi
if [ ! -x "$PY" ] || ! "$PY" -c 'import openpyxl, python_calamine' 2>/dev/null; then
  echo "bench: creating bench/.venv with openpyxl and python-calamine" >&2
  python3 -m venv bench/.venv
  "$PY" -m pip install -q openpyxl python-calamine
fi
cargo build --release --quiet --bin selaras --example make_bench --example read_floor
# Snapshots of the binaries: a rebuild elsewhere during the run cannot swap them.
TARGET=${CARGO_TARGET_DIR:-target}
cp "$TARGET/release/selaras" "$OUT/selaras"
cp "$TARGET/release/examples/make_bench" "$OUT/make_bench"
cp "$TARGET/release/examples/read_floor" "$OUT/read_floor"
SELARAS=$OUT/selaras
GEN=$OUT/make_bench
FLOOR=$OUT/read_floor

RUNS_TSV=$OUT/runs.tsv
GEN_TSV=$OUT/generated.tsv
printf 'workbook\trows\tcontender\trun\tseconds\tcpu_seconds\tmax_rss_kb\tfindings\n' >"$RUNS_TSV"
cut -d' ' -f1-3 /proc/loadavg >"$OUT/load-start.txt"
printf 'workbook\trows\tcells\terrors\tseconds\tmax_rss_kb\tbytes\tflags\n' >"$GEN_TSV"
rm -f "$OUT/profile.txt"

now() { date +%s%N; }
declare -A CELLS # cells each generated workbook holds, for the floor's count

# generate NAME ROWS [FLAGS...]
generate() {
  local name=$1 rows=$2
  shift 2
  local file=$OUT/$name.xlsx t0 t1 line
  t0=$(now)
  line=$(/usr/bin/time -f %M -o "$OUT/.mem" "$GEN" "$rows" "$file" "$@") || die "make_bench $rows $*"
  t1=$(now)
  # rows=… cells=… errors=…
  local cells errors
  cells=$(sed -E 's/.*cells=([0-9]+).*/\1/' <<<"$line")
  errors=$(sed -E 's/.*errors=([0-9]+).*/\1/' <<<"$line")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rows" "$cells" "$errors" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", (b-a)/1e9}')" "$(tail -1 "$OUT/.mem")" \
    "$(stat -c %s "$file")" "${*:-}" >>"$GEN_TSV"
  echo "bench: generated $file ($line)" >&2
  CELLS[$name]=$cells
}

# measure_one NAME ROWS CONTENDER RUN: one timed run, its output verified.
measure_one() {
  local name=$1 rows=$2 contender=$3 i=$4
  local file=$OUT/$name.xlsx errors=$OUT/$name.xlsx.errors.txt
  local cells=${CELLS[$name]}
  local cmd mode
  case $contender in
    selaras-check) cmd=("$SELARAS" check --format json "$file"); mode=check ;;
    selaras-fix)
      cmd=("$SELARAS" check --fix --force --format json --output "$OUT/$name.fixed.xlsx" "$file")
      mode=fix ;;
    peer-openpyxl) cmd=("$PY" bench/peer_openpyxl.py "$file"); mode=count ;;
    peer-calamine) cmd=("$PY" bench/peer_calamine.py "$file"); mode=count ;;
    floor) cmd=("$FLOOR" "$file"); mode=floor ;;
    *) die "unknown contender $contender" ;;
  esac
  local t0 t1 rc found
  t0=$(now)
  set +e
  /usr/bin/time -f '%M %U %S' -o "$OUT/.mem" "${cmd[@]}" >"$OUT/.stdout" 2>"$OUT/.stderr"
  rc=$?
  set -e
  t1=$(now)
  case $contender in
    selaras-*) [ "$rc" -le 1 ] || die "$contender on $file exited $rc: $(tail -5 "$OUT/.stderr")" ;;
    *) [ "$rc" -eq 0 ] || die "$contender on $file exited $rc: $(tail -5 "$OUT/.stderr")" ;;
  esac
  found=$(python3 bench/verify.py "$mode" "$OUT/.stdout" "$errors" "$cells") ||
    die "$contender on $file does not report the injected errors (see above)"
  local rss user sys
  read -r rss user sys < <(tail -1 "$OUT/.mem")
  local secs
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", (b-a)/1e9}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rows" "$contender" "$i" "$secs" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')" "$rss" "$found" >>"$RUNS_TSV"
  echo "bench: $name run $i $contender: $secs s, $((rss / 1024)) MB, $found" >&2
}

# measure NAME ROWS RUNS: every contender RUNS times, round robin (a change of load
# on the machine then touches every contender alike), then the corrected copy
# checked again: only the totals (suggested, never fixed) are left.
measure() {
  local name=$1 rows=$2 runs=$3 i c
  for i in $(seq 1 "$runs"); do
    for c in "${CONTENDERS[@]}"; do measure_one "$name" "$rows" "$c" "$i"; done
  done
  "$SELARAS" check --format json "$OUT/$name.fixed.xlsx" >"$OUT/.stdout" 2>"$OUT/.stderr" || true
  python3 bench/verify.py recheck "$OUT/.stdout" "$OUT/$name.xlsx.errors.txt" >/dev/null ||
    die "the corrected copy of $name.xlsx, checked again, is not what was expected"
  rm -f "$OUT/$name.fixed.xlsx"
}

CONTENDERS=(selaras-check selaras-fix peer-openpyxl peer-calamine floor)

# The sparse workbooks: ten rows, alone, with a far cell, with a <dimension> claiming a million rows.
generate ten 5
generate ten-far-cell 5 --far-cell
generate ten-claimed-dimension 5 --claim-dimension
for w in ten ten-far-cell ten-claimed-dimension; do measure "$w" 5 "${RUNS:-5}"; done

for size in "${SIZES[@]}"; do
  runs=${RUNS:-$([ "$size" -ge 1000000 ] && echo "${LARGE_RUNS:-3}" || echo 5)}
  generate "bench-$size" "$size"
  measure "bench-$size" "$size" "$runs"
done
if [ "$FORMULAS_SIZE" != none ]; then
  runs=${RUNS:-$([ "$FORMULAS_SIZE" -ge 1000000 ] && echo "${LARGE_RUNS:-3}" || echo 5)}
  generate "bench-$FORMULAS_SIZE-formulas" "$FORMULAS_SIZE" --formulas
  measure "bench-$FORMULAS_SIZE-formulas" "$FORMULAS_SIZE" "$runs"
fi
# The layout of the many reports without kode, no two rows alike: levels only from
# the words "Program" and "Kegiatan", a hundred kegiatan a program.
if [ "$DISTINCT_SIZE" != none ]; then
  runs=${RUNS:-$([ "$DISTINCT_SIZE" -ge 1000000 ] && echo "${LARGE_RUNS:-3}" || echo 5)}
  generate "bench-$DISTINCT_SIZE-distinct" "$DISTINCT_SIZE" --distinct
  # The Python peers find levels by kode only: this layout is selaras's and the floor's.
  ALL_CONTENDERS=("${CONTENDERS[@]}")
  CONTENDERS=(selaras-check selaras-fix floor)
  measure "bench-$DISTINCT_SIZE-distinct" "$DISTINCT_SIZE" "$runs"
  CONTENDERS=("${ALL_CONTENDERS[@]}")
fi

# Where selaras's time goes: perf at the largest size up to 100k.
if [ "$PROFILE" = 1 ] && command -v perf >/dev/null; then
  psize=""
  for size in "${SIZES[@]}"; do [ "$size" -le 100000 ] && psize=$size; done
  if [ -n "$psize" ]; then
    file=$OUT/bench-$psize.xlsx
    [ -f "$file" ] || generate "bench-$psize" "$psize"
    if perf record -q -F 499 --call-graph dwarf,16384 -o "$OUT/perf.data" \
      "$SELARAS" check --format json "$file" >/dev/null 2>"$OUT/.stderr" || [ -s "$OUT/perf.data" ]; then
      {
        echo "# selaras check --format json $file"
        echo "# perf record -F 499 --call-graph dwarf; perf report --children (inclusive %, self %)"
        perf report -i "$OUT/perf.data" --children --stdio -g none --percent-limit 2 2>/dev/null |
          grep -E '^ +[0-9]' | grep -E 'selaras::|calamine::|quick_xml|zlib_rs|malloc|free|realloc|rust_decimal|regex' |
          sed -E 's/::h[0-9a-f]{16}//' | head -45
      } >"$OUT/profile.txt" || true
      echo "bench: profile in $OUT/profile.txt" >&2
    fi
  fi
fi

cut -d' ' -f1-3 /proc/loadavg >"$OUT/load-end.txt"
python3 bench/report.py "$COMMAND" >bench/RESULTS.md
echo "bench: wrote bench/RESULTS.md" >&2
