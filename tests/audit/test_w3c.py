"""The W3C Nu HTML Checker (vnu-jar from npm) over every page of the built site: no errors from our markup.

Errors from the theme that no override can remove are listed, with the upstream reason,
in theme-errors.yml; each listed error must still match both its message and its source.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml

THEME_ERRORS = yaml.safe_load((Path(__file__).parent / "theme-errors.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def checker_errors(vnu_jar, site_dir) -> list[dict]:
    """Every error the checker reports on the site's HTML pages, with the page it is on."""
    done = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--format", "json", "--errors-only", "--skip-non-html", "--stdout", str(site_dir)],
        capture_output=True,
        text=True,
    )
    try:
        messages = json.loads(done.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise AssertionError(f"the W3C checker did not run ({done.returncode}): {done.stderr[-2000:]}") from None
    for message in messages:
        message["page"] = message.get("url", "").split(str(site_dir), 1)[-1]
    return [m for m in messages if m["type"] == "error"]


def from_theme(error: dict) -> bool:
    return any(
        error["message"].startswith(known["message"]) and re.search(known["extract"], error.get("extract", ""))
        for known in THEME_ERRORS
    )


def describe(errors: list[dict]) -> str:
    counts = Counter(e["message"] for e in errors)
    lines = [f"{n} × {message}" for message, n in counts.most_common()]
    lines += [f"  e.g. {e['page']} line {e.get('lastLine')}: {e.get('extract', '').strip()[:160]!r}" for e in errors[:5]]
    return "\n".join(lines)


def test_the_checker_finds_no_error_in_our_markup(checker_errors):
    ours = [e for e in checker_errors if not from_theme(e)]
    assert not ours, f"{len(ours)} W3C checker errors on {len({e['page'] for e in ours})} pages:\n{describe(ours)}"


def test_every_listed_theme_error_still_occurs(checker_errors):
    """An entry of theme-errors.yml that no longer matches anything is stale: remove it and its README line."""
    for known in THEME_ERRORS:
        assert any(
            e["message"].startswith(known["message"]) and re.search(known["extract"], e.get("extract", ""))
            for e in checker_errors
        ), f"theme-errors.yml lists an error the checker no longer reports: {known['message']}"


def test_the_checker_reads_every_page(vnu_jar, tmp_path):
    """The checker is real: a page with a known error is reported."""
    page = tmp_path / "broken.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><p><div>block in a paragraph</div></p>', encoding="utf-8")
    done = subprocess.run(["java", "-jar", str(vnu_jar), "--format", "json", "--stdout", str(page)], capture_output=True, text=True)
    assert any(m["type"] == "error" for m in json.loads(done.stdout)["messages"])
