"""Parse transcript lines into segments and in-transcript chapter headings.

Line forms, tried in this order (``T`` is a time in square brackets or
parentheses, ``HH:MM:SS`` or ``MM:SS``: ``[00:01:02]``, ``(01:02)``; a bare
``00:01:02 Name: text`` is not a turn, as a chapter list is written just so):

0. ``## Title`` or ``## T Title`` — a Markdown heading, a chapter heading by its
   markup (the publisher's archive), timed by its own time or the next line's.
1. ``T Speaker: text`` — a timed segment (``[00:00:29] Speaker 9: …``).
2. ``Speaker T: text`` — a timed segment (``Swyx [00:00:14]: …``); so are
   ``**Speaker** T text`` (the publisher's form) and ``Speaker T text`` when the
   name looks like one (:func:`_stamp_speaker`: ``Mia Glaese``, ``swyx``, not
   ``So I think``).
3. ``T Title`` with no speaker — a chapter heading inside the transcript
   (``[00:02:37] Sora, OpenSora and Video Vision vs Generation``) when the text
   reads as a title (:func:`reads_as_title`: a few words, capitalised, no
   sentence end); otherwise a timed segment with no speaker — the speaker of the
   line before going on (``[00:00:59] So I think this will be a good
   episode.``), a stage direction (``[00:00:00] [music intro]``) or a stray
   character (``[00:00:00] “``). A line whose text matches a title in the
   chapter list is always a heading, colon or not (``[00:30:36] Q&A: …``).
   A ``T Label: text`` line is a heading too when the evidence says so: the
   label speaks nowhere else in the episode, the whole line reads as a title,
   and either the next line starts at the same second (a person who speaks
   once does not hand over within the same second) or the label is itself
   several capitalised words (``[00:14:42] Realtime detection: DETRs > YOLO``,
   ``[00:23:28] Beyond Unity: Cognitive Tools``). ``[00:16:44] mix: Oh,`` is a
   turn: ``Oh,`` reads as speech.
   A timed speaker line with no words (``Swyx (00:00:14):``, or a name and a
   bare time alone, ``Swyx Wang  0:14``, as transcription services export)
   takes the next line's words when that line has neither
   time nor speaker; the speaker line itself is then skipped.
4. ``Speaker: text`` with no time (``Eric: Totally.``) — an untimed segment, when
   the speaker is known from a timed line of the same episode or the label starts
   at least two lines.
5. ``T`` alone (``[00:30:00] [00:30:00]``) — nothing to show; reported and skipped.
6. A title in title case with no time right above a timed turn (``Live Demo
   Tour``) — a chapter heading starting with that turn (:func:`untimed_heading`).
7. Anything else (``Session3Audio``) — an untimed segment with no speaker, kept
   as it is.

A speaker label is at most 40 characters and five words and looks like a name;
anything else is text. A longer label is reported and its line kept as text with
no speaker. Timestamps inside a segment (``… Amazon Q [00:01:00] Devlo …``;
square brackets with hours only) are removed from the text and kept as marks;
malformed ones (``[1:2:3]``, ``[00:61:00]``) stay in the text and are reported.
An untimed segment starts at the last time known before it.

Times are seconds. A segment ends where the next segment starts, and never
before its own start (timestamps can go back in time); the last segment ends
after the time its words take to say at 150 words a minute.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..model import Chapter, Line, Mark, Segment, Warning_
from ..repair.wordcounts import common_words
from ..vocabulary import load_vocabulary
from ..timecode import AnchorAllocator, parse_time

#: A timestamp in square brackets or parentheses, hours optional: ``[00:01:02]``, ``(01:02)``.
_STAMP = r"[\[(](\d{1,3}:\d{2}(?::\d{2})?)[\])]"
_NAME = r"[^\W\d_][\w.'\u2019&\- ]{0,39}?"
_TIME_FIRST = re.compile(rf"^{_STAMP}\s+(?P<rest>.*)$")
_SPEAKER_FIRST = re.compile(rf"^(?P<name>{_NAME})\s+{_STAMP}:\s*(?P<text>.*)$")
#: A name and a time with no colon, then the words (``Mia Glaese [00:00:56] So…``: the publisher's
#: ``**Mia Glaese** [00:00:56]`` without its bold); read only when the name looks like one (:func:`_stamp_speaker`).
_SPEAKER_STAMP = re.compile(rf"^(?P<name>{_NAME})\s+{_STAMP}\s+(?P<text>\S.*)$")
#: A Markdown heading's mark (``## Why SWE Bench Stalled``, as the publisher's archive writes chapter headings).
_HEADING_MARK = re.compile(r"^#{1,6}\s+(?=\S)")
#: The publisher's own form, bold kept (``**Mia Glaese** [00:00:56] So…``): the bold says it is a name.
_BOLD_SPEAKER = re.compile(rf"^\*\*(?P<name>[^*]{{1,40}}?)\*\*:?\s+{_STAMP}:?\s+(?P<text>\S.*)$")
#: A name and a bare time alone on a line, the words on the next (``Swyx Wang  0:14``, as
#: transcription apps export); every word of the name after the first capitalised, so
#: speech ending on a clock time (``we start at 10:30``) is no speaker.
_SPEAKER_HEADER = re.compile(r"^(?P<name>[^\W\d_][\w.'\u2019&\-]*(?: [A-Z0-9][\w.'\u2019&\-]*){0,3})\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?)$")
_LABEL = re.compile(rf"^(?P<name>{_NAME}(?: \d{{1,3}})?):\s+(?P<text>\S.*)$")
#: Inside the words only ``[HH:MM:SS]`` marks a time: ``(16:10)`` or ``[10:30]`` there may be a ratio or a clock.
_INLINE = re.compile(r"\s?\[(\d{1,3}:\d{2}:\d{2})\]\s?")
_ONLY_STAMPS = re.compile(rf"^(?:\s*{_STAMP})*\s*$")
#: Any timestamp-like bracket, well formed or not (``[1:2:3]``, ``[00:61:00]``, ``[99:99]``).
_LOOSE_STAMP = re.compile(r"\[(\d{1,3}(?::\d{1,3}){1,2})\]")
_WELL_FORMED = re.compile(r"^\d{1,3}:\d{2}(?::\d{2})?$")
#: A label too long to be a name, standing where a speaker would (``AAAA…: text``).
#: Only labels of at most five words count: a longer run before a colon is a sentence.
_LONG_LABEL = re.compile(r"^(?P<name>[^\s:\[\]]+(?: [^\s:\[\]]+){0,4}):\s+(?P<text>\S.*)$")
_LONG_SPEAKER_FIRST = re.compile(rf"^(?P<name>[^\s\[\]]+(?: [^\s\[\]]+){{0,4}})\s+{_STAMP}:\s*(?P<text>.*)$")

#: English linking verbs (``vocabulary/reading.yml``): in lower case after a first word they open a sentence.
SENTENCE_VERBS = frozenset(load_vocabulary("reading")["sentence_verbs"])
#: The lower-case words a title may hold (``vocabulary/reading.yml``, as the reading lists read titles).
SMALL_WORDS = frozenset(load_vocabulary("reading")["small_words"])
#: Count in wordsegment's unigrams that makes a word common English, not a handle (as the repair's dash rule).
COMMON_WORD = 5e6
MAX_HEADING_WORDS = 14
MAX_NAME_CHARS = 40
WORDS_PER_SECOND = 2.5
#: Role words (``roles.yml``): labels that name a role, not a person.
ROLES = frozenset(yaml.safe_load((Path(__file__).with_name("roles.yml")).read_text(encoding="utf-8"))["roles"])
#: A role word with a slip may be read as one from this length on (shorter words are too close to names).
MIN_SLIP_LETTERS = 6
_NUMBERED = re.compile(r"^(?P<word>\D+?)\s*\d*$")
#: Text that reads as speech, not as a title: it ends a sentence, or a word (not
#: an abbreviation like ``ft.``) ends one inside it. A question mark may end a
#: title's first part (``Eyes Wide Shut? Exploring …``).
_SENTENCE_END = re.compile(r"(?:[.,;!]|\.\.\.|\u2026)$|[a-z]{3}[.!]\s+\S")
#: A comma followed by a word in lower case: a clause break, as in speech.
_CLAUSE_BREAK = re.compile(r",\s+[a-z]")


def is_generic(name: str) -> bool:
    """Tell whether a label names no one in particular (``Speaker``, ``Speaker 9``, a slip like ``Quesiton``).

    >>> is_generic("Speaker 9"), is_generic("Question2"), is_generic("Unkown"), is_generic("Swyx"), is_generic("Hast")
    (True, True, True, False, False)
    """
    match = _NUMBERED.match(name.strip())
    if not match:
        return False
    word = match.group("word").strip().casefold()
    return word in ROLES or len(word) >= MIN_SLIP_LETTERS and any(_one_slip(word, role) for role in ROLES)


def _one_slip(word: str, role: str) -> bool:
    """Tell whether ``word`` is ``role`` with one letter missing, added, changed, or two neighbours swapped.

    >>> _one_slip("quesiton", "question"), _one_slip("unkown", "unknown"), _one_slip("speakers", "speaker")
    (True, True, True)
    """
    if word == role or abs(len(word) - len(role)) > 1:
        return False
    if len(word) == len(role):
        diff = [i for i, (a, b) in enumerate(zip(word, role)) if a != b]
        return len(diff) == 1 or len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == role[diff[1]] and word[diff[1]] == role[diff[0]]
    short, long = sorted((word, role), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def reads_as_title(text: str) -> bool:
    """Tell whether text reads as a chapter title rather than as speech.

    A title is a few words (at most 14) with letters or digits, starts with a
    capital or a digit (speech that goes on starts lower case), is no stage
    direction in brackets, ends no sentence (``.`` ``,`` ``;`` ``!`` ``…``; a
    question may be a title), holds no second sentence, and of a longer
    title (seven words or more) at least half the words of four letters or
    more are capitalised.

    >>> [reads_as_title(t) for t in ("Introducing the speakers", "What is your moat?", "Intros")]
    [True, True, True]
    >>> [reads_as_title(t) for t in ("Hey there.", "Oh,", "[music intro]", "and then we", "So I think this will be a, a good episode.")]
    [False, False, False, False, False]
    >>> reads_as_title("going through the details of what we did in the research project today")
    False
    >>> reads_as_title("This is cloud is working on"), reads_as_title("Attention Is All You Need")
    (False, True)
    """
    text = text.strip()
    if not _short_title(text) or text[0] in "[(" or not (text[0].isupper() or text[0].isdigit()):
        return False
    if _SENTENCE_END.search(text):
        return False
    words = text.split()
    if len(words) >= 3 and words[1] in SENTENCE_VERBS and not text.endswith("?"):
        return False  # ``This is cloud is working on``: a sentence, where a title capitalises the verb
    long = [word for word in words if sum(ch.isalpha() for ch in word) >= 4]
    capitalised = sum(word[0].isupper() or word[0].isdigit() for word in long)
    return len(text.split()) <= 6 or not long or 2 * capitalised >= len(long)


def _speaker_first(text: str) -> tuple[str, str, str] | None:
    """Name, time and words of a speaker-first line (``Swyx [00:00:14]: Hey``, ``Swyx  0:14``,
    ``Mia Glaese [00:00:56] So…``, ``**Mia Glaese** [00:00:56] So…``), or None."""
    if match := _SPEAKER_FIRST.match(text):
        return match.group("name").strip(), match.group(2), match.group("text")
    if match := _SPEAKER_HEADER.match(text):
        return match.group("name").strip(), match.group("time"), ""
    if (match := _SPEAKER_STAMP.match(text)) and _stamp_speaker(match.group("name").strip()):
        return match.group("name").strip(), match.group(2), match.group("text")
    if match := _BOLD_SPEAKER.match(text):
        return match.group("name").strip(), match.group(2), match.group("text")
    return None


def _stamp_speaker(name: str) -> bool:
    """Tell whether the words before a time with no colon after it name a speaker (``Mia Glaese [00:00:56] So…``).

    The publisher's transcripts write ``**swyx** [00:00:00] text``; without the
    bold, only the shape of the name tells it from speech with a time inside
    (``So I think [00:01:00] that…``): every word capitalised, or one word in
    lower case that is no common English word (a handle: ``swyx``).

    >>> [_stamp_speaker(n) for n in ("Mia Glaese", "swyx", "So I think", "so", "Speaker 9")]
    [True, True, False, False, True]
    """
    words = name.split()
    if all(word[0].isupper() or word.isdigit() for word in words) and words[0][0].isupper():
        return True
    return len(words) == 1 and name.isalpha() and name.islower() and name not in common_words(COMMON_WORD)


def title_cased(text: str) -> bool:
    """Tell whether words are written in title case: two or more, each capitalised but the small words after the first.

    >>> title_cased("Why Cloud Agents Matter"), title_cased("Acquisition and DevEx Shift"), title_cased("Hey there")
    (True, True, False)
    >>> title_cased("Session3Audio"), title_cased("Beyond Unity"), title_cased("0 0")
    (False, True, False)
    """
    words = text.split()
    return len(words) >= 2 and any(word[0].isupper() for word in words) and all(
        word[0].isupper() or word[0].isdigit() or (position and word in SMALL_WORDS)
        for position, word in enumerate(words)
    )


def untimed_heading(text: str) -> bool:
    """Tell whether a line with no time reads as a chapter heading: a title, in title case (``Live Demo Tour``), or marked as one (``## Live demo``).

    Publisher transcripts give some headings no time; speech with no time and
    no speaker (``Yeah. Cloud agents already ran…``) is sentence-cased.
    """
    text = text.strip()
    if _HEADING_MARK.match(text):
        return True
    return reads_as_title(text) and title_cased(text) and not text.endswith("?")


def is_turn(text: str) -> bool:
    """Tell whether a line is shaped like a timed speaker turn (``[00:01:02] Name: text`` or ``Name [00:01:02]: text``).

    >>> is_turn("[00:00:23] Swyx: Okay, so"), is_turn("Swyx [00:00:14]: Hey"), is_turn("* [00:00:00] Intros")
    (True, True, False)
    """
    text = text.strip()
    if first := _speaker_first(text):
        return _plausible_name(first[0])
    if match := _TIME_FIRST.match(text):
        label = _LABEL.match(match.group("rest"))
        return bool(label) and _plausible_name(label.group("name"))
    return False


def turn_label(text: str) -> str | None:
    """The speaker label of a turn-shaped line, casefolded (None for any other line)."""
    text = text.strip()
    if (first := _speaker_first(text)) and _plausible_name(first[0]):
        return first[0].casefold()
    if (match := _TIME_FIRST.match(text)) and (label := _LABEL.match(match.group("rest"))):
        if _plausible_name(label.group("name")):
            return label.group("name").strip().casefold()
    return None


def line_time(text: str) -> int | None:
    """The time a line starts at, from a leading or speaker stamp (None without one)."""
    return _own_time(text.strip())


def _plausible_name(name: str) -> bool:
    """Tell whether a label can be a person's name: short, a few words, no sentence end."""
    name = name.strip()
    return 0 < len(name) <= MAX_NAME_CHARS and len(name.split()) <= 5 and not name.endswith((".", "'"))


def _short_title(text: str) -> bool:
    """Tell whether text can be a chapter heading: a few words with some letters or digits.

    A character lost in the scrape counts as neither (``[00:00:00] \ue000``).

    >>> _short_title("Smol Models"), _short_title("\u201c"), _short_title("â"), _short_title("Pal\ue000Gemma")
    (True, False, False, True)
    """
    return len(text.split()) <= MAX_HEADING_WORDS and sum(ch.isalnum() for ch in text) >= 2


@dataclass
class TranscriptResult:
    """What one episode's transcript section held."""

    segments: list[Segment] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    skipped: list[Line] = field(default_factory=list)


def split_marks(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove inline timestamps from ``text``; return the clean text and (offset, seconds) marks.

    >>> split_marks("behind Amazon Q [00:01:00] Devlo and [00:61:00] stays")
    ('behind Amazon Q Devlo and [00:61:00] stays', [(16, 60)])
    >>> split_marks("one[00:00:05]two")
    ('one two', [(4, 5)])
    """
    if "[" not in text:
        return text, []
    marks: list[tuple[int, int]] = []
    out: list[str] = []
    pos = 0
    length = 0
    for match in _INLINE.finditer(text):
        seconds = parse_time(match.group(1))
        if seconds is None:
            continue
        piece = text[pos : match.start()]
        out.append(piece)
        length += len(piece)
        spaced = match.group(0)[0].isspace() and match.group(0)[-1].isspace()
        # A mark between two words with no space kept them apart (``0[00:00:00]0``): a space still does.
        glued = piece[-1:].isalnum() and text[match.end() : match.end() + 1].isalnum()
        joiner = " " if piece and match.end() < len(text) and (spaced or glued) else ""
        out.append(joiner)
        length += len(joiner)
        marks.append((length, seconds))
        pos = match.end()
    out.append(text[pos:])
    return "".join(out), marks


def _long(pattern: re.Pattern, text: str) -> re.Match | None:
    """Match a speaker position whose label is too long to be a name."""
    match = pattern.match(text)
    return match if match and len(match.group("name")) > MAX_NAME_CHARS else None


def _own_time(text: str) -> int | None:
    """The time a line starts at, if it carries one in a speaker or leading position (after a heading's ``##``)."""
    text = _HEADING_MARK.sub("", text)
    if match := _TIME_FIRST.match(text):
        return parse_time(match.group(1))
    first = _speaker_first(text)
    return parse_time(first[1]) if first else None


def _labels(lines: list[Line]) -> tuple[set[str], Counter[str]]:
    """Speakers named on timed lines, and how often each label (timed or not) starts a line."""
    timed: set[str] = set()
    counts: Counter[str] = Counter()
    for line in lines:
        text = line.text.strip()
        if first := _speaker_first(text):
            name = first[0].casefold()
            timed.add(name)
            counts[name] += 1
        elif (match := _TIME_FIRST.match(text)) and (label := _LABEL.match(match.group("rest"))):
            name = label.group("name").strip().casefold()
            timed.add(name)
            counts[name] += 1
        elif label := _LABEL.match(text):
            counts[label.group("name").strip().casefold()] += 1
    return timed, counts


class _Reader:
    """Walk one transcript's lines in order, keeping the time known so far."""

    def __init__(self, lines: list[Line], list_titles: set[str], episode: str):
        self.lines = lines
        self.list_titles = list_titles
        self.episode = episode
        self.result = TranscriptResult()
        self.timed_speakers, self.label_counts = _labels(lines)
        self.starts = [_own_time(line.text.strip()) for line in lines]
        self.last_time = 0
        self.last_timed = -1
        #: A timed speaker line with no words, whose words may follow on the next line.
        self.header: Line | None = None

    def warn(self, message: str, line: Line) -> None:
        self.result.warnings.append(Warning_(message, line.origin, self.episode))

    def add(self, line: Line, start: int | None, speaker: str | None, text: str) -> None:
        """Append a segment; an untimed one starts at the last time known."""
        if start is not None:
            if start < self.last_timed:
                self.warn(f"timestamp {line.text.strip()[:24]!r} goes back in time; kept in input order", line)
            self.last_timed = max(self.last_timed, start)
        clean, marks = split_marks(text)
        header, self.header = self.header, None
        label = None
        if header is not None and start is None and speaker is None and clean.strip():
            # ``Swyx (00:00:14):`` with the words on the next line: one turn, labelled by the line above.
            words_above = self.result.segments.pop()
            start, speaker, label = words_above.start, words_above.speaker, header.origin
        elif start is not None and speaker and not clean.strip():
            self.header = line
        begin = start if start is not None else self.last_time
        self.last_time = max([self.last_time, begin] + [s for _, s in marks])
        self.result.segments.append(
            Segment(
                start=begin,
                text=clean.strip(),
                origin=line.origin,
                speaker=speaker,
                timed=start is not None,
                marks=tuple(Mark(offset=o, seconds=s) for o, s in marks),
                label_origin=label,
            )
        )

    def heading(self, line: Line, seconds: int, title: str, timed: bool = True) -> None:
        self.result.chapters.append(Chapter(start=seconds, title=title, origin=line.origin, source="transcript", timed=timed))

    def check_stamps(self, line: Line, seconds: int | None) -> None:
        """Report malformed timestamps on the line and a leading one past 24 hours."""
        for loose in _LOOSE_STAMP.finditer(line.text):
            stamp = loose.group(1)
            if not _WELL_FORMED.match(stamp) or parse_time(stamp) is None:
                self.warn(f"malformed timestamp [{stamp}]; kept it as text", line)
        if seconds is not None and seconds >= 24 * 3600:
            self.warn(f"timestamp at {seconds // 3600} hours is past 24 hours; kept it", line)

    def read(self, index: int) -> None:
        """Classify one line and record what it holds."""
        line = self.lines[index]
        text = line.text.strip()
        own = self.starts[index]
        self.check_stamps(line, own)
        if marked := _HEADING_MARK.match(text):
            return self.marked_heading(index, text[marked.end() :])
        if match := _TIME_FIRST.match(text):
            self.time_first(index, match.group(1), match.group("rest").strip())
        elif (first := _speaker_first(text)) and _plausible_name(first[0]) and own is not None:
            self.add(line, own, first[0], first[2])
        elif (match := _long(_LONG_SPEAKER_FIRST, text)) and parse_time(match.group(2)) is not None:
            self.long_label(line, match.group("name"))
            self.add(line, parse_time(match.group(2)), None, f"{match.group('name')}: {match.group('text')}")
        else:
            self.untimed(index, text)

    def time_first(self, index: int, stamp: str, rest: str) -> None:
        line = self.lines[index]
        seconds = parse_time(stamp)
        if seconds is None:
            self.add(line, None, None, line.text.strip())
            return
        label = _LABEL.match(rest)
        folded = rest.casefold()
        if _ONLY_STAMPS.match(rest):
            self.warn("a line holds only timestamps; nothing to show, skipped", line)
            self.result.skipped.append(line)
        elif folded in self.list_titles:
            self.heading(line, seconds, rest)
        elif label and _plausible_name(label.group("name")):
            name = label.group("name").strip()
            if self.lone_label_heading(index, name, seconds, rest):
                self.heading(line, seconds, rest)
            else:
                self.add(line, seconds, name, label.group("text"))
        elif long := _long(_LONG_LABEL, rest):
            self.long_label(line, long.group("name"))
            self.add(line, seconds, None, rest)
        elif reads_as_title(rest) and not self.speech_goes_on(index, seconds, rest):
            self.heading(line, seconds, rest)
        else:
            self.add(line, seconds, None, rest)

    def marked_heading(self, index: int, title: str) -> None:
        """A Markdown heading (``## [00:00:56] Why SWE Bench Stalled``, ``## Live Demo Tour``): a chapter by its markup.

        Its time is its own, else the next line's; with neither, the words stay a line.
        """
        line = self.lines[index]
        if match := _TIME_FIRST.match(title):
            seconds = parse_time(match.group(1))
            if seconds is not None:
                return self.heading(line, seconds, match.group("rest").strip())
        following = self.starts[index + 1] if index + 1 < len(self.starts) else None
        if following is not None:
            return self.heading(line, following, title, timed=False)
        self.add(line, None, None, line.text.strip())

    def speech_goes_on(self, index: int, seconds: int, rest: str) -> bool:
        """Tell a short unlabelled stretch of speech that reads like a title (``We go, oh, a``) from a heading.

        Speech breaks its clauses with a comma and goes on in lower case; a
        sentence-cased title rarely does. Such a line is still a heading when
        the next line starts no later than it, as a heading's first turn does.
        """
        following = self.starts[index + 1] if index + 1 < len(self.starts) else None
        return bool(_CLAUSE_BREAK.search(rest)) and (following is None or following > seconds)

    def lone_label_heading(self, index: int, name: str, seconds: int, rest: str) -> bool:
        """Tell a ``T Title: subtitle`` heading from a speaker who says one short thing, by the evidence."""
        following = self.starts[index + 1] if index + 1 < len(self.starts) else None
        titled_label = title_cased(name)
        return (
            self.label_counts[name.casefold()] == 1
            and not is_generic(name)
            and reads_as_title(rest)
            and (following == seconds or titled_label)
        )

    def long_label(self, line: Line, name: str) -> None:
        self.warn(
            f"a speaker label of {len(name)} characters is too long for a name "
            f"(at most {MAX_NAME_CHARS}); kept the line as text with no speaker",
            line,
        )

    def untimed(self, index: int, text: str) -> None:
        line = self.lines[index]
        following = self.starts[index + 1] if index + 1 < len(self.starts) else None
        opens = following is not None and is_turn(self.lines[index + 1].text)
        if opens and (text.casefold() in self.list_titles or untimed_heading(text)):
            # A heading the source gave no time (``Live Demo Tour``): its chapter starts with the turn after it.
            self.heading(line, following, text, timed=False)
            return
        label = _LABEL.match(text)
        if label and _plausible_name(label.group("name")):
            name = label.group("name").strip()
            if name.casefold() in self.timed_speakers or self.label_counts[name.casefold()] >= 2:
                self.add(line, None, name, label.group("text"))
                return
        if long := _long(_LONG_LABEL, text):
            self.long_label(line, long.group("name"))
        self.add(line, None, None, text)


def parse_transcript(lines: list[Line], list_titles: set[str], episode: str) -> TranscriptResult:
    """Parse the transcript section of one episode; ``list_titles`` are the chapter list's, casefolded."""
    reader = _Reader(lines, list_titles, episode)
    for index in range(len(lines)):
        reader.read(index)
    result = reader.result
    result.segments = _finish(result.segments)
    return result


def canonical_speakers(segments: list[Segment]) -> dict[str, str]:
    """Map each casefolded speaker label to one display form.

    The most frequent spelling wins; on a tie, one that starts with a capital.

    >>> from generator.model import Origin
    >>> segs = [Segment(0, "x", Origin("f", 1), speaker=s) for s in ["swyx", "Swyx", "Swyx"]]
    >>> canonical_speakers(segs)
    {'swyx': 'Swyx'}
    """
    forms: dict[str, Counter] = {}
    for seg in segments:
        if seg.speaker:
            forms.setdefault(seg.speaker.casefold(), Counter())[seg.speaker] += 1
    return {
        key: max(counter.items(), key=lambda item: (item[1], item[0][:1].isupper(), item[0]))[0]
        for key, counter in forms.items()
    }


def _finish(segments: list[Segment]) -> list[Segment]:
    """Give every segment one speaker spelling, an end time and its anchor (and its inline times theirs).

    Anchors depend only on this transcript's own times, in page order, so the
    same transcript always gets the same ids, whatever else the archive holds.

    >>> from generator.model import Origin
    >>> segs = [Segment(s, "a b c d e", Origin("f", 1)) for s in (10, 10, 30, 20)]
    >>> [(s.start, s.end) for s in _finish(segs)]
    [(10, 10), (10, 30), (30, 30), (20, 22)]
    """
    ends = [
        max(seg.start, segments[i + 1].start)
        if i + 1 < len(segments)
        else seg.start + max(1, round(len(seg.text.split()) / WORDS_PER_SECOND))
        for i, seg in enumerate(segments)
    ]
    return anchored(segments, ends)


def anchored(segments: list[Segment], ends: list[int]) -> list[Segment]:
    """Give each segment one speaker spelling, its end, and its anchor (and its inline times theirs), in page order."""
    names = canonical_speakers(segments)
    ids = AnchorAllocator()
    finished = []
    for seg, end in zip(segments, ends):
        anchor = ids.take(seg.start)
        marks = tuple(Mark(m.offset, m.seconds, ids.take(m.seconds)) for m in seg.marks) if seg.marks else ()
        # Built directly rather than with dataclasses.replace, which costs several times more per segment.
        finished.append(
            Segment(
                start=seg.start,
                text=seg.text,
                origin=seg.origin,
                speaker=names[seg.speaker.casefold()] if seg.speaker else None,
                timed=seg.timed,
                end=end,
                marks=marks,
                anchor=anchor,
                label_origin=seg.label_origin,
            )
        )
    return finished
