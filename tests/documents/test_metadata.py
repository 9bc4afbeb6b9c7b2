import pytest

from communique.documents.metadata import (
    RANK_DATELINE,
    RANK_PUBLISHED,
    RANK_STAMP,
    RANK_UPDATED,
    find_date,
    is_bio,
    parse_byline,
    parse_credit,
    parse_date,
    parse_dateline,
    person_name,
)


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-01-09", "2024-01-09"),
        ("2024/1/9", "2024-01-09"),
        ("2024-01-08T21:11:00-05:00", "2024-01-08"),
        ("Mon, 08 Jan 2024 21:11:00 +0000", "2024-01-08"),
        ("January 8, 2024", "2024-01-08"),
        ("Jan. 8 2024", "2024-01-08"),
        ("March 14th, 2023", "2023-03-14"),
        ("14th March 2023", "2023-03-14"),
        ("7 of March 2023", "2023-03-07"),
        ("Sept 30, 2022", "2022-09-30"),
        ("2023年3月14日", "2023-03-14"),
        ("2023 年 3 月 14 号", "2023-03-14"),
        ("14/03/2023", "2023-03-14"),
        ("03/14/2023", "2023-03-14"),
        ("14.03.2023", "2023-03-14"),
        ("05/05/2023", "2023-05-05"),
        ("20240108", "2024-01-08"),
        ("March 2023", "2023-03"),
        ("2023年3月", "2023-03"),
        ("2023-03", "2023-03"),
        ("2023", "2023"),
    ],
)
def test_parse_date_formats(value: str, iso: str) -> None:
    assert parse_date(value) == iso


@pytest.mark.parametrize(
    "value",
    [
        "03/04/2023",  # day-first or month-first: unknown, not a guess
        "February 30, 2023",
        "2023-13-01",
        "1850-01-01",
        "2150",
        "yesterday",
        "",
        "Q3 report",
    ],
)
def test_parse_date_refuses_to_guess(value: str) -> None:
    assert parse_date(value) is None


def test_find_date_prefers_the_earliest_full_date() -> None:
    assert find_date("signed on 12 May 2021, in force since June 2022") == ("2021-05-12", 10, 21)
    assert find_date("between March 2022 and 2023-04-01")[0] == "2023-04-01"  # day precision first


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published on 14th March 2023", ("2023-03-14", RANK_PUBLISHED)),
        ("Published: January 8, 2024 at 9:11 pm EST", ("2024-01-08", RANK_PUBLISHED)),
        ("Posted: Tuesday, 9 May 2023 10:02 GMT+8", ("2023-05-09", RANK_PUBLISHED)),
        ("Date: 2021-11-30", ("2021-11-30", RANK_PUBLISHED)),
        ("发布时间：2023年3月14日 09:30", ("2023-03-14", RANK_PUBLISHED)),
        ("Updated: 2023-05-02 10:31", ("2023-05-02", RANK_UPDATED)),
        ("Last updated on June 1, 2022", ("2022-06-01", RANK_UPDATED)),
        ("March 7, 2023", ("2023-03-07", RANK_DATELINE)),
        ("(2024-02-01)", ("2024-02-01", RANK_DATELINE)),
        (" date 2024-01-09 en English", ("2024-01-09", RANK_STAMP)),
        ("retrieved 2023-06-21 04:02 UTC", ("2023-06-21", RANK_STAMP)),
        ("Published: 2019", ("2019", RANK_PUBLISHED)),
    ],
)
def test_parse_dateline(line: str, expected: tuple[str, int]) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Recently in Beijing, March 7, 2023, the minister spoke.",
        "The summit ends on 14 March 2023 with a joint statement",
        "Published: soon",
        "2019",  # a bare year on its own line is not a date statement
        "Chapter 12",
        " date 2024-13-45 en English",
    ],
)
def test_parse_dateline_rejects_sentences_and_non_dates(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mr. Khalid Mahmood Qureshi", "Khalid Mahmood Qureshi"),
        ("Prof. Dr. Anna Lindqvist", "Anna Lindqvist"),
        ("Ambassador Tomás de la Vega", "Tomás de la Vega"),
        ("Daniel K. Osei in Accra", "Daniel K. Osei"),
        ("Omar al-Rashid Haddad", "Omar al-Rashid Haddad"),
        ("王小明", "王小明"),
    ],
)
def test_person_name(text: str, name: str) -> None:
    assert person_name(text) == name


@pytest.mark.parametrize(
    "text", ["Staff Reporter", "Executive Director", "Global Times", "Beijing", "the ministry", "Unit 8200"]
)
def test_person_name_rejects_roles_outlets_and_places(text: str) -> None:
    assert person_name(text) is None


def test_parse_byline_with_affiliation() -> None:
    byline = parse_byline(
        "By Mr. Jonas Pereira Lima, Executive Director, Centre for Southern Studies, Lisbon, Portugal"
    )
    assert byline is not None
    assert byline.authors == ["Jonas Pereira Lima"]
    assert byline.credit == (
        "Author: Jonas Pereira Lima, Executive Director, Centre for Southern Studies, Lisbon, Portugal"
    )


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        ("By: Mei Ling Tan", ["Mei Ling Tan"]),
        ("Author: Dr. Hana Novak", ["Hana Novak"]),
        ("Written by Priya Raman and Tom Becker", ["Priya Raman", "Tom Becker"]),
        ("By Sara Kim, Luis Ortega and Femi Adeyemi", ["Sara Kim", "Luis Ortega", "Femi Adeyemi"]),
        ("Reporter: Zhao Ming", ["Zhao Ming"]),
        ("记者 李华", ["李华"]),
    ],
)
def test_parse_byline_authors(text: str, authors: list[str]) -> None:
    byline = parse_byline(text)
    assert byline is not None
    assert byline.authors == authors
    assert byline.credit is None


def test_parse_byline_without_a_person_keeps_a_credit() -> None:
    byline = parse_byline("By Staff Reporter")
    assert byline is not None and byline.authors == [] and byline.credit == "By Staff Reporter"


@pytest.mark.parametrize(
    "text",
    [
        "By 2030, the two economies will be linked by rail.",
        "By contrast, the ministry said little.",
        "By doing so, both sides saved face",
        "Bystanders said the convoy left at noon.",
    ],
)
def test_parse_byline_leaves_sentences_alone(text: str) -> None:
    assert parse_byline(text) is None


@pytest.mark.parametrize(
    ("line", "credit", "authors"),
    [
        ("[ Editor: Li Na ]", "Editor: Li Na", []),
        ("[Responsible editor: Wu Gang]", "Responsible editor: Wu Gang", []),
        ("EDITOR : Ana Silva", "Editor: Ana Silva", []),
        ("Translated by Sun Yue", "Translated by Sun Yue", []),
        ("Source: Xinhua", "Source: Xinhua", []),
        ("责任编辑：王芳", "责任编辑: 王芳", []),
        (
            "Contributed by He Jun, research fellow at the Centre for Border Studies",
            "Contributed by He Jun, research fellow at the Centre for Border Studies",
            ["He Jun"],
        ),
    ],
)
def test_parse_credit(line: str, credit: str, authors: list[str]) -> None:
    assert parse_credit(line) == (credit, authors)


def test_parse_credit_ignores_prose() -> None:
    assert parse_credit("The editor of the paper said the report was accurate.") is None


def test_is_bio() -> None:
    assert is_bio("The author is a researcher at the Institute of Asian Affairs.", [])
    assert is_bio("About the writer: she covers trade policy.", [])
    assert is_bio("Mei Ling Tan is a journalist based in Singapore.", ["Mei Ling Tan"])
    assert is_bio("Mei Ling serves as an analyst at a think tank.", ["Mei Ling Tan"])
    assert not is_bio("Mei Ling Tan said the talks would resume.", ["Mei Ling Tan"])
    assert not is_bio("The ministry is committed to dialogue.", ["Mei Ling Tan"])
