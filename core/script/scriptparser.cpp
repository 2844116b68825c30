#include "script/scriptparser.h"

#include <QFile>

#include "script/operationreader.h"
#include "script/scriptevaluator.h"
#include "script/expressionreader.h"
#include "python/pythontokenizer.h"
#include "script/scriptbytereader.h"
#include "script/scriptheaderreader.h"
#include "script/scriptpreamble.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

using Type = PythonToken::Type;
using Code = PythonToken::Code;
using Kind = PythonExpression::Kind;

// What to call a statement the subset does not have, by its keyword.
QString refusedKeyword(QStringView keyword)
{
    if (keyword == u"for")
        return u"a for loop"_s;
    if (keyword == u"while")
        return u"a while loop"_s;
    if (keyword == u"if" || keyword == u"elif" || keyword == u"else")
        return u"an if statement"_s;
    if (keyword == u"try" || keyword == u"except" || keyword == u"finally")
        return u"a try statement"_s;
    if (keyword == u"class")
        return u"a class definition"_s;
    if (keyword == u"return")
        return u"a return statement"_s;
    if (keyword == u"lambda")
        return u"a lambda"_s;
    if (keyword == u"async" || keyword == u"await")
        return u"async code"_s;
    return u"'"_s + keyword + u"'"_s;
}

bool isBuiltinTypeName(QStringView name)
{
    static constexpr std::u16string_view names[] = {
        u"str", u"int", u"float", u"bool", u"bytes", u"tuple", u"list", u"dict", u"set", u"type", u"object",
    };
    for (auto n : names)
        if (name == QStringView(n))
            return true;
    return false;
}

class Parser
{
public:
    // `tokens` are `source`'s, made by the caller: the evaluator takes them
    // over when the statement reader declines the script.
    Parser(const QString &source, const QList<PythonToken> &tokens, const QString &file,
           const ScriptParser::Options &options)
        : m_source(source), m_file(file), m_options(options), m_tokens(tokens), m_reader(file, options.userModulePrefix)
    {
    }

    // `preamble`: the statements before the first def, already read from
    // the bytes; `tokens` are then those of the rest of the file only.
    Result<MigrationScript> run(const ScriptPreamble *preamble = nullptr);

private:
    const PythonToken &tok() const { return m_tokens[m_pos]; }
    std::unexpected<Error> error(const PythonToken &t, QString message) const
    {
        return fail(Error(m_file, t.line, t.column, std::move(message)));
    }
    std::unexpected<Error> error(const PythonExpression &e, QString message) const
    {
        return fail(Error(m_file, e.line, e.column, std::move(message)));
    }
    std::unexpected<Error> unexpected(const PythonToken &t) const
    {
        if (t.type == Type::Indent)
            return error(t, u"unexpected indent"_s);
        return fail(m_expressions->unexpected(t));
    }
    std::unexpected<Error> refused(const PythonToken &t, const QString &what) const
    {
        return error(t, what + u" is not supported in a migration script"_s);
    }
    Status expectNewline()
    {
        if (tok().type != Type::Newline)
            return unexpected(tok());
        ++m_pos;
        return {};
    }
    template<size_t N>
    Status expectOperator(const char16_t (&op)[N])
    {
        if (!tok().isOperator(op))
            return unexpected(tok());
        ++m_pos;
        return {};
    }
    Result<QString> dottedModule();
    Result<QString> identifier();

    Status moduleStatement(bool first);
    Status importStatement(bool moduleLevel);
    Status fromImportStatement(bool moduleLevel);
    Status allowImport(const PythonToken &at, const QString &module, const QString &name) const;
    Status assignment();
    Status checkAnnotation(const PythonExpression &e) const;
    Status function();
    Status suite(OperationList &ops, BatchAlterTableOp *batch, const QString &batchAlias);
    Status bodyStatement(OperationList &ops, BatchAlterTableOp *batch, const QString &batchAlias,
                         bool first);
    Status withStatement(OperationList &ops);

    const QString &m_source;
    QString m_file;
    const ScriptParser::Options &m_options;
    const QList<PythonToken> &m_tokens;
    std::optional<ExpressionReader> m_expressions;
    qsizetype m_pos = 0;
    OperationReader m_reader;
    MigrationScript m_script;
    bool m_seen[4] = {};
    // In the function whose operations are not read (Options::bodies):
    // statements are parsed and refused as always, nothing is read.
    bool m_skipping = false;
};

Result<MigrationScript> Parser::run(const ScriptPreamble *preamble)
{
    m_expressions.emplace(m_tokens, m_source, m_file);
    bool first = true;
    if (preamble) {
        // as the statements before the def would have left things (the
        // strings shared, not copied)
        m_script.docstring = preamble->docstring;
        m_script.revision = preamble->revision;
        if (preamble->seen[0])
            m_script.revisionLocation = SourceLocation{m_file, preamble->revisionLine, 1};
        m_script.downRevision = preamble->downRevision;
        m_script.branchLabels = preamble->branchLabels;
        m_script.dependsOn = preamble->dependsOn;
        m_script.imports = preamble->imports;
        std::copy(std::begin(preamble->seen), std::end(preamble->seen), m_seen);
        for (const ScriptPreamble::Binding &b : preamble->bindings)
            m_reader.bind(b.name, b.target);
        first = !preamble->anyStatement;
    }
    m_script.fileName = m_file;
    m_script.bodiesParsed = true;

    while (tok().type != Type::EndMarker) {
        if (auto s = moduleStatement(first); !s)
            return std::unexpected(s.error());
        first = false;
    }
    if (!m_seen[0])
        return fail(Error(m_file, 0, 0, u"the script does not define revision"_s));
    if (!m_seen[1])
        return fail(Error(m_file, 0, 0, u"the script does not define down_revision"_s));
    return std::move(m_script);
}

Result<QString> Parser::identifier()
{
    const PythonToken &t = tok();
    if (t.type != Type::Name || PythonTokenizer::isKeyword(t.text))
        return unexpected(t);
    ++m_pos;
    return ExpressionReader::nameText(t.text);
}

Result<QString> Parser::dottedModule()
{
    auto first = identifier();
    if (!first)
        return first;
    QString module = *first;
    while (tok().isOperator(u".")) {
        ++m_pos;
        auto part = identifier();
        if (!part)
            return part;
        module += u'.' + *part;
    }
    return module;
}

Status Parser::moduleStatement(bool first)
{
    const PythonToken &t = tok();
    switch (t.type) {
    case Type::String: {
        auto e = m_expressions->parse(m_pos);
        if (!e)
            return std::unexpected(e.error());
        if (!first)
            return error(*e, u"a string statement is only supported as the module docstring"_s);
        if (e->stringFlags & (PythonToken::Bytes | PythonToken::Format))
            return error(*e, u"the module docstring must be a plain string"_s);
        m_script.docstring = e->text;
        return expectNewline();
    }
    case Type::Name:
        break;
    default:
        return unexpected(t);
    }
    // By the codes the tokenizer gave the keywords and operators: comparing
    // the texts with literals measured each literal first.
    switch (t.code) {
    case Code::Import:
        return importStatement(true);
    case Code::From:
        return fromImportStatement(true);
    case Code::Def:
        return function();
    case Code::With:
        return error(t, u"a with statement outside upgrade() and downgrade() is not supported in a migration script"_s);
    default:
        break;
    }
    if (t.isKeyword())
        return refused(t, refusedKeyword(t.text));
    const PythonToken &next = m_tokens[m_pos + 1];
    if (next.code == Code::Assign || next.code == Code::Colon)
        return assignment();
    auto e = m_expressions->parse(m_pos);
    if (!e)
        return std::unexpected(e.error());
    if (e->isCall()) {
        const QString callee = e->callee().dottedName();
        if (!callee.isEmpty() && !m_reader.isBound(callee.section(u'.', 0, 0)))
            return error(*e, u"call to unknown function '"_s + callee + u"'"_s);
        return error(*e, e->describe() + u" at module level is not supported in a migration script"_s);
    }
    if (!tok().isOperator(u"=") && tok().type != Type::Newline)
        return unexpected(tok());
    return error(*e, u"a statement on "_s + e->describe() + u" is not supported in a migration script"_s);
}

Status Parser::allowImport(const PythonToken &at, const QString &module, const QString &name) const
{
    // The usual imports (sqlalchemy, alembic's op) pass without building
    // the full name.
    if (module == u"sqlalchemy" || module.startsWith(u"sqlalchemy."))
        return {};
    if (module == u"typing" || module == u"__future__")
        return {};
    if (module == u"sqlmodel" || module == u"sqlmodel.sql" || module == u"sqlmodel.sql.sqltypes")
        return {};
    if (module == u"alembic" && (name.isEmpty() || name == u"op"))
        return {};
    const QString full = name.isEmpty() ? module : module + u'.' + name;
    bool ok = false;
    if (module != u"alembic") {
        const QStringView prefixModule = m_options.userModulePrefix.endsWith(u'.')
            ? QStringView(m_options.userModulePrefix).chopped(1)
            : QStringView(m_options.userModulePrefix);
        ok = !prefixModule.isEmpty() && (full == prefixModule || module == prefixModule);
    }
    if (ok)
        return {};
    return error(at, u"import of "_s + (name.isEmpty() || module == u"alembic" ? u"module '"_s + full : u"'"_s + full)
                         + u"' is not supported in a migration script"_s);
}

Status Parser::importStatement(bool moduleLevel)
{
    const PythonToken &keyword = tok();
    if (!moduleLevel)
        return refused(keyword, u"an import inside a function"_s);
    ++m_pos;
    while (true) {
        const PythonToken &at = tok();
        auto module = dottedModule();
        if (!module)
            return std::unexpected(module.error());
        if (auto s = allowImport(at, *module, {}); !s)
            return s;
        PythonImport imp{*module, {}, {}, at.line, at.column, true};
        if (tok().isName(u"as")) {
            ++m_pos;
            auto alias = identifier();
            if (!alias)
                return std::unexpected(alias.error());
            imp.alias = *alias;
        }
        m_reader.bind(imp.boundName(), imp.target());
        m_script.imports << imp;
        if (!tok().isOperator(u","))
            break;
        ++m_pos;
    }
    return expectNewline();
}

Status Parser::fromImportStatement(bool moduleLevel)
{
    const PythonToken &keyword = tok();
    if (!moduleLevel)
        return refused(keyword, u"an import inside a function"_s);
    ++m_pos;
    if (tok().isOperator(u".") || tok().isOperator(u"..."))
        return refused(tok(), u"a relative import"_s);
    const PythonToken &moduleToken = tok();
    auto module = dottedModule();
    if (!module)
        return std::unexpected(module.error());
    if (!tok().isName(u"import"))
        return unexpected(tok());
    ++m_pos;
    if (tok().isOperator(u"*"))
        return refused(tok(), u"a star import"_s);
    const bool parenthesized = tok().isOperator(u"(");
    if (parenthesized)
        ++m_pos;
    while (true) {
        const PythonToken &at = tok();
        auto name = identifier();
        if (!name)
            return std::unexpected(name.error());
        if (auto s = allowImport(moduleToken, *module, *name); !s)
            return error(at, s.error().message);
        PythonImport imp{*module, *name, {}, at.line, at.column, true};
        if (tok().isName(u"as")) {
            ++m_pos;
            auto alias = identifier();
            if (!alias)
                return std::unexpected(alias.error());
            imp.alias = *alias;
        }
        m_reader.bind(imp.boundName(), imp.target());
        m_script.imports << imp;
        if (!tok().isOperator(u","))
            break;
        ++m_pos;
        if (parenthesized && tok().isOperator(u")"))
            break;
    }
    if (parenthesized)
        if (auto s = expectOperator(u")"); !s)
            return s;
    return expectNewline();
}

Status Parser::checkAnnotation(const PythonExpression &e) const
{
    switch (e.kind) {
    case Kind::Name:
        if (isBuiltinTypeName(e.text) || m_reader.isBound(e.text))
            return {};
        return error(e, u"name '"_s + e.text + u"' is not defined"_s);
    case Kind::Attribute: {
        auto resolved = m_reader.resolve(e);
        if (!resolved)
            return std::unexpected(resolved.error());
        return {};
    }
    case Kind::Subscript:
    case Kind::Tuple:
    case Kind::List:
        for (const PythonExpression &item : e.items)
            if (auto s = checkAnnotation(item); !s)
                return s;
        return {};
    case Kind::None:
    case Kind::Ellipsis:
    case Kind::String:
        return {};
    default:
        return error(e, u"unsupported type annotation: "_s + e.describe());
    }
}

Status Parser::assignment()
{
    const PythonToken &target = tok();
    // Compared where the name is written: no string built for the four
    // assignments of every script.
    const QStringView name = target.text;
    static constexpr std::u16string_view names[] = {u"revision", u"down_revision", u"branch_labels", u"depends_on"};
    qsizetype index = -1;
    for (qsizetype i = 0; i < qsizetype(std::size(names)); ++i) {
        if (PythonToken::same(name, QStringView(names[i]))) {
            index = i;
            break;
        }
    }
    if (index < 0)
        return error(target, u"assignment to '"_s + name.toString() + u"' is not supported in a migration script"_s);
    if (m_seen[index])
        return error(target, name.toString() + u" is assigned twice"_s);
    m_seen[index] = true;
    ++m_pos;
    if (tok().isOperator(u":")) {
        ++m_pos;
        auto annotation = m_expressions->parse(m_pos);
        if (!annotation)
            return std::unexpected(annotation.error());
        if (auto s = checkAnnotation(*annotation); !s)
            return s;
    }
    if (auto s = expectOperator(u"="); !s)
        return s;
    auto value = m_expressions->parseTuple(m_pos);
    if (!value)
        return std::unexpected(value.error());
    if (tok().isOperator(u"="))
        return refused(tok(), u"a chained assignment"_s);
    if (auto s = expectNewline(); !s)
        return s;
    auto plainString = [&](const PythonExpression &e) {
        return e.isString() && !(e.stringFlags & (PythonToken::Bytes | PythonToken::Format));
    };
    if (index == 0) {
        if (!plainString(*value))
            return error(*value, u"expected a string for revision but found "_s + value->describe());
        m_script.revision = value->text;
        m_script.revisionLocation = SourceLocation{m_file, target.line, target.column};
        return {};
    }
    RevisionList list;
    if (value->isNone()) {
        list.form = RevisionList::Form::None;
    } else if (plainString(*value)) {
        list.form = RevisionList::Form::String;
        list.ids << value->text;
    } else if (value->isSequence()) {
        list.form = value->kind == Kind::Tuple ? RevisionList::Form::Tuple : RevisionList::Form::List;
        for (const PythonExpression &item : value->items) {
            if (!plainString(item))
                return error(item, u"expected a string in "_s + name.toString() + u" but found "_s + item.describe());
            list.ids << item.text;
        }
    } else {
        return error(*value, u"expected None, a string, or a tuple or list of strings for "_s + name.toString()
                                 + u" but found "_s + value->describe());
    }
    (index == 1 ? m_script.downRevision : index == 2 ? m_script.branchLabels : m_script.dependsOn) = list;
    return {};
}

Status Parser::function()
{
    ++m_pos; // def
    const PythonToken &nameToken = tok();
    auto name = identifier();
    if (!name)
        return std::unexpected(name.error());
    const bool upgrade = nameToken.is(Type::Name, u"upgrade");
    if (!upgrade && !nameToken.is(Type::Name, u"downgrade"))
        return error(nameToken, u"function '"_s + *name + u"' is not supported in a migration script"_s);
    bool &has = upgrade ? m_script.hasUpgrade : m_script.hasDowngrade;
    if (has)
        return error(nameToken, *name + u"() is defined twice"_s);
    has = true;
    if (auto s = expectOperator(u"("); !s)
        return s;
    if (!tok().isOperator(u")"))
        return error(tok(), *name + u"() must take no arguments"_s);
    ++m_pos;
    if (tok().isOperator(u"->")) {
        ++m_pos;
        auto annotation = m_expressions->parse(m_pos);
        if (!annotation)
            return std::unexpected(annotation.error());
        if (!annotation->isNone())
            return error(*annotation, *name + u"() must be annotated -> None"_s);
    }
    if (auto s = expectOperator(u":"); !s)
        return s;
    m_reader.clearLocals();
    OperationList &ops = upgrade ? m_script.upgrade : m_script.downgrade;
    using Bodies = ScriptParser::Options::Bodies;
    m_skipping = m_options.bodies == (upgrade ? Bodies::DowngradeOnly : Bodies::UpgradeOnly);
    if (m_skipping) {
        // Every script of a run says this of one of its functions: the two
        // sentences are literals, not built each time.
        (upgrade ? m_script.upgradeError : m_script.downgradeError) =
            Error(m_file, nameToken.line, nameToken.column,
                  upgrade ? u"upgrade() was parsed but not read: this run does not run it"_s
                          : u"downgrade() was parsed but not read: this run does not run it"_s);
        auto s = suite(ops, nullptr, {});
        m_skipping = false;
        return s;
    }
    // An Operation is nearly 2 KB: growing the list 1, 2, 4 moves every one
    // of them twice, and each growth is a large allocation. Most bodies
    // hold a handful.
    ops.reserve(4);
    return suite(ops, nullptr, {});
}

Status Parser::suite(OperationList &ops, BatchAlterTableOp *batch, const QString &batchAlias)
{
    if (tok().type != Type::Newline)
        return bodyStatement(ops, batch, batchAlias, true);
    ++m_pos;
    if (tok().type != Type::Indent)
        return error(tok(), u"expected an indented block"_s);
    ++m_pos;
    bool first = true;
    while (tok().type != Type::Dedent) {
        if (tok().type == Type::EndMarker)
            return unexpected(tok());
        if (auto s = bodyStatement(ops, batch, batchAlias, first); !s)
            return s;
        first = false;
    }
    ++m_pos;
    return {};
}

Status Parser::bodyStatement(OperationList &ops, BatchAlterTableOp *batch, const QString &batchAlias,
                             bool first)
{
    const PythonToken &t = tok();
    if (t.type == Type::String) {
        auto e = m_expressions->parse(m_pos);
        if (!e)
            return std::unexpected(e.error());
        if (!first || batch)
            return error(*e, u"a string statement is only supported as a docstring"_s);
        return expectNewline();
    }
    if (t.type != Type::Name)
        return unexpected(t);
    // The keyword the tokenizer found, if any: most statements are calls
    // and pass with one comparison.
    if (t.isKeyword()) {
        switch (t.code) {
        case Code::Pass:
            ++m_pos;
            return expectNewline();
        case Code::Import:
        case Code::From:
            return refused(t, u"an import inside a function"_s);
        case Code::With:
            if (batch)
                return refused(t, u"a with statement inside a batch block"_s);
            return withStatement(ops);
        case Code::Def:
            return refused(t, u"a nested function"_s);
        case Code::NoneKeyword:
        case Code::True:
        case Code::False:
            break;
        default:
            return refused(t, refusedKeyword(t.text));
        }
    }

    const PythonToken &next = m_tokens[m_pos + 1];
    // In the function not read, what parses without an error is passed
    // over unbuilt; anything else is parsed as always, for its error.
    bool call = false;
    if (next.code == Code::Assign) {
        m_pos += 2;
        if (m_skipping && m_expressions->skim(m_pos, &call))
            return expectNewline();
        auto value = m_expressions->parse(m_pos);
        if (!value)
            return std::unexpected(value.error());
        if (auto s = expectNewline(); !s)
            return s;
        if (m_skipping)
            return {};
        auto op = m_reader.readLocalAssignment(t.text.toString(), *value);
        if (!op)
            return std::unexpected(op.error());
        if (*op)
            ops.push_back(std::move(**op));
        return {};
    }
    if (m_skipping) {
        qsizetype end = m_pos;
        if (m_expressions->skim(end, &call) && call && m_tokens[end].type == Type::Newline) {
            m_pos = end + 1;
            return {};
        }
    }
    auto e = m_expressions->parse(m_pos);
    if (!e)
        return std::unexpected(e.error());
    if (tok().type != Type::Newline) {
        if (tok().isOperator(u"=") || (tok().type == Type::Operator && tok().text.endsWith(u'=')
                                       && tok().text != u"==" && tok().text != u"<=" && tok().text != u">="))
            return refused(tok(), u"an assignment to "_s + e->describe());
        return unexpected(tok());
    }
    ++m_pos;
    if (!e->isCall())
        return error(*e, u"a statement on "_s + e->describe() + u" is not supported in a migration script"_s);
    if (m_skipping)
        return {};
    auto op = m_reader.readStatementCall(*e, batch, batchAlias);
    if (!op)
        return std::unexpected(op.error());
    const bool viaBatch = batch && e->callee().dottedName().section(u'.', 0, 0) == batchAlias;
    (viaBatch ? batch->ops : ops).push_back(std::move(*op));
    return {};
}

Status Parser::withStatement(OperationList &ops)
{
    const PythonToken &withToken = tok();
    ++m_pos;
    auto context = m_expressions->parse(m_pos);
    if (!context)
        return std::unexpected(context.error());
    if (!context->isCall())
        return error(*context, u"a with statement must use op.batch_alter_table(), not "_s + context->describe());
    const QString callee = context->callee().dottedName();
    if (!m_skipping && !callee.isEmpty() && !m_reader.isBound(callee.section(u'.', 0, 0)))
        return error(*context, u"call to unknown function '"_s + callee + u"'"_s);
    auto batch = m_skipping ? Result<BatchAlterTableOp>(BatchAlterTableOp()) : m_reader.readBatchAlterTable(*context);
    if (!batch)
        return std::unexpected(batch.error());
    if (!tok().isName(u"as"))
        return error(tok(), u"op.batch_alter_table() must be bound with 'as'"_s);
    ++m_pos;
    auto alias = identifier();
    if (!alias)
        return std::unexpected(alias.error());
    if (!m_skipping && m_reader.isBound(*alias))
        return error(m_tokens[m_pos - 1], u"the batch name '"_s + *alias + u"' hides an import"_s);
    if (tok().isOperator(u","))
        return refused(tok(), u"a with statement with several contexts"_s);
    if (auto s = expectOperator(u":"); !s)
        return s;
    // Plain op.* calls in the block run at once, before the batch is applied
    // on leaving it: they land in `ops` ahead of the batch.
    Operation batchOp{*batch, SourceLocation{m_file, withToken.line, withToken.column}};
    if (auto s = suite(ops, &std::get<BatchAlterTableOp>(batchOp.op), *alias); !s)
        return s;
    if (!m_skipping)
        ops.push_back(std::move(batchOp));
    return {};
}

} // namespace

ScriptParser::ScriptParser() = default;

ScriptParser::ScriptParser(Options options) : m_options(std::move(options)) {}

Result<MigrationScript> ScriptParser::parse(const QString &source, const QString &fileName) const
{
    if (m_options.headerOnly)
        return ScriptHeaderReader::read(source, fileName, m_options.importedConstant);
    // One tokenization serves both readers.
    const auto tokens = PythonTokenizer::tokenize(source, fileName);
    Result<MigrationScript> read = tokens ? Parser(source, *tokens, fileName, m_options).run()
                                          : Result<MigrationScript>(std::unexpected(tokens.error()));
    if (read)
        return read;
    // What the statement reader refuses, a run of the script may read: the
    // script is a small program. Its own errors are the ones that count.
    ScriptEvaluator::Context context;
    context.dialect = m_options.dialect;
    context.offline = m_options.offline;
    context.userModulePrefix = m_options.userModulePrefix;
    context.importedConstant = m_options.importedConstant;
    context.moduleSource = m_options.moduleSource;
    auto evaluated = tokens ? ScriptEvaluator::evaluate(source, fileName, context, *tokens)
                            : ScriptEvaluator::evaluate(source, fileName, context);
    // The same complaint from both: the statement reader's column is the
    // argument's own.
    auto same = [&](const Error &e) {
        const Error &r = read.error();
        return e.line == r.line && (e.message == r.message || e.message.endsWith(u": "_s + r.message));
    };
    if (evaluated) {
        for (std::optional<Error> *e : {&evaluated->upgradeError, &evaluated->downgradeError}) {
            if (*e && same(**e))
                *e = read.error();
        }
        return evaluated;
    }
    // A syntax error: the statement reader's wording.
    const Error &e = evaluated.error();
    if (e.exception == u"SyntaxError" || e.exception == u"IndentationError" || e.exception == u"TabError" || same(e))
        return read;
    return evaluated;
}

Result<MigrationScript> ScriptParser::parseUtf8(const QByteArray &source, const QString &fileName,
                                                const ScriptPreamble *known) const
{
    if (!m_options.headerOnly) {
        std::optional<ScriptPreamble> read;
        const ScriptPreamble *preamble = known;
        if (!preamble && (read = readScriptPreamble(source)))
            preamble = &*read;
        if (preamble) {
            // The rest of the file after as many line breaks as the
            // preamble took: the tokens sit on the lines and columns they
            // have in the file, and the tokenizer starts in the state it
            // would be in there (no bracket open, no indentation).
            const QByteArrayView rest = QByteArrayView(source).sliced(preamble->bodyOffset);
            QString tail;
            tail.reserve(preamble->bodyLine - 1 + rest.size());
            tail.fill(u'\n', preamble->bodyLine - 1);
            // ASCII, the usual body, reads the same as Latin-1, which is
            // widened straight into place (no decoded copy to append)
            if (ScriptByteReader::isAscii(rest))
                tail.append(QLatin1StringView(rest.data(), rest.size()));
            else
                tail += QString::fromUtf8(rest);
            const auto tokens = PythonTokenizer::tokenize(tail, fileName);
            if (tokens) {
                auto script = Parser(tail, *tokens, fileName, m_options).run(preamble);
                if (script)
                    return script;
            }
            // Whatever is wrong is read again over the whole file, which
            // words it and hands it to the evaluator as always.
        }
    }
    return parse(QString::fromUtf8(source), fileName);
}

Result<MigrationScript> ScriptParser::parseFile(const QString &path) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error(path, 0, 0, u"cannot read the script: "_s + file.errorString()));
    return parseUtf8(file.readAll(), path);
}

} // namespace pm
