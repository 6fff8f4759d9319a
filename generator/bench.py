"""The benchmark behind ``make bench``: build archives of 20, 200 and 1,000 talks and measure them.

Each archive is synthesized from the bundled input: talk ``k`` is a copy of bundled
episode ``k mod 20`` whose notes start with a unique line, with its own metadata
entry (distinct title and slug). Every size is built in a fresh child process so
that time and peak memory are its own. Per stage it reports wall time and the
peak resident memory seen during the stage (sampled), then site bytes, bytes per
talk, and what a browser downloads for one search query (the site served as a static
host serves it, text gzipped). Finally it adds one talk
to the largest archive and rebuilds, counting the generated files rewritten.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from .config import ROOT, Config

BUNDLED = ROOT / "input" / "000_66bcd3adb724be89.txt"
STAGES = ("read", "repair", "parse", "identify", "render", "write", "mkdocs", "search index", "search wait")
SEPARATOR = "Get full access to Latent Space at www.latent.space/subscribe -"
QUERY = "speculative decoding"


class MemorySampler:
    """Sample this process's resident memory in the background; report the peak per stage."""

    def __init__(self, interval: float = 0.01):
        self.interval = interval
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * self.page

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(self.interval)

    def start(self) -> "MemorySampler":
        self.peak = self._rss()
        self._thread.start()
        return self

    def take_peak(self) -> int:
        """Return the peak since the last call and start a new window."""
        peak, self.peak = max(self.peak, self._rss()), self._rss()
        return peak

    def stop(self) -> None:
        self._stop.set()


def synthesize(talks: int, folder: Path) -> tuple[Path, Path]:
    """Write a dump of ``talks`` talks and its metadata file into ``folder``."""
    from .identity import slugify
    from .metadata import load_metadata

    lines = BUNDLED.read_text(encoding="utf-8").split("\n")
    episodes: list[list[str]] = []
    current: list[str] = []
    for line in lines[2:]:
        if line.startswith(SEPARATOR) or line == "-" or line == "Zijn er afleveringen die ontbreken?":
            if current:
                episodes.append(current)
            current = []
        else:
            current.append(line)
    metas = load_metadata(ROOT / "input" / "episodes.yml")
    out: list[str] = ["Afleveringen", "-"]
    meta_lines = ["episodes:"]
    for k in range(talks):
        source = episodes[k % len(episodes)]
        base = metas[k % len(metas)]
        marker = f"Bench talk {k:05d} of the synthetic archive."
        out.append(marker)
        out.extend(source)
        out.append(SEPARATOR)
        title = f"{base.title or 'The State of AI Startups'} (bench {k})"
        meta_lines += [
            f"  - match: {json.dumps(marker)}",
            f"    title: {json.dumps(title)}",
            f"    date: {base.date or ''}".rstrip(),
            f"    slug: {slugify(base.title or 'state of ai startups', 50)}-bench-{k}",
        ]
    dump = folder / "input" / "bench.txt"
    dump.parent.mkdir(parents=True, exist_ok=True)
    dump.write_text("\n".join(out) + "\n", encoding="utf-8")
    metadata = folder / "input" / "episodes.yml"
    metadata.write_text("\n".join(meta_lines) + "\n", encoding="utf-8")
    return dump, metadata


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def search_download_bytes(site: Path, query: str = QUERY) -> dict:
    """Bytes a browser downloads to answer one Pagefind query and show the first page of results.

    Runs the query in headless Chromium against the built site, served as a
    static host serves it (:mod:`generator.statichost`: text types gzipped,
    Pagefind's files as they are), when Chromium is installed. ``bytes`` is
    what came over the wire from ``pagefind/`` (the entry file, the scripts,
    WebAssembly, index chunks, the top 5 fragments); ``body_bytes`` the same
    files once decompressed.
    """
    chromium = shutil.which("chromium")
    if not chromium:
        return {"bytes": None, "note": "chromium not installed"}
    import functools
    import http.server

    from playwright.sync_api import sync_playwright

    from .statichost import HostLikeHandler

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(HostLikeHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    wire: dict[str, int] = {}
    body: dict[str, int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            page = browser.new_page()

            def record(response) -> None:
                if "/pagefind/" in response.url:
                    try:
                        body[response.url] = len(response.body())
                        wire[response.url] = int(response.headers.get("content-length") or body[response.url])
                    except Exception:  # a body that is gone is not a download
                        pass

            page.on("response", record)
            page.goto(base + "/404.html")
            results = page.evaluate(
                """async (q) => {
                    const pf = await import('/pagefind/pagefind.js');
                    await pf.init();
                    const search = await pf.search(q);
                    const top = await Promise.all(search.results.slice(0, 5).map(r => r.data()));
                    return {count: search.results.length, top: top.map(d => d.url)};
                }""",
                query,
            )
            page.wait_for_timeout(200)
            browser.close()
    finally:
        httpd.shutdown()
    return {
        "bytes": sum(wire.values()),
        "body_bytes": sum(body.values()),
        "files": len(wire),
        "results": results["count"],
        "top": results["top"],
    }


def run_one(talks: int, workdir: Path, extra_talk: bool) -> dict:
    """Build one synthesized archive in this process and return its measurements."""
    from .build import EarlySearch, build_site
    from .pipeline import load_site

    dump, metadata = synthesize(talks, workdir)
    config = replace(
        Config(),
        inputs=(dump.parent,),
        metadata=metadata,
        site_dir=workdir / "site",
        generated_dir=workdir / "build" / "generated",
    )
    sampler = MemorySampler().start()
    memory: dict[str, int] = {}

    def progress(stage: str, seconds: float) -> None:
        memory[stage] = max(memory.get(stage, 0), sampler.take_peak())

    started = time.perf_counter()
    early = EarlySearch(config)
    site = load_site(config, progress, identified=early)
    timings = dict(site.timings)
    stats = build_site(site, config, timings, search=early.search)
    total = time.perf_counter() - started
    memory["build"] = sampler.take_peak()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    sampler.stop()
    site_bytes = dir_bytes(config.site_dir)
    alone = _generator_alone(config)
    result = {
        "talks": len(site.episodes),
        "input_bytes": site.input_bytes,
        "total_seconds": round(total, 3),
        "ms_per_talk": round(1000 * total / len(site.episodes), 2),
        "stages": {s: round(timings.get(s, 0.0), 3) for s in STAGES},
        "peak_rss_bytes": {**memory, "search index (child)": children},
        "generator_mb_per_s_in_build": round(
            site.input_bytes / 1e6 / max(sum(timings.get(s, 0) for s in ("read", "repair", "parse", "identify", "render", "write")), 1e-9), 1
        ),
        "generator_alone": alone,
        "generator_mb_per_s": alone["mb_per_s"],
        "site_bytes": site_bytes,
        "bytes_per_talk": site_bytes // len(site.episodes),
        "episode_page_bytes": dir_bytes(config.site_dir / "episodes") // len(site.episodes),
        "search": search_download_bytes(config.site_dir),
        "generated_files_written": len(stats.written),
    }
    if extra_talk:
        result["engines_alone"] = _engines_alone(config, len(site.episodes))
        result["add_one"] = _add_one(config, workdir, total)
    return result


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_child(command: list[str]) -> dict:
    """Run one command to its end with both cores free; its wall and CPU seconds."""
    cpu, started = _child_cpu(), time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return {"seconds": round(time.perf_counter() - started, 3), "cpu_seconds": round(_child_cpu() - cpu, 3)}


def _engines_alone(config: Config, talks: int) -> dict:
    """Time the two engines the build cannot do without, each alone, on the finished site source.

    A bare ``mkdocs build`` of the generated project and Pagefind over the search
    pages: their CPU seconds, shared by every core there is, set a floor under
    the time per talk that no work in the generator can lower.
    """
    generated = config.generated_dir
    with tempfile.TemporaryDirectory(prefix="engines-") as tmp:
        mkdocs = _timed_child(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(generated / "mkdocs.yml"),
             "--site-dir", str(Path(tmp) / "site")]
        )  # fmt: skip
        pagefind = _timed_child(
            [sys.executable, "-m", "pagefind", "--site", str(generated.parent / "search"),
             "--output-path", str(Path(tmp) / "pagefind"), "--force-language", "en", "--silent"]
        )  # fmt: skip
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    floor = (mkdocs["cpu_seconds"] + pagefind["cpu_seconds"]) / cores
    return {"mkdocs": mkdocs, "pagefind": pagefind, "cores": cores, "floor_ms_per_talk": round(1000 * floor / talks, 1)}


def _generator_alone(config: Config) -> dict:
    """Time input-to-Markdown alone, in a warm process, with nothing else competing for the CPU.

    In the full build Pagefind indexes beside the generator and MkDocs, so the
    stage times above include waiting for a core; this is the generator's own
    speed: input to Markdown pages (the budget's measure), then with the exports
    beside the pages (JSON, WebVTT, feed) as well.
    """
    from .build import render_exports, render_pages, shared_parts
    from .pipeline import load_site

    started = time.perf_counter()
    cpu = time.process_time()
    site = load_site(config)
    shared = shared_parts(site, config)
    render_pages(site, shared)
    to_markdown = time.perf_counter() - started
    render_exports(site, shared)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "stages": {k: round(v, 3) for k, v in site.timings.items()},
        "markdown_seconds": round(to_markdown, 3),
        "mb_per_s": round(site.input_bytes / 1e6 / to_markdown, 1),
        "mb_per_s_with_exports": round(site.input_bytes / 1e6 / seconds, 1),
    }


def _add_one(config: Config, workdir: Path, full_seconds: float) -> dict:
    """Add one new talk to the archive, rebuild, and count what was rewritten."""
    from .build import EarlySearch, build_site
    from .pipeline import load_site

    new = workdir / "input" / "zz-new.txt"
    source = BUNDLED.read_text(encoding="utf-8").split("\n")
    body = source[3032:3122]  # the Dropbox episode, with its transcript
    new.write_text("\n".join(["Bench talk NEW: one more talk for the archive.", *body, SEPARATOR]) + "\n", encoding="utf-8")
    with open(config.metadata, "a", encoding="utf-8") as meta:
        meta.write('  - match: "Bench talk NEW:"\n    title: "A brand new talk"\n    date: 2025-01-01\n    slug: a-brand-new-talk\n')
    started = time.perf_counter()
    early = EarlySearch(config)
    site = load_site(config, identified=early)
    timings = dict(site.timings)
    stats = build_site(site, config, timings, search=early.search)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        "ratio_to_full": round(seconds / full_seconds, 3),
        "stages": {s: round(timings.get(s, 0.0), 3) for s in STAGES},
        "generated_files_written": sorted(stats.written),
    }


def cmd_bench(args: argparse.Namespace) -> int:
    """Run every size in a child process and print the table."""
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = []
    for number, size in enumerate(sizes):
        with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as tmp:
            print(f"building an archive of {size} talks …", file=sys.stderr, flush=True)
            command = [sys.executable, "-m", "generator.bench", str(size), tmp]
            if number == len(sizes) - 1:
                command.append("--add-one")
            child = subprocess.run(command, capture_output=True, text=True)
            if child.returncode != 0:
                print(child.stderr, file=sys.stderr)
                return 1
            results.append(json.loads(child.stdout))
    report = {"machine": machine(), "results": results, "budgets": budgets(results)}
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(table(report))
    print(f"\nresults written to {path}")
    return 0


def machine() -> dict:
    import platform

    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def budgets(results: list[dict]) -> dict:
    """Check the performance budgets against the smallest and largest archives."""
    small, large = results[0], results[-1]
    out = {
        "ms_per_talk_at_largest <= 20": (large["ms_per_talk"], large["ms_per_talk"] <= 20),
        "bytes_per_talk ratio largest/smallest <= 1.3": (
            round(large["bytes_per_talk"] / small["bytes_per_talk"], 3),
            large["bytes_per_talk"] / small["bytes_per_talk"] <= 1.3,
        ),
        "generator (input to Markdown) MB/s >= 10": (large["generator_mb_per_s"], large["generator_mb_per_s"] >= 10),
    }
    searched = [r["search"]["bytes"] for r in results if r["search"].get("bytes") is not None]
    if searched:  # the budget holds at every archive size, not only the largest; bytes over the wire
        out["first search query bytes <= 300 KB (downloaded, largest of every size)"] = (max(searched), max(searched) <= 300_000)
    if "add_one" in large:
        add = large["add_one"]
        out["rebuild after adding one talk <= 0.5 x full"] = (add["ratio_to_full"], add["ratio_to_full"] <= 0.5)
    return {name: {"value": value, "met": met} for name, (value, met) in out.items()}


def table(report: dict) -> str:
    rows = ["| talks | total s | ms/talk | read | repair | parse+identify | render+write | MkDocs | search index (overlapped) | wait for search | peak RSS MB | site MB | KB/talk | search query KB (wire / unzipped) | input to Markdown MB/s | with exports MB/s |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in report["results"]:
        st = r["stages"]
        peak = max(v for k, v in r["peak_rss_bytes"].items() if k != "search index (child)") / 1e6
        search = r["search"].get("bytes")
        query = "n/a" if search is None else f"{search / 1e3:.0f} / {r['search'].get('body_bytes', search) / 1e3:.0f}"
        rows.append(
            f"| {r['talks']} | {r['total_seconds']:.1f} | {r['ms_per_talk']:.1f} | {st['read']:.2f} | {st['repair']:.2f} | "
            f"{st['parse'] + st['identify']:.2f} | {st['render'] + st['write']:.2f} | {st['mkdocs']:.2f} | {st['search index']:.2f} | "
            f"{st['search wait']:.2f} | "
            f"{peak:.0f} | {r['site_bytes'] / 1e6:.1f} | {r['bytes_per_talk'] / 1e3:.0f} | "
            f"{query} | {r['generator_mb_per_s']} | {r['generator_alone'].get('mb_per_s_with_exports', '')} |"
        )
    lines = ["\n".join(rows), "", "Peak resident memory by stage (MB):"]
    for r in report["results"]:
        peaks = ", ".join(f"{stage} {value / 1e6:.0f}" for stage, value in r["peak_rss_bytes"].items())
        lines.append(f"  {r['talks']} talks: {peaks}")
    lines += ["", "Budgets:"]
    for name, check in report["budgets"].items():
        lines.append(f"  {'met ' if check['met'] else 'MISSED'}  {name}: {check['value']}")
    large = report["results"][-1]
    if "add_one" in large:
        add = large["add_one"]
        lines.append(
            f"\nAdding one talk to {large['talks']}: rebuild {add['seconds']:.1f} s ({add['ratio_to_full']:.2f} x full), "
            f"{len(add['generated_files_written'])} generated files rewritten: {', '.join(add['generated_files_written'][:12])}"
        )
    if "engines_alone" in large:
        engines = large["engines_alone"]
        mk, pf = engines["mkdocs"], engines["pagefind"]
        lines.append(
            f"\nThe engines alone at {large['talks']} talks: MkDocs {mk['seconds']:.1f} s ({mk['cpu_seconds']:.1f} CPU-s), "
            f"Pagefind {pf['seconds']:.1f} s ({pf['cpu_seconds']:.1f} CPU-s); on {engines['cores']} cores that is at least "
            f"{engines['floor_ms_per_talk']:.1f} ms per talk before the generator does anything"
        )
    m = report["machine"]
    lines.append(f"\nMachine: {m['cpus']} CPUs, {m['memory_gib']} GiB, Python {m['python']}, {m['platform']}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Child-process entry: ``python -m generator.bench SIZE WORKDIR [--add-one]``."""
    parser = argparse.ArgumentParser(prog="python -m generator.bench")
    parser.add_argument("talks", type=int)
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--add-one", action="store_true")
    args = parser.parse_args(argv)
    print(json.dumps(run_one(args.talks, args.workdir, args.add_one)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
