"""A transcript is found by its shape, and a heading is told from a turn by evidence.

Lines are taken from the dev split of the corpus (``tests/corpus``) and from
the issue that asked for these rules; none of them is from the bundled dump.
"""

from __future__ import annotations

import pytest

from generator.model import Line, Origin, RawEpisode
from generator.parse import parse_episode
from generator.parse.transcript import is_generic, parse_transcript, reads_as_title
from generator.profiles import load_profile

PROFILE = load_profile("latent-space-app")


def _episode(*texts: str):
    lines = tuple(Line(text, Origin("e.txt", number)) for number, text in enumerate(texts, 1))
    return parse_episode(RawEpisode(lines, "e.txt", 0), PROFILE)


# The dev corpus's "hiring" episode: the publisher's transcript with no heading at all.
HEADLESS = (
    "How To Hire AI Engineers — with James Brady & Adam Wiggins of Elicit",
    "[00:00:00] Swyx: Okay, so welcome to the Latent Space Podcast.",
    "[00:00:00] James Brady: Thank you. Great to be here.",
    "[00:00:00] Hey there.",
    "[00:00:24] Intros",
    "[00:00:23] Swyx: Okay, so I think I will do this kind of in order.",
    "[00:00:23] James Brady: Yeah, that's right.",
)


def test_a_transcript_with_no_heading_is_found_by_its_shape():
    parsed = _episode(*HEADLESS)
    assert [block.text for block in parsed.notes] == [HEADLESS[0]]
    assert [s.origin.line for s in parsed.segments] == [2, 3, 4, 6, 7]
    assert [(c.start, c.title) for c in parsed.chapters] == [(24, "Intros")]
    assert parsed.structure == ()


@pytest.mark.parametrize("heading", ["Transcript", "Transcripts", "Full Transcript", "Transcript/Timestamps", "TRANSCRIPTS"])
def test_every_heading_of_the_profile_introduces_a_transcript(heading):
    parsed = _episode("Notes line.", heading, *HEADLESS[1:])
    assert len(parsed.segments) == 5 and parsed.structure == (Origin("e.txt", 2),)


def test_an_unknown_heading_stays_in_the_notes_and_the_transcript_is_still_found():
    parsed = _episode("Notes line.", "The whole conversation", *HEADLESS[1:])
    assert [block.text for block in parsed.notes] == ["Notes line.", "The whole conversation"]
    assert len(parsed.segments) == 5


@pytest.mark.parametrize("heading", ["Podcast Transcript", "Episode Transcription (auto)"])
def test_a_line_naming_the_transcript_right_above_its_shape_is_its_heading(heading):
    # dev corpus, code-interpreter: "Podcast Transcript" became a talk in the reading list while it stayed in the notes.
    parsed = _episode("Notes line.", heading, *HEADLESS[1:])
    assert [block.text for block in parsed.notes] == ["Notes line."]
    assert parsed.structure == (Origin("e.txt", 2),) and len(parsed.segments) == 5


def test_timed_headings_right_above_the_first_turn_belong_to_the_transcript():
    parsed = _episode("Notes line.", "[00:00:00] Introducing the speakers", *HEADLESS[1:3], "[00:00:05] Swyx: Welcome.")
    assert [(c.start, c.title, c.source) for c in parsed.chapters] == [(0, "Introducing the speakers", "transcript")]


def test_a_chapter_list_right_above_a_headless_transcript_stays_a_list():
    parsed = _episode(
        "Timestamps",
        "[00:00:00] Intros",
        "[00:05:14] Defining the Hiring Process",
        "[00:00:00] Swyx: Okay, so welcome.",
        "[00:00:04] Adam: Hi.",
        "[00:00:06] Swyx: And James.",
    )
    assert [(c.start, c.source) for c in parsed.chapters] == [(0, "list"), (314, "list")]
    assert len(parsed.segments) == 3


def test_notes_that_mention_times_are_no_transcript():
    parsed = _episode("We talk about this at 25:46 in the podcast.", "[00:23:47] a quote from the episode")
    assert parsed.segments == ()


def _kinds(*texts: str, titles: set[str] = frozenset()):
    lines = [Line(text, Origin("t.txt", number)) for number, text in enumerate(texts, 1)]
    result = parse_transcript(lines, set(titles), "t")
    kinds = {s.origin.line: ("segment", s.speaker) for s in result.segments}
    kinds.update({c.origin.line: ("heading", c.title) for c in result.chapters})
    return [kinds[n] for n in range(1, len(texts) + 1)]


def test_a_speaker_going_on_is_no_heading():
    # dev corpus, llama2: the host's turn goes on in a line of its own.
    assert _kinds(
        "[00:00:48] Alessio Fanelli: No, that's great.",
        "[00:00:59] So I think this will be a, a good episode.",
        "[00:01:02] Nathan Lambert intro",
        "[00:01:02] Alessio Fanelli: Maybe Nathan, you just want to give people a little bit of background.",
    ) == [("segment", "Alessio Fanelli"), ("segment", None), ("heading", "Nathan Lambert intro"), ("segment", "Alessio Fanelli")]


def test_a_stage_direction_is_a_segment():
    # dev corpus, sam2
    assert _kinds("[00:00:00] [music intro]", "[00:02:11] AI Charlie: Happy Yoga!") == [("segment", None), ("segment", "AI Charlie")]


@pytest.mark.parametrize(
    "turn",
    [
        "[00:07:14] misc: Yeah.",  # dev corpus, unsupervised-learning
        "[00:31:02] pat: Right,",  # the shape of the example, in words of our own
    ],
)
def test_a_label_that_speaks_once_with_speech_after_it_is_a_turn(turn):
    stamp = turn[1:9]
    found = _kinds("[00:07:10] swyx: Somehow not all them missed it.", turn, f"[{stamp}] swyx: Why? It's bizarre.")
    assert found[1] == ("segment", turn.split("] ")[1].split(":")[0])


def test_a_title_with_a_colon_is_a_heading_even_when_the_next_line_starts_later():
    # The shape of the example (a title with a colon, once read as a speaker), in words of our own.
    found = _kinds(
        "[00:23:20] swyx: So that's the one.",
        "[00:23:28] Past the Hype: Evaluation Methods for Agents",
        "[00:23:31] swyx: Next.",
    )
    assert found[1] == ("heading", "Past the Hype: Evaluation Methods for Agents")


def test_segments_that_share_a_time_are_all_kept_with_their_own_anchors():
    lines = [Line(t, Origin("t.txt", n)) for n, t in enumerate(HEADLESS[1:4], 1)]
    segments = parse_transcript(lines, set(), "t").segments
    assert [s.anchor for s in segments] == ["t=00:00:00", "t=00:00:00-2", "t=00:00:00-3"]


@pytest.mark.parametrize(
    "text, title",
    [
        ("What is your moat?", True),
        ("MMVP (Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs)", True),
        ("Michelle Pokrass, Head of API at OpenAI ft. Simon Willison", True),
        ("Watch out and take care.", False),
        ("ai. Raker's largest model, Raker Core, was at launch.", False),
        ("Great, great. How do you feel when I say these things", False),
    ],
)
def test_reads_as_title(text, title):
    assert reads_as_title(text) is title


@pytest.mark.parametrize("label", ["Speaker", "Speaker 17", "Question2", "Audience member", "Quesiton", "Unkown", "Speakr 3"])
def test_role_labels_and_their_slips_are_generic(label):
    assert is_generic(label)


@pytest.mark.parametrize("label", ["Swyx", "Jacob", "Misc", "Hosts Table", "Speakeasy"])
def test_names_are_not_generic(label):
    assert not is_generic(label)


# The dev corpus's "code-interpreter" episode: a chapter list under a heading no
# profile names, and short unlabelled stretches of speech inside its transcript.
UNNAMED_LIST = (
    "Show Notes",
    "Podcast Timestamps",
    "* [00:00:00] Intro - Simon and Alex",
    "* [00:07:40] Code Interpreter for Edge Cases",
    "* [00:08:59] Code Interpreter's Dependencies - Tesseract, Tensorflow",
    "* [00:09:46] Code Interpreter Limitations",
    "Podcast Transcript",
)


def test_a_chapter_list_is_found_by_its_shape_whatever_its_heading():
    parsed = _episode("Notes line.", *UNNAMED_LIST, *HEADLESS[1:])
    assert [(c.start, c.source) for c in parsed.chapters if c.source == "list"] == [(0, "list"), (460, "list"), (539, "list"), (586, "list")]
    # The title-cased line above the run is its heading, and the line naming the transcript is the transcript's.
    assert [block.text for block in parsed.notes] == ["Notes line.", "Show Notes"]
    assert Origin("e.txt", 3) in parsed.structure


def test_two_timed_lines_are_no_chapter_list_and_a_sentence_above_a_list_is_no_heading():
    two = _episode("Notes line.", "* [00:00:00] Intro", "* [00:07:40] Edge Cases", "More notes.")
    assert [c for c in two.chapters if c.source == "list"] == []
    three = _episode("In this episode we cover:", *UNNAMED_LIST[2:5], *HEADLESS[1:])
    assert [block.text for block in three.notes] == ["In this episode we cover:"]
    assert len([c for c in three.chapters if c.source == "list"]) == 3


def test_a_list_going_back_in_time_is_no_chapter_list():
    parsed = _episode("Notes.", "* [00:09:00] Late", "* [00:01:00] Early", "* [00:05:00] Middle", "End.")
    assert [c for c in parsed.chapters if c.source == "list"] == []


def test_unlabelled_speech_broken_by_a_comma_is_no_heading_unless_a_turn_starts_with_it():
    speech = _episode(
        "Transcript",
        "[00:04:00] Simon Willison: So we tried it.",
        "[00:04:01] We go, oh, a",
        "[00:04:06] Alex Volkov: I thought it was an emoji.",
        "[00:04:09] Simon Willison: Yes.",
    )
    assert [c.title for c in speech.chapters] == []
    assert [s.text for s in speech.segments][1] == "We go, oh, a"
    heading = _episode(
        "Transcript",
        "[00:04:00] Simon Willison: So we tried it.",
        "[00:04:06] Voice, vision and video",
        "[00:04:06] Alex Volkov: I thought it was an emoji.",
        "[00:04:09] Simon Willison: Yes.",
    )
    assert [c.title for c in heading.chapters] == ["Voice, vision and video"]


@pytest.mark.parametrize(
    "stamp",
    [
        lambda t: t,  # [HH:MM:SS], as the corpus writes it
        lambda t: "(" + t[1:9] + ")" + t[10:],  # (HH:MM:SS)
        lambda t: "[" + t[4:9] + "]" + t[10:],  # [MM:SS] in the first hour
    ],
    ids=["brackets", "parentheses", "minutes"],
)
def test_a_transcript_is_read_whatever_brackets_hold_its_times(stamp):
    lines = [HEADLESS[0], *(stamp(t) for t in HEADLESS[1:])]
    parsed = _episode(*lines)
    assert [s.origin.line for s in parsed.segments] == [2, 3, 4, 6, 7]
    assert all(s.timed for s in parsed.segments)
    assert {s.speaker for s in parsed.segments} == {"Swyx", "James Brady", None}
    assert [(c.start, c.title) for c in parsed.chapters] == [(24, "Intros")]


def test_a_bare_time_before_a_label_is_no_turn():
    # "00:00:00 Introduction: MCP's First Year" heads a chapter list (dev corpus, one-year-of-mcp).
    parsed = _episode(
        "Timestamps",
        "00:00:00 Introduction: MCP's First Year and Foundation Launch",
        "00:34:27 Long-Running Tasks: The Future of Async Agents",
        "00:30:41 Discovery and Registries: Building the MCP Ecosystem",
    )
    assert parsed.segments == () and len(parsed.chapters) == 3


def test_a_speaker_line_with_its_words_on_the_next_line_is_one_turn():
    # The export of transcription services: "Name (time):" on a line of its own, the words below.
    parsed = _episode(
        "Notes line.",
        "Transcript",
        "Swyx (00:00:14):",
        "Okay, so welcome to the podcast.",
        "James Brady (00:00:20):",
        "Thank you. Great to be here.",
        "And glad to be back.",
        "Swyx (00:00:25):",
        "Swyx (00:00:26): So let us start.",
    )
    assert [(s.origin.line, s.start, s.speaker, s.text) for s in parsed.segments] == [
        (4, 14, "Swyx", "Okay, so welcome to the podcast."),
        (6, 20, "James Brady", "Thank you. Great to be here."),
        (7, 20, None, "And glad to be back."),
        (8, 25, "Swyx", ""),  # no words follow: the line stays a turn of its own
        (9, 26, "Swyx", "So let us start."),
    ]
    # Every line is accounted for: each turn names the speaker line it was labelled by.
    assert [s.label_origin.line if s.label_origin else None for s in parsed.segments] == [3, 5, None, None, None]
    assert parsed.skipped == ()


def test_inside_the_words_only_a_full_bracketed_time_is_a_mark():
    from generator.parse.transcript import split_marks

    text, marks = split_marks("a (16:10) screen at [10:30] sharp, then [00:01:00] more")
    assert text == "a (16:10) screen at [10:30] sharp, then more" and [s for _, s in marks] == [60]


def test_a_name_and_a_bare_time_alone_on_a_line_head_the_words_below():
    # The export of transcription apps: "Name  M:SS" on a line of its own, found by its shape too.
    parsed = _episode(
        "Notes line.",
        "swyx  0:14",
        "Okay, so welcome to the podcast.",
        "James Brady  0:20",
        "Thank you. Great to be here.",
        "swyx  1:02:25",
        "So we start at 10:30 sharp.",
    )
    assert [(s.start, s.speaker, s.text) for s in parsed.segments] == [
        (14, "swyx", "Okay, so welcome to the podcast."),
        (20, "James Brady", "Thank you. Great to be here."),
        (3745, "swyx", "So we start at 10:30 sharp."),
    ]
    assert [block.text for block in parsed.notes] == ["Notes line."]


def test_speech_that_ends_on_a_clock_time_is_no_speaker():
    parsed = _episode("Transcript", "[00:00:01] Swyx: When do we start?", "we start at 10:30")
    assert [(s.speaker, s.text) for s in parsed.segments] == [("Swyx", "When do we start?"), (None, "we start at 10:30")]


# The dev corpus's "cursor-third-era" (2026): the publisher's transcript gives its headings no time.
UNTIMED_HEADINGS = (
    "Cursor's Third Era: Cloud Agents",
    "Agentic Code Experiments",
    "[00:00:00] Samantha: This is another experiment that we ran last year.",
    "[00:00:00] And what we found was that there were strengths.",
    "[00:00:00] Jonas: We think that over the coming months, the big unlock is not going to be one person with a model.",
    "Why Cloud Agents Matter",
    "[00:00:00] swyx: This week, one of the biggest launches that Cursor's ever done is cloud agents.",
    "[00:01:00] Jonas: that's a big part of it.",
    "Live Demo Tour",
    "[00:02:00] Jonas: So this is what it looks like.",
    "[00:06:00] This is cloud is working on",
    "[00:06:00] swyx: Nice.",
)


def test_a_heading_with_no_time_starts_with_the_turn_after_it():
    parsed = _episode(*UNTIMED_HEADINGS)
    assert [block.text for block in parsed.notes] == [UNTIMED_HEADINGS[0]]
    # The first heading, right above the first turn, joins the transcript: the ones inside it share its shape.
    assert [(c.start, c.title) for c in parsed.chapters] == [
        (0, "Agentic Code Experiments"),
        (0, "Why Cloud Agents Matter"),
        (120, "Live Demo Tour"),
    ]
    # "This is cloud is working on" is speech: a title would capitalise its verb.
    assert [s.origin.line for s in parsed.segments] == [3, 4, 5, 7, 8, 10, 11, 12]


def test_an_untimed_line_is_a_heading_only_in_title_case_above_a_turn():
    parsed = _episode(
        "Transcript",
        "Session3Audio",  # one word with digits: a stray label, kept as a line (the bundled dump has one)
        "[00:00:00] Ann: Hello.",
        "A Plain Title",  # above a line with a time but no speaker: no turn opens there
        "[00:00:05] So we went on.",
        "so it went on and on",  # sentence case: speech
        "[00:00:09] Ann: Yes.",
    )
    assert parsed.chapters == ()
    assert [s.origin.line for s in parsed.segments] == [2, 3, 4, 5, 6, 7]


def test_headings_that_share_a_second_each_stand_where_they_stood_with_ids_of_their_own(tmp_path):
    """Stamps rounded to the minute give two headings and the turns around them one start (cursor-third-era)."""
    from dataclasses import replace as replaced

    from generator.config import Config
    from generator.pipeline import load_site
    from generator.render.transcript import transcript_markdown

    from .test_bad_input import listing, text_file

    path = tmp_path / "coarse.txt"
    path.write_bytes(text_file(listing(list(UNTIMED_HEADINGS))))
    (episode,) = load_site(replaced(Config(), inputs=(path,), metadata=tmp_path / "none.yml")).episodes
    assert [c.link_id() for c in episode.chapters] == ["chapter-00-00-00", "chapter-00-00-00-2", "chapter-00-02-00"]
    page = transcript_markdown(episode)
    order = [line.split(" {")[0] if line.startswith("###") else "turn" for line in page.split("\n") if line.startswith("###") or 'class="seg' in line]
    assert order == [
        "### Agentic Code Experiments", "turn", "turn", "turn",
        "### Why Cloud Agents Matter", "turn", "turn",
        "### Live Demo Tour", "turn", "turn", "turn",
    ]
    assert "{ #chapter-00-00-00-2 " in page
    # The line naming no one after Samantha's is her going on: her colour, marked as the same voice, no name.
    import re

    classes = re.findall(r'<div class="seg (c[\w-]+)( same)?"', page)
    assert classes[1] == (classes[0][0], " same") and classes[0][0] != "c-none"
    assert page.count('<span class="who">Samantha</span>') == 1
    # Its only note, the title line, names the page (no metadata) and is not shown again under "Show notes".
    from generator.render.markdown import episode_markdown

    assert episode.title == "Cursor's Third Era: Cloud Agents"
    assert "## Show notes" not in episode_markdown(episode)


def test_a_name_then_a_time_with_no_colon_is_a_turn():
    """The publisher's ``**Mia Glaese** [00:00:56] text`` with its bold gone (dev corpus, swe-bench-dead)."""
    parsed = _episode(
        "The End of SWE-Bench Verified",
        "Mia Glaese [00:00:00] Thanks for having us.",
        "swyx [00:00:05] So why did it stall?",
        "Mia Glaese [00:00:09] Contamination, mostly.",
        "[00:00:12] And the tasks got stale.",
        "So I think [00:00:20] that is speech with a time inside.",
        "swyx [00:00:25] Right.",
    )
    assert [block.text for block in parsed.notes] == ["The End of SWE-Bench Verified"]
    assert [(s.start, s.speaker) for s in parsed.segments] == [
        (0, "Mia Glaese"), (5, "swyx"), (9, "Mia Glaese"), (12, None), (12, None), (25, "swyx"),
    ]
    assert parsed.segments[4].text == "So I think that is speech with a time inside."


def test_a_markdown_heading_in_a_transcript_is_a_chapter_by_its_markup():
    """The publisher's archive as it is: ``## [00:00:56] Title`` and ``## Title`` (dev corpus, swe-bench-dead, cursor-third-era)."""
    parsed = _episode(
        "Title line",
        "## Meet the Team",
        "**Mia Glaese** [00:00:00] Thanks for having us.",
        "**swyx** [00:00:05] So why did it stall?",
        "**Mia Glaese** [00:00:09] Contamination, mostly.",
        "## [00:00:56] Why SWE Bench Stalled",
        "**swyx** [00:00:57] Right.",
        "## a heading in lower case",
        "**Mia Glaese** [00:01:10] Yes.",
    )
    assert [(c.start, c.title, c.timed) for c in parsed.chapters] == [
        (0, "Meet the Team", False), (56, "Why SWE Bench Stalled", True), (70, "a heading in lower case", False),
    ]
    assert [(s.start, s.speaker) for s in parsed.segments] == [(0, "Mia Glaese"), (5, "swyx"), (9, "Mia Glaese"), (57, "swyx"), (70, "Mia Glaese")]
