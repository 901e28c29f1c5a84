#!/usr/bin/env python3
"""Load on `selaras serve`, bounded in time, on loopback.

Starts the release server (`--addr 127.0.0.1:0`, a fresh --data folder), sends
CONCURRENT checks of the shipped example at once through POST /api/check, ROUNDS
times, and checks every answer is the CLI's JSON report (the `path` aside). Prints
the latency of each request's round trip: median, p95, max, and the wall time of
each round; writes them to bench/SERVE.md.

    cargo build --release && python3 bench/serve_load.py [CONCURRENT] [ROUNDS]

Environment: SELARAS (the binary; default target/release/selaras), DEADLINE
(seconds the whole run may take; default 300).
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("SELARAS", os.path.join(ROOT, "target", "release", "selaras"))
EXAMPLE = os.path.join(ROOT, "fixtures", "lkjip-setda-kebumen-2024.xlsx")
CONCURRENT = int(sys.argv[1]) if len(sys.argv) > 1 else 20
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
DEADLINE = float(os.environ.get("DEADLINE", "300"))
BOUNDARY = "selaras-load-5f1c"


def body(data):
    head = (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
        f"filename=\"laporan.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def without_paths(doc):
    for f in doc["files"]:
        f["path"] = None
    return doc


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def main():
    started = time.monotonic()
    env = dict(os.environ, LANG="C")
    cli = subprocess.run(
        [BIN, "check", "--format", "json", EXAMPLE], capture_output=True, env=env, check=False
    )
    expected = without_paths(json.loads(cli.stdout))
    data = tempfile.mkdtemp(prefix="selaras-load-")
    server = subprocess.Popen(
        [BIN, "serve", "--addr", "127.0.0.1:0", "--data", os.path.join(data, "d")],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        line = server.stdout.readline()
        url = next(w for w in line.split() if w.startswith("http://")).rstrip("/")
        payload = body(open(EXAMPLE, "rb").read())
        latencies, rounds, wrong = [], [], []

        def one():
            req = urllib.request.Request(
                url + "/api/check",
                data=payload,
                headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
                method="POST",
            )
            t0 = time.monotonic()
            try:
                with urllib.request.urlopen(req, timeout=DEADLINE) as r:
                    status, text = r.status, r.read()
            except urllib.error.HTTPError as e:
                status, text = e.code, e.read()
            latencies.append(time.monotonic() - t0)
            if status != 200 or without_paths(json.loads(text)) != expected:
                wrong.append(status)

        for _ in range(ROUNDS):
            if time.monotonic() - started > DEADLINE:
                sys.exit(f"stopped: over the {DEADLINE} s deadline")
            t0 = time.monotonic()
            threads = [threading.Thread(target=one) for _ in range(CONCURRENT)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(DEADLINE)
            rounds.append(time.monotonic() - t0)
        if wrong:
            sys.exit(f"{len(wrong)} answers were not the CLI's report: {wrong}")
        n = len(latencies)
        cpus = os.cpu_count()
        commit = subprocess.run(
            ["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        report = "\n".join(
            [
                "# selaras serve under load",
                "",
                "Written by `bench/serve_load.py` (see its header). Every answer was checked",
                "to be the CLI's JSON report of the shipped example, `path` aside.",
                "",
                "| | |",
                "|---|---|",
                f"| requests | {n} ({ROUNDS} rounds of {CONCURRENT} at once) |",
                f"| all answered correctly | yes |",
                f"| latency median | {percentile(latencies, 50):.2f} s |",
                f"| latency p95 | {percentile(latencies, 95):.2f} s |",
                f"| latency max | {max(latencies):.2f} s |",
                f"| wall time of a round (each) | {', '.join(f'{r:.2f} s' for r in rounds)} |",
                f"| cores / workers | {cpus} / {cpus} (the default: one per core) |",
                f"| selaras | {commit}, release |",
                f"| date | {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} |",
                "",
            ]
        )
        with open(os.path.join(ROOT, "bench", "SERVE.md"), "w") as f:
            f.write(report)
        print(report)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
