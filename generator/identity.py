"""Episode identity: which scraped block is which episode, its title, and its frozen URL.

* An episode is recognised by its metadata entry's ``match`` phrase, looked for in
  its show notes (case, quote style and spacing ignored). Its slug is the entry's,
  frozen: a later title edit or re-scrape never moves the URL.
* An episode with no entry is recognised by its *merge key*: the opening words of
  its first show-notes line that no other episode of any one input shares
  (announcements repeated across episodes are skipped). Re-scrapes keep that
  opening even when the page cuts the description shorter or shows more of it;
  a cut can fall inside the opening itself, so two keys match when one is a
  prefix of the other (:func:`same_opening`). The same key also finds the entry
  of a scrape whose notes were cut before the entry's phrase. Its slug comes
  from its derived title.
* Titles come from metadata; without one, a title is derived (a quoted Title Case
  phrase from the notes, else the first sentence, shortened) and a warning says so.
* Positions in the dump never count: new episodes are added above old ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .metadata import EpisodeMeta
from .model import NoteBlock
from .parse import Parsed
from .vocabulary import load_vocabulary

MAX_SLUG = 60
_WORD = re.compile(r"[\w']+")
#: Words a shortened slug should not end on.
_DANGLING = frozenset(load_vocabulary("identity")["slug_dangling"])
#: Words of a merge key: enough that episodes opening with the same greeting
#: ("Happy holidays! We'll be sharing snippets from …") still differ.
KEY_WORDS = 30
#: Fewest words two keys must share to name the same episode.
MATCH_WORDS = 8
#: Sentences that announce events or ask for questions: true, but not what a talk
#: is about. The phrases are data (``vocabulary/announcements.yml``).
ANNOUNCEMENT = re.compile(
    r"\b(?:" + "|".join(load_vocabulary("announcements")["phrases"]) + r")\b", re.IGNORECASE
)
_QUOTED = re.compile(r"['\u2018\u201c\"]([A-Z][^'\u2019\u201d\"]{6,80})['\u2019\u201d\"]")


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    """Make a URL name: ASCII letters and digits joined by ``-``, cut at a word.

    >>> slugify("2024 in Agents [LS Live! @ NeurIPS 2024]")
    '2024-in-agents-ls-live-neurips-2024'
    >>> slugify("Clémentine’s talk — part 1")
    'clementines-talk-part-1'
    >>> len(slugify("word " * 40)) <= 60
    True
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['\u2019]", "", ascii_text.lower())
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit and slug:
            break
        slug = candidate[:limit]
    cut = slug.split("-")
    while len(cut) > 1 and cut[-1] in _DANGLING and len(slug) < len("-".join(words)):
        cut.pop()
    return "-".join(cut) or "episode"


def normalise(text: str) -> str:
    """Fold case, quotes and spacing so that phrases match across scrapes.

    >>> normalise("Singapore’s  GovTech")
    "singapore's govtech"
    """
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.casefold().split())


def notes_text(parsed: Parsed) -> str:
    return normalise(" ".join(block.text for block in parsed.notes))


_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def boilerplate_lines(episodes: list[Parsed]) -> set[str]:
    """Notes lines and sentences shared by two or more episodes of one input: announcements, not identity."""
    counts: Counter[str] = Counter()
    for parsed in episodes:
        found = set()
        for block in parsed.notes:
            found.add(normalise(block.text))
            found.update(normalise(sentence) for sentence in _SENTENCES.split(block.text))
        counts.update(found)
    return {line for line, count in counts.items() if count >= 2}


def merge_key(parsed: Parsed, boilerplate: set[str]) -> str:
    """Return the key that recognises an episode across scrapes when metadata does not."""
    for block in parsed.notes:
        line = normalise(block.text)
        if line not in boilerplate and len(line.split()) >= 3:
            return "notes:" + " ".join(re.findall(r"[\w']+", line)[:KEY_WORDS])
    if parsed.segments:
        first = parsed.segments[0]
        return "transcript:" + " ".join(re.findall(r"[\w']+", normalise(first.text))[:KEY_WORDS])
    if parsed.chapters:
        return "chapters:" + normalise(" | ".join(c.title for c in parsed.chapters[:3]))
    return "lines:" + normalise(" ".join(line.text for line in parsed.raw.lines[:2]))[:120]


def same_opening(key: str, other: str) -> bool:
    """Tell whether two merge keys name the same episode: equal, or one cut short inside the other.

    The shorter key's last word may itself be cut (``whi`` for ``while``).

    >>> full = "notes:we've been sitting on our icml recordings for a while from today's first ever solo guest"
    >>> same_opening(full, "notes:we've been sitting on our icml recordings for a whi")
    True
    >>> same_opening(full, "notes:we've been sitting on our neurips recordings for a while")
    False
    >>> same_opening("notes:happy holidays", "notes:happy holidays")
    True
    """
    if key == other:
        return True
    words, others = key.split(), other.split()
    shared = min(len(words), len(others)) - 1
    return shared >= MATCH_WORDS and words[:shared] == others[:shared]


def _phrase_hits(phrases: list[str], texts: list[str]) -> dict[int, list[int]]:
    """For each phrase, the texts it occurs in.

    A phrase made of whole words can only occur in a text that holds all of
    them, so an index of words narrows each search to a few texts; at a thousand
    episodes this replaces a million substring searches with a few thousand.

    >>> _phrase_hits(["loubna", "the state of", "ate of"], ["talk by loubna", "the state of agents", "the state"])
    {0: [0], 1: [1], 2: [1]}
    """
    where: dict[str, set[int]] = {}
    for number, text in enumerate(texts):
        for word in set(_WORD.findall(text)):
            where.setdefault(word, set()).add(number)
    hits: dict[int, list[int]] = {}
    for m, phrase in enumerate(phrases):
        words = _WORD.findall(phrase)
        candidates = set.intersection(*(where.get(word, set()) for word in words)) if words else set()
        hits[m] = [e for e in sorted(candidates) if phrase in texts[e]]
        if not hits[m]:
            # A phrase may begin or end inside a longer word; then only a full scan finds it.
            hits[m] = [e for e, text in enumerate(texts) if phrase in text]
    return hits


def assign_meta(episodes: list[Parsed], metas: list[EpisodeMeta], boilerplate: set[str]) -> dict[int, EpisodeMeta]:
    """Match metadata entries to the episodes of one input; return {episode index: entry}.

    A phrase can occur in the notes of several episodes (one episode mentions
    another's guest). Entries whose phrase occurs in fewer episodes are matched
    first, so each entry claims the episode only it can name; among several
    candidates, the one whose notes mention the phrase earliest wins. A second copy
    of a claimed episode in the same input (same merge key) goes with it.
    """
    texts = [notes_text(parsed) for parsed in episodes]
    phrases = [normalise(meta.match) for meta in metas]
    hits = _phrase_hits(phrases, texts)
    assigned: dict[int, EpisodeMeta] = {}
    for m in sorted(hits, key=lambda m: (len(hits[m]), m)):
        if not phrases[m]:
            continue  # an entry known only by its feed guid has no phrase to look for
        free = [e for e in hits[m] if e not in assigned]
        if free:
            assigned[min(free, key=lambda e: (texts[e].find(phrases[m]), e))] = metas[m]
    keys = {merge_key(episodes[e], boilerplate): meta for e, meta in assigned.items()}
    for e, parsed in enumerate(episodes):
        if e not in assigned and (meta := keys.get(merge_key(parsed, boilerplate))):
            assigned[e] = meta
    return assigned


def derive_title(notes: tuple[NoteBlock, ...], boilerplate: set[str]) -> str | None:
    """Derive a readable title from the notes; None when there is nothing to go on.

    The episode's own opening says what it is: the first notes block that is
    neither shared with other episodes, nor a heading, nor an announcement. A
    quoted Title Case phrase there names the talk ('The State of AI
    Startups'); one further down names something the talk discusses (a
    project's old name, a book), not the talk. Without one, the first
    sentence of the first such block, shortened (of an announcing block
    only when nothing else is left, and never an announcing sentence). Notes
    that hold only a heading of the episode's own (a publisher transcript's
    title line) are named by it.

    >>> from generator.model import Origin
    >>> blocks = (NoteBlock("paragraph", "We could think of no one better to cover 'The State of AI Startups' than Sarah.", Origin("f", 1)),)
    >>> derive_title(blocks, set())
    'The State of AI Startups'
    >>> blocks = (NoteBlock("paragraph", "Join us online! Sign up for the survey.", Origin("f", 1)),
    ...           NoteBlock("paragraph", "In October 2022, a hackathon led to LlamaIndex.", Origin("f", 2)),
    ...           NoteBlock("paragraph", "Jerry pushed it under the name “GPT Tree Index”.", Origin("f", 3)))
    >>> derive_title(blocks, set())
    'In October 2022, a hackathon led to LlamaIndex.'
    >>> derive_title((NoteBlock("heading", "Cursor’s Third Era: Cloud Agents", Origin("f", 1)),), set())
    'Cursor’s Third Era: Cloud Agents'
    """
    own = [
        block
        for block in notes
        if block.kind != "heading" and normalise(block.text) not in boilerplate and len(block.text.split()) >= 3
    ]
    plain = [block for block in own if not ANNOUNCEMENT.search(block.text)]
    if plain:
        quoted = _QUOTED.search(plain[0].text)
        if quoted and len(quoted.group(1).split()) >= 3:
            return quoted.group(1).strip()
    for block in plain + [block for block in own if block not in plain]:
        for sentence in re.split(r"(?<=[.!?])\s", block.text):
            if len(sentence.split()) >= 3 and not ANNOUNCEMENT.search(sentence):
                return shorten(sentence, 70)
    # Notes that are only a heading of the episode's own (a publisher transcript's title line): it names the talk.
    for block in notes:
        if block.kind == "heading" and normalise(block.text) not in boilerplate and len(block.text.split()) >= 2:
            return shorten(block.text, 70)
    return None


def shorten(text: str, limit: int) -> str:
    """Cut text at a word boundary, with an ellipsis when cut.

    >>> shorten("a b c", 10)
    'a b c'
    >>> shorten("one two three four", 9)
    'one two…'
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—-")
    return cut + "…"


def summarise(notes: tuple[NoteBlock, ...], boilerplate: set[str]) -> str:
    """Return the first sentence of the first notes paragraph that is the episode's own.

    >>> from generator.model import Origin
    >>> blocks = (NoteBlock("paragraph", "Sign up now! Tickets are going fast today.", Origin("f", 1)),
    ...           NoteBlock("paragraph", "Drew Houston has coded with LLMs for 400 hours. He says so.", Origin("f", 2)))
    >>> summarise(blocks, {normalise(blocks[0].text)})
    'Drew Houston has coded with LLMs for 400 hours.'
    """
    for block in notes:
        if block.kind != "paragraph" or normalise(block.text) in boilerplate:
            continue
        for sentence in _SENTENCES.split(block.text):
            if len(sentence.split()) >= 8 and not ANNOUNCEMENT.search(sentence) and normalise(sentence) not in boilerplate:
                return shorten(sentence, 220)
    return ""
