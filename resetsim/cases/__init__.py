"""The case library: recorded outcomes of rapprochements, and scoring runs against them.

``load_case("history-1992-2016")`` reads ``data/cases/history-1992-2016.toml`` (the public
record, never read by the model); :func:`~resetsim.cases.scoring.score_case` scores an
ensemble's tables against it; :func:`~resetsim.cases.report.render_cases_table` writes
the table of ``docs/cases.md``. See ``docs/how-to/add-a-case.md``.
"""

from __future__ import annotations

from resetsim.cases.outcomes import CaseError, CaseRecord, list_cases, load_case, load_cases

__all__ = ["CaseError", "CaseRecord", "list_cases", "load_case", "load_cases"]
