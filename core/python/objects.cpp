#include "python/objects.h"

#include "python/signature.h"

namespace pm::python {

qint64 RangeObject::length() const
{
    if (step > 0 && start < stop)
        return qint64((quint64(stop) - quint64(start) - 1) / quint64(step) + 1);
    if (step < 0 && start > stop)
        return qint64((quint64(start) - quint64(stop) - 1) / (0 - quint64(step)) + 1);
    return 0;
}

Collectable::Collectable(Kind kind, Heap *heap) : Object(kind)
{
    if (heap)
        heap->add(this);
}

Collectable::~Collectable()
{
    if (m_heap)
        m_heap->remove(this);
}

void Heap::add(Collectable *object)
{
    object->m_heap = this;
    object->m_prev = nullptr;
    object->m_next = m_head;
    if (m_head)
        m_head->m_prev = object;
    m_head = object;
}

void Heap::remove(Collectable *object)
{
    if (object->m_prev)
        object->m_prev->m_next = object->m_next;
    else
        m_head = object->m_next;
    if (object->m_next)
        object->m_next->m_prev = object->m_prev;
    object->m_heap = nullptr;
    object->m_prev = object->m_next = nullptr;
}

void Heap::releaseAll()
{
    // Hold every object while clearing, so that none is deleted mid-walk;
    // the references dropped at the end free whatever only cycles kept.
    std::vector<Ref<Collectable>> held;
    for (Collectable *o = m_head; o; o = o->m_next)
        held.emplace_back(o);
    for (const Ref<Collectable> &o : held) {
        o->m_heap = nullptr;
        o->m_prev = o->m_next = nullptr;
    }
    m_head = nullptr;
    for (const Ref<Collectable> &o : held)
        o->clearReferences();
}

void Env::clearReferences()
{
    parent.reset();
    for (Value &v : values)
        v = Value();
}

FunctionObject::FunctionObject(Heap *heap) : Collectable(Kind::Function, heap) {}

FunctionObject::~FunctionObject() = default;

void FunctionObject::clearReferences()
{
    signature.reset();
    globals.reset();
    module.reset();
    closure.reset();
    defaults.clear();
    definingClass.reset();
    attributes.reset();
}

void ClassObject::clearReferences()
{
    bases.clear();
    mro.clear();
    if (dict)
        dict->map.clear();
    enumMembers.clear();
    hostConstruct = nullptr;
    hostSubclass = nullptr;
}

void InstanceObject::clearReferences()
{
    if (dict)
        dict->map.clear();
}

void ExceptionObject::clearReferences()
{
    InstanceObject::clearReferences();
    args = Value();
    cause = Value();
    context = Value();
}

ModuleObject::ModuleObject(Heap *heap, QString n)
    : Collectable(Kind::Module, heap), name(std::move(n)), dict(makeDict())
{
}

void ModuleObject::clearReferences()
{
    if (dict)
        dict->map.clear();
    starImports.clear();
}

bool ClassObject::isSubclassOf(const ClassObject *other) const
{
    for (const ClassObject *c : mro)
        if (c == other)
            return true;
    return false;
}

const Value *ClassObject::lookup(const Value &name, size_t hash) const
{
    for (const ClassObject *c : mro)
        if (c->dict)
            if (const Value *v = c->dict->map.value(name, hash))
                return v;
    return nullptr;
}

Value makeTuple(std::vector<Value> items)
{
    return Value(new TupleObject(std::move(items)));
}

Value makeList(std::vector<Value> items)
{
    return Value(new ListObject(std::move(items)));
}

Ref<DictObject> makeDict()
{
    return make<DictObject>();
}

Value OpaqueObject::derived(QString longerChain, int line) const
{
    auto *o = new OpaqueObject(std::move(longerChain), reason, file, line);
    o->why = why;
    return Value(o);
}

} // namespace pm::python
