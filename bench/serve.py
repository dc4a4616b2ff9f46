#!/usr/bin/env python3
"""How fast an edit shows: `danvan serve` and a second `danvan build`.

    python3 bench/serve.py                 # ~20,000 pages, 5 runs of each edit
    python3 bench/serve.py --docs 400      # ~2,000 pages

For each kind of edit (a story's body, its title, a document's date, a new story, that story renamed, then deleted, a progress file, a theme
template, a UI string, a slug given to the story; for a peer only body, title and new story) the script writes the file into a served copy of the synthetic
corpus and measures the time from the write to the moment the server hands
out the page with the new content: the median, lowest and highest of
--runs edits. For danvan it waits, as an open page does, for the `reload`
event of the server's event stream and then fetches the page; for a peer
(Hugo, when installed, on the Hugo twin of the corpus) it polls the page.
It also times a first `danvan build` of the copy (empty caches of share
cards and photos, which it fills), the server's start (to the first page
served), its peak resident memory (VmHWM of /proc/PID/status, after all
edits), and second `danvan build`s into the same output folder (nothing
changed, one story's body, one story's title, a progress file) against a
clean build: the median of --runs each, and how many files each rewrote.

Options:
  --docs N        documents and stories per language (default 4900: ~20,000 pages)
  --runs N        edits of each kind, builds of each kind (default 5)
  --work DIR      corpus copies and results (default /tmp/danvan-bench-serve)
  --danvan PATH   the binary to measure (default: cargo build --release)
  --no-hugo       do not measure Hugo even where it is installed
  --no-build      only the serve measurements
  --no-serve      only the build measurements

Python 3 standard library only. `zola serve` is not measured here (the
corpus has a Zola twin, `gen_corpus.py --zola`, timed by run.sh). Nothing is written into the repository except target/.
"""

import argparse
import json
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
NOT_FOUND = object()  # the marker of an edit whose page is to be gone
LIMIT = 300.0  # seconds an edit may take before the run counts as failed

# The progress file of the corpus that is edited, and what the edit changes.
PROGRESS = "content/progress/2020-dan-van.yaml"
PROGRESS_URL = "/progress/2020-dan-van/"
PROGRESS_TITLE = "CĐCS cụ thể hóa kế hoạch công tác dân vận"


def say(text):
    print(f"== {text}", file=sys.stderr, flush=True)


def load():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port, path, timeout=30):
    """(status, body) of one GET; (0, "") when the server does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except (OSError, urllib.error.URLError):
        return 0, ""


def cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return None


def settle(pid, quiet=0.3, limit=LIMIT):
    """Waits until the process has used no CPU for `quiet` seconds: the
    background work of the last edit (danvan refreshes listings behind a
    quick update, without an event) is over."""
    deadline = time.perf_counter() + limit
    last = cpu_ticks(pid)
    while time.perf_counter() < deadline:
        time.sleep(quiet)
        now = cpu_ticks(pid)
        if now == last:
            return
        last = now


def peak_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class Events:
    """danvan's event stream, read on a thread: each `reload` is queued."""

    def __init__(self, port):
        self.reloads = queue.Queue()
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(
            b"GET /__danvan/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Accept: text/event-stream\r\n\r\n"
        )
        self.file = self.sock.makefile("rb")
        # Headers first: once they are in, no event is missed.
        while self.file.readline() not in (b"\r\n", b""):
            pass
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.file:
            if line.startswith(b"event: "):
                self.reloads.put(line[7:].strip().decode())

    def drain(self):
        while not self.reloads.empty():
            self.reloads.get_nowait()


class Server:
    """A live preview server on a copy of the corpus."""

    def __init__(self, name, argv, site, port, ready):
        self.name = name
        self.site = site
        self.port = port
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.log = []
        self.lines = queue.Queue()
        threading.Thread(target=self.pump, daemon=True).start()
        ready(self)
        self.startup = time.perf_counter() - started
        self.events = Events(port) if name == "danvan" else None

    def pump(self):
        for line in self.proc.stdout:
            self.log.append(line)
            self.lines.put(line)

    def wait_serving(self, deadline, said):
        """Until the server prints `said` (it has built the site) and the
        home page answers."""
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} serve exited:\n{''.join(self.log[-30:])}")
            if any(said in line for line in self.log) and fetch(self.port, "/", timeout=5)[0] == 200:
                return
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} serve did not answer in {LIMIT:.0f} s")

    def until(self, path, marker, written):
        """Seconds from `written` until `path` is served with `marker`."""
        deadline = written + LIMIT
        while time.perf_counter() < deadline:
            if self.events is not None:
                try:
                    self.events.reloads.get(timeout=max(0.0, deadline - time.perf_counter()))
                except queue.Empty:
                    break
            else:
                time.sleep(0.01)
            status, body = fetch(self.port, path)
            if marker is NOT_FOUND and status == 404 or status == 200 and marker in body:
                return time.perf_counter() - written
        return None

    def stop(self):
        peak = peak_mb(self.proc.pid)
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return peak


def write(path, text):
    """Writes in place, as most editors save."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def story(site):
    """The first Vietnamese story of the corpus: its file and address."""
    name = sorted(n for n in os.listdir(os.path.join(site, "content/stories")) if n.endswith(".vi.md"))[0]
    return f"content/stories/{name}", f"/stories/{name[: -len('.vi.md')]}/"


def document(site):
    """The first Vietnamese document of the corpus: its file and address."""
    root = os.path.join(site, "content/documents")
    year = sorted(os.listdir(root))[0]
    name = sorted(n for n in os.listdir(os.path.join(root, year)) if n.endswith(".vi.md"))[0]
    return f"content/documents/{year}/{name}", f"/documents/{year}/{name[: -len('.vi.md')]}/"


def edits(site, danvan=True):
    """The kinds of edit: name -> function(i) -> (url, marker), writing the
    edit. Other tools than danvan: the edits that mean the same to them."""
    STORY, STORY_URL = story(site)
    with open(os.path.join(site, STORY), encoding="utf-8") as f:
        original = f.read()
    front_end = original.index("\n---\n", 4) + 5

    def body(i):
        marker = f"benchbody{i}x"
        write(os.path.join(site, STORY), original + f"\nA new paragraph, {marker}.\n")
        return STORY_URL, marker

    def title(i):
        marker = f"benchtitle{i}x"
        text = re.sub(r'^title: "', f'title: "{marker} ', original, count=1, flags=re.M)
        write(os.path.join(site, STORY), text)
        return STORY_URL, marker

    progress_path = os.path.join(site, PROGRESS)
    with open(progress_path, encoding="utf-8") as f:
        progress_original = f.read()

    def progress(i):
        marker = f"benchprogress{i}x"
        write(progress_path, progress_original.replace(PROGRESS_TITLE, f"{PROGRESS_TITLE} {marker}", 1))
        return PROGRESS_URL, marker

    # A document, as a story shows no date.
    DOC, DOC_URL = document(site)
    with open(os.path.join(site, DOC), encoding="utf-8") as f:
        doc_original = f.read()

    def date(i):
        day = 10 + int(i[-1])
        text = re.sub(r"^date: .*$", f"date: 2019-11-{day}", doc_original, count=1, flags=re.M)
        write(os.path.join(site, DOC), text)
        return DOC_URL, f"ngày {day} tháng 11 năm 2019"

    def slug(i):
        marker = f"bench-slug-{i}"
        text = original.replace("\n", f"\nslug: {marker}\n", 1)
        write(os.path.join(site, STORY), text)
        return f"/stories/{marker}/", f"/stories/{marker}/"

    def new_story(name, marker):
        text = re.sub(r'^title: "', f'title: "{marker} ', original[:front_end], count=1, flags=re.M)
        write(os.path.join(site, f"content/stories/{name}.vi.md"), text + f"\nA new story, {marker}.\n")

    def new(i):
        marker = f"benchnew{i}x"
        new_story(f"bench-new-{i}", marker)
        return f"/stories/bench-new-{i}/", marker

    def renamed(i):
        # The story "new file" made, under another name.
        before = os.path.join(site, f"content/stories/bench-new-n{i[-1]}.vi.md")
        os.rename(before, os.path.join(site, f"content/stories/bench-renamed-{i}.vi.md"))
        return f"/stories/bench-renamed-{i}/", f"benchnewn{i[-1]}x"

    def deleted(i):
        os.remove(os.path.join(site, f"content/stories/bench-renamed-r{i[-1]}.vi.md"))
        return f"/stories/bench-renamed-r{i[-1]}/", NOT_FOUND

    def template(i):
        marker = f"benchtemplate{i}x"
        path = os.path.join(site, "themes/default/templates/story.html")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(os.path.join(HERE, "../themes/default/templates/story.html"), encoding="utf-8") as f:
            built_in = f.read()
        write(path, built_in.replace("</article>", f"<p>{marker}</p></article>", 1))
        return STORY_URL, marker

    def ui_string(i):
        marker = f"benchstring{i}x"
        path = os.path.join(site, "themes/default/i18n/vi.yaml")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write(path, f'skip_to_content: "{marker}"\n')
        return STORY_URL, marker

    # In this order: rename and delete work on what the one before made,
    # and the slug edit, which moves the story, comes last.
    kinds = {
        "body edit": body,
        "title edit": title,
        "date edit": date,
        "new file": new,
        "renamed file": renamed,
        "deleted file": deleted,
    }
    if os.path.exists(progress_path):
        kinds["progress-file edit"] = progress
    kinds["template edit"] = template
    kinds["UI-string edit"] = ui_string
    kinds["slug edit"] = slug
    if not danvan:
        return {k: kinds[k] for k in ("body edit", "title edit", "new file")}
    return kinds


def measure_serve(server, runs):
    results = {}
    for kind, edit in edits(server.site, server.name == "danvan").items():
        times = []
        for i in range(runs):
            # The background work of the last edit ends first.
            settle(server.proc.pid)
            if server.events is not None:
                server.events.drain()
            written = time.perf_counter()
            url, marker = edit(f"{kind[0]}{i}")
            took = server.until(url, marker, written)
            if took is None:
                print(f"serve.py: {server.name}: {kind} #{i} not served within {LIMIT:.0f} s", file=sys.stderr)
                continue
            times.append(took)
        results[kind] = times
        say(f"{server.name} {kind}: {' '.join(f'{t * 1000:.0f}' for t in times)} ms")
    return results


def fresh_copy(src, dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("public", "resources", ".danvan"))
    return dst


def timed(argv):
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr[-3000:]}")
    return took


def rewritten(out, since):
    """Files of the output (but danvan's own lists) modified after `since`."""
    count = 0
    for folder, _, names in os.walk(out):
        for name in names:
            if name in (".danvan-build", ".danvan-manifest"):
                continue
            if os.stat(os.path.join(folder, name)).st_mtime > since:
                count += 1
    return count


def measure_builds(danvan, site, out, runs):
    """Clean builds against second builds into the same output: with
    nothing changed, one story's body, one story's title, a progress file.
    Returns the times, and how many files each kind of build rewrote."""
    path = os.path.join(site, story(site)[0])
    with open(path, encoding="utf-8") as f:
        original = f.read()
    progress_path = os.path.join(site, PROGRESS)
    with open(progress_path, encoding="utf-8") as f:
        progress_original = f.read()
    argv = [danvan, "build", "--site", site, "--output", out]
    timed(argv)  # warm-up, and the cache of share cards and photos
    kinds = {
        "nothing changed": lambda i: None,
        "one story's body": lambda i: write(path, original + f"\nChanged for build {i}.\n"),
        "one story's title": lambda i: write(
            path, re.sub(r'^title: "', f'title: "Build {i} ', original, count=1, flags=re.M)),
        "a progress file": lambda i: write(
            progress_path, progress_original.replace(PROGRESS_TITLE, f"{PROGRESS_TITLE} {i}", 1)),
    }
    times = {"clean build": []}
    files = {}
    for kind in kinds:
        times[kind] = []
    for i in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        times["clean build"].append(timed(argv))
        for kind, edit in kinds.items():
            write(path, original)
            write(progress_path, progress_original)
            timed(argv)
            time.sleep(0.05)  # coarse file times would hide a rewrite
            edit(i)
            since = time.time()
            times[kind].append(timed(argv))
            files.setdefault(kind, []).append(rewritten(out, since))
    write(path, original)
    write(progress_path, progress_original)
    return times, files


def stats(times):
    if not times:
        return "-"
    med = statistics.median(times)
    unit, scale = ("ms", 1000) if med < 10 else ("s", 1)
    fmt = "{:.0f}" if unit == "ms" else "{:.2f}"
    return f"{fmt.format(med * scale)} {unit} ({fmt.format(min(times) * scale)}–{fmt.format(max(times) * scale)})"


def binary(args):
    if args.danvan:
        return os.path.abspath(args.danvan)
    say("building danvan (release)")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=REPO, check=True, capture_output=True, text=True,
    )
    path = os.path.join(json.loads(meta.stdout)["target_directory"], "release", "danvan")
    if not os.access(path, os.X_OK):
        sys.exit(f"serve.py: no binary at {path}")
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=4900)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/tmp/danvan-bench-serve")
    ap.add_argument("--danvan")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-serve", action="store_true")
    args = ap.parse_args()

    danvan = binary(args)
    hugo = None if args.no_hugo else shutil.which("hugo")
    if hugo is None:
        say("not measuring Hugo (not installed or --no-hugo)")
    say("not measuring Zola (this script does not drive `zola serve`)")
    os.makedirs(args.work, exist_ok=True)
    corpus = os.path.join(args.work, f"corpus-{args.docs}")
    gen = [sys.executable, os.path.join(HERE, "gen_corpus.py"), "--docs", str(args.docs),
           "--stories", str(args.docs), "--out", os.path.join(corpus, "danvan")]
    if hugo:
        gen += ["--hugo", os.path.join(corpus, "hugo")]
    say(f"generating corpus: {args.docs} documents + {args.docs} stories per language")
    subprocess.run(gen, check=True, stdout=sys.stderr)

    load_before = load()
    report = {"docs": args.docs, "runs": args.runs, "load_before": load_before, "tools": {}}

    peers = [("danvan", os.path.join(corpus, "danvan"))]
    if hugo:
        peers.append(("hugo", os.path.join(corpus, "hugo")))
    for name, src in [] if args.no_serve else peers:
        site = fresh_copy(src, os.path.join(args.work, f"served-{name}"))
        port = free_port()
        if name == "danvan":
            argv = [danvan, "serve", "--site", site, "--port", str(port)]
            said = f"http://127.0.0.1:{port}/"
        else:
            argv = [hugo, "server", "--source", site, "--port", str(port), "--bind", "127.0.0.1",
                    "--baseURL", f"http://127.0.0.1:{port}/", "--appendPort=false"]
            said = "Web Server is available"
        cold = None
        if name == "danvan":
            # A site being edited has its share cards and photos cached.
            say("danvan: a first build, filling the caches of share cards and photos")
            scratch = os.path.join(args.work, "scratch-public")
            cold = timed([danvan, "build", "--site", site, "--output", scratch])
            shutil.rmtree(scratch, ignore_errors=True)
        say(f"{name}: serving {src}")
        server = Server(name, argv, site, port, lambda s: s.wait_serving(time.perf_counter() + LIMIT, said))
        try:
            results = measure_serve(server, args.runs)
        finally:
            peak = server.stop()
        report["tools"][name] = {
            "first_build_s": cold, "startup_s": server.startup, "peak_mb": peak, "serve": results,
        }

    if not args.no_build:
        say("danvan: clean builds and second builds with one file changed")
        site = fresh_copy(os.path.join(corpus, "danvan"), os.path.join(args.work, "built-danvan"))
        served_cache = os.path.join(args.work, "served-danvan", ".danvan")
        if os.path.isdir(served_cache) and not args.no_serve:
            shutil.copytree(served_cache, os.path.join(site, ".danvan"))
        times, files = measure_builds(
            danvan, site, os.path.join(args.work, "built-danvan-public"), args.runs
        )
        report["tools"].setdefault("danvan", {})["build"] = times
        report["tools"]["danvan"]["rewritten"] = files
    report["load_after"] = load()

    os.makedirs(os.path.join(args.work, "results"), exist_ok=True)
    out = os.path.join(args.work, "results", f"serve-{args.docs}.json")
    with open(out, "w") as f:
        json.dump(report, f, indent=1)

    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"machine: {os.cpu_count()} cores, {cpu}; load average before: {load_before}; after: {report['load_after']}")
    print(f"{args.docs} documents + {args.docs} stories per language; median (lowest–highest) of {args.runs}; raw figures in {out}")
    print()
    if not args.no_serve:
        names = list(report["tools"])
        print("| from a write to the new page served | " + " | ".join(names) + " |")
        print("|---|" + "---:|" * len(names))
        kinds = list(report["tools"]["danvan"]["serve"]) if "danvan" in report["tools"] else []
        for kind in kinds:
            print(f"| {kind} | " + " | ".join(stats(report["tools"][n]["serve"].get(kind, [])) for n in names) + " |")
        print("| serve start to first page | " + " | ".join(f"{report['tools'][n]['startup_s']:.2f} s" for n in names) + " |")
        print("| serve peak memory | " + " | ".join(
            f"{report['tools'][n]['peak_mb']:.0f} MB" if report["tools"][n]["peak_mb"] else "-" for n in names) + " |")
    if "build" in report["tools"].get("danvan", {}):
        b = report["tools"]["danvan"]["build"]
        rewrote = report["tools"]["danvan"]["rewritten"]
        clean = statistics.median(b["clean build"])
        print()
        print("| danvan build | time | of a clean build | files rewritten |")
        print("|---|---:|---:|---:|")
        cold = report["tools"]["danvan"].get("first_build_s")
        if cold is not None:
            print(f"| first build, empty caches of share cards and photos | {cold:.2f} s | | |")
        for kind, times in b.items():
            share = f"{statistics.median(times) / clean * 100:.0f}%"
            count = f"{statistics.median(rewrote[kind]):.0f}" if kind in rewrote else "all"
            print(f"| {kind} | {stats(times)} | {share} | {count} |")


if __name__ == "__main__":
    main()
