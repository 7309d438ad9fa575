"""Answers that travel from a trainee's kernel to the hub's grader: JSON, never pickle.

During an exam on a class hub, :func:`course_lib.checks.check` sends the answer to the
grading service (:mod:`course_lib.hub.grader`), which runs as root. The service must never
unpickle or execute what a trainee sends, so an answer travels as a JSON document of typed
nodes that describe *data* only, and the service rebuilds the value from that description:

- ``None``, ``...``, ``bool``, ``int`` (any size), ``float`` (``nan``, ``inf`` and ``-0.0``
  included), ``str``, ``bytes`` (base64), ``list``, ``tuple``, ``set``, ``frozenset`` and
  ``dict`` (keys of any of these types; ``1`` stays an ``int``);
- ``datetime.date``, ``datetime.datetime`` (naive, or with a ``zoneinfo`` zone or a fixed
  offset), ``datetime.timedelta``;
- numpy scalars and arrays of bool, int8…int64, uint8…uint64, float16…float64, unicode text,
  datetime64, timedelta64 and object (each element travels as a node);
- pandas ``Timestamp``, ``Timedelta``, ``NaT``, ``NA``, ``Series``, ``DataFrame``, ``Index``
  (``RangeIndex``, ``MultiIndex``, datetime indexes with their ``freq``) and arrays, with
  names, column order and the dtypes of :data:`PANDAS_DTYPES`;
- the course's own data classes the chapter 7 checks read (``workbench.Rule``,
  ``workbench.Customer360``), and a ``workbench.RecordStore`` as its path only: the service
  gets a :class:`StoreReference` and decides itself whether to open a copy of the file.

Subclasses of the built-in containers and scalars (``defaultdict``, a named tuple, an
``IntEnum`` member) travel as their base type. Everything else — a function, a class, a
module, a generator, an open file, any other object — is refused with :class:`WireError`
before anything is sent, and so is a document the service cannot read: an unknown node type,
a field of the wrong type, a dtype off the list, nesting deeper than :data:`MAX_DEPTH`, more
than :data:`MAX_BYTES`.

This module imports the standard library only; numpy and pandas are imported when an answer
holds their objects.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FORMAT",
    "VERSION",
    "MAX_BYTES",
    "MAX_DEPTH",
    "NUMPY_DTYPES",
    "PANDAS_DTYPES",
    "WireError",
    "StoreReference",
    "encode",
    "decode",
    "dumps",
    "loads",
]

#: The ``format`` field of every document.
FORMAT = "crm-course-answer"
#: The version of the document layout this module writes and reads.
VERSION = 1
#: The largest encoded answer :func:`dumps` writes and :func:`loads` reads, in bytes.
MAX_BYTES = 8 * 2**20
#: How deeply values may nest (a list in a dict in a list … counts one level each).
MAX_DEPTH = 64
#: The longest ``RangeIndex`` a document may describe (a range costs nothing to send).
MAX_ROWS = MAX_BYTES

_INTS = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")
_FLOATS = ("float16", "float32", "float64")
_TIME_UNITS = ("s", "ms", "us", "ns")
_NUMPY_TIME = re.compile(r"(datetime64|timedelta64)(\[(Y|M|W|D|h|m|s|ms|us|ns)\])?")
_NUMPY_TEXT = re.compile(r"<U([0-9]{1,7})")
#: numpy dtypes an array or scalar may have (plus ``<U{n}`` text and datetime64/timedelta64).
NUMPY_DTYPES = frozenset(("bool", "object", *_INTS, *_FLOATS))
_MASKED = {
    **{name.capitalize() if name[0] == "i" else "U" + name[1:].capitalize(): name for name in _INTS},
    "Float32": "float32",
    "Float64": "float64",
    "boolean": "bool",
}
#: Column dtypes a Series, DataFrame or Index may have (``datetime64[unit]`` with a ``tz``
#: field for zone-aware columns).
PANDAS_DTYPES = frozenset(
    (
        "bool",
        "object",
        "str",
        "string",
        "category",
        *_INTS,
        "float32",
        "float64",
        *_MASKED,
        *(f"{kind}[{unit}]" for kind in ("datetime64", "timedelta64") for unit in _TIME_UNITS),
    )
)
_NAN_TEXT = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
_ZONE_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]{0,40}(/[A-Za-z0-9_+\-]{1,40}){0,3}")
_FREQ = re.compile(r"[A-Za-z0-9\-]{1,24}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}")
_HEX = re.compile(r"-?0x[0-9a-f]+")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_INT_BITS = 13_000  # JSON text of larger ints (about 3,900 digits) goes as hex, which has no limit
_COURSE_CLASSES = {
    "workbench.Rule": ("course_lib.workbench.rules", "Rule"),
    "workbench.Customer360": ("course_lib.workbench.view", "Customer360"),
}


class WireError(ValueError):
    """An answer that cannot travel to the hub's grader, or a document it cannot read."""


@dataclass(frozen=True)
class StoreReference:
    """A trainee's record store as the grader receives it: where it is, not opened.

    The grading service decides whether and how to open it (it checks that the file lies in
    the trainee's home and grades a copy).

    Parameters
    ----------
    path : pathlib.Path
        The store's absolute path on the trainee's server.

    Examples
    --------
    >>> StoreReference(Path("work") / "crm_records.sqlite").path.name
    'crm_records.sqlite'
    """

    path: Path


# ----------------------------------------------------------------------------- encoding
class _Refusal(Exception):
    """Raised inside the encoder; the trail of where it happened is added while unwinding."""

    def __init__(self, template: str):
        super().__init__(template)
        self.template = template
        self.trail: list[str] = []
        self.prefix = ""

    def within(self, part: str) -> _Refusal:
        self.trail.append(part)
        return self

    def inside(self, what: str) -> _Refusal:
        """The failure was in a dict key or set element: name the container, not the path in."""
        self.trail.clear()
        self.prefix = what
        return self

    def render(self) -> str:
        where = self.prefix + "`answer" + "".join(reversed(self.trail)) + "`"
        return self.template.replace("{where}", where)


def _label(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _describe(obj: object) -> str:
    """The refusal of an object that is not data, in words a trainee understands."""
    import io
    import types
    from functools import partial

    kind = type(obj)
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None) or kind.__name__
    code = "the hub grades data, not code: "
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType, types.MethodType, partial)):
        if name == "<lambda>":
            return code + "{where} is a function (a lambda); pass the value it computes, not the function."
        return (
            code
            + f"{{where}} is a function (`{name}`); pass what it returns, e.g. `{name}(...)`, not the function."
        )
    if isinstance(obj, types.ModuleType):
        return code + f"{{where}} is a module (`{obj.__name__}`); pass a value you computed with it."
    if isinstance(obj, type):
        return code + f"{{where}} is a class (`{name}`); pass a value, not the class."
    if isinstance(obj, (types.GeneratorType, types.AsyncGeneratorType, types.CoroutineType)):
        return (
            code
            + "{where} is a generator, which makes its values only when asked; turn it into a list first, e.g. `list(...)`."
        )
    if isinstance(obj, io.IOBase):
        return "the hub grades data: {where} is an open file; read what you need from it and pass that."
    if hasattr(kind, "__next__"):
        return "the hub grades data: {where} is an iterator; turn it into a list first, e.g. `list(...)`."
    if callable(obj):
        return code + f"{{where}} is a callable {kind.__name__} object; pass the value it computes."
    module = kind.__module__
    qualified = kind.__qualname__ if module in ("builtins", "__main__") else f"{module}.{kind.__qualname__}"
    return (
        f"the hub grades data: {{where}} is a {qualified} object, which cannot travel to the grader. "
        "Only data does (numbers, text, lists, tuples, dicts, sets, dates, numpy arrays, pandas "
        "Series and DataFrames): pass the values it holds."
    )


def _encode_int(value: int) -> dict:
    if value.bit_length() > _INT_BITS:
        return {"type": "int", "hex": hex(value)}
    return {"type": "int", "value": value}


def _float_text(value: float) -> float | str:
    if math.isfinite(value):
        return value
    return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")


def _encode_items(items, depth: int) -> list:
    encoded = []
    for i, item in enumerate(items):
        try:
            encoded.append(_encode(item, depth + 1))
        except _Refusal as refusal:
            raise refusal.within(f"[{i}]") from None
    return encoded


def _encode_set(items, depth: int) -> list:
    encoded = []
    for item in items:
        try:
            encoded.append(_encode(item, depth + 1))
        except _Refusal as refusal:
            raise refusal.inside("an element of ") from None
    return encoded


def _encode_dict(mapping: dict, depth: int) -> dict:
    items = []
    for key, value in mapping.items():
        try:
            encoded_key = _encode(key, depth + 1)
        except _Refusal as refusal:
            raise refusal.inside("a key of ") from None
        try:
            items.append([encoded_key, _encode(value, depth + 1)])
        except _Refusal as refusal:
            raise refusal.within(f"[{_label(key)}]") from None
    return {"type": "dict", "items": items}


def _tz_spec(tz) -> dict | None:
    """A time zone as data: a zoneinfo key or a fixed offset; other kinds are refused."""
    if tz is None:
        return None
    zoneinfo = sys.modules.get("zoneinfo")
    if zoneinfo is not None and isinstance(tz, zoneinfo.ZoneInfo) and tz.key is not None:
        return {"zone": tz.key}
    if isinstance(tz, _dt.timezone):
        offset = tz.utcoffset(None)
        spec = {"offset_us": offset // _dt.timedelta(microseconds=1)}
        if tz is not _dt.UTC and tz.tzname(None) != _dt.timezone(offset).tzname(None):
            spec["name"] = tz.tzname(None)
        return spec
    raise _Refusal(
        f"the hub grades data: {{where}} has a time zone of type {type(tz).__name__}, which cannot "
        "travel; use a zone name such as 'Asia/Shanghai' or a fixed offset (datetime.timezone)."
    )


def _encode_datetime(value: _dt.datetime, depth: int) -> dict:
    wall = value.replace(tzinfo=None).isoformat(timespec="microseconds")
    return {"type": "datetime", "value": wall, "tz": _tz_spec(value.tzinfo), "fold": value.fold}


_BUILTIN = {
    bool: lambda v, d: {"type": "bool", "value": v},
    int: lambda v, d: _encode_int(v),
    float: lambda v, d: {"type": "float", "value": _float_text(v)},
    str: lambda v, d: {"type": "str", "value": v},
    bytes: lambda v, d: {"type": "bytes", "base64": base64.b64encode(v).decode("ascii")},
    list: lambda v, d: {"type": "list", "items": _encode_items(v, d)},
    tuple: lambda v, d: {"type": "tuple", "items": _encode_items(v, d)},
    set: lambda v, d: {"type": "set", "items": _encode_set(v, d)},
    frozenset: lambda v, d: {"type": "frozenset", "items": _encode_set(v, d)},
    dict: _encode_dict,
    _dt.datetime: _encode_datetime,
    _dt.date: lambda v, d: {"type": "date", "value": v.isoformat()},
    _dt.timedelta: lambda v, d: {
        "type": "timedelta",
        "days": v.days,
        "seconds": v.seconds,
        "microseconds": v.microseconds,
    },
}
#: Subclasses of built-ins travel as the built-in (checked in this order).
_BASES = (
    (int, int.__int__),
    (float, float.__float__),
    (str, str.__str__),
    (bytes, bytes),
    (dict, dict),
    (list, list),
    (tuple, tuple),
    (set, set),
    (frozenset, frozenset),
    (_dt.datetime, lambda v: v),
    (_dt.date, lambda v: v),
    (_dt.timedelta, lambda v: v),
)


def _numpy_name(dtype) -> str:
    """The allow-listed name of a numpy dtype, or a refusal."""
    if dtype.kind == "U":
        return f"<U{dtype.itemsize // 4}"
    name = dtype.name
    if name in NUMPY_DTYPES or _NUMPY_TIME.fullmatch(name):
        return name
    raise _Refusal(
        f"the hub grades data: {{where}} holds numpy values of dtype {name!r}, which cannot travel "
        "(numbers, booleans, text, dates, durations and objects can)."
    )


def _encode_flat(flat, depth: int, shape: tuple = ()) -> list:
    """The values of a one-dimensional numpy array as a JSON list (see :func:`_decode_flat`)."""
    import numpy as np

    kind = flat.dtype.kind
    if kind in "biuU":
        return flat.tolist()
    if kind == "f":
        values = flat.tolist()
        if not np.isfinite(flat).all():
            values = [_float_text(v) for v in values]
        return values
    if kind in "mM":
        values = flat.view("int64").tolist()
        for i in np.flatnonzero(np.isnat(flat)).tolist():
            values[i] = None
        return values
    encoded = []
    for i, item in enumerate(flat):
        try:
            encoded.append(_encode(item, depth + 1))
        except _Refusal as refusal:
            where = np.unravel_index(i, shape) if len(shape) > 1 else (i,)
            raise refusal.within("[" + ", ".join(str(int(w)) for w in where) + "]") from None
    return encoded


def _encode_ndarray(array, depth: int) -> dict:
    name = _numpy_name(array.dtype)
    shape = [int(n) for n in array.shape]
    return {
        "type": "ndarray",
        "dtype": name,
        "shape": shape,
        "values": _encode_flat(array.reshape(-1), depth, array.shape),
    }


def _encode_numpy_scalar(value, depth: int) -> dict:
    import numpy as np

    name = _numpy_name(value.dtype)
    return {
        "type": "numpy_scalar",
        "dtype": name,
        "value": _encode_flat(np.asarray(value).reshape(1), depth)[0],
    }


def _encode_column(obj, depth: int) -> dict:
    """A Series', Index's or pandas array's values with their dtype (not a node of its own)."""
    import numpy as np
    import pandas as pd

    dtype = obj.dtype
    if type(obj) is pd.arrays.NumpyExtensionArray:
        dtype = dtype.numpy_dtype
    if isinstance(dtype, np.dtype):
        values = np.asarray(obj)
        name = _numpy_name(dtype)
        if name not in PANDAS_DTYPES:
            raise _Refusal(
                f"the hub grades data: {{where}} has dtype {name!r}, which cannot travel in a pandas "
                "object; convert it, e.g. with `.astype('float64')`."
            )
        return {"dtype": name, "values": _encode_flat(values, depth)}
    array = getattr(obj, "array", obj)
    if isinstance(dtype, pd.CategoricalDtype):
        try:
            categories = _encode_index(dtype.categories, depth + 1)
        except _Refusal as refusal:
            raise refusal.within(".cat.categories") from None
        return {
            "dtype": "category",
            "categories": categories,
            "ordered": bool(dtype.ordered),
            "codes": array.codes.tolist(),
        }
    if isinstance(dtype, pd.DatetimeTZDtype):
        naive = np.asarray(array.tz_convert(None))
        return {
            "dtype": f"datetime64[{dtype.unit}]",
            "tz": _tz_spec(dtype.tz),
            "values": _encode_flat(naive, depth),
        }
    missing = np.asarray(pd.isna(array), dtype=bool)
    if isinstance(dtype, pd.StringDtype):
        values = array.to_numpy(dtype=object)
        name = "str" if dtype.na_value is not pd.NA else "string"
        return {
            "dtype": name,
            "storage": dtype.storage,
            "values": [None if m else str(v) for v, m in zip(values, missing)],
        }
    if dtype.name in _MASKED and type(dtype).__module__.startswith("pandas"):
        numpy_name = _MASKED[dtype.name]
        fill = np.nan if numpy_name.startswith("float") else 0
        values = _encode_flat(array.to_numpy(dtype=numpy_name, na_value=fill), depth)
        for i in np.flatnonzero(missing).tolist():
            values[i] = None
        return {"dtype": dtype.name, "values": values}
    raise _Refusal(
        f"the hub grades data: {{where}} has dtype {str(dtype)!r}, which cannot travel; convert it, "
        "e.g. with `.astype(str)`."
    )


def _encode_index(index, depth: int) -> dict:
    import pandas as pd

    if depth > MAX_DEPTH:
        raise _Refusal(f"{{where}} is nested more than {MAX_DEPTH} levels deep; the hub takes less.")
    if isinstance(index, pd.MultiIndex):
        levels = []
        for i, level in enumerate(index.levels):
            try:
                levels.append(_encode_index(level, depth + 1))
            except _Refusal as refusal:
                raise refusal.within(f".levels[{i}]") from None
        names = _encode_items(index.names, depth)
        return {
            "type": "index",
            "kind": "multi",
            "levels": levels,
            "codes": [c.tolist() for c in index.codes],
            "names": names,
        }
    try:
        name = _encode(index.name, depth + 1)
    except _Refusal as refusal:
        raise refusal.within(".name") from None
    if type(index) is pd.RangeIndex:
        return {
            "type": "index",
            "kind": "range",
            "start": index.start,
            "stop": index.stop,
            "step": index.step,
            "name": name,
        }
    freq = getattr(index, "freqstr", None)
    return {
        "type": "index",
        "kind": "values",
        "name": name,
        "freq": freq,
        "data": _encode_column(index, depth),
    }


def _encode_series(series, depth: int) -> dict:
    try:
        name = _encode(series.name, depth + 1)
    except _Refusal as refusal:
        raise refusal.within(".name") from None
    try:
        index = _encode_index(series.index, depth + 1)
    except _Refusal as refusal:
        raise refusal.within(".index") from None
    try:
        column = _encode_column(series, depth)
    except _Refusal as refusal:
        raise refusal.within(".iloc" if refusal.trail else "") from None
    return {"type": "series", "name": name, "index": index, "data": column}


def _encode_frame(frame, depth: int) -> dict:
    try:
        index = _encode_index(frame.index, depth + 1)
    except _Refusal as refusal:
        raise refusal.within(".index") from None
    try:
        columns = _encode_index(frame.columns, depth + 1)
    except _Refusal as refusal:
        raise refusal.within(".columns") from None
    data = []
    for j, label in enumerate(frame.columns):
        try:
            data.append(_encode_column(frame.iloc[:, j], depth))
        except _Refusal as refusal:
            if refusal.trail:
                refusal.within(".iloc")
            raise refusal.within(f"[{_label(label)}]") from None
    return {"type": "dataframe", "index": index, "columns": columns, "data": data}


def _encode_pandas(obj, depth: int, pd) -> dict | None:
    """The node of a pandas object, or None when ``obj`` is not one."""
    if obj is pd.NaT:
        return {"type": "nat"}
    if obj is pd.NA:
        return {"type": "na"}
    if isinstance(obj, pd.Timestamp):
        return {
            "type": "timestamp",
            "value": int(obj.to_datetime64().view("int64")),
            "unit": obj.unit,
            "tz": _tz_spec(obj.tz),
        }
    if isinstance(obj, pd.Timedelta):
        return {"type": "pd_timedelta", "value": int(obj.to_timedelta64().view("int64")), "unit": obj.unit}
    if isinstance(obj, pd.DataFrame):
        return _encode_frame(obj, depth)
    if isinstance(obj, pd.Series):
        return _encode_series(obj, depth)
    if isinstance(obj, pd.Index):
        return _encode_index(obj, depth)
    if isinstance(obj, pd.api.extensions.ExtensionArray):
        return {"type": "pandas_array", "data": _encode_column(obj, depth)}
    return None


def _encode_course_object(obj, depth: int) -> dict | None:
    """The node of a record store or a course data class, or None when ``obj`` is neither."""
    from dataclasses import fields

    store = sys.modules.get("course_lib.workbench.store")
    if store is not None and isinstance(obj, store.RecordStore):
        return {"type": "record_store", "path": str(Path(obj.path).absolute())}
    for name, (module_name, class_name) in _COURSE_CLASSES.items():
        module = sys.modules.get(module_name)
        if module is not None and type(obj) is getattr(module, class_name):
            encoded = {}
            for field in fields(obj):
                try:
                    encoded[field.name] = _encode(getattr(obj, field.name), depth + 1)
                except _Refusal as refusal:
                    raise refusal.within(f".{field.name}") from None
            return {"type": "course_object", "class": name, "fields": encoded}
    return None


def _encode(obj: object, depth: int) -> dict:
    if depth > MAX_DEPTH:
        raise _Refusal(
            f"{{where}} is nested more than {MAX_DEPTH} levels deep (does a list contain itself?); "
            "the hub takes answers nested less deeply."
        )
    if obj is None:
        return {"type": "none"}
    if obj is Ellipsis:
        return {"type": "ellipsis"}
    kind = type(obj)
    handler = _BUILTIN.get(kind)
    if handler is not None:
        return handler(obj, depth)
    np = sys.modules.get("numpy")
    if np is not None:
        if isinstance(obj, np.generic):
            return _encode_numpy_scalar(obj, depth)
        if kind is np.ndarray:
            return _encode_ndarray(obj, depth)
    pd = sys.modules.get("pandas")
    if pd is not None:
        node = _encode_pandas(obj, depth, pd)
        if node is not None:
            return node
    node = _encode_course_object(obj, depth)
    if node is not None:
        return node
    for base, convert in _BASES:
        if isinstance(obj, base):
            return _BUILTIN[base](convert(obj), depth)
    raise _Refusal(_describe(obj))


def encode(answer: object) -> dict:
    """The JSON-ready document of an answer (see the module docstring for what travels).

    Parameters
    ----------
    answer : object
        The trainee's answer.

    Returns
    -------
    dict
        ``{"format", "version", "answer"}``, serialisable with ``json.dumps(...,
        allow_nan=False)``; :func:`decode` rebuilds the answer from it.

    Raises
    ------
    WireError
        The answer, or something in it, cannot travel (a function, a generator, an object
        that is not data, nesting deeper than :data:`MAX_DEPTH`); the message says where.

    Examples
    --------
    >>> encode({1: 0.5})["answer"]
    {'type': 'dict', 'items': [[{'type': 'int', 'value': 1}, {'type': 'float', 'value': 0.5}]]}
    >>> encode([1, len])
    Traceback (most recent call last):
    ...
    course_lib.hub.wire.WireError: the hub grades data, not code: `answer[1]` is a function (`len`); pass what it returns, e.g. `len(...)`, not the function.
    """
    try:
        node = _encode(answer, 1)
    except _Refusal as refusal:
        raise WireError(refusal.render()) from None
    except RecursionError:
        raise WireError("the answer is nested too deeply to travel to the hub's grader.") from None
    except (ValueError, TypeError, AttributeError, OverflowError) as error:  # an odd corner of an object
        raise WireError(
            f"the answer could not be written for the hub's grader ({type(error).__name__}: {error})."
        ) from None
    return {"format": FORMAT, "version": VERSION, "answer": node}


def dumps(answer: object) -> bytes:
    """An answer as the bytes the grader receives (ASCII JSON, at most :data:`MAX_BYTES`).

    Parameters
    ----------
    answer : object
        The trainee's answer.

    Returns
    -------
    bytes
        The JSON text of :func:`encode`'s document.

    Raises
    ------
    WireError
        The answer cannot travel (see :func:`encode`) or is larger than :data:`MAX_BYTES`.

    Examples
    --------
    >>> dumps(("C00042", float("nan")))
    b'{"format":"crm-course-answer","version":1,"answer":{"type":"tuple","items":[{"type":"str","value":"C00042"},{"type":"float","value":"nan"}]}}'
    """
    text = json.dumps(encode(answer), allow_nan=False, ensure_ascii=True, separators=(",", ":"))
    if len(text) > MAX_BYTES:
        raise WireError(_too_large(len(text), "answer"))
    return text.encode("ascii")


def _too_large(size: int, what: str) -> str:
    return (
        f"the {what} is {size / 2**20:.1f} MB ({size:,} bytes) as JSON; the hub takes at most "
        f"{MAX_BYTES / 2**20:g} MB ({MAX_BYTES:,} bytes). Send the result of your analysis, not the data it used."
    )


# ----------------------------------------------------------------------------- decoding
def _fail(message: str):
    raise WireError(f"malformed answer document: {message}")


def _fields(node: dict, required: tuple, optional: tuple = ()) -> None:
    """Refuse a node with missing or unexpected fields."""
    missing = [f for f in required if f not in node]
    extra = [f for f in node if f not in required and f not in optional and f != "type"]
    if missing or extra:
        what = ", ".join([f"missing {f!r}" for f in missing] + [f"unexpected {f!r}" for f in extra])
        _fail(f"a {node.get('type', '?')!r} node has {what}.")


def _typed(node: dict, field: str, kinds, expected: str):
    value = node.get(field)
    ok = type(value) is int if kinds is int else isinstance(value, kinds)
    if not ok:
        _fail(f"the {field!r} of a {node.get('type', '?')!r} node should be {expected}; got {_label(value)}.")
    return value


def _list_of(values, check, expected: str, what: str) -> list:
    if not isinstance(values, list):
        _fail(f"{what} should be a list; got {type(values).__name__}.")
    for value in values:
        if not check(value):
            _fail(f"{what} should hold {expected}; found {_label(value)}.")
    return values


def _is_int(value) -> bool:
    return type(value) is int


def _is_int_or_none(value) -> bool:
    return value is None or type(value) is int


def _decode_float(value) -> float:
    if type(value) is float:
        return value
    if type(value) is str and value in _NAN_TEXT:
        return _NAN_TEXT[value]
    _fail(f"a float should be a number or 'nan', 'inf', '-inf'; got {_label(value)}.")


def _decode_int(node: dict) -> int:
    if "hex" in node:
        _fields(node, ("hex",))
        text = _typed(node, "hex", str, "hexadecimal text")
        if not _HEX.fullmatch(text):
            _fail(f"the 'hex' of an 'int' node is not hexadecimal: {_label(text)}.")
        return int(text, 16)
    _fields(node, ("value",))
    return _typed(node, "value", int, "a whole number")


def _decode_tz(spec):
    if spec is None:
        return None
    if not isinstance(spec, dict):
        _fail(f"a time zone should be an object or null; got {_label(spec)}.")
    if "zone" in spec:
        if (
            set(spec) != {"zone"}
            or not isinstance(spec["zone"], str)
            or not _ZONE_KEY.fullmatch(spec["zone"])
        ):
            _fail(f"a time zone should name a zone such as 'Asia/Shanghai'; got {_label(spec)}.")
        import zoneinfo

        try:
            return zoneinfo.ZoneInfo(spec["zone"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            _fail(f"no time zone is called {spec['zone']!r}.")
    if set(spec) - {"offset_us", "name"} or type(spec.get("offset_us")) is not int:
        _fail(f"a time zone should have a 'zone' or an 'offset_us'; got {_label(spec)}.")
    offset = _dt.timedelta(microseconds=spec["offset_us"])
    if abs(offset) >= _dt.timedelta(days=1):
        _fail(f"a time zone's offset should be less than a day; got {_label(spec)}.")
    if "name" in spec:
        if not isinstance(spec["name"], str) or len(spec["name"]) > 64:
            _fail(f"a time zone's name should be short text; got {_label(spec['name'])}.")
        return _dt.timezone(offset, spec["name"])
    return _dt.timezone(offset)


def _numpy_dtype(name):
    """The numpy dtype of an allow-listed name (a refusal for any other)."""
    import numpy as np

    if not isinstance(name, str):
        _fail(f"a dtype should be text; got {_label(name)}.")
    if name in NUMPY_DTYPES or _NUMPY_TIME.fullmatch(name) or _NUMPY_TEXT.fullmatch(name):
        return np.dtype(name)
    _fail(f"the dtype {_label(name)} is not one the hub accepts.")


def _decode_flat(dtype, values: list, depth: int):
    """A one-dimensional numpy array of ``dtype`` from the JSON list :func:`_encode_flat` wrote."""
    import numpy as np

    what = f"the values of a {dtype.name} array"
    kind = dtype.kind
    if not isinstance(values, list):
        _fail(f"{what} should be a list; got {type(values).__name__}.")
    if kind == "b":
        return np.array(_list_of(values, lambda v: type(v) is bool, "true/false", what), dtype=dtype)
    if kind in "iu":
        try:
            return np.array(_list_of(values, _is_int, "whole numbers", what), dtype=dtype)
        except OverflowError:
            _fail(f"{what} hold a number out of the dtype's range.")
    if kind == "f":
        return np.array([_decode_float(v) for v in values], dtype=dtype)
    if kind == "U":
        if dtype.itemsize // 4 * len(values) > 2 * MAX_BYTES:  # the width is the same for every value
            _fail(f"{what} would take {dtype.itemsize * len(values):,} bytes; the hub takes less.")
        return np.array(_list_of(values, lambda v: type(v) is str, "text", what), dtype=dtype)
    if kind in "mM":
        _list_of(values, _is_int_or_none, "whole numbers or null", what)
        if dtype.name in ("datetime64", "timedelta64"):  # no unit: only NaT
            if any(v is not None for v in values):
                _fail(f"{what} without a unit can only be NaT.")
            return np.array(["NaT"] * len(values), dtype=dtype)
        nat = np.iinfo(np.int64).min
        try:
            ints = np.array([nat if v is None else v for v in values], dtype="int64")
        except OverflowError:
            _fail(f"{what} hold a number out of range.")
        return ints.view(dtype)
    array = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        array[i] = _decode(value, depth + 1)
    return array


def _decode_ndarray(node: dict, depth: int):
    _fields(node, ("dtype", "shape", "values"))
    dtype = _numpy_dtype(node["dtype"])
    shape = _list_of(node["shape"], lambda v: _is_int(v) and v >= 0, "sizes ≥ 0", "the 'shape' of an array")
    if len(shape) > 32:
        _fail("an array has more than 32 dimensions.")
    flat = _decode_flat(dtype, node["values"], depth)
    if math.prod(shape) != flat.size:
        _fail(
            f"an array of shape {tuple(shape)} should hold {math.prod(shape)} values; it holds {flat.size}."
        )
    return flat.reshape(shape)


def _decode_numpy_scalar(node: dict, depth: int):
    _fields(node, ("dtype", "value"))
    dtype = _numpy_dtype(node["dtype"])
    if dtype.kind == "O":
        _fail("a numpy scalar cannot have dtype object.")
    return _decode_flat(dtype, [node["value"]], depth)[0]


def _decode_datetime(node: dict, depth: int):
    _fields(node, ("value", "tz", "fold"))
    text = _typed(node, "value", str, "ISO text")
    fold = node["fold"]
    if not _ISO_TIME.fullmatch(text) or fold not in (0, 1) or type(fold) is not int:
        _fail(
            f"a 'datetime' node should hold ISO text with microseconds and a fold of 0 or 1; got {_label(node)}."
        )
    return _dt.datetime.fromisoformat(text).replace(tzinfo=_decode_tz(node["tz"]), fold=fold)


def _decode_date(node: dict, depth: int):
    _fields(node, ("value",))
    text = _typed(node, "value", str, "ISO text")
    if not _ISO_DATE.fullmatch(text):
        _fail(f"a 'date' node should hold a date such as '2024-11-15'; got {_label(text)}.")
    return _dt.date.fromisoformat(text)


def _decode_timedelta(node: dict, depth: int):
    _fields(node, ("days", "seconds", "microseconds"))
    parts = {f: _typed(node, f, int, "a whole number") for f in ("days", "seconds", "microseconds")}
    return _dt.timedelta(**parts)


def _decode_bytes(node: dict, depth: int):
    _fields(node, ("base64",))
    text = _typed(node, "base64", str, "base64 text")
    if len(text) % 4 or not _BASE64.fullmatch(text):
        _fail("the 'base64' of a 'bytes' node is not base64 text.")
    return base64.b64decode(text, validate=True)


def _decode_items(node: dict, depth: int) -> list:
    _fields(node, ("items",))
    items = _typed(node, "items", list, "a list")
    return [_decode(item, depth + 1) for item in items]


def _decode_dict(node: dict, depth: int) -> dict:
    _fields(node, ("items",))
    result = {}
    for pair in _typed(node, "items", list, "a list of [key, value] pairs"):
        if not isinstance(pair, list) or len(pair) != 2:
            _fail(f"the items of a 'dict' node should be [key, value] pairs; found {_label(pair)}.")
        key = _decode(pair[0], depth + 1)
        try:
            hash(key)
        except TypeError:
            _fail(f"a dict key should be hashable; got a {type(key).__name__}.")
        result[key] = _decode(pair[1], depth + 1)
    return result


def _decode_set(node: dict, depth: int, kind):
    items = _decode_items(node, depth)
    try:
        return kind(items)
    except TypeError:
        _fail(f"the items of a {node['type']!r} node should be hashable.")


def _pandas_dtype(name, node: dict, depth: int):
    """The pandas (or numpy) dtype a column node names, with its extra fields checked."""
    import numpy as np
    import pandas as pd

    if not isinstance(name, str) or name not in PANDAS_DTYPES:
        _fail(f"the column dtype {_label(name)} is not one the hub accepts.")
    if "tz" in node:
        if not name.startswith("datetime64["):
            _fail(f"a column of dtype {name!r} cannot have a time zone.")
        return pd.DatetimeTZDtype(unit=name[11:-1], tz=_decode_tz(node["tz"]))
    if name in ("str", "string"):
        storage = node.get("storage")
        if storage not in ("python", "pyarrow"):
            _fail(f"a text column's storage should be 'python' or 'pyarrow'; got {_label(storage)}.")
        try:
            return pd.StringDtype(storage, na_value=np.nan if name == "str" else pd.NA)
        except ImportError:
            _fail(f"text stored with {storage!r} cannot be read here (pyarrow is not installed).")
    if name == "category":
        categories = _decode_index(node.get("categories"), depth + 1)
        ordered = node.get("ordered")
        if type(ordered) is not bool:
            _fail(f"a category column's 'ordered' should be true or false; got {_label(ordered)}.")
        return pd.CategoricalDtype(categories, ordered=ordered)
    if name in _MASKED:
        return pd.api.types.pandas_dtype(name)
    return np.dtype(name)


def _decode_column(column, depth: int):
    """A numpy array or pandas array from a column description (see :func:`_encode_column`)."""
    import numpy as np
    import pandas as pd

    if depth > MAX_DEPTH:
        _fail(f"values are nested more than {MAX_DEPTH} levels deep.")
    if not isinstance(column, dict) or "dtype" not in column:
        _fail(f"a column should be an object with a 'dtype'; got {_label(column)}.")
    name = column["dtype"]
    column = {"type": f"column of dtype {name}", **column}
    dtype = _pandas_dtype(name, column, depth)
    if isinstance(dtype, pd.CategoricalDtype):
        _fields(column, ("dtype", "categories", "ordered", "codes"))
        size = len(dtype.categories)
        codes = _list_of(
            column["codes"],
            lambda c: _is_int(c) and -1 <= c < size,
            f"codes from -1 to {size - 1}",
            "the codes",
        )
        return pd.Categorical.from_codes(codes, dtype=dtype)
    if isinstance(dtype, pd.DatetimeTZDtype):
        _fields(column, ("dtype", "tz", "values"))
        naive = _decode_flat(np.dtype(name), column["values"], depth)
        return pd.array(naive).tz_localize(_dt.UTC).tz_convert(dtype.tz)
    if isinstance(dtype, pd.StringDtype):
        _fields(column, ("dtype", "storage", "values"))
        values = _list_of(
            column["values"], lambda v: v is None or type(v) is str, "text or null", "a text column"
        )
        return pd.array(values, dtype=dtype)
    _fields(column, ("dtype", "values"))
    if name in _MASKED:
        values = column["values"]
        if not isinstance(values, list):
            _fail("the values of a column should be a list.")
        mask = np.array([v is None for v in values], dtype=bool)
        fill = False if name == "boolean" else (0.0 if name.startswith("Float") else 0)
        data = _decode_flat(np.dtype(_MASKED[name]), [fill if v is None else v for v in values], depth)
        kind = {"b": pd.arrays.BooleanArray, "f": pd.arrays.FloatingArray}.get(
            data.dtype.kind, pd.arrays.IntegerArray
        )
        return kind(data, mask)
    return _decode_flat(dtype, column["values"], depth)


def _decode_name(node, depth: int):
    name = _decode(node, depth + 1)
    try:
        hash(name)
    except TypeError:
        _fail(f"a name should be hashable; got a {type(name).__name__}.")
    return name


def _decode_index(node, depth: int):
    import numpy as np
    import pandas as pd

    if depth > MAX_DEPTH:
        _fail(f"values are nested more than {MAX_DEPTH} levels deep.")
    if not isinstance(node, dict) or node.get("type") != "index":
        _fail(f"an index should be an 'index' node; got {_label(node)}.")
    kind = node.get("kind")
    if kind == "range":
        _fields(node, ("kind", "start", "stop", "step", "name"))
        start, stop, step = (_typed(node, f, int, "a whole number") for f in ("start", "stop", "step"))
        if step == 0 or len(range(start, stop, step)) > MAX_ROWS:
            _fail(f"a range index should have a step other than 0 and at most {MAX_ROWS:,} rows.")
        return pd.RangeIndex(start, stop, step, name=_decode_name(node["name"], depth))
    if kind == "multi":
        _fields(node, ("kind", "levels", "codes", "names"))
        levels = [_decode_index(level, depth + 1) for level in _typed(node, "levels", list, "a list")]
        codes = [
            _list_of(c, _is_int, "whole numbers", "the codes of a level")
            for c in _typed(node, "codes", list, "a list")
        ]
        names = [_decode_name(n, depth) for n in _typed(node, "names", list, "a list")]
        if not levels or not (len(levels) == len(codes) == len(names)):
            _fail("a MultiIndex should have as many levels, codes and names, at least one.")
        return pd.MultiIndex(levels=levels, codes=codes, names=names, verify_integrity=True)
    if kind != "values":
        _fail(f"an index's kind should be 'range', 'multi' or 'values'; got {_label(kind)}.")
    _fields(node, ("kind", "name", "freq", "data"))
    name = _decode_name(node["name"], depth)
    data = _decode_column(node["data"], depth)
    freq = node["freq"]
    if freq is not None:
        if not isinstance(freq, str) or not _FREQ.fullmatch(freq) or data.dtype.kind not in "mM":
            _fail(
                f"an index's freq should be a frequency such as 'D' of dates or durations; got {_label(freq)}."
            )
        cls = pd.DatetimeIndex if data.dtype.kind == "M" else pd.TimedeltaIndex
        return cls(data, freq=freq, name=name)
    if isinstance(data, np.ndarray):
        return pd.Index(data, dtype=data.dtype, name=name, copy=False)
    return pd.Index(data, name=name, copy=False)


def _decode_series(node: dict, depth: int):
    import numpy as np
    import pandas as pd

    _fields(node, ("name", "index", "data"))
    index = _decode_index(node["index"], depth + 1)
    data = _decode_column(node["data"], depth)
    if len(data) != len(index):
        _fail(f"a Series has {len(data)} values but an index of {len(index)}.")
    dtype = data.dtype if isinstance(data, np.ndarray) else None
    return pd.Series(data, index=index, dtype=dtype, name=_decode_name(node["name"], depth), copy=False)


def _decode_frame(node: dict, depth: int):
    import numpy as np
    import pandas as pd

    _fields(node, ("index", "columns", "data"))
    index = _decode_index(node["index"], depth + 1)
    columns = _decode_index(node["columns"], depth + 1)
    data = [_decode_column(c, depth) for c in _typed(node, "data", list, "a list of columns")]
    if len(data) != len(columns):
        _fail(f"a DataFrame has {len(columns)} column labels but {len(data)} columns.")
    series = {}
    for j, values in enumerate(data):
        if len(values) != len(index):
            _fail(f"column {j} of a DataFrame has {len(values)} values but the index has {len(index)}.")
        dtype = values.dtype if isinstance(values, np.ndarray) else None
        series[j] = pd.Series(values, index=index, dtype=dtype, copy=False)
    frame = pd.DataFrame(series, index=index, copy=False)
    frame.columns = columns
    return frame


def _decode_pandas_array(node: dict, depth: int):
    import numpy as np
    import pandas as pd

    _fields(node, ("data",))
    data = _decode_column(node["data"], depth)
    if isinstance(data, np.ndarray):
        if data.dtype.kind in "mM":
            return pd.array(data)
        return pd.arrays.NumpyExtensionArray(data)
    return data


def _decode_timestamp(node: dict, depth: int):
    import numpy as np
    import pandas as pd

    _fields(node, ("value", "unit", "tz"))
    value = _typed(node, "value", int, "a whole number")
    unit = node["unit"]
    if unit not in _TIME_UNITS:
        _fail(f"a timestamp's unit should be one of {', '.join(_TIME_UNITS)}; got {_label(unit)}.")
    stamp = pd.Timestamp(np.datetime64(value, unit))
    tz = _decode_tz(node["tz"])
    return stamp if tz is None else stamp.tz_localize(_dt.UTC).tz_convert(tz)


def _decode_pd_timedelta(node: dict, depth: int):
    import numpy as np
    import pandas as pd

    _fields(node, ("value", "unit"))
    value = _typed(node, "value", int, "a whole number")
    if node["unit"] not in _TIME_UNITS:
        _fail(f"a Timedelta's unit should be one of {', '.join(_TIME_UNITS)}; got {_label(node['unit'])}.")
    return pd.Timedelta(np.timedelta64(value, node["unit"]))


def _decode_constant(name: str):
    def decode_it(node: dict, depth: int):
        _fields(node, ())
        import pandas as pd

        return getattr(pd, name)

    return decode_it


def _decode_record_store(node: dict, depth: int) -> StoreReference:
    _fields(node, ("path",))
    text = _typed(node, "path", str, "a path")
    path = Path(text)
    if "\x00" in text or not path.is_absolute():
        _fail(f"a record store's path should be absolute; got {_label(text)}.")
    return StoreReference(path)


def _decode_course_object(node: dict, depth: int):
    import importlib
    from dataclasses import fields

    _fields(node, ("class", "fields"))
    name = node["class"]
    if name not in _COURSE_CLASSES:
        _fail(f"the class {_label(name)} is not one the hub accepts ({', '.join(sorted(_COURSE_CLASSES))}).")
    module_name, class_name = _COURSE_CLASSES[name]
    cls = getattr(importlib.import_module(module_name), class_name)
    given = _typed(node, "fields", dict, "an object")
    expected = {f.name for f in fields(cls) if f.init}
    if set(given) != expected:
        _fail(f"a {name} should have the fields {', '.join(sorted(expected))}.")
    return cls(**{key: _decode(value, depth + 1) for key, value in given.items()})


def _scalar(field: str, check, expected: str):
    def decode_it(node: dict, depth: int):
        _fields(node, (field,))
        value = node[field]
        if not check(value):
            _fail(f"the {field!r} of a {node['type']!r} node should be {expected}; got {_label(value)}.")
        return value

    return decode_it


_DECODERS = {
    "none": lambda node, depth: _fields(node, ()),
    "ellipsis": lambda node, depth: _fields(node, ()) or Ellipsis,
    "bool": _scalar("value", lambda v: type(v) is bool, "true or false"),
    "int": lambda node, depth: _decode_int(node),
    "float": lambda node, depth: _fields(node, ("value",)) or _decode_float(node["value"]),
    "str": _scalar("value", lambda v: type(v) is str, "text"),
    "bytes": _decode_bytes,
    "list": _decode_items,
    "tuple": lambda node, depth: tuple(_decode_items(node, depth)),
    "set": lambda node, depth: _decode_set(node, depth, set),
    "frozenset": lambda node, depth: _decode_set(node, depth, frozenset),
    "dict": _decode_dict,
    "datetime": _decode_datetime,
    "date": _decode_date,
    "timedelta": _decode_timedelta,
    "numpy_scalar": _decode_numpy_scalar,
    "ndarray": _decode_ndarray,
    "nat": _decode_constant("NaT"),
    "na": _decode_constant("NA"),
    "timestamp": _decode_timestamp,
    "pd_timedelta": _decode_pd_timedelta,
    "series": _decode_series,
    "dataframe": _decode_frame,
    "index": lambda node, depth: _decode_index(node, depth),
    "pandas_array": _decode_pandas_array,
    "record_store": _decode_record_store,
    "course_object": _decode_course_object,
}


def _decode(node, depth: int):
    if depth > MAX_DEPTH:
        _fail(f"values are nested more than {MAX_DEPTH} levels deep.")
    if not isinstance(node, dict):
        _fail(f"a value should be an object with a 'type'; got {_label(node)}.")
    kind = node.get("type")
    decoder = _DECODERS.get(kind) if isinstance(kind, str) else None
    if decoder is None:
        _fail(f"unknown type {_label(kind)}.")
    return decoder(node, depth)


def decode(document: object) -> object:
    """The answer a document describes (the inverse of :func:`encode`); nothing is executed.

    Parameters
    ----------
    document : dict
        A document as :func:`encode` writes it (or as parsed from JSON).

    Returns
    -------
    object
        The answer; a record store comes back as a :class:`StoreReference`.

    Raises
    ------
    WireError
        The document is malformed: not this format, an unknown node type, a field of the
        wrong type, a dtype off the list, nesting deeper than :data:`MAX_DEPTH`.

    Examples
    --------
    >>> decode(encode({1: [float("-inf"), None]}))
    {1: [-inf, None]}
    >>> decode({"format": FORMAT, "version": VERSION, "answer": {"type": "pickle", "data": "..."}})
    Traceback (most recent call last):
    ...
    course_lib.hub.wire.WireError: malformed answer document: unknown type 'pickle'.
    """
    if not isinstance(document, dict):
        raise WireError(f"malformed answer document: expected a JSON object; got {type(document).__name__}.")
    if document.get("format") != FORMAT or set(document) != {"format", "version", "answer"}:
        raise WireError(f"malformed answer document: expected {FORMAT!r} with 'version' and 'answer'.")
    if document["version"] != VERSION or type(document["version"]) is not int:
        raise WireError(
            f"answer document of version {_label(document['version'])}; this course reads version {VERSION}."
        )
    try:
        return _decode(document["answer"], 1)
    except WireError:
        raise
    except RecursionError:
        raise WireError("malformed answer document: nested too deeply.") from None
    except (ValueError, TypeError, OverflowError, KeyError, IndexError, AttributeError) as error:
        raise WireError(f"malformed answer document: {type(error).__name__}: {error}") from None


def _no_constant(name: str):
    raise WireError(f"malformed answer document: JSON has no {name}; non-finite floats are written as text.")


def loads(data: bytes | str) -> object:
    """The answer in the bytes :func:`dumps` wrote (as the grader reads a request).

    Parameters
    ----------
    data : bytes or str
        The JSON text, at most :data:`MAX_BYTES` long.

    Returns
    -------
    object
        The answer (see :func:`decode`).

    Raises
    ------
    WireError
        The data is too large, not JSON, or not a well-formed answer document.

    Examples
    --------
    >>> loads(dumps([1, "二", (3.0, ...)]))
    [1, '二', (3.0, Ellipsis)]
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray)):
        raise WireError(f"an encoded answer should be bytes; got {type(data).__name__}.")
    if len(data) > MAX_BYTES:
        raise WireError(_too_large(len(data), "encoded answer"))
    try:
        document = json.loads(data, parse_constant=_no_constant)
    except RecursionError:
        raise WireError("malformed answer document: nested too deeply.") from None
    except ValueError as error:  # json.JSONDecodeError and bad encodings
        if isinstance(error, WireError):
            raise
        raise WireError(f"malformed answer document: not JSON ({error}).") from None
    return decode(document)
