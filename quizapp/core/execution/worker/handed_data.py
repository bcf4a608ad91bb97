"""The data a code task's processes hand each other: a check's ``cases`` and a probe's ``result``.

Only data crosses between the checker and a learner's child, in both directions:
``None``, booleans, integers, floats (``nan`` and infinities too), strings, lists, tuples,
dicts whose keys are strings or integers, dense CPU tensors of the usual dtypes, and
``torch.dtype`` values. A ``torch.Size`` arrives as a tuple (it compares equal to one) and
an ``OrderedDict`` or other dict as a plain dict. Anything else cannot be handed over.

The encoding is a JSON document that describes the value, followed by the tensors' raw
bytes. ``decode`` builds nothing but the types above, checks every size and offset against
the bytes it was given, and raises ``HandedDataError`` on anything else: it is the
checker's reader of bytes a learner's process may have forged. It replaced
``torch.save`` and ``torch.load(weights_only=True)``, whose pickling cost about a
millisecond a side in every run, for the same kinds of value.
"""

import ctypes
import json
import math
import struct
from typing import Any

MAGIC = b"QZD1"
_HEADER_LENGTH = struct.Struct("!I")
MAX_DEPTH = 64
"""How deeply lists, tuples and dicts may nest."""
_MAX_DIMENSIONS = 64
"""The most dimensions a tensor may have (torch's own limit)."""
_DTYPES = (
    "float32",
    "float64",
    "float16",
    "bfloat16",
    "complex64",
    "complex128",
    "int64",
    "int32",
    "int16",
    "int8",
    "uint8",
    "bool",
)
"""The tensor dtypes that may be handed over, by their name in ``torch``."""


class HandedDataError(ValueError):
    """A value that cannot be handed over, or bytes that are not a value handed over."""


def encode(value: Any) -> bytes:
    """Encode ``value`` for the other process.

    Raises:
        HandedDataError: ``value`` holds something that is not data (see the module docstring).
    """
    blobs: list[bytes] = []
    offset = [0]
    described = _describe(value, blobs, offset, 0)
    header = json.dumps(described, allow_nan=True, separators=(",", ":")).encode()
    return MAGIC + _HEADER_LENGTH.pack(len(header)) + header + b"".join(blobs)


def decode(data: bytes) -> Any:
    """Rebuild the value ``encode`` wrote, as plain data; never runs code the bytes name.

    Raises:
        HandedDataError: ``data`` is not a value handed over (damaged, forged or cut short).
    """
    prefix = len(MAGIC) + _HEADER_LENGTH.size
    if len(data) < prefix or data[: len(MAGIC)] != MAGIC:
        raise HandedDataError("not handed-over data")
    (length,) = _HEADER_LENGTH.unpack_from(data, len(MAGIC))
    if prefix + length > len(data):
        raise HandedDataError("the description is cut short")
    try:
        described = json.loads(data[prefix : prefix + length])
    except (ValueError, RecursionError) as error:
        raise HandedDataError(f"the description is not JSON ({type(error).__name__})") from error
    blob = memoryview(bytearray(data[prefix + length :]))
    return _rebuild(described, blob, 0)


def _describe(value: Any, blobs: list[bytes], offset: list[int], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise HandedDataError(f"the value nests more than {MAX_DEPTH} levels deep")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _plain(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, list):
        return [_describe(item, blobs, offset, depth + 1) for item in value]
    if isinstance(value, tuple):
        return {"tuple": [_describe(item, blobs, offset, depth + 1) for item in value]}
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            if isinstance(key, bool) or not isinstance(key, (str, int)):
                raise HandedDataError(f"a dict key of type {type(key).__name__} cannot be handed over")
            items.append([_plain(key), _describe(item, blobs, offset, depth + 1)])
        return {"dict": items}
    module = type(value).__module__
    if module.startswith("torch"):
        return _describe_torch(value, blobs, offset)
    raise HandedDataError(f"a value of type {type(value).__name__} cannot be handed over to the check")


def _plain(value: str | int | bool) -> str | int | bool:
    """A str, int or bool subclass's value as the plain type (nothing of the subclass crosses)."""
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    return str.__str__(value)


def _describe_torch(value: Any, blobs: list[bytes], offset: list[int]) -> Any:
    import torch

    if isinstance(value, torch.dtype):
        name = str(value).removeprefix("torch.")
        if name not in _DTYPES:
            raise HandedDataError(f"the dtype {value} cannot be handed over")
        return {"dtype": name}
    if not isinstance(value, torch.Tensor):
        raise HandedDataError(f"a value of type {type(value).__name__} cannot be handed over to the check")
    if value.layout is not torch.strided or value.is_quantized or value.is_meta:
        raise HandedDataError("only dense tensors can be handed over to the check")
    name = str(value.dtype).removeprefix("torch.")
    if name not in _DTYPES:
        raise HandedDataError(f"a tensor of dtype {value.dtype} cannot be handed over")
    dense = value.detach().to("cpu").resolve_conj().resolve_neg().clone(memory_format=torch.contiguous_format)
    size = dense.numel() * dense.element_size()
    blobs.append(ctypes.string_at(dense.data_ptr(), size) if size else b"")
    described = {
        "tensor": name,
        "shape": list(dense.shape),
        "at": offset[0],
        "bytes": size,
        "grad": bool(value.requires_grad),
    }
    offset[0] += size
    return described


def _rebuild(described: Any, blob: memoryview, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise HandedDataError(f"the value nests more than {MAX_DEPTH} levels deep")
    if described is None or isinstance(described, (bool, int, float, str)):
        return described
    if isinstance(described, list):
        return [_rebuild(item, blob, depth + 1) for item in described]
    if not isinstance(described, dict) or len(described) == 0:
        raise HandedDataError("an unknown kind of value")
    if set(described) == {"tuple"} and isinstance(described["tuple"], list):
        return tuple(_rebuild(item, blob, depth + 1) for item in described["tuple"])
    if set(described) == {"dict"} and isinstance(described["dict"], list):
        return _rebuild_dict(described["dict"], blob, depth)
    if set(described) == {"dtype"} and described["dtype"] in _DTYPES:
        import torch

        return getattr(torch, described["dtype"])
    if set(described) == {"tensor", "shape", "at", "bytes", "grad"}:
        return _rebuild_tensor(described, blob)
    raise HandedDataError("an unknown kind of value")


def _rebuild_dict(items: list[Any], blob: memoryview, depth: int) -> dict[Any, Any]:
    rebuilt: dict[Any, Any] = {}
    for item in items:
        if not (isinstance(item, list) and len(item) == 2):
            raise HandedDataError("a damaged dict")
        key = item[0]
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            raise HandedDataError("a dict key that is not a string or an integer")
        rebuilt[key] = _rebuild(item[1], blob, depth + 1)
    return rebuilt


def _rebuild_tensor(described: dict[str, Any], blob: memoryview) -> Any:
    import torch

    name, shape, at, size, grad = (described[key] for key in ("tensor", "shape", "at", "bytes", "grad"))
    if name not in _DTYPES or not isinstance(grad, bool):
        raise HandedDataError("a tensor of an unknown dtype")
    if not isinstance(shape, list) or len(shape) > _MAX_DIMENSIONS:
        raise HandedDataError("a tensor with a damaged shape")
    if not all(type(n) is int and n >= 0 for n in shape):
        raise HandedDataError("a tensor with a damaged shape")
    if not all(type(n) is int and n >= 0 for n in (at, size)):
        raise HandedDataError("a tensor with damaged bounds")
    dtype = getattr(torch, name)
    if math.prod(shape) * dtype.itemsize != size or at + size > len(blob):
        raise HandedDataError("a tensor whose size does not match its bytes")
    if size == 0:
        tensor = torch.empty(shape, dtype=dtype)
    else:
        data = blob[at : at + size]
        if dtype is torch.bool and bytes(data).translate(None, b"\x00\x01"):
            raise HandedDataError("a boolean tensor holding a value other than 0 and 1")
        tensor = torch.frombuffer(data, dtype=dtype).reshape(shape).clone()
    if grad:
        if not (tensor.is_floating_point() or tensor.is_complex()):
            raise HandedDataError("an integer tensor that requires grad")
        tensor.requires_grad_(True)
    return tensor
