"""Running snippets with real PyTorch in isolated processes.

App side (never imports torch): ``client`` (``SnippetRunner``, built on
``worker_connection``'s ``WorkerConnection``, the app's end of the worker process),
``protocol`` (the typed messages to and from the worker), ``limits`` and ``run_result``. Worker side: the
``worker`` package, a process that imports torch once and runs each snippet in a fresh,
sandboxed child of one of its slots.
"""
