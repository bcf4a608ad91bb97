"""A code task's call rules: functions the learner's code must not call, or must call.

A check may name functions by dotted path (``torch.nn.utils.clip_grad_norm_``) in
``forbid`` and ``require``. Two layers enforce them, neither of which the learner's code
can reach:

- **Before the run**, in the worker's server (``refusal``): the code is parsed, never run, and refused
  if it names a forbidden function (as a name, an attribute, an import or inside a string)
  or reaches for what could bring one back or forge a record (``ESCAPES``): ``eval`` and
  ``exec``, attribute access by computed name (``getattr``, ``vars``…), files and
  unpicklers, ``importlib``, ``gc``, ``inspect``, frames and dunder attributes such as
  ``__closure__``, ``__globals__`` or ``__spec__``. Code that solves such a task needs
  none of them.
- **In the run's child, before the learner's code** (``arm``): every reference a loaded
  module holds to a forbidden function is replaced by a stand-in that ends the run at once,
  and every reference to a required one by a stand-in that notes the call and does the
  work (the slot finds where each is held once per set of rules, ``locate``, as the child
  forks with the same modules loaded). A default argument, an alias or a call from inside
  torch therefore meets the stand-in, and the originals are dropped. Modules that define a
  watched function cannot be loaded anew (``importlib.reload``, or a second import after
  deleting them from ``sys.modules``), which would make fresh originals. Nor can their files
  be read, by any path, link or copy (``runpy.run_path``, a second import under another
  name from another ``sys.path`` entry, ``shutil.copy``), and no other program can be
  started (a fresh ``python`` would hold fresh originals): an audit hook (``sys.addaudithook``,
  which cannot be removed) refuses both for the rest of the run.

A ``require`` rule is checked in the run's own process, after the probe: code that hands
over a result of its own, by writing on the data pipe, skips that check. A result so handed
over must still pass ``verify``, and a call-rule report, when the child makes one, fails the
run whatever was handed over (``judged_run``). So ``require`` holds against ordinary code;
against code that computes the right result without the required call and forges the
hand-over, only ``verify``'s check of the result does.

What was called is kept in a closure of ``arm``, not in any namespace the learner's code
sees. This is a fence for ordinary Python, not a proof against every trick the language
allows: each known way around it is a test in ``tests/core/execution/test_call_rules.py``.
Copying torch's own source into an answer is still possible: that is writing the code.
"""

import ast
import functools
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from quizapp.core.execution.protocol import Places

ESCAPES = frozenset(
    {
        "eval",
        "exec",
        "compile",
        "open",
        "__import__",
        "importlib",
        "reload",
        "gc",
        "inspect",
        "ctypes",
        "builtins",
        "__builtins__",
        "_getframe",
        "settrace",
        "setprofile",
        "addaudithook",
        "f_locals",
        "f_globals",
        "f_back",
        "f_builtins",
        "tb_frame",
        "gi_frame",
        "cr_frame",
        "ag_frame",
        "getattr",
        "setattr",
        "delattr",
        "vars",
        "globals",
        "locals",
        "attrgetter",
        "methodcaller",
        "types",
        "FunctionType",
        "CodeType",
        "pickle",
        "_pickle",
        "marshal",
        "copyreg",
        "weights_only",
        "io",
        "pathlib",
        "read_text",
        "read_bytes",
        "linecache",
        "runpy",
        "run_path",
        "run_module",
        "pydoc",
        "locate",
        "pkgutil",
        "resolve_name",
        "imp",
        "load_source",
        "load_module",
        "exec_module",
        "zipimport",
        "Formatter",
        "get_field",
        "_current_frames",
        "walk_stack",
        "subprocess",
        "_posixsubprocess",
        "multiprocessing",
        "Popen",
        "system",
        "popen",
        "quizapp",
    }
)
"""Names that could bring a forbidden function back or forge a call record."""
PLAIN_DUNDERS = frozenset({"__init__", "__name__", "__main__", "__len__", "__future__"})
"""Dunder names ordinary code uses; every other dunder attribute or name is refused."""


def _basename(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def refusal(code: str, forbid: Sequence[str], require: Sequence[str] = ()) -> str | None:
    """Why ``code`` may not run under these rules, or None; the code is parsed, never run.

    Args:
        code: The learner's code.
        forbid: Dotted paths of the functions it must not call.
        require: Dotted paths of the functions it must call (their names are fine to use).
    """
    if not forbid and not require:
        return None
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None  # the run reports it, at its line
    forbidden = {_basename(path): path for path in forbid}
    docstrings = {id(node.value) for node in _docstring_nodes(tree)}
    for node in ast.walk(tree):
        for name in _names_in(node, docstrings):
            line = getattr(node, "lineno", 0)
            if name in forbidden:
                return (
                    f"line {line} names {name}: this task does not allow {forbidden[name]}, "
                    "so your code may not mention it at all (strings included)"
                )
            if name in ESCAPES or (_is_dunder(name) and name not in PLAIN_DUNDERS):
                return (
                    f"line {line} uses {name}, which this task does not allow: it checks which "
                    "functions your code calls, and that could get around the check"
                )
    return None


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _docstring_nodes(tree: ast.Module) -> Iterable[ast.Expr]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                yield body[0]


def _names_in(node: ast.AST, docstrings: set[int]) -> Iterable[str]:
    """The identifiers ``node`` itself names, and the words of a string it holds."""
    match node:
        case ast.Name(id=name) | ast.Attribute(attr=name):
            yield name
        case ast.alias(name=dotted, asname=alias):
            yield from dotted.split(".")
            if alias:
                yield alias
        case ast.ImportFrom(module=module) if module:
            yield from module.split(".")
        case ast.Constant(value=str() as text) if id(node) not in docstrings:
            yield from _words(text)
        case ast.Constant(value=bytes() as data):
            yield from _words(data.decode("latin-1"))
        case ast.FunctionDef(name=name) | ast.AsyncFunctionDef(name=name) | ast.ClassDef(name=name):
            yield name
        case ast.arg(arg=name) | ast.keyword(arg=str() as name):
            yield name


def _words(text: str) -> Iterable[str]:
    """The identifier-like words in ``text`` (so ``"torch.nn.utils.clip_grad_norm_"`` counts)."""
    word = []
    for char in text + " ":
        if char.isalnum() or char == "_":
            word.append(char)
        elif word:
            yield "".join(word)
            word = []


@functools.lru_cache(maxsize=16)
def locate(paths: tuple[str, ...]) -> Places:
    """Every (module, name) that holds each function of ``paths``, among the loaded modules.

    Scanning every module takes milliseconds and touches the memory of every module, so the
    worker's server does it, once per set of rules, and the places travel with the request
    (``judged_run.vet_call_rules``) to the slot and its child, both forked from the server
    with the very same modules loaded.
    """
    wanted = {id(_resolve(path)[0]): path for path in paths}
    places: Places = {path: [] for path in paths}
    for module_name, module in list(sys.modules.items()):
        namespace = getattr(module, "__dict__", None)
        if isinstance(namespace, dict):
            for key, value in list(namespace.items()):
                if (path := wanted.get(id(value))) is not None:
                    places[path].append((module_name, key))
    return places


def arm(
    forbid: Sequence[str],
    require: Sequence[str],
    forbidden_called: Callable[[str], None],
    places: Places | None = None,
) -> tuple[Callable[[], list[str]], Callable[[], None]]:
    """Put the stand-ins in place (in the run's child, before the learner's code).

    Args:
        forbid: Dotted paths of functions whose call ends the run.
        require: Dotted paths of functions whose calls are noted.
        forbidden_called: Ends the run, told the dotted path called; never returns.
        places: Where the functions are held (``locate``, run in the slot); found here if None.

    Returns:
        A function giving the required paths not called since the last call of the second,
        which forgets the calls so far: the harness calls it as the probe starts, so that a
        required function called once at import, on throw-away data, does not count.
    """
    called: set[str] = set()
    stand_ins: dict[str, Callable[..., Any]] = {}
    modules: set[str] = set()
    for path in forbid:
        _, module = _resolve(path)
        stand_ins[path] = _tripwire(path, forbidden_called)
        modules.add(module)
    for path in require:
        original, module = _resolve(path)
        stand_ins[path] = _noting(path, original, called)
        modules.add(module)
    held = places if places is not None else locate(tuple(stand_ins))
    for path, stand_in in stand_ins.items():
        original = _resolve(path)[0]
        for module_name, key in held.get(path, ()):
            namespace = getattr(sys.modules.get(module_name), "__dict__", None)
            if isinstance(namespace, dict) and namespace.get(key) is original:
                namespace[key] = stand_in
    sys.meta_path.insert(0, _NoFreshLoads(frozenset(modules)))
    sys.addaudithook(_fence(_files_of(modules)))
    return (lambda: [path for path in require if path not in called]), called.clear


_STARTS_A_PROGRAM = frozenset(
    {"os.exec", "os.posix_spawn", "os.spawn", "os.system", "subprocess.Popen", "pty.spawn"}
)
"""Audit events that start another program (``os.fork`` alone copies this armed process)."""


def _files_of(modules: Iterable[str]) -> frozenset[tuple[int, int]]:
    """The (device, inode) of each watched module's source and cached bytecode."""
    found = set()
    for name in modules:
        source = getattr(sys.modules.get(name), "__file__", None)
        if not source:
            continue
        for path in (source, importlib.util.cache_from_source(source)):
            try:
                info = os.stat(path)
            except OSError:
                continue
            found.add((info.st_dev, info.st_ino))
    return frozenset(found)


def _fence(files: frozenset[tuple[int, int]]) -> Callable[[str, tuple[Any, ...]], None]:
    """An audit hook refusing to open ``files`` (by any name: compared by inode) or start a program."""

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            target = args[0]
            if isinstance(target, int) or target is None:
                return  # an open descriptor: it was checked when it was opened
            try:
                info = os.stat(target)
            except (OSError, TypeError, ValueError):
                return  # nothing there to read
            if (info.st_dev, info.st_ino) in files:
                raise PermissionError("this task does not allow reading the source of what it checks")
        elif event in _STARTS_A_PROGRAM:
            raise PermissionError("this task does not allow starting another program")

    return hook


def _resolve(path: str) -> tuple[Any, str]:
    """The function at ``path`` and the name of the module that defines it."""
    module_name, _, attribute = path.rpartition(".")
    function = getattr(importlib.import_module(module_name), attribute)
    return function, getattr(function, "__module__", None) or module_name


def _tripwire(path: str, forbidden_called: Callable[[str], None]) -> Callable[..., Any]:
    def forbidden(*_args: object, **_kwargs: object) -> None:
        forbidden_called(path)

    forbidden.__name__ = forbidden.__qualname__ = _basename(path)
    return forbidden


def _noting(path: str, original: Callable[..., Any], called: set[str]) -> Callable[..., Any]:
    def noted(*args: object, **kwargs: object) -> Any:
        called.add(path)
        return original(*args, **kwargs)

    noted.__name__ = noted.__qualname__ = _basename(path)
    noted.__doc__ = original.__doc__
    return noted


class _NoFreshLoads(importlib.abc.MetaPathFinder):
    """Refuses to load anew a module that defines a watched function (a reload, a re-import)."""

    def __init__(self, modules: frozenset[str]) -> None:
        self.modules = modules

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        """Refuse the watched modules; leave every other import to the usual finders."""
        if fullname in self.modules:
            raise ImportError(f"{fullname} may not be loaded again in this task")
        return None
