"""input/sources.yml and the metadata file's guid: validated, every problem named by file and line."""

from __future__ import annotations

import pytest
import yaml

from generator.config import ROOT
from generator.errors import ConfigError
from generator.metadata import load_metadata
from generator.sourcesfile import FeedSource, load_sources, with_source


def test_the_bundled_sources_file_documents_itself_and_lists_no_feed():
    text = (ROOT / "input" / "sources.yml").read_text(encoding="utf-8")
    assert load_sources(ROOT / "input" / "sources.yml") == []
    for documented in ("name:", "url:", "transcripts:", "post-page", "none", "profile:", "update --feed"):
        assert documented in text.split("\nfeeds:")[0], documented


def test_every_problem_is_named_by_line_and_field(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text(
        "feeds:\n"
        "  - name: Not A Slug\n    url: ftp://example.org/feed\n"
        "  - name: ok\n    url: https://example.org/feed.xml\n    transcripts: sometimes\n    profile: 3\n    colour: red\n"
        "  - name: ok\n    url: https://example.org/other.xml\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_sources(path)
    problems = caught.value.problems
    assert any(":2: feed 1: 'name' must be lowercase" in p for p in problems)
    assert any(":2: feed 1: 'url' must be the feed's http(s) URL" in p for p in problems)
    assert any(":4: feed 2: 'transcripts' must be one of feed, post-page, none" in p for p in problems)
    assert any(":4: feed 2: 'profile' must be a profile's name" in p for p in problems)
    assert any(":4: feed 2: unknown field(s) colour" in p for p in problems)
    assert any(":9: feed 3: name 'ok' is already used by feed 2" in p for p in problems)


def test_appending_a_feed_keeps_comments_and_reads_back(tmp_path):
    path = tmp_path / "sources.yml"
    text = with_source("", FeedSource("one", "https://example.org/a.xml", "post-page", "latent-space-app"), path)
    text = with_source(text, FeedSource("two", "https://example.org/b.xml"), path)
    path.write_text(text, encoding="utf-8")
    assert text.startswith("# Podcast feeds this site follows.")
    assert [(s.name, s.transcripts, s.profile) for s in load_sources(path)] == [
        ("one", "post-page", "latent-space-app"), ("two", "feed", None)]
    with pytest.raises(ConfigError, match="add it by hand"):
        with_source("feeds:\n  - name: a\n    url: https://x.org/f\nother: 1\n", FeedSource("b", "https://x.org/g"), path)


def test_metadata_entries_known_by_guid(tmp_path):
    path = tmp_path / "episodes.yml"
    path.write_text(
        "episodes:\n"
        '  - guid: "tidepool-0042"\n    title: Kelp\n    slug: kelp\n'
        '  - title: Neither\n    slug: neither\n'
        "  - guid: [1, 2]\n    match: phrase\n    slug: listed\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_metadata(path)
    assert [p.split(": ", 1)[1] for p in caught.value.problems] == [
        "episode 2: 'match' must be a phrase from the show notes (or give the feed item's 'guid')",
        "episode 3: 'guid' must be the feed item's guid, got [1, 2]",
    ]
    path.write_text(yaml.safe_dump({"episodes": [{"guid": "tidepool-0042", "title": "Kelp", "slug": "kelp"}]}), encoding="utf-8")
    (meta,) = load_metadata(path)
    assert (meta.guid, meta.match, meta.slug) == ("tidepool-0042", "", "kelp")


def test_a_source_is_read_with_the_profile_it_names(tmp_path):
    from generator.config import Config
    from generator.profiles import available, load_profile
    from generator.sourcesfile import profile_for

    other = next(name for name in available() if load_profile(name) != Config().profile)
    path = tmp_path / "sources.yml"
    path.write_text(
        "feeds:\n"
        f"  - name: named\n    url: https://example.org/a.xml\n    profile: {other}\n"
        "  - name: plain\n    url: https://example.org/b.xml\n",
        encoding="utf-8",
    )
    named, plain = load_sources(path)
    assert profile_for(named, Config()) == load_profile(other)
    assert profile_for(plain, Config()) == Config().profile


def test_an_unknown_profile_is_refused_with_the_shipped_names(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text("feeds:\n  - name: a\n    url: https://example.org/a.xml\n    profile: no-such-app\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_sources(path)
    assert any(":2: feed 1: no source profile 'no-such-app'; shipped profiles: latent-space-app" in p for p in caught.value.problems)
