"""The command line: build, check, add, update, bench.

Exit codes (the rule every command follows):

* 0 — done; warnings, if any, were printed (bad timestamps, a truncated file,
  an episode without metadata, a duplicate episode);
* 1 — nothing was built or added: an input cannot be read as text (empty,
  binary), yields no episode, the metadata file is invalid, or MkDocs failed;
* 2 — the command line itself is wrong.

Every message names the file, and where it can, the episode and the line.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .config import Config
from .errors import ConfigError, GeneratorError, InputError

MAX_WARNINGS_SHOWN = 50


def _config(args: argparse.Namespace) -> Config:
    config = Config()
    changes = {}
    if getattr(args, "input", None):
        changes["inputs"] = tuple(Path(p) for p in args.input)
    if getattr(args, "out", None):
        changes["site_dir"] = Path(args.out)
    if getattr(args, "metadata", None):
        changes["metadata"] = Path(args.metadata)
    if getattr(args, "generated", None):
        changes["generated_dir"] = Path(args.generated)
    if getattr(args, "no_search", False):
        changes["search_index"] = False
    if getattr(args, "profile", None):
        from .profiles import load_profile

        changes["profile"] = load_profile(args.profile)
    if getattr(args, "engine", None):
        changes["engine"] = args.engine
    from dataclasses import replace

    return replace(config, **changes)


BAR_WIDTH = 30


class Progress:
    """Print one line per stage: a bar on a terminal, plain lines elsewhere (CI logs)."""

    def __init__(self, stream=sys.stderr, quiet: bool = False, tty: bool | None = None):
        self.stream = stream
        self.quiet = quiet
        self.tty = stream.isatty() if tty is None else tty
        self.started = time.perf_counter()

    def pages(self, done: int, total: int) -> None:
        """Draw a bar of the pages MkDocs has written, on a terminal only (nothing per page in logs)."""
        if self.quiet or not self.tty or not total:
            return
        done = min(done, total)
        filled = BAR_WIDTH * done // total
        self.stream.write(f"\r\033[K  mkdocs         [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} pages")
        if done == total:
            self.stream.write("\r\033[K")
        self.stream.flush()

    def stage(self, name: str, seconds: float) -> None:
        if self.quiet:
            return
        if self.tty:
            self.stream.write(f"\r\033[K  {name:<14} {seconds:7.2f} s\n")
        else:
            self.stream.write(f"  {name:<14} {seconds:7.2f} s\n")
        self.stream.flush()


def _print_findings(site, stream) -> None:
    from .report import summary_lines

    for line in summary_lines(site):
        print(line, file=stream)
    for warning in site.warnings[:MAX_WARNINGS_SHOWN]:
        print(f"warning: {warning}", file=stream)
    if len(site.warnings) > MAX_WARNINGS_SHOWN:
        print(f"… and {len(site.warnings) - MAX_WARNINGS_SHOWN} more warnings", file=stream)
    for error in site.errors:
        print(f"error: {error}", file=stream)


def _fatal(site) -> str | None:
    """Return why nothing can be built from these inputs, or None."""
    if site.errors:
        return f"{len(site.errors)} input file(s) cannot be used"
    empty = [r.path for r in site.inputs if r.episodes == 0]
    if empty:
        return f"no episode found in {', '.join(empty)}"
    if not site.episodes:
        return "no episodes"
    return None


def cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import load_site

    config = _config(args)
    site = load_site(config)
    _print_findings(site, sys.stdout)
    reason = _fatal(site)
    if reason:
        print(f"check failed: {reason}", file=sys.stdout)
        return 1
    print("check passed" + (f" with {len(site.warnings)} warnings" if site.warnings else ""))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import EarlySearch, build_site
    from .pipeline import load_site

    config = _config(args)
    progress = Progress(quiet=args.quiet)
    started = time.perf_counter()
    early = EarlySearch(config)
    site = load_site(config, progress.stage, identified=early)
    _print_findings(site, sys.stderr)
    reason = _fatal(site)
    if reason:
        early.cancel()
        print(f"build failed, nothing written: {reason}", file=sys.stderr)
        return 1
    timings = dict(site.timings)
    stats = build_site(site, config, timings, progress.pages, search=early.search)
    for stage in ("render", "write", "mkdocs", "search index"):
        if stage in timings:
            progress.stage(stage, timings[stage])
    total = time.perf_counter() - started
    print(
        f"built {len(site.episodes)} episodes into {config.site_dir} in {total:.1f} s "
        f"({len(stats.written)} generated files written, {stats.unchanged} unchanged, {len(stats.removed)} removed)",
        file=sys.stderr,
    )
    return 0


def _lazy(module: str, name: str):
    """Import a command's module only when it runs, so --help stays fast."""

    def run(args: argparse.Namespace) -> int:
        import importlib

        return getattr(importlib.import_module(module), name)(args)

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Turn scraped podcast and talk pages into a static site of readable talks.",
        epilog="Exit codes: 0 done (warnings printed), 1 nothing built, 2 bad command line.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def inputs(p: argparse.ArgumentParser) -> None:
        p.add_argument("--input", action="append", metavar="PATH", help="input file or folder (repeatable; default: input/)")
        p.add_argument("--metadata", metavar="FILE", help="episode metadata file (default: input/episodes.yml)")
        p.add_argument("--profile", metavar="NAME", help="source profile: a name in generator/profiles/ or a YAML file (default: latent-space-app)")

    build = sub.add_parser("build", help="generate the pages and build the site", description="Generate Markdown from the inputs, then build the HTML site with MkDocs and index it with Pagefind.")
    inputs(build)
    build.add_argument("--out", metavar="DIR", help="site output folder (default: site/)")
    build.add_argument("--generated", metavar="DIR", help="folder for the generated site source, a complete MkDocs project (default: build/generated)")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    build.add_argument("--engine", choices=("mkdocs", "zensical"), help="what builds the site source (default: mkdocs)")
    build.add_argument("--quiet", action="store_true", help="print only warnings and the final line")
    build.set_defaults(func=cmd_build)

    add = sub.add_parser("add", help="validate a new input and copy it into the input folder", description="Validate a new scrape or saved page, copy it into the input folder under a dated name, and print what it adds and changes. Refuses, writing nothing, when it fails validation.")
    add.add_argument("path", metavar="PATH", help="the new dump (.txt) or saved page (.html)")
    add.add_argument("--input-dir", metavar="DIR", help="the input folder (default: input/)")
    add.add_argument("--metadata", metavar="FILE", help="episode metadata file (default: input/episodes.yml)")
    add.set_defaults(func=_lazy("generator.add", "cmd_add"))

    update = sub.add_parser("update", help="fetch the podcast feeds of input/sources.yml and store new episodes", description="Fetch every feed listed in input/sources.yml (and the transcripts, chapters or post pages its items reference), store them under input/feeds/, and freeze the URLs of new episodes in the metadata file. Builds read only what is stored. Exits 1 when any feed failed, naming the URL and the reason.")
    update.add_argument("--feed", action="append", metavar="URL", help="add this feed to the sources file first (repeatable)")
    update.add_argument("--name", metavar="NAME", help="the added feed's folder name (default: from its title)")
    update.add_argument("--transcripts", choices=("feed", "post-page", "none"), default="feed", help="where the added feed's transcripts are: its podcast:transcript tags (feed, the default), each item's post page (post-page, as on Substack), or none")
    update.add_argument("--sources", metavar="FILE", help="the sources file (default: input/sources.yml)")
    update.add_argument("--metadata", metavar="FILE", help="episode metadata file (default: input/episodes.yml)")
    update.set_defaults(func=_lazy("generator.update", "cmd_update"))

    bench = sub.add_parser("bench", help="measure builds of 20, 200 and 1,000 talks", description="Synthesize archives of 20, 200 and 1,000 talks from the bundled input, build each, and print time, memory and bytes per stage.")
    bench.add_argument("--sizes", default="20,200,1000", help="comma-separated archive sizes (default: 20,200,1000)")
    bench.add_argument("--json", metavar="FILE", default="build/bench.json", help="where to write the results (default: build/bench.json)")
    bench.set_defaults(func=_lazy("generator.bench", "cmd_bench"))

    check = sub.add_parser("check", help="parse and report; write nothing", description="Read, repair and parse the inputs and print what was found; write nothing. Exits 1 when nothing could be built.")
    inputs(check)
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    except (InputError, GeneratorError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
