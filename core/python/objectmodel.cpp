// Attributes, calls, instantiation and types: Python's object model over
// the value kinds of objects.h.

#include "python/host.h"
#include "python/interpreter.h"
#include "python/interpreterinternal.h"
#include "python/signature.h"

using namespace Qt::StringLiterals;

namespace pm::python {

namespace {

// What an attribute found in a class means when read through an instance.
Value bindDescriptor(Interpreter &interp, const Value &v, const Value &instance, ClassObject *cls)
{
    switch (v.kind()) {
    case Kind::Function:
        return Value(new BoundMethodObject(instance, v));
    case Kind::Native: {
        auto *n = v.as<NativeObject>();
        if (n->function && !n->self.isValid())
            return Value(new NativeObject(n->name, n->function, instance));
        return v;
    }
    case Kind::ClassMethod:
        return Value(new BoundMethodObject(Value(cls), v.as<WrapperObject>()->function));
    case Kind::StaticMethod:
        return v.as<WrapperObject>()->function;
    case Kind::Property: {
        const Value getter = v.as<PropertyObject>()->getter;
        if (!getter.isValid())
            interp.raise(ExceptionType::AttributeError, u"unreadable attribute"_s);
        std::vector<Value> args{instance};
        return interp.call(getter, Args{args, {}});
    }
    default:
        return v;
    }
}

QString functionDoc(const FunctionObject *f)
{
    if (!f->node || f->node->isLambda || f->node->body.isEmpty())
        return {};
    const Node *first = f->node->body[0];
    if (first->kind != NodeKind::Expr)
        return {};
    const Node *v = static_cast<const ExprStmtNode *>(first)->value;
    if (v->kind != NodeKind::Constant || !static_cast<const ConstantNode *>(v)->value->isStr())
        return {};
    return static_cast<const ConstantNode *>(v)->value->text();
}

} // namespace

const Value &Interpreter::builtinClass(Kind kind) const
{
    return m_internal->types[size_t(kind)];
}

const Value &Interpreter::exceptionClass(ExceptionType type) const
{
    return m_internal->exceptions[size_t(type)];
}

Value Interpreter::typeOf(const Value &v)
{
    switch (v.kind()) {
    case Kind::Instance:
        return Value(v.as<InstanceObject>()->cls);
    case Kind::Host: {
        const Value c = v.as<HostObject>()->hostClass();
        return c.isValid() ? c : m_internal->objectClass;
    }
    case Kind::Opaque:
        refuseOpaque(v);
    case Kind::Tuple:
        if (auto *t = v.as<TupleObject>(); t->namedType)
            return Value(t->namedType);
        break;
    case Kind::Dict:
        if (auto *d = v.as<DictObject>(); d->subtype)
            return Value(d->subtype);
        break;
    default:
        break;
    }
    const Value &t = m_internal->types[size_t(v.kind())];
    return t.isValid() ? t : m_internal->objectClass;
}

QString Interpreter::typeName(const Value &v)
{
    switch (v.kind()) {
    case Kind::Instance:
        return v.as<InstanceObject>()->cls->name;
    case Kind::Host:
        return v.as<HostObject>()->typeName();
    case Kind::Opaque:
        return v.as<OpaqueObject>()->chain;
    case Kind::Iterator:
        return v.as<IteratorObject>()->typeName();
    case Kind::DictView: {
        auto w = v.as<DictViewObject>()->which;
        return w == DictViewObject::Which::Keys ? u"dict_keys"_s : w == DictViewObject::Which::Values ? u"dict_values"_s : u"dict_items"_s;
    }
    case Kind::Tuple:
        if (auto *t = v.as<TupleObject>(); t->namedType)
            return t->namedType->name;
        break;
    case Kind::Dict:
        if (auto *d = v.as<DictObject>(); d->subtype)
            return d->subtype->name;
        break;
    default:
        break;
    }
    const Value &t = m_internal->types[size_t(v.kind())];
    return t.isValid() ? t.as<ClassObject>()->name : u"object"_s;
}

bool Interpreter::isInstance(const Value &v, const Value &classOrTuple)
{
    requireConcrete(classOrTuple);
    if (classOrTuple.is(Kind::Tuple)) {
        for (const Value &c : classOrTuple.as<TupleObject>()->items)
            if (isInstance(v, c))
                return true;
        return false;
    }
    if (!classOrTuple.is(Kind::Class))
        raise(ExceptionType::TypeError, u"isinstance() arg 2 must be a type, a tuple of types, or a union"_s);
    auto *cls = classOrTuple.as<ClassObject>();
    if (classOrTuple.isSameAs(m_internal->objectClass))
        return true;
    requireConcrete(v);
    const Value type = typeOf(v);
    return type.as<ClassObject>()->isSubclassOf(cls);
}

// ---------------------------------------------------------------- attributes

Value Interpreter::findAttribute(const Value &object, const Value &name)
{
    const QString &n = name.text();
    Internal &in = *m_internal;
    switch (object.kind()) {
    case Kind::Instance: {
        auto *inst = object.as<InstanceObject>();
        const size_t h = hash(name);
        if (inst->dict)
            if (const Value *v = inst->dict->map.value(name, h))
                return *v;
        ClassObject *cls = inst->cls.get();
        if (cls->isException) {
            auto *exc = static_cast<ExceptionObject *>(inst);
            if (n == u"args")
                return exc->args;
            if (n == u"__cause__")
                return exc->cause.isValid() ? exc->cause : Value::none();
            if (n == u"__context__")
                return exc->context.isValid() ? exc->context : Value::none();
            if (n == u"__traceback__")
                return Value::none();
            if (n == u"__suppress_context__")
                return Value::fromBool(exc->suppressContext);
        }
        if (n == u"__class__")
            return Value(cls);
        if (n == u"__dict__") {
            if (!inst->dict)
                inst->dict = makeDict();
            return Value(inst->dict);
        }
        if (const Value *v = cls->lookup(name, h))
            return bindDescriptor(*this, *v, object, cls);
        if (const Value *getattr = cls->lookup(in.sGetattr, hash(in.sGetattr))) {
            try {
                std::vector<Value> args{name};
                return call(bindDescriptor(*this, *getattr, object, cls), Args{args, {}});
            } catch (const PyException &e) {
                if (isInstance(e.exception, exceptionClass(ExceptionType::AttributeError)))
                    return {};
                throw;
            }
        }
        return {};
    }
    case Kind::Class: {
        auto *cls = object.as<ClassObject>();
        if (n == u"__name__")
            return Value::str(cls->name);
        if (n == u"__qualname__")
            return Value::str(cls->qualname);
        if (n == u"__module__")
            return Value::str(cls->module);
        if (n == u"__mro__") {
            std::vector<Value> items;
            for (ClassObject *c : cls->mro)
                items.push_back(Value(c));
            return makeTuple(std::move(items));
        }
        if (n == u"__bases__") {
            std::vector<Value> items;
            for (const Ref<ClassObject> &c : cls->bases)
                items.push_back(Value(c));
            return makeTuple(std::move(items));
        }
        if (n == u"__doc__") {
            const Value *doc = cls->lookup(in.sDoc, hash(in.sDoc));
            return doc ? *doc : Value::none();
        }
        if (n == u"__dict__" && !cls->isBuiltin && !cls->isEnum && cls->dict) {
            // type.__new__'s namespace, copied (Python's is a read-only
            // mappingproxy): the body's names without __qualname__, then
            // __dict__ and __weakref__ for a class the first in its line to
            // have them, then __doc__. The two descriptors, which
            // petmigrate's classes do not have, are None here.
            Ref<DictObject> d = makeDict();
            const OrderedMap &body = cls->dict->map;
            for (qsizetype i = body.next(-1); i >= 0; i = body.next(i)) {
                const OrderedMap::Entry &e = body.entry(i);
                if (!e.key.isSameAs(in.sQualname))
                    d->map.insert(e.key, hash(e.key), e.value);
            }
            const bool first = std::ranges::all_of(cls->bases, [&](const Ref<ClassObject> &b) {
                return Value(b).isSameAs(in.objectClass);
            });
            const auto add = [&](const QString &key, const Value &v) {
                const Value k = Value::str(key);
                if (d->map.find(k, hash(k)) < 0)
                    d->map.insert(k, hash(k), v);
            };
            if (first) {
                add(u"__dict__"_s, Value::none());
                add(u"__weakref__"_s, Value::none());
            }
            add(u"__doc__"_s, Value::none());
            return Value(d);
        }
        if (n == u"__members__" && cls->isEnum) {
            Ref<DictObject> d = makeDict();
            for (const Value &m : cls->enumMembers) {
                const Value key = findAttribute(m, Value::str(u"name"_s));
                d->map.insert(key, hash(key), m);
            }
            return Value(d);
        }
        const size_t h = hash(name);
        if (const Value *v = cls->lookup(name, h)) {
            switch (v->kind()) {
            case Kind::ClassMethod:
                return Value(new BoundMethodObject(object, v->as<WrapperObject>()->function));
            case Kind::StaticMethod:
                return v->as<WrapperObject>()->function;
            case Kind::Native: {
                auto *n = v->as<NativeObject>();
                if (!n->function || n->self.isValid() || n->selfKind != Kind::Invalid)
                    return *v;
                // CPython gives each built-in class its own descriptor, named
                // in its messages: the nearest built-in class of the MRO.
                const auto owner = std::ranges::find_if(cls->mro, [](const ClassObject *c) { return c->isBuiltin; });
                auto *method = new NativeObject(n->name, n->function);
                method->selfClass = Ref<ClassObject>(owner != cls->mro.end() ? *owner : cls);
                return Value(method);
            }
            default:
                return *v;
            }
        }
        // Built-in types: their methods, unbound (str.lower, dict.items).
        if (cls->isBuiltin && cls->instanceKind != Kind::Instance) {
            const MethodTable &table = in.methods[size_t(cls->instanceKind)];
            if (const auto it = table.methods.constFind(n); it != table.methods.constEnd()) {
                auto *method = new NativeObject(cls->name + u'.' + n, it.value());
                method->selfKind = cls->instanceKind;
                return Value(method);
            }
        }
        return {};
    }
    case Kind::Module: {
        auto *m = object.as<ModuleObject>();
        if (const Value *v = m->dict->map.value(name, hash(name)))
            return *v;
        if (m->missing == ModuleObject::Missing::Opaque)
            return Value(new OpaqueObject(m->name + u'.' + n, OpaqueObject::Reason::NotImplemented, QString(), 0));
        if (m->missing == ModuleObject::Missing::Sandboxed)
            return Value(new OpaqueObject(m->name + u'.' + n, OpaqueObject::Reason::Sandboxed, QString(), 0));
        return {};
    }
    case Kind::Host:
        return object.as<HostObject>()->getAttribute(*this, n);
    case Kind::Opaque: {
        auto *o = object.as<OpaqueObject>();
        return o->derived(o->chain + u'.' + n);
    }
    case Kind::Super: {
        auto *s = object.as<SuperObject>();
        const bool selfIsClass = s->self.is(Kind::Class);
        const Value type = selfIsClass ? s->self : typeOf(s->self);
        auto *cls = type.as<ClassObject>();
        bool after = false;
        const size_t h = hash(name);
        for (ClassObject *c : cls->mro) {
            if (!after) {
                after = c == s->start.get();
                continue;
            }
            if (!c->dict)
                continue;
            if (const Value *v = c->dict->map.value(name, h)) {
                if (selfIsClass) {
                    if (v->is(Kind::ClassMethod))
                        return Value(new BoundMethodObject(s->self, v->as<WrapperObject>()->function));
                    return *v;
                }
                return bindDescriptor(*this, *v, s->self, cls);
            }
        }
        return {};
    }
    case Kind::Function: {
        auto *f = object.as<FunctionObject>();
        if (n == u"__name__")
            return Value::str(f->name);
        if (n == u"__qualname__")
            return Value::str(f->qualname);
        if (n == u"__doc__") {
            const QString doc = functionDoc(f);
            return doc.isNull() ? Value::none() : Value::str(doc);
        }
        if (n == u"__module__") {
            const Value *v = f->globals ? f->globals->map.value(in.sName, hash(in.sName)) : nullptr;
            return v ? *v : Value::none();
        }
        if (f->attributes)
            if (const Value *v = f->attributes->map.value(name, hash(name)))
                return *v;
        return {};
    }
    case Kind::Native: {
        auto *f = object.as<NativeObject>();
        if (n == u"__name__" || n == u"__qualname__")
            return Value::str(f->name.section(u'.', -1));
        if (n == u"__self__")
            return f->self.isValid() ? f->self : Value::none();
        return {};
    }
    case Kind::BoundMethod: {
        auto *m = object.as<BoundMethodObject>();
        if (n == u"__self__")
            return m->self;
        if (n == u"__func__")
            return m->function;
        return findAttribute(m->function, name);
    }
    case Kind::Invalid:
        return {};
    default: {
        if (object.is(Kind::Tuple) && object.as<TupleObject>()->namedType) {
            auto *t = object.as<TupleObject>();
            const auto &fields = t->namedType->fields;
            for (size_t i = 0; i < fields.size() && i < t->items.size(); ++i)
                if (fields[i] == n)
                    return t->items[i];
            if (const Value *v = t->namedType->lookup(name, hash(name)))
                return *v;
        }
        const MethodTable &table = in.methods[size_t(object.kind())];
        if (const auto it = table.methods.constFind(n); it != table.methods.constEnd())
            return Value(new NativeObject(typeName(object) + u'.' + n, it.value(), object));
        if (const auto it = table.properties.constFind(n); it != table.properties.constEnd())
            return it.value()(*this, object, Args{});
        if (n == u"__class__")
            return typeOf(object);
        // Class-level functions of the built-in types, read through an instance ({}.fromkeys).
        if (const Value &type = in.types[size_t(object.kind())]; type.isValid()) {
            auto *cls = type.as<ClassObject>();
            if (const Value *v = cls->lookup(name, hash(name)))
                return bindDescriptor(*this, *v, object, cls);
        }
        return {};
    }
    }
}

Value Interpreter::getAttribute(const Value &object, const QString &name)
{
    const Value v = findAttribute(object, Value::str(name));
    if (v.isValid())
        return v;
    switch (object.kind()) {
    case Kind::Class:
        raise(ExceptionType::AttributeError,
              u"type object '"_s + object.as<ClassObject>()->name + u"' has no attribute '"_s + name + u"'"_s);
    case Kind::Module:
        raise(ExceptionType::AttributeError,
              u"module '"_s + object.as<ModuleObject>()->name + u"' has no attribute '"_s + name + u"'"_s);
    case Kind::Super:
        raise(ExceptionType::AttributeError, u"'super' object has no attribute '"_s + name + u"'"_s);
    default:
        raise(ExceptionType::AttributeError, u"'"_s + typeName(object) + u"' object has no attribute '"_s + name + u"'"_s);
    }
}

void Interpreter::setAttribute(const Value &object, const QString &name, const Value &value)
{
    const Value key = Value::str(name);
    switch (object.kind()) {
    case Kind::Instance: {
        auto *inst = object.as<InstanceObject>();
        if (const Value *v = inst->cls->lookup(key, hash(key)); v && v->is(Kind::Property)) {
            const Value setter = v->as<PropertyObject>()->setter;
            if (!setter.isValid())
                raise(ExceptionType::AttributeError, u"can't set attribute '"_s + name + u"'"_s);
            std::vector<Value> args{object, value};
            call(setter, Args{args, {}});
            return;
        }
        if (inst->cls->isException && name == u"args") {
            static_cast<ExceptionObject *>(inst)->args = makeTuple(toVector(value));
            return;
        }
        if (inst->cls->isException && name == u"__cause__") {
            static_cast<ExceptionObject *>(inst)->cause = value;
            return;
        }
        if (!inst->dict)
            inst->dict = makeDict();
        inst->dict->map.insert(key, hash(key), value);
        return;
    }
    case Kind::Class: {
        auto *cls = object.as<ClassObject>();
        if (cls->isBuiltin && !cls->hostConstruct)
            raise(ExceptionType::TypeError,
                  u"cannot set '"_s + name + u"' attribute of immutable type '"_s + cls->name + u"'"_s);
        if (!cls->dict)
            cls->dict = makeDict();
        cls->dict->map.insert(key, hash(key), value);
        return;
    }
    case Kind::Module:
        object.as<ModuleObject>()->dict->map.insert(key, hash(key), value);
        return;
    case Kind::Function: {
        auto *f = object.as<FunctionObject>();
        if (!f->attributes)
            f->attributes = makeDict();
        f->attributes->map.insert(key, hash(key), value);
        return;
    }
    case Kind::Host:
        if (object.as<HostObject>()->setAttribute(*this, name, value))
            return;
        break;
    case Kind::Opaque:
        refuseOpaque(object);
    default:
        break;
    }
    raise(ExceptionType::AttributeError, u"'"_s + typeName(object) + u"' object has no attribute '"_s + name + u"'"_s);
}

void delAttribute(Interpreter &interp, const Value &object, const QString &name)
{
    const Value key = Value::str(name);
    if (object.is(Kind::Instance)) {
        auto *inst = object.as<InstanceObject>();
        if (inst->dict && inst->dict->map.remove(key, interp.hash(key)))
            return;
    } else if (object.is(Kind::Class) && !object.as<ClassObject>()->isBuiltin) {
        auto *cls = object.as<ClassObject>();
        if (cls->dict && cls->dict->map.remove(key, interp.hash(key)))
            return;
    } else if (object.is(Kind::Module)) {
        if (object.as<ModuleObject>()->dict->map.remove(key, interp.hash(key)))
            return;
    } else if (object.is(Kind::Opaque)) {
        interp.refuseOpaque(object);
    }
    interp.raise(ExceptionType::AttributeError,
                 u"'"_s + interp.typeName(object) + u"' object has no attribute '"_s + name + u"'"_s);
}

// ---------------------------------------------------------------- calls

Value Interpreter::call(const Value &callee, const Args &args)
{
    switch (callee.kind()) {
    case Kind::Function:
        return Internal::callPython(*this, callee.as<FunctionObject>(), Value(), args);
    case Kind::Native: {
        auto *n = callee.as<NativeObject>();
        if (n->selfKind != Kind::Invalid) {
            const QString method = n->name.section(u'.', -1);
            const QString type = n->name.section(u'.', 0, 0);
            if (args.positional.empty())
                raise(ExceptionType::TypeError, u"unbound method "_s + n->name + u"() needs an argument"_s);
            if (args[0].kind() != n->selfKind)
                raise(ExceptionType::TypeError, u"descriptor '"_s + method + u"' for '"_s + type
                                                    + u"' objects doesn't apply to a '"_s + typeName(args[0]) + u"' object"_s);
            return n->function(*this, args[0], Args{args.positional.subspan(1), args.keywords});
        }
        if (n->selfClass) {
            const QString method = n->name.section(u'.', -1);
            if (args.positional.empty())
                raise(ExceptionType::TypeError, u"descriptor '"_s + method + u"' of '"_s + n->selfClass->name
                                                    + u"' object needs an argument"_s);
            if (!isInstance(args[0], Value(n->selfClass)))
                raise(ExceptionType::TypeError, u"descriptor '"_s + method + u"' requires a '"_s + n->selfClass->name
                                                    + u"' object but received a '"_s + typeName(args[0]) + u"'"_s);
            return n->function(*this, args[0], Args{args.positional.subspan(1), args.keywords});
        }
        if (n->function)
            return n->function(*this, n->self, args);
        return n->host(*this, args);
    }
    case Kind::BoundMethod: {
        auto *m = callee.as<BoundMethodObject>();
        if (m->function.is(Kind::Function))
            return Internal::callPython(*this, m->function.as<FunctionObject>(), m->self, args);
        std::vector<Value> positional;
        positional.reserve(args.positional.size() + 1);
        positional.push_back(m->self);
        positional.insert(positional.end(), args.positional.begin(), args.positional.end());
        return call(m->function, Args{positional, args.keywords});
    }
    case Kind::Class:
        return Internal::instantiate(*this, callee.as<ClassObject>(), args);
    case Kind::Host:
        return callee.as<HostObject>()->call(*this, args);
    case Kind::Opaque: {
        auto *o = callee.as<OpaqueObject>();
        if (o->reason == OpaqueObject::Reason::Sandboxed)
            refuseOpaque(callee);
        return o->derived(o->chain + u"()"_s);
    }
    case Kind::Instance: {
        const Value f = findAttribute(callee, m_internal->sCall);
        if (f.isValid())
            return call(f, args);
        break;
    }
    default:
        break;
    }
    raise(ExceptionType::TypeError, u"'"_s + typeName(callee) + u"' object is not callable"_s);
}

Value Interpreter::callMethod(const Value &object, const QString &name, const Args &args)
{
    if (object.is(Kind::Host))
        return object.as<HostObject>()->callMethod(*this, name, args);
    if (object.kind() > Kind::NotImplemented && !object.is(Kind::Instance) && !object.is(Kind::Class)
        && !object.is(Kind::Module)) {
        const MethodTable &table = m_internal->methods[size_t(object.kind())];
        if (const auto it = table.methods.constFind(name); it != table.methods.constEnd())
            return it.value()(*this, object, args);
    }
    return call(getAttribute(object, name), args);
}

Value Interpreter::Internal::instantiate(Interpreter &interp, ClassObject *cls, const Args &args)
{
    Internal &in = *interp.m_internal;
    if (cls->hostConstruct)
        return cls->hostConstruct(interp, args);
    if (cls->construct)
        return cls->construct(interp, Value(cls), args);
    if (cls->isEnum) {
        if (cls->enumMembers.empty())
            interp.raise(ExceptionType::TypeError, cls->name + u"() takes no arguments"_s);
        expectArgs(interp, args, "EnumType.__call__", 1, 1);
        for (const Value &m : cls->enumMembers) {
            const Value v = interp.findAttribute(m, in.sValue);
            if (interp.equals(v, args[0]))
                return m;
        }
        interp.raise(ExceptionType::ValueError,
                     interp.repr(args[0]) + u" is not a valid "_s + cls->qualname);
    }
    if (!cls->fields.empty()) {
        // collections.namedtuple
        std::vector<Signature::Parameter> params;
        for (const QString &f : cls->fields)
            params.push_back({Value::str(f), ParameterKind::PositionalOrKeyword, {}, false, false});
        const Signature sig(cls->name + u".__new__"_s, std::move(params));
        std::vector<Value> values(cls->fields.size());
        sig.bind(interp, Value(), args, values.data());
        auto *t = new TupleObject(std::move(values));
        t->namedType = Ref<ClassObject>(cls);
        return Value(t);
    }
    Ref<InstanceObject> object = cls->isException ? Ref<InstanceObject>(new ExceptionObject(interp.heap(), Ref<ClassObject>(cls)))
                                                   : Ref<InstanceObject>(new InstanceObject(interp.heap(), Ref<ClassObject>(cls)));
    const Value self(object);
    if (cls->isException) {
        std::vector<Value> positional(args.positional.begin(), args.positional.end());
        static_cast<ExceptionObject *>(object.get())->args = makeTuple(std::move(positional));
    }
    const Value *init = cls->lookup(in.sInit, in.sInit.as<StrObject>()->hash);
    if (init && init->is(Kind::Function)) {
        const Value result = callPython(interp, init->as<FunctionObject>(), self, args);
        if (!result.isNone())
            interp.raise(ExceptionType::TypeError,
                         u"__init__() should return None, not '"_s + interp.typeName(result) + u"'"_s);
        return self;
    }
    if (init && init->is(Kind::Native) && init->as<NativeObject>()->function) {
        init->as<NativeObject>()->function(interp, self, args);
        return self;
    }
    if (init) {
        std::vector<Value> positional{self};
        positional.insert(positional.end(), args.positional.begin(), args.positional.end());
        interp.call(*init, Args{positional, args.keywords});
        return self;
    }
    if (args.size() > 0)
        interp.raise(ExceptionType::TypeError, cls->name + u"() takes no arguments"_s);
    return self;
}

// ---------------------------------------------------------------- argument helpers

void expectArgs(Interpreter &interp, const Args &args, const char *name, size_t min, size_t max)
{
    noKeywords(interp, args, name);
    const size_t n = args.positional.size();
    if (n >= min && n <= max)
        return;
    const QString f = QString::fromLatin1(name);
    if (min == max) {
        if (min == 0)
            interp.raise(ExceptionType::TypeError, f + u"() takes no arguments ("_s + QString::number(n) + u" given)"_s);
        if (min == 1)
            interp.raise(ExceptionType::TypeError,
                         f + u"() takes exactly one argument ("_s + QString::number(n) + u" given)"_s);
        interp.raise(ExceptionType::TypeError, f + u" expected "_s + QString::number(min) + u" arguments, got "_s
                                                   + QString::number(n));
    }
    if (n < min)
        interp.raise(ExceptionType::TypeError, f + u" expected at least "_s + QString::number(min) + u" argument"_s
                                                   + (min == 1 ? u""_s : u"s"_s) + u", got "_s + QString::number(n));
    interp.raise(ExceptionType::TypeError, f + u" expected at most "_s + QString::number(max) + u" argument"_s
                                               + (max == 1 ? u""_s : u"s"_s) + u", got "_s + QString::number(n));
}

void noKeywords(Interpreter &interp, const Args &args, const char *name)
{
    if (!args.keywords.empty())
        interp.raise(ExceptionType::TypeError, QString::fromLatin1(name) + u"() takes no keyword arguments"_s);
}

const Value *keywordArg(const Args &args, QStringView name)
{
    for (const KeywordArgument &k : args.keywords)
        if (k.name.text() == name)
            return &k.value;
    return nullptr;
}

QString argString(Interpreter &interp, const Value &v, const char *function, const char *what)
{
    if (v.isStr())
        return v.text();
    interp.requireConcrete(v);
    interp.raise(ExceptionType::TypeError, QString::fromLatin1(function) + u"() "_s + QString::fromLatin1(what)
                                               + u" must be str, not "_s + interp.typeName(v));
}

} // namespace pm::python
