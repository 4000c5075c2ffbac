"""Plain copies of frozen scenario models, for the rules that read them every month.

Scenario models are frozen pydantic models, whose every attribute read goes through
pydantic's ``__getattr__`` hook, several times slower than a plain attribute read. A
:class:`PlainCopy` holds the same field values as plain attributes; the model's rules read
it in their monthly loops (the values cannot differ: the source is frozen).
"""

from __future__ import annotations

from typing import Any

__all__ = ["PlainCopy"]


class PlainCopy:
    """The fields of the frozen scenario model ``source`` as plain attributes.

    Only fields are copied (pydantic keeps them in the instance's ``__dict__``): a property
    or method of the source is not there.
    """

    def __init__(self, source: Any):
        self.__dict__.update(source.__dict__)
