"""Split a podcast-app listing dump into one block of lines per episode.

Rules (the profile supplies the exact words):

* A *separator* line (the show's subscription blurb) ends an episode. Text after
  the blurb on the same line is page chrome (``Laat meer zien``) when it is a
  known phrase or a few words (reported if unknown); longer text is the next
  episode's first line, glued on by a lost line break, and is kept and reported.
* A line holding only ``-`` ends an episode whose description the page truncated
  when content came before it; before any content it is the listing's chrome.
* Lines equal to a known chrome phrase (``Afleveringen``, ``Zijn er afleveringen
  die ontbreken?``) are chrome wherever they stand.
* The listing puts its own words (``Afleveringen``, ``Zijn er afleveringen die
  ontbreken?``) right after the start of the file or a separator, each closed
  by a ``-`` line. So a single short line (at most six words) closed by ``-``
  there is chrome too, in an interface language the profile does not know; it
  is reported so that the phrase can be added to the profile.
* Lines after the last separator form a last episode that the file cut off; it
  is kept and reported.
* Blank lines separate nothing and carry nothing; they are dropped.

Every line ends up either in exactly one episode or in the chrome list.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..config import SourceProfile
from ..model import Line, Origin, RawEpisode, Warning_

#: A block closed by ``-`` right after a separator that is this short is listing chrome.
MAX_CHROME_WORDS = 6


@dataclass
class SplitResult:
    """Episodes found in one input, with the chrome lines and warnings."""

    episodes: list[RawEpisode] = field(default_factory=list)
    chrome: list[Origin] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    separators: int = 0


def split_dump(lines: list[Line], profile: SourceProfile, source: str) -> SplitResult:
    """Split repaired lines into raw episodes."""
    result = SplitResult()
    current: list[Line] = []
    after_separator = True

    def close(truncated: bool) -> None:
        if truncated and after_separator and _unknown_chrome(current):
            result.chrome.append(current[0].origin)
            result.warnings.append(
                Warning_(
                    f"read {current[0].text.strip()!r} as page chrome in an interface language the "
                    f"{profile.name} profile does not list (a short line closed by '-' after a separator); "
                    "add it to the profile's chrome lines if that is right",
                    current[0].origin,
                )
            )
            current.clear()
        if current:
            result.episodes.append(
                RawEpisode(tuple(current), source=source, index=len(result.episodes), truncated=truncated)
            )
            current.clear()

    for line in lines:
        text = line.text.strip()
        separator = profile.separator.match(text)
        if separator:
            result.separators += 1
            close(truncated=False)
            after_separator = True
            rest = separator.group("chrome").strip()
            if len(rest.split()) > MAX_CHROME_WORDS:
                result.warnings.append(
                    Warning_("text follows the separator on its line; read it as the next episode's first line", line.origin)
                )
                current.append(replace(line, text=rest))
                continue
            result.chrome.append(line.origin)
            if rest and rest not in profile.chrome_lines:
                result.warnings.append(
                    Warning_(
                        f"read {rest!r} after the separator as page chrome in an interface language the "
                        f"{profile.name} profile does not list; add it to the profile's chrome lines if that is right",
                        line.origin,
                    )
                )
        elif text in profile.chrome_lines:
            result.chrome.append(line.origin)
        elif text == profile.truncation_line:
            result.chrome.append(line.origin)
            close(truncated=True)
            after_separator = False
        elif text:
            current.append(line)
    if current:
        result.warnings.append(
            Warning_(
                "the file ends inside an episode (no closing separator); kept it as a truncated episode",
                current[-1].origin,
                f"episode {len(result.episodes) + 1} of {source}",
            )
        )
        close(truncated=True)
    if result.episodes and result.separators == 0:
        result.warnings.append(
            Warning_(
                f"no episode separators found; the whole file is read as one episode "
                f"(is this a {profile.name} listing dump?)",
                Origin(source, 1),
            )
        )
    return result


def _unknown_chrome(block: list[Line]) -> bool:
    """Tell whether a block closed by ``-`` is one short line of the listing's own words.

    >>> from generator.model import Origin
    >>> _unknown_chrome([Line("Mancano degli episodi?", Origin("f", 1))])
    True
    >>> _unknown_chrome([Line("Singapore's GovTech is hosting an AI CTF challenge with prizes.", Origin("f", 1))])
    False
    """
    return len(block) == 1 and 0 < len(block[0].text.split()) <= MAX_CHROME_WORDS
