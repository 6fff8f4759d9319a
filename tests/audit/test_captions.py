"""Chromium's own WebVTT parser reads every talk's transcript.vtt back through a <track> element.

What a player shows comes from ``TextTrack.cues``: every cue must have a positive length,
no cue may overlap the next, the cues must come out in reading order (the cue ids the export
numbers 1, 2, 3 … down the transcript), and the last one must end within the talk's length
as the catalog (episodes.json) gives it.
"""

from __future__ import annotations

import json
import re

import pytest

READ_TRACK_JS = """
async (src) => {
  const video = document.createElement('video');
  const track = document.createElement('track');
  track.kind = 'captions';
  track.src = src;
  video.append(track);
  document.body.append(video);
  const loaded = new Promise((done, failed) => {
    track.addEventListener('load', done);
    track.addEventListener('error', () => failed(new Error('the track did not load: ' + src)));
  });
  track.track.mode = 'hidden';
  await loaded;
  const cues = Array.from(track.track.cues, (c) => ({id: c.id, start: c.startTime, end: c.endTime}));
  video.remove();
  return cues;
}
"""


def talks_with_captions(site_dir) -> list[dict]:
    catalog = json.loads((site_dir / "episodes.json").read_text(encoding="utf-8"))
    return [t for t in catalog if (site_dir / t["url"] / "transcript.vtt").is_file()]


@pytest.fixture(scope="module")
def tracks(browser, origin, site_dir) -> dict[str, tuple[dict, list[dict], int]]:
    """Per talk: its catalog entry, the cues Chromium read, and the cue count in the file."""
    talks = talks_with_captions(site_dir)
    assert talks, "no talk has a transcript.vtt"
    page = browser.new_page()
    page.goto(origin + "/")
    read = {}
    for talk in talks:
        text = (site_dir / talk["url"] / "transcript.vtt").read_text(encoding="utf-8")
        in_file = len(re.findall(r"^\S+ --> \S+", text, flags=re.MULTILINE))
        read[talk["slug"]] = (talk, page.evaluate(READ_TRACK_JS, f"/{talk['url']}transcript.vtt"), in_file)
    page.close()
    return read


def test_chromium_reads_every_cue(tracks):
    for slug, (_, cues, in_file) in tracks.items():
        assert len(cues) == in_file, f"{slug}: Chromium read {len(cues)} of the {in_file} cues in transcript.vtt"


def test_every_cue_has_a_positive_length(tracks):
    empty = {slug: [c["id"] for c in cues if c["end"] <= c["start"]] for slug, (_, cues, _) in tracks.items()}
    empty = {slug: ids for slug, ids in empty.items() if ids}
    assert not empty, f"{sum(map(len, empty.values()))} cues without positive length: {_sample(empty)}"


def test_no_cue_overlaps_the_next(tracks):
    overlaps = {}
    for slug, (_, cues, _) in tracks.items():
        found = [(a["id"], b["id"]) for a, b in zip(cues, cues[1:]) if a["end"] > b["start"]]
        if found:
            overlaps[slug] = found
    assert not overlaps, f"{sum(map(len, overlaps.values()))} overlapping cues: {_sample(overlaps)}"


def test_cues_come_out_in_reading_order(tracks):
    disorder = {}
    for slug, (_, cues, _) in tracks.items():
        ids = [int(c["id"]) for c in cues]
        if ids != sorted(ids):
            disorder[slug] = [(a, b) for a, b in zip(ids, ids[1:]) if b < a]
    assert not disorder, f"cues out of reading order in {len(disorder)} talks: {_sample(disorder)}"


def test_the_talk_lasts_until_its_last_cue(tracks):
    late = {
        slug: (cues[-1]["end"], talk["duration_seconds"])
        for slug, (talk, cues, _) in tracks.items()
        if cues and talk.get("duration_seconds") is not None and cues[-1]["end"] > talk["duration_seconds"]
    }
    assert not late, f"the last cue ends after the catalog's duration_seconds in {len(late)} talks: {_sample(late)}"


def _sample(found: dict) -> str:
    return "; ".join(f"{slug}: {str(values)[:120]}" for slug, values in list(found.items())[:4])
