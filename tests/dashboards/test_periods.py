import datetime

import pytest

from projects.periods import Period, PeriodForm

D = datetime.date
TODAY = D(2024, 5, 17)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, Period(D(2024, 1, 1), D(2024, 5, 1))),
        ({"kind": "month", "year": "2023", "month": "2"}, Period(D(2023, 2, 1), D(2023, 2, 1))),
        ({"kind": "quarter", "year": "2023", "quarter": "3"}, Period(D(2023, 7, 1), D(2023, 9, 1))),
        ({"kind": "year", "year": "2022"}, Period(D(2022, 1, 1), D(2022, 12, 1))),
        ({"kind": "ytd", "year": "2023", "month": "6"}, Period(D(2023, 1, 1), D(2023, 6, 1))),
        ({"kind": "ytd", "year": "2023"}, Period(D(2023, 1, 1), D(2023, 12, 1))),
        ({"kind": "ytd", "year": "2024", "month": "12"}, Period(D(2024, 1, 1), D(2024, 5, 1))),
        (
            {"kind": "custom", "start": "2022-11", "end": "2023-02"},
            Period(D(2022, 11, 1), D(2023, 2, 1)),
        ),
    ],
)
def test_it_reads_the_period(data, expected):
    assert PeriodForm(data, today=TODAY).period() == expected


def test_it_falls_back_on_a_bad_custom_range():
    form = PeriodForm({"kind": "custom", "start": "2023-05", "end": "2023-01"}, today=TODAY)
    assert not form.is_valid()
    assert form.period() == Period(D(2024, 1, 1), D(2024, 5, 1))


def test_it_compares_with_a_year_earlier():
    period = Period(D(2024, 1, 1), D(2024, 2, 1))
    assert period.year_earlier() == Period(D(2023, 1, 1), D(2023, 2, 1))
    assert period.end == D(2024, 2, 29)
    assert period.year_earlier().end == D(2023, 2, 28)
    assert len(Period(D(2022, 11, 1), D(2023, 2, 1)).months) == 4
