"""The numbers in printed output, as ``compare: numbers`` reads them (a key and an answer alike).

In the model, not in grading, because a question's own check needs them: a ``compare:
numbers`` key must be well above its ``abs_tol`` (``code_questions``), and grading
(``printed_output``) reads answers with the very same rule.
"""

import re

_TENSOR_DECORATION = re.compile(r"(?:device|dtype|grad_fn|requires_grad)=(?:'[^']*'|<[^>]*>|[\w.:]+)")
"""``device='cuda:0'``, ``dtype=torch.float16``, ``grad_fn=<...Backward0>``: not part of the values."""
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?\b(?:nan|inf)\b")


def numbers_in(text: str) -> list[float]:
    """Every number written in ``text``, in order (``nan`` and ``inf`` included).

    A tensor's ``device=``, ``dtype=`` and ``grad_fn=`` annotations are skipped, so output
    from CUDA (``device='cuda:0'``) compares with output from the CPU.
    """
    return [float(match) for match in _NUMBER.findall(_TENSOR_DECORATION.sub("", text))]
