"""Match reading-list items to the transcript moments that discuss them, and fold a talk's duplicates.

A mention is a segment that says one of the item's short names (spaces,
hyphens and case aside; a name that is also a word only with its capital): the
part of a title before its colon, each of several names, a company without its
domain ("Lindy" for ``Lindy.ai``), a person by a surname that is no common word.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..model import Episode, Mention, ReadingItem, Segment
from ..repair import wordcounts
from ..vocabulary import load_vocabulary
from .extract import ON_PROFILE, extract_reading, fold_name, short_name, title_key

SNIPPET_CHARS = 60
#: When two spellings of one item disagree on the kind, the more specific kind wins.
KIND_RANK = {kind: rank for rank, kind in enumerate(("paper", "model", "talk", "person", "tool", "link"))}


# ------------------------------------------------------------------ mentions


@dataclass(frozen=True)
class _Key:
    """One way a transcript can name an item: its folded letters, and how much of its case must match."""

    folded: str
    #: The name as written, when its case tells it from a word: all of it for a
    #: very short name ("E2B", "1X"), the capital for one word ("Cursor", "ReAct").
    cased: str = ""

    def case_matches(self, found: str) -> bool:
        """Tell whether the words found in the transcript are written as the name needs."""
        if not self.cased:
            return True
        letters = "".join(c for c in found if c.isalnum())
        if len(self.folded) <= 3:
            return letters == self.cased
        return letters[:1] == self.cased[:1]


def mention_keys(item: ReadingItem, heard: dict[str, tuple[str, ...]] | None = None) -> tuple[_Key, ...]:
    """The distinctive short names a transcript may use for an item.

    >>> [k.folded for k in mention_keys(ReadingItem("Mamba: Linear-Time Sequence Modeling", "paper", None))]
    ['mamba']
    >>> [k.folded for k in mention_keys(ReadingItem("SmolLM and SmolLM2", "model", None))]
    ['smollm', 'smollm2']

    ``heard`` maps a name, folded, to the spellings speech-to-text gives it (the
    spoken-names file); each is a key too, written with its capital as given.

    >>> [k.folded for k in mention_keys(ReadingItem("SWE-Bench", "tool", None), {"swebench": ("SweetBench",)})]
    ['swebench', 'sweetbench']
    """
    profile = ON_PROFILE.match(item.title)
    name = profile.group("name") if profile else short_name(item.title)
    words = name.split()
    if item.kind in {"talk", "link"} and len(words) < 2 and re.fullmatch(r"[A-Za-z][a-z]*", name):
        # A post called "Slides" would match every time someone says the word.
        return ()
    # "SmolLM and SmolLM2" names two models; "swyx live tweets and videos" is one post.
    named_several = item.kind not in {"talk", "link"} and len(words) <= 5
    parts = re.split(r"\s+and\s+|\s*/\s*|,\s+", name) if named_several else [name]
    keys = []
    for part in parts:
        folded = fold_name(part)
        letters = "".join(c for c in part if c.isalnum())
        if len(folded) < 3 and not (len(folded) == 2 and any(c.isdigit() for c in folded)):
            continue
        # A name that could be a word ("Cursor", "SteP") is the item only where the
        # transcript writes it with its capital ("step back" is not SteP); a very
        # short name ("E2B", "1X") only where it is written exactly so.
        looks_like_a_word = re.fullmatch(r"[A-Z][a-z]+", part) or (len(folded) <= 5 and part[:1].isupper())
        cased = letters if len(folded) <= 3 or looks_like_a_word else ""
        keys.append(_Key(folded, cased))
        if len(folded) > 5 and folded.endswith("s") and not cased:
            # "Tree of Thoughts" is said "tree of thought" as often as not.
            keys.append(_Key(folded[:-1]))
        keys.extend(_spoken_keys(part, item.kind))
        for spelling in (heard or {}).get(folded, ()):
            keys.append(_Key(fold_name(spelling), "".join(c for c in spelling if c.isalnum())))
    return tuple(dict.fromkeys(keys))


#: What a company's written name carries that nobody says: "Lindy.ai", "Fireworks AI".
#: Its domain endings and words are data (``vocabulary/reading.yml``).
_COMPANY = load_vocabulary("reading")
_COMPANY_SUFFIX = re.compile(
    r"^(?P<stem>[A-Z][\w-]{3,})(?:\.(?:" + "|".join(_COMPANY["company_domains"]) + ")"
    + "".join(f"| {word}" for word in _COMPANY["company_words"]) + ")$"
)
#: A surname said alone is the person only when it is no common word ("Carlini", not "Young"):
#: at most this many uses in the word counts the repair stage segments with.
_RARE_SURNAME = 3_000_000


def _spoken_keys(name: str, kind: str) -> list[_Key]:
    """The shorter ways people say a name: a company without its domain, a person by surname.

    Both must be written with their capital in the transcript.

    >>> [k.folded for k in _spoken_keys("Lindy.ai", "tool")], [k.folded for k in _spoken_keys("Fireworks AI", "tool")]
    (['lindy'], ['fireworks'])
    >>> [k.folded for k in _spoken_keys("Nicholas Carlini", "person")], _spoken_keys("Harrison Chase", "person")
    (['carlini'], [])
    """
    company = _COMPANY_SUFFIX.match(name)
    if company and kind not in {"person", "talk", "link"}:
        stem = company.group("stem")
        return [_Key(fold_name(stem), "".join(c for c in stem if c.isalnum()))]
    words = name.split()
    if kind == "person" and len(words) >= 2 and re.fullmatch(r"[A-Z][a-z]{4,}", words[-1]):
        surname = words[-1]
        if int(wordcounts.unigrams().get(surname.lower(), 0)) <= _RARE_SURNAME:
            return [_Key(fold_name(surname), surname)]
    return []


#: What may stand between the letters of one name as spoken: a space or a hyphen.
SPACING = " \t\n\r\x0b\x0c\u00a0\u2009\u202f-\u2010\u2011"
_SQUEEZE = str.maketrans("", "", SPACING)


@dataclass(frozen=True)
class Transcript:
    """A talk's segments squeezed for matching, one line each, to find each name in one pass.

    Each line is the segment's text lower-cased without spaces and hyphens, so
    that ``SWE bench``, ``SWE-Bench`` and ``Swebench`` all read ``swebench``.
    """

    segments: tuple[Segment, ...]
    squashed: str
    #: Where each segment's line starts in ``squashed``.
    starts: tuple[int, ...]
    #: Per segment read so far: where each squeezed character stands in its text.
    places: dict[int, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def place(self, index: int, position: int) -> int:
        """Where the character at ``position`` of segment ``index``'s squeezed line stands in its text.

        >>> from generator.model import Origin
        >>> transcript_of([Segment(0, "SWE - bench", Origin("f", 1), anchor="t=0")]).place(0, 3)
        6
        """
        places = self.places.get(index)
        if places is None:
            text = self.segments[index].text
            places = self.places[index] = [at for at, char in enumerate(text) if char not in SPACING]
        return places[position]


def _squash(text: str) -> str:
    lowered = text.lower()
    # Lower-casing keeps offsets for nearly every script; where it would not, match as written.
    return (lowered if len(lowered) == len(text) else text).translate(_SQUEEZE)


def transcript_of(segments: Iterable[Segment]) -> Transcript:
    """Squeeze the anchored segments' texts, one per line."""
    kept = tuple(s for s in segments if s.anchor)
    lines = [_squash(s.text) for s in kept]
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    return Transcript(kept, "\n".join(lines), tuple(starts))


def _bounded(text: str, start: int, end: int) -> bool:
    """Tell whether ``text[start:end]`` is whole words: nothing alphanumeric touches it, bar a plural ``s``."""
    if start and text[start - 1].isalnum():
        return False
    after = text[end : end + 2]
    if after[:1] in {"s", "S"}:
        after = after[1:]
    return not after[:1].isalnum()


def _snippet(text: str, offset: int) -> str:
    """A few words either side of where the item is named."""
    start = max(0, offset - SNIPPET_CHARS)
    end = min(len(text), offset + SNIPPET_CHARS * 2)
    if start:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", offset, end) if text.rfind(" ", offset, end) > offset else end
    return ("\u2026" if start else "") + text[start:end].strip() + ("\u2026" if end < len(text) else "")


def find_mentions(
    item: ReadingItem, transcript: Transcript, heard: dict[str, tuple[str, ...]] | None = None
) -> tuple[Mention, ...]:
    """Every segment that names the item, in time order, each with the words around the first naming."""
    first: dict[int, int] = {}
    for key in mention_keys(item, heard):
        position = transcript.squashed.find(key.folded)
        while position != -1:
            index = bisect_right(transcript.starts, position) - 1
            text = transcript.segments[index].text
            local = position - transcript.starts[index]
            start = transcript.place(index, local)
            end = transcript.place(index, local + len(key.folded) - 1) + 1
            if _bounded(text, start, end) and key.case_matches(text[start:end]):
                first[index] = min(start, first.get(index, start))
            position = transcript.squashed.find(key.folded, position + 1)
    mentions = []
    for index in sorted(first):
        segment = transcript.segments[index]
        mentions.append(Mention(segment.anchor, segment.start, _snippet(segment.text, first[index])))
    return tuple(mentions)


# ------------------------------------------------------------------- per talk


def item_key(item: ReadingItem) -> str:
    """What makes two citations the same item: the work's folded short name; a post or talk is only itself."""
    if item.kind in {"talk", "link"}:
        return f"url:{item.url}" if item.url else f"title:{fold_name(item.title)}"
    return title_key(item.title) or fold_name(item.title)


def fold_duplicates(items: Iterable[ReadingItem]) -> list[ReadingItem]:
    """Keep one item per key, in the order first cited, with the fullest title and the most specific kind.

    A talk's notes often name a paper twice (a heading with its link, then the
    show notes' ``ReAct Paper``); a reader wants it once.
    """
    groups: dict[str, list[ReadingItem]] = {}
    for item in items:
        # Within one talk the same name is the same thing, whatever kind each spelling suggests.
        groups.setdefault(title_key(item.title) or fold_name(item.title), []).append(item)
    return [_fold_items(same) for same in groups.values()]


def _fold_items(same: list[ReadingItem]) -> ReadingItem:
    first = same[0]
    if len(same) == 1:
        return first
    titled = [i for i in same if ": " in i.title] or same
    return replace(
        first,
        title=max(titled, key=lambda i: len(i.title)).title,
        kind=min((i.kind for i in same), key=KIND_RANK.__getitem__),
        url=next((i.url for i in same if i.url), None),
        summary=next((i.summary for i in same if i.summary), ""),
    )


def with_reading(episode: Episode, spoken_names: dict[str, tuple[str, ...]] | None = None) -> Episode:
    """Attach the episode's reading list (what its notes cite, and where the transcript discusses it).

    ``spoken_names`` maps names as the notes write them to the spellings heard in
    transcripts (``input/spoken-names.yml``).
    """
    heard = {fold_name(name): spellings for name, spellings in (spoken_names or {}).items()}
    speakers = [s.name for s in episode.speakers if not s.generic]
    items = fold_duplicates(extract_reading(episode.notes, speakers))
    if not items or not episode.segments:
        return replace(episode, reading=tuple(items))
    transcript = transcript_of(episode.segments)
    return replace(episode, reading=tuple(replace(i, mentions=find_mentions(i, transcript, heard)) for i in items))

