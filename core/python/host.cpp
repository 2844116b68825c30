#include "python/host.h"

#include "python/interpreter.h"
#include "python/interpreterinternal.h"

using namespace Qt::StringLiterals;

namespace pm::python {

Value HostObject::getAttribute(Interpreter &, const QString &)
{
    return {};
}

bool HostObject::setAttribute(Interpreter &, const QString &, const Value &)
{
    return false;
}

Value HostObject::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    const Value method = getAttribute(interp, name);
    if (!method.isValid())
        interp.raise(ExceptionType::AttributeError, u"'"_s + typeName() + u"' object has no attribute '"_s + name + u"'"_s);
    return interp.call(method, args);
}

Value HostObject::classBase(Interpreter &)
{
    return {};
}

Value HostObject::call(Interpreter &interp, const Args &)
{
    interp.raise(ExceptionType::TypeError, u"'"_s + typeName() + u"' object is not callable"_s);
}

bool HostObject::truth(Interpreter &)
{
    return true;
}

std::optional<qint64> HostObject::length(Interpreter &)
{
    return std::nullopt;
}

Value HostObject::getItem(Interpreter &, const Value &)
{
    return {};
}

bool HostObject::setItem(Interpreter &, const Value &, const Value &)
{
    return false;
}

Value HostObject::iterate(Interpreter &)
{
    return {};
}

std::optional<bool> HostObject::contains(Interpreter &, const Value &)
{
    return std::nullopt;
}

Value HostObject::binaryOp(Interpreter &, BinaryOperator, const Value &, bool)
{
    return {};
}

Value HostObject::unaryOp(Interpreter &, UnaryOperator)
{
    return {};
}

Value HostObject::compare(Interpreter &, CompareOperator, const Value &)
{
    return {};
}

size_t HostObject::hash(Interpreter &)
{
    return std::hash<const void *>()(this);
}

QString HostObject::repr(Interpreter &)
{
    return u"<"_s + typeName() + u" object>"_s;
}

QString HostObject::str(Interpreter &interp)
{
    return repr(interp);
}

QString HostObject::format(Interpreter &interp, QStringView spec)
{
    if (!spec.isEmpty())
        interp.raise(ExceptionType::TypeError, u"unsupported format string passed to "_s + typeName() + u".__format__"_s);
    return str(interp);
}

Value makeFunction(QStringView spec, HostBody body)
{
    auto signature = std::make_shared<Signature>(Signature::parse(spec));
    const QString name = signature->name();
    return makeRawFunction(name, [signature, body = std::move(body)](Interpreter &interp, const Args &args) {
        std::vector<Value> values(signature->parameters().size());
        signature->bind(interp, Value(), args, values.data());
        return body(interp, BoundArguments(*signature, std::move(values)));
    });
}

Value makeRawFunction(QString name, HostFunction body)
{
    return Value(new NativeObject(std::move(name), std::move(body)));
}

Value makeHostClass(Interpreter &interp, const QString &name, QStringView spec, HostBody construct, SubclassHook subclass)
{
    Ref<ClassObject> cls = make<ClassObject>(interp.heap());
    cls->name = name;
    cls->qualname = name;
    cls->module = QString();
    cls->isBuiltin = true;
    cls->dict = makeDict();
    // isinstance(x, object) holds for everything without object in the MRO.
    cls->mro.push_back(cls.get());
    auto signature = std::make_shared<Signature>(Signature::parse(spec));
    cls->hostConstruct = [signature, construct = std::move(construct)](Interpreter &in, const Args &args) {
        std::vector<Value> values(signature->parameters().size());
        signature->bind(in, Value(), args, values.data());
        return construct(in, BoundArguments(*signature, std::move(values)));
    };
    if (subclass)
        cls->hostSubclass = std::move(subclass);
    return Value(cls);
}

Ref<ModuleObject> makeModule(Interpreter &interp, const QString &name, ModuleObject::Missing missing)
{
    Ref<ModuleObject> m = make<ModuleObject>(interp.heap(), name);
    m->missing = missing;
    m->dict->map.insert(Value::str(u"__name__"_s), hashText(u"__name__"), Value::str(name));
    return m;
}

void setAttribute(const Ref<ModuleObject> &module, const QString &name, Value value)
{
    module->dict->map.insert(Value::str(name), hashText(name), std::move(value));
}

void setAttribute(const Value &hostClass, const QString &name, Value value)
{
    auto *cls = hostClass.as<ClassObject>();
    if (!cls->dict)
        cls->dict = makeDict();
    cls->dict->map.insert(Value::str(name), hashText(name), std::move(value));
}

} // namespace pm::python
