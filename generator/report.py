"""Reports for people: the repair report, warnings, and the summary ``check`` prints."""

from __future__ import annotations

from collections import Counter

from .model import Episode
from .pipeline import Site
from .render.exports import to_json
from .render.text import md_text, plain


def repair_report(site: Site) -> dict:
    """Per episode: how many fixes of each kind, and every span not recovered for sure."""
    episodes = []
    for episode in site.episodes:
        counts = Counter(f"{fix.step} ({fix.status})" for _, fix in episode.fixes)
        doubtful = [
            {
                "where": str(origin),
                "step": fix.step,
                "status": fix.status,
                "before": plain(fix.before),
                "after": plain(fix.after),
                "candidates": [plain(c) for c in fix.candidates],
                "context": plain(fix.context),
            }
            for origin, fix in episode.fixes
            if fix.status != "fixed"
        ]
        episodes.append({"slug": episode.slug, "title": plain(episode.title), "fixes": dict(sorted(counts.items())), "doubtful": doubtful})
    return {"episodes": episodes, "totals": dict(sorted(_totals(site.episodes).items()))}


def _totals(episodes: list[Episode]) -> Counter:
    return Counter(fix.status for e in episodes for _, fix in e.fixes)


def repair_report_json(report: dict) -> str:
    return to_json(report)


def repair_report_page(report: dict) -> str:
    """A maintainers' page listing the repairs and every doubtful span."""
    totals = report["totals"]
    lines = [
        "---",
        'title: "Repair report"',
        'description: "What the text repair changed in each episode, and every span it could not recover for sure."',
        "---",
        "",
        "# Repair report",
        "",
        "The scraped text was damaged (mojibake with lost bytes, math-rendered dollar amounts). "
        "This page lists, per episode, what the repair stage changed, and every span where the "
        "bytes allowed more than one reading (*ambiguous*) or none could be chosen (*unrecoverable*, "
        "shown on the page as ◌). The same data is in [repair-report.json](repair-report.json).",
        "",
        f"Totals: {totals.get('fixed', 0)} fixed, {totals.get('ambiguous', 0)} ambiguous, "
        f"{totals.get('unrecoverable', 0)} unrecoverable.",
        "",
    ]
    for episode in report["episodes"]:
        if not episode["fixes"]:
            continue
        lines += [f"## {md_text(episode['title'])}", ""]
        lines += [f"- {md_text(kind)}: {count}" for kind, count in episode["fixes"].items()]
        lines.append("")
        for item in episode["doubtful"]:
            options = ", ".join(item["candidates"][:8]) or "none"
            lines.append(
                f"- **{item['status']}** at `{item['where']}`: {md_text(item['context'])} "
                f"(chose {md_text(item['after'] or 'nothing')}; could be {md_text(options)})"
            )
        lines.append("")
    return "\n".join(lines)


def summary_lines(site: Site) -> list[str]:
    """The summary ``check`` and ``build`` print."""
    out = []
    for report in site.inputs:
        out.append(f"{report.path}: {report.lines} lines, {report.episodes} episodes, {len(report.chrome)} chrome lines")
    episodes = site.episodes
    out.append(
        f"{len(episodes)} episodes: {sum(1 for e in episodes if e.has_transcript)} with transcripts, "
        f"{sum(len(e.chapters) for e in episodes)} chapters, {sum(len(e.segments) for e in episodes)} segments"
    )
    totals = _totals(episodes)
    out.append(
        f"repairs: {totals.get('fixed', 0)} fixed, {totals.get('ambiguous', 0)} ambiguous, "
        f"{totals.get('unrecoverable', 0)} unrecoverable"
    )
    changes = Counter(site.changes.values())
    if len(site.inputs) > 1:
        out.append(", ".join(f"{count} {kind}" for kind, count in sorted(changes.items())))
    return out
