"""Render an episode as a Markdown page: header, notes, chapters, reading list, transcript."""

from __future__ import annotations

import datetime as dt

from pymdownx.slugs import slugify as pymdownx_slugify

from ..identity import slugify
from ..model import Episode, Fix, NoteBlock, Origin, Speaker
from ..timecode import hms, human, short
from .fence import html_fence
from .player import player
from .text import front_matter as write_front_matter
from .text import html_attr, html_text, html_text_links, md_text, plain, safe_url
from .transcript import speaker_colour, transcript_markdown
from .visuals import chapter_timeline, speaker_bars

WORDS_PER_MINUTE = 230
#: How Material's tags plugin turns a tag into its id on the tags page (its default).
_tag_slug = pymdownx_slugify(case="lower")


def summary(episode: Episode) -> str:
    """One sentence that says what the talk is about (for cards, descriptions and the feed)."""
    return plain(episode.summary) if episode.summary else f"Transcript and chapters of {plain(episode.title)}."


def reading_minutes(episode: Episode) -> int:
    words = sum(len(s.text.split()) for s in episode.segments) + sum(len(b.text.split()) for b in episode.notes)
    return max(1, round(words / WORDS_PER_MINUTE))


def tag_name(name: str) -> str:
    """A speaker's or series' tag: an all-lowercase name gets a capital, so "swyx" and "Swyx" are one tag.

    >>> tag_name("swyx"), tag_name("Dan Fu"), tag_name("danah boyd")
    ('Swyx', 'Dan Fu', 'Danah boyd')
    """
    name = plain(name)
    return name[:1].upper() + name[1:] if name.islower() else name


def tag_anchor(name: str) -> str:
    """The id of a tag's section on the tags page (the tags plugin's default ``tag:{slug}``).

    >>> tag_anchor("Latent Space LIVE! @ NeurIPS 2024")
    'tag:latent-space-live--neurips-2024'
    """
    return "tag:" + _tag_slug(tag_name(name), "-")


def person_slug(name: str) -> str:
    """The speaker page's name under ``/speakers/``.

    >>> person_slug("Luca Soldaini"), person_slug("Swyx") == person_slug("swyx")
    ('luca-soldaini', True)
    """
    return slugify(name)


def long_date(iso: str) -> str:
    """A date as people write it.

    >>> long_date("2024-11-01")
    '1 Nov 2024'
    """
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%b %Y}"


def front_matter(episode: Episode) -> str:
    """A talk page's front matter.

    ``og_type`` marks a talk for the OpenGraph block of ``overrides/main.html``.
    The tags page (speakers and series) is generated from the model, not from here.
    """
    fields = {
        "title": plain(episode.title),
        "description": summary(episode),
        "date": episode.date,
        "slug": episode.slug,
        "og_type": "article",
    }
    return write_front_matter(fields)


def _fact(label: str, value: str, kind: str = "") -> str:
    kind = f" fact-{kind}" if kind else ""
    return f'<div class="fact{kind}"><dt>{label}</dt><dd>{value}</dd></div>'


def _speaker_link(speaker: Speaker) -> str | None:
    """Speaker pages sit at ``/speakers/<slug>/``; the talk page is two levels down."""
    return None if speaker.generic else f"../../speakers/{person_slug(speaker.name)}/"


def header(episode: Episode) -> str:
    """The talk's header: series, facts, speakers with their share of talk time, downloads."""
    parts = []
    if episode.series:
        parts.append(
            f'<p class="talk-series">Series <a href="../../tags/#{html_attr(tag_anchor(episode.series))}">'
            f"{html_text(episode.series)}</a></p>"
        )
    date = (
        f'<time datetime="{html_attr(episode.date)}">{long_date(episode.date)}</time>' if episode.date else "Unknown"
    )
    facts = [_fact("Published", date, "date")]
    if episode.duration:
        facts.append(_fact("Length", human(episode.duration)))
    facts.append(_fact("Reading time", f"{reading_minutes(episode)} min"))
    if episode.chapters:
        facts.append(_fact("Chapters", str(len(episode.chapters))))
    if not episode.segments:
        facts.append(_fact("Transcript", "Not published"))
    parts.append(f'<dl class="talk-facts">{"".join(facts)}</dl>')
    if episode.audio:
        parts.append(player(episode))
    if episode.truncated:
        parts.append('<p class="talk-warn">The source page cut this description short.</p>')
    if episode.speakers:
        parts.append(
            '<div class="talk-people"><p class="talk-label" id="talk-time-label">Talk time</p>'
            + speaker_bars(episode, _speaker_link, labelled_by="talk-time-label")
            + "</div>"
        )
    downloads = []
    if episode.chapters:
        downloads.append('<a href="chapters.json" download>Chapters <small>JSON</small></a>')
    if episode.segments:
        downloads.append('<a href="transcript.json" download>Transcript <small>JSON</small></a>')
        downloads.append('<a href="transcript.vtt" download>Transcript <small>WebVTT</small></a>')
    downloads.append('<a href="reading-list.json" download>Reading list <small>JSON</small></a>')
    parts.append(f'<p class="talk-downloads"><span class="talk-label">Download</span> {"".join(downloads)}</p>')
    return '<div class="talk-header">\n' + "\n".join(parts) + "\n</div>"


#: The repair step that picks a symbol the scrape left too little of to be sure (✅ or ❌).
GUESSED_SYMBOL = "mojibake:likeliest-symbol"


def symbol_guesses(fixes: tuple[tuple[Origin, Fix], ...]) -> dict[Origin, tuple[Fix, ...]]:
    """The symbols the repair chose by likelihood, by the line they stand on."""
    found: dict[Origin, list[Fix]] = {}
    for origin, fix in fixes:
        if fix.step == GUESSED_SYMBOL and fix.status == "ambiguous":
            found.setdefault(origin, []).append(fix)
    return {origin: tuple(group) for origin, group in found.items()}


def mark_guesses(rendered: str, fixes: tuple[Fix, ...]) -> str:
    """Show each guessed symbol as a guess: underlined with dots, what else it may be in its title.

    A page must not present a choice the bytes did not settle as fact.

    >>> fix = Fix("mojibake:likeliest-symbol", "â", "✅", "ambiguous", ("✅", "❌", "✓", "’"))
    >>> mark_guesses("Big prompt field ✅", (fix,))  # doctest: +ELLIPSIS
    'Big prompt field <span class="guess" title="Restored from a damaged character: ✅ is the likeliest, it may be ❌ or ✓">✅<span class="visually-hidden"> (restored, uncertain)</span></span>'
    """
    for symbol in dict.fromkeys(fix.after for fix in fixes):
        others = [c for fix in fixes if fix.after == symbol for c in fix.candidates if c != symbol and not c.isalnum()]
        others = [c for c in dict.fromkeys(others) if c not in "’‘“”—–"][:4]
        choice = f"it may be {' or '.join(others)}" if others else "others fit as well"
        title = html_attr(f"Restored from a damaged character: {symbol} is the likeliest, {choice}")
        span = f'<span class="guess" title="{title}">{symbol}<span class="visually-hidden"> (restored, uncertain)</span></span>'
        rendered = rendered.replace(symbol, span)
    return rendered


def notes_markdown(notes: tuple[NoteBlock, ...], guesses: dict[Origin, tuple[Fix, ...]] | None = None) -> str:
    """The show notes: headings in Markdown (the page's table of contents lists them), the rest HTML.

    Paragraphs, link lines and lists between two headings are written as HTML in
    one ``talk-html`` fence, so Markdown's inline pass has nothing of them to read.
    """
    guesses = guesses or {}
    out: list[str] = []
    run: list[str] = []
    items: list[str] = []

    def close_list() -> None:
        if items:
            run.append("<ul>\n" + "\n".join(items) + "\n</ul>")
            items.clear()

    def close_run() -> None:
        close_list()
        if run:
            out.append(html_fence("\n".join(run)) + "\n")
            run.clear()

    for block in notes:
        if block.kind == "heading":
            close_run()
            out.append(f"### {md_text(block.text)}\n")
            continue
        if block.kind == "link":
            close_list()
            url = safe_url(block.url)
            label = html_text(block.text)
            run.append(f'<p><a href="{html_attr(url)}">{label}</a></p>' if url else f"<p>{label}</p>")
            continue
        text = html_text_links(block.text)
        if block.origin in guesses:
            text = mark_guesses(text, guesses[block.origin])
        if block.kind == "bullet":
            items.append(f"<li>{text}</li>")
        else:
            close_list()
            run.append(f"<p>{text}</p>")
    close_run()
    return "\n".join(out).strip() + "\n"


def chapters_markdown(episode: Episode) -> str:
    """The chapter list (HTML in a fence): each entry links to the chapter's heading in the transcript."""
    out = []
    for chapter in episode.chapters:
        label = f"{short(chapter.start)} · {html_text(chapter.title)}"
        out.append(f'<li><a href="#{chapter.link_id()}">{label}</a></li>' if episode.segments else f"<li>{label}</li>")
    return html_fence("<ol>\n" + "\n".join(out) + "\n</ol>") + "\n"


def _notes_below_title(episode: Episode) -> tuple[NoteBlock, ...]:
    """The notes to show: a first line that is the page's title (a transcript's title line) is already its heading."""
    first = episode.notes[0] if episode.notes else None
    if first is not None and " ".join(first.text.split()).casefold() == " ".join(episode.title.split()).casefold():
        return episode.notes[1:]
    return episode.notes


def episode_markdown(episode: Episode, reading_section: str = "") -> str:
    """Render the whole page."""
    parts = [front_matter(episode), "", f"# {md_text(episode.title)}", "", html_fence(header(episode)), ""]
    if episode.chapters and episode.segments and episode.duration:
        parts += [html_fence(chapter_timeline(episode)), ""]
    notes = _notes_below_title(episode)
    if notes:
        parts += ["## Show notes", "", notes_markdown(notes, symbol_guesses(episode.fixes))]
    if episode.chapters:
        parts += ["## Chapters", "", chapters_markdown(episode)]
    if reading_section:
        parts += [reading_section]
    if episode.segments:
        parts += ["## Transcript", "", transcript_markdown(episode)]
    else:
        parts += ['<p class="no-transcript">No transcript was published with this episode.</p>', ""]
    return "\n".join(parts)


__all__ = ["episode_markdown", "summary", "reading_minutes", "speaker_colour", "hms", "html_attr"]
