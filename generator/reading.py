"""Reading lists: what each talk cites, per episode and across the site."""

from __future__ import annotations

from .model import Episode
from .render.exports import to_json


def reading_section(episode: Episode) -> str:
    """The episode page's reading-list section (empty when the talk cites nothing)."""
    return ""


def reading_files(episodes: list[Episode]) -> dict[str, str]:
    """The site-wide and per-episode reading-list files."""
    files = {f"episodes/{e.slug}/reading-list.json": to_json({"episode": e.slug, "items": []}) for e in episodes}
    files["reading-list.json"] = to_json({"items": []})
    files["reading-list/index.md"] = '---\ntitle: "Reading list"\ndescription: "Papers, models and tools the talks cite."\n---\n\n# Reading list\n'
    return files
