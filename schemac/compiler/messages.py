"""Every message the compiler can say about an input, in one place.

Each diagnostic has a short code (``E…`` for errors, ``W…`` for warnings) so
users can search for it and tests can refer to it. Texts are ``str.format``
templates; keep them short, in plain words, and name the offending thing in
quotes.
"""

from __future__ import annotations

# ---- codes -----------------------------------------------------------------

SYNTAX = "E001"
UNKNOWN_NAME = "E002"
DUPLICATE = "E003"
UNKNOWN_KEY = "E004"
BAD_VALUE = "E005"
BAD_DEFAULT = "E006"
BAD_TYPE = "E007"
RELATION = "E008"
RESERVED = "E009"
NAME_CLASH = "E010"
IMPORT = "E011"
PRIMARY_KEY = "E012"
EMPTY = "E013"
RESERVED_SQL = "W001"
SHADOWS = "W002"

# ---- syntax ----------------------------------------------------------------

UNEXPECTED_TOKEN = "unexpected {found}; expected {expected}"
MISSING_BRACE = "missing '}' to close this block"
UNEXPECTED_CHAR = "unexpected character '{char}'"
UNTERMINATED_STRING = "unterminated string: a closing '\"' is missing on this line"
STRAY_STRING = "a lone string is only allowed first in a block, as its docstring"
UNKNOWN_STATEMENT = "unknown block statement '{name}'"
FIELD_NEEDS_COLON = "a field is written 'name: type'"
UNKNOWN_FLAG = "unknown flag '{name}'"
UNKNOWN_OPTION = "unknown option '{name}'"
NOT_HERE = "'{what}' is not allowed here"
BAD_SORT_ORDER = "expected 'asc' or 'desc' after the column name, found '{word}'"
DESC_ONLY_IN_INDEX = "'desc' is only allowed in an index"

# ---- imports ---------------------------------------------------------------

IMPORT_MISSING = "cannot read imported file '{path}': {reason}"
IMPORT_CYCLE = "import cycle: {chain}"
ENTRY_MISSING = "cannot read '{path}': {reason}"

# ---- names -----------------------------------------------------------------

UNKNOWN_TYPE = "unknown type '{name}'"
UNKNOWN_BASE = "unknown abstract model '{name}'"
BASE_NOT_ABSTRACT = "'{name}' is a model, not an abstract base"
BASE_CYCLE = "abstract model '{name}' inherits from itself"
UNKNOWN_FIELD = "model '{model}' has no field '{name}'"
UNKNOWN_ENUM_VALUE = "enum '{enum}' has no value '{name}'"
UNKNOWN_MIXIN = "unknown block statement '{name}'"
UNKNOWN_SETTING = "unknown setting '{name}'"
DUPLICATE_DECL = "'{name}' is declared twice"
DUPLICATE_FIELD = "model '{model}' has two fields named '{name}'"
DUPLICATE_VALUE = "enum '{enum}' has the value '{name}' twice"
DUPLICATE_NAME = "two {what} are named '{name}' in {where}"
FIRST_HERE = "first declared here"
ALSO_HERE = "the other one is here"
TABLE_CLASH = "models '{a}' and '{b}' both use the table '{table}'"
FIELD_CLASH = "fields '{a}' and '{b}' of '{model}' differ only in case or underscores"
ENUM_TYPE_CLASH = "enums '{a}' and '{b}' both become the type '{db}'"
RESERVED_PYTHON = "'{name}' is a Python keyword and cannot be a {what} name"
RESERVED_ATTR = "'{name}' is reserved by SQLModel/pydantic and cannot be a field name"
PRIVATE_NAME = "'{name}' starts with '_', which SQLModel treats as private"
RESERVED_SQL_WORD = "'{name}' is an SQL reserved word"
RESERVED_SQL_HINT = "it works, but must be quoted in check and where expressions"
SHADOWS_ATTR = "field '{name}' shadows a pydantic method of the same name"

# ---- types, flags and options ---------------------------------------------

STR_NEEDS_LENGTH = "'str' needs a length"
STR_NEEDS_LENGTH_HINT = "use text or str(n)"
WRONG_ARG_COUNT = "'{name}' takes {expected}"
NO_ARGS = "'{name}' takes no arguments"
BAD_LENGTH = "the length of '{name}' must be at least 1"
BAD_PRECISION = (
    "decimal({p}, {s}) needs 1 <= precision <= 1000 and 0 <= scale <= precision"
)
UNKNOWN_FIELD_FLAG = "unknown flag '{name}'"
UNKNOWN_FIELD_OPTION = "unknown option '{name}'"
FLAG_WITH_VALUE = "'{name}' is a flag and takes no value"
FLAG_WITH_VALUE_HINT = (
    "a default comes right after the type: '{field}: {type} = ... {name}'"
)
DUPLICATE_ATTR = "'{name}' is given twice"
BAD_ACTION = "'{value}' is not a referential action"
BAD_ACTION_HINT = "use one of: {valid}"
SET_NULL_NOT_NULL = "on_delete=set_null needs a nullable relation"
SET_NULL_HINT = "write '{type}?' to make the relation nullable"
NOT_FOR_SCALARS = "'{name}' only applies to relations"
NOT_FOR_RELATIONS = "'{name}' does not apply to relations"
NOT_FOR_MANY = "'{name}' does not apply to a list relation"
MIN_MAX_NUMERIC = "'{name}' applies to numeric fields only"
MIN_ABOVE_MAX = "min={low} is greater than max={high}"
EXPECTED_NUMBER = "'{name}' expects a number"
EXPECTED_STRING = "'{name}' expects a string"
IDENTITY_TYPE = "'identity' needs an int, bigint or smallint field"
IDENTITY_DEFAULT = "an identity column cannot also have a default"
IDENTITY_NULLABLE = "an identity column cannot be nullable"
AUTO_NOW_TYPE = "'auto_now' needs a datetime, timestamp or date field"
PK_NULLABLE = "a primary key cannot be nullable"
PK_TWICE = "'{model}' declares its primary key twice"
BAD_REFERENCE = 'references= expects "table.column" or "schema.table.column"'
BAD_REFERENCE_HINT = 'for example: references="auth.users.id"'
REFERENCES_ON_RELATION = (
    "references= applies to scalar fields only; '{field}' is a relation to '{target}'"
)
REFERENCES_HINT = (
    "a relation makes its own foreign key: remove references=, or use a scalar "
    "type for a table outside the schema"
)
COLUMN_OPTION_MANY = "column= needs a relation with a one-column foreign key"

# ---- defaults --------------------------------------------------------------

DEFAULT_MISMATCH = "default {value} does not fit type '{type}'"
DEFAULT_TOO_LONG = "default is {length} characters long, but '{type}' holds {limit}"
DEFAULT_DECIMAL = "default {value} does not fit decimal({p}, {s})"
DEFAULT_NULL = "default null on a field that is not nullable"
DEFAULT_NULL_HINT = "add '?' after the type to make it nullable"
DEFAULT_BAD_VALUE = "default {value} is not a valid {kind}: {reason}"
DEFAULT_ON_RELATION = "a relation cannot have a default"
UNKNOWN_CALL = "unknown function '{name}'"
CALL_TYPE = "{name}() is only a default for {kinds} fields"
SQL_ARGS = "sql() takes one string: the SQL expression"

# ---- relations -------------------------------------------------------------

RELATION_TO_ABSTRACT = "'{name}' is abstract; a relation needs a concrete model"
SELF_NEEDS_BACK = (
    "a relation from '{model}' to itself needs back= to name the other side"
)
SELF_NEEDS_BACK_HINT = "for example: back={suggestion}"
AMBIGUOUS_BACK = (
    "'{model}' has {count} relations to '{target}'; each needs a distinct back="
)
AMBIGUOUS_BACK_HINT = "name the reverse side of each, e.g. back={suggestion}"
REVERSE_CLASH = (
    "the reverse side of '{model}.{field}' would be '{target}.{name}', which exists"
)
REVERSE_CLASH_HINT = "choose another name with back="
THROUGH_NOT_LINK = (
    "'{through}' must have relations to both '{a}' and '{b}' to be a link model"
)
THROUGH_WITH_SCALAR = "through= needs a list relation such as '{target}[]'"
FK_TYPE_UNKNOWN = (
    "cannot work out the primary key of '{name}' (its key refers back to itself)"
)

# ---- indexes and constraints ----------------------------------------------

EMPTY_ENUM = "enum '{name}' has no values"
DUPLICATE_CONSTRAINT = "the name '{name}' is used twice in schema '{schema}'"
DUPLICATE_CONSTRAINT_HINT = "give one of them another name with name="
INDEX_ON_RELATION_LIST = "'{name}' is a list relation and has no column to index"
USING_UNKNOWN = "unknown index method '{name}'"
