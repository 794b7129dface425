"""The SQLModel backend without a database: generated code is clean and stable.

Every sample is generated in both layouts into one directory (unique package
names), then ruff, mypy and a warning-free import run over all of it once.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from schemac.backends import RenderContext, UnsupportedError, get_backend
from schemac.backends.sqlmodel import backend, pyfmt
from schemac.compiler import compile_source
from schemac.errors import ConfigError
from schemac.output import GENERATED_MARK
from tests.sqlmodel_support import ROOT, all_schemas, generate, sample_entries

BIN = Path(sys.executable).parent
LAYOUTS = ("package", "module")


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, dict[str, str]]]:
    """Every sample in every layout, written under one directory."""
    out = tmp_path_factory.mktemp("sqlmodel")
    files = {}
    for name, (schema, source) in all_schemas().items():
        for layout in LAYOUTS:
            package = f"gen_{name}_{layout}"
            files[package] = generate(schema, out, package, source, layout)
    return out, files


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


def test_samples_exist() -> None:
    assert {p.stem for p in sample_entries()} >= {"todo", "shop"}


def test_backend_is_registered() -> None:
    assert get_backend("sqlmodel") is backend


def test_package_layout_files(
    generated: tuple[Path, dict[str, dict[str, str]]],
) -> None:
    _, files = generated
    todo = files["gen_todo_package"]
    assert sorted(todo) == [
        "gen_todo_package/__init__.py",
        "gen_todo_package/_base.py",
        "gen_todo_package/enums.py",
        "gen_todo_package/tag.py",
        "gen_todo_package/todo.py",
        "gen_todo_package/todo_tag.py",
        "gen_todo_package/user.py",
    ]
    assert list(files["gen_todo_module"]) == ["gen_todo_module.py"]


def test_every_file_starts_with_the_header(
    generated: tuple[Path, dict[str, dict[str, str]]],
) -> None:
    for files in generated[1].values():
        for rel, text in files.items():
            assert GENERATED_MARK in text.splitlines()[0], rel
            assert text.endswith("\n") and not text.endswith("\n\n"), rel


def test_ruff_format_leaves_it_alone(
    generated: tuple[Path, dict[str, dict[str, str]]],
) -> None:
    out, _ = generated
    result = _run(
        [str(BIN / "ruff"), "format", "--isolated", "--check", "--diff", "."], out
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check_is_clean(generated: tuple[Path, dict[str, dict[str, str]]]) -> None:
    out, _ = generated
    select = "E,F,W,I,B,UP,C4,SIM"
    result = _run(
        [str(BIN / "ruff"), "check", "--isolated", "--select", select, "."], out
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean(
    generated: tuple[Path, dict[str, dict[str, str]]],
) -> None:
    out, files = generated
    targets = sorted({rel.split("/")[0] for f in files.values() for rel in f})
    args = [str(BIN / "mypy"), "--strict", "--no-incremental", *targets]
    result = _run(args, out)
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_without_warnings_and_configures(
    generated: tuple[Path, dict[str, dict[str, str]]],
) -> None:
    out, files = generated
    script = """
import importlib, sys
import sqlalchemy as sa
from sqlalchemy.orm import configure_mappers
for name in sys.argv[1:]:
    module = importlib.import_module(name)
    configure_mappers()
    metadata = module.metadata
    assert metadata.naming_convention["ck"].startswith("ck_"), name
    for table in metadata.tables.values():
        assert table.metadata is metadata
    for mapper in module.Base._sa_registry.mappers:
        assert mapper.local_table.metadata is metadata, mapper
print("ok")
"""
    args = [sys.executable, "-W", "error", "-c", script, *sorted(files)]
    result = _run(args, out)
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr


def test_output_is_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    script = """
import hashlib, sys
from pathlib import Path
from schemac.backends import RenderContext
from schemac.backends.sqlmodel import backend
from schemac.compiler import compile_files
digest = hashlib.sha256()
for entry in sys.argv[1:]:
    schema = compile_files([Path(entry)]).schema
    for layout in ("package", "module"):
        files = backend.render(schema, RenderContext(entry, {"layout": layout}))
        for rel in sorted(files):
            digest.update(rel.encode() + b"\\0" + files[rel].encode())
print(digest.hexdigest())
"""
    entries = [str(p) for p in sample_entries()]
    digests = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script, *entries],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1


def _render(text: str, **options: str) -> dict[str, str]:
    result = compile_source(text)
    assert result.schema is not None, result.diagnostics
    return backend.render(result.schema, RenderContext("test.dbs", options))


def test_unknown_layout_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="layout"):
        _render("model A { name: str(10) }", layout="flat")


def test_bad_package_name_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="package"):
        _render("model A { name: str(10) }", package="my-models")


def test_reserved_attribute_is_refused() -> None:
    # The compiler refuses the name too; the backend must not rely on that.
    schema = compile_source("model A { data: jsonb? }").schema
    assert schema is not None
    model = schema.models[0]
    columns = tuple(
        replace(c, name="metadata") if c.name == "data" else c for c in model.columns
    )
    schema = replace(schema, models=(replace(model, columns=columns),))
    with pytest.raises(UnsupportedError, match="metadata"):
        backend.render(schema, RenderContext("test.dbs"))


def test_model_named_like_an_import_is_refused() -> None:
    with pytest.raises(UnsupportedError, match="Field"):
        _render("model Field { name: str(10) }")


def test_self_many_to_many_names_both_joins() -> None:
    files = _render("model User { friends: User[] back=friend_of }")
    text = files["models/user.py"]
    assert '"primaryjoin": "User.id == UserFriend.user_id"' in text
    assert '"secondaryjoin": "User.id == UserFriend.friend_id"' in text
    assert '"primaryjoin": "User.id == UserFriend.friend_id"' in text


def test_datetime_is_plain_and_timestamp_is_naive() -> None:
    files = _render("model Event { at: datetime\n local: timestamp }")
    text = files["models/event.py"]
    assert "at: datetime\n" in text or "at: datetime =" in text
    assert "DateTime(timezone=True)" not in text
    assert "local: NaiveDatetime" in text


def test_column_names_shadowing_imports_are_qualified() -> None:
    files = _render("model Day { date: date\n start: date? }", layout="module")
    text = files["models.py"]
    assert "import datetime as _datetime" in text
    assert "date: _datetime.date" in text


@pytest.mark.parametrize(
    ("value", "width"),
    [("word " * 40, 60), ("a'b\"c " * 30, 50), ("x" * 200, 40), (" lead  double  ", 8)],
)
def test_long_strings_split_without_losing_characters(value: str, width: int) -> None:
    lines = pyfmt.render(pyfmt.Str(value), 1, "description=", ",")
    source = "".join(lines)
    assert (
        ast.literal_eval(source.strip().removeprefix("description=").rstrip(","))
        == value
    )


def test_call_wrapping_matches_ruff(tmp_path: Path) -> None:
    cases = []
    for n in range(1, 12):
        args = [pyfmt.Str("x" * (n * 7)), *(f"k{i}={i}" for i in range(n % 4))]
        node = pyfmt.call(
            "Field", *args, sa_column_kwargs=pyfmt.dict_node([("a", "1")])
        )
        cases += pyfmt.render(node, 1, f"f{n}: int = ")
    text = "class A:\n" + "\n".join(cases) + "\n"
    path = tmp_path / "case.py"
    path.write_text(text)
    result = _run(
        [str(BIN / "ruff"), "format", "--isolated", "--diff", str(path)], tmp_path
    )
    assert result.returncode == 0, result.stdout


def test_docstrings_keep_to_the_line_length() -> None:
    long_doc = "A very long description " * 10
    files = _render(f'model A {{ "{long_doc}"\n name: str(10) "{long_doc}" }}')
    for line in files["models/a.py"].splitlines():
        assert len(line) <= 88, line


def test_render_context_source_is_in_the_header() -> None:
    files = _render("model A { name: str(10) }")
    assert files["models/a.py"].startswith(f"# {GENERATED_MARK} from test.dbs.")
    assert "test.dbs" in files["models/__init__.py"]
    assert isinstance(RenderContext("x"), RenderContext)


def test_reference_to_an_undefined_table_is_a_plain_column() -> None:
    schema = compile_source("model Invoice { account_id: int }").schema
    assert schema is not None
    model = schema.models[0]
    columns = tuple(
        replace(c, references="billing.accounts.id") if c.name == "account_id" else c
        for c in model.columns
    )
    schema = replace(schema, models=(replace(model, columns=columns),))
    text = backend.render(schema, RenderContext("t.dbs"))["models/invoice.py"]
    assert "# References billing.accounts.id, a table this schema does not" in text
    assert "account_id: int\n" in text
    assert "foreign_key" not in text and "ForeignKey" not in text
