#!/usr/bin/env python3
"""Load on `selaras serve`, bounded in time, on loopback.

Starts the release server (`--addr 127.0.0.1:0`, a fresh --data folder), sends
CONCURRENT checks of the shipped example at once through POST /api/check, ROUNDS
times, and checks every answer is the CLI's JSON report (the `path` aside). Then
the desk: a round of CONCURRENT sections, every section uploading its workbook
through its own link at once; none may be lost (each upload answered with its
report, and the round's state counting one upload a section). Prints the latency
of each request's round trip: median, p95, max; writes them to bench/SERVE.md.

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


def multipart(fields, files):
    out = b""
    for k, v in fields:
        out += f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
    for k, name, data in files:
        out += (
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode() + data + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def send(url, body=None, headers=None, method="GET"):
    req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with OPENER.open(req, timeout=DEADLINE) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def desk(url, token):
    """20 sections upload at once: latencies, and whether every upload was kept."""
    auth = {"Authorization": f"Bearer {token}"}
    names = [f"Bagian {i + 1:02d}" for i in range(CONCURRENT)]
    ctype = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    status, headers, _ = send(
        url + "/desk/rounds",
        multipart([("name", "Beban"), ("sections", "\n".join(names))], []),
        {**auth, **ctype},
        "POST",
    )
    assert status == 303, status
    round_path = headers["location"].split("?")[0]
    _, _, page = send(url + round_path, headers=auth)
    page = page.decode()
    links = []
    for part in page.split("/s/")[1:]:
        token_part = part[:32]
        if all(c in "0123456789abcdef" for c in token_part) and "/s/" + token_part not in links:
            links.append("/s/" + token_part)
    assert len(links) == CONCURRENT, len(links)
    sections_dir = os.path.join(ROOT, "fixtures", "reconcile", "sections")
    files = sorted(os.listdir(sections_dir))
    latencies, lost = [], []

    def one(i):
        name = files[i % len(files)]
        data = open(os.path.join(sections_dir, name), "rb").read()
        t0 = time.monotonic()
        status, headers, _ = send(
            url + links[i] + "/upload", multipart([], [("file", name, data)]), ctype, "POST"
        )
        ok = status == 303 and send(url + headers.get("location", "/x"))[0] == 200
        latencies.append(time.monotonic() - t0)
        if not ok:
            lost.append((i, status))

    t0 = time.monotonic()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(CONCURRENT)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(DEADLINE)
    wall = time.monotonic() - t0
    _, _, state = send(url + round_path + "/state", headers=auth)
    state = json.loads(state)
    kept = sum(1 for s in state["sections"] if s["uploads"] == 1 and s["submitted"])
    return latencies, wall, lost, kept


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
        [BIN, "serve", "--addr", "127.0.0.1:0", "--data", os.path.join(data, "d"),
         "--admin-token", "beban-uji"],
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
        desk_latencies, desk_wall, lost, kept = desk(url, "beban-uji")
        if lost or kept != CONCURRENT:
            sys.exit(f"the desk lost uploads: {lost}, {kept} of {CONCURRENT} kept")
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
                f"| desk: sections uploading at once | {CONCURRENT}, every upload kept with its report ({kept} of {CONCURRENT}) |",
                f"| desk: upload latency median (upload, check, report page) | {percentile(desk_latencies, 50):.2f} s |",
                f"| desk: upload latency p95 | {percentile(desk_latencies, 95):.2f} s |",
                f"| desk: upload latency max | {max(desk_latencies):.2f} s |",
                f"| desk: wall time of the 20 | {desk_wall:.2f} s |",
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
