"""Reading lists from the shapes of show notes that the bundled dump does not have.

Examples from the dev split of the corpus (``tests/corpus``): a list of names
under a section heading, a list of "Name, description" bullets after a line
that announces it, and lists that are no reading list at all.
"""

from __future__ import annotations

from generator.model import NoteBlock, Origin
from generator.reading.extract import extract_reading


def _blocks(*rows: tuple[str, str]) -> list[NoteBlock]:
    return [NoteBlock(kind, text, Origin("n.txt", number)) for number, (kind, text) in enumerate(rows, 1)]


def test_a_list_of_names_under_a_heading_is_a_reading_list():
    # dev corpus, llamaindex: each bullet was a link to the component's docs.
    items = extract_reading(
        _blocks(
            ("heading", "Building Blocks"),
            ("bullet", "Retrievers"),
            ("bullet", "Node Postprocessors"),
            ("bullet", "Response Synthesizers"),
        )
    )
    assert [(i.title, i.group, i.origin.line) for i in items] == [
        ("Retrievers", "Building Blocks", 2),
        ("Node Postprocessors", "Building Blocks", 3),
        ("Response Synthesizers", "Building Blocks", 4),
    ]


def test_name_and_description_bullets_after_an_announcing_line():
    # dev corpus, llama2: the guests, each bullet a link to the person.
    items = extract_reading(
        _blocks(
            ("paragraph", "As we do with breaking news, we got on to Twitter Spaces again to chat with two scheduled guests:"),
            ("bullet", "Nathan Lambert, ML Researcher at Huggingface and author of Interconnects who had the best summary of the Llama2 paper"),
            ("bullet", "Matt Bornstein, organizer of the a16z infra team that launched Llama2.ai (source here)"),
        )
    )
    assert [(i.title, i.kind) for i in items] == [("Nathan Lambert", "person"), ("Matt Bornstein", "person")]
    assert items[0].summary.startswith("ML Researcher at Huggingface")


def test_bullets_of_facts_are_no_reading_list():
    # dev corpus, phind: a cheat sheet of facts, no citation among them.
    items = extract_reading(
        _blocks(
            ("paragraph", "TLDR Cheat Sheet:"),
            ("bullet", "Based on CodeLlama-34B, which is trained on 500B tokens"),
            ("bullet", "Expanded context window to 16k tokens"),
            ("bullet", "5x faster than GPT-4 (100 tok/s vs 20 tok/s on single stream)"),
        )
    )
    assert items == []


def test_terms_explained_in_brackets_are_no_items():
    # dev corpus, llamaindex: two parts of a pipeline, glossed, not cited.
    items = extract_reading(
        _blocks(
            ("paragraph", "RAG boils down to two parts:"),
            ("bullet", "Indexing (i.e. how do you load and index the data in your knowledge base)"),
            ("bullet", "Querying (i.e. how do you surface the data and fit it in the model context)"),
        )
    )
    assert items == []


def test_a_list_nothing_announces_is_read_as_prose():
    items = extract_reading(_blocks(("paragraph", "We talked a lot."), ("bullet", "Retrievers"), ("bullet", "Agents")))
    assert items == []


def test_names_followed_by_where_they_are_from():
    # dev corpus, function-agents: the guests of a Twitter Space, each bullet a link to the person.
    items = extract_reading(
        _blocks(
            ("paragraph", "We got a great panel of friends on the Space, including:"),
            ("bullet", "Ada Lovelace (of Ada’s Weblog)"),
            ("bullet", "Grace Hopper from Navy Research"),
            ("bullet", "Alan Kay (Smalltalk) from Xerox PARC"),
            ("bullet", "and many more talented hackers:"),
        )
    )
    assert [(i.title, i.origin.line) for i in items] == [("Ada Lovelace", 2), ("Grace Hopper", 3), ("Alan Kay", 4)]


def test_a_short_sibling_in_a_list_of_names_is_an_entry():
    # dev corpus, langchain: the first integrations, the third named by a phrase.
    items = extract_reading(
        _blocks(
            ("paragraph", "He saw a need for common abstractions at the time:"),
            ("bullet", "LLM Math, a calculator in the loop (PR #8)"),
            ("bullet", "Self-Ask With Search, an agent pattern (PR #9)"),
            ("bullet", "Adapters for OpenAI, Cohere, and HuggingFaceHub"),
        )
    )
    assert [i.title for i in items] == ["LLM Math", "Self-Ask With Search", "Adapters for OpenAI, Cohere, and HuggingFaceHub"]


def test_a_bullet_that_is_a_link_line_is_an_entry():
    # dev corpus, state-of-code-evals-after-swe-bench: the guest's links after his name.
    heading, bullet = _blocks(("heading", "John Yang"), ("bullet", "SWE-bench: https://www.swebench.com"))
    items = extract_reading([heading, NoteBlock("bullet", bullet.text, bullet.origin, "https://www.swebench.com")])
    assert [(i.title, i.url, i.group) for i in items] == [("SWE-bench", "https://www.swebench.com", "John Yang")]


def test_a_link_line_in_a_list_of_names_keeps_its_url():
    intro, first, second, link = _blocks(
        ("paragraph", "Our guests on the Space, including:"),
        ("bullet", "Ada Lovelace from Analytical Engines"),
        ("bullet", "Grace Hopper from Navy Research"),
        ("bullet", "COBOL: https://example.org/cobol"),
    )
    link = NoteBlock("bullet", link.text, link.origin, "https://example.org/cobol")
    items = extract_reading([intro, first, second, link])
    assert [(i.title, i.url) for i in items][-1] == ("COBOL", "https://example.org/cobol")


def test_a_list_of_released_things_after_a_line_that_announces_them():
    # dev corpus, llm-training-2024: every bullet was a link to the released thing.
    items = extract_reading(
        _blocks(
            ("paragraph", "They are not releasing their models today, but they are releasing almost everything else:"),
            ("bullet", "A new dataset of 450,000 human judgments about ambiguity"),
            ("bullet", "A fine-tuned 70B model, built with Meta Llama 3, to identify ambiguity"),
            ("bullet", "Our hyperparameter optimizer, CARBS, which tunes every hyperparameter"),
            ("paragraph", "We had a great time."),
        )
    )
    assert [(i.title, i.summary) for i in items] == [
        ("A new dataset of 450,000 human judgments about ambiguity", ""),
        ("A fine-tuned 70B model", "built with Meta Llama 3, to identify ambiguity"),
        ("Our hyperparameter optimizer, CARBS", "which tunes every hyperparameter"),
    ]


def test_a_list_of_points_is_no_list_of_releases():
    # dev corpus, phind: a cheat sheet of facts, none of them a link.
    items = extract_reading(
        _blocks(
            ("paragraph", "TLDR Cheat Sheet:"),
            ("bullet", "Based on CodeLlama-34B, which is trained on 500B tokens"),
            ("bullet", "Expanded context window to 16k tokens"),
        )
    )
    assert items == []


# The fourth round's dev episodes (tests/corpus/splits.yml, added_to_dev).


def test_a_bullet_that_is_only_a_url_is_named_by_the_line_above_or_by_its_address():
    # dev corpus, one-year-of-mcp-with-david-soria: the name, then its address as the only bullet.
    url = "https://agenticai.foundation"
    named = extract_reading(
        [NoteBlock("paragraph", "Agentic AI Foundation", Origin("n.txt", 1)), NoteBlock("bullet", url, Origin("n.txt", 2), url)]
    )
    assert [(i.title, i.url, i.origin.line) for i in named] == [("Agentic AI Foundation", url, 2)]
    bare = extract_reading(
        [NoteBlock("paragraph", "More about it here.", Origin("n.txt", 1)), NoteBlock("bullet", url, Origin("n.txt", 2), url)]
    )
    assert [(i.title, i.url) for i in bare] == [("agenticai.foundation", url)]


def test_a_profile_link_under_a_name_is_that_persons():
    # dev corpus, one-year-of-mcp-with-david-soria: "LinkedIn" alone named nobody.
    url = "https://www.linkedin.com/in/zemlin/"
    items = extract_reading(
        [
            NoteBlock("paragraph", "Jim Zemlin (Linux Foundation)", Origin("n.txt", 1)),
            NoteBlock("bullet", f"LinkedIn: {url}", Origin("n.txt", 2), url),
        ]
    )
    assert [(i.title, i.kind, i.url) for i in items] == [("Jim Zemlin", "person", url)]


def test_the_lists_cue_run_into_its_first_bullet_is_no_part_of_the_title():
    # dev corpus, idefics: the flattened page put "Papers cited:" before the first title.
    items = extract_reading(
        _blocks(
            ("heading", "Show Notes"),
            ("bullet", "Papers cited: BLOOM: A 176B-Parameter Open-Access Multilingual Language Model"),
            ("bullet", "CLIP paper: Learning Transferable Visual Models From Natural Language Supervision"),
        )
    )
    assert [i.title for i in items] == [
        "BLOOM: A 176B-Parameter Open-Access Multilingual Language Model",
        "CLIP paper: Learning Transferable Visual Models From Natural Language Supervision",
    ]


def test_numbered_parts_and_sentences_are_no_titles_in_running_text():
    # dev corpus, iclr-2024-recap and iclr-2024-benchmarks-agents.
    items = extract_reading(
        _blocks(
            ("paragraph", "UPDATE: This is a 2-part episode, see Part 2 here."),
            ("paragraph", "Section A: Code Edits and Sandboxes"),
        )
    )
    assert items == []


def test_quotations_signed_with_a_name_cite_what_each_person_posted():
    # dev corpus, cursor: each quotation was a link to the post it came from.
    items = extract_reading(
        _blocks(
            ("paragraph", "The reviews are in:"),
            ("bullet", "“Coding with AI is getting insane.” - Mckay Wrigley"),
            ("bullet", "“Cursor + gpt4-32k = illegal levels of productivity” - Sully Omarr"),
        )
    )
    assert [(i.title, i.summary) for i in items] == [
        ("Coding with AI is getting insane.", "Mckay Wrigley"),
        ("Cursor + gpt4-32k = illegal levels of productivity", "Sully Omarr"),
    ]


def test_a_paper_after_its_authors_is_read_by_its_title():
    # dev corpus, iclr-2024-recap: authors with "et al" or an affiliation, a colon, the title, then venue and notes.
    items = extract_reading(
        _blocks(
            ("heading", "Section B"),
            ("bullet", "Hila Chefer et al (Google Research): Hidden Language Of Diffusion Models (poster)"),
            ("bullet", "Sachin Goyal (Google) et al: Think before you speak: Training Language Models With Pause Tokens (OpenReview) We operationalize this idea."),
            ("bullet", "Christian Szegedy (X.ai): Intriguing properties of neural networks (Full ICLR talk) Inaugural Test of Time Award runner up."),
        )
    )
    assert [(i.title, i.kind, i.summary) for i in items] == [
        ("Hidden Language Of Diffusion Models", "paper", "Hila Chefer et al (Google Research)"),
        ("Think before you speak: Training Language Models With Pause Tokens", "paper", "Sachin Goyal (Google) et al"),
        ("Intriguing properties of neural networks", "paper", "Christian Szegedy (X.ai)"),
    ]


def test_a_label_and_a_colon_is_no_author_without_et_al_or_a_person():
    items = extract_reading(_blocks(("heading", "Notes"), ("bullet", "Custom Prompting Engine (internal): Cursor built its own.")))
    assert all(i.kind != "paper" for i in items)


def test_a_name_glossed_as_a_paper_and_hub_ids_are_items():
    # dev corpus, iclr-2024-benchmarks-agents and idefics.
    items = extract_reading(
        _blocks(
            ("heading", "Social Agents"),
            ("bullet", "Sotopia (spotlight paper, website)"),
            ("heading", "Architecture"),
            ("bullet", "Llama v1 for language (specifically huggyllama/llama-65b) - the best available open model at the time"),
            ("bullet", "Trained on input/output pairs, 24/7, with GPT3/4 and o1/o3"),
        )
    )
    assert [(i.title, i.kind) for i in items] == [("Sotopia", "paper"), ("huggyllama/llama-65b", "link")]


def test_topics_with_an_example_each_cite_the_examples():
    # dev corpus, agents: each topic's example was a link.
    items = extract_reading(
        _blocks(
            ("paragraph", "The killer apps are already evident, each >$100m opportunities:"),
            ("bullet", "Generative Text for writing - Jasper AI going 0 to $75m ARR in 2 years"),
            ("bullet", "Copilot for knowledge workers - both GitHub’s Copilot X and “Copilot for X”"),
            ("bullet", "Conversational AI UX - ChatGPT / Bing Chat, with a long tail of Doc QA startups"),
        )
    )
    assert [(i.title, i.summary) for i in items] == [
        ("Jasper AI", "Generative Text for writing"),
        ("GitHub’s Copilot X", "Copilot for knowledge workers"),
        ("ChatGPT", "Conversational AI UX"),
    ]


def test_names_with_a_description_after_a_dash_stay_a_list_of_names():
    # dev corpus, rwkv: the name comes first, its description after the dash.
    items = extract_reading(
        _blocks(
            ("paragraph", "Companies/Organizations:"),
            ("bullet", "EleutherAI - Decentralized open source AI research group"),
            ("bullet", "Stability AI - Creators of Stable Diffusion"),
            ("bullet", "Conjecture - Spun off from EleutherAI"),
        )
    )
    assert [i.title for i in items] == ["EleutherAI", "Stability AI", "Conjecture"]


def test_names_after_a_label_of_filler_words():
    # dev corpus, iclr-2024-recap: "See also:" and two works, each a link in the post.
    items = extract_reading(
        _blocks(
            ("paragraph", "A: ImageGen, Compression, Adversarial Attacks"),
            ("bullet", "See also: Google Lumiere, Attend and Excite"),
            ("bullet", "Also: we think this is great, and more to come"),
        )
    )
    assert [(i.title, i.origin.line) for i in items] == [("Google Lumiere", 2), ("Attend and Excite", 2)]


def test_a_lead_in_bullet_heads_the_bullets_below_it():
    # dev corpus, imbue: "Research mentioned:" had its works as sub-bullets, flattened by the archive.
    items = extract_reading(
        _blocks(
            ("heading", "Show Notes"),
            ("bullet", "Research mentioned:"),
            ("bullet", "Agent Protocol - part of the AI Engineer Foundation"),
            ("bullet", "CARBS: Cost Aware pareto-Region Bayesian Search"),
        )
    )
    assert [(i.title, i.group, i.origin.line) for i in items] == [
        ("Agent Protocol", "Research mentioned", 3),
        ("CARBS: Cost Aware pareto-Region Bayesian Search", "Research mentioned", 4),
    ]


def test_a_list_of_topics_is_no_reading_list():
    # dev corpus, the-rlvr-revolution: what the episode discussed, none of it a link.
    items = extract_reading(
        _blocks(
            ("paragraph", "Other topics covered:"),
            ("bullet", "The goals and technical architecture of the Tulu models, including the motivation to open-source post-training recipes"),
            ("bullet", "Challenges of tool use in RL: verifiability, reward design, and scaling across domains"),
            ("bullet", "Industry trends in inference-time scaling and model parallelism"),
        )
    )
    assert items == []


def test_a_list_cue_is_read_in_the_last_sentence_only():
    # dev corpus, code-interpreter: "announced" two sentences up does not make the points releases.
    items = extract_reading(
        _blocks(
            ("paragraph", "You’ll recall that GPT3.5 was announced alongside ChatGPT, retroactively including text-davinci-003 and code-davinci-002 in their remit. This accomplished two things:"),
            ("bullet", "Raising awareness that GPT3.5 models are substantially better than GPT3 (2020 vintage) models"),
            ("bullet", "Signaling that the new chat paradigm is The Way Forward for general AI"),
        )
    )
    assert items == []
