"""Split a podcast-app listing dump into one block of lines per episode.

Rules (the profile supplies the exact words):

* A *separator* line (the show's subscription blurb) ends an episode. Text after
  the blurb on the same line is page chrome (``Laat meer zien``).
* A line holding only ``-`` ends an episode whose description the page truncated
  when content came before it; before any content it is the listing's chrome.
* Lines equal to a known chrome phrase (``Afleveringen``, ``Zijn er afleveringen
  die ontbreken?``) are chrome wherever they stand.
* Lines after the last separator form a last episode that the file cut off; it
  is kept and reported.
* Blank lines separate nothing and carry nothing; they are dropped.

Every line ends up either in exactly one episode or in the chrome list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import SourceProfile
from ..model import Line, Origin, RawEpisode, Warning_


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

    def close(truncated: bool) -> None:
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
            result.chrome.append(line.origin)
            close(truncated=False)
        elif text in profile.chrome_lines:
            result.chrome.append(line.origin)
        elif text == profile.truncation_line:
            result.chrome.append(line.origin)
            close(truncated=True)
        elif text:
            current.append(line)
    if current:
        result.warnings.append(
            Warning_(
                "the file ends inside an episode (no closing separator); kept it as a truncated episode",
                current[-1].origin,
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
