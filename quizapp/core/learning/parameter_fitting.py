"""``quizapp stats --optimize``: FSRS parameters fitted to one learner's own reviews, kept and used.

The fitting is the ``fsrs`` library's optimizer (its ``optimizer`` extra, which needs torch),
run in a child process (:mod:`quizapp.core.learning.fitting_worker`), so the app's process
never imports torch. The fitted weights are stored per learner (``fsrs_parameters``) and
schedule that learner's reviews from then on (:meth:`CardStore.schedule_for`); cards keep
their state, and each next review moves on with the new weights. Fitting again replaces them.

The optimizer learns only from reviews on a later day than the card's previous review, and
with fewer than ``MIN_REVIEWS`` of them it returns FSRS's defaults: quizapp says so rather
than start a fit that cannot change anything.
"""

import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from quizapp.core.errors import QuizAppError
from quizapp.core.learning.card_store import CardStore, FittedParameters, ReviewRecord
from quizapp.core.learning.optimizer_extra import missing_optimizer_packages, optimizer_advice

MIN_REVIEWS = 512
"""Reviews on a later day than the card's previous one that fsrs's optimizer needs (its mini-batch)."""
FIT_TIMEOUT_S = 600.0
WORKER_MODULE = "quizapp.core.learning.fitting_worker"


class FittingError(QuizAppError):
    """The fit failed, or fitted nothing."""


class CannotFitYetError(FittingError):
    """Nothing to fit with yet: the optimizer extra is missing, or there are too few reviews."""


@dataclass(frozen=True, slots=True)
class FitResult:
    """What a fit gave: the weights kept, and the defaults they replace."""

    fitted: FittedParameters
    defaults: tuple[float, ...]


def review_logs(reviews: Sequence[ReviewRecord]) -> list[list[object]]:
    """The reviews as the fitting worker reads them: ``[card, rating, ISO time, milliseconds]``.

    A card reset because its question changed starts a new sequence (its first review after
    the reset predicted 0, as a new card's does), so the optimizer never sees the old
    question's history as the new one's.
    """
    sequence: dict[int, int] = {}
    logs: list[list[object]] = []
    for review in reviews:
        if review.retrievability == 0.0:  # a new card, or one started over
            sequence[review.card_row] = sequence.get(review.card_row, -1) + 1
        card = review.card_row * 1000 + sequence.get(review.card_row, 0)
        milliseconds = round(review.seconds * 1000)
        logs.append([card, int(review.rating), review.reviewed_at.isoformat(), milliseconds])
    return logs


def countable_reviews(logs: Sequence[Sequence[object]]) -> int:
    """Reviews on a later day than their card's previous one: those the optimizer learns from."""
    last: dict[object, datetime] = {}
    count = 0
    for card, _, when, _ in logs:
        moment = datetime.fromisoformat(str(when))
        if card in last and (moment - last[card]).days > 0:
            count += 1
        last[card] = moment
    return count


def fit_parameters(cards: CardStore, learner: str, now: datetime) -> FitResult:
    """Fit FSRS to ``learner``'s reviews in a child process, keep the weights, and return them.

    Raises:
        CannotFitYetError: The optimizer extra is not installed (the message says how to get
            it), or there are too few reviews (it says how many).
        FittingError: The fit failed, or kept the defaults.
    """
    if missing_optimizer_packages():
        raise CannotFitYetError(optimizer_advice())
    logs = review_logs(cards.reviews(learner))
    usable = countable_reviews(logs)
    if usable < MIN_REVIEWS:
        raise CannotFitYetError(
            f"too few reviews to fit FSRS to {learner}: {usable} on a later day than the question's "
            f"previous review, and fsrs's optimizer needs {MIN_REVIEWS}; until then quizapp schedules "
            "with FSRS's default parameters"
        )
    defaults = cards.schedule.parameters
    parameters = tuple(_run_worker(logs))
    if parameters == defaults:
        raise FittingError("fsrs's optimizer kept its default parameters: nothing to change")
    fitted = FittedParameters(parameters, usable, now)
    cards.save_fitted(learner, fitted)
    return FitResult(fitted, defaults)


def _run_worker(logs: list[list[object]]) -> list[float]:
    try:
        done = subprocess.run(
            [sys.executable, "-m", WORKER_MODULE],
            input=json.dumps({"reviews": logs}),
            capture_output=True,
            text=True,
            timeout=FIT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise FittingError(f"fitting FSRS took over {FIT_TIMEOUT_S:.0f} s and was stopped") from None
    if done.returncode != 0:
        why = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise FittingError(f"fitting FSRS failed: {why[0]}")
    try:
        return [float(weight) for weight in json.loads(done.stdout)["parameters"]]
    except (ValueError, KeyError, TypeError):
        raise FittingError("fitting FSRS failed: the fitting process answered something unreadable") from None


def fit_summary(result: FitResult) -> list[str]:
    """What ``stats --optimize`` prints after a fit: the weights against the defaults, and what now."""
    fitted = result.fitted
    lines = [f"Fitted FSRS to {fitted.reviews} reviews; the weights are kept and schedule your next reviews:"]
    lines.append(f"  {'weight':>6} {'default':>9} {'yours':>9}")
    lines.extend(
        f"  {f'w{index}':>6} {default:>9.4f} {mine:>9.4f}"
        for index, (default, mine) in enumerate(zip(result.defaults, fitted.parameters, strict=True))
    )
    lines.append("Run quizapp stats --optimize again after more reviews to fit them anew.")
    return lines
