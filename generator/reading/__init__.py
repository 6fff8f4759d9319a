"""Reading lists: what each talk cites, tied to the moments it comes up, per talk and across the site.

One concern, three steps: :mod:`.extract` finds the items in the show notes,
:mod:`.match` folds the items a talk cites twice into one and finds each
item's mentions in the transcript, and :mod:`.render` renders:

* the talk page's ``Reading list`` section, grouped as the notes group them;
* ``episodes/<slug>/reading-list.json`` beside each talk;
* ``reading-list/index.md`` and ``reading-list.json``: every item across the
  site, once, with every talk that cites it and the moments it comes up.

A mention is a segment that says one of the item's short names (spaces,
hyphens and case aside; a name that is also a word only with its capital): the
part of a title before its colon, each of several names, a company without its
domain ("Lindy" for ``Lindy.ai``), a person by a surname that is no common word.

A URL is shown only where the input gave one. Elsewhere an item gets a search
link that says it is a search ("search arXiv"), never a guessed address.
"""

from .extract import extract_reading, fold_name, short_name, title_key
from .match import find_mentions, fold_duplicates, item_key, mention_keys, transcript_of, with_reading
from .render import (
    KIND_LABELS,
    KINDS,
    PAGE_MOMENTS,
    SITE_MOMENTS,
    Citation,
    Entry,
    episode_json,
    reading_section,
    search_link,
    site_entries,
    site_json,
    site_page,
)

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "PAGE_MOMENTS",
    "SITE_MOMENTS",
    "Citation",
    "Entry",
    "episode_json",
    "extract_reading",
    "find_mentions",
    "fold_duplicates",
    "fold_name",
    "item_key",
    "mention_keys",
    "reading_section",
    "search_link",
    "short_name",
    "site_entries",
    "site_json",
    "site_page",
    "title_key",
    "transcript_of",
    "with_reading",
]
