"""The worker process's side of execution: the server, its slots, their children and supervision.

Everything here runs in ``python -m quizapp.core.execution.worker`` (started by
``quizapp.core.execution.worker_connection``) or in processes it forks; these are the only modules of
quizapp that import torch, and only inside functions, once the worker process has started.

- ``server``: the process entry; warms up torch, speaks the protocol with the app, vets a
  code task's call rules (``judged_run.vet_call_rules``) and hands requests to slots.
- ``slot``: one slot process: keeps a child forked ahead of need, runs a request in it,
  reports the verdict; ``zygote``: the copy of the slot, made before any run, that forks
  the children (so none inherits another run's data).
- ``child``: what runs in the forked child: isolation, limits, then the snippet harness.
- ``snippet_harness``: running the snippet (and a check's probe) inside the child.
- ``checker``: the process that runs a code task's check; ``handed_data``: the only data that
  crosses between it and a run (a check's cases, a probe's result), and its reader.
- ``supervision``: watching a run from its slot, the verdict, and killing what it leaves.
- ``confinement``: what a slot hides, blanks and caps for its children;
  ``entering_confinement``: what a child does to enter it (mounts, memory cgroup, privileges).
- ``process_control``: the Linux calls the others share (prctl, closing descriptors).
"""
