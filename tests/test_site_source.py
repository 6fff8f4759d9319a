"""The site source: one plain MkDocs project that a bare ``mkdocs build`` builds into the same site.

* The generated project uses only what Zensical documents as supported
  (``tests/data/zensical-supported.yml``, with its sources), no hooks, no Python tags.
* A bare ``mkdocs build`` of the project, with nothing from the generator on the
  path and no environment set, builds the site our command builds.
* Every URL and every id of the site the code before the plain site source built
  (commit ``REFERENCE``, checked out from git into a temporary folder and built
  there) is still in the site: shared links keep working. When the plain site
  source landed (commit 4a670d5, branch ``plainsource``) this test also held every
  page's text equal to the reference's, normalising only what was meant to change
  (see ``_normalise``); features merged since (the player, asides, reading lists
  found from the notes' shapes) change the text on purpose, so the lasting check
  is the one readers' links depend on.
"""

from __future__ import annotations

import json

import os
import re
import subprocess
import sys
import tarfile
import io
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.config import ROOT

SUPPORTED = yaml.safe_load((Path(__file__).parent / "data" / "zensical-supported.yml").read_text(encoding="utf-8"))
#: The last commit before the site source became a plain MkDocs project.
REFERENCE = "b1b1c2a"
#: Durations as the pages write them ("1 h 8 min", "59 min").
_DURATION = re.compile(r"\b(?:\d+ h )?\d+ min\b")


class _Loader(yaml.SafeLoader):
    """Plain YAML, with ``!!python/name:x`` read as the name ``python:x`` (nothing imported)."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: f"python:{suffix}")


def _project(bundled) -> dict:
    config, _ = bundled
    return yaml.load((config.generated_dir / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def test_the_project_uses_only_what_zensical_supports(bundled):
    project = _project(bundled)
    assert not set(project) & set(SUPPORTED["unsupported_settings"]), "hooks and remote settings are not supported"
    for plugin in project.get("plugins", []):
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        assert name in SUPPORTED["plugins"], name
    for extension in project["markdown_extensions"]:
        name, options = (extension, {}) if isinstance(extension, str) else next(iter(extension.items()))
        assert name in SUPPORTED["markdown_extensions"], f"{name} is not documented as supported by Zensical"
        allowed = SUPPORTED["markdown_extensions"][name]
        if allowed != "any":
            assert set(options or {}) <= set(allowed), (name, options)


def test_the_project_is_complete_and_plain(bundled):
    config, _ = bundled
    source = config.generated_dir
    project = _project(bundled)
    assert project["docs_dir"] == "docs" and (source / "docs" / "index.md").is_file()
    assert (source / project["theme"]["custom_dir"] / "main.html").is_file()
    for page in ("about.md", "tags.md", "speakers/index.md", "reading-list/index.md"):
        assert (source / "docs" / page).is_file(), page
    assert (source / project["site_dir"]).resolve() == config.site_dir.resolve()
    # The only Python the project names is the transcript fence's formatter, which returns its input.
    text = (source / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.findall(r"!!python/\S+", text) == ["!!python/name:generator.render.fence.raw_html"]


def test_the_generator_reads_no_environment_switches():
    """Components talk through arguments: the only variable the build hands on is MkDocs' reproducible date."""
    found = []
    for path in (ROOT / "generator").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "environ" in line:
                found.append((path.name, number, line.strip()))
    assert all("SOURCE_DATE_EPOCH" in line for _, _, line in found if "os.environ" in line), found


def _pages(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")}


def _normalise(page: Path) -> tuple[list[str], str]:
    """A page's ids and its text, without what was meant to change.

    * elements the old pages carried hidden (``[hidden]``: Material's tag chips,
      never shown; the tags page lists them);
    * the label of a line that is not speech (new: "Transcript note");
    * code blocks of hand-written pages: highlighted now, so each token is a span;
    * durations: an episode now lasts until its last words end, not until its
      last timestamp (issue 16), so "48 min" may read "49 min", and the end of
      the chapter timeline's scale "48:24" may read "48:40".
    """
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for element in soup.select("[hidden], .aside-label, .tl-scale > span:last-child"):
        element.decompose()
    ids = sorted(element["id"] for element in soup.select("[id]"))
    # Code blocks are highlighted now (SuperFences): their tokens are spans, read as one text.
    for code in soup.select("pre, code"):
        code.replace_with(code.get_text())
    return ids, _DURATION.sub("(duration)", " ".join(soup.get_text(" ").split()))


def _compare(old_site: Path, new_site: Path) -> list[str]:
    old, new = _pages(old_site), _pages(new_site)
    problems = [f"URL gone: {rel}" for rel in sorted(set(old) - set(new))]
    problems += [f"URL added: {rel}" for rel in sorted(set(new) - set(old))]
    for rel in sorted(set(old) & set(new)):
        if not rel.endswith(".html"):
            continue
        (old_ids, old_text), (new_ids, new_text) = _normalise(old[rel]), _normalise(new[rel])
        if old_ids != new_ids:
            problems.append(f"{rel}: ids differ: {sorted(set(old_ids) ^ set(new_ids))[:5]}")
        if old_text != new_text:
            at = next((i for i, (a, b) in enumerate(zip(old_text, new_text)) if a != b), min(len(old_text), len(new_text)))
            problems.append(f"{rel}: text differs at {old_text[max(0, at - 60):at + 60]!r} / {new_text[max(0, at - 60):at + 60]!r}")
    return problems


@pytest.mark.slow
def test_a_bare_mkdocs_build_builds_the_same_site(bundled, tmp_path):
    config, _ = bundled
    env = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "PYTHONPATH")}
    bare = tmp_path / "bare"
    # Run from an empty folder with isolated paths: nothing of the generator is importable.
    result = subprocess.run(
        [sys.executable, "-I", "-m", "mkdocs", "build", "--config-file", str(config.generated_dir / "mkdocs.yml"), "--site-dir", str(bare)],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # pagefind/ is added by our command after MkDocs; sitemap dates are the build's date without SOURCE_DATE_EPOCH.
    problems = [p for p in _compare(config.site_dir, bare) if not p.startswith("URL gone: pagefind")]
    assert not problems, problems[:10]


@pytest.mark.slow
def test_every_url_and_id_of_the_reference_site_is_still_there(bundled, tmp_path):
    config, _ = bundled
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", REFERENCE], capture_output=True)
    if archive.returncode != 0:
        pytest.skip(f"commit {REFERENCE} is not in this clone (a shallow checkout): {archive.stderr.decode()[:200]}")
    reference = tmp_path / "reference"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(reference, filter="data")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    # The reference's own generator (its folder first on the path), the same input and packages.
    built = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--no-search", "--quiet"], cwd=reference, env=env, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr
    old, new = _pages(reference / "site"), _pages(config.site_dir)
    problems = [f"URL gone: {rel}" for rel in sorted(set(old) - set(new))]
    for rel in sorted(rel for rel in set(old) & set(new) if rel.endswith(".html")):
        gone = sorted(set(_normalise(old[rel])[0]) - set(_normalise(new[rel])[0]))
        if gone:
            problems.append(f"{rel}: ids gone: {gone[:5]}")
    assert not problems, problems[:10]


@pytest.mark.slow
def test_zensical_builds_the_same_pages_with_the_same_anchors(bundled, tmp_path):
    """`make site ENGINE=zensical`: the same project, Material's successor as the engine."""
    import importlib.util
    from dataclasses import replace

    from generator.build import build_site

    if importlib.util.find_spec("zensical") is None:
        pytest.skip("zensical is not installed (make site ENGINE=zensical installs requirements-zensical.txt)")
    config, site = bundled
    other = replace(config, site_dir=tmp_path / "site", generated_dir=tmp_path / "build" / "generated", engine="zensical", search_index=False)
    build_site(site, other, {})
    ours = {rel for rel in _pages(config.site_dir) if rel.endswith(".html")}
    theirs = {rel for rel in _pages(other.site_dir) if rel.endswith(".html")}
    assert ours == theirs
    # The site searches with Pagefind: Zensical's own index is off (it refuses 1,000 talks),
    # and Zensical then writes it with no items.
    index = other.site_dir / "search.json"
    assert not index.exists() or json.loads(index.read_text(encoding="utf-8"))["items"] == []
    for episode in site.episodes:
        rel = f"episodes/{episode.slug}/index.html"
        # Theme chrome differs (Zensical's own skip link and table-of-contents ids); the content's ids do not.
        ids = [set(_normalise(root / rel)[0]) - {"__skip", "__toc"} for root in (config.site_dir, other.site_dir)]
        assert ids[0] == ids[1], episode.slug
