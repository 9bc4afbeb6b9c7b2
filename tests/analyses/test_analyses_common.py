import pytest
from sqlalchemy import select

from communique.analyses.common import is_iso_date, outlet, precision, year_range
from communique.store.schema import documents


def test_periods_from_the_command_line():
    assert year_range("2015-2019") == ("2015", "2019")
    assert year_range("2015–2019") == ("2015", "2019")
    assert year_range("2015-03..2019-06-30") == ("2015-03", "2019-06-30")
    assert year_range("2019") == ("2019", "2019")
    assert year_range("2019-05") == ("2019-05", "2019-05")
    with pytest.raises(ValueError, match="not a period"):
        year_range("last year")


def test_precision_of_dates():
    assert [precision(value) for value in ("2016", "2021-03", "2022-11-14", "2024-H1", None)] == [
        "year",
        "month",
        "day",
        "other",
        None,
    ]


def test_only_dates_starting_with_a_year_are_dates(corpus):
    values = ["2024", "2024-05-13", "2024-H1", "201X", "XXXX-05-13", "PAST_REF", "P10Y", "", None]
    with corpus.store.engine.connect() as connection:
        found = [connection.execute(select(is_iso_date(value))).scalar() for value in values]
    assert [bool(flag) for flag in found] == [True, True, True, False, False, False, False, False, False]


def test_outlet_is_source_name_else_host_else_folder(corpus):
    with corpus.store.engine.connect() as connection:
        rows = dict(connection.execute(select(documents.c.id, outlet(corpus.store.dialect))).all())
    assert rows[corpus.ids["k15x"]] == "Xinhua"  # a source name beats the file path
    assert rows[corpus.ids["k16d"]] == "dawn.com"  # https://www.dawn.com/news/1001
    assert rows[corpus.ids["k22m"]] == "corpus/mfa"  # corpus/mfa/2022-11-15.txt
    assert set(rows.values()) == {"Xinhua", "dawn.com", "corpus/mfa"}
