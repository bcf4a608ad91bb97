"""Grading a batch on Dask distributed: one warm snippet runner per Dask worker, one task per file.

Needs the ``dask`` extra (``pip install "quizapp[dask]"``); nothing else in quizapp imports
this module. The grader's machine reads every file (refusing what is not a regular file,
exactly as a plain run does) and sends its bytes with the task, so workers on other
machines need no shared disk. ``SnippetRunnerPlugin`` starts a ``SnippetRunner`` on each
Dask worker as it joins (as many slots as the worker has threads) and closes it when the
worker leaves. Each task grades one submission through ``regrade_source``, the function a
plain run calls per file, so results are the same; they come back in command-line order.
"""

import logging
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from quizapp.core.errors import QuizAppError
from quizapp.core.execution.client import SnippetRunner
from quizapp.core.grading.code_judge import RunnerJudge, VerdictCache
from quizapp.core.model.questions import Question
from quizapp.core.records.assignments import Assignment
from quizapp.core.records.submission_files import SubmissionError, parse_submission, read_submission_bytes
from quizapp.core.records.submissions import GradedSubmission, NotGradable, regrade_source

PLUGIN_NAME = "quizapp-snippet-runner"
Result = GradedSubmission | NotGradable


class SnippetRunnerPlugin(WorkerPlugin):
    """Gives each Dask worker one warm ``SnippetRunner``: started in setup, closed in teardown."""

    name = PLUGIN_NAME

    def __init__(self, hidden_paths: Sequence[str] = ()) -> None:
        """Hide ``hidden_paths`` (and the worker's own directory) from every run of the runner."""
        self.hidden_paths = tuple(hidden_paths)
        self.runner: SnippetRunner | None = None
        self.cache: VerdictCache | None = None
        """This worker's verdicts: an answer handed in unchanged by many learners runs once here
        (made in ``setup``, on the worker: the plugin itself travels pickled, a lock cannot)."""

    def setup(self, worker: Any) -> None:
        """Start the worker's runner in the background, one slot per worker thread."""
        # The worker's directory may hold spilled task data: the questions, with their keys.
        hidden = [*self.hidden_paths, str(worker.local_directory)]
        self.runner = SnippetRunner(slots=max(1, int(worker.state.nthreads)), hidden_paths=hidden)
        self.cache = VerdictCache()
        self.runner.start()

    def teardown(self, worker: Any) -> None:
        """Stop the worker's runner."""
        if self.runner is not None:
            self.runner.close()
            self.runner = None


def grade_submission_task(
    source: str, data: bytes, questions: Sequence[Question], assignment: Assignment | None
) -> Result:
    """A Dask task: grade one submission's bytes with this worker's runner."""
    plugin = get_worker().plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, SnippetRunnerPlugin) or plugin.runner is None:
        raise QuizAppError("this Dask worker has no snippet runner (its quizapp plugin did not start)")
    return regrade_source(
        source,
        lambda: parse_submission(data),
        questions,
        judge=RunnerJudge(plugin.runner, cache=plugin.cache),
        assignment=assignment,
    )


def grade_on_dask(
    paths: Sequence[Path],
    questions: Sequence[Question],
    *,
    assignment: Assignment | None,
    hidden_paths: Sequence[Path],
    scheduler: str | None = None,
    workers: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> list[Result]:
    """Grade submission files on a Dask cluster; results in the order of ``paths``.

    Args:
        paths: The submission files, read here.
        questions: The grader's bank, sent once to every worker.
        assignment: The grader's assignment, if any.
        hidden_paths: Paths no run may read (the bank, the submissions) on a local worker.
        scheduler: A running scheduler's address; None starts a local cluster of
            ``workers`` workers in this process.
        workers: Workers of the local cluster.
        progress: Called with (done, total) as each file is graded.

    Raises:
        QuizAppError: The scheduler cannot be reached, or the cluster failed a task.
    """
    # Dask's own log lines (a closed connection, told with a traceback while the cluster shuts
    # down) are not the grader's business: the command reports what went wrong itself. Kept
    # quiet for the rest of the process, since some arrive after the client has closed.
    logging.getLogger("distributed").setLevel(logging.ERROR)
    results: list[Result | None] = [None] * len(paths)
    pending: dict[int, tuple[str, bytes]] = {}
    for index, path in enumerate(paths):
        try:
            pending[index] = (str(path), read_submission_bytes(path))
        except SubmissionError as error:  # refused here, with a plain run's reason
            results[index] = NotGradable(str(path), str(error))
    done = len(paths) - len(pending)
    if progress is not None and done:
        progress(done, len(paths))
    with _connected(scheduler, workers) as client:
        # Resolved here: a worker's directory is not this one ("." would hide the worker's own).
        hidden = [os.path.realpath(path) for path in hidden_paths]  # a symlink loop stays as it is
        client.register_plugin(SnippetRunnerPlugin(hidden), name=PLUGIN_NAME)
        [shared_questions] = client.scatter([list(questions)], broadcast=True, hash=False)
        batch = uuid.uuid4().hex[:8]
        futures = {
            client.submit(
                grade_submission_task,
                source,
                data,
                shared_questions,
                assignment,
                key=f"quizapp-grade-{batch}-{index}",
                pure=False,
            ): index
            for index, (source, data) in pending.items()
        }
        for future in as_completed(futures):
            index = futures[future]
            try:
                results[index] = future.result()
            except Exception as error:  # a worker lost for good, a task that could not run
                raise QuizAppError(f"the Dask cluster failed to grade {paths[index]}: {error}") from None
            done += 1
            if progress is not None:
                progress(done, len(paths))
    return [result for result in results if result is not None]


@contextmanager
def _connected(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a new local cluster, closed on leaving."""
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as error:
            raise QuizAppError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        with client:
            yield client
        return
    threads = max(1, (os.cpu_count() or 2) // max(1, workers))
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=threads, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
