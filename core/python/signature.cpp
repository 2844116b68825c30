#include "python/signature.h"

#include <QStringList>

#include "python/interpreter.h"
#include "python/parser.h"

using namespace Qt::StringLiterals;

namespace pm::python {

namespace {

// 'a', 'b' and 'c' — CPython's list of missing names.
QString nameList(const QStringList &names)
{
    QStringList quoted;
    for (const QString &n : names)
        quoted << u"'"_s + n + u"'"_s;
    if (quoted.size() == 1)
        return quoted.first();
    if (quoted.size() == 2)
        return quoted[0] + u" and "_s + quoted[1];
    const QString last = quoted.takeLast();
    return quoted.join(u", "_s) + u", and "_s + last;
}

} // namespace

Signature::Signature(QString name, std::vector<Parameter> parameters)
    : m_name(std::move(name)), m_parameters(std::move(parameters))
{
    for (int i = 0; i < int(m_parameters.size()); ++i) {
        switch (m_parameters[size_t(i)].kind) {
        case ParameterKind::PositionalOnly:
        case ParameterKind::PositionalOrKeyword:
            ++m_positionalCount;
            break;
        case ParameterKind::VarPositional:
            m_varPositional = i;
            break;
        case ParameterKind::VarKeyword:
            m_varKeyword = i;
            break;
        case ParameterKind::KeywordOnly:
            break;
        }
    }
}

Signature Signature::parse(QStringView spec)
{
    const QString source = u"def "_s + spec + u": pass\n"_s;
    auto program = Parser::parse(source, u"<signature>"_s);
    if (!program)
        qFatal("bad host signature '%s': %s", qPrintable(spec.toString()), qPrintable(program.error().toString()));
    const auto *def = static_cast<const FunctionNode *>((*program)->module()->body[0]);
    std::vector<Parameter> params;
    for (const python::Parameter &p : *def->parameters) {
        Parameter sp;
        sp.name = Value::str(p.name->text());
        sp.kind = p.kind;
        if (const Node *d = p.defaultValue) {
            if (d->kind == NodeKind::Constant) {
                sp.defaultValue = *static_cast<const ConstantNode *>(d)->value;
            } else if (d->kind == NodeKind::UnaryOp && static_cast<const UnaryOpNode *>(d)->op == UnaryOperator::USub
                       && static_cast<const UnaryOpNode *>(d)->operand->kind == NodeKind::Constant) {
                const Value v = *static_cast<const ConstantNode *>(static_cast<const UnaryOpNode *>(d)->operand)->value;
                sp.defaultValue = v.isFloat() ? Value::fromFloat(-v.asFloat()) : Value::fromInt(-v.asInt());
            } else if (d->kind == NodeKind::Tuple && static_cast<const SequenceNode *>(d)->elements.isEmpty()) {
                sp.defaultValue = makeTuple({});
            } else if (d->kind == NodeKind::List && static_cast<const SequenceNode *>(d)->elements.isEmpty()) {
                sp.defaultValue = Value::none();
                sp.freshList = true;
            } else if (d->kind == NodeKind::Dict && static_cast<const DictNode *>(d)->keys.isEmpty()) {
                sp.defaultValue = Value::none();
                sp.freshDict = true;
            } else {
                qFatal("bad host signature '%s': defaults must be literals", qPrintable(spec.toString()));
            }
        }
        params.push_back(std::move(sp));
    }
    return Signature(def->name->text(), std::move(params));
}

int Signature::indexOf(QStringView name) const
{
    for (int i = 0; i < int(m_parameters.size()); ++i)
        if (m_parameters[size_t(i)].name.text() == name)
            return i;
    return -1;
}

void Signature::bind(Interpreter &interp, const Value &self, const Args &args, Value *out) const
{
    const int count = int(m_parameters.size());
    for (int i = 0; i < count; ++i)
        out[i] = Value();
    // Only an error needs the name (this runs on every call).
    struct Name
    {
        const QString &name;
        operator QString() const { return name + u"()"_s; }
    } fn{m_name};

    // Positional arguments, self first.
    const int given = int(args.positional.size()) + (self.isValid() ? 1 : 0);
    std::vector<Value> extra;
    {
        int i = 0;
        auto place = [&](const Value &v) {
            if (i < m_positionalCount)
                out[i] = v;
            else
                extra.push_back(v);
            ++i;
        };
        if (self.isValid())
            place(self);
        for (const Value &v : args.positional)
            place(v);
    }
    if (!extra.empty() && m_varPositional < 0) {
        int required = 0;
        for (int i = 0; i < m_positionalCount; ++i)
            if (!m_parameters[size_t(i)].defaultValue.isValid())
                ++required;
        int keywordOnlyGiven = 0;
        for (const KeywordArgument &k : args.keywords) {
            const int j = indexOf(k.name.text());
            if (j >= 0 && m_parameters[size_t(j)].kind == ParameterKind::KeywordOnly)
                ++keywordOnlyGiven;
        }
        QString takes;
        if (required == m_positionalCount)
            takes = QString::number(m_positionalCount) + (m_positionalCount == 1 ? u" positional argument"_s : u" positional arguments"_s);
        else
            takes = u"from "_s + QString::number(required) + u" to "_s + QString::number(m_positionalCount)
                + u" positional arguments"_s;
        QString was = QString::number(given) + (given == 1 ? u" was given"_s : u" were given"_s);
        if (keywordOnlyGiven > 0)
            was = QString::number(given) + (given == 1 ? u" positional argument"_s : u" positional arguments"_s)
                + u" (and "_s + QString::number(keywordOnlyGiven)
                + (keywordOnlyGiven == 1 ? u" keyword-only argument)"_s : u" keyword-only arguments)"_s)
                + (given == 1 ? u" was given"_s : u" were given"_s);
        interp.raise(ExceptionType::TypeError, QString(fn) + u" takes "_s + takes + u" but "_s + was);
    }
    if (m_varPositional >= 0)
        out[m_varPositional] = makeTuple(std::move(extra));

    // Keywords.
    Ref<DictObject> kwargs;
    if (m_varKeyword >= 0)
        kwargs = makeDict();
    QStringList positionalOnlyAsKeyword;
    for (const KeywordArgument &k : args.keywords) {
        const QString &name = k.name.text();
        int j = -1;
        for (int i = 0; i < count; ++i) {
            const Parameter &p = m_parameters[size_t(i)];
            if (p.kind == ParameterKind::VarPositional || p.kind == ParameterKind::VarKeyword)
                continue;
            if (p.name.text() == name) {
                j = i;
                break;
            }
        }
        if (j >= 0 && m_parameters[size_t(j)].kind == ParameterKind::PositionalOnly) {
            if (kwargs) {
                kwargs->map.insert(k.name, interp.hash(k.name), k.value);
                continue;
            }
            positionalOnlyAsKeyword << name;
            continue;
        }
        if (j >= 0) {
            if (out[j].isValid())
                interp.raise(ExceptionType::TypeError, QString(fn) + u" got multiple values for argument '"_s + name + u"'"_s);
            out[j] = k.value;
            continue;
        }
        if (kwargs) {
            kwargs->map.insert(k.name, interp.hash(k.name), k.value);
            continue;
        }
        interp.raise(ExceptionType::TypeError, QString(fn) + u" got an unexpected keyword argument '"_s + name + u"'"_s);
    }
    if (!positionalOnlyAsKeyword.isEmpty())
        interp.raise(ExceptionType::TypeError, QString(fn) + u" got some positional-only arguments passed as keyword arguments: '"_s
                                                   + positionalOnlyAsKeyword.join(u", "_s) + u"'"_s);
    if (kwargs)
        out[m_varKeyword] = Value(kwargs);

    // Defaults, and what is still missing.
    QStringList missingPositional;
    QStringList missingKeyword;
    for (int i = 0; i < count; ++i) {
        if (out[i].isValid())
            continue;
        const Parameter &p = m_parameters[size_t(i)];
        if (p.kind == ParameterKind::VarPositional || p.kind == ParameterKind::VarKeyword)
            continue;
        if (p.freshList) {
            out[i] = makeList();
        } else if (p.freshDict) {
            out[i] = Value(makeDict());
        } else if (p.defaultValue.isValid()) {
            out[i] = p.defaultValue;
        } else if (p.kind == ParameterKind::KeywordOnly) {
            missingKeyword << p.name.text();
        } else {
            missingPositional << p.name.text();
        }
    }
    if (!missingPositional.isEmpty())
        interp.raise(ExceptionType::TypeError,
                     QString(fn) + u" missing "_s + QString::number(missingPositional.size()) + u" required positional argument"_s
                         + (missingPositional.size() == 1 ? u""_s : u"s"_s) + u": "_s + nameList(missingPositional));
    if (!missingKeyword.isEmpty())
        interp.raise(ExceptionType::TypeError,
                     QString(fn) + u" missing "_s + QString::number(missingKeyword.size()) + u" required keyword-only argument"_s
                         + (missingKeyword.size() == 1 ? u""_s : u"s"_s) + u": "_s + nameList(missingKeyword));
}

const Value &BoundArguments::value(QStringView name) const
{
    static const Value invalid;
    const int i = m_signature->indexOf(name);
    return i < 0 ? invalid : m_values[size_t(i)];
}

std::vector<Value> BoundArguments::varPositional() const
{
    for (size_t i = 0; i < m_values.size(); ++i)
        if (m_signature->parameters()[i].kind == ParameterKind::VarPositional)
            return m_values[i].as<TupleObject>()->items;
    return {};
}

Ref<DictObject> BoundArguments::varKeyword() const
{
    for (size_t i = 0; i < m_values.size(); ++i)
        if (m_signature->parameters()[i].kind == ParameterKind::VarKeyword)
            return Ref<DictObject>(m_values[i].as<DictObject>());
    return makeDict();
}

} // namespace pm::python
