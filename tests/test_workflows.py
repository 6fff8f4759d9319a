"""The GitHub Actions workflow: valid YAML, the triggers, the jobs and steps the site needs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.config import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
SITE = WORKFLOWS / "site.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(SITE.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as True.
    return workflow.get("on", workflow.get(True))


def steps(job: dict) -> list[dict]:
    return job["steps"]


def step_running(job: dict, command: str) -> dict:
    return next(step for step in steps(job) if command in step.get("run", ""))


def step_using(job: dict, action: str) -> dict:
    return next(step for step in steps(job) if step.get("uses", "").startswith(action + "@"))


def test_every_workflow_file_is_valid_yaml_with_jobs():
    files = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
    assert SITE in files
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict) and data.get("jobs"), path
        assert triggers(data), path


def test_it_runs_on_changes_on_a_schedule_and_by_hand(workflow):
    on = triggers(workflow)
    for event in ("push", "pull_request"):
        paths = on[event]["paths"]
        for needed in ("input/**", "generator/**", "docs/**", "tests/**", "mkdocs.yml", "requirements.txt"):
            assert needed in paths, (event, needed)
    assert on["push"]["branches"] == ["main"]
    (schedule,) = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    # Daily: new episodes of the feeds are published within a day, and the weekly-or-better
    # fresh-runner check comes with it.
    assert weekday == day == month == "*"
    assert "workflow_dispatch" in on
    header = SITE.read_text(encoding="utf-8").split("\nname:")[0]
    assert f"every day at {int(hour):02d}:{int(minute):02d} UTC" in header, "the comment documents the schedule"


def test_the_build_job_installs_python_chromium_and_caches_pip(workflow):
    build = workflow["jobs"]["build"]
    install = step_running(build, "apt-get install")["run"]
    for package in ("python3", "python3-venv", "chromium"):
        assert f" {package}" in install
    assert "Python 3\\.11\\." in install
    cache = step_using(build, "actions/cache")["with"]
    assert cache["path"] == "~/.cache/pip" and "requirements.txt" in cache["key"]
    order = [step.get("run", step.get("uses", "")) for step in steps(build)]
    assert order.index("make test") < order.index("make site")


def test_pull_requests_get_the_site_and_main_is_deployed(workflow):
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    artifact = next(
        step for step in steps(build) if step.get("uses", "").startswith("actions/upload-artifact@") and step["with"]["name"] == "site"
    )
    assert artifact["if"] == "github.event_name == 'pull_request'"
    assert artifact["with"]["path"] == "site/"
    pages = step_using(build, "actions/upload-pages-artifact")
    assert "refs/heads/main" in pages["if"] and "pull_request" in pages["if"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert step_using(deploy, "actions/deploy-pages")["id"] == "deployment"
    assert workflow["permissions"] == {"contents": "read"}, "only the deploy job may write"


def test_the_schedule_fetches_feeds_commits_to_main_then_tests_builds_and_deploys(workflow):
    jobs = workflow["jobs"]
    update, build, deploy = jobs["update"], jobs["build"], jobs["deploy"]
    # Only scheduled and hand-started runs fetch; pushes and pull requests build what is stored.
    assert "schedule" in update["if"] and "workflow_dispatch" in update["if"] and "pull_request" not in update["if"]
    assert update["permissions"] == {"contents": "write"}
    assert update["concurrency"]["cancel-in-progress"] is False
    assert step_using(update, "actions/checkout")["with"]["ref"] == "main"
    fetch = step_running(update, "make update")
    assert "status=" in fetch["run"] and "set +e" in fetch["run"], "a failed feed must not stop the commit of the others"
    commit = step_running(update, "git push")
    assert "git add input/" in commit["run"] and "HEAD:main" in commit["run"] and "git diff --cached --quiet" in commit["run"]
    assert "sha=" in commit["run"] and update["outputs"]["sha"] == "${{ steps.commit.outputs.sha }}"
    failing = step_running(update, "exit 1")
    assert failing["if"] == "steps.fetch.outputs.status != '0'" and "::error" in failing["run"]
    order = [step.get("name", step.get("uses", "")) for step in steps(update)]
    assert order.index(fetch["name"]) < order.index(commit["name"]) < order.index(failing["name"])
    # The same run tests, builds and deploys the pushed commit (a GITHUB_TOKEN push starts no run),
    # also after a failed feed; a failed test or build deploys nothing.
    assert build["needs"] == "update" and build["if"] == "${{ !cancelled() }}"
    assert step_using(build, "actions/checkout")["with"]["ref"] == "${{ needs.update.outputs.sha }}"
    assert "needs.build.result == 'success'" in deploy["if"] and "!cancelled()" in deploy["if"]


def test_make_update_runs_the_update_command():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\nupdate: $(STAMP)\n\t$(BIN)/python -m generator update\n" in makefile


@pytest.mark.skipif(not shutil.which("actionlint"), reason="actionlint is not installed (CI's lint job runs it)")
def test_actionlint_finds_nothing():
    result = subprocess.run(["actionlint", "-no-color", str(SITE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
