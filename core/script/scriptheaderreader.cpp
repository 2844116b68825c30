#include "script/scriptheaderreader.h"

#include <optional>

#include <QHash>
#include <QRegularExpression>
#include <QVarLengthArray>

#include "python/pythontokenizer.h"
#include "script/expressionreader.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

using Type = PythonToken::Type;
using Kind = PythonExpression::Kind;

enum GraphName { Revision, DownRevision, BranchLabels, DependsOn, GraphNameCount };

const QString &graphNameText(int index)
{
    static const QString names[GraphNameCount] = {u"revision"_s, u"down_revision"_s, u"branch_labels"_s,
                                                  u"depends_on"_s};
    return names[index];
}

int graphName(const PythonToken &t)
{
    if (t.type != Type::Name)
        return -1;
    for (int i = 0; i < GraphNameCount; ++i)
        if (t.text == graphNameText(i))
            return i;
    return -1;
}

bool isOpening(const PythonToken &t)
{
    return t.isOperator(u"(") || t.isOperator(u"[") || t.isOperator(u"{");
}

bool isClosing(const PythonToken &t)
{
    return t.isOperator(u")") || t.isOperator(u"]") || t.isOperator(u"}");
}

// Statements whose whole line belongs to them, `;` included, and that open
// an indented block when the line ends in ':'.
bool opensCompound(const PythonToken &t)
{
    static constexpr std::u16string_view keywords[] = {u"if",     u"elif",    u"else", u"for",   u"while",
                                                       u"try",    u"except",  u"finally", u"with", u"class",
                                                       u"def",    u"async"};
    if (t.type != Type::Name)
        return false;
    for (auto k : keywords)
        if (t.text == QStringView(k))
            return true;
    return false;
}

bool isBuiltinName(QStringView name)
{
    static constexpr std::u16string_view names[] = {
        u"str", u"int", u"float", u"bool", u"bytes", u"tuple", u"list", u"dict", u"set", u"frozenset", u"type", u"object",
    };
    for (auto n : names)
        if (name == QStringView(n))
            return true;
    return false;
}

bool isPlainString(const PythonExpression &e)
{
    return e.isString() && !(e.stringFlags & (PythonToken::Bytes | PythonToken::Format));
}

class Reader
{
public:
    Reader(const QString &source, const QString &file, const ScriptHeaderReader::ImportedConstant &importedConstant)
        : m_source(source), m_file(file), m_importedConstant(importedConstant)
    {
    }

    // Every module-level statement; then what Alembic needs of a script.
    Status readStatements();
    Result<MigrationScript> script();
    QHash<QString, PythonExpression> constants() const;

private:
    const PythonToken &tok() const { return m_tokens[m_pos]; }
    const PythonToken &ahead(qsizetype n = 1) const { return m_tokens[qMin(m_pos + n, m_tokens.size() - 1)]; }
    bool atStatementEnd() const
    {
        return tok().type == Type::Newline || tok().type == Type::EndMarker || tok().isOperator(u";");
    }

    std::unexpected<Error> python(int line, int column, const QString &exception, QString message) const
    {
        Error e(m_file, line, column, std::move(message));
        e.exception = exception;
        return fail(std::move(e));
    }
    std::unexpected<Error> python(const PythonToken &t, const QString &exception, QString message) const
    {
        return python(t.line, t.column, exception, std::move(message));
    }
    std::unexpected<Error> invalidSyntax(const PythonToken &t) const
    {
        return python(t, u"SyntaxError"_s, u"invalid syntax"_s);
    }
    // What Python could run but this reader cannot: no exception named.
    std::unexpected<Error> unreadable(const PythonToken &t, int index, const QString &why) const
    {
        return fail(Error(m_file, t.line, t.column,
                          graphNameText(index) + why
                              + u"; petmigrate reads the revision identifiers without running the script, so write "
                                u"them at module level as a string, a tuple or list of strings, or None"_s));
    }

    Status statement(bool first);
    Status docstring();
    Status importNames();
    Status fromImport();
    Status function();
    Status raiseStatement();
    Status assignment();
    Status assignGraphName(int index, const PythonToken &target, const PythonExpression &value);
    Status endOfStatement();
    Status skipStatement(bool compound, bool checkBlock);
    Status skipBlock(bool checkAssignments);
    Status checkAnnotation(const PythonExpression &e) const;
    Result<QString> dottedName();
    // Module-level bindings in order, so that a graph identifier can name
    // an earlier literal or an import. Nothing is parsed or copied until a
    // name is looked up, which is rare: views into the source only.
    struct Binding
    {
        enum class Kind { Other, Literal, Import };
        QStringView name;
        Kind kind = Kind::Other;
        qsizetype index = 0; // Literal: the value's first token; Import: into m_script.imports
    };
    const Binding *binding(QStringView name, size_t before) const
    {
        for (size_t i = std::min(before, m_bindings.size()); i-- > 0;)
            if (m_bindings[i].name == name)
                return &m_bindings[i];
        return nullptr;
    }
    void bind(QStringView name, Binding::Kind kind = Binding::Kind::Other, qsizetype index = 0)
    {
        m_bindings.push_back({name, kind, index});
    }
    void bindImport(QStringView name, PythonImport imp)
    {
        bind(name, Binding::Kind::Import, m_script.imports.size());
        m_script.imports << std::move(imp);
    }
    // Replaces names in `e` by the literals they are bound to (bindings
    // before `before` only); false when something is not a literal.
    bool resolve(PythonExpression &e, size_t before) const;
    std::optional<PythonExpression> literalOf(const Binding &b) const;
    std::optional<PythonExpression> imported(const PythonImport &imp, QStringList chain) const;

    const QString &m_source;
    QString m_file;
    const ScriptHeaderReader::ImportedConstant &m_importedConstant;
    QList<PythonToken> m_tokens;
    std::optional<ExpressionReader> m_expressions;
    qsizetype m_pos = 0;
    MigrationScript m_script;
    bool m_assigned[GraphNameCount] = {};
    std::vector<Binding> m_bindings;
    bool m_starImport = false;
    bool m_lazyAnnotations = false; // from __future__ import annotations
};

Status Reader::readStatements()
{
    PythonTokenizer::Options options;
    options.skipFunctionBodies = true;
    auto tokens = PythonTokenizer::tokenize(m_source, m_file, options);
    if (!tokens) {
        Error e = tokens.error();
        e.exception = e.message.contains(u"indent"_s) ? u"IndentationError"_s : u"SyntaxError"_s;
        return fail(std::move(e));
    }
    m_tokens = std::move(*tokens);
    m_expressions.emplace(m_tokens, m_source, m_file);
    m_script.fileName = m_file;
    m_script.bodiesParsed = false;

    bool first = true;
    while (tok().type != Type::EndMarker) {
        if (auto s = statement(first); !s)
            return s;
        first = false;
    }
    return {};
}

Result<MigrationScript> Reader::script()
{
    if (auto s = readStatements(); !s)
        return std::unexpected(s.error());
    if (!m_assigned[Revision]) {
        const QString baseName = m_file.section(u'/', -1);
        // Alembic's _legacy_rev: a script named "<hex>.py" needs no variable.
        static const QRegularExpression legacy(QRegularExpression::anchoredPattern(u"([a-f0-9]+)\\.py"_s));
        if (const auto m = legacy.match(baseName); m.hasMatch())
            m_script.revision = m.captured(1);
        else
            return std::move(m_script); // the loader says what Alembic says
    }
    if (!m_assigned[DownRevision]) {
        const QString baseName = m_file.section(u'/', -1);
        static const QRegularExpression nonWord(u"\\W"_s, QRegularExpression::UseUnicodePropertiesOption);
        QString moduleId = baseName;
        moduleId.replace(nonWord, u"_"_s);
        return python(0, 0, u"AttributeError"_s,
                      u"module '%1' has no attribute 'down_revision'"_s.arg(moduleId));
    }
    return std::move(m_script);
}

Status Reader::statement(bool first)
{
    const PythonToken &t = tok();
    if (t.type == Type::Indent)
        return python(t, u"IndentationError"_s, u"unexpected indent"_s);
    if (t.type == Type::Newline) { // an empty statement after a trailing ';'
        ++m_pos;
        return {};
    }
    if (first && t.type == Type::String)
        return docstring();
    if (t.type != Type::Name)
        return skipStatement(false, false);

    if (PythonTokenizer::isKeyword(t.text)) {
        if (t.text == u"import")
            return importNames();
        if (t.text == u"from")
            return fromImport();
        if (t.text == u"def")
            return function();
        if (t.text == u"class") {
            if (ahead().type == Type::Name)
                bind(ahead().text);
            return skipStatement(true, false);
        }
        // An async def's body is tokenized in full; its locals are not the module's.
        if (t.text == u"async")
            return skipStatement(true, false);
        if (opensCompound(t))
            return skipStatement(true, true);
        if (t.text == u"raise")
            return raiseStatement();
        if (t.text == u"return")
            return python(t, u"SyntaxError"_s, u"'return' outside function"_s);
        if (t.text == u"yield")
            return python(t, u"SyntaxError"_s, u"'yield' outside function"_s);
        if (t.text == u"break")
            return python(t, u"SyntaxError"_s, u"'break' outside loop"_s);
        if (t.text == u"continue")
            return python(t, u"SyntaxError"_s, u"'continue' not properly in loop"_s);
        if (t.text == u"nonlocal")
            return python(t, u"SyntaxError"_s, u"nonlocal declaration not allowed at module level"_s);
        return skipStatement(false, false);
    }
    const PythonToken &next = ahead();
    if (next.isOperator(u"=") || next.isOperator(u":"))
        return assignment();
    if (const int index = graphName(t); index >= 0 && next.type == Type::Operator && next.text.endsWith(u'=')
        && next.text != u"==")
        return unreadable(t, index, u" is changed by an augmented assignment"_s);
    return skipStatement(false, false);
}

// Python's __doc__: the first statement, when it is a string literal alone.
Status Reader::docstring()
{
    const qsizetype start = m_pos;
    auto e = m_expressions->parse(m_pos);
    if (e && isPlainString(*e) && atStatementEnd()) {
        m_script.docstring = e->text;
        return endOfStatement();
    }
    m_pos = start;
    return skipStatement(false, false);
}

Status Reader::endOfStatement()
{
    if (tok().isOperator(u";")) {
        ++m_pos;
        if (tok().type == Type::Newline)
            ++m_pos;
        return {};
    }
    if (tok().type == Type::Newline) {
        ++m_pos;
        return {};
    }
    if (tok().type == Type::EndMarker)
        return {};
    return invalidSyntax(tok());
}

Result<QString> Reader::dottedName()
{
    if (tok().type != Type::Name || PythonTokenizer::isKeyword(tok().text))
        return invalidSyntax(tok());
    QString name = tok().text.toString();
    ++m_pos;
    while (tok().isOperator(u".")) {
        ++m_pos;
        if (tok().type != Type::Name || PythonTokenizer::isKeyword(tok().text))
            return invalidSyntax(tok());
        name += u'.' + tok().text.toString();
        ++m_pos;
    }
    return name;
}

Status Reader::importNames()
{
    ++m_pos; // import
    while (true) {
        const PythonToken &at = tok();
        auto module = dottedName();
        if (!module)
            return std::unexpected(module.error());
        PythonImport imp{*module, {}, {}, at.line, at.column, true};
        QStringView bound = at.text; // `import a.b` binds a
        if (tok().isName(u"as")) {
            ++m_pos;
            if (tok().type != Type::Name || PythonTokenizer::isKeyword(tok().text))
                return invalidSyntax(tok());
            bound = tok().text;
            imp.alias = bound.toString();
            ++m_pos;
        }
        bindImport(bound, std::move(imp));
        if (!tok().isOperator(u","))
            break;
        ++m_pos;
    }
    return endOfStatement();
}

Status Reader::fromImport()
{
    ++m_pos; // from
    QString module;
    while (tok().isOperator(u".") || tok().isOperator(u"...")) {
        module += tok().text;
        ++m_pos;
    }
    if (!tok().isName(u"import")) {
        auto name = dottedName();
        if (!name)
            return std::unexpected(name.error());
        module += *name;
    }
    if (module.isEmpty() || !tok().isName(u"import"))
        return invalidSyntax(tok());
    ++m_pos;
    if (tok().isOperator(u"*")) {
        m_script.imports << PythonImport{module, u"*"_s, {}, tok().line, tok().column, true};
        m_starImport = true; // binds names nobody can list
        ++m_pos;
        return endOfStatement();
    }
    const bool parenthesized = tok().isOperator(u"(");
    if (parenthesized)
        ++m_pos;
    while (true) {
        const PythonToken &at = tok();
        if (at.type != Type::Name || PythonTokenizer::isKeyword(at.text))
            return invalidSyntax(at);
        PythonImport imp{module, at.text.toString(), {}, at.line, at.column, true};
        QStringView bound = at.text;
        ++m_pos;
        if (tok().isName(u"as")) {
            ++m_pos;
            if (tok().type != Type::Name || PythonTokenizer::isKeyword(tok().text))
                return invalidSyntax(tok());
            bound = tok().text;
            imp.alias = bound.toString();
            ++m_pos;
        }
        if (module == u"__future__" && imp.name == u"annotations")
            m_lazyAnnotations = true;
        bindImport(bound, std::move(imp));
        if (!tok().isOperator(u","))
            break;
        ++m_pos;
        if (parenthesized && tok().isOperator(u")"))
            break;
    }
    if (parenthesized) {
        if (!tok().isOperator(u")"))
            return invalidSyntax(tok());
        ++m_pos;
    }
    return endOfStatement();
}

// Any signature and any body: only the name matters to the graph. The body
// comes from the tokenizer as NEWLINE INDENT DEDENT (skipped), or as the
// rest of the line.
Status Reader::function()
{
    const PythonToken &defToken = tok();
    ++m_pos;
    const PythonToken &nameToken = tok();
    if (nameToken.type != Type::Name || PythonTokenizer::isKeyword(nameToken.text))
        return invalidSyntax(nameToken);
    ++m_pos;
    if (!tok().isOperator(u"("))
        return invalidSyntax(tok());
    int depth = 0;
    while (true) {
        const PythonToken &t = tok();
        if (t.type == Type::Newline || t.type == Type::EndMarker)
            return python(t, u"SyntaxError"_s, u"expected ':'"_s);
        ++m_pos;
        if (isOpening(t))
            ++depth;
        else if (isClosing(t))
            --depth;
        else if (depth == 0 && t.isOperator(u":"))
            break;
    }
    bind(nameToken.text);
    if (nameToken.text == u"upgrade")
        m_script.hasUpgrade = true;
    else if (nameToken.text == u"downgrade")
        m_script.hasDowngrade = true;
    if (tok().type != Type::Newline)
        return skipStatement(true, false);
    ++m_pos;
    if (tok().type != Type::Indent)
        return python(tok(), u"IndentationError"_s,
                      u"expected an indented block after function definition on line %1"_s.arg(defToken.line));
    return skipBlock(false);
}

// A module-level raise ends the import, so Alembic never gets the module.
Status Reader::raiseStatement()
{
    const PythonToken &raiseToken = tok();
    ++m_pos;
    QString exception = u"RuntimeError"_s;
    QString message = u"raised when the script is imported"_s;
    if (!atStatementEnd()) {
        const qsizetype start = m_pos;
        if (auto e = m_expressions->parse(m_pos)) {
            const PythonExpression &raised = e->isCall() ? e->callee() : *e;
            if (const QString name = raised.dottedName(); !name.isEmpty())
                exception = name.section(u'.', -1);
            if (e->isCall() && e->argumentCount() > 0 && isPlainString(e->argument(0)))
                message = e->argument(0).text;
        }
        m_pos = start;
    }
    return python(raiseToken, exception, message);
}

Status Reader::checkAnnotation(const PythonExpression &e) const
{
    switch (e.kind) {
    case Kind::Name:
        if (isBuiltinName(e.text) || binding(e.text, m_bindings.size()))
            return {};
        return python(e.line, e.column, u"NameError"_s, u"name '%1' is not defined"_s.arg(e.text));
    case Kind::Attribute:
    case Kind::Subscript:
    case Kind::Call:
        return checkAnnotation(e.items.front());
    case Kind::Tuple:
    case Kind::List:
        for (const PythonExpression &item : e.items)
            if (auto s = checkAnnotation(item); !s)
                return s;
        return {};
    default:
        return {};
    }
}

// `from a.b import NAME` is NAME in module a.b; `import a.b` then
// `a.b.NAME`, or `from a.b import c` then `c.NAME`, is NAME in a.b.c.
std::optional<PythonExpression> Reader::imported(const PythonImport &imp, QStringList chain) const
{
    if (!m_importedConstant || imp.name == u"*")
        return std::nullopt;
    if (chain.isEmpty())
        return imp.name.isEmpty() ? std::nullopt : m_importedConstant(imp.module, imp.name);
    const QString name = chain.takeLast();
    QString module = imp.target();
    for (const QString &part : std::as_const(chain))
        module += u'.' + part;
    return m_importedConstant(module, name);
}

std::optional<PythonExpression> Reader::literalOf(const Binding &b) const
{
    qsizetype pos = b.index;
    auto value = m_expressions->parseTuple(pos);
    const PythonToken &end = m_tokens[pos];
    if (!value || !(end.type == Type::Newline || end.type == Type::EndMarker || end.isOperator(u";")))
        return std::nullopt;
    if (!resolve(*value, size_t(&b - m_bindings.data())))
        return std::nullopt;
    return std::move(*value);
}

bool Reader::resolve(PythonExpression &e, size_t before) const
{
    switch (e.kind) {
    case Kind::String:
    case Kind::Integer:
    case Kind::Float:
    case Kind::None:
    case Kind::True:
    case Kind::False:
        return true;
    case Kind::Tuple:
    case Kind::List:
        for (PythonExpression &item : e.items)
            if (!resolve(item, before))
                return false;
        return true;
    case Kind::Name:
    case Kind::Attribute: {
        QStringList chain;
        const PythonExpression *root = &e;
        while (root->kind == Kind::Attribute) {
            chain.prepend(root->text);
            root = &root->items.front();
        }
        if (root->kind != Kind::Name)
            return false;
        const Binding *b = binding(root->text, before);
        std::optional<PythonExpression> found;
        if (b && b->kind == Binding::Kind::Literal && chain.isEmpty())
            found = literalOf(*b);
        else if (b && b->kind == Binding::Kind::Import)
            found = imported(m_script.imports.at(b->index), chain);
        if (!found)
            return false;
        e = std::move(*found);
        return true;
    }
    default:
        return false;
    }
}

QHash<QString, PythonExpression> Reader::constants() const
{
    QHash<QString, PythonExpression> out;
    for (const Binding &b : m_bindings) {
        // The last binding of a name decides, whatever it is.
        if (b.kind != Binding::Kind::Literal) {
            out.remove(b.name.toString());
            continue;
        }
        if (auto value = literalOf(b))
            out.insert(b.name.toString(), std::move(*value));
        else
            out.remove(b.name.toString());
    }
    return out;
}

// NAME = value, NAME = NAME2 = value, or NAME: annotation [= value].
Status Reader::assignment()
{
    QVarLengthArray<qsizetype, 4> targets;
    if (ahead().isOperator(u":")) {
        targets.append(m_pos);
        m_pos += 2;
        const qsizetype annotationStart = m_pos;
        auto annotation = m_expressions->parse(m_pos);
        if (annotation && !m_lazyAnnotations && !m_starImport) {
            if (auto s = checkAnnotation(*annotation); !s)
                return s;
        }
        if (!annotation || (!atStatementEnd() && !tok().isOperator(u"="))) {
            // An annotation beyond the expression subset (`str | None`):
            // nothing to check, the value still follows its '='.
            m_pos = annotationStart;
            int depth = 0;
            while (!(depth == 0 && (tok().isOperator(u"=") || atStatementEnd()))) {
                if (tok().type == Type::EndMarker)
                    break;
                if (isOpening(tok()))
                    ++depth;
                else if (isClosing(tok()))
                    --depth;
                ++m_pos;
            }
        }
        if (atStatementEnd()) // an annotation alone binds nothing
            return endOfStatement();
        ++m_pos; // =
    } else {
        while (tok().type == Type::Name && !PythonTokenizer::isKeyword(tok().text) && ahead().isOperator(u"=")) {
            targets.append(m_pos);
            m_pos += 2;
        }
    }

    const qsizetype valueStart = m_pos;
    const PythonToken &valueToken = tok();
    const size_t before = m_bindings.size();
    bool graph = false;
    for (const qsizetype target : std::as_const(targets)) {
        graph = graph || graphName(m_tokens[target]) >= 0;
        bind(m_tokens[target].text, Binding::Kind::Literal, valueStart);
    }
    if (!graph) // read only if a graph identifier names it later
        return skipStatement(false, false);
    auto value = m_expressions->parseTuple(m_pos);
    const bool literal = value && atStatementEnd() && resolve(*value, before);
    for (const qsizetype target : std::as_const(targets)) {
        const PythonToken &t = m_tokens[target];
        if (const int index = graphName(t); index >= 0) {
            if (!literal)
                return unreadable(valueToken, index, u" is computed here"_s);
            if (auto s = assignGraphName(index, t, *value); !s)
                return s;
        }
    }
    return endOfStatement();
}

Status Reader::assignGraphName(int index, const PythonToken &target, const PythonExpression &value)
{
    const QString &name = graphNameText(index);
    auto refuse = [&](const PythonExpression &at, const QString &message) {
        return fail(Error(m_file, at.line, at.column, message));
    };
    m_assigned[index] = true; // the last assignment wins, as in Python
    if (index == Revision) {
        if (!isPlainString(value))
            return refuse(value, u"expected a string for revision but found "_s + value.describe());
        m_script.revision = value.text;
        m_script.revisionLocation = SourceLocation{m_file, target.line, target.column};
        return {};
    }
    RevisionList list;
    if (value.isNone()) {
        list.form = RevisionList::Form::None;
    } else if (isPlainString(value)) {
        list.form = RevisionList::Form::String;
        list.ids << value.text;
    } else if (value.isSequence()) {
        list.form = value.kind == Kind::Tuple ? RevisionList::Form::Tuple : RevisionList::Form::List;
        for (const PythonExpression &item : value.items) {
            if (!isPlainString(item))
                return refuse(item, u"expected a string in "_s + name + u" but found "_s + item.describe());
            list.ids << item.text;
        }
    } else {
        return refuse(value, u"expected None, a string, or a tuple or list of strings for "_s + name
                                 + u" but found "_s + value.describe());
    }
    (index == DownRevision ? m_script.downRevision : index == BranchLabels ? m_script.branchLabels
                                                                           : m_script.dependsOn) = list;
    return {};
}

// Passes over one statement: a simple one up to its ';' or the end of the
// line, a compound one with its whole line and indented block. A graph
// identifier assigned in a way only running the module could tell (inside
// an if/try/with/for block, or by unpacking) is refused, never guessed.
Status Reader::skipStatement(bool compound, bool checkBlock)
{
    int depth = 0;
    int graphTarget = -1;
    const PythonToken *graphToken = nullptr;
    const PythonToken *last = nullptr;
    while (true) {
        const PythonToken &t = tok();
        if (t.type == Type::EndMarker)
            break;
        if (t.type == Type::Newline) {
            ++m_pos;
            break;
        }
        if (!compound && depth == 0 && t.isOperator(u";"))
            return endOfStatement();
        if (isOpening(t)) {
            ++depth;
        } else if (isClosing(t)) {
            --depth;
        } else if (compound && checkBlock && depth == 0 && t.isOperator(u":")) {
            const PythonToken &after = ahead();
            if (const int index = graphName(after);
                index >= 0 && (ahead(2).isOperator(u"=") || ahead(2).isOperator(u":")))
                return unreadable(after, index, u" is assigned inside a block"_s);
        } else if (!compound && depth == 0 && t.isOperator(u"=") && graphToken) {
            return unreadable(*graphToken, graphTarget, u" is assigned by unpacking"_s);
        } else if (!compound && !graphToken && depth == 0 && (!last || !last->isOperator(u"."))
                   && (graphTarget = graphName(t)) >= 0) {
            graphToken = &t;
        }
        last = &t;
        ++m_pos;
    }
    if (tok().type != Type::Indent)
        return {};
    if (!last || !last->isOperator(u":"))
        return python(tok(), u"IndentationError"_s, u"unexpected indent"_s);
    return skipBlock(checkBlock);
}

// From an INDENT to its DEDENT.
Status Reader::skipBlock(bool checkAssignments)
{
    int depth = 0;
    bool statementStart = true;
    do {
        const PythonToken &t = tok();
        if (t.type == Type::EndMarker)
            break;
        if (t.type == Type::Indent) {
            ++depth;
            statementStart = true;
        } else if (t.type == Type::Dedent) {
            --depth;
            statementStart = true;
        } else if (t.type == Type::Newline) {
            statementStart = true;
        } else {
            if (checkAssignments && statementStart) {
                if (const int index = graphName(t);
                    index >= 0 && (ahead().isOperator(u"=") || ahead().isOperator(u":")))
                    return unreadable(t, index, u" is assigned inside a block"_s);
            }
            statementStart = t.isOperator(u";");
        }
        ++m_pos;
    } while (depth > 0);
    return {};
}

} // namespace

Result<MigrationScript> ScriptHeaderReader::read(const QString &source, const QString &fileName,
                                                 const ImportedConstant &importedConstant)
{
    return Reader(source, fileName, importedConstant).script();
}

Result<QHash<QString, PythonExpression>> ScriptHeaderReader::readConstants(const QString &source,
                                                                          const QString &fileName)
{
    const ImportedConstant none;
    Reader reader(source, fileName, none);
    if (auto s = reader.readStatements(); !s)
        return std::unexpected(s.error());
    return reader.constants();
}

} // namespace pm
