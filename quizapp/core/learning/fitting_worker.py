"""Fits FSRS parameters to reviews in a child process: ``python -m quizapp.core.learning.fitting_worker``.

The ``fsrs`` optimizer brings torch, which the app's process never imports; the app
(:mod:`quizapp.core.learning.parameter_fitting`) runs this module as a child, writes the
reviews to its stdin as JSON (``{"reviews": [[card, rating, ISO time, milliseconds], ...]}``)
and reads ``{"parameters": [21 floats]}`` from its stdout. A failure is one line on stderr
and exit status 1.
"""

import json
import sys
from datetime import datetime
from typing import Any


def fit(reviews: list[list[Any]]) -> list[float]:
    """FSRS weights fitted by the ``fsrs`` optimizer to ``reviews`` ([card, rating, time, ms] each)."""
    from fsrs import Optimizer, Rating, ReviewLog  # noqa: PLC0415  (imports torch: only in this child)

    logs = [
        ReviewLog(int(card), Rating(int(rating)), datetime.fromisoformat(when), int(ms))
        for card, rating, when, ms in reviews
    ]
    return [float(weight) for weight in Optimizer(logs).compute_optimal_parameters()]


def main() -> int:
    """Read reviews on stdin, write the fitted parameters on stdout."""
    try:
        request = json.load(sys.stdin)
        parameters = fit(request["reviews"])
    except Exception as error:  # the parent reports the one line; a traceback would say less
        sys.stderr.write(f"{type(error).__name__}: {error}\n")
        return 1
    json.dump({"parameters": parameters}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
