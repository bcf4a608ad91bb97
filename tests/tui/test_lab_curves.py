"""The lab's curves draw at most a few hundred points of a long run, yet keep its spikes and dips."""

import math

from quizapp.tui.widgets.lab_curves import MOST_POINTS, envelope


def test_a_short_run_is_drawn_whole() -> None:
    xs, ys = [1, 2, 3], [0.5, math.nan, 2.0]
    assert envelope(xs, ys) == (xs, ys)


def test_a_long_run_keeps_each_buckets_extremes_in_step_order() -> None:
    xs = list(range(1, 2001))
    ys = [math.sin(x / 50) for x in xs]
    ys[1234] = 99.0  # one spike, one dip: both must survive
    ys[777] = -99.0
    kept_x, kept_y = envelope(xs, ys)
    assert len(kept_x) <= MOST_POINTS + 2
    assert kept_x == sorted(kept_x)
    assert (1235, 99.0) in zip(kept_x, kept_y, strict=True)
    assert (778, -99.0) in zip(kept_x, kept_y, strict=True)
    assert max(kept_y) == 99.0
    assert min(kept_y) == -99.0


def test_points_that_cannot_be_drawn_are_left_out_of_a_long_run() -> None:
    xs = list(range(1, 1001))
    ys = [math.nan if x % 2 else 1.0 for x in xs]
    kept_x, kept_y = envelope(xs, ys)
    assert kept_y
    assert all(y == 1.0 for y in kept_y)
    assert all(x % 2 == 0 for x in kept_x)
