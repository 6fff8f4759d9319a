"""The audio player on a talk page, for episodes whose audio is known.

The page carries a native ``<audio controls>`` element, which works without
JavaScript, and the player's own controls, hidden until ``player.js`` wires
them (it then hides the native controls). The transcript stays the page's HTML:
the script reads the segments' times from it, so nothing here repeats them.
"""

from __future__ import annotations

from ..model import Episode
from ..timecode import short
from .text import html_attr, safe_url

#: Seconds the back and forward buttons (and their keys) move by.
SKIP_SECONDS = 10

#: Each control: action, label, keyboard shortcut (``aria-keyshortcuts`` syntax).
#: The keys avoid Material's own (``/ s f`` search, ``n . p ,`` pages) and any
#: key with a modifier; player.js reads the same table from these attributes.
CONTROLS = (
    ("previous", "Previous line", "["),
    ("back", f"Back {SKIP_SECONDS} seconds", "j"),
    ("toggle", "Play", "k"),
    ("forward", f"Forward {SKIP_SECONDS} seconds", "l"),
    ("next", "Next line", "]"),
)


#: The keys as the page lists them under the player.
KEYS_SHOWN = (
    ("k", "play or pause"),
    ("j", f"back {SKIP_SECONDS} s"),
    ("l", f"forward {SKIP_SECONDS} s"),
    ("[ ]", "previous or next line"),
    ("&lt; &gt;", "slower or faster"),
)


def _button(action: str, label: str, key: str) -> str:
    return (
        f'<button type="button" class="player-btn player-{action}" data-action="{action}" '
        f'aria-label="{html_attr(label)}" aria-keyshortcuts="{html_attr(key)}" title="{html_attr(label)} ({key})">'
        '<span class="player-icon" aria-hidden="true"></span></button>'
    )


def player(episode: Episode) -> str:
    """The player's markup, or "" when the episode has no audio."""
    if episode.audio is None:
        return ""
    url = safe_url(episode.audio.url)
    if not url:
        return ""
    length = round(episode.audio.duration or episode.duration or 0)
    buttons = "".join(_button(*control) for control in CONTROLS)
    keys = " · ".join(f"<kbd>{key}</kbd> {label}" for key, label in KEYS_SHOWN)
    return (
        f'<div class="player" role="region" aria-label="Listen" data-src="{html_attr(url)}" data-duration="{length}" '
        f'data-skip="{SKIP_SECONDS}" data-title="{html_attr(episode.title)}">'
        '<div class="player-bar">'
        f'<audio class="player-audio" src="{html_attr(url)}" preload="metadata" controls></audio>'
        '<div class="player-controls" role="group" aria-label="Player controls" hidden>'
        f'<div class="player-buttons">{buttons}</div>'
        '<div class="player-track">'
        f'<input type="range" class="player-seek" min="0" max="{length}" step="1" value="0" '
        f'aria-label="Position" aria-valuetext="0:00 of {short(length)}">'
        f'<span class="player-time"><span class="player-now">0:00</span> / <span class="player-length">{short(length)}</span></span>'
        "</div>"
        '<button type="button" class="player-speed" data-action="speed" aria-label="Speed 1×" '
        'aria-keyshortcuts="< >" title="Speed (&lt; slower, &gt; faster)">1×</button>'
        '<a class="player-chapter" href="#chapters" aria-label="Chapter playing"></a>'
        '<button type="button" class="player-follow" data-action="follow" hidden>Resume following</button>'
        "</div>"
        "</div>"
        f'<p class="player-keys"><span class="visually-hidden">Keyboard shortcuts: </span>{keys}</p>'
        "</div>"
    )
