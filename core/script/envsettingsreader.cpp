#include "script/envsettingsreader.h"

#include <QFile>

#include "python/parser.h"
#include "python/pythontokenizer.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

using Type = PythonToken::Type;

// The value of a literal expression, or nullopt when it needs evaluating.
// Bytes and f-strings are not values a setting can take as written.
std::optional<QVariant> literalValue(const python::Node *e)
{
    using python::NodeKind;
    switch (e->kind) {
    case NodeKind::Constant: {
        const python::Value &v = *static_cast<const python::ConstantNode *>(e)->value;
        switch (v.kind()) {
        case python::Kind::None: return QVariant();
        case python::Kind::Bool: return QVariant(v.asInt() != 0);
        case python::Kind::Int: return QVariant(qlonglong(v.asInt()));
        case python::Kind::Float: return QVariant(v.toDouble());
        case python::Kind::Str: return QVariant(v.text());
        default: return std::nullopt;
        }
    }
    case NodeKind::Tuple:
    case NodeKind::List: {
        QVariantList list;
        for (const python::Node *item : static_cast<const python::SequenceNode *>(e)->elements) {
            auto v = literalValue(item);
            if (!v)
                return std::nullopt;
            list << *v;
        }
        return QVariant(list);
    }
    case NodeKind::Dict: {
        auto *d = static_cast<const python::DictNode *>(e);
        QVariantMap map;
        for (int i = 0; i < d->keys.size(); ++i) {
            const python::Node *key = d->keys[i];
            if (!key || key->kind != NodeKind::Constant
                || !static_cast<const python::ConstantNode *>(key)->value->is(python::Kind::Str))
                return std::nullopt;
            auto v = literalValue(d->values[i]);
            if (!v)
                return std::nullopt;
            map.insert(static_cast<const python::ConstantNode *>(key)->value->text(), *v);
        }
        return QVariant(map);
    }
    default:
        return std::nullopt;
    }
}

// An argument's value as written, read by core/python's parser (the one
// front-end every .py file goes through); nullopt unless it is a literal.
// The brackets let the text span lines and end in a comment, as it may
// inside the call's own parentheses.
std::optional<QVariant> literalArgument(const QString &text, const QString &file)
{
    auto program = python::Parser::parse(u'(' + text + u"\n)"_s, file);
    if (!program)
        return std::nullopt;
    const python::ModuleNode *module = (*program)->module();
    if (module->body.size() != 1 || module->body[0]->kind != python::NodeKind::Expr)
        return std::nullopt;
    return literalValue(static_cast<const python::ExprStmtNode *>(module->body[0])->value);
}

class Scanner
{
public:
    Scanner(const QString &source, const QString &file) : m_source(source), m_file(file) {}

    Result<EnvSettings> run();

private:
    struct Def
    {
        QString name;
        int bodyDepth;
    };

    QString slice(qsizetype from, qsizetype to) const
    {
        if (from >= to)
            return {};
        const int begin = m_tokens[from].offset;
        const int end = m_tokens[to - 1].offset + m_tokens[to - 1].length;
        return m_source.mid(begin, end - begin);
    }
    qsizetype importStatement(qsizetype i, bool moduleLevel);
    qsizetype fromImportStatement(qsizetype i, bool moduleLevel);
    qsizetype configureCall(qsizetype i, const QString &function);
    qsizetype dotted(qsizetype i, QString *out) const;

    const QString &m_source;
    QString m_file;
    QList<PythonToken> m_tokens;
    EnvSettings m_settings;
};

qsizetype Scanner::dotted(qsizetype i, QString *out) const
{
    out->clear();
    while (m_tokens[i].isOperator(u".") || m_tokens[i].isOperator(u"...")) {
        *out += m_tokens[i].text;
        ++i;
    }
    while (m_tokens[i].type == Type::Name && !m_tokens[i].isName(u"import")) {
        *out += m_tokens[i].text;
        ++i;
        if (!m_tokens[i].isOperator(u"."))
            break;
        *out += u'.';
        ++i;
    }
    return i;
}

qsizetype Scanner::importStatement(qsizetype i, bool moduleLevel)
{
    ++i;
    while (m_tokens[i].type == Type::Name) {
        PythonImport imp;
        imp.line = m_tokens[i].line;
        imp.column = m_tokens[i].column;
        imp.moduleLevel = moduleLevel;
        i = dotted(i, &imp.module);
        if (m_tokens[i].isName(u"as") && m_tokens[i + 1].type == Type::Name) {
            imp.alias = m_tokens[i + 1].text.toString();
            i += 2;
        }
        m_settings.imports << imp;
        if (!m_tokens[i].isOperator(u","))
            break;
        ++i;
    }
    return i;
}

qsizetype Scanner::fromImportStatement(qsizetype i, bool moduleLevel)
{
    ++i;
    const PythonToken &moduleToken = m_tokens[i];
    QString module;
    i = dotted(i, &module);
    if (!m_tokens[i].isName(u"import"))
        return i;
    ++i;
    const bool parenthesized = m_tokens[i].isOperator(u"(");
    if (parenthesized)
        ++i;
    while (m_tokens[i].type == Type::Name || m_tokens[i].isOperator(u"*")) {
        PythonImport imp;
        imp.module = module;
        imp.name = m_tokens[i].text.toString();
        imp.line = moduleToken.line;
        imp.column = moduleToken.column;
        imp.moduleLevel = moduleLevel;
        ++i;
        if (m_tokens[i].isName(u"as") && m_tokens[i + 1].type == Type::Name) {
            imp.alias = m_tokens[i + 1].text.toString();
            i += 2;
        }
        m_settings.imports << imp;
        if (!m_tokens[i].isOperator(u","))
            break;
        ++i;
    }
    return i;
}

qsizetype Scanner::configureCall(qsizetype i, const QString &function)
{
    ConfigureCall call;
    call.function = function;
    call.line = m_tokens[i].line;
    call.column = m_tokens[i].column;
    qsizetype pos = i + 4; // past "context . configure ("
    int depth = 0;
    qsizetype argStart = pos;
    // Split at top-level commas; the tokenizer already proved brackets balance.
    for (;; ++pos) {
        const PythonToken &t = m_tokens[pos];
        if (t.type == Type::EndMarker)
            break;
        const bool close = depth == 0 && t.isOperator(u")");
        if (t.type == Type::Operator && (t.text == u"(" || t.text == u"[" || t.text == u"{"))
            ++depth;
        else if (!close && t.type == Type::Operator && (t.text == u")" || t.text == u"]" || t.text == u"}"))
            --depth;
        if (!close && !(depth == 0 && t.isOperator(u",")))
            continue;
        if (pos > argStart) {
            EnvArgument arg;
            qsizetype valueStart = argStart;
            const PythonToken &first = m_tokens[argStart];
            arg.line = first.line;
            arg.column = first.column;
            if (first.type == Type::Name && m_tokens[argStart + 1].isOperator(u"=")) {
                arg.name = first.text.toString();
                valueStart = argStart + 2;
            } else if (first.isOperator(u"**")) {
                arg.name = u"**"_s;
                valueStart = argStart + 1;
            }
            arg.text = slice(valueStart, pos);
            if (auto v = literalArgument(arg.text, m_file)) {
                arg.value = *v;
                arg.literal = true;
            }
            if (!arg.name.isEmpty())
                call.arguments << arg;
        }
        argStart = pos + 1;
        if (close)
            break;
    }
    if (function.contains(u"offline"))
        call.mode = ConfigureCall::Mode::Offline;
    else if (function.contains(u"online"))
        call.mode = ConfigureCall::Mode::Online;
    else if (call.argument(u"connection"))
        call.mode = ConfigureCall::Mode::Online;
    else if (call.argument(u"url"))
        call.mode = ConfigureCall::Mode::Offline;
    m_settings.configureCalls << call;
    return pos + 1;
}

Result<EnvSettings> Scanner::run()
{
    auto tokens = PythonTokenizer::tokenize(m_source, m_file);
    if (!tokens)
        return std::unexpected(tokens.error());
    m_tokens = std::move(*tokens);

    QList<Def> defs;
    QString pendingDef;
    int depth = 0;
    bool statementStart = true;
    qsizetype i = 0;
    while (m_tokens[i].type != Type::EndMarker) {
        const PythonToken &t = m_tokens[i];
        switch (t.type) {
        case Type::Indent:
            ++depth;
            statementStart = true;
            ++i;
            continue;
        case Type::Dedent:
            --depth;
            while (!defs.isEmpty() && defs.last().bodyDepth > depth)
                defs.removeLast();
            statementStart = true;
            ++i;
            continue;
        case Type::Newline:
            if (!pendingDef.isEmpty() && m_tokens[i + 1].type == Type::Indent)
                defs.append({pendingDef, depth + 1});
            pendingDef.clear();
            statementStart = true;
            ++i;
            continue;
        default:
            break;
        }
        const QString function = !pendingDef.isEmpty() ? pendingDef : defs.isEmpty() ? QString() : defs.last().name;
        if (statementStart && t.isName(u"import")) {
            i = importStatement(i, depth == 0);
        } else if (statementStart && t.isName(u"from")) {
            i = fromImportStatement(i, depth == 0);
        } else if (t.isName(u"def") && m_tokens[i + 1].type == Type::Name) {
            pendingDef = m_tokens[i + 1].text.toString();
            i += 2;
        } else if (statementStart && depth == 0 && t.isName(u"target_metadata")
                   && (m_tokens[i + 1].isOperator(u"=") || m_tokens[i + 1].isOperator(u":"))) {
            qsizetype p = i + 1;
            while (!m_tokens[p].isOperator(u"=") && m_tokens[p].type != Type::Newline)
                ++p;
            if (m_tokens[p].isOperator(u"=")) {
                qsizetype end = p + 1;
                while (m_tokens[end].type != Type::Newline && m_tokens[end].type != Type::EndMarker)
                    ++end;
                m_settings.targetMetadata = slice(p + 1, end);
                m_settings.targetMetadataLine = t.line;
                i = end;
            } else {
                i = p;
            }
        } else if (t.isName(u"context") && m_tokens[i + 1].isOperator(u".") && m_tokens[i + 2].isName(u"configure")
                   && m_tokens[i + 3].isOperator(u"(") && (i == 0 || !m_tokens[i - 1].isOperator(u"."))) {
            i = configureCall(i, function);
        } else {
            ++i;
        }
        statementStart = false;
    }
    return std::move(m_settings);
}

} // namespace

Result<EnvSettings> EnvSettingsReader::read(const QString &source, const QString &fileName)
{
    Scanner scanner(source, fileName);
    return scanner.run();
}

Result<EnvSettings> EnvSettingsReader::readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error(path, 0, 0, u"cannot read env.py: "_s + file.errorString()));
    const QString source = QString::fromUtf8(file.readAll());
    return read(source, path);
}

} // namespace pm
