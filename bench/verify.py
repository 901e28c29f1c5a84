"""Holds a contender's output against the generator's list of injected errors.

    python3 bench/verify.py MODE OUTPUT ERRORS.txt [CELLS]

MODE is
  check   OUTPUT is `selaras check --format json`: its findings must be exactly the
          injected cells and codes;
  fix     OUTPUT is `selaras check --fix --format json`: the corrected cells plus the
          findings left must be exactly the injected ones;
  recheck OUTPUT is `selaras check --format json` of a corrected copy: what is left
          must be exactly the injected sum-mismatch (a total against its rows is
          only suggested, never fixed without --unsafe-fixes);
  count   OUTPUT's last line is a number of findings (the Python peers);
  floor   OUTPUT is read_floor's `cells=N nonempty=M`: M must equal CELLS.
Prints the count; exits 1, saying what differs, when it does not match.
"""

import json
import sys


def injected(path):
    with open(path, encoding="utf-8") as f:
        return sorted(line.strip() for line in f if line.strip())


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def compare(found, expected, what):
    if sorted(found) != expected:
        missing = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        fail(
            f"{what}: {len(found)} findings, {len(expected)} injected; "
            f"missing {missing[:10]} extra {extra[:10]}"
        )
    print(len(found))


def main():
    mode, output = sys.argv[1], sys.argv[2]
    text = open(output, encoding="utf-8").read()
    if mode == "floor":
        fields = dict(kv.split("=") for kv in text.split())
        if fields.get("nonempty") != sys.argv[4]:
            fail(f"floor read {fields.get('nonempty')} cells, the generator wrote {sys.argv[4]}")
        print(fields["nonempty"])
        return
    expected = injected(sys.argv[3])
    if mode == "count":
        lines = text.strip().splitlines()
        n = int(lines[-1]) if lines else -1
        if n != len(expected):
            fail(f"peer found {n}, {len(expected)} injected")
        print(n)
        return
    doc = json.loads(text)
    found = []
    for f in doc["files"]:
        if "error" in f:
            fail(f"unreadable: {f['error']}")
        for x in f["findings"]:
            found.append(f"{x['sheet']}!{x['cell']} {x['code']}")
        if mode == "fix":
            fixed = f.get("fixed") or {}
            for c in fixed.get("changes", []):
                found.append(f"{c['sheet']}!{c['cell']} {c['code']}")
    if mode == "recheck":
        expected = [e for e in expected if e.endswith(" sum-mismatch")]
    compare(found, expected, mode)


if __name__ == "__main__":
    main()
