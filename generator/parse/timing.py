"""When each line of a transcript is heard, and which lines are not speech.

The scrape times most turns (``[00:14:13] Swyx: …``) but not all: an untimed
turn (``Eric: Totally.``) carries only the last time known before it, so it
would start and end with its neighbour. Here every turn gets a cue:

* turns are grouped from one timed turn to the next turn that starts later; a
  group shares the time up to that start, each turn by its share of the
  group's words (at least one word each), so every cue has a positive length,
  cues follow reading order and never overlap;
* a timestamp that goes back in time counts as the time before it;
* the last group lasts as long as its words take to say (``WORDS_PER_SECOND``),
  at least a second.

Anchors are not touched: ids stay the parser's (``t=`` + the second the line
names); only ``cue_start`` and ``cue_end`` are added.

**Not speech.** In a transcript whose turns name their speakers, a line that
names nobody is not a turn of the conversation: a stray label of the recording
(``Session3Audio``), the episode's title repeated, a character lost in the
scrape, an editor's paragraph. It stays where it stands, marked ``aside``; it
gets no cue and is left out of the transcript exports. A transcript that names
no speaker at all is all speech.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Chapter, Episode, Segment
from ..timecode import chapter_id, unique_name
from . import speakers_of

WORDS_PER_SECOND = 2.5
#: Cue times are kept to the millisecond, as WebVTT writes them.
PRECISION = 3


def asides(segments: tuple[Segment, ...] | list[Segment]) -> list[bool]:
    """Tell, for each segment, whether it is not speech: no speaker where others have one.

    >>> from generator.model import Origin
    >>> o = Origin("f", 1)
    >>> asides([Segment(0, "Session3Audio", o), Segment(0, "Hi.", o, speaker="Swyx")])
    [True, False]
    >>> asides([Segment(0, "Hi.", o), Segment(5, "Yes.", o)])
    [False, False]
    >>> asides([Segment(0, "Hi.", o, speaker="Swyx"), Segment(0, "And welcome.", o)])
    [False, False]
    """
    labelled = any(s.speaker for s in segments)
    return [labelled and not s.speaker and not _speech_going_on(s) for s in segments]


def _speech_going_on(seg: Segment) -> bool:
    """Tell whether an unlabelled line is the speaker before it going on: it has its own time and words.

    Publisher transcripts time every line and name the speaker only when it
    changes (``[00:01:00] Like you obviously you need to run the code.``). A
    stray character (``[00:00:00] ⊠``), a stage direction in brackets, a
    label of one word (``Session3Audio``) or a line with no time is no speech.

    >>> from generator.model import Origin
    >>> o = Origin("f", 1)
    >>> [_speech_going_on(Segment(60, t, o)) for t in ("Like you need to run it.", "\ue000", "[music intro]")]
    [True, False, False]
    >>> _speech_going_on(Segment(60, "Session3Audio", o, timed=False))
    False
    """
    text = seg.text.strip()
    bracketed = text[:1] in "[(" and text[-1:] in "])"
    worded = re.search(r"[^\W\d_]{2}", text) is not None and (" " in text or text.endswith((".", "!", "?", "\u2026")))
    return seg.timed and not bracketed and worded


def cues(segments: list[Segment], spoken: list[bool]) -> list[tuple[float, float] | None]:
    """Start and end of every spoken segment, in seconds (None for the rest).

    >>> from generator.model import Origin
    >>> o = Origin("f", 1)
    >>> segs = [Segment(10, "one two three", o), Segment(10, "four", o, timed=False), Segment(20, "five", o)]
    >>> cues(segs, [True, True, True])
    [(10.0, 17.5), (17.5, 20.0), (20.0, 21.0)]
    """
    order = [i for i, keep in enumerate(spoken) if keep]
    result: list[tuple[float, float] | None] = [None] * len(segments)
    # The time each spoken turn may start at: its own (never before the one before), else the last known.
    floor = 0
    starts: list[int] = []
    for i in order:
        seg = segments[i]
        floor = max(floor, seg.start) if seg.timed else floor if starts else seg.start
        starts.append(floor)
    groups: list[list[int]] = []
    for position, i in enumerate(order):
        if groups and starts[position] == starts[groups[-1][0]]:
            groups[-1].append(position)
        else:
            groups.append([position])
    for number, group in enumerate(groups):
        begin = float(starts[group[0]])
        words = [max(1, len(segments[order[p]].text.split())) for p in group]
        if number + 1 < len(groups):
            end = float(starts[groups[number + 1][0]])
        else:
            end = begin + max(1.0, round(sum(words) / WORDS_PER_SECOND))
        total = sum(words)
        done = 0
        previous = begin
        for p, count in zip(group, words):
            done += count
            until = round(begin + (end - begin) * done / total, PRECISION)
            result[order[p]] = (previous, until)
            previous = until
    return result


def with_timing(episode: Episode) -> Episode:
    """The episode with its asides marked and every spoken segment's cue set."""
    if not episode.segments:
        return episode
    marked = asides(episode.segments)
    timed = cues(list(episode.segments), [not aside for aside in marked])
    # Built field by field: ``dataclasses.replace`` on every segment was a tenth of the parse.
    segments = tuple(
        Segment(
            seg.start, seg.text, seg.origin, seg.speaker, seg.timed, seg.end, seg.marks, seg.anchor,
            aside, cue[0] if cue else None, cue[1] if cue else None, seg.label_origin,
        )
        for seg, aside, cue in zip(episode.segments, marked, timed)
    )
    return replace(episode, segments=segments, speakers=tuple(speakers_of(segments)), chapters=chapter_anchors(episode.chapters))


def chapter_anchors(chapters: tuple[Chapter, ...]) -> tuple[Chapter, ...]:
    """Give a chapter that starts in the same second as one before it an id of its own (``chapter-00-02-00-2``).

    The first keeps the id its start names, as every chapter always had.
    """
    taken: set[str] = set()
    return tuple(
        chapter if (anchor := unique_name(chapter_id(chapter.start), taken)) == chapter_id(chapter.start) else replace(chapter, anchor=anchor)
        for chapter in chapters
    )


def timed(episode: Episode) -> Episode:
    """The episode as the pipeline leaves it: timed once; an episode built elsewhere gets timed here."""
    if episode.segments and all(s.cue_start is None for s in episode.segments):
        return with_timing(episode)
    return episode
