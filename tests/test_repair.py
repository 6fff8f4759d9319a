"""Tests of the text-repair stage (generator.repair) on real dump lines, clean text and arbitrary text."""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path

import ftfy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model import LOST, Fix
from generator.repair import _FTFY, CACHED_LINES, _repair, chardata, mathspans, mojibake, repair_line, wordcounts
from generator.repair.roundtrip import CORPUS, damage, run

CASES = Path(__file__).parent / "cases" / "repair"
DUMP = Path(__file__).resolve().parents[1] / "input" / "000_66bcd3adb724be89.txt"


def _load(name: str) -> list[dict]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def _params(name: str) -> list:
    params = []
    for case in _load(name):
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case, id=case["label"], marks=marks))
    return params


@pytest.fixture(scope="module")
def dump_lines() -> list[str]:
    return DUMP.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def repaired_dump(dump_lines) -> list[tuple[str, tuple[Fix, ...]]]:
    return [repair_line(line) for line in dump_lines]


# -- real damaged lines and clean text -------------------------------------------------


@pytest.mark.parametrize("case", _params("dump_lines.json"))
def test_dump_line_is_repaired(case):
    text, fixes = repair_line(case["original"])
    assert text == case["fixed"]
    assert fixes


@pytest.mark.parametrize("case", _params("clean.json"))
def test_clean_text_is_unchanged(case):
    assert repair_line(case["original"]) == (case["fixed"], ())


def test_cases_are_real_dump_lines(dump_lines):
    for case in _load("dump_lines.json"):
        assert dump_lines[case["line"] - 1] == case["original"], case["label"]


def test_clean_corpus_is_unchanged():
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        assert repair_line(line) == (line, ())


# -- the dump as a whole ----------------------------------------------------------------

LEFTOVERS = re.compile("\u00e2(?!\u010c)|\u0102|\u0111|\u00e2\u010c|\u22a0|\ufffd|(?<=\\d)\u00e0")


def test_no_damage_left_in_the_dump(repaired_dump):
    left = [(n, m.group()) for n, (text, _) in enumerate(repaired_dump, 1) for m in LEFTOVERS.finditer(text)]
    # Line 390's "11.9à" and "19.2à" are the one known miss: the bytes of à are whole, so
    # nothing in the damage says ×; the rule that read it so fitted that line alone.
    assert left == [(390, "\u00e0"), (390, "\u00e0")]


def test_every_doubtful_fix_lists_candidates_and_context(repaired_dump):
    for _, fixes in repaired_dump:
        for fix in fixes:
            assert fix.context
            assert fix.step.split(":")[0] in ("ftfy", "math", "mojibake")
            if fix.status != "fixed":
                assert fix.status in ("ambiguous", "unrecoverable")
                assert fix.candidates or fix.after == LOST
            if fix.status == "unrecoverable":
                assert fix.after == LOST
            if fix.after != LOST and fix.status == "ambiguous" and fix.step != "math":
                assert fix.after in fix.candidates


def test_dump_statuses(repaired_dump):
    fixes = [fix for _, line_fixes in repaired_dump for fix in line_fixes]
    lost = [fix for fix in fixes if fix.status == "unrecoverable"]
    # U+FFFD, [00:00:00] â, PalĂGemma twice, one emoji; the three list-item marks are now likeliest symbols.
    assert len(lost) == 5
    symbols = [fix for fix in fixes if fix.step == "mojibake:likeliest-symbol"]
    assert [(fix.after, fix.status) for fix in symbols] == [("\u2705", "ambiguous")] * 3
    assert all(fix.candidates[:3] == ("\u2705", "\u274c", "\u2713") for fix in symbols)
    assert sum(fix.step == "math" for fix in fixes) == 9
    assert sum(fix.step == "mojibake:apostrophe" for fix in fixes) == 94


def test_dump_is_idempotent(repaired_dump):
    for text, _ in repaired_dump:
        assert repair_line(text) == (text, ())


def test_clean_dump_lines_are_fast(dump_lines, repaired_dump):
    clean = [line for line, (_, fixes) in zip(dump_lines, repaired_dump) if not fixes]
    size = sum(map(len, clean))
    started = time.perf_counter()
    for line in clean:
        repair_line(line)
    elapsed = time.perf_counter() - started
    assert size > 1_000_000
    # 10 MB/s is the whole generator's budget; this stage must take a small part of it.
    assert elapsed < 0.1 * size / 1_000_000


# -- damage() reproduces the dump -------------------------------------------------------

#: Lines whose damage came another way (11.9à, a standalone ±), or whose last byte's
#: space was stripped with the line end (✅ is E2 9C 85), or lost characters for good.
NOT_REPRODUCIBLE = {"times-grave-and-plus-minus", "likeliest-symbol-line-end", "likeliest-symbol-list"}


def test_line_end_symbol_differs_from_damage_only_by_the_stripped_space():
    for case in _load("dump_lines.json"):
        if case["label"].startswith("likeliest-symbol"):
            assert damage(case["fixed"]) == case["original"] + " "


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c["label"]) for c in _load("dump_lines.json") if c["label"] not in NOT_REPRODUCIBLE and LOST not in c["fixed"]],
)
def test_damage_reproduces_the_dump(case):
    assert damage(case["fixed"]) == case["original"]


def test_damage_renders_math_like_katex():
    assert damage("a $25 ride average, that's $130 million") == (
        "a 25\u0111\u0111\u0111\u0111\u0111\u0111\u0141\u0111\u0111\u0111\u0111\u0111,\u0111\u0104\u00e2\u0111\u0111\u0104"
        "\u00e2\u010c\u0111 25rideaverage,that\u00e2\u010cs130 million"
    )


# -- rules in isolation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("clean", "expected"),
    [
        ("We’re sure it’s theirs", "We’re sure it’s theirs"),
        ("Straße", "Straße"),
        ("the déjà vu", "the déjà vu"),
        ("voilà, 2019–2021", "voilà, 2019–2021"),
        ("© 2024 ± 1 °C", "© 2024 ± 1 °C"),
        ("price €5 and £4", "price €5 and £4"),
        # 0x85 became a space: after a one-letter stem the space is the byte (ą, C4 85).
        ("Mądry", "Mądry"),
        ("Aleksander Mądry’s lecture", "Aleksander Mądry’s lecture"),
        # After a longer stem a lost letter and a real space fit as well: lost.
        ("It’s Đoković serving", "It’s " + LOST + "okovi" + LOST + " serving"),
        # C5 81 lost its 0x81: of the capitals C5 80–9F only Ł spells a known word (Lukasz).
        ("We recommend Łukasz Kaiser’s talk", "We recommend Łukasz Kaiser’s talk"),
        ("as h → 0, and x → y.", "as h → 0, and x → y."),
        ("The “Why ‘agents’ fail” talk", "The “Why ‘agents’ fail” talk"),
        ("a 10× gain", "a 10× gain"),
        ("Intro • Outro", "Intro • Outro"),
        ("the “Edit Tool”: it’s", "the “Edit Tool”: it’s"),
        # A clitic in capitals after a word in capitals (dev corpus, agent-engineering).
        ("note what it DOESN’T say", "note what it DOESN’T say"),
        ("GPT—So we", "GPT—So we"),
    ],
)
def test_round_trip_of_single_rules(clean, expected):
    assert repair_line(damage(clean))[0] == expected


@pytest.mark.parametrize(
    ("clean", "expected", "listed"),
    [
        # C3 93 lost its 0x93: of the capitals À–Þ only the O's spell a known word; the acute first.
        ("EL MEJOR EDITOR DE CÓDIGO con IA", "EL MEJOR EDITOR DE CÓDIGO con IA", "ÓÖÒÔ"),
        # A word-initial capital before lower case, with no other damage in the line.
        ("Émile Borel", "Émile Borel", "ÉËÈÊ"),
        ("ÉCOLE NORMALE", "ÉCOLE NORMALE", "ÉËÈÊ"),
    ],
)
def test_lost_capital_is_read_by_its_word(clean, expected, listed):
    text, fixes = repair_line(damage(clean))
    assert text == expected
    (fix,) = fixes
    assert (fix.step, fix.status) == ("mojibake:word", "ambiguous")
    assert "".join(fix.candidates).startswith(listed)


@pytest.mark.parametrize(
    "line",
    [
        damage("Über"),  # Uber and Aber are both words: the bytes and the word list leave it open
        "Ăsta e bine",  # a clean Romanian line: its Ă spells its word with an A
        damage("CÓDIGOX"),  # a word of capitals that no reading makes known
    ],
)
def test_lost_capital_without_one_word_is_left(line):
    assert repair_line(line) == (line, ())


def test_space_ending_the_line_after_a_lead_is_its_byte():
    # 😅 is F0 9F 98 85: 0x85 became the space that ends the line, and no line ends in whitespace.
    text, (fix,) = repair_line(damage("I can see 😅"))
    assert text == "I can see " + LOST
    assert fix.candidates and all(c.encode()[-1] in (0x85, 0xA0) for c in fix.candidates)  # 🎉 (… 0x89) is out
    assert repair_line(damage("voilà"))[0] == "voilà"


def test_lone_capital_lead_is_a_damage_signature():
    assert chardata.damage_signatures(damage("CÓDIGO")) == ["\u0102"]
    assert chardata.damage_signatures("Ăsta e bine") == ["\u0102"]  # a real Ă counts too: the damage makes none


def test_lone_e2_candidates_are_prose_and_ranked():
    candidates = mojibake._prose(mojibake.completions(0xE2, (), 2))
    assert candidates[:5] == ("\u2019", "\u201c", "\u201d", "\u2014", "\u2013")
    assert "\u274c" in candidates and "\u2705" not in candidates  # ✅ has a 0x85 byte: it would leave a space


@pytest.mark.parametrize(
    ("damaged", "expected", "listed"),
    [
        # Between spaces, the 0x85 of ✅ a space: ✅ ★ ■ fit; ✅ ranks first.
        ("episode: \u00e2  evals", "episode: \u2705 evals", "\u2705\u2605\u25a0"),
        # After a comma both bytes gone: ✅ does not fit (it would leave a space), ❌ does.
        ("in CI, \u00e2 fine-tuning", "in CI, \u274c fine-tuning", "\u274c\u2713\u2714"),
        # At a list item's end the stripped space lets ✅ fit again.
        ("* Bunch of tools \u00e2", "* Bunch of tools \u2705", "\u2705\u274c\u2713"),
    ],
)
def test_likeliest_symbol_rule(damaged, expected, listed):
    text, fixes = repair_line(damaged)
    assert text == expected
    (fix,) = fixes
    assert (fix.step, fix.status) == ("mojibake:likeliest-symbol", "ambiguous")
    assert "".join(fix.candidates).startswith(listed)
    assert repair_line(text) == (text, ())


def test_likeliest_symbol_rule_needs_a_symbol_position():
    # After a bare timestamp nothing is marked: lost. A spaced â after a word is a dash.
    assert repair_line("[00:00:00] \u00e2")[1][0].status == "unrecoverable"
    assert repair_line("now \u00e2 use")[0] == "now \u2014 use"
    assert all(symbol in chardata.PROSE_WEIGHTS for symbol in chardata.SYMBOL_PRIOR[:5])


def test_completions_of_ellipsis_bytes():
    candidates = mojibake.completions(0xE2, (0xA6,), 2)
    assert "\u2026" in candidates and mojibake._prose(candidates) == ("\u2026",)


def test_math_run_alignment_and_segmentation():
    line = "from 12.90\u0111\u0104\u011112.90to12.60 over"
    runs = mathspans.find_runs(line)
    assert [(r.start, r.end, r.content) for r in runs] == [(5, 20, "12.90to")]
    assert mathspans.repair(line)[0] == "from $12.90 to $12.60 over"
    assert mathspans.segment("it'salmostlikewho'sgoingtousethe") == "it's almost like who's going to use the".split()
    assert mathspans.segment("thechatGBTtier") == ["the", "chat", "GBT", "tier"]
    assert mathspans.segment("thechatGBTtier", frozenset({"chatGBT"})) == ["the", "chatGBT", "tier"]


def test_math_run_that_does_not_align_is_left_alone():
    line = "a 25\u0111\u0111\u0111 25xyz"
    assert mathspans.find_runs(line) == []


# -- segmentation: the fast search finds the best split -------------------------------


def test_pair_words_are_frequent_unigrams():
    # segment() skips pair look-ups for any other word: this is what makes that exact. A pair
    # whose first word is no unigram (0uplink verified) is never used, as in wordsegment.
    unigrams, bigrams = wordcounts.unigrams(), wordcounts.bigrams()
    assert min(float(count) for count in bigrams.values()) == wordcounts.PAIR_FLOOR
    for pair in bigrams:
        first, second = pair.split(" ")
        assert float(unigrams[second]) >= wordcounts.PAIR_FLOOR, pair
        assert first not in unigrams or float(unigrams[first]) >= wordcounts.PAIR_FLOOR, pair


def test_common_words_are_the_head_of_the_unigrams():
    counts = [float(count) for count in wordcounts.unigrams().values()]
    assert counts == sorted(counts, reverse=True)
    common = {word for word, count in wordcounts.unigrams().items() if float(count) >= 5e6}
    assert wordcounts.common_words(5e6) == common and len(common) == 10_069


def _word_score(previous: str, word: str, known: set[str]) -> float:
    """Score one word after another as wordsegment does, with segment()'s rules for clitics and the line's words."""
    unigrams, bigrams = wordcounts.unigrams(), wordcounts.bigrams()
    key = word.replace("'", "").lower()
    count = float(unigrams[key]) if key in unigrams else None
    if count is None and "'" in word:
        count = float(unigrams.get(word.partition("'")[0].lower(), 0)) / 10 or None
    probability = count / wordcounts.TOTAL if count is not None else 10 / 10 ** len(key) / wordcounts.TOTAL
    if key in known:
        probability = max(probability, 1e-6)
    before = previous.replace("'", "").lower()
    pair = bigrams.get(f"{before} {key}")
    if pair is not None and before in unigrams:
        probability = float(pair) / float(unigrams[before])
    return math.log10(probability)


def _best_score(chunk: str, vocabulary: frozenset[str]) -> float:
    """Return the best score of any split, by a plain Viterbi over (position, last word) that keeps every state."""
    known = {w.lower() for w in vocabulary}
    best: list[dict[str, float]] = [{} for _ in range(len(chunk) + 1)]
    best[0]["<s>"] = 0.0
    for i in range(len(chunk)):
        if chunk[i] == "'" or (i and chunk[i - 1].isupper() and chunk[i].isupper()):
            continue
        for j in range(i + 1, min(len(chunk), i + 24) + 1):
            word = chunk[i:j]
            if mathspans._shape_ok(word, vocabulary):
                for previous, score in best[i].items():
                    best[j][word] = max(best[j].get(word, -math.inf), score + _word_score(previous, word, known))
    return max(best[-1].values())


def _split_score(words: list[str], vocabulary: frozenset[str]) -> float:
    known = {w.lower() for w in vocabulary}
    return sum(_word_score(previous, word, known) for previous, word in zip(["<s>", *words], words))


def _dump_windows(dump_lines: list[str], count: int, letters: int) -> list[tuple[str, frozenset[str]]]:
    """Take runs of words from the dump's prose with their spaces removed, and the line's other words."""
    windows = []
    prose = [line for line in dump_lines if line.isascii() and len(line) > 300]
    for k in range(count):
        line = prose[k * 7 % len(prose)]
        words = re.findall(r"[A-Za-z][A-Za-z']*", line)
        start = k * 13 % max(1, len(words) - 8)
        chunk = ""
        for word in words[start:]:
            if len(chunk) + len(word) > letters:
                break
            chunk += word
        vocabulary = frozenset(w for w in WORDS_OF.findall(line) if w not in words[start : start + 8])
        if chunk:
            windows.append((chunk, vocabulary))
    return windows


def test_segment_finds_the_best_split(dump_lines):
    for chunk, vocabulary in _dump_windows(dump_lines, 1000, 16):
        found = mathspans.segment(chunk, vocabulary)
        assert "".join(found) == chunk
        assert math.isclose(_split_score(found, vocabulary), _best_score(chunk, vocabulary), abs_tol=1e-9), chunk


def test_math_line_repair_is_fast(dump_lines):
    # Line 1173 holds the longest math run of the dump (2,258 letters to respace).
    line = dump_lines[1172]
    wordcounts.unigrams(), wordcounts.bigrams()
    timings = []
    for _ in range(3):
        _repair.cache_clear()
        started = time.process_time()
        repair_line(line)
        timings.append(time.process_time() - started)
    assert min(timings) < 0.1


def test_repeated_lines_are_repaired_once():
    line = "It\u00e2s the same line, repeated \u00e2 verbatim."
    _repair.cache_clear()
    first = repair_line(line)
    assert repair_line(line) is first
    assert _repair.cache_info().hits == 1
    assert _repair.cache_info().maxsize == CACHED_LINES
    assert repair_line("plain ASCII") == ("plain ASCII", ()) and _repair.cache_info().currsize == 1


def test_roundtrip_benchmark_figure():
    result = run(CORPUS.read_text(encoding="utf-8").splitlines())
    # The target is 98% (358 of 365); 359 are restored (✅ ✅ ❌ by the likeliest-symbol rule).
    # The misses: four emoji (bytes gone) and two single quotes read as double (nothing tells).
    assert result.share >= 359 / 365
    assert all(item["status"] in ("ambiguous", "unrecoverable") for item in result.doubtful)


# -- arbitrary text ---------------------------------------------------------------------

#: Text that is mostly damage: the dump's alphabet, ASCII letters, spaces and digits.
DAMAGE_LIKE = st.text(
    alphabet=st.sampled_from(sorted(set(chardata.LATIN10[0xA0:]) | set("abcsRT '.,$-019 ") | {"\u22a0", "\ufffd"})),
    max_size=60,
)
ANY_TEXT = st.text(max_size=80)
WORDS_OF = re.compile(r"[A-Za-z]+")


def _math_free(text: str) -> str:
    last, kept = 0, []
    for run_ in mathspans.find_runs(text):
        kept.append(text[last : run_.start])
        last = run_.end
    kept.append(text[last:])
    return " ".join(kept)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(ANY_TEXT, DAMAGE_LIKE, ANY_TEXT.map(damage)))
def test_arbitrary_text_never_raises_nor_loses_a_word(text):
    repaired, fixes = repair_line(text)
    assert isinstance(repaired, str) and all(isinstance(f, Fix) for f in fixes)
    words_after = set(WORDS_OF.findall(repaired))
    for token in _math_free(text).split():
        if WORDS_OF.fullmatch(token):
            assert token in words_after


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(ANY_TEXT, DAMAGE_LIKE, ANY_TEXT.map(damage)))
def test_repair_is_idempotent(text):
    once = repair_line(text)[0]
    assert repair_line(once)[0] == once


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set(chardata.LATIN10[0x80:]) | set("ab \x1b\x00"))), max_size=30))
def test_ftfy_prefilter_misses_nothing(text):
    if not chardata.FTFY_TRIGGER.search(text):
        assert ftfy.fix_text(text, _FTFY) == text


def test_ftfy_fixes_are_recorded_per_step():
    text, fixes = repair_line("The cafÃ© is openâ€”really.")
    assert text == "The café is open—really."
    assert [(f.step, f.before, f.after) for f in fixes] == [
        ("ftfy:sloppy-windows-1252", "Ã©", "é"),
        ("ftfy:sloppy-windows-1252", "â€”", "—"),
    ]


def test_ftfy_leaves_this_damage_alone():
    # decode_inconsistent_utf8 would read "âŠ " as E2 8A A0 (⊠); it is off.
    assert repair_line("skepticalâŠ and")[0] == "skeptical… and"
    assert repair_line("a\x1fb")[0] == "a b"


@pytest.mark.parametrize(
    "clean",
    [
        # dev corpus, swe-bench-dead and cursor-third-era (2026): the line holds other damage (it’s, you’re).
        "[00:01:20] then it’s like, okay, well you have the best coding model, I guess. ‘cause you’re 0.1% higher",
        "[00:00:00] ‘cause they’re big trade offs, right?",
        "we let ‘em run",
    ],
)
def test_an_elision_keeps_its_opening_mark_whatever_the_line_holds(clean):
    text, fixes = repair_line(damage(clean))
    assert text == clean
    assert any(fix.step == "mojibake:elision" for fix in fixes)


@pytest.mark.parametrize(
    ("clean", "status"),
    [
        ("I ❤️ this", "fixed"),  # E2 9D A4: a lost byte and A4 leave ❤ alone among the selector's symbols
        ("▶️ play the clip", "fixed"),
        ("⚠️ SERIOUS DISCLAIMER", "ambiguous"),  # dev corpus, reverse-prompt-eng: the A0 byte became a space
        ("Done ✔️ and shipped", "ambiguous"),  # both bytes lost: ✔ leads the symbol prior
        ("⚡️ fast", "ambiguous"),
    ],
)
def test_a_symbol_before_an_emoji_selector_is_one_that_takes_it(clean, status):
    text, fixes = repair_line(damage(clean))
    assert text == clean
    (fix,) = [f for f in fixes if f.step == "mojibake:presented-symbol"]
    assert fix.status == status and all(c in chardata.PRESENTATION_SYMBOLS for c in fix.candidates)


def test_a_symbol_with_no_selector_is_read_as_before():
    # ✌️, ☀️ and ✔️ share their bytes: ✔ is chosen, the others listed; without a selector a lone mark stays a dash.
    text, fixes = repair_line(damage("✌️ peace"))
    assert text == "✔️ peace" and fixes[0].status == "ambiguous" and "☀" in fixes[0].candidates
    assert repair_line(damage("it’s — fine"))[0] == "it’s — fine"
