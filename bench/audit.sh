#!/bin/bash
# What the formula audit adds to `selaras check` (issue 18: at most 20% on the
# 100k workbook with formulas). Builds, in a temporary worktree of HEAD, a copy
# of selaras that skips the audit when SELARAS_NO_AUDIT is set
# (bench/noaudit.patch: the switch is never in the shipped binary), then runs
# the same binary with and without the audit, interleaved, and prints the
# medians of wall and CPU time.
#
#   bench/audit.sh [RUNS] [WORKBOOK]
#
# WORKBOOK defaults to bench/out/bench-100000-formulas.xlsx (made by
# `cargo run --release --example make_bench -- 100000 OUT --formulas`).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-11}
BOOK=${2:-bench/out/bench-100000-formulas.xlsx}
if [ ! -f "$BOOK" ]; then
  mkdir -p "$(dirname "$BOOK")"
  cargo run -q --release --example make_bench -- 100000 "$BOOK" --formulas
fi
[ -x /usr/bin/time ] || { apt-get install -y -qq time >/dev/null; }
TREE=$(mktemp -d)
trap 'git worktree remove --force "$TREE" >/dev/null 2>&1 || true' EXIT
git worktree add -q --detach "$TREE" HEAD
(cd "$TREE" && git apply "$OLDPWD/bench/noaudit.patch")
CARGO_TARGET_DIR="${AUDIT_TARGET_DIR:-target/audit-bench}" cargo build -q --release --manifest-path "$TREE/Cargo.toml"
BIN="${AUDIT_TARGET_DIR:-target/audit-bench}/release/selaras"
OUT=$(mktemp)
for _ in $(seq "$RUNS"); do
  /usr/bin/time -o "$OUT.t" -f "%e %U %S" "$BIN" check "$BOOK" >/dev/null || true
  echo "with $(tail -1 "$OUT.t")" >>"$OUT"
  SELARAS_NO_AUDIT=1 /usr/bin/time -o "$OUT.t" -f "%e %U %S" "$BIN" check "$BOOK" >/dev/null || true
  echo "without $(tail -1 "$OUT.t")" >>"$OUT"
done
python3 - "$OUT" <<'PY'
import sys, statistics as st
d = {}
for line in open(sys.argv[1]):
    k, e, u, s = line.split()
    d.setdefault(k, []).append((float(e), float(u) + float(s)))
w = {k: st.median(x[0] for x in v) for k, v in d.items()}
c = {k: st.median(x[1] for x in v) for k, v in d.items()}
for k in ("with", "without"):
    print(f"{k:8s} wall median {w[k]:.3f} s   cpu median {c[k]:.3f} s   ({len(d[k])} runs)")
print(f"the audit adds {100 * (w['with'] / w['without'] - 1):+.1f}% wall, {100 * (c['with'] / c['without'] - 1):+.1f}% cpu")
PY
rm -f "$OUT" "$OUT.t"
