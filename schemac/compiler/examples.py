"""Example values for columns, for ``json_schema_extra`` and documentation.

Every column gets one. A user's ``example=`` wins, then the column's literal
default, then a value made up from the column's type and name. The same
input always gives the same example.
"""

from __future__ import annotations

from decimal import Decimal

from schemac.compiler import ir
from schemac.compiler.types import INTEGER_KINDS

EXAMPLE_UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"

#: Examples for text columns, by a word in the column's name (first match wins).
_TEXT_BY_NAME: tuple[tuple[str, str], ...] = (
    ("email", "user@example.com"),
    ("password", "$2b$12$KIXQJ1e9Qh6Y5m7r0aH1uO"),
    ("first_name", "Jane"),
    ("last_name", "Doe"),
    ("username", "jdoe"),
    ("full_name", "Jane Doe"),
    ("name", "Jane Doe"),
    ("title", "Complete project"),
    ("description", "A short description."),
    ("summary", "A short summary."),
    ("body", "Some text."),
    ("content", "Some text."),
    ("note", "A note."),
    ("comment", "A comment."),
    ("url", "https://example.com"),
    ("website", "https://example.com"),
    ("phone", "+1-555-0100"),
    ("slug", "example-slug"),
    ("color", "#FF0000"),
    ("colour", "#FF0000"),
    ("currency", "USD"),
    ("country", "US"),
    ("city", "Springfield"),
    ("street", "1 Main Street"),
    ("address", "1 Main Street"),
    ("postal", "12345"),
    ("zip", "12345"),
    ("sku", "SKU-0001"),
    ("code", "ABC123"),
    ("token", "tok_0123456789"),
)

_BY_KIND: dict[str, ir.JsonValue] = {
    "float": 1.5,
    "bool": True,
    "date": "2025-01-15",
    "time": "12:00:00",
    "datetime": "2025-01-15T12:00:00Z",
    "timestamp": "2025-01-15T12:00:00",
    "interval": "PT1H",
    "uuid": EXAMPLE_UUID,
    "inet": "192.0.2.1",
    "cidr": "192.0.2.0/24",
    "tsvector": "'example':1",
    "json": None,
    "jsonb": None,
    "bytes": None,
}


def derive_example(
    column: ir.Column, enum_values: tuple[str, ...] = ()
) -> ir.JsonValue:
    """An example value for ``column`` when the user gave none.

    Args:
        column: The column, with its type, default and bounds set.
        enum_values: The member names, for an enum column.

    Returns:
        A JSON-able value: a tuple of one item for arrays, a string for
        decimals, dates, times and UUIDs, None when no value makes sense
        (``json``, ``bytes``).
    """
    default = column.default
    if default is not None and default.kind in ("literal", "enum"):
        return default.value
    if column.type.array:
        return (_scalar_example(column, enum_values),)
    return _scalar_example(column, enum_values)


def _scalar_example(column: ir.Column, enum_values: tuple[str, ...]) -> ir.JsonValue:
    kind = column.type.kind
    if kind == "enum":
        return enum_values[0] if enum_values else None
    if kind in INTEGER_KINDS or kind == "float":
        base = 1 if kind in INTEGER_KINDS else 1.5
        return _within_bounds(base, column)
    if kind == "decimal":
        return _decimal_example(column)
    if kind in ("str", "text", "citext"):
        return _text_example(column)
    return _BY_KIND.get(kind)


def _within_bounds(value: int | float, column: ir.Column) -> int | float:
    if column.minimum is not None and value < column.minimum:
        return column.minimum
    if column.maximum is not None and value > column.maximum:
        return column.maximum
    return value


def _decimal_example(column: ir.Column) -> str:
    precision, scale = column.type.precision, column.type.scale or 0
    whole = "19"
    if precision is not None:
        whole = "19"[: max(precision - scale, 0)] or "0"
    text = whole + ("." + ("99" + "0" * scale)[:scale] if scale else "")
    if precision is None:
        text = "19.99"
    bounded = _within_bounds(float(text), column)
    if bounded != float(text):
        return str(Decimal(str(bounded)))
    return text


def _text_example(column: ir.Column) -> str:
    name = column.name.lower()
    text = next((ex for word, ex in _TEXT_BY_NAME if word in name), "example")
    if column.type.length is not None:
        return text[: column.type.length]
    return text
