#include "autogenerate/renderer.h"

#include <algorithm>

#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include "autogenerate/reverser.h"
#include "autogenerate/typecomparison.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// Alembic's AutogenContext as far as rendering uses it.
struct RenderContext
{
    const RenderOptions &options;
    bool inBatch = false;
    QSet<QString> imports;
    QSet<QString> userModules;

    QString alembicPrefix() const { return inBatch ? u"batch_op."_s : options.alembicModulePrefix; }
    QString saPrefix() const { return options.sqlalchemyModulePrefix; }
};

QString repr(const QString &s)
{
    return pythonStringRepr(s);
}

QString reprOrNone(const QString &s)
{
    return s.isEmpty() ? u"None"_s : repr(s);
}

QString reprBool(bool b)
{
    return b ? u"True"_s : u"False"_s;
}

QString reprList(const QStringList &items)
{
    QStringList out;
    for (const QString &i : items)
        out << repr(i);
    return u'[' + out.join(u", "_s) + u']';
}

// _render_gen_name: convention names go through op.f() so Alembic does not
// apply the convention to them a second time.
QString genName(const RenderContext &ctx, const QString &name, bool conventionName)
{
    if (conventionName && !name.isEmpty())
        return ctx.alembicPrefix() + u"f("_s + repr(name) + u')';
    return reprOrNone(name);
}

QString reprType(RenderContext &ctx, const SqlType &type)
{
    if (type.kind == SqlType::Kind::Null)
        return ctx.saPrefix() + u"NullType()"_s;
    if (type.kind == SqlType::Kind::Other)
        return ctx.saPrefix() + type.rawName + (type.rawName.contains(u'(') ? QString() : u"()"_s);
    if (!type.dialectModule.isEmpty()) {
        ctx.imports.insert(u"from sqlalchemy.dialects import "_s + type.dialectModule);
        return type.dialectModule + u'.' + type.pythonRepr();
    }
    const QString module = type.pythonModule();
    if (module == u"sqlalchemy")
        return ctx.saPrefix() + type.pythonRepr();
    const QString prefix = ctx.options.userModulePrefix.isEmpty() ? module + u'.' : ctx.options.userModulePrefix;
    QString modulePath = prefix;
    if (modulePath.endsWith(u'.'))
        modulePath.chop(1);
    if (!modulePath.isEmpty())
        ctx.userModules.insert(modulePath);
    return prefix + type.pythonRepr();
}

// SQLiteImpl.render_ddl_sql_expr for server defaults.
QString ddlExpression(const QString &sql)
{
    return typecomparison::isUnparenthesizedSqlExpression(sql) ? u'(' + sql + u')' : sql;
}

QString pythonValue(const QVariant &v);

// A SQL expression as the SQLAlchemy Python that builds it. Autogenerate
// never makes one; a script's own (sa.func.now(), sa.desc(...)) is written
// back as it was read.
QString pythonExpression(RenderContext &ctx, const SqlExpression &e)
{
    using K = SqlExpression::Kind;
    using Op = SqlExpression::Operator;
    const QString sa = ctx.saPrefix();
    auto list = [&](const std::vector<SqlExpression> &items) {
        QStringList out;
        for (const SqlExpression &i : items)
            out << pythonExpression(ctx, i);
        return out.join(u", "_s);
    };
    auto operand = [&](size_t i) { return i < e.operands.size() ? pythonExpression(ctx, e.operands[i]) : QString(); };
    switch (e.kind) {
    case K::Text: {
        QString text = sa + u"text("_s + repr(e.text) + u')';
        if (!e.bindValues.isEmpty()) {
            QStringList binds;
            for (auto it = e.bindValues.cbegin(); it != e.bindValues.cend(); ++it)
                binds << it.key() + u'=' + pythonValue(it.value());
            text += u".bindparams("_s + binds.join(u", "_s) + u')';
        }
        return text;
    }
    case K::LiteralColumn: return sa + u"literal_column("_s + repr(e.text) + u')';
    case K::Column: return sa + u"column("_s + repr(e.text) + u')';
    case K::Value: return e.value.isNull() ? u"None"_s : pythonValue(e.value);
    case K::TrueConstant: return sa + u"true()"_s;
    case K::FalseConstant: return sa + u"false()"_s;
    case K::NullConstant: return sa + u"null()"_s;
    case K::Function: {
        QStringList path = e.packages;
        path << e.text;
        return sa + u"func."_s + path.join(u'.') + u'(' + list(e.operands) + u')';
    }
    case K::Unary:
        switch (e.op) {
        case Op::Desc: return sa + u"desc("_s + operand(0) + u')';
        case Op::Asc: return sa + u"asc("_s + operand(0) + u')';
        case Op::NullsFirst: return sa + u"nulls_first("_s + operand(0) + u')';
        case Op::NullsLast: return sa + u"nulls_last("_s + operand(0) + u')';
        case Op::Not: return sa + u"not_("_s + operand(0) + u')';
        case Op::Distinct: return sa + u"distinct("_s + operand(0) + u')';
        default: return u"-("_s + operand(0) + u')';
        }
    case K::Binary: {
        static const QHash<Op, QString> infix = {
            {Op::Eq, u"=="_s}, {Op::Ne, u"!="_s}, {Op::Lt, u"<"_s}, {Op::Le, u"<="_s}, {Op::Gt, u">"_s},
            {Op::Ge, u">="_s}, {Op::Add, u"+"_s}, {Op::Sub, u"-"_s}, {Op::Mul, u"*"_s}, {Op::Div, u"/"_s},
            {Op::Mod, u"%"_s},
        };
        static const QHash<Op, QString> methods = {
            {Op::Is, u"is_"_s}, {Op::IsNot, u"is_not"_s}, {Op::Like, u"like"_s}, {Op::NotLike, u"not_like"_s},
            {Op::ILike, u"ilike"_s}, {Op::NotILike, u"not_ilike"_s}, {Op::In, u"in_"_s}, {Op::NotIn, u"not_in"_s},
            {Op::Concat, u"concat"_s}, {Op::IsDistinctFrom, u"is_distinct_from"_s},
            {Op::IsNotDistinctFrom, u"is_not_distinct_from"_s},
        };
        if (infix.contains(e.op))
            return u'(' + operand(0) + u' ' + infix.value(e.op) + u' ' + operand(1) + u')';
        return operand(0) + u'.' + methods.value(e.op) + u'(' + operand(1) + u')';
    }
    case K::BooleanList:
        return sa + (e.op == Op::Or ? u"or_("_s : u"and_("_s) + list(e.operands) + u')';
    case K::Tuple: return u'[' + list(e.operands) + u']';
    case K::Cast: return sa + u"cast("_s + operand(0) + u", "_s + reprType(ctx, e.type) + u')';
    case K::Select: {
        std::vector<SqlExpression> columns(e.operands.begin(), e.operands.end() - (e.selectWhere ? 1 : 0));
        return sa + u"select("_s + list(columns) + u')'
            + (e.selectWhere ? u".where("_s + pythonExpression(ctx, e.operands.back()) + u')' : QString());
    }
    }
    return {};
}

QString renderServerDefault(RenderContext &ctx, const std::optional<ServerDefault> &d)
{
    if (!d)
        return u"None"_s;
    if (d->kind == ServerDefault::Kind::Construct && d->construct)
        return pythonExpression(ctx, *d->construct);
    if (d->kind == ServerDefault::Kind::Expression)
        return ctx.saPrefix() + u"text("_s + repr(ddlExpression(d->text)) + u')';
    static const QRegularExpression edgeQuote(u"^'|'$"_s);
    return repr(QString(d->text).remove(edgeQuote));
}

QString renderColumn(RenderContext &ctx, const Column &column)
{
    QStringList opts;
    if (column.serverDefault)
        opts << u"server_default="_s + renderServerDefault(ctx, column.serverDefault);
    if (column.autoincrement != Column::Autoincrement::Auto)
        opts << u"autoincrement="_s + reprBool(column.autoincrement == Column::Autoincrement::Yes);
    opts << u"nullable="_s + reprBool(column.nullable);
    if (!column.comment.isEmpty())
        opts << u"comment="_s + repr(column.comment);
    QString sequence;
    if (!column.sequence.isEmpty())
        sequence = ctx.saPrefix() + u"Sequence("_s + repr(column.sequence)
            + (column.sequenceOptional ? u", optional=True"_s : QString()) + u"), "_s;
    return ctx.saPrefix() + u"Column("_s + repr(column.name) + u", "_s + reprType(ctx, column.type) + u", "_s
        + sequence + opts.join(u", "_s) + u')';
}

QString foreignKeyTarget(const Constraint &fk, const QString &column)
{
    const QString table = fk.referredSchema.isEmpty() ? fk.referredTable : fk.referredSchema + u'.' + fk.referredTable;
    return table + u'.' + column;
}

bool isDeferrable(const Constraint &c)
{
    return c.deferrable.compare(u"DEFERRABLE"_s, Qt::CaseInsensitive) == 0;
}

// The constraint inside op.create_table(...); nullopt when Alembic skips it.
std::optional<QString> renderTableConstraint(const RenderContext &ctx, const Constraint &c)
{
    const QString name = genName(ctx, c.name, c.conventionName);
    switch (c.kind) {
    case Constraint::Kind::PrimaryKey: {
        if (c.columns.isEmpty())
            return std::nullopt;
        QStringList args;
        for (const QString &col : c.columns)
            args << repr(col);
        if (!c.name.isEmpty())
            args << u"name="_s + name;
        return ctx.saPrefix() + u"PrimaryKeyConstraint("_s + args.join(u", "_s) + u')';
    }
    case Constraint::Kind::ForeignKey: {
        QStringList opts;
        if (!c.name.isEmpty())
            opts << u"name="_s + name;
        if (!c.onUpdate.isEmpty())
            opts << u"onupdate="_s + repr(c.onUpdate);
        if (!c.onDelete.isEmpty())
            opts << u"ondelete="_s + repr(c.onDelete);
        if (!c.initially.isEmpty())
            opts << u"initially="_s + repr(c.initially);
        if (isDeferrable(c))
            opts << u"deferrable=True"_s;
        QStringList cols, refs;
        for (const QString &col : c.columns)
            cols << repr(col);
        for (const QString &col : c.referredColumns)
            refs << repr(foreignKeyTarget(c, col));
        // Alembic's template leaves ", " before the closing parenthesis
        // when there are no options; scripts keep it.
        return ctx.saPrefix() + u"ForeignKeyConstraint(["_s + cols.join(u", "_s) + u"], ["_s + refs.join(u", "_s)
            + u"], "_s + opts.join(u", "_s) + u')';
    }
    case Constraint::Kind::Unique: {
        QStringList args;
        for (const QString &col : c.columns)
            args << repr(col);
        if (isDeferrable(c))
            args << u"deferrable='True'"_s;
        if (!c.initially.isEmpty())
            args << u"initially="_s + repr(c.initially);
        if (!c.name.isEmpty())
            args << u"name="_s + name;
        return ctx.saPrefix() + u"UniqueConstraint("_s + args.join(u", "_s) + u')';
    }
    case Constraint::Kind::Check: {
        QString text = ctx.saPrefix() + u"CheckConstraint("_s + repr(c.sqlText);
        if (!c.name.isEmpty())
            text += u", name="_s + name;
        return text + u')';
    }
    }
    return std::nullopt;
}

QString schemaArg(const QString &schema)
{
    return schema.isEmpty() ? QString() : u", schema="_s + repr(schema);
}

QString renderCreateTable(RenderContext &ctx, const Table &table)
{
    QStringList args;
    for (const Column &c : table.columns)
        args << renderColumn(ctx, c);
    QStringList constraints;
    for (const Constraint &c : table.constraints) {
        if (auto r = renderTableConstraint(ctx, c))
            constraints << *r;
    }
    // Alembic sorts the rendered constraint strings (Python's code point order).
    std::ranges::sort(constraints, [](const QString &a, const QString &b) { return a.compare(b) < 0; });
    args << constraints;
    QString text = ctx.options.alembicModulePrefix + u"create_table("_s + repr(table.name) + u",\n"_s
        + args.join(u",\n"_s);
    if (!table.schema.isEmpty())
        text += u",\nschema="_s + repr(table.schema);
    if (!table.comment.isEmpty())
        text += u",\ncomment="_s + repr(table.comment);
    return text + u"\n)"_s;
}

QString renderAlterColumn(RenderContext &ctx, const AlterColumnOp &op)
{
    const QString indent(11, u' ');
    QString text = ctx.alembicPrefix() + u"alter_column("_s;
    if (!ctx.inBatch)
        text += repr(op.tableName) + u", "_s;
    text += repr(op.columnName);
    auto arg = [&](const QString &name, const QString &value) { text += u",\n"_s + indent + name + u'=' + value; };
    if (op.existingType)
        arg(u"existing_type"_s, reprType(ctx, *op.existingType));
    if (op.serverDefault)
        arg(u"server_default"_s, renderServerDefault(ctx, *op.serverDefault));
    if (op.type)
        arg(u"type_"_s, reprType(ctx, *op.type));
    if (op.nullable)
        arg(u"nullable"_s, reprBool(*op.nullable));
    if (op.newName)
        arg(u"new_column_name"_s, repr(*op.newName));
    if (op.comment)
        arg(u"comment"_s, reprOrNone(*op.comment));
    if (op.existingComment && !op.existingComment->isEmpty())
        arg(u"existing_comment"_s, repr(*op.existingComment));
    if (!op.nullable && op.existingNullable)
        arg(u"existing_nullable"_s, reprBool(*op.existingNullable));
    if (op.autoincrement)
        arg(u"autoincrement"_s, reprBool(*op.autoincrement));
    if (!op.serverDefault && op.existingServerDefault && *op.existingServerDefault)
        arg(u"existing_server_default"_s, renderServerDefault(ctx, *op.existingServerDefault));
    if (!op.schema.isEmpty() && !ctx.inBatch)
        arg(u"schema"_s, repr(op.schema));
    return text + u')';
}

QString renderAddConstraint(RenderContext &ctx, const AddConstraintOp &op)
{
    const Constraint &c = op.constraint;
    QStringList args{genName(ctx, c.name, c.conventionName)};
    switch (c.kind) {
    case Constraint::Kind::Unique:
        if (!ctx.inBatch)
            args << repr(op.tableName);
        args << reprList(c.columns);
        if (isDeferrable(c))
            args << u"deferrable=True"_s;
        if (!c.initially.isEmpty())
            args << u"initially="_s + repr(c.initially);
        if (!ctx.inBatch && !op.schema.isEmpty())
            args << u"schema="_s + repr(op.schema);
        return ctx.alembicPrefix() + u"create_unique_constraint("_s + args.join(u", "_s) + u')';
    case Constraint::Kind::ForeignKey:
        if (!ctx.inBatch)
            args << repr(op.tableName);
        args << repr(c.referredTable) << reprList(c.columns) << reprList(c.referredColumns);
        if (!ctx.inBatch && !op.schema.isEmpty())
            args << u"source_schema="_s + repr(op.schema);
        if (!c.referredSchema.isEmpty())
            args << u"referent_schema="_s + repr(c.referredSchema);
        if (!c.onUpdate.isEmpty())
            args << u"onupdate="_s + repr(c.onUpdate);
        if (!c.onDelete.isEmpty())
            args << u"ondelete="_s + repr(c.onDelete);
        if (!c.initially.isEmpty())
            args << u"initially="_s + repr(c.initially);
        if (isDeferrable(c))
            args << u"deferrable=True"_s;
        return ctx.alembicPrefix() + u"create_foreign_key("_s + args.join(u", "_s) + u')';
    case Constraint::Kind::Check:
        // Alembic cannot render this one; the op's own signature is used.
        if (!ctx.inBatch)
            args << repr(op.tableName);
        args << repr(c.sqlText);
        if (!ctx.inBatch && !op.schema.isEmpty())
            args << u"schema="_s + repr(op.schema);
        return ctx.alembicPrefix() + u"create_check_constraint("_s + args.join(u", "_s) + u')';
    case Constraint::Kind::PrimaryKey:
        if (!ctx.inBatch)
            args << repr(op.tableName);
        args << reprList(c.columns);
        if (!ctx.inBatch && !op.schema.isEmpty())
            args << u"schema="_s + repr(op.schema);
        return ctx.alembicPrefix() + u"create_primary_key("_s + args.join(u", "_s) + u')';
    }
    return {};
}

QString pythonValue(const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return u"None"_s;
    switch (v.typeId()) {
    case QMetaType::Bool:
        return reprBool(v.toBool());
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return v.toString();
    case QMetaType::Double:
    case QMetaType::Float: {
        QString s = QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
        if (!s.contains(u'.') && !s.contains(u'e') && !s.contains(u"n"_s))
            s += u".0"_s;
        return s;
    }
    default:
        return repr(v.toString());
    }
}

// What op.execute() was given, as Python.
QString renderExecuted(RenderContext &ctx, const ExecuteOp &op)
{
    const QString sa = ctx.saPrefix();
    switch (op.kind) {
    case ExecuteOp::Kind::Text:
        if (op.bindValues.isEmpty())
            return repr(op.sql);
        return pythonExpression(ctx, SqlExpression::sqlText(op.sql, op.bindValues));
    case ExecuteOp::Kind::CreateSchema:
        return sa + u"schema.CreateSchema("_s + repr(op.schemaName) + u')';
    case ExecuteOp::Kind::DropSchema:
        return sa + u"schema.DropSchema("_s + repr(op.schemaName) + (op.cascade ? u", cascade=True"_s : QString())
            + u')';
    case ExecuteOp::Kind::CreateSequence:
    case ExecuteOp::Kind::DropSequence: {
        QString seq = sa + u"Sequence("_s + repr(op.sequenceName);
        if (!op.schemaName.isEmpty())
            seq += u", schema="_s + repr(op.schemaName);
        if (op.kind == ExecuteOp::Kind::CreateSequence) {
            // The options back as Sequence()'s keywords (get_identity_options' words).
            static const QRegularExpression option(
                u"(NO )?(INCREMENT BY|START WITH|MINVALUE|MAXVALUE|CACHE|ORDER|CYCLE)(?: (-?\\d+))?"_s);
            for (auto it = option.globalMatch(op.sequenceOptions); it.hasNext();) {
                const QRegularExpressionMatch m = it.next();
                const QString word = m.captured(2);
                const bool no = m.capturedLength(1) > 0;
                QString keyword = word.section(u' ', 0, 0).toLower();
                QString value = m.captured(3);
                if (word == u"MINVALUE" && no)
                    keyword = u"nominvalue"_s, value = u"True"_s;
                else if (word == u"MAXVALUE" && no)
                    keyword = u"nomaxvalue"_s, value = u"True"_s;
                else if (word == u"ORDER" || word == u"CYCLE")
                    value = no ? u"False"_s : u"True"_s;
                seq += u", "_s + keyword + u'=' + value;
            }
        }
        return sa + (op.kind == ExecuteOp::Kind::CreateSequence ? u"schema.CreateSequence("_s : u"schema.DropSequence("_s)
            + seq + u"))"_s;
    }
    case ExecuteOp::Kind::Dml:
        break;
    }
    if (!op.dml)
        return u"None"_s;
    const DmlStatement &d = *op.dml;
    if (d.verb == DmlStatement::Verb::Select)
        return d.query ? pythonExpression(ctx, *d.query) : u"None"_s;
    QString table = sa + u"table("_s + repr(d.tableName);
    for (const Column &c : d.columns)
        table += u", "_s + sa + u"column("_s + repr(c.name) + (c.type.isNull() ? QString() : u", "_s + reprType(ctx, c.type))
            + u')';
    if (!d.schema.isEmpty())
        table += u", schema="_s + repr(d.schema);
    table += u')';
    auto row = [&](const QList<QPair<QString, SqlExpression>> &values) {
        QStringList items;
        for (const auto &[name, value] : values)
            items << repr(name) + u": "_s + pythonExpression(ctx, value);
        return u'{' + items.join(u", "_s) + u'}';
    };
    QString text = table;
    switch (d.verb) {
    case DmlStatement::Verb::Insert: text += u".insert()"_s; break;
    case DmlStatement::Verb::Update: text += u".update()"_s; break;
    case DmlStatement::Verb::Delete: text += u".delete()"_s; break;
    case DmlStatement::Verb::Select: break;
    }
    if (d.where)
        text += u".where("_s + pythonExpression(ctx, *d.where) + u')';
    if (d.rows.size() == 1)
        text += u".values("_s + row(d.rows.front()) + u')';
    else if (d.rows.size() > 1) {
        QStringList rows;
        for (const auto &r : d.rows)
            rows << row(r);
        text += u".values(["_s + rows.join(u", "_s) + u"])"_s;
    }
    return text;
}

QString renderBulkInsert(RenderContext &ctx, const BulkInsertOp &op)
{
    QStringList columns;
    for (const Column &c : op.columns)
        columns << ctx.saPrefix() + u"column("_s + repr(c.name) + u", "_s + reprType(ctx, c.type) + u')';
    QStringList rows;
    for (const auto &row : op.rows) {
        QStringList items;
        QStringList keys;
        for (const Column &c : op.columns) {
            if (row.contains(c.name))
                keys << c.name;
        }
        for (auto it = row.cbegin(); it != row.cend(); ++it) {
            if (!keys.contains(it.key()))
                keys << it.key();
        }
        for (const QString &k : std::as_const(keys))
            items << repr(k) + u": "_s + pythonValue(row.value(k));
        rows << u'{' + items.join(u", "_s) + u'}';
    }
    QString table = ctx.saPrefix() + u"table("_s + repr(op.tableName);
    for (const QString &c : std::as_const(columns))
        table += u", "_s + c;
    if (!op.schema.isEmpty())
        table += u", schema="_s + repr(op.schema);
    table += u')';
    return ctx.options.alembicModulePrefix + u"bulk_insert("_s + table + u",\n["_s + rows.join(u",\n"_s) + u"])"_s;
}

QStringList renderOp(RenderContext &ctx, const Operation &operation);

QStringList renderBatch(RenderContext &ctx, const BatchAlterTableOp &op)
{
    QStringList lines;
    QString header = ctx.options.alembicModulePrefix + u"batch_alter_table("_s + repr(op.tableName) + u", schema="_s
        + reprOrNone(op.schema);
    if (!op.recreate.isEmpty() && op.recreate != u"auto")
        header += u", recreate="_s + repr(op.recreate);
    lines << u"with "_s + header + u") as batch_op:"_s;
    const bool wasInBatch = ctx.inBatch;
    ctx.inBatch = true;
    for (const Operation &inner : op.ops)
        lines << renderOp(ctx, inner);
    ctx.inBatch = wasInBatch;
    lines << QString();
    return lines;
}

QStringList renderOp(RenderContext &ctx, const Operation &operation)
{
    return std::visit(
        [&](const auto &o) -> QStringList {
            using T = std::decay_t<decltype(o)>;
            const QString prefix = ctx.alembicPrefix();
            if constexpr (std::is_same_v<T, CreateTableOp>) {
                return {renderCreateTable(ctx, o.table)};
            } else if constexpr (std::is_same_v<T, DropTableOp>) {
                return {ctx.options.alembicModulePrefix + u"drop_table("_s + repr(o.tableName) + schemaArg(o.schema)
                        + u')'};
            } else if constexpr (std::is_same_v<T, RenameTableOp>) {
                return {ctx.options.alembicModulePrefix + u"rename_table("_s + repr(o.oldName) + u", "_s
                        + repr(o.newName) + schemaArg(o.schema) + u')'};
            } else if constexpr (std::is_same_v<T, AddColumnOp>) {
                if (ctx.inBatch)
                    return {prefix + u"add_column("_s + renderColumn(ctx, o.column) + u')'};
                return {prefix + u"add_column("_s + repr(o.tableName) + u", "_s + renderColumn(ctx, o.column)
                        + schemaArg(o.schema) + u')'};
            } else if constexpr (std::is_same_v<T, DropColumnOp>) {
                if (ctx.inBatch)
                    return {prefix + u"drop_column("_s + repr(o.columnName) + u')'};
                return {prefix + u"drop_column("_s + repr(o.tableName) + u", "_s + repr(o.columnName)
                        + schemaArg(o.schema) + u')'};
            } else if constexpr (std::is_same_v<T, AlterColumnOp>) {
                return {renderAlterColumn(ctx, o)};
            } else if constexpr (std::is_same_v<T, CreateIndexOp>) {
                QString text = prefix + u"create_index("_s + genName(ctx, o.index.name, o.index.conventionName)
                    + u", "_s;
                if (!ctx.inBatch)
                    text += repr(o.tableName) + u", "_s;
                text += reprList(o.index.columns) + u", unique="_s + reprBool(o.index.unique);
                if (!ctx.inBatch)
                    text += schemaArg(o.schema);
                return {text + u')'};
            } else if constexpr (std::is_same_v<T, DropIndexOp>) {
                const bool conv = o.existing && o.existing->conventionName && o.existing->name == o.indexName;
                QString text = prefix + u"drop_index("_s + genName(ctx, o.indexName, conv);
                if (!ctx.inBatch)
                    text += u", table_name="_s + repr(o.tableName) + schemaArg(o.schema);
                return {text + u')'};
            } else if constexpr (std::is_same_v<T, AddConstraintOp>) {
                return {renderAddConstraint(ctx, o)};
            } else if constexpr (std::is_same_v<T, DropConstraintOp>) {
                const bool conv = o.existing && o.existing->conventionName && o.existing->name == o.constraintName;
                QString text = prefix + u"drop_constraint("_s + genName(ctx, o.constraintName, conv);
                // Alembic writes the table name between quotes, not through repr().
                if (!ctx.inBatch)
                    text += u", '"_s + o.tableName + u'\'' + schemaArg(o.schema);
                return {text + u", type_="_s + reprOrNone(o.type) + u')'};
            } else if constexpr (std::is_same_v<T, ExecuteOp>) {
                return {u"op.execute("_s + renderExecuted(ctx, o) + u')'};
            } else if constexpr (std::is_same_v<T, CreateTableCommentOp>) {
                // _render_create_table_comment, line for line.
                return {ctx.options.alembicModulePrefix + u"create_table_comment(\n    '"_s + o.tableName + u"',\n    "_s
                        + repr(o.comment) + u",\n    existing_comment="_s
                        + (o.existingComment ? repr(*o.existingComment) : u"None"_s) + u",\n    schema="_s
                        + (o.schema.isEmpty() ? u"None"_s : u'\'' + o.schema + u'\'') + u"\n)"_s};
            } else if constexpr (std::is_same_v<T, DropTableCommentOp>) {
                return {ctx.options.alembicModulePrefix + u"drop_table_comment(\n    '"_s + o.tableName
                        + u"',\n    existing_comment="_s + (o.existingComment ? repr(*o.existingComment) : u"None"_s)
                        + u",\n    schema="_s + (o.schema.isEmpty() ? u"None"_s : u'\'' + o.schema + u'\'')
                        + u"\n)"_s};
            } else if constexpr (std::is_same_v<T, EnumTypeOp>) {
                return {reprType(ctx, o.type) + (o.action == EnumTypeOp::Action::Create ? u".create("_s : u".drop("_s)
                        + ctx.options.alembicModulePrefix + u"get_bind(), checkfirst="_s + reprBool(o.checkFirst)
                        + u')'};
            } else if constexpr (std::is_same_v<T, BulkInsertOp>) {
                return {renderBulkInsert(ctx, o)};
            } else {
                static_assert(std::is_same_v<T, BatchAlterTableOp>);
                return renderBatch(ctx, o);
            }
        },
        operation.op);
}

// mako.pygen.PythonPrinter, as far as Alembic's lines exercise it: a line
// ending in ':' opens a block, a blank line closes it, only the first line
// of a multi-line string gets the indentation.
QStringList printLines(const QStringList &lines)
{
    static const QRegularExpression opensBlock(u":[ \\t]*(?:#.*)?$"_s);
    static const QRegularExpression compound(u"^\\s*(if|try|elif|while|for|with|def|class|else|except|finally)"_s);
    QStringList out;
    int indent = 0;
    for (const QString &line : lines) {
        const bool isComment = line.startsWith(u'#');
        const bool hasText = !line.trimmed().isEmpty() && !line.trimmed().startsWith(u'#');
        if (!isComment && !hasText && indent > 0)
            --indent;
        out << QString(indent * 4, u' ') + line;
        if (!line.contains(u'\n') && opensBlock.match(line).hasMatch() && compound.match(line).hasMatch())
            ++indent;
        else if (line.contains(u'\n') && opensBlock.match(line).hasMatch() && compound.match(line).hasMatch())
            ++indent;
    }
    return out;
}

// render._indent over PythonPrinter's output.
QString indentBody(const QStringList &printed)
{
    QString text = printed.join(u'\n') + u'\n';
    QStringList lines = text.split(u'\n');
    for (QString &l : lines)
        l.prepend(u"    "_s);
    text = lines.join(u'\n').trimmed();
    static const QRegularExpression trailingSpaces(u" +$"_s, QRegularExpression::MultilineOption);
    text.remove(trailingSpaces);
    return text;
}

QString renderBody(RenderContext &ctx, const OperationList &ops)
{
    const OperationList grouped = ctx.options.renderAsBatch ? groupIntoBatches(ops) : ops;
    QStringList lines{u"# ### commands auto generated by Alembic - please adjust! ###"_s};
    bool hasLines = false;
    for (const Operation &op : grouped) {
        const QStringList opLines = renderOp(ctx, op);
        hasLines = hasLines || !opLines.isEmpty();
        lines << opLines;
    }
    if (!hasLines)
        lines << u"pass"_s;
    lines << u"# ### end Alembic commands ###"_s;
    return indentBody(printLines(lines));
}

QStringList sortedList(const QSet<QString> &set)
{
    QStringList list(set.cbegin(), set.cend());
    std::ranges::sort(list, [](const QString &a, const QString &b) { return a.compare(b) < 0; });
    return list;
}

} // namespace

MigrationBody renderMigrationBody(const OperationList &ops, const RenderOptions &options)
{
    RenderContext ctx{options};
    MigrationBody body;
    body.text = renderBody(ctx, ops);
    body.imports = sortedList(ctx.imports);
    body.userModules = sortedList(ctx.userModules);
    return body;
}

MigrationBodies renderMigrationBodies(const MigrationOps &ops, const RenderOptions &options)
{
    RenderContext ctx{options};
    MigrationBodies bodies;
    bodies.upgrades = renderBody(ctx, ops.upgrade);
    bodies.downgrades = renderBody(ctx, ops.downgrade);
    bodies.imports = sortedList(ctx.imports);
    bodies.userModules = sortedList(ctx.userModules);
    return bodies;
}

QString renderOperation(const Operation &op, const RenderOptions &options)
{
    RenderContext ctx{options};
    QStringList printed = printLines(renderOp(ctx, op));
    while (!printed.isEmpty() && printed.last().trimmed().isEmpty())
        printed.removeLast();
    return printed.join(u'\n');
}

QStringList missingImports(const QStringList &imports, const QStringList &userModules, const QString &scriptHead)
{
    QStringList present;
    static const QRegularExpression importLine(u"^\\s*import\\s+([\\w\\.]+)"_s, QRegularExpression::MultilineOption);
    auto it = importLine.globalMatch(scriptHead);
    while (it.hasNext())
        present << it.next().captured(1);

    QStringList missing;
    for (const QString &line : imports) {
        if (!scriptHead.contains(line))
            missing << line;
    }
    for (const QString &module : userModules) {
        // `import a.b.c` makes a.b.c reachable; sqlmodel's package imports
        // sqlmodel.sql.sqltypes itself, so `import sqlmodel` is enough there.
        const QString root = module.section(u'.', 0, 0);
        const bool covered = present.contains(module) || (root == u"sqlmodel" && present.contains(root))
            || std::ranges::any_of(present, [&](const QString &p) { return p.startsWith(module + u'.'); });
        if (!covered) {
            const QString line = root == u"sqlmodel" ? u"import sqlmodel"_s : u"import "_s + module;
            if (!missing.contains(line))
                missing << line;
        }
    }
    return missing;
}

} // namespace pm
