"""Every word of the input ends up in exactly one place of exactly one episode.

Each input line is looked up by its origin among what the pipeline produced:
page chrome, a section heading (``Parsed.structure``), a line holding nothing to
show (``Parsed.skipped``), show notes, the chapter list, or the transcript
(segments and in-transcript chapter headings). A line must be claimed by exactly
one of these, inside one episode, and the words and times it holds must all be
found there. Words are compared after repair (repair is checked on its own) and
case-folded (one spelling per speaker); times are compared as seconds.

A line that no place claims is accepted only when it belongs to a second copy
of an episode that was merged with the first (the same episode twice in one
input, or a re-scrape): then a claimed line of the same text stands for it, and
it is counted as merged.

``account(site)`` is shared with the bad-input tests.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pytest

from generator.config import Config
from generator.model import LOST, Line, Origin
from generator.parse import Parsed
from generator.pipeline import Site, load_site
from generator.timecode import parse_time

#: Time-like tokens, well formed or not; compared as seconds, never as words.
_TIME_LIKE = re.compile(r"\d{1,3}(?::\d{1,3}){1,2}")
_TIME = re.compile(r"(?<![\d:])(?:\d{1,3}:)?\d{1,2}:\d{2}(?!\d|:\d)")


def words(text: str) -> Counter[str]:
    """Count the words of a text, leaving times out."""
    return Counter(re.findall(r"\w+", _TIME_LIKE.sub(" ", text.replace(LOST, " ")).casefold()))


def times(text: str) -> Counter[int]:
    """Count the well-formed times written in a text, as seconds."""
    found = (parse_time(match.group(0)) for match in _TIME.finditer(text))
    return Counter(seconds for seconds in found if seconds is not None)


@dataclass
class Claims:
    """What the pipeline produced for one input line."""

    places: set[str] = field(default_factory=set)
    episodes: set[Origin] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)
    times: Counter[int] = field(default_factory=Counter)


@dataclass
class Account:
    """Every line that was not accounted for, and why."""

    lines: int = 0
    words: int = 0
    merged: int = 0
    problems: list[str] = field(default_factory=list)


def _claims(parsed_list: list[Parsed], episodes: list, chrome: list[Origin]) -> tuple[dict[Origin, Claims], dict[Origin, Line]]:
    """Gather what claims each line; ``episodes`` are Episodes, or the Parsed themselves before identity."""
    claims: dict[Origin, Claims] = defaultdict(Claims)
    lines: dict[Origin, Line] = {}

    def claim(origin: Origin, place: str, episode: Origin, text: str = "", seconds: tuple[int, ...] = ()) -> None:
        entry = claims[origin]
        entry.places.add(place)
        entry.episodes.add(episode)
        entry.texts.append(text)
        entry.times.update(seconds)

    for origin in chrome:
        claim(origin, "chrome", Origin(origin.path, 0))
    for parsed in parsed_list:
        for line in parsed.raw.lines:
            lines[line.origin] = line
        for origin in parsed.structure:
            claim(origin, "structure", parsed.origin)
        for line in parsed.skipped:
            claim(line.origin, "skipped", parsed.origin)
        for heading in parsed.headings:
            claim(heading.origin, "transcript", parsed.origin, heading.title, (heading.start,) if heading.timed else ())
    for episode in episodes:
        for block in episode.notes:
            claim(block.origin, "notes", episode.origin, " ".join(filter(None, [block.text, block.url])))
        for chapter in episode.chapters:
            if chapter.source == "list":
                claim(chapter.origin, "chapters", episode.origin, chapter.title, (chapter.start,))
        for seg in episode.segments:
            own = (seg.start,) if seg.timed else ()
            marks = tuple(m.seconds for m in seg.marks)
            if seg.label_origin is not None:
                # The speaker and time stood on the line above the words.
                claim(seg.label_origin, "transcript", episode.origin, seg.speaker or "", own)
                claim(seg.origin, "transcript", episode.origin, seg.text, marks)
            else:
                claim(seg.origin, "transcript", episode.origin, f"{seg.speaker or ''} {seg.text}", own + marks)
    return claims, lines


def account(site: Site, raw_lines: dict[str, list[str]] | None = None) -> Account:
    """Check every line of every input against what the pipeline made of it.

    ``raw_lines`` (path -> lines) adds the input's lines the split dropped as
    blank; without it, only lines that reached an episode or the chrome are seen.
    """
    chrome = [origin for report in site.inputs for origin in report.chrome]
    return account_parts(site.parsed, site.episodes, chrome, raw_lines)


def account_parts(
    parsed_list: list[Parsed], episodes: list, chrome: list[Origin], raw_lines: dict[str, list[str]] | None = None
) -> Account:
    """Check every line against what split and parse (and identity, given Episodes) made of it."""
    claims, lines = _claims(parsed_list, episodes, chrome)
    result = Account()
    origins = set(claims) | set(lines)
    shown = {lines[o].text.strip() for o, c in claims.items() if o in lines and "chrome" not in c.places}
    for path, texts in (raw_lines or {}).items():
        origins |= {Origin(path, n) for n, text in enumerate(texts, 1) if text.strip()}
    for origin in sorted(origins):
        result.lines += 1
        entry = claims.get(origin)
        line = lines.get(origin)
        if entry is None:
            if line is not None and line.text.strip() in shown:
                result.merged += 1
            else:
                result.problems.append(f"{origin}: claimed by nothing")
            continue
        if len(entry.places) != 1 or len(entry.episodes) != 1:
            result.problems.append(f"{origin}: claimed by {sorted(entry.places)} in {len(entry.episodes)} episodes")
            continue
        place = next(iter(entry.places))
        if place == "chrome" or line is None:
            continue
        expected = words(line.text)
        result.words += sum(expected.values())
        if place == "structure":
            continue
        if place == "skipped":
            if expected:
                result.problems.append(f"{origin}: skipped a line holding words {sorted(expected)}")
            continue
        found = sum((words(text) for text in entry.texts), Counter())
        if found != expected:
            lost = expected - found
            added = found - expected
            result.problems.append(f"{origin}: lost {sorted(lost.elements())[:8]} added {sorted(added.elements())[:8]}")
        claimed_times = entry.times + sum((times(text) for text in entry.texts), Counter())
        if claimed_times != times(line.text):
            result.problems.append(f"{origin}: times {sorted(times(line.text).elements())} became {sorted(claimed_times.elements())}")
    return result


@pytest.fixture(scope="module")
def bundled_load() -> Site:
    """The bundled input read, repaired, split, parsed and identified (no rendering)."""
    return load_site(Config())


def test_every_word_of_the_bundled_dump_is_accounted_for(bundled_load):
    raw = {report.path: [] for report in bundled_load.inputs}
    for report in bundled_load.inputs:
        raw[report.path] = (Config().inputs[0].parent / report.path).read_text(encoding="utf-8").split("\n")
    result = account(bundled_load, raw)
    assert result.problems == []
    assert result.lines == sum(1 for texts in raw.values() for text in texts if text.strip())
    assert result.words > 150_000 and result.merged == 0


def test_the_account_notices_a_lost_word(bundled_load):
    """Guard the guard: drop one word from one segment and the account must say so."""
    from dataclasses import replace

    episode = next(e for e in bundled_load.episodes if e.segments)
    first = episode.segments[0]
    damaged = replace(episode, segments=(replace(first, text=first.text.split(" ", 1)[1]),) + episode.segments[1:])
    site = replace(bundled_load, episodes=[damaged if e is episode else e for e in bundled_load.episodes])
    problems = account(site).problems
    assert len(problems) == 1 and str(first.origin) in problems[0] and "lost" in problems[0]


def test_the_account_notices_a_line_in_two_episodes(bundled_load):
    """Guard the guard: a notes line copied into a second episode is claimed twice."""
    from dataclasses import replace

    first, second = bundled_load.episodes[:2]
    copied = replace(second, notes=second.notes + first.notes[:1])
    site = replace(bundled_load, episodes=[first, copied] + bundled_load.episodes[2:])
    problems = account(site).problems
    assert problems == [f"{first.notes[0].origin}: claimed by ['notes'] in 2 episodes"]


def test_a_speaker_line_above_its_words_is_accounted_for():
    """``Swyx (00:00:14):`` then the words: the name and time on one line, the words on the next, none lost."""
    from generator.profiles import load_profile
    from generator.sources.dump import split_dump
    from generator.parse import parse_episode

    texts = ["Title", "Transcript", "Swyx (00:00:14):", "Okay, so welcome.", "A [0:00:20]:", "0", "Swyx (00:00:25): Hi [00:00:27] there"]
    lines = [Line(text, Origin("t.txt", n)) for n, text in enumerate(texts, 1)]
    profile = load_profile("latent-space-app")
    split = split_dump(lines, profile, "t.txt")
    parsed = [parse_episode(raw, profile) for raw in split.episodes]
    assert [s.label_origin.line for s in parsed[0].segments if s.label_origin] == [3, 5]
    assert account_parts(parsed, parsed, split.chrome, {"t.txt": texts}).problems == []
    # Guard the guard: without the label, line 3's name and time are nobody's.
    from dataclasses import replace

    unlabelled = [replace(p, segments=tuple(replace(s, label_origin=None) for s in p.segments)) for p in parsed]
    assert account_parts(unlabelled, unlabelled, split.chrome, {"t.txt": texts}).problems


def test_a_heading_with_no_time_claims_none():
    """``Live Demo Tour`` above a turn at 2:00 starts its chapter then, but its own line holds no time."""
    from dataclasses import replace

    from generator.parse import parse_episode
    from generator.profiles import load_profile
    from generator.sources.dump import split_dump

    texts = ["Title", "Transcript", "[00:00:00] Ann: Hello there.", "Live Demo Tour", "[00:02:00] Bob: So this is it."]
    lines = [Line(text, Origin("t.txt", n)) for n, text in enumerate(texts, 1)]
    profile = load_profile("latent-space-app")
    split = split_dump(lines, profile, "t.txt")
    parsed = [parse_episode(raw, profile) for raw in split.episodes]
    assert [(c.start, c.timed) for c in parsed[0].headings] == [(120, False)]
    assert account_parts(parsed, parsed, split.chrome, {"t.txt": texts}).problems == []
    # Guard the guard: a heading that claimed the time it borrowed would be a time its line never held.
    claimed = [replace(p, headings=tuple(replace(c, timed=True) for c in p.headings)) for p in parsed]
    assert account_parts(claimed, claimed, split.chrome, {"t.txt": texts}).problems == ["t.txt:4: times [] became [120]"]
