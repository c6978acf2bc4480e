#!/usr/bin/env python3
"""How fast `tiendo serve` brings an edited page back, on a large site.

    serve_reload.py --tiendo target/release/tiendo --site DIR [--edits 20]

Starts `tiendo serve DIR --port 0`, then repeatedly edits one progress entry on
disk the way an editor does, and measures from the moment the file is written:

  signal  until the browser's live-reload long poll for that entry's page says
          "reload" (what makes the open page reload by itself);
  page    until the reloaded page, fetched again, shows the new text.

Three kinds of edit, in turn: the entry's text, its status (which changes its
task's status and so many other pages) and a brand-new entry file. Each edit
starts once the previous rebuild has finished (cascade included). Prints each
measurement, then the median, 90th percentile and maximum per kind, and the
server's own log lines. Talks only to 127.0.0.1. Python 3 standard library only.

`--generate N` writes a synthetic site of N entries into DIR first (used when
bench/gen_corpus.py, the corpus generator of the Hugo comparison, is absent).
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import random
import re
import statistics
import subprocess
import sys
import threading
import time


def get(port: int, path: str, timeout: float = 60.0) -> tuple[int, str]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path, headers={"Cache-Control": "no-store"})
        r = c.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        c.close()


def version(html: str) -> int:
    m = re.search(r'<script src="/__tiendo/reload\.js" data-v="(\d+)"', html)
    if not m:
        raise SystemExit("the served page has no live-reload script")
    return int(m.group(1))


def generate(site: str, n: int, tasks: int = 300, localities: int = 104) -> None:
    """A synthetic site: every name is made up ("Xã Thử nghiệm 001")."""
    rng = random.Random(20261124)
    c = os.path.join(site, "content")
    os.makedirs(os.path.join(c, "goals"), exist_ok=True)
    os.makedirs(os.path.join(c, "tasks"), exist_ok=True)
    with open(os.path.join(c, "site.yaml"), "w", encoding="utf-8") as f:
        f.write('title: "Thử nghiệm tốc độ"\nbase_url: "https://example.org/"\nas_of: 2026-11-24\ndemo: true\n')
    with open(os.path.join(c, "plan.md"), "w", encoding="utf-8") as f:
        f.write('---\nid: thu\ntitle: "Kế hoạch thử nghiệm"\nissuer: "Cơ quan thử nghiệm"\nsigned_by: "Người ký"\nsigner_title: "Chức danh"\n---\nThử nghiệm.\n')
    with open(os.path.join(c, "goals", "g1.md"), "w", encoding="utf-8") as f:
        f.write('---\nid: g1\ntitle: "Nội dung thử nghiệm"\norder: 1\n---\nGiải pháp.\n')
    agencies = [f"co-quan-{i:02}" for i in range(1, 21)] + ["dang-uy-xa-phuong"]
    with open(os.path.join(c, "agencies.yaml"), "w", encoding="utf-8") as f:
        for i, a in enumerate(agencies):
            kind = "commune" if a == "dang-uy-xa-phuong" else "party"
            f.write(f'- {{id: {a}, name: "Cơ quan thử nghiệm {i + 1:02}", kind: {kind}{", standing: true" if i == 0 else ""}}}\n')
    with open(os.path.join(c, "localities.yaml"), "w", encoding="utf-8") as f:
        for i in range(1, localities + 1):
            f.write(f'- {{id: xa-thu-{i:03}, name: "Xã Thử nghiệm {i:03}", kind: xa}}\n')
    per_loc = set(range(0, tasks, 10))
    with open(os.path.join(c, "tasks", "all.yaml"), "w", encoding="utf-8") as f:
        for t in range(tasks):
            lead = "dang-uy-xa-phuong" if t in per_loc else agencies[t % 20]
            due = ["2026-06", "2026-Q4", "ongoing", "2027-03"][t % 4]
            f.write(f'- {{id: nv-{t:03}, title: "Nhiệm vụ thử nghiệm {t:03}", lead: {lead}, goals: [g1], due: {due}{", per_locality: true" if t in per_loc else ""}}}\n')
    statuses = ["in_progress", "in_progress", "planned", "done", "blocked"]
    for e in range(n):
        t = rng.randrange(tasks)
        month = 3 + e * 8 // max(n, 1)
        day = 1 + rng.randrange(28)
        folder = os.path.join(c, "progress", "2026", f"{month:02}")
        os.makedirs(folder, exist_ok=True)
        st = statuses[rng.randrange(len(statuses))]
        lines = [
            "---",
            f'title: "Báo cáo thử nghiệm {e:06}"',
            f"date: 2026-{month:02}-{day:02}",
            f"task: nv-{t:03}",
        ]
        if t in per_loc:
            lines += ["reporter: dang-uy-xa-phuong", f"locality: xa-thu-{1 + rng.randrange(localities):03}"]
        else:
            lines += [f"reporter: {agencies[t % 20]}"]
        lines += [f"status: {st}"]
        if st == "done":
            lines += ["evidence:", f'  - {{ref: "{e}-BC/TN"}}']
        lines += ["illustrative: true", "---", "Nội dung báo cáo thử nghiệm. " * 30]
        with open(os.path.join(folder, f"bao-cao-{e:06}.md"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def progress_files(site: str) -> list[str]:
    out = []
    for root, _, files in os.walk(os.path.join(site, "content", "progress")):
        out += [os.path.join(root, f) for f in files if f.endswith(".md") and not f.startswith((".", "_"))]
    return sorted(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiendo", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--edits", type=int, default=20, help="edits of each kind")
    ap.add_argument("--generate", type=int, default=0, metavar="N")
    ap.add_argument("--pause", type=float, default=1.0, help="seconds between the end of one rebuild and the next edit")
    args = ap.parse_args()
    if args.generate:
        generate(args.site, args.generate)

    files = progress_files(args.site)
    if not files:
        raise SystemExit(f"no progress entries under {args.site}/content/progress")
    print(f"site: {args.site} ({len(files)} progress files); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)

    started = time.monotonic()
    proc = subprocess.Popen(
        [args.tiendo, "--color", "never", "--lang", "en", "serve", args.site, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
    )
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []
    threading.Thread(target=lambda: [lines.put(l.rstrip("\n")) for l in proc.stdout], daemon=True).start()
    port = None
    while port is None:
        line = lines.get(timeout=600)
        log.append(line)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
    print(f"first build and serve: {time.monotonic() - started:.2f} s ({log[0]})", flush=True)

    rng = random.Random(7)
    results: dict[str, list[tuple[float, float]]] = {"text": [], "status": [], "new": []}
    try:
        for k in range(args.edits):
            for kind in ("text", "status", "new"):
                if kind == "new":
                    # A new file next to an existing one (a new folder is a full rebuild).
                    model = files[rng.randrange(len(files))]
                    path = os.path.join(os.path.dirname(model), f"moi-{k:03}.md")
                    src = open(model, encoding="utf-8").read()
                else:
                    path = files[rng.randrange(len(files))]
                    src = open(path, encoding="utf-8").read()
                slug = os.path.splitext(os.path.basename(path))[0]
                url = f"/tien-do/{slug}/"
                _, html = get(port, url)
                seen = version(html)
                marker = f"Sửa lần {kind}-{k}-{time.time_ns()}"
                text = re.sub(r"(\n---\n)", r"\1" + marker + " ", src, count=1)
                if kind == "status":
                    new = "blocked" if "status: blocked" not in text else "in_progress"
                    text = re.sub(r"^status: \w+$", f"status: {new}", text, count=1, flags=re.M)
                    text = re.sub(r"^evidence:\n(  .*\n)+", "", text, flags=re.M)
                answer: dict[str, float | str] = {}

                def wait() -> None:
                    _, a = get(port, f"/__tiendo/wait?v={seen}&tab=bench&path={url}")
                    answer["at"] = time.monotonic()
                    answer["a"] = a

                th = threading.Thread(target=wait)
                th.start()
                time.sleep(0.3)  # the poll is in place, as an open browser page's is
                t0 = time.monotonic()
                tmp = path + ".tmp~"
                with open(tmp, "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(tmp, path)  # as editors save: write aside, rename over
                th.join(timeout=60)
                if answer.get("a") != "reload":
                    raise SystemExit(f"{url}: the page was not told to reload ({answer})")
                signal = float(answer["at"]) - t0
                status, body = get(port, url)
                page = time.monotonic() - t0
                if status != 200 or marker not in body:
                    raise SystemExit(f"{url}: reloaded page does not show the edit (HTTP {status})")
                results[kind].append((signal, page))
                # Wait for the whole rebuild (the cascade too) before the next edit,
                # as an editor reads the page before saving again.
                deadline = time.monotonic() + 120
                ready = ""
                while time.monotonic() < deadline:
                    try:
                        line = lines.get(timeout=1)
                    except queue.Empty:
                        continue
                    log.append(line)
                    if line.startswith("rebuilt") and "follow" not in line:
                        ready = re.search(r"edited pages ready in (\d+) ms", line)
                        break
                server = f"{ready.group(1):>4} ms" if ready else "   ?"
                print(f"{kind:6} {url:36} signal {signal * 1000:5.0f} ms  page {page * 1000:5.0f} ms  (server: edited page ready in {server})", flush=True)
                time.sleep(args.pause)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        while not lines.empty():
            log.append(lines.get())

    print()
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("kind    edits  signal median / p90 / max (ms)   page median / p90 / max (ms)")
    for kind, xs in results.items():
        if not xs:
            continue
        def stats(v: list[float]) -> str:
            v = sorted(x * 1000 for x in v)
            p90 = v[min(len(v) - 1, int(round(0.9 * (len(v) - 1))))]
            return f"{statistics.median(v):6.0f} / {p90:5.0f} / {max(v):5.0f}"
        print(f"{kind:6} {len(xs):6}  {stats([s for s, _ in xs])}           {stats([p for _, p in xs])}")
    print()
    print("server log (last lines):")
    for line in log[-8:]:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
