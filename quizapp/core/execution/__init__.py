"""Running snippets with real PyTorch in isolated processes.

The app side (``runner``) never imports torch; it talks to a warm worker process
(``worker``) that imports torch once and forks a fresh, sandboxed child per snippet.
"""
