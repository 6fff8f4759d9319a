"""Audit fixtures: the outside tools (tests/audit/package.json) and the built site served as a host serves it.

The tools come from the registries, pinned in package-lock.json and installed by
``make audit`` (``npm ci --ignore-scripts``); the W3C checker runs on the JRE that the
install step puts on the machine.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.statichost import HostLikeHandler
from tests.conftest import chromium_path
from tests.localserver import serving

AUDIT_DIR = Path(__file__).parent
NODE_MODULES = AUDIT_DIR / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/audit/" in str(item.fspath):
            item.add_marker(pytest.mark.audit)


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path.relative_to(AUDIT_DIR)} is missing: run `make audit` (it runs `npm ci` in tests/audit/)")
    return path


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    if not shutil.which("java"):
        pytest.fail("the W3C checker needs Java: `apt-get install default-jre-headless` (make audit does this as root)")
    return _require(VNU_JAR)


@pytest.fixture(scope="session")
def axe_js() -> Path:
    return _require(AXE_JS)


@pytest.fixture(scope="session")
def lighthouse_cli() -> Path:
    if not shutil.which("node"):
        pytest.fail("Lighthouse needs Node.js 18.16 or later")
    return _require(LIGHTHOUSE_CLI)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if not path:
        pytest.fail("Chromium is not installed: `apt-get install chromium`")
    return path


@pytest.fixture(scope="session")
def origin(site_dir):
    """The built site at http://127.0.0.1:PORT/ for the whole session."""
    with serving(site_dir, HostLikeHandler) as base:
        yield base


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def largest_talk(bundled_site):
    """The talk with the most transcript segments: the heaviest page a phone opens."""
    return max(bundled_site.episodes, key=lambda e: (len(e.segments), len(e.chapters)))


def run_json(command: list[str], **kwargs) -> dict:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"{command[0]} failed ({done.returncode}): {done.stderr[-2000:]}") from None
