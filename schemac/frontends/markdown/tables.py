"""Markdown tables: column tables, enum value tables and index tables.

Headers are matched by meaning, in any order and in several languages
(``Column``/``Columna``/``Field``, ``Type``/``Tipo``, ``Nullable``/``Null``,
``Constraints``, ``Default``, ``Description``/``Notes``...). A table with no
recognisable name column is not a schema table and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from schemac.frontends.markdown import types
from schemac.frontends.markdown.blocks import Row, Table, plain
from schemac.frontends.markdown.bullets import (
    SpanOf,
    auto_words,
    description_attrs,
    merge_attrs,
    to_draft,
)
from schemac.frontends.markdown.draft import DraftColumn, DraftIndex, FkGuess, Form
from schemac.frontends.markdown.phrases import Attrs, parse_phrase
from schemac.source import Span

_ROLES: dict[str, tuple[str, ...]] = {
    "name": (
        "column",
        "columns",
        "column name",
        "field",
        "field name",
        "name",
        "attribute",
        "columna",
        "campo",
        "nombre",
        "colonne",
        "champ",
        "spalte",
        "feld",
        "列",
        "カラム",
        "字段",
        "属性",
        "property",
        # more languages: pt, it, ms/id, vi, ru, tr, ja, zh, ko
        "coluna",
        "colonna",
        "medan",
        "nama medan",
        "lajur",
        "kolom",
        "cột",
        "tên cột",
        "поле",
        "столбец",
        "alan",
        "カラム名",
        "物理名",
        "項目名",
        "字段名",
        "列名",
        "컬럼",
        "컬럼명",
    ),
    "type": (
        "type",
        "data type",
        "datatype",
        "sql type",
        "db type",
        "tipo",
        "tipo de dato",
        "typ",
        "datentyp",
        "型",
        "类型",
        "データ型",
        "kind",
        "jenis",
        "jenis data",
        "tipe",
        "tipe data",
        "kiểu",
        "kiểu dữ liệu",
        "тип",
        "tip",
        "数据类型",
        "타입",
        "데이터 타입",
    ),
    "constraints": (
        "constraints",
        "constraint",
        "restricciones",
        "restricción",
        "attributes",
        "modifiers",
        "keys",
        "key",
        "options",
        "properties",
        "contraintes",
        "flags",
        "rules",
        "pk/fk",
        "制約",
        "约束",
        "kekangan",
        "restrições",
        "vincoli",
        "ràng buộc",
        "ограничения",
        "제약조건",
    ),
    "nullable": ("nullable", "null", "null?", "nulo", "nullable?", "optional"),
    "required": ("required", "not null", "obligatorio", "requerido", "mandatory"),
    "default": (
        "default",
        "default value",
        "defaults",
        "por defecto",
        "valor por defecto",
        "défaut",
        "デフォルト",
        "默认值",
    ),
    "description": (
        "description",
        "notes",
        "note",
        "comment",
        "comments",
        "descripción",
        "descripcion",
        "purpose",
        "details",
        "remarks",
        "beschreibung",
        "説明",
        "描述",
        "meaning",
        "usage",
        "notas",
        "penerangan",
        "keterangan",
        "descrição",
        "observações",
        "descrizione",
        "mô tả",
        "описание",
        "備考",
        "说明",
        "备注",
        "설명",
        "비고",
    ),
    "references": (
        "references",
        "reference",
        "foreign key",
        "fk",
        "relation",
        "relationship",
        "referencia",
    ),
    "pk": ("pk", "primary key", "primary"),
    "unique": ("unique", "único", "unico"),
    "index": ("index", "indexed", "índice"),
}

_YES = {"yes", "y", "true", "✓", "✔", "x", "sí", "si", "oui", "ja", "1", "✅"}
_NO = {"no", "n", "false", "✗", "✘", "-", "0", "non", "nein", "❌", ""}


@dataclass(frozen=True, slots=True)
class Layout:
    """Which cell of a row plays which role."""

    roles: dict[str, int]

    def cell(self, row: Row, role: str) -> str:
        index = self.roles.get(role)
        if index is None or index >= len(row.cells):
            return ""
        return row.cells[index]


def layout_of(table: Table) -> Layout:
    """The roles of a table's header cells.

    Headers in a language the role lists do not know are read by content:
    a first column of identifiers beside a column of type names is a column
    table, whatever its header says.
    """
    roles: dict[str, int] = {}
    for index, cell in enumerate(table.header):
        key = plain(cell).lower().strip(" :*")
        for role, names in _ROLES.items():
            if key in names and role not in roles:
                roles[role] = index
                break
    if not set(roles) - {"description"}:
        roles.update(_roles_by_content(table, roles))
    return Layout(roles)


def _roles_by_content(table: Table, roles: dict[str, int]) -> dict[str, int]:
    rows = [row.cells for row in table.rows if row.cells]
    if len(rows) < 2 or len(table.header) < 2:
        return {}

    def share(index: int, test: Callable[[str], bool]) -> float:
        cells = [plain(r[index]) for r in rows if index < len(r)]
        return sum(test(c) for c in cells) / len(cells) if cells else 0.0

    if share(0, lambda c: _IDENT.fullmatch(c) is not None) < 0.8:
        return {}
    for index in range(1, len(table.header)):
        if index not in roles.values() and share(index, _names_a_type) >= 0.6:
            return {"name": 0, "type": index}
    return {}


def _names_a_type(cell: str) -> bool:
    guess = parse_phrase(cell.replace("`", "")).type
    return guess is not None and guess.kind != "unknown"


def is_column_table(layout: Layout) -> bool:
    """A table of columns: a name cell plus a type or constraint cell."""
    return "name" in layout.roles and bool(
        {"type", "constraints", "nullable", "required", "default"} & set(layout.roles)
    )


def is_value_table(table: Table) -> bool:
    """An enum's values: ``Value | Description``."""
    if not table.header:
        return False
    first = plain(table.header[0]).lower()
    return first in ("value", "values", "valor", "valeur", "wert", "name", "member")


def read_values(table: Table) -> tuple[str, ...]:
    """The values of an enum value table, if each is an identifier."""
    values = tuple(plain(row.cells[0]) for row in table.rows if row.cells)
    if values and all(re.fullmatch(r"[^\W\d]\w*", v) for v in values):
        return values
    return ()


def read_index_table(table: Table, path: str) -> list[DraftIndex]:
    """``Index Name | Columns | Purpose`` → indexes (columns comma-separated)."""
    header = [plain(c).lower() for c in table.header]
    if not any("column" in h for h in header):
        return []
    col = next(i for i, h in enumerate(header) if "column" in h)
    name_col = next((i for i, h in enumerate(header) if "name" in h), None)
    out = []
    for row in table.rows:
        if col >= len(row.cells):
            continue
        names = tuple(n for n in re.split(r"[,\s]+", plain(row.cells[col])) if n)
        if not names or not all(re.fullmatch(r"[^\W\d][\w.]*", n) for n in names):
            continue
        name = plain(row.cells[name_col]) if name_col is not None else None
        unique = any("unique" in plain(c).lower() for c in row.cells)
        span = Span.point(path, row.line, 1, 1)
        out.append(DraftIndex(names, span, unique=unique, name=name or None))
    return out


def read_row(
    row: Row, layout: Layout, path: str, source_line: str
) -> DraftColumn | None:
    """The column a table row describes, or None if the row names none."""
    name_cell = plain(layout.cell(row, "name"))
    match = re.match(r"([^\W\d][\w]*)(.*)$", name_cell)
    if match is None:
        return None
    name, rest = match.group(1), match.group(2)
    type_cell = layout.cell(row, "type").replace("`", "")
    attrs = django_field(type_cell) or parse_phrase(type_cell)
    if re.match(r"\s*(models\.)?(ForeignKey|OneToOneField)\b", type_cell):
        name = name if name.endswith("_id") else f"{name}_id"  # Django's column
    merge_attrs(attrs, parse_phrase(rest))
    merge_attrs(attrs, parse_phrase(plain(layout.cell(row, "constraints"))))
    _nullability(attrs, layout, row)
    _default(attrs, layout.cell(row, "default"))
    _flags(attrs, layout, row)
    description = plain(layout.cell(row, "description")) or None
    merge_attrs(attrs, description_attrs(description), with_type=False)
    span = SpanOf(path, row.line, source_line)(name)
    column = to_draft(name, attrs, span, Form.TABLE, description)
    if not column.enum_values:
        column.enum_values = value_list(layout.cell(row, "description"))
    column.auto_now = _auto(layout.cell(row, "default"))
    auto_words(column, description)
    for role in ("constraints", "default"):
        if not column.auto_now:
            auto_words(column, plain(layout.cell(row, role)))
    return column


def _nullability(attrs: Attrs, layout: Layout, row: Row) -> None:
    for role, nullable_if_yes in (("nullable", True), ("required", False)):
        cell = plain(layout.cell(row, role)).lower()
        if role not in layout.roles or attrs.nullable is not None:
            continue
        if cell in _YES or cell in ("null", "nullable"):
            attrs.nullable = nullable_if_yes
            attrs.known += 1
        elif cell in _NO or cell in ("not null",):
            attrs.nullable = not nullable_if_yes
            attrs.known += 1


def _default(attrs: Attrs, cell: str) -> None:
    text = plain(cell)
    if not text or text.lower() in ("-", "—", "null", "none", "n/a", "auto"):
        return
    if "default" not in text.lower():
        text = "default " + text
    found = parse_phrase(text)
    if found.default is not None:
        attrs.default = found.default
        attrs.known += 1


def _auto(cell: str) -> bool:
    return plain(cell).lower() in ("auto", "auto-update", "on update", "@updatedat")


def _flags(attrs: Attrs, layout: Layout, row: Row) -> None:
    for role in ("pk", "unique", "index"):
        if role in layout.roles and plain(layout.cell(row, role)).lower() in _YES - {
            ""
        }:
            setattr(attrs, role, True)
            attrs.known += 1
    ref = plain(layout.cell(row, "references"))
    if ref and ref not in ("-", "—"):
        found = parse_phrase("FK " + ref)
        if found.fk is not None and found.fk.table:
            attrs.fk = FkGuess(found.fk.table, found.fk.column)
            attrs.known += 1


_DJANGO = re.compile(r"^\s*(?:models\.)?(\w+)\s*\((.*)\)\s*$")


def django_field(text: str) -> Attrs | None:
    """A Django field: ``CharField(max_length=200)``, ``ForeignKey(User, ...)``."""
    match = _DJANGO.match(text)
    if match is None:
        return None
    kind, args = match.group(1).lower(), match.group(2)
    kwargs = dict(re.findall(r"(\w+)\s*=\s*([^,()]+(?:\([^)]*\))?)", args))
    attrs = Attrs(known=1)
    if kind in ("foreignkey", "onetoonefield"):
        target = args.split(",")[0].strip().strip("'\"")
        attrs.fk = FkGuess(target.split(".")[-1])
        action = kwargs.get("on_delete", "").split(".")[-1].strip().lower()
        attrs.on_delete = {
            "cascade": "cascade",
            "set_null": "set_null",
            "protect": "restrict",
            "restrict": "restrict",
        }.get(action)
        attrs.unique = kind == "onetoonefield"
    elif kind in types.DJANGO:
        base = types.DJANGO[kind]
        numbers = [
            int(kwargs[k])
            for k in ("max_length", "max_digits", "decimal_places")
            if kwargs.get(k, "").strip().isdigit()
        ]
        if base == "str" and not numbers and kind in types.DJANGO_LENGTHS:
            numbers = [types.DJANGO_LENGTHS[kind]]
        attrs.type = types.make_type(base, tuple(numbers), match.group(1))
        attrs.pk = kind.endswith("autofield")
    else:
        return None
    flag = {k: v.strip() == "True" for k, v in kwargs.items()}
    attrs.pk = attrs.pk or flag.get("primary_key", False)
    attrs.unique = attrs.unique or flag.get("unique", False)
    attrs.index = flag.get("db_index", False)
    if "null" in flag:
        attrs.nullable = flag["null"]
    elif kind not in ("manytomanyfield",):
        attrs.nullable = False
    if "default" in kwargs:
        attrs.default = parse_phrase("default " + kwargs["default"].strip()).default
    return attrs


_BACKTICKED = re.compile(r"`([^`]+)`")
#: Lists that only give examples, not a closed set of values.
_EXAMPLES = re.compile(
    r"\betc\b|\.\.\.|…|\be\.\s?g\.|\bsuch as\b|\bfor example\b|\bexamples?\b",
    re.I,
)
_IDENT = re.compile(r"[^\W\d][\w]*")


def described_values(text: str | None) -> tuple[str, ...]:
    """The values an enum column's description lists: ``Role (ADMIN, AGENT)``."""
    if not text:
        return ()
    for group in re.findall(r"\(([^()]*)\)", text):
        values = value_list(group)
        if values:
            return values
    return value_list(text)


def value_list(text: str) -> tuple[str, ...]:
    """Enum values listed in a note: `` `a`, `b` ``, ``High, Medium, Low``.

    Lists that trail off ("etc.", "...") are examples, not a closed set.
    """
    if not text or _EXAMPLES.search(text):
        return ()
    ticked = _BACKTICKED.findall(text)
    if len(ticked) >= 2 and all(_IDENT.fullmatch(v) for v in ticked):
        return tuple(dict.fromkeys(ticked))
    quoted = re.findall(r"'([^']+)'|\"([^\"]+)\"", text)
    values = [a or b for a, b in quoted]
    if len(values) >= 2 and all(_IDENT.fullmatch(v) for v in values):
        return tuple(dict.fromkeys(values))
    parts = [p.strip() for p in re.split(r",|\bor\b|\||\s/\s", plain(text))]
    parts = [p for p in parts if p]  # "a, b, or c"
    if len(parts) >= 2 and all(_IDENT.fullmatch(p) for p in parts):
        return tuple(dict.fromkeys(parts))
    return ()
