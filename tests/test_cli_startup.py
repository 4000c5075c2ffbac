"""The command line starts without loading the model: ``resetsim --help`` stays quick."""

from __future__ import annotations

import subprocess
import sys

import resetsim


def test_help_and_package_import_do_not_load_mesa_or_pandas():
    heavy = ("mesa", "pandas", "matplotlib", "pydantic", "rich.table", "resetsim.version")
    code = (
        "import sys, resetsim, resetsim.cli; "
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


def test_lazy_names_resolve_to_the_real_objects():
    from resetsim.model import ResetModel
    from resetsim.scenario import load_scenario

    assert resetsim.ResetModel is ResetModel
    assert resetsim.load_scenario is load_scenario
    from resetsim.version import package_version

    assert resetsim.__version__ == package_version()
    assert set(resetsim.__all__) <= set(dir(resetsim))
    try:
        resetsim.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")
