import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from communique.documents import cleaning
from communique.documents.cleaning import STEPS, Cleaned, Found, clean
from communique.documents.tracked import TrackedText
from communique.sources.base import Origin, RawDocument

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _shared_corpus() -> Path | None:
    """../shared/corpus beside the checkout (parents[2] is the repository root)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent.parent / "shared" / "corpus"
        if (parent / "pyproject.toml").is_file() and candidate.is_dir():
            return candidate
    return None


def run(step: cleaning.Step, text: str, found: Found | None = None) -> str:
    tracked = step(TrackedText.from_raw(text), found or Found())
    assert_offsets_intact(text, tracked)
    return tracked.text


def assert_offsets_intact(raw: str, tracked: TrackedText) -> None:
    """Offsets run forward, every letter or digit maps to the identical raw character, and so a
    word that cleaning left alone maps to exactly its raw characters."""
    offsets = tracked.offsets.tolist()
    assert offsets == sorted(offsets) and len(offsets) == len(tracked.text) + 1
    for i, char in enumerate(tracked.text):
        if char.isalnum():
            assert raw[offsets[i]] == char, (i, char, raw[offsets[i] - 10 : offsets[i] + 10])
    for match in re.finditer(r"[^\W_]+", tracked.text):
        start, end = tracked.raw_span(match.start(), match.end())
        if end - start == len(match.group()):
            assert raw[start:end] == match.group()


def doc(text: str, kind: str = "txt", **meta: object) -> Cleaned:
    cleaned = clean(RawDocument(Origin(path="test"), text, kind, dict(meta)))
    assert_offsets_intact(text, cleaned.text)
    return cleaned


def fixture(name: str, **meta: object) -> Cleaned:
    return doc((FIXTURES / name).read_text(encoding="utf-8"), **meta)


# --- steps, one by one ----------------------------------------------------------------------


def test_steps_are_named_functions_in_order() -> None:
    names = [step.__name__ for step in STEPS]
    assert names[0] == "normalize_whitespace" and names[-1] == "rejoin_paragraphs"
    assert names.index("extract_bylines") < names.index("drop_bio_box") < names.index("extract_title")


def test_normalize_whitespace() -> None:
    raw = "\ufeff  Trade\u00a0talks \u200bresumed\t\tin\u3000Geneva. \r\n  Both sides\u2028agreed.  \n\n"
    assert run(cleaning.normalize_whitespace, raw) == "Trade talks resumed in Geneva.\nBoth sides\nagreed."


def test_normalize_whitespace_keeps_quotes_and_composes_accents() -> None:
    raw = "“Cafe\u0301 diplomacy” isn’t new"
    tracked = cleaning.normalize_whitespace(TrackedText.from_raw(raw), Found())
    assert tracked.text == "“Café diplomacy” isn’t new"
    assert tracked.offsets[4:6].tolist() == [4, 6]  # é stands for e + accent


def test_normalize_whitespace_joins_soft_hyphenated_words() -> None:
    assert run(cleaning.normalize_whitespace, "inter\u00ad\nnational law") == "international law"


def test_drop_page_furniture_removes_running_headers_footers_and_page_numbers() -> None:
    pages = [
        "ASIA POLICY BRIEF No. 7\nThe corridor opened in\nspring.\n\nPage 1 of 3",
        "ASIA POLICY BRIEF No. 7\nTraffic grew by a third.\n- 2 -",
        "ASIA POLICY BRIEF No. 7\nTariffs fell.\n3",
    ]
    out = run(cleaning.drop_page_furniture, "\f".join(pages))
    assert "ASIA POLICY" not in out and "Page" not in out and "- 2 -" not in out
    assert (
        re.sub(r"\s+", " ", out).strip()
        == "The corridor opened in spring. Traffic grew by a third. Tariffs fell."
    )
    assert "\f" not in out


def test_drop_page_furniture_ignores_text_without_pages() -> None:
    assert run(cleaning.drop_page_furniture, "12\nNo pages here") == "12\nNo pages here"


def test_drop_page_furniture_drops_a_stray_page_number_in_mid_sentence() -> None:
    raw = "Loans came as direct investment\n\n\n2\n\n\nin power plants.\n\n3\n\nThree reasons follow."
    out = run(cleaning.drop_page_furniture, raw)
    assert out == "Loans came as direct investment\n\n\n\n\nin power plants.\n\n3\n\nThree reasons follow."


def test_split_meta_lines_separates_statements_and_drops_the_rest() -> None:
    raw = (
        "By Li Wen | Harbour Daily | Updated: 2023-05-02 07:50\nA | B\nBy Mei Tan · Field Notes · 6 min read"
    )
    out = run(cleaning.split_meta_lines, raw)
    assert out.split("\n") == ["By Li Wen", "", "Updated: 2023-05-02 07:50", "A | B", "By Mei Tan", "", ""]


def test_extract_dates_prefers_labels_and_drops_only_date_lines() -> None:
    found = Found()
    raw = (
        " date 2024-01-09 en English\nSome Headline\nPublished: January 8, 2024 at 9:11 pm EST\n"
        "The talks, held on March 3, 2024, ended without a statement."
    )
    out = run(cleaning.extract_dates, raw, found)
    assert out == "Some Headline\nThe talks, held on March 3, 2024, ended without a statement."
    assert sorted(found.dates)[0][2] == "2024-01-08"
    assert {d[2] for d in found.dates} == {"2024-01-08", "2024-01-09"}


def test_extract_dates_ignores_bare_dates_below_the_first_prose() -> None:
    found = Found()
    prose = "The delegation arrived late in the evening and was received by the deputy minister."
    out = run(cleaning.extract_dates, f"{prose}\n\n12 May 2022\n\nMore prose follows here.", found)
    assert "12 May 2022" in out and found.dates == []


def test_extract_credits() -> None:
    found = Found()
    raw = (
        "Body text.\n\nContributed by He Jun, fellow at a border institute\n\n"
        "Translated by Sun Yue\n[ Editor: Li Na ]"
    )
    assert run(cleaning.extract_credits, raw, found).strip() == "Body text."
    assert found.credits == [
        "Contributed by He Jun, fellow at a border institute",
        "Translated by Sun Yue",
        "Editor: Li Na",
    ]
    assert found.authors == ["He Jun"]


def test_extract_bylines_takes_the_whole_affiliation_block() -> None:
    found = Found()
    raw = (
        "A Headline\n\nBy Prof. Elena Varga, Senior Fellow,\nInstitute for Danube Studies, attached\n"
        "to the University of Pécs, Hungary\n\nBy 2030 the river ports will be linked."
    )
    out = run(cleaning.extract_bylines, raw, found)
    assert out == "A Headline\n\n\nBy 2030 the river ports will be linked."
    assert found.authors == ["Elena Varga"]
    assert found.credits == [
        "Author: Elena Varga, Senior Fellow, Institute for Danube Studies, attached to the University "
        "of Pécs, Hungary"
    ]


def test_extract_bylines_takes_a_known_author_line_in_the_head() -> None:
    found = Found(authors=["Aigerim Bekova"])
    raw = "Policy Brief\n\nAigerim Bekova, Senior Fellow\n\nAigerim Bekova, the author, said it went well."
    out = run(cleaning.extract_bylines, raw, found)
    assert out == "Policy Brief\n\n\nAigerim Bekova, the author, said it went well."
    assert found.credits == ["Author: Aigerim Bekova, Senior Fellow"]


def test_extract_bylines_stops_at_the_article() -> None:
    found = Found()
    raw = (
        "author\nBy: Mei Ling Tan\nShare\nThe port reopened on Monday after a week of repairs to its cranes."
    )
    out = run(cleaning.extract_bylines, raw, found)
    assert out == "author\nShare\nThe port reopened on Monday after a week of repairs to its cranes."
    assert found.authors == ["Mei Ling Tan"] and found.credits == []


@pytest.mark.parametrize(
    "line",
    [
        "Daily Courier Online> Featured",
        "Home > World > Asia",
        "Share",
        "Print",
        "Facebook Twitter WhatsApp",
        "Font size: A A A",
        "Related articles",
        "Read more: Ministers meet in Hanoi",
        "Subscribe to our newsletter",
        "We use cookies to give you the best experience on our site.",
        "Copyright © 2024 Example Media. All rights reserved.",
        "(The views expressed are the author's own.)",
        "author",
        "Tags: diplomacy, trade",
        "[Suggest To A Friend]     [Print]     [Close]",
        "Ministry of Foreign Affairs | Contact Us | Sitemap",
        "Print This Page | Close Window | Text Size: A A A",
    ],
)
def test_drop_site_chrome(line: str) -> None:
    prose = "The ministry said the visit would go ahead."
    assert run(cleaning.drop_site_chrome, f"{line}\n{prose}") == prose


def test_drop_site_chrome_removes_related_link_titles_but_keeps_headings_after_a_gap() -> None:
    raw = (
        "Body one.\nRelated stories\nFloods Hit Coastal Towns\nNew Envoy Named\n\n"
        "Next Steps for Talks\n\nBody two."
    )
    assert run(cleaning.drop_site_chrome, raw) == "Body one.\n\nNext Steps for Talks\n\nBody two."


@pytest.mark.parametrize(
    "line",
    [
        "Share prices rose after the announcement.",
        "The home ministry issued a statement on Monday.",
        "Next year the forum moves to Nairobi.",
        "GDP | 2021 | 2022",
    ],
)
def test_drop_site_chrome_keeps_prose(line: str) -> None:
    assert run(cleaning.drop_site_chrome, line) == line


def test_drop_letterhead() -> None:
    raw = (
        "\n北方大学\nNORTHERN UNIVERSITY OF TECHNOLOGY\n\n"
        "Centre for Policy\nDialogue\n政策对话中心\n\nThe Headline\n\nBody."
    )
    assert run(cleaning.drop_letterhead, raw).strip() == "The Headline\n\nBody."


def test_drop_letterhead_keeps_an_all_caps_headline() -> None:
    raw = "WHY THE TALKS FAILED\n\nBody."
    assert run(cleaning.drop_letterhead, raw) == raw


def test_drop_bio_box() -> None:
    found = Found(authors=["Mei Ling Tan"])
    raw = (
        "Last paragraph of the article.\n\nAsia Desk\nMei Ling Tan\n\n"
        "Mei Ling Tan is a reporter covering Southeast Asia. She is based in Singapore."
    )
    assert run(cleaning.drop_bio_box, raw, found).strip() == "Last paragraph of the article."
    assert found.credits == [
        "Author bio: Mei Ling Tan is a reporter covering Southeast Asia. She is based in Singapore."
    ]


def test_drop_bio_box_in_an_ascii_frame() -> None:
    found = Found()
    raw = (
        "Last paragraph.\n\n+--------------------+\n| ABOUT THE AUTHOR   |\n| Omar Haddad is a   |\n"
        "| port economist.    |\n+--------------------+"
    )
    assert run(cleaning.drop_bio_box, raw, found).strip() == "Last paragraph."
    assert found.credits == ["Author bio: Omar Haddad is a port economist."]


def test_drop_bio_box_needs_a_bio_cue() -> None:
    raw = "The talks ended.\n\nThe minister is expected to travel to Cairo next week."
    assert run(cleaning.drop_bio_box, raw, Found(authors=["Mei Ling Tan"])) == raw


def test_extract_title_drops_a_section_label_and_takes_the_headline() -> None:
    found = Found()
    raw = (
        "World\n\nPorts Reopen After Storm\n\n"
        "The harbour authority said on Monday that all berths were working again."
    )
    out = run(cleaning.extract_title, raw, found)
    assert found.title == "Ports Reopen After Storm"
    assert out.strip() == "The harbour authority said on Monday that all berths were working again."


def test_extract_title_drops_a_masthead_and_keeps_a_quoted_headline() -> None:
    found = Found()
    raw = (
        "HARBOUR WEEKLY — English edition\n\nMinister in Lima: “Ports are the new embassies”\n\n"
        "The minister opened the new container terminal on Tuesday with a short speech."
    )
    out = run(cleaning.extract_title, raw, found)
    assert found.title == "Minister in Lima: “Ports are the new embassies”"
    assert out.strip().startswith("The minister opened")


def test_extract_title_with_meta_title_removes_only_a_matching_line() -> None:
    found = Found(title="Ports Reopen After Storm | Harbour Daily")
    raw = (
        "Ports Reopen After Storm\n\nThe harbour authority said on Monday that all berths were working again."
    )
    assert run(cleaning.extract_title, raw, found).lstrip().startswith("The harbour")
    found = Found(title="Something Else Entirely")
    assert run(cleaning.extract_title, raw, found) == raw and found.title == "Something Else Entirely"


def test_extract_title_leaves_prose_and_numbered_headings() -> None:
    for raw in (
        "The harbour authority said on Monday that all berths were working again.\n\nMore.",
        "1. Introduction and scope\n\nThe harbour authority said on Monday that all berths were working.",
    ):
        found = Found()
        assert run(cleaning.extract_title, raw, found) == raw and found.title is None


def test_strip_markdown_keeps_text_and_its_offsets() -> None:
    raw = (
        "---\ntitle: Ports\nauthor: Mei Tan\n---\n\n# Ports and *power*\n\n"
        "A [new terminal](https://example.org/t) opened **on time**.\n\n"
        "![A crane](https://example.org/c.jpg)\n*The crane at dusk.*\n\n> Quoted `words` here.\n\n---\n\n"
        "1. __First__ point"
    )
    out = run(cleaning.strip_markdown, raw, Found(kind="md"))
    assert [p.strip() for p in out.split("\n\n") if p.strip()] == [
        "Ports and power",
        "A new terminal opened on time.",
        "Quoted words here.",
        "1. First point",
    ]
    assert run(cleaning.strip_markdown, raw, Found(kind="txt")) == raw


def test_drop_captions() -> None:
    raw = (
        "Ministers signed accords on grids and\n(Photo/Xinhua)\nports.\n"
        "Photo: Harbour Daily\nA crane at dusk. (Xinhua/Li Fang)"
    )
    assert run(cleaning.drop_captions, raw) == "Ministers signed accords on grids and\nports.\n"


@pytest.mark.parametrize(
    ("raw", "joined"),
    [
        ("inter-\nnational", "international"),
        ("the ever-\nincreasing", "the ever-increasing"),
        ("self-\nreliance", "self-reliance"),
        ("Asia-\nPacific", "Asia-Pacific"),
        ("COVID-\n19", "COVID-19"),
        ("state-of-\nthe-art", "state-of-the-art"),
        ("decision-\nmaking", "decision-making"),
        ("govern-\n\nment", "government"),
        ("Af-\nghanistan", "Afghanistan"),
        ("China-\nled", "China-led"),
        ("Sino-\nforeign", "Sino-foreign"),
    ],
)
def test_join_hyphenated_breaks(raw: str, joined: str) -> None:
    assert run(cleaning.join_hyphenated_breaks, raw) == joined


def test_join_wrapped_lines_in_paragraph_per_line_text() -> None:
    raw = (
        "Why Ports Matter\n"
        "The agreement covers three ports and a rail link that will carry freight inland to the capital.\n"
        "Officials said work would start in May and the\n"
        "first trains would run a year later.\n"
        "- phase one: the northern berth\n"
        "- phase two: the rail yard"
    )
    assert run(cleaning.join_wrapped_lines, raw).split("\n\n") == [
        "Why Ports Matter",
        "The agreement covers three ports and a rail link that will carry freight inland to the capital.",
        "Officials said work would start in May and the first trains would run a year later.",
        "- phase one: the northern berth",
        "- phase two: the rail yard",
    ]


def test_join_wrapped_lines_breaks_before_roman_numbered_headings() -> None:
    raw = (
        "Excerpt. Full text released by the information office in the capital, on August 29, 2013.\n"
        "III. Helping to Build Infrastructure\n"
        "Roads, railways, ports, power grids and telecommunications networks remain the\n"
        "weakest links in the development of many countries, and improving them has\n"
        "long been a priority of cooperation with the continent and its institutions."
    )
    assert run(cleaning.join_wrapped_lines, raw).split("\n\n")[:2] == [
        "Excerpt. Full text released by the information office in the capital, on August 29, 2013.",
        "III. Helping to Build Infrastructure",
    ]


def test_join_wrapped_lines_in_hard_wrapped_text() -> None:
    raw = (
        "Outlook\n"
        "Freight volumes along the corridor rose sharply.\n"
        "Rail operators expect the trend to continue as\n"
        "new terminals open in the north. Lenders are\n"
        "cautious.\n"
        "Risks\n"
        "Currency swings remain the largest single risk\n"
        "for the project and its many smaller partners."
    )
    assert run(cleaning.join_wrapped_lines, raw).split("\n\n") == [
        "Outlook",
        "Freight volumes along the corridor rose sharply. Rail operators expect the trend to continue as new "
        "terminals open in the north. Lenders are cautious.",
        "Risks",
        "Currency swings remain the largest single risk for the project and its many smaller partners.",
    ]


def test_rejoin_paragraphs() -> None:
    raw = (
        "\n\nThe two sides agreed to raise trade\n\nand investment in the region. Talks will go on.\n\n\n"
        "Both governments have backed the United Nations and the World\n\n\n\n"
        "Health Organization. This support is long-standing.\n\n"
        "Next Steps\n\n"
        "A further round is planned."
    )
    assert run(cleaning.rejoin_paragraphs, raw).split("\n\n") == [
        "The two sides agreed to raise trade and investment in the region. Talks will go on.",
        "Both governments have backed the United Nations and the World Health Organization. "
        "This support is long-standing.",
        "Next Steps",
        "A further round is planned.",
    ]


def test_wrapped_cjk_lines_join_without_a_space() -> None:
    raw = "中方愿同各方加强对话与\n合作，共同维护地区和平稳定。\nThe end."
    joined = "中方愿同各方加强对话与合作，共同维护地区和平稳定。"
    assert run(cleaning.join_wrapped_lines, raw) == f"{joined}\n\nThe end."


def test_rejoin_paragraphs_keeps_headings_apart() -> None:
    raw = "Composing a new chapter of opening up\n\nSince 2020 the country has cut tariffs."
    assert run(cleaning.rejoin_paragraphs, raw) == raw


# --- whole documents ------------------------------------------------------------------------


def test_clean_format() -> None:
    cleaned = fixture("news_web.txt")
    text = cleaned.text.text
    assert text == text.strip() and "\n\n\n" not in text and "  " not in text
    assert all("\n" not in text[a:b] for a, b in cleaned.paragraphs)
    assert "\n\n".join(text[a:b] for a, b in cleaned.paragraphs) == text


def test_op_ed_with_letterhead_byline_and_bio() -> None:
    cleaned = fixture("oped_letterhead.txt")
    text = cleaned.text.text
    assert cleaned.title == "Why the Indian Ocean Needs a Shared Rulebook"
    assert cleaned.authors == ["Amina Farooq Siddiqui"]
    assert (cleaned.published, cleaned.published_source) == ("2022-02-03", "text")
    assert cleaned.credits[0].startswith("Author: Amina Farooq Siddiqui, Senior Research Fellow, Centre for")
    assert cleaned.credits[1].startswith("Author bio: The writer is a senior research fellow")
    for gone in (
        "研究",
        "INSTITUTE",
        "By Dr.",
        "Published on",
        "views expressed",
        "The writer is",
        "Rulebook",
    ):
        assert gone not in text
    for joined in (
        "build confidence among maritime",
        "terminals in East Africa",
        "International Maritime Organization.",
    ):
        assert joined in text
    assert len(cleaned.paragraphs) == 4


def test_web_news_with_chrome_stamp_and_author_box() -> None:
    cleaned = fixture("news_web.txt")
    text = cleaned.text.text
    assert cleaned.title == "Neighbours Sign Water-Sharing Pact After Decade of Talks"
    assert cleaned.authors == ["Daniel K. Osei"]
    assert cleaned.published == "2023-06-20"  # the article's own date beats the crawler's stamp
    assert cleaned.credits == [
        "Author bio: Daniel K. Osei is a correspondent covering water security and cross-border "
        "infrastructure. He previously reported from three capitals in the region."
    ]
    paragraphs = [text[a:b] for a, b in cleaned.paragraphs]
    assert paragraphs[1] == "Terms of the Agreement" and paragraphs[3] == "Reactions From the Region"
    for gone in (
        "date 2023",
        "World\n",
        "author",
        "Facebook",
        "Font size",
        "Related",
        "Drought",
        "cookie",
        "©",
    ):
        assert gone not in text
    assert paragraphs[-1].endswith("can still deliver results.")


def test_state_media_review_with_credits_and_caption() -> None:
    cleaned = fixture("state_media.txt")
    text = cleaned.text.text
    paragraphs = [text[a:b] for a, b in cleaned.paragraphs]
    assert cleaned.title == "Shared Development Is the Surest Path to Lasting Peace"
    assert cleaned.authors == ["Chen Wei"]
    assert cleaned.credits == [
        "Contributed by Chen Wei, senior researcher at the Institute of Regional Cooperation Studies",
        "Translated by Zhou Lan",
        "Source: People's Daily Online",
        "Responsible editor: Ma Jun",
    ]
    assert (cleaned.published, cleaned.published_source) == (None, None)
    assert paragraphs[0] == "An Overview of the Past Year"
    assert "1. Deepening partnerships with neighbouring countries" in paragraphs
    assert "2. Supporting the multilateral system" in paragraphs
    assert "power grids and public health." in text and "Xinhua" not in text and "Online>" not in text


def test_pdf_pages_are_joined_across_headers_and_page_breaks() -> None:
    cleaned = fixture("report_pdf.txt", kind="pdf")
    text = cleaned.text.text
    assert cleaned.title == "Energy Corridors and the New Geography of Supply"
    assert [text[a:b] for a, b in cleaned.paragraphs][0::2] == [
        "Summary",
        text[cleaned.paragraphs[2][0] :][:22],
    ]
    for gone in ("REGIONAL OUTLOOK", "Quarterly Security Review", "Page", "- 2 -"):
        assert gone not in text
    for joined in (
        "the international energy",
        "ever-increasing role",
        "self-reliance",
        "transmission lines",
        "maintenance of the pipeline network.",
    ):
        assert joined in text


def test_meta_wins_over_text() -> None:
    raw = (
        "Ports Reopen\n\nBy: Mei Ling Tan\nPublished: May 3, 2023\n\n"
        "The harbour is working again after the storm."
    )
    cleaned = doc(
        raw, title="Ports Reopen", authors=["Dr. Hana Novak, Senior Editor"], published="2023-05-04T08:00Z"
    )
    assert (cleaned.published, cleaned.published_source) == ("2023-05-04", "meta")
    assert cleaned.title == "Ports Reopen"
    assert cleaned.authors == ["Hana Novak", "Mei Ling Tan"]
    assert cleaned.text.text == "The harbour is working again after the storm."


def test_unparseable_meta_date_falls_back_to_text_and_nothing_is_invented() -> None:
    raw = "Published: May 3, 2023\n\nThe harbour is working again after the storm."
    assert doc(raw, published="sometime").published == "2023-05-03"
    cleaned = doc("The harbour is working again after the storm, officials said on 3 May 2023.")
    assert (cleaned.published, cleaned.published_source, cleaned.title) == (None, None, None)


def test_a_files_creation_date_is_a_weak_fallback() -> None:
    assert doc("Body text of the report.", kind="pdf", created="2013-08-29").published == "2013-08-29"
    raw = "Published: May 3, 2023\n\nBody text of the report."
    assert doc(raw, kind="pdf", created="2013-08-29").published == "2023-05-03"
    stamped = " date 2024-01-09 en English\nBody text of the report."
    assert (doc(stamped, created="2023-12-30").published, doc(stamped).published) == (
        "2023-12-30",
        "2024-01-09",
    )


def test_empty_and_chrome_only_documents() -> None:
    assert doc("").text.text == "" and doc("").paragraphs == []
    cleaned = doc("Share\nPrint\n\nCopyright © 2024 Example Media. All rights reserved.\n")
    assert cleaned.text.text == "" and cleaned.paragraphs == []


# --- offsets survive arbitrary wrapping -----------------------------------------------------

# fmt: off
_WORDS = [
    "trade", "talks", "border", "ports", "rail", "energy", "corridor", "summit", "treaty", "envoy",
    "minister", "region", "partners", "investment", "security", "dialogue", "cooperation",
    "growth", "markets", "grain", "water", "climate", "finance", "reform", "China", "Asia",
    "Nations", "Africa",
]
# fmt: on

_sentence = st.lists(st.sampled_from(_WORDS), min_size=6, max_size=14).map(
    lambda words: " ".join([words[0][0].upper() + words[0][1:], *words[1:]]) + "."
)
_paragraph = st.lists(_sentence, min_size=5, max_size=9).map(" ".join)


def _wrap(paragraph: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


@settings(max_examples=60, deadline=None)
@given(
    paragraphs=st.lists(_paragraph, min_size=1, max_size=4),
    width=st.integers(min_value=40, max_value=60),
    gaps=st.lists(st.integers(min_value=0, max_value=3), min_size=50, max_size=50),
    spaces=st.lists(st.sampled_from(["", " ", "  ", "\u00a0"]), min_size=50, max_size=50),
)
def test_random_wrapping_is_undone_with_offsets_intact(
    paragraphs: list[str], width: int, gaps: list[int], spaces: list[str]
) -> None:
    assume(all(len(p) > 3 * width for p in paragraphs))  # a wrap width shows only over 3+ lines
    blocks = []
    n = 0
    for paragraph in paragraphs:
        lines = _wrap(paragraph, width)
        out = [lines[0]]
        for line in lines[1:]:
            n += 1
            # a blank line inside a paragraph only where a sentence visibly carries on
            blank = "\n" * gaps[n % 50] if line[0].islower() and not out[-1].endswith(".") else ""
            out.append(f"{spaces[n % 50]}\n{blank}{line}")
        blocks.append("".join(out))
    raw = "\n\n".join(blocks) + "\n"
    cleaned = doc(raw)
    assert cleaned.text.text == "\n\n".join(paragraphs)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.,-:|>()\n\n\n\f\u00a0\u200b中1By")), max_size=300))
def test_any_input_cleans_to_well_formed_text(raw: str) -> None:
    cleaned = doc(raw)
    text = cleaned.text.text
    assert text == text.strip() and "\n\n\n" not in text and "  " not in text and "\f" not in text
    assert all(0 <= a < b <= len(text) and "\n" not in text[a:b] for a, b in cleaned.paragraphs)
    assert cleaned.text.offsets[-1] <= len(raw)


# --- the bundled sample corpus (the project's own invented documents, ground truth in its README)

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "communique" / "data" / "sample"


def sample(name: str, kind: str = "txt") -> Cleaned:
    path = SAMPLE / name
    if not path.is_file():
        pytest.skip(f"sample {name} is not bundled")
    return doc(path.read_text(encoding="utf-8"), kind=kind)


def test_sample_ministry_statement() -> None:
    cleaned = sample("mfa_statement_libya.txt")
    assert cleaned.title == (
        "Foreign Ministry Spokesperson's Statement on the Situation in Libya "
        "and the Safety of Chinese Nationals"
    )
    assert (cleaned.published, cleaned.authors) == ("2011-02-27", [])
    for gone in ("Home >", "Print This Page", "Suggest To A Friend", "Contact Us", "2011/02/27"):
        assert gone not in cleaned.text.text


def test_sample_press_conference() -> None:
    cleaned = sample("press_conference_transcript.txt")
    assert (
        cleaned.title == "Foreign Ministry Spokesperson Mao Ning's Regular Press Conference on June 20, 2023"
    )
    assert (cleaned.published, cleaned.authors) == ("2023-06-20", [])
    assert "Editor: Zhou Lan" in cleaned.credits
    text = cleaned.text.text
    assert "retrieved" not in text and "Press and Media" not in text and "[ Editor" not in text
    assert text.startswith("Mao Ning: Good afternoon.")


def test_sample_op_ed_with_letterhead_page_number_and_boxed_bio() -> None:
    cleaned = sample("oped_cpec_letterhead.txt")
    text = cleaned.text.text
    assert (
        cleaned.title
        == "All-Weather Friends in an Age of Uncertainty: Why the Corridor Matters Beyond Pakistan"
    )
    assert (cleaned.published, cleaned.authors) == ("2019-06-03", ["Adnan Rauf Siddiqui"])
    assert cleaned.credits[0].endswith("Institute for South-South Dialogue, Islamabad, Pakistan")
    assert cleaned.credits[1].startswith("Author bio: Adnan Rauf Siddiqui is Executive Director")
    for joined in (
        "foreign direct investment in independent power plants",
        "from Afghanistan to",
        "a community with a shared future for mankind",
    ):
        assert joined in text
    for gone in ("INSTITUTE FOR", "By Mr.", "Published on", "ABOUT THE AUTHOR", "+---", "Studies, jointly"):
        assert gone not in text


def test_sample_markdown_blog_post() -> None:
    cleaned = sample("oped_eu_derisking.md", kind="md")
    text = cleaned.text.text
    assert cleaned.title == "De-risking is not decoupling, but Brussels still has to say what it means"
    assert cleaned.authors == ["Katarzyna Nowak-Lindqvist"]
    assert cleaned.credits[0].startswith("Author bio: Katarzyna Nowak-Lindqvist writes about")
    for gone in ("---", "# ", "**", "](", "Containers waiting", "Share on", "Subscribe", "7 min read"):
        assert gone not in text
    assert "1. Define the risk. A list of critical goods" in text


# --- the shared real-world corpus -----------------------------------------------------------

SHARED = _shared_corpus()


@pytest.fixture(scope="module")
def corpus() -> dict[str, Cleaned]:
    if SHARED is None:
        pytest.skip("../shared/corpus is not present on this machine")
    return {
        path.name[:3]: doc(path.read_text(encoding="utf-8"))
        for path in sorted(SHARED.glob("*.txt"))
        if path.name[:3] in {"000", "002", "004"}
    }


def test_corpus_think_tank_op_ed(corpus: dict[str, Cleaned]) -> None:
    cleaned = corpus["000"]
    text = cleaned.text.text
    assert (cleaned.published, cleaned.published_source) == ("2023-03-14", "text")
    assert "Khalid Taimur Akram" in cleaned.authors
    assert "By Mr." not in text and "COMMUNICATION UNIVERSITY" not in text and "Published on" not in text
    assert "raise trade and investment" in text and "the World Health Organization" in text
    for a, b in cleaned.paragraphs:
        paragraph = text[a:b]
        assert len(paragraph) <= 80 or paragraph[-1] in '.!?”")', paragraph[-60:]


def test_corpus_state_media_review(corpus: dict[str, Cleaned]) -> None:
    cleaned = corpus["002"]
    text = cleaned.text.text
    assert "Guangming Online>" not in text and "[ Editor:" not in text
    assert any(c.startswith("Translated by") for c in cleaned.credits)
    assert any(c.startswith("Editor:") for c in cleaned.credits)
    assert cleaned.published is None
    paragraphs = [text[a:b] for a, b in cleaned.paragraphs]
    headings = [p for p in paragraphs if re.match(r"\d\. ", p) or p.startswith("Composing a new chapter")]
    assert len(headings) == 5 and all(len(h) < 80 for h in headings)


def test_corpus_online_news(corpus: dict[str, Cleaned]) -> None:
    cleaned = corpus["004"]
    text = cleaned.text.text
    assert (cleaned.published, cleaned.published_source) == ("2024-01-08", "text")
    assert "Aqsa Younas Rana" in cleaned.authors
    assert "stands as a beacon" not in text and "Aqsa" not in text
    assert not text.startswith(("date", "China\n")) and "author" not in text.split("\n\n")[0]
