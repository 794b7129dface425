"""Helpers the SQLModel backend's tests share: samples, generation, import."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from schemac.backends import RenderContext
from schemac.backends.sqlmodel import backend
from schemac.compiler import compile_files, compile_source, ir

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


#: Small schemas, one construct each, also rendered as golden files.
CASES: dict[str, str] = {
    "types": """
model Everything {
    "One column of each type."
    id: uuid = uuid() pk
    small: smallint
    big: bigint?
    name: str(40)
    body: text
    ratio: float
    price: decimal(8, 2) min=0
    day: date?
    at: time?
    span: interval?
    happened: datetime
    local: timestamp?
    data: json?
    doc: jsonb?
    blob: bytes?
    email: citext
    ip: inet?
    net: cidr?
    search: tsvector?
    labels: str(20)[]?
}
""",
    "defaults": """
enum Level { low, high }
model Setting {
    id: int pk identity
    enabled: bool = true
    retries: int = 3
    label: str(20) = "it's"
    level: Level = high
    amount: decimal(6, 2) = 1.50
    opens: time = "08:30:00"
    token: uuid = uuid7()
    stamp: datetime = now() auto_now
    score: int = sql("abs(-3) * 2")
}
""",
    "self_relation": """
model Category {
    "A node of a tree."
    name: str(50)
    parent: Category? on_delete=set_null back=children
}
""",
    "constraints": """
model Order {
    number: int
    email: str(100)
    note: str(200)?
    total: int min=0 max=1000
    updated: datetime?
    index (number, updated desc) name="ix_orders_recent"
    index (email) unique where "note is null"
    unique (number, email)
    check "number > 0" name="ck_orders_number_positive"
    schema sales
}
""",
    "column_names": """
model Account {
    provider: str(50)
    provider_account_id: str(100) column="providerAccountId"
    seen_at: timestamp? = now()
    unique (provider, provider_account_id)
    index (provider_account_id desc)
}
model Membership {
    org: str(20) pk
    member: str(20) pk column="memberName"
}
model Grant {
    membership: Membership on_delete=cascade
    scope: str(20)
}
""",
    "self_many_to_many": """
model Person {
    name: str(50)
    follows: Person[] back=followers
}
""",
    "one_to_one": """
model User { name: str(50) }
model Profile {
    user: User unique on_delete=cascade
    bio: text?
}
""",
}


def compile_case(name: str) -> ir.Schema:
    """The IR of one of :data:`CASES`."""
    result = compile_source(CASES[name])
    assert result.schema is not None, result.diagnostics
    return result.schema


def all_schemas() -> dict[str, tuple[ir.Schema, str]]:
    """Every sample and case: name -> (IR, source name for the header)."""
    schemas = {p.stem: (compile_sample(p), source_name(p)) for p in sample_entries()}
    for name in sorted(CASES):
        schemas[f"case_{name}"] = (compile_case(name), f"{name}.dbs")
    return schemas


def sample_entries() -> list[Path]:
    """Every sample's entry file: ``samples/<name>/<name>.dbs``."""
    return sorted(
        d / f"{d.name}.dbs"
        for d in SAMPLES.iterdir()
        if (d / f"{d.name}.dbs").is_file()
    )


def compile_sample(entry: Path) -> ir.Schema:
    """The IR of a sample; fails the test on any compile error."""
    result = compile_files([entry])
    assert result.schema is not None, result.diagnostics
    return result.schema


def source_name(entry: Path) -> str:
    """How the header names a sample: relative to the repository."""
    return entry.relative_to(ROOT).as_posix()


def generate(
    schema: ir.Schema, out: Path, package: str, source: str, layout: str = "package"
) -> dict[str, str]:
    """Render ``schema`` and write the files under ``out``."""
    context = RenderContext(source, {"package": package, "layout": layout})
    files = backend.render(schema, context)
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return files


def import_generated(out: Path, package: str) -> ModuleType:
    """Import a generated package (or module) from ``out``."""
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    return importlib.import_module(package)
