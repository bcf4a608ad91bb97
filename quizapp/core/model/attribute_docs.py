"""The docstrings written under model fields, read from the source only when a schema needs them.

pydantic can read them itself (``use_attribute_docstrings``), but it does so for every model
class as it is defined, parsing the module's source each time: that was a fifth of the
time to import the question models, which the app pays at every start. Only the JSON
Schema (``quizapp schema``) shows them, so they are read here, on demand.
"""

import ast
import inspect
import textwrap
from functools import cache
from itertools import pairwise


def attribute_docstrings(model: type) -> dict[str, str]:
    """Each field of ``model`` (its bases' included) with the docstring written under it."""
    docs: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if klass.__module__.startswith("quizapp."):
            docs |= _own_docstrings(klass)
    return docs


@cache
def _own_docstrings(klass: type) -> dict[str, str]:
    """The docstrings under the fields that ``klass`` itself declares."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
    except (OSError, TypeError, SyntaxError):  # no source to read (a frozen build): no descriptions
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs = {}
    for field, after in pairwise(body):
        if (
            isinstance(field, ast.AnnAssign)
            and isinstance(field.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[field.target.id] = inspect.cleandoc(after.value.value)
    return docs
