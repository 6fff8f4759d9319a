"""Every spoken line has a cue of positive length, in reading order; lines that are not speech are asides.

Unit cases are written from the rule (share of words between timed neighbours);
the bundled site is checked as a whole, through its exports and pages.
"""

from __future__ import annotations

import json

from generator.model import Origin, Segment
from generator.parse.timing import asides, cues

O = Origin("f", 1)


def seg(start: int, text: str, speaker: str | None = "Swyx", timed: bool = True) -> Segment:
    return Segment(start, text, O, speaker=speaker, timed=timed)


def test_untimed_turns_share_the_time_to_the_next_timed_turn_by_words():
    # 10 s between the timed turns at 100 and 110; three turns of 1, 3 and 6 words.
    segments = [seg(100, "Yes."), seg(100, "I think so.", "Eric", timed=False), seg(100, "a b c d e f", timed=False), seg(110, "Next.")]
    assert cues(segments, [True] * 4)[:3] == [(100.0, 101.0), (101.0, 104.0), (104.0, 110.0)]


def test_turns_named_at_the_same_second_do_not_overlap():
    segments = [seg(5, "one two"), seg(5, "three four"), seg(5, "five six", timed=False), seg(8, "seven")]
    found = cues(segments, [True] * 4)
    assert found[0] == (5.0, 6.0) and found[1] == (6.0, 7.0) and found[2] == (7.0, 8.0)


def test_a_timestamp_going_back_in_time_keeps_reading_order():
    found = cues([seg(50, "a"), seg(40, "b"), seg(60, "c")], [True] * 3)
    starts = [c[0] for c in found]
    assert starts == sorted(starts) and all(end > start for start, end in found)
    assert all(a[1] <= b[0] for a, b in zip(found, found[1:]))


def test_the_last_turn_lasts_as_long_as_its_words_take():
    assert cues([seg(0, "a " * 25)], [True]) == [(0.0, 10.0)]
    assert cues([seg(0, "")], [True]) == [(0.0, 1.0)], "at least a second"


def test_lines_naming_nobody_are_asides_only_where_others_name_a_speaker():
    labelled = [seg(0, "Session3Audio", None, timed=False), seg(0, "\ue000", None), seg(0, "Welcome."), seg(9, "A long note.", None, timed=False)]
    assert asides(labelled) == [True, True, False, True]
    assert asides([seg(0, "Welcome.", None), seg(4, "Thanks.", None)]) == [False, False], "an unlabelled transcript is all speech"


def test_asides_get_no_cue_and_do_not_take_time_from_speech():
    segments = [seg(0, "Intro title", None, timed=False), seg(0, "Hello there."), seg(6, "Hi.")]
    found = cues(segments, [not a for a in asides(segments)])
    assert found[0] is None and found[1] == (0.0, 6.0)


def _cues_of(config, slug: str) -> list[dict]:
    return json.loads((config.site_dir / "episodes" / slug / "transcript.json").read_text(encoding="utf-8"))["segments"]


def test_the_bundled_transcripts_have_no_empty_or_overlapping_cue(bundled):
    config, site = bundled
    checked = 0
    catalog = {e["slug"]: e for e in json.loads((config.site_dir / "episodes.json").read_text(encoding="utf-8"))}
    for episode in (e for e in site.episodes if e.segments):
        data = _cues_of(config, episode.slug)
        assert all(c["endTime"] > c["startTime"] for c in data), episode.slug
        assert all(a["endTime"] <= b["startTime"] for a, b in zip(data, data[1:])), episode.slug
        assert catalog[episode.slug]["duration_seconds"] >= data[-1]["endTime"], "the duration covers every segment"
        checked += len(data)
    untimed = sum(1 for e in site.episodes for s in e.segments if not s.timed and not s.aside)
    same_second = sum(1 for e in site.episodes for a, b in zip(e.segments, e.segments[1:]) if a.start == b.start)
    assert checked > 3000 and untimed > 20 and same_second > 100, "the bundled input must exercise untimed and same-second turns"


def test_the_bundled_strays_are_asides_on_the_page_and_not_cues(bundled):
    from bs4 import BeautifulSoup

    config, site = bundled
    found = [(e, s) for e in site.episodes for s in e.segments if s.aside]
    assert len(found) >= 4
    for episode, segment in found:
        page = BeautifulSoup((config.site_dir / "episodes" / episode.slug / "index.html").read_text(encoding="utf-8"), "html.parser")
        aside = page.find(id=segment.anchor)
        assert aside.name == "aside" and "Transcript note" in aside.get_text(), segment.anchor
        vtt = (config.site_dir / "episodes" / episode.slug / "transcript.vtt").read_text(encoding="utf-8")
        if segment.text.strip() and segment.text != "\ue000":
            assert segment.text[:40] not in vtt, "a line that is not speech is no cue"


def test_every_segment_on_the_page_says_when_it_ends(bundled):
    from bs4 import BeautifulSoup

    config, site = bundled
    episode = max((e for e in site.episodes if e.segments), key=lambda e: len(e.segments))
    page = BeautifulSoup((config.site_dir / "episodes" / episode.slug / "index.html").read_text(encoding="utf-8"), "html.parser")
    spoken = [s for s in episode.segments if not s.aside]
    assert [float(el["data-end"]) for el in page.select("div.seg")] == [s.cue_end for s in spoken]
    assert all(s.cue_end > s.cue_start for s in spoken)


def test_a_line_naming_nobody_with_a_time_and_words_is_speech_going_on():
    # dev corpus, cursor-third-era: the publisher names the speaker only when it changes.
    segments = [seg(60, "I'd be so bad.", "Jonas"), seg(60, "Like you obviously you need to run the code.", None), seg(120, "Okay.")]
    assert asides(segments) == [False, False, False]


def test_talk_time_comes_from_the_cues_and_a_line_going_on_counts_for_its_speaker():
    from generator.parse import speakers_of

    # Times rounded to the minute: by the end of each turn the minute is shared by words, not lost.
    segments = [seg(0, "one two three four", "Ann"), seg(0, "five six seven eight", None), seg(0, "nine ten", "Bob"), seg(60, "Yes.", "Ann")]
    found = cues(segments, [True] * 4)
    timed = [Segment(s.start, s.text, O, s.speaker, s.timed, cue_start=c[0], cue_end=c[1]) for s, c in zip(segments, found)]
    speakers = {s.name: (s.seconds, s.segments) for s in speakers_of(tuple(timed))}
    assert speakers == {"Ann": (49, 2), "Bob": (12, 1)}  # 8 of 10 words of the first minute, plus one second
