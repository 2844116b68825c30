#include "script/sqlalchemyattributes.h"

#include <utility>

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// Generated from SQLAlchemy 1.4 (Debian's python3-sqlalchemy) by dir() of its classes:
// the public attributes of each kind of value a script makes with a call.
const char *const kColumnAttributes[] = {
    "alias", "all_", "allows_lambda", "anon_key_label", "anon_label", "any_", "append_foreign_key", "argument_for",
    "as_comparison", "asc", "base_columns", "between", "bind", "bool_op", "c", "cast", "clauses", "coerce_arguments",
    "collate", "column_valued", "columns", "comparator", "compare", "compile", "concat", "contains", "copy",
    "corresponding_column", "create_drop_stringify_dialect", "default", "desc", "description", "dialect_kwargs",
    "dialect_options", "dispatch", "distinct", "endswith", "entity_namespace", "execute", "execution_options",
    "exported_columns", "expression", "filter", "foreign_keys", "get_children", "get_execution_options", "identifier",
    "ilike", "in_", "index", "info", "inherit_cache", "is_", "is_clause_element", "is_comparison", "is_delete",
    "is_derived_from", "is_distinct_from", "is_dml", "is_insert", "is_literal", "is_not", "is_not_distinct_from",
    "is_select", "is_selectable", "is_text", "is_update", "isnot", "isnot_distinct_from", "join", "key", "kwargs",
    "label", "lateral", "like", "match", "memoized_attribute", "memoized_instancemethod", "name", "named_with_column",
    "not_ilike", "not_in", "not_like", "notilike", "notin_", "notlike", "nulls_first", "nulls_last", "nullsfirst",
    "nullslast", "onupdate", "op", "operate", "options", "outerjoin", "over", "packagenames", "params", "primary_key",
    "proxy_set", "references", "regexp_match", "regexp_replace", "replace_selectable", "reverse_operate", "scalar",
    "scalar_table_valued", "schema", "select", "selectable", "self_group", "server_default", "server_onupdate",
    "shares_lineage", "startswith", "stringify_dialect", "supports_execution", "table", "table_valued", "tablesample",
    "timetuple", "type", "unique", "unique_params", "uses_inspection", "within_group", "within_group_type",
};
const char *const kConstraintAttributes[] = {
    "argument_for", "bind", "column_keys", "columns", "columns_autoinc_first", "contains_column", "copy", "create",
    "create_drop_stringify_dialect", "dialect_kwargs", "dialect_options", "dispatch", "drop", "elements",
    "get_children", "info", "inherit_cache", "is_column_level", "kwargs", "referred_table", "table", "where",
};
const char *const kTableAttributes[] = {
    "alias", "allows_lambda", "append_column", "bind", "c", "columns", "compare", "compile", "corresponding_column",
    "delete", "description", "entity_namespace", "exported_columns", "foreign_keys", "get_children",
    "implicit_returning", "inherit_cache", "insert", "is_clause_element", "is_derived_from", "is_selectable", "join",
    "lateral", "memoized_attribute", "memoized_instancemethod", "named_with_column", "outerjoin", "params",
    "primary_key", "replace_selectable", "schema", "select", "selectable", "self_group", "stringify_dialect",
    "supports_execution", "table_valued", "tablesample", "unique_params", "update", "uses_inspection",
};
const char *const kTextAttributes[] = {
    "allows_lambda", "bind", "bindparams", "columns", "comparator", "compare", "compile", "description",
    "entity_namespace", "execute", "execution_options", "get_children", "get_execution_options", "inherit_cache",
    "is_clause_element", "is_delete", "is_dml", "is_insert", "is_select", "is_selectable", "is_text", "is_update",
    "key", "memoized_attribute", "memoized_instancemethod", "options", "params", "scalar", "self_group",
    "stringify_dialect", "subquery", "supports_execution", "type", "unique_params", "uses_inspection",
};
const char *const kTypeAttributes[] = {
    "Comparator", "EnumDropper", "EnumGenerator", "JSONElementType", "JSONIndexType", "JSONIntIndexType",
    "JSONPathType", "JSONStrIndexType", "NULL", "RETURNS_BYTES", "RETURNS_CONDITIONAL", "RETURNS_UNICODE",
    "RETURNS_UNKNOWN", "adapt", "adapt_emulated_to_native", "adapt_native_to_emulated", "adapt_to_emulated",
    "as_generic", "astext_type", "bind", "bind_expression", "bind_processor", "cache_ok", "coerce_compared_value",
    "coerce_to_is_types", "column_expression", "comparator_factory", "compare_against_backend", "compare_values",
    "compile", "copy", "copy_value", "create", "dialect_impl", "dispatch", "drop", "ensure_kwarg", "epoch",
    "evaluates_none", "format_is_text_affinity", "get_children", "get_dbapi_type", "hashable", "impl",
    "literal_processor", "load_dialect_impl", "native", "native_enum", "process_bind_param", "process_literal_param",
    "process_result_value", "python_type", "result_processor", "scale", "should_evaluate_none", "sort_key_function",
    "text_type", "type_engine", "with_variant", "zero_indexes",
};
const std::pair<const char *, AttributeKind> kClassKinds[] = {
    {"sqlalchemy.ARRAY", AttributeKind::Type},
    {"sqlalchemy.BIGINT", AttributeKind::Type},
    {"sqlalchemy.BINARY", AttributeKind::Type},
    {"sqlalchemy.BLOB", AttributeKind::Type},
    {"sqlalchemy.BOOLEAN", AttributeKind::Type},
    {"sqlalchemy.BigInteger", AttributeKind::Type},
    {"sqlalchemy.Boolean", AttributeKind::Type},
    {"sqlalchemy.CHAR", AttributeKind::Type},
    {"sqlalchemy.CLOB", AttributeKind::Type},
    {"sqlalchemy.CheckConstraint", AttributeKind::Constraint},
    {"sqlalchemy.Column", AttributeKind::Column},
    {"sqlalchemy.Constraint", AttributeKind::Constraint},
    {"sqlalchemy.DATE", AttributeKind::Type},
    {"sqlalchemy.DATETIME", AttributeKind::Type},
    {"sqlalchemy.DECIMAL", AttributeKind::Type},
    {"sqlalchemy.Date", AttributeKind::Type},
    {"sqlalchemy.DateTime", AttributeKind::Type},
    {"sqlalchemy.Enum", AttributeKind::Type},
    {"sqlalchemy.FLOAT", AttributeKind::Type},
    {"sqlalchemy.Float", AttributeKind::Type},
    {"sqlalchemy.ForeignKeyConstraint", AttributeKind::Constraint},
    {"sqlalchemy.INT", AttributeKind::Type},
    {"sqlalchemy.INTEGER", AttributeKind::Type},
    {"sqlalchemy.Index", AttributeKind::Constraint},
    {"sqlalchemy.Integer", AttributeKind::Type},
    {"sqlalchemy.Interval", AttributeKind::Type},
    {"sqlalchemy.JSON", AttributeKind::Type},
    {"sqlalchemy.LargeBinary", AttributeKind::Type},
    {"sqlalchemy.NCHAR", AttributeKind::Type},
    {"sqlalchemy.NUMERIC", AttributeKind::Type},
    {"sqlalchemy.NVARCHAR", AttributeKind::Type},
    {"sqlalchemy.Numeric", AttributeKind::Type},
    {"sqlalchemy.PickleType", AttributeKind::Type},
    {"sqlalchemy.PrimaryKeyConstraint", AttributeKind::Constraint},
    {"sqlalchemy.REAL", AttributeKind::Type},
    {"sqlalchemy.SMALLINT", AttributeKind::Type},
    {"sqlalchemy.SmallInteger", AttributeKind::Type},
    {"sqlalchemy.String", AttributeKind::Type},
    {"sqlalchemy.TEXT", AttributeKind::Type},
    {"sqlalchemy.TIME", AttributeKind::Type},
    {"sqlalchemy.TIMESTAMP", AttributeKind::Type},
    {"sqlalchemy.Text", AttributeKind::Type},
    {"sqlalchemy.Time", AttributeKind::Type},
    {"sqlalchemy.TupleType", AttributeKind::Type},
    {"sqlalchemy.TypeDecorator", AttributeKind::Type},
    {"sqlalchemy.Unicode", AttributeKind::Type},
    {"sqlalchemy.UnicodeText", AttributeKind::Type},
    {"sqlalchemy.UniqueConstraint", AttributeKind::Constraint},
    {"sqlalchemy.VARBINARY", AttributeKind::Type},
    {"sqlalchemy.VARCHAR", AttributeKind::Type},
    {"sqlalchemy.column", AttributeKind::Column},
    {"sqlalchemy.dialects.postgresql.ARRAY", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.BIGINT", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.BIT", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.BOOLEAN", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.BYTEA", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.CHAR", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.CIDR", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.DATE", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.DATERANGE", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.DOUBLE_PRECISION", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.ENUM", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.ExcludeConstraint", AttributeKind::Constraint},
    {"sqlalchemy.dialects.postgresql.FLOAT", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.HSTORE", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.INET", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.INT4RANGE", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.INT8RANGE", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.INTEGER", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.INTERVAL", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.JSON", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.JSONB", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.MACADDR", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.MACADDR8", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.MONEY", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.NUMERIC", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.NUMRANGE", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.OID", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.REAL", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.REGCLASS", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.SMALLINT", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.TEXT", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.TIME", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.TIMESTAMP", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.TSRANGE", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.TSTZRANGE", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.TSVECTOR", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.UUID", AttributeKind::Type},
    {"sqlalchemy.dialects.postgresql.VARCHAR", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.BLOB", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.BOOLEAN", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.CHAR", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.DATE", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.DATETIME", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.DECIMAL", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.FLOAT", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.INTEGER", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.JSON", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.NUMERIC", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.REAL", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.SMALLINT", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.TEXT", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.TIME", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.TIMESTAMP", AttributeKind::Type},
    {"sqlalchemy.dialects.sqlite.VARCHAR", AttributeKind::Type},
    {"sqlalchemy.literal_column", AttributeKind::Column},
    {"sqlalchemy.schema.CheckConstraint", AttributeKind::Constraint},
    {"sqlalchemy.schema.Column", AttributeKind::Column},
    {"sqlalchemy.schema.ColumnCollectionConstraint", AttributeKind::Constraint},
    {"sqlalchemy.schema.Constraint", AttributeKind::Constraint},
    {"sqlalchemy.schema.ForeignKeyConstraint", AttributeKind::Constraint},
    {"sqlalchemy.schema.Index", AttributeKind::Constraint},
    {"sqlalchemy.schema.PrimaryKeyConstraint", AttributeKind::Constraint},
    {"sqlalchemy.schema.UniqueConstraint", AttributeKind::Constraint},
    {"sqlalchemy.sql.column", AttributeKind::Column},
    {"sqlalchemy.sql.expression.column", AttributeKind::Column},
    {"sqlalchemy.sql.expression.literal_column", AttributeKind::Column},
    {"sqlalchemy.sql.expression.table", AttributeKind::Table},
    {"sqlalchemy.sql.expression.text", AttributeKind::Text},
    {"sqlalchemy.sql.literal_column", AttributeKind::Column},
    {"sqlalchemy.sql.table", AttributeKind::Table},
    {"sqlalchemy.sql.text", AttributeKind::Text},
    {"sqlalchemy.table", AttributeKind::Table},
    {"sqlalchemy.text", AttributeKind::Text},
    {"sqlalchemy.types.ARRAY", AttributeKind::Type},
    {"sqlalchemy.types.BIGINT", AttributeKind::Type},
    {"sqlalchemy.types.BINARY", AttributeKind::Type},
    {"sqlalchemy.types.BLOB", AttributeKind::Type},
    {"sqlalchemy.types.BOOLEAN", AttributeKind::Type},
    {"sqlalchemy.types.BigInteger", AttributeKind::Type},
    {"sqlalchemy.types.Boolean", AttributeKind::Type},
    {"sqlalchemy.types.CHAR", AttributeKind::Type},
    {"sqlalchemy.types.CLOB", AttributeKind::Type},
    {"sqlalchemy.types.DATE", AttributeKind::Type},
    {"sqlalchemy.types.DATETIME", AttributeKind::Type},
    {"sqlalchemy.types.DECIMAL", AttributeKind::Type},
    {"sqlalchemy.types.Date", AttributeKind::Type},
    {"sqlalchemy.types.DateTime", AttributeKind::Type},
    {"sqlalchemy.types.Enum", AttributeKind::Type},
    {"sqlalchemy.types.FLOAT", AttributeKind::Type},
    {"sqlalchemy.types.Float", AttributeKind::Type},
    {"sqlalchemy.types.INT", AttributeKind::Type},
    {"sqlalchemy.types.INTEGER", AttributeKind::Type},
    {"sqlalchemy.types.Integer", AttributeKind::Type},
    {"sqlalchemy.types.Interval", AttributeKind::Type},
    {"sqlalchemy.types.JSON", AttributeKind::Type},
    {"sqlalchemy.types.LargeBinary", AttributeKind::Type},
    {"sqlalchemy.types.MatchType", AttributeKind::Type},
    {"sqlalchemy.types.NCHAR", AttributeKind::Type},
    {"sqlalchemy.types.NUMERIC", AttributeKind::Type},
    {"sqlalchemy.types.NVARCHAR", AttributeKind::Type},
    {"sqlalchemy.types.NullType", AttributeKind::Type},
    {"sqlalchemy.types.Numeric", AttributeKind::Type},
    {"sqlalchemy.types.PickleType", AttributeKind::Type},
    {"sqlalchemy.types.REAL", AttributeKind::Type},
    {"sqlalchemy.types.SMALLINT", AttributeKind::Type},
    {"sqlalchemy.types.SmallInteger", AttributeKind::Type},
    {"sqlalchemy.types.String", AttributeKind::Type},
    {"sqlalchemy.types.TEXT", AttributeKind::Type},
    {"sqlalchemy.types.TIME", AttributeKind::Type},
    {"sqlalchemy.types.TIMESTAMP", AttributeKind::Type},
    {"sqlalchemy.types.Text", AttributeKind::Type},
    {"sqlalchemy.types.Time", AttributeKind::Type},
    {"sqlalchemy.types.TupleType", AttributeKind::Type},
    {"sqlalchemy.types.TypeDecorator", AttributeKind::Type},
    {"sqlalchemy.types.TypeEngine", AttributeKind::Type},
    {"sqlalchemy.types.Unicode", AttributeKind::Type},
    {"sqlalchemy.types.UnicodeText", AttributeKind::Type},
    {"sqlalchemy.types.UserDefinedType", AttributeKind::Type},
    {"sqlalchemy.types.VARBINARY", AttributeKind::Type},
    {"sqlalchemy.types.VARCHAR", AttributeKind::Type},
    {"sqlalchemy.types.Variant", AttributeKind::Type},
};

template<size_t N>
QSet<QString> setOf(const char *const (&names)[N])
{
    QSet<QString> out;
    for (const char *n : names)
        out.insert(QString::fromLatin1(n));
    return out;
}

} // namespace

std::optional<AttributeKind> attributeKindOf(const QString &path)
{
    static const QHash<QString, AttributeKind> kinds = [] {
        QHash<QString, AttributeKind> out;
        for (const auto &[name, kind] : kClassKinds)
            out.insert(QString::fromLatin1(name), kind);
        return out;
    }();
    if (const auto it = kinds.constFind(path); it != kinds.constEnd())
        return *it;
    // sa.func.anything(...) is a Function, a column expression.
    if (path.startsWith(u"sqlalchemy.func."_s) || path.startsWith(u"sqlalchemy.sql.func."_s))
        return AttributeKind::Column;
    return std::nullopt;
}

bool hasAttribute(AttributeKind kind, const QString &name)
{
    static const QSet<QString> column = setOf(kColumnAttributes);
    static const QSet<QString> constraint = setOf(kConstraintAttributes);
    static const QSet<QString> table = setOf(kTableAttributes);
    static const QSet<QString> text = setOf(kTextAttributes);
    static const QSet<QString> type = setOf(kTypeAttributes);
    switch (kind) {
    case AttributeKind::Column: return column.contains(name);
    case AttributeKind::Constraint: return constraint.contains(name);
    case AttributeKind::Table: return table.contains(name);
    case AttributeKind::Text: return text.contains(name);
    case AttributeKind::Type: return type.contains(name);
    }
    return false;
}

} // namespace pm
