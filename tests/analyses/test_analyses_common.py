import pytest

from communique.analyses.common import precision, year_range


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
