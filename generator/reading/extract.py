"""Extract what a talk's show notes cite: papers, models, tools, people, talks and links.

Show notes cite things in several shapes, one rule each:

* **Reading lists**: a run of bullets introduced by a heading or a sentence that
  names it (``Show Notes``, ``Links``, ``The key reads this year are:``,
  ``Brittany highlighted two poster session papers:``). The page flattened its
  nested lists, so inside a list:

  - a bullet that is a sentence belongs to the item above it: each paper's
    abstract became sibling bullets, and they become its summary;
  - a bullet made of list words (``Earlier Cited Work``, ``Related Episodes``)
    heads a group; so does a person's name in a list of titles (the presenters
    ``Isaac Robinson``, ``Peter Robicheaux``);
  - a bullet whose name the next bullets share heads a sub-group
    (``DETR Dominancy: …`` over ``RT-DETR``, ``LW-DETR``);
  - in a list of ``Topic: …`` bullets whose bodies hold titles of their own
    (``Exploration: Agentless: … and BAGEL: …``) the topic is the group and each
    title inside is an item.

* **Lists of named things** after a heading or a line ending in a colon:
  each bullet's opening name (``Riley Goodside from Scale``) is an item, and
  a short capitalised sibling phrase is one too.
* **Lists of released things** after a line announcing them (``… they are
  releasing:``, ``Other updates:``): each bullet names one, by its first clause.
* **Link lines** ``Label: https://…``, bulleted or not: the only place the
  notes keep a URL.
* **A heading followed by ``paper link``**: the heading names a paper.
* **Titles in running text**: ``Name: Title Case Subtitle`` and ``talk on …``.

Nothing here invents a URL: an item has one only when the notes gave it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..model import NoteBlock, ReadingItem
from ..vocabulary import load_vocabulary

# ---------------------------------------------------------------------- tables

_VOCABULARY = load_vocabulary("reading")

def _words_pattern(key: str) -> re.Pattern:
    """A case-blind pattern matching any of the vocabulary's ``key`` entries as whole words."""
    return re.compile(r"\b(?:" + "|".join(_VOCABULARY[key]) + r")\b", re.IGNORECASE)


#: Linking verbs that, in lower case right after a first word, make words a sentence.
SENTENCE_VERBS = frozenset(_VOCABULARY["sentence_verbs"])
#: A label that numbers a part of the notes (``Section A``, ``Part II``): no title's name.
STRUCTURE_LABEL = re.compile(r"^(?:" + "|".join(_VOCABULARY["structure_words"]) + r")\s+(?:[A-Z]|\d+|[IVX]+)$", re.IGNORECASE)
#: Words that make a heading, or the end of a sentence, introduce a reading list,
#: and the kind an untyped title in that list defaults to ("" = decide per item).
LIST_CUES: tuple[tuple[re.Pattern, str], ...] = (
    (_words_pattern("paper_list_cues"), "paper"),
    (_words_pattern("talk_list_cues"), "talk"),
    (_words_pattern("list_cues"), ""),
)
#: Words that make a line ending in a colon announce a list of released things.
RELEASE_CUES = _words_pattern("release_cues")
#: Words of a cue line that lists points, not works (``Other topics covered:``).
TOPIC_CUES = _words_pattern("topic_cues")
#: How many words at the end of a paragraph are read for a list cue: the cue is
#: in the clause that introduces the list, not anywhere in a long paragraph.
CUE_TAIL_WORDS = 16

#: A bullet made only of a few words, one of them these, heads a group.
GROUP_WORDS = frozenset(_VOCABULARY["group_words"])

#: Lowercase words a title-case phrase may hold between its capitalised words.
SMALL_WORDS = frozenset(_VOCABULARY["small_words"])

#: Generic nouns after a name (``ShareGPT dataset``) that do not stop it being a name.
NAME_SUFFIXES = frozenset(_VOCABULARY["name_suffixes"])

#: Words in an item that settle its kind before any other rule.
TALK_WORDS = _words_pattern("talk_words")
LINK_WORDS = _words_pattern("link_words")
#: A bill's number (``SB1047``, ``AB 2013``): a reference to read, not a tool.
#: A document number: a bill's or a standard's prefix, then a number ("SB 1047", "RFC 9110").
DOCUMENT_NUMBER = re.compile(r"^(?:" + "|".join(_VOCABULARY["document_prefixes"]) + r")\s?\d{2,5}$")
PAPER_WORD = re.compile(r"\bpapers?\b", re.IGNORECASE)
#: A profile on a social site: the person (or organisation) behind it.
PROFILE_SITES = frozenset(site.casefold() for site in _VOCABULARY["profile_sites"])
PROFILE_URL = re.compile(r"^https?://(?:www\.)?(?:" + "|".join(_VOCABULARY["profile_urls"]) + ")", re.I)
ON_PROFILE = re.compile(r"^(?P<name>.+?) on (?:" + "|".join(map(re.escape, _VOCABULARY["profile_sites"])) + ")$")
#: Hosts whose links cite a paper.
PAPER_HOSTS = tuple(_VOCABULARY["paper_hosts"])

#: Model families: a bare name starting with one of these is a model (``vocabulary/reading.yml``).
MODEL_FAMILIES = frozenset(_VOCABULARY["model_families"])

#: Common given names: with a surname after them, a bullet names a person. The
#: episode's speakers count too (their labels are often first names only).
GIVEN_NAMES = frozenset(_VOCABULARY["given_names"])
#: A last word like these names an organisation, not a surname.
ORG_WORDS = frozenset(_VOCABULARY["org_words"])

#: Words that lead into a cited name without being part of it (``see``, ``also``).
FILLER = re.compile(r"^(?:" + "|".join(_VOCABULARY["fillers"]) + r")\s+", re.IGNORECASE)
#: A label made of such words only (``See also``): what follows its colon are names.
FILLER_LABEL = re.compile(r"(?:(?:" + "|".join(_VOCABULARY["fillers"]) + r")\s*)+", re.IGNORECASE)
_LINK_LABELS = {"paper": "paper_link_labels", "talk": "talk_link_labels", "link": "link_labels"}
PAPER_LINK = re.compile(
    "^(?:" + "|".join(f"(?P<{kind}>" + "|".join(_VOCABULARY[key]) + ")" for kind, key in _LINK_LABELS.items()) + ")"
    + "".join(rf"(?:\s+{tail})?" for tail in _VOCABULARY["link_label_tails"]) + "[.!]?$",
    re.I,
)
#: Brackets that held the page's link texts, not part of a title.
ASIDE = re.compile(r"^(?:" + "|".join(_VOCABULARY["asides"]) + r")\b", re.IGNORECASE)
POSSESSIVE = re.compile(r"^(?P<owner>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,2})(?:['\u2019]s|')\s+(?P<rest>.+)$")

_WORD = r"[A-Z0-9][\w'\u2019\-.&/+]*"
_SMALL = "(?:" + "|".join(re.escape(w) for w in sorted(SMALL_WORDS, key=len, reverse=True)) + ")"
_RUN = rf"{_WORD}(?:\s+(?:{_SMALL}\s+)*{_WORD})*"
#: ``Name: Title Case Subtitle`` inside running text.
PROSE_TITLE = re.compile(rf"(?<![\w'\u2019])(?P<name>{_RUN}):\s+(?P<body>{_RUN})")
#: ``talk on …``, ``lecture covering a …``: the title of a talk.
PROSE_TALK = re.compile(
    r"\b(?:" + "|".join(_VOCABULARY["talk_list_cues"]) + r")\s+(?:" + "|".join(_VOCABULARY["talk_title_cues"]) + r")\s+"
    + r"(?:(?:" + "|".join(_VOCABULARY["articles"]) + r")\s+(?=[A-Z\u201c\"]))?"
    + rf"(?:[\u201c\"](?P<quoted>[^\u201d\"]+)[\u201d\"]|(?P<run>{_RUN}(?::\s+{_RUN})?))"
)
_SENTENCE_END = re.compile(r"[.!?:\u2026]['\"\u201d)]?$")
_PARENS = re.compile(r"\s*\((?P<inner>[^()]*)\)")
_QUOTES = "\"'\u201c\u201d\u2018\u2019"


@dataclass(frozen=True)
class _Context:
    """What the rules need besides the text: the talk's speaker names."""

    speakers: tuple[str, ...] = ()


# ------------------------------------------------------- what words look like


def fold_name(text: str) -> str:
    """Fold a name for comparison: case, accents, spaces, hyphens and punctuation go.

    >>> fold_name("SWE-Bench"), fold_name("SWE bench"), fold_name("Swebench")
    ('swebench', 'swebench', 'swebench')
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if c.isalnum() and not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return text.split()


def _is_name_word(word: str) -> bool:
    """Tell whether a word can be part of a proper name (``Aider``, ``miniWoB``, ``E2B``, ``Lindy.ai``)."""
    word = word.strip(",;")
    return bool(re.match(r"^[A-Z0-9]", word) or re.match(r"^[a-z]+[A-Z0-9]", word) or re.match(r"^\w+\.\w{2,3}$", word))


def title_case(text: str) -> bool:
    """Tell whether a phrase is written as a title: every word but small ones capitalised.

    >>> title_case("Tree Search for Language Model Agents"), title_case("Sora API leak")
    (True, False)
    """
    words = _words(text)
    if not words or not _is_name_word(words[0]):
        return False
    return all(_is_name_word(w) or w.casefold() in SMALL_WORDS for w in words)


def name_like(text: str) -> bool:
    """Tell whether a phrase is a short proper name (``Fireworks AI``, ``ShareGPT dataset``), not a title.

    >>> name_like("Cobalt Robotics"), name_like("Wealth of Nations"), name_like("Rick Rolling")
    (True, False, False)
    """
    words = _words(_PARENS.sub("", text))
    while len(words) > 1 and words[-1].casefold() in NAME_SUFFIXES:
        words.pop()
    if not 0 < len(words) <= 4 or not all(_is_name_word(w) for w in words):
        return False
    # A last word like "Rolling" is a verb, not a name.
    last = words[-1]
    return not (len(words) > 1 and len(last) > 5 and last.endswith("ing"))


def is_person(text: str, context: _Context) -> bool:
    """Tell whether a phrase names a person: a known given name or a speaker, then a surname.

    >>> is_person("Isaac Robinson", _Context()), is_person("Toyota Research", _Context())
    (True, False)
    >>> is_person("Itamar", _Context(("Itamar",))), is_person("Sierra", _Context())
    (True, False)
    """
    name = _PARENS.sub("", text).strip()
    words = _words(name)
    if not words or not all(re.match(r"^[A-Z][\w'\u2019\-.]*$", w) for w in words):
        return False
    if len(words) > 3 or words[-1].casefold() in ORG_WORDS or (len(words) > 1 and words[-1].endswith("ing")):
        return False
    key = fold_name(name)
    for speaker in context.speakers:
        spoken = fold_name(speaker)
        if spoken and key.startswith(spoken) and (len(key) == len(spoken) or len(words) > 1):
            return True
    return len(words) > 1 and words[0].casefold() in GIVEN_NAMES


def is_sentence(text: str) -> bool:
    """Tell whether a bullet is a sentence of prose (an abstract's line), not a title.

    >>> is_sentence("We base these steps on two findings."), is_sentence("Hymba: A Hybrid-head Architecture")
    (True, False)
    """
    if re.match(r"^\(\d+\)\s", text):
        return True
    return len(_words(text)) >= 5 and bool(_SENTENCE_END.search(text))


def _cue_tail(text: str) -> str:
    """The clause a paragraph ends with, where a cue for the list after it stands: its last sentence's last words.

    >>> _cue_tail("GPT3.5 was announced alongside ChatGPT. This accomplished two things:")
    'This accomplished two things:'
    """
    last = _LAST_SENTENCE.split(text.strip())[-1]
    return " ".join(_words(last)[-CUE_TAIL_WORDS:])


#: Where a sentence ends and another starts, inside a paragraph.
_LAST_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def _cue(text: str, heading: bool) -> str | None:
    """The default kind a list cue sets ("" for any), or None when the text introduces no reading list."""
    if not heading:
        text = _cue_tail(text)
    if TOPIC_CUES.search(text):
        return None
    for pattern, kind in LIST_CUES:
        if pattern.search(text):
            return kind
    return None


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) > 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        return text[1:-1].strip()
    return text


def _strip_possessive(text: str, min_words: int = 1) -> str:
    """Drop an owner before a name of at least ``min_words`` words (``Loubna’s SmolLM and SmolLM2``)."""
    match = POSSESSIVE.match(text)
    rest = match.group("rest").split() if match else []
    if match and _is_name_word(rest[0]) and len(rest) >= min_words:
        return match.group("rest")
    return text


def short_name(title: str) -> str:
    """The name a title is known by: the part before a colon, without asides, owner or generic words.

    >>> short_name("Mamba: Linear-Time Sequence Modeling with Selective State Spaces")
    'Mamba'
    >>> short_name("Stanford’s Alpaca project"), short_name("Human Eval & other benchmarks")
    ('Alpaca', 'Human Eval')
    """
    text = _unquote(title)
    name, colon, _ = text.partition(": ")
    if colon and len(_words(name)) <= 4:
        text = name
    text = _strip_possessive(_PARENS.sub("", text).strip())
    text = re.sub(r"\s+&\s+other\b.*$", "", text)
    words = _words(text)
    while len(words) > 1 and words[-1].casefold() in NAME_SUFFIXES | {"paper"}:
        words.pop()
    return " ".join(words)


def title_key(title: str) -> str:
    """Fold a title to the key that finds the same work under other spellings.

    >>> title_key("Tree of Thoughts") == title_key("Trees of Thought"), title_key("TauBench") == title_key("Tau Bench")
    (True, True)
    """
    words = re.split(r"[\s\-]+", short_name(title))
    # Plurals differ between mentions of one work ("Trees of Thought", "Tree of Thoughts").
    return "".join(re.sub(r"(?<=\w{3})s$", "", fold_name(w)) for w in words)


# --------------------------------------------------------------------- kinds


def classify(title: str, default: str, context: _Context, url: str | None = None) -> str:
    """Decide an item's kind from its words, its shape, the list it sits in and its URL."""
    if (url and PROFILE_URL.match(url)) or ON_PROFILE.match(title):
        return "person"
    if TALK_WORDS.search(title):
        return "talk"
    if LINK_WORDS.search(title) or DOCUMENT_NUMBER.match(title):
        return "link"
    if PAPER_WORD.search(title) or (url and any(host in url for host in PAPER_HOSTS)):
        return "paper"
    _, _, body = title.partition(": ")
    if body and re.match(r"^[A-Z0-9]", body):
        return "paper"
    short = short_name(title)
    if short and fold_name(short.split()[0]).rstrip("0123456789") in MODEL_FAMILIES:
        return "model"
    if is_person(short, context):
        return "person"
    if default == "talk":
        return "talk"
    bare = _PARENS.sub("", title).strip()
    if default == "paper" and (body or (title_case(bare) and len(_words(bare)) >= 3)):
        return "paper"
    if name_like(short):
        return "tool"
    return "link"


# -------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class _Found:
    """An item found in a bullet, before its group is known."""

    title: str
    kind: str
    summary: str = ""


def _item(found: _Found, block: NoteBlock, group: str | None, url: str | None = None) -> ReadingItem:
    return ReadingItem(
        title=found.title,
        kind=found.kind,  # type: ignore[arg-type]
        origin=block.origin,
        url=url or _link_for(found.title, block),
        group=group,
        summary=found.summary,
    )


def _link_for(title: str, block: NoteBlock) -> str | None:
    """The URL the block gives this item: the link whose words are the item's (HTML inputs keep them)."""
    if not block.links:
        return block.url if block.kind == "link" else None
    key = fold_name(short_name(title))
    for link in block.links:
        words = fold_name(link.text)
        if words and (words in fold_name(title) or key and key in words):
            return link.url
    return block.links[0].url if len(block.links) == 1 else None


def _paper_title(text: str) -> str:
    """Cut the word "paper" from a title (``ReAct Paper``, ``NeurIPS Paper Conformal Risk Control``)."""
    after = re.search(r"\b[Pp]aper\s+(?=[A-Z])(?P<title>.+)$", text)
    if after:
        return after.group("title")
    return re.sub(r"\s+[Pp]aper$", "", text)


def _drop_asides(text: str) -> str:
    """Remove brackets that held the page's link texts (``see our SAM2 pod``, ``slides``), keep others (``Pi``)."""
    return _PARENS.sub(lambda m: "" if ASIDE.match(m.group("inner")) else m.group(0), text).strip()


def parse_title_bullet(text: str, default: str, context: _Context) -> list[_Found]:
    """Read one bullet of a list of titles or names into its items (usually one)."""
    text = FILLER.sub("", text.strip()).strip()
    summary = ""
    # "Papers cited: BLOOM: A 176B-Parameter …": the list's cue, run into its first bullet.
    label, colon, rest = text.partition(": ")
    if colon and rest and _words(label) and all(word.casefold() in GROUP_WORDS for word in _words(label)):
        text = rest
    # "Sora (see our pod) - extending diffusion…": lower-case words after a dash are commentary.
    head, dash, tail = text.partition(" - ")
    if dash and tail[:1].islower():
        text, summary = head, tail
    head, comma, tail = text.partition(", which ")
    if comma:
        text, summary = head, "which " + tail
    short, titled = _title_from_parens(text)
    if titled:
        text = f"{short}: {titled}" if short and ": " not in titled else titled
    text = _unquote(_drop_asides(text))
    name, colon, body = text.partition(": ")
    if colon and body[:1].islower() and _SENTENCE_END.search(body):
        text, summary = name, body
    if PAPER_WORD.search(text) and not TALK_WORDS.search(text):
        return [_Found(_paper_title(text), "paper", summary)]
    kind = classify(text, default, context)
    if kind not in {"talk", "link"}:
        # "Loubna’s SmolLM and SmolLM2" is known as "SmolLM and SmolLM2"; "Stanford’s Alpaca project" keeps its owner.
        text = _strip_possessive(text, min_words=3)
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > 1 and all(name_like(p) for p in parts):
        return [_Found(p, classify(p, default, context), summary) for p in parts]
    return [_Found(text, kind, summary)]


def _title_from_parens(text: str) -> tuple[str, str]:
    """Split ``MMVP (Eyes Wide Shut? Exploring…)`` into the short name outside and the title inside.

    Returns ("", "") when no bracket holds a title.
    """
    for match in _PARENS.finditer(text):
        inner = match.group("inner").strip()
        last_clause = inner.rpartition("? ")[2]
        if ": " in inner or (len(_words(inner)) >= 3 and title_case(last_clause)):
            outside = (text[: match.start()] + text[match.end() :]).strip()
            return (outside if name_like(outside) else ""), inner
    return "", ""


def parse_topic_bullet(text: str, context: _Context) -> tuple[str, list[_Found]]:
    """Read ``Topic: titles - commentary`` into its topic and the titles it names."""
    topic, _, body = text.partition(": ")
    summaries: list[str] = []
    first, stop, rest = body.partition(". ")
    if stop and rest[:1].isupper():
        body = first
        summaries.append(rest)
    head, dash, tail = body.rpartition(" - ")
    if dash:
        body = head
        summaries.append(tail)
    body = re.sub(r"^See\s+", "", body)
    found: list[_Found] = []
    # A bracket holds either names under the label before it ("Fast Sanity Checks
    # (miniWoB and Aider)") or a paper that the words before it describe.
    labels: list[str] = []
    remaining = body
    for match in _PARENS.finditer(body):
        inner = match.group("inner").strip()
        label = re.split(r"\s+and\s+|,\s*", body[: match.start()])[-1].strip()
        names = [n.strip() for n in re.split(r",\s*|\s+and\s+", inner)]
        if all(name_like(n) for n in names):
            found += [_Found(n, classify(n, "", context), label) for n in names]
        else:
            found.append(_Found(inner, classify(inner, "paper", context)))
            summaries.insert(0, label)
        labels.append(label)
        remaining = remaining.replace(match.group(0), "")
    for part in re.split(r"\s+and\s+(?=[A-Z])", remaining):
        part = part.strip()
        if part and part not in labels and "," not in part and (": " in part or title_case(part)):
            found.append(_Found(part, classify(part, "paper", context)))
    summary = "; ".join(s for s in summaries if s)
    return topic, [f if f.summary else replace(f, summary=summary) for f in found]


# --------------------------------------------------------------------- lists


def _is_topic_list(bullets: list[NoteBlock]) -> bool:
    """Tell whether a list's ``Label: …`` bullets are topics holding titles, not titles themselves."""
    labelled = [b.text for b in bullets if re.match(r"^[^():]{2,60}: ", b.text) and not is_sentence(b.text)]
    if len(labelled) < 3:
        return False
    nested = sum(1 for t in labelled if ": " in t.partition(": ")[2] or "(" in t)
    return nested * 2 >= len(labelled)


def _is_title_list(bullets: list[NoteBlock]) -> bool:
    """Tell a list of titles (papers, talks) from a list of names (show notes)."""
    entries = [b.text for b in bullets if not is_sentence(b.text)]
    long = sum(1 for t in entries if len(_words(t)) >= 4)
    return bool(entries) and long * 2 >= len(entries)


def _is_abstract(text: str) -> bool:
    """Tell a sentence of an abstract from ``SmolLM and SmolLM2: a family of…`` (a name, then what it is)."""
    if not is_sentence(text):
        return False
    name, colon, _ = _strip_possessive(text).partition(": ")
    return not (colon and name_like(name.replace(" and ", " ")) and not re.match(r"^\(\d+\)", text))


def _sub_header(index: int, bullets: list[NoteBlock]) -> int:
    """How many bullets after ``index`` a sub-header there stands over (0: it is no sub-header).

    A sub-header's first word names the next two titles (``DETR Dominancy: …``
    over ``RT-DETR: …`` and ``LW-DETR: …``); it stands over the titles after it
    that still name that word.
    """
    keys = [fold_name(p.split()[0]) for p in re.split(r"\s*/\s*", bullets[index].text.partition(": ")[0]) if p.split()]
    keys = [k for k in keys if len(k) >= 3]
    following = bullets[index + 1 : index + 3]
    if not keys or len(following) < 2:
        return 0
    for bullet in following:
        name, colon, _ = bullet.text.partition(": ")
        if not colon or not any(k in fold_name(name) for k in keys):
            return 0
    count = 0
    for bullet in bullets[index + 1 :]:
        if _is_abstract(bullet.text) or not any(k in fold_name(bullet.text) for k in keys):
            break
        count += 1
    return count


def _roles(bullets: list[NoteBlock], titles: bool, context: _Context) -> list[str]:
    """Say what each bullet of a list is: abstract, header, presenter, sub, redundant or item."""
    roles = []
    for index, bullet in enumerate(bullets):
        text = bullet.text.strip()
        words = _words(text)
        last = index == len(bullets) - 1
        if _is_abstract(text):
            roles.append("abstract")
        elif not last and len(words) <= 4 and ":" not in text and any(w.casefold() in GROUP_WORDS for w in words):
            roles.append("header")
        elif not last and text.endswith(":") and 0 < len(words) <= CUE_TAIL_WORDS:
            roles.append("header")  # a lead-in to the bullets below it (``Research mentioned:``)
        elif titles and not last and is_person(text, context) and not LINK_WORDS.search(text):
            roles.append("presenter")
        elif titles and _sub_header(index, bullets):
            parts = re.split(r"\s*/\s*", text)
            # "PaliGemma / PaliGemma 2" over the two papers adds nothing their titles do not say.
            roles.append("redundant" if ": " not in text and all(name_like(p) for p in parts) else "sub")
        else:
            roles.append("item")
    return roles


def parse_list(bullets: list[NoteBlock], default: str, group: str | None, context: _Context) -> list[ReadingItem]:
    """Turn one reading list's bullets into items, with groups and summaries."""
    if _is_topic_list(bullets):
        items = []
        for bullet in bullets:
            topic, found = parse_topic_bullet(bullet.text, context)
            items += [_item(f, bullet, topic) for f in found]
        return items
    titles = _is_title_list(bullets)
    roles = _roles(bullets, titles, context)
    has_abstract = [i + 1 < len(roles) and roles[i + 1] == "abstract" for i in range(len(roles))]
    items: list[ReadingItem] = []
    header: str | None = None
    #: Whether the header group's items carry abstracts: an item that differs sat one level up.
    header_abstracts: bool | None = None
    presenters = False
    sub: tuple[str, int] | None = None
    attach = False
    for index, (bullet, role) in enumerate(zip(bullets, roles)):
        text = bullet.text.strip()
        if role == "abstract":
            if attach and items:
                items[-1] = replace(items[-1], summary=f"{items[-1].summary} {text}".strip())
            continue
        attach = False
        if role in {"header", "presenter"}:
            header, header_abstracts, sub = text.rstrip(":").strip(), None, None
            presenters = presenters or role == "presenter"
            continue
        if role in {"sub", "redundant"}:
            sub = (text, _sub_header(index, bullets)) if role == "sub" else None
            continue
        person, dash, thing = text.partition(" - ")
        if presenters and dash and is_person(person, context):
            header, header_abstracts, sub, text = person, None, None, thing
        if header is not None:
            if header_abstracts is None:
                header_abstracts = has_abstract[index]
            elif header_abstracts != has_abstract[index]:
                header = None
        place = header if header is not None else group
        if sub is not None:
            place = " \u203a ".join(p for p in (place, sub[0]) if p)
            sub = (sub[0], sub[1] - 1) if sub[1] > 1 else None
        items += [_item(f, bullet, place) for f in parse_title_bullet(text, default, context)]
        attach = True
    return items


# --------------------------------------------------------------------- prose


def _opens_sentence(body: str) -> bool:
    """Tell whether words after a label open a sentence (``This is a 2-part episode``), not a title.

    A title capitalises its verb (``Attention Is All You Need``); a sentence
    leaves the second word, a linking verb, in lower case.
    """
    words = body.split()
    return len(words) > 1 and words[1] in SENTENCE_VERBS


def prose_items(block: NoteBlock, group: str | None, context: _Context) -> list[ReadingItem]:
    """Titles cited inside running text: ``talk on …`` and ``Name: Title Case Subtitle``."""
    items: list[ReadingItem] = []
    taken: list[tuple[int, int]] = []
    for match in PROSE_TALK.finditer(block.text):
        title = (match.group("quoted") or match.group("run") or "").strip().rstrip(".")
        if len(_words(title)) >= 2:
            items.append(_item(_Found(title, "talk"), block, group))
            taken.append(match.span())
    for match in PROSE_TITLE.finditer(block.text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        name, body = match.group("name"), match.group("body").rstrip(".")
        capitalised = [w for w in _words(body) if w.casefold() not in SMALL_WORDS and any(c.isalpha() for c in w)]
        if len(_words(body)) < 3 or len(capitalised) < 2 or STRUCTURE_LABEL.match(name) or _opens_sentence(body):
            continue
        if len(_words(name)) <= 6 and not re.search(r"/[a-z]", name):
            title = f"{name}: {body}"
        elif PAPER_WORD.search(block.text[: match.start()]):
            # "a position paper that links …: Automatic Environment Shaping is …": the title follows the colon.
            title = body
        else:
            continue
        items.append(_item(_Found(title, classify(title, "paper", context)), block, group))
    return items


# ---------------------------------------------------------------------- walk


def extract_reading(notes: Iterable[NoteBlock], speakers: Iterable[str] = ()) -> list[ReadingItem]:
    """Find every item the show notes cite, in the order the notes cite them."""
    context = _Context(tuple(s for s in speakers if s))
    blocks = list(notes)
    items: list[ReadingItem] = []
    heading: NoteBlock | None = None
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "heading":
            heading = block
            # A heading with nothing under it was the label of an embedded video.
            if (following is None or following.kind == "heading") and TALK_WORDS.search(block.text):
                items.append(_item(_Found(block.text, "talk"), block, None))
            index += 1
            continue
        group = _group_of(heading)
        if block.kind == "link":
            items.append(_item(_Found(block.text, classify(block.text, "", context, block.url)), block, group, block.url))
            index += 1
            continue
        if block.kind == "paragraph":
            paper = PAPER_LINK.match(block.text.strip())
            previous = blocks[index - 1] if index else None
            if paper and previous is not None and previous.kind == "heading":
                kind = paper.lastgroup
                items.append(_item(_Found(previous.text, kind), previous, None, _link_for(previous.text, block)))
            else:
                items += prose_items(block, group, context)
                items += _lone_talk(block, following, group)
            index += 1
            continue
        end = index
        while end < len(blocks) and blocks[end].kind == "bullet":
            end += 1
        cue, title_block = _list_cue(blocks, index)
        if cue is None and _is_release_list(blocks, index):
            items += release_list(blocks[index:end], group, context)
        elif cue is None and _is_name_list(blocks, index, end):
            items += name_list(blocks[index:end], group, context)
        elif cue is None and _is_example_list(blocks, index, end):
            # Not names first: ``Topic - Example`` bullets (``Generative Art for non-artists - Midjourney``).
            items += example_list(blocks[index:end], group, context)
        elif cue is None:
            owner = _owner(blocks, index)
            for bullet in blocks[index:end]:
                items += _bullet_items(bullet, group, context, owner)
        else:
            own_heading = heading is None or heading is title_block
            items += parse_list(blocks[index:end], cue, None if own_heading else group, context)
        index = end
    return items


def _is_release_list(blocks: list[NoteBlock], start: int) -> bool:
    """Whether the line above a run of bullets announces what was released (``… they are releasing:``)."""
    previous = blocks[start - 1] if start else None
    if previous is None or previous.kind == "bullet" or not previous.text.rstrip().endswith(":"):
        return False
    return bool(RELEASE_CUES.search(_cue_tail(previous.text)))


#: Where the name of a released thing ends and its description starts.
_RELEASE_GLOSS = re.compile(r",\s+(?:which|that|built|to)\s|\.\s|\s[\u2013\u2014]\s|\s\((?=[a-z0-9])")


def release_list(bullets: list[NoteBlock], group: str | None, context: _Context) -> list[ReadingItem]:
    """Read a list of released things: each bullet is one, named by its first clause, described by the rest."""
    items: list[ReadingItem] = []
    for bullet in bullets:
        text = bullet.text.strip()
        if bullet.url or not (text[:1].isupper() or text[:1].isdigit()) or text.endswith(":"):
            items += _link_bullet(bullet, group, context) or prose_items(bullet, group, context)
            continue
        cut = _RELEASE_GLOSS.search(text)
        title = text[: cut.start()] if cut else text.rstrip(".")
        summary = text[cut.start() :].lstrip(" ,.\u2013\u2014") if cut else ""
        items.append(_item(_Found(title, classify(title, "", context), summary), bullet, group))
    return items


def _link_bullet(bullet: NoteBlock, group: str | None, context: _Context, owner: str | None = None) -> list[ReadingItem]:
    """A bullet that is a link line (``* SWE-bench: https://…``): its label, with the URL it gives.

    ``owner`` is the short name on the line above the list (``Jim Zemlin
    (Linux Foundation)``): a link labelled only by a profile site
    (``LinkedIn: https://…``), or a bullet that is only a URL, is that name's
    link. Without one, a bare URL is labelled by the address without its
    scheme (``agenticai.foundation``).
    """
    if not bullet.url:
        return []
    text = bullet.text.strip()
    label = "" if text == bullet.url else text.partition(": ")[0].strip()
    site = label.casefold() in PROFILE_SITES
    if owner and (site or not label):
        title = _PARENS.sub("", owner).strip()
        return [_item(_Found(title, "person" if site else classify(title, "", context, bullet.url)), bullet, group, bullet.url)]
    label = label or re.sub(r"^https?://(?:www\.)?", "", text).rstrip("/")
    return [_item(_Found(label, classify(label, "", context, bullet.url)), bullet, group, bullet.url)]


def _bullet_items(bullet: NoteBlock, group: str | None, context: _Context, owner: str | None = None) -> list[ReadingItem]:
    """A bullet no list shape reads: a link line, a shape that cites (:func:`_cited_bullet`), or titles in its prose."""
    return _link_bullet(bullet, group, context, owner) or _cited_bullet(bullet, group, context) or prose_items(bullet, group, context)


def _owner(blocks: list[NoteBlock], start: int) -> str | None:
    """The short name on the line right above a list (``Agentic AI Foundation``), if that line is one."""
    above = blocks[start - 1] if start else None
    if above is None or above.kind == "bullet" or above.url:
        return None
    text = above.text.strip()
    bare = _PARENS.sub("", text).strip()
    return text if bare and len(_words(bare)) <= 5 and name_like(bare) and not text.endswith(":") else None


#: A quotation with the name of who said it (``“Coding with AI is getting insane.” - Mckay Wrigley``).
_ATTRIBUTED = re.compile(r"^[\"\u201c](?P<quote>[^\"\u201c\u201d]{3,})[\"\u201d]\s+[-\u2013\u2014]\s+(?P<who>[A-Z][^\s,.]*(?:\s+[A-Z][^\s,.]*){0,3})$")
#: Who wrote a paper, then its title: ``Hila Chefer et al (Google Research): Title``, ``Name (Lab): Title``.
_AUTHORED = re.compile(
    r"^(?P<authors>[A-Z][\w'\u2019.\-]*(?:\s+[A-Z][\w'\u2019.\-]*){1,3})"
    r"(?P<rest>(?:\s+et\s+al\.?)?(?:\s+\([^()]+\))?(?:\s+et\s+al\.?)?):\s+(?P<title>[A-Z0-9].+)$"
)
#: A model or dataset named by its hub id, owner and name (``huggyllama/llama-65b``).
_HUB_ID = re.compile(r"(?<![\w/.:])(?P<id>[A-Za-z][\w.\-]{2,}/[A-Za-z0-9][\w.]*-[\w.\-]*[A-Za-z0-9])(?![\w/])")
#: Where a paper's title ends: a bracket of venue or links, or the next sentence.
_TITLE_END = re.compile(r"\s+\(|\.\s+[A-Z]|\s+[-\u2013\u2014]\s+")


def _cited_bullet(bullet: NoteBlock, group: str | None, context: _Context) -> list[ReadingItem]:
    """Bullets whose shape says what they cite, whatever list they stand in.

    * a quotation signed with a name: what that person posted, titled by the quote;
    * a paper after its authors (``et al``, or a person with an affiliation in
      brackets) and a colon: the title, to its first bracket or sentence end;
    * a name glossed as a paper in brackets (``Sotopia (spotlight paper, website)``);
    * ids of models or datasets on a hub (``owner/name-with-parts``);
    * names after a label of filler words only (``See also: Google Lumiere, Attend
      and Excite``), each a short proper name or title.
    """
    label, colon, names = bullet.text.strip().partition(": ")
    if colon and FILLER_LABEL.fullmatch(label):
        parts = [part.strip().rstrip(".") for part in names.split(",")]
        if all((name_like(part) or title_case(part)) and len(_words(part)) <= 6 for part in parts):
            return [_item(_Found(part, classify(part, "", context)), bullet, group) for part in parts]
    text = FILLER.sub("", bullet.text.strip())
    if quoted := _ATTRIBUTED.match(text):
        return [_item(_Found(quoted.group("quote").strip(), "link", quoted.group("who")), bullet, group)]
    if (authored := _AUTHORED.match(text)) and (
        "et al" in authored.group("rest") or is_person(authored.group("authors"), context) and "(" in authored.group("rest")
    ):
        body = authored.group("title")
        cut = _TITLE_END.search(body)
        title = body[: cut.start()] if cut else body.rstrip(".")
        summary = f"{authored.group('authors')}{authored.group('rest')}"
        return [_item(_Found(title.strip(), "paper", summary.strip()), bullet, group)]
    head, bracket, _ = text.partition(" (")
    gloss = _PARENS.match(text[len(head) :]) if bracket else None
    if gloss and PAPER_WORD.search(gloss.group("inner")) and name_like(head) and len(_words(head)) <= 4:
        return [_item(_Found(head, "paper"), bullet, group)]
    hub = [match.group("id") for match in _HUB_ID.finditer(text)]
    return [_item(_Found(name, classify(name, "", context)), bullet, group) for name in hub]


def _named_head(text: str) -> str | None:
    """The proper name a bullet opens with, before its description (``RedPajama, a fully open …``).

    A bullet that is only a name is all head (``Node Postprocessors``); a head
    is a short proper name (:func:`name_like`), never a phrase with lowercase
    words (``Expanded context window to 16k tokens``) nor a number (``5x faster``).
    A ``Label: …`` bullet (``Developer Framework (2022): Dust started …``) is
    a topic or a party, read by the other shapes; a name glossed in brackets
    (``Indexing (i.e. how do you …)``) is a term being explained, not a work.
    A name followed by where it is from (``Riley Goodside from Scale``,
    ``Simon Willison (of Simon Willison’s Weblog)``) opens with its name.
    """
    text = FILLER.sub("", text.strip())
    label, colon, _ = text.partition(": ")
    if colon and len(_words(label)) <= 6:
        return None
    head = re.split(r",\s+|\s+[-\u2013\u2014]\s+|\s+\(|\s+(?:from|at)\s+(?=[A-Z])", text, maxsplit=1)[0].strip()
    gloss = text[len(head) :].lstrip()
    if gloss.startswith("(") and gloss[1:2].islower() and not _AFFILIATION.match(gloss):
        return None
    if not head or head[0].isdigit() or not name_like(head) or len(_words(head)) > 4:
        return None
    return head


#: Where a named person or thing is from, in brackets after its name (``(of Simon Willison’s Weblog)``).
_AFFILIATION = re.compile(r"^\((?:from|at|of)\s+[A-Z]")


#: The first run of capitalised words (``GitHub’s Copilot X``, ``Midjourney/Stable Diffusion``).
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'\u2019./+-]*(?:\s+(?:[A-Z0-9][\w'\u2019./+-]*))*")


def _example(text: str) -> tuple[str, str] | None:
    """Read ``Topic - Example …`` (``Generative Art for non-artists - Midjourney/Stable Diffusion``).

    The topic is a short capitalised phrase; the example is the name the
    words after the dash open with, or their first run of capitalised words.
    """
    topic, dash, rest = FILLER.sub("", text.strip()).partition(" - ")
    if not dash or not topic[:1].isupper() or len(_words(topic)) > 6 or is_sentence(topic):
        return None
    head = _named_head(rest)
    if head is None and (run := _CAPITALISED_RUN.search(rest)):
        head = run.group(0)
    return (head, topic) if head else None


def _is_example_list(blocks: list[NoteBlock], start: int, end: int) -> bool:
    """Tell whether bullets after a line ending in a colon are topics with an example each.

    Two bullets or more, and most of them ``Topic - Example``.
    """
    previous = blocks[start - 1] if start else None
    if previous is None or previous.kind == "bullet" or not previous.text.rstrip().endswith(":") or end - start < 2:
        return False
    return sum(_example(b.text) is not None for b in blocks[start:end]) * 2 > end - start


def example_list(bullets: list[NoteBlock], group: str | None, context: _Context) -> list[ReadingItem]:
    """Read a list of topics with examples: each example is an item, its topic the summary."""
    items: list[ReadingItem] = []
    for bullet in bullets:
        found = _example(bullet.text)
        if found is None:
            items += _bullet_items(bullet, group, context)
            continue
        head, topic = found
        items.append(_item(_Found(head, classify(head, "", context), topic), bullet, group))
    return items


def _is_name_list(blocks: list[NoteBlock], start: int, end: int) -> bool:
    """Tell whether bullets that no cue introduces are a list of named things.

    The list stands under a heading or after a line that announces it (ending
    in a colon), and most of its bullets open with a proper name.
    """
    previous = blocks[start - 1] if start else None
    if previous is None or not (previous.kind == "heading" or previous.text.rstrip().endswith(":")):
        return False
    named = sum(_named_head(b.text) is not None for b in blocks[start:end])
    return named * 2 > end - start


def name_list(bullets: list[NoteBlock], group: str | None, context: _Context) -> list[ReadingItem]:
    """Read a list of named things: each bullet's opening name is an item, its description the summary."""
    items: list[ReadingItem] = []
    for bullet in bullets:
        head = _named_head(bullet.text)
        if head is None:
            found = _link_bullet(bullet, group, context) or _cited_bullet(bullet, group, context)
            items += found or _short_entry(bullet, group, context) or prose_items(bullet, group, context)
            continue
        rest = FILLER.sub("", bullet.text.strip())[len(head) :].lstrip(",:-\u2013\u2014 ").strip()
        items.append(_item(_Found(head, classify(head, "", context), rest), bullet, group))
    return items


#: Most words of a list entry that is a name-like phrase rather than a sentence.
_SHORT_ENTRY_WORDS = 8


def _short_entry(bullet: NoteBlock, group: str | None, context: _Context) -> list[ReadingItem]:
    """A sibling of named things named by a short phrase (``Adapters for OpenAI, Cohere, and HuggingFaceHub``).

    The phrase is capitalised, no sentence and no lead-in to more
    (``and many more hackers:``); it is the entry's title as it stands.
    """
    text = bullet.text.strip()
    if not text[:1].isupper() or len(_words(text)) > _SHORT_ENTRY_WORDS or text.endswith(":") or is_sentence(text):
        return []
    return [_item(_Found(text, classify(text, "", context)), bullet, group)]


def _group_of(heading: NoteBlock | None) -> str | None:
    """A section heading groups what its text cites, unless it names a list (``Links``)."""
    if heading is None or _cue(heading.text, True) is not None:
        return None
    return heading.text


def _list_cue(blocks: list[NoteBlock], start: int) -> tuple[str | None, NoteBlock | None]:
    """The default kind of the list starting at ``start`` and the block that introduced it.

    The line right above the list introduces it; when that is a sub-heading
    (``Some of these used in the final audio episode below``), the line above it may.
    """
    for block in reversed(blocks[max(0, start - 2) : start]):
        if block.kind == "bullet":
            break
        cue = _cue(block.text, block.kind == "heading")
        if cue is not None:
            return cue, block
        if block.kind != "heading":
            break
    return None, None


def _lone_talk(block: NoteBlock, following: NoteBlock | None, group: str | None) -> list[ReadingItem]:
    """A short line naming a talk and ending in a colon, with no list after it: the label of an embedded video."""
    text = block.text.strip()
    if not text.endswith(":") or (following is not None and following.kind == "bullet"):
        return []
    text = FILLER.sub("", text).rstrip(":").strip()
    if len(_words(text)) > 6 or not TALK_WORDS.search(text) or PROSE_TALK.search(block.text):
        return []
    return [_item(_Found(text, "talk"), block, group)]
