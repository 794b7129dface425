"""The IR of every sample survives JSON and is the same on every run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from schemac.compiler import compile_files, serialize

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ENTRIES = [SAMPLES / "todo" / "todo.dbs", SAMPLES / "shop" / "shop.dbs"]

_DUMP = (
    "import sys; from pathlib import Path; "
    "from schemac.compiler import compile_files, serialize; "
    "sys.stdout.write(serialize.dumps(compile_files([Path(sys.argv[1])]).schema))"
)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda p: p.parent.name)
def test_json_round_trip(entry: Path) -> None:
    schema = compile_files([entry]).schema
    assert schema is not None
    text = serialize.dumps(schema)
    assert serialize.loads(text) == schema
    assert serialize.dumps(serialize.loads(text)) == text


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda p: p.parent.name)
def test_same_json_on_every_run(entry: Path) -> None:
    first, second = compile_files([entry]).schema, compile_files([entry]).schema
    assert first is not None and second is not None
    assert serialize.dumps(first) == serialize.dumps(second)


def test_same_json_under_different_hash_seeds() -> None:
    entry = SAMPLES / "shop" / "shop.dbs"
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _DUMP, str(entry)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert '"schemac_ir": 1' in outputs.pop()
