#!/usr/bin/env bash
# Fuzzes selaras with cargo-fuzz for a bounded time per target.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     default: 120 s each, every target
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain the
# nightly flags it passes are allowed through RUSTC_BOOTSTRAP=1. The corpora are
# seeded from the repository: fixtures/**/*.xlsx as they are (check_workbook) and
# unpacked into their parts (check_package), the built-in rules (rules_parser) and
# typed figures (number_reader). A crash input lands in fuzz/artifacts/TARGET/:
# copy it to fuzz/regressions/TARGET/ and `cargo test --test suite properties::` runs it
# again through the same harness (fuzz/harness.rs).
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-120}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(number_reader rules_parser check_workbook check_xls check_package)
fi

mkdir -p corpus/number_reader corpus/rules_parser corpus/check_workbook corpus/check_xls corpus/check_package
i=0
for s in "90,40" "106,35%" "Rp. 38.127.840.000,-" "38,127,840,000" "(1.500.000)" \
         "1.234" "0,123" "-Rp 5.000" "(12,5%)" "1.234.567,89" "99,999%"; do
  printf '%s' "$s" > "corpus/number_reader/seed-$i"
  i=$((i + 1))
done
cp ../rules/*.toml corpus/rules_parser/
# Every kind of workbook the tool reads, the real-world set included: .xlsx,
# .xls (also as .xlsx bytes: an encrypted .xlsx is a compound file), .xlsb, .ods.
find ../fixtures \( -name '*.xlsx' -o -name '*.xls' -o -name '*.xlsb' -o -name '*.ods' \) \
  -exec cp {} corpus/check_workbook/ \;
find ../fixtures ../fuzz/regressions/check_workbook -name '*.xls*' -exec sh -c \
  'head -c 8 "$1" | od -An -tx1 | grep -q "d0 cf 11 e0" && cp "$1" corpus/check_xls/' _ {} \;
python3 - <<'PY'
import pathlib, zipfile
out = pathlib.Path("corpus/check_package")
for path in sorted(pathlib.Path("../fixtures").rglob("*.xlsx")):
    parts = []
    try:
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                # what a reader needs; themes and document properties are noise
                if n.startswith(("docProps/", "xl/theme/")):
                    continue
                # a damaged part, or one that unpacks beyond 1 MB (the zip bombs
                # of fixtures/bad), is left out: check_workbook has them whole
                if z.getinfo(n).file_size > 1 << 20:
                    continue
                try:
                    parts.append(b"--selaras-part:" + n.encode() + b"--\n" + z.read(n))
                except Exception:
                    pass
    except Exception:
        continue  # not a zip at all: check_workbook has it
    if parts:
        name = "-".join(path.relative_to("../fixtures").with_suffix(".parts").parts)
        (out / name).write_bytes(b"\n".join(parts))
PY

status=0
for t in "${targets[@]}"; do
  case "$t" in
    # Real workbooks run to a few hundred kilobytes: not cut short.
    check_workbook|check_xls|check_package) max_len=1048576 ;;
    *) max_len=4096 ;;
  esac
  log="/tmp/selaras-fuzz-$t.log"
  echo "== $t for ${secs}s (log: $log)"
  if ! RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$t" "corpus/$t" -- \
      -max_total_time="$secs" -max_len="$max_len" -print_final_stats=1 >"$log" 2>&1; then
    echo "!! $t stopped on a crash: see $log and fuzz/artifacts/$t/"
    status=1
  fi
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|SUMMARY)' "$log" || true
done
exit $status
