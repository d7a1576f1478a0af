"""Minutes and seconds (coach/timefmt.py)."""

from __future__ import annotations

import pytest

from coach.timefmt import mmss


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "00:00"),
        (59.9, "00:59"),
        (60, "01:00"),
        (3599, "59:59"),
        (6000, "100:00"),
        (-5, "00:00"),
    ],
)
def test_mmss_cuts_to_whole_seconds_and_never_goes_below_zero(seconds: float, shown: str) -> None:
    assert mmss(seconds) == shown
