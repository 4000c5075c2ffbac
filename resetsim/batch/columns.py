"""Columns of many runs' tables joined into Arrow arrays, and read back as pandas.

A chunk's table is built column by column from the runs' pandas frames: numbers are
concatenated, and text becomes dictionary codes into the column's distinct values,
which are built, sent between processes and written to Parquet at a fraction of the cost
of one string per row (text columns repeat a few values over many rows: dates, actor
names, phases).

Finding the distinct values of text is the costly step: hashing every row's Python
string. :func:`factorize_text` hashes the rows' object addresses instead (a NumPy object
array holds one object pointer per row, and a model's tables repeat the same few string
objects) and compares strings only among the distinct objects; the codes and values are
exactly those of :func:`pandas.factorize`, which :func:`text_codes` calls itself for a
short column (a few thousand rows), where the grouping costs more than it saves.
"""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from resetsim.model.recorder import coded

__all__ = [
    "BY_OBJECT_ROWS",
    "as_frame",
    "column_arrays",
    "dictionary",
    "factorize_text",
    "join_coded",
    "join_column",
    "text_codes",
]

BY_OBJECT_ROWS = 4096
"""Rows from which :func:`text_codes` groups a text column by object identity first."""


def _addresses(values: np.ndarray) -> np.ndarray:
    """The address of each element's object: a view, valid while ``values`` lives unchanged."""
    values = np.ascontiguousarray(values, dtype=object)
    if not values.size:
        return np.zeros(0, dtype=np.intp)
    pointers = (ctypes.c_ssize_t * values.size).from_address(values.ctypes.data)
    return np.frombuffer(pointers, dtype=np.intp)


def factorize_text(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values of an object array, as ``pandas.factorize`` gives them.

    Rows are first grouped by object identity (hashing addresses, not strings); the
    first object of each group is then factorized by value, so equal strings held by
    different objects get one code, and missing values (None, NaN) get -1.

    Returns:
        ``codes`` (int32, -1 for a missing value) and ``uniques`` (object array, in
        order of first appearance).

    """
    values = np.ascontiguousarray(values, dtype=object)
    if not values.size:
        return np.zeros(0, dtype=np.int32), values
    # (the addresses are read while ``values`` holds the objects: no copy is needed)
    by_object = pa.array(_addresses(values)).dictionary_encode().indices.to_numpy()
    # Groups are numbered in order of first appearance, so a group's first row is where
    # the running maximum of the numbers goes up.
    running = np.maximum.accumulate(by_object)
    first = np.flatnonzero(np.concatenate(([True], running[1:] > running[:-1])))
    codes, uniques = pd.factorize(values[first], use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    if len(uniques) == len(first):  # distinct objects hold distinct text, none missing
        return by_object, uniques  # so the codes are the group numbers
    return codes.astype(np.int32, copy=False)[by_object], uniques


def text_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values of an object array, as ``pandas.factorize`` gives them.

    :func:`factorize_text` from :data:`BY_OBJECT_ROWS` rows, else ``pandas.factorize``
    (:func:`resetsim.model.recorder.coded`; the same result, see :func:`factorize_text`).
    """
    if len(values) >= BY_OBJECT_ROWS:
        return factorize_text(values)
    return coded(values)


def dictionary(codes: np.ndarray, values: object) -> pa.DictionaryArray:
    """Text as dictionary codes into ``values`` (a negative code is a missing value).

    ``values`` is an Arrow text array, or what ``pyarrow.array`` makes one of.
    """
    codes = np.asarray(codes, dtype=np.int32)
    missing = codes < 0
    indices = pa.array(codes, mask=missing) if missing.any() else pa.array(codes)
    if not isinstance(values, pa.Array):
        values = pa.array(values, type=pa.string())
    # the codes index ``values`` by construction (pandas.factorize's contract)
    return pa.DictionaryArray.from_arrays(indices, values, safe=False)


def column_arrays(frame: pd.DataFrame) -> list[Any]:
    """The arrays of a frame's columns, in order: NumPy arrays or pandas extension arrays.

    ``frame[name]`` builds a Series for each column, which costs more than the data of
    a short column; pandas' ``DataFrame._iter_column_arrays`` gives the arrays as stored,
    read-only, without one. A pandas without it gets the Series' arrays.
    """
    iterate = getattr(frame, "_iter_column_arrays", None)
    if iterate is not None:
        return list(iterate())
    return [  # pragma: no cover - pandas versions without _iter_column_arrays
        col.array if isinstance(col.dtype, pd.api.extensions.ExtensionDtype) else col.to_numpy()
        for _, col in frame.items()
    ]


def join_coded(parts: list[tuple[np.ndarray, np.ndarray]]) -> pa.DictionaryArray:
    """Text of several runs given as codes into each run's distinct values, as one array.

    The runs' values are factorized together (a few per run), and each run's codes are
    mapped to the joint ones: the rows hold the same text as when joined row by row.
    When every run has the same values (the same dates, sides, names), the codes are
    joined as they are.
    """
    first = parts[0][1]
    if all(v is first or np.array_equal(v, first) for _, v in parts[1:]):
        return dictionary(np.concatenate([part[0] for part in parts]), first)
    values = np.concatenate([part[1] for part in parts])
    joint, uniques = text_codes(values)
    starts = np.cumsum([0, *(len(part[1]) for part in parts[:-1])])
    codes = [part[0] for part in parts]
    mapped = joint[np.concatenate([c + start for c, start in zip(codes, starts, strict=True)])]
    if any(c.size and c.min() < 0 for c in codes):  # a negative code is a missing value
        mapped[np.concatenate(codes) < 0] = -1
    return dictionary(mapped, uniques)


def join_column(parts: list[Any]) -> pa.Array:
    """One column of several runs' frames as one Arrow array; text is dictionary-encoded.

    ``parts`` are the runs' arrays of the column (see :func:`column_arrays`), or text
    as ``(codes, values)`` (:func:`join_coded`). The
    Parquet files store dictionary text as plain text (see
    :func:`resetsim.batch.files.encode_parquet`). The runs' arrays are joined column by
    column (no frame is concatenated); columns whose runs disagree on the type (a column
    with no values in one run) are joined by pandas, which settles it.
    """
    if isinstance(parts[0], tuple):
        return join_coded(parts)
    dtypes = {part.dtype for part in parts}
    if np.dtype(object) in dtypes:
        values = np.concatenate([np.asarray(part, dtype=object) for part in parts])
        return dictionary(*text_codes(values))
    (kind,) = dtypes if len(dtypes) == 1 else (None,)
    if isinstance(kind, np.dtype):  # numbers and flags: NaN is a missing value, as in pandas
        joined = np.concatenate(parts)
        # (reading NaN as missing is slow in Arrow: asked for only when there is one)
        return pa.array(joined, from_pandas=kind.kind == "f" and bool(np.isnan(joined).any()))
    joined = pd.concat([pd.Series(part, copy=False) for part in parts], ignore_index=True)
    return pa.Array.from_pandas(joined)


def as_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table of run rows as pandas, with the model's own column types.

    Dictionary-encoded text comes back as plain text, and an integer column with empty
    cells (``events.responds_to``) as a nullable integer, not as floats.
    """
    fields = [
        pa.field(f.name, f.type.value_type) if pa.types.is_dictionary(f.type) else f
        for f in table.schema
    ]
    frame = table.cast(pa.schema(fields)).to_pandas()
    for f in fields:
        if pa.types.is_integer(f.type) and frame[f.name].dtype.kind == "f":
            frame[f.name] = frame[f.name].astype("Int64")
    return frame
