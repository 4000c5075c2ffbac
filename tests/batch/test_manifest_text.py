"""The manifest's text: the same JSON as the manifest, each chunk's record on its own line."""

from __future__ import annotations

import json

import pytest

from resetsim.batch.files import manifest_text

RECORD = {"timeseries": [300, "ab" * 32], "runs": [1, "cd" * 32]}


@pytest.mark.parametrize("chunks", [0, 1, 3])
def test_manifest_text_reads_back_as_the_manifest(chunks):
    parts = {f"part-{i:09d}-0a0b": {**RECORD, "runs": [i, "ef"]} for i in range(chunks)}
    manifest = {"kind": "resetsim-batch", "parts": parts, "grid": {"a": [0.1, 0.2]}, "n": 3}
    text = manifest_text(manifest)
    assert json.loads(text) == manifest
    assert list(json.loads(text)) == list(manifest)  # the keys keep their order
    stems = [line for line in text.splitlines() if line.lstrip().startswith('"part-')]
    assert len(stems) == chunks  # one line per chunk
    assert text.endswith("}\n")
