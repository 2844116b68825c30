#include "script/pythonexpression.h"

#include "python/pythontoken.h"

using namespace Qt::StringLiterals;

namespace pm {

const PythonKeyword *PythonExpression::keyword(QStringView name) const
{
    for (const PythonKeyword &k : keywords)
        if (k.name == name)
            return &k;
    return nullptr;
}

QString PythonExpression::dottedName() const
{
    if (kind == Kind::Name)
        return text;
    if (kind == Kind::Attribute) {
        const QString object = items.front().dottedName();
        if (object.isEmpty())
            return {};
        return object + u'.' + text;
    }
    return {};
}

QString PythonExpression::writtenName() const
{
    return written.isEmpty() ? dottedName() : written;
}

QString PythonExpression::describe() const
{
    switch (kind) {
    case Kind::Name:
    case Kind::Attribute: {
        const QString dotted = writtenName();
        return dotted.isEmpty() ? u"an attribute access"_s : dotted;
    }
    case Kind::Call: {
        const QString dotted = callee().writtenName();
        return dotted.isEmpty() ? u"a call"_s : u"a call to "_s + dotted + u"()"_s;
    }
    case Kind::Subscript: return u"a subscript"_s;
    case Kind::String:
        if (stringFlags & PythonToken::Bytes)
            return u"a bytes literal"_s;
        if (stringFlags & PythonToken::Format)
            return u"an f-string"_s;
        return u"a string"_s;
    case Kind::Integer: return u"an integer"_s;
    case Kind::Float: return u"a number"_s;
    case Kind::None: return u"None"_s;
    case Kind::True: return u"True"_s;
    case Kind::False: return u"False"_s;
    case Kind::Ellipsis: return u"..."_s;
    case Kind::Tuple: return u"a tuple"_s;
    case Kind::List: return u"a list"_s;
    case Kind::Dict: return u"a dict"_s;
    }
    return {};
}

} // namespace pm
