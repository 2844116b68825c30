#include "python/value.h"

#include <vector>

#include <QHashFunctions>

#include "python/objects.h"

namespace pm::python {

namespace {

// Objects whose last reference went while another object was being
// destroyed: deleted by the outermost destroy(), one after another.
thread_local bool t_destroying = false;
thread_local std::vector<const Object *> t_pending;

} // namespace

void Object::destroy(const Object *object)
{
    if (t_destroying) {
        t_pending.push_back(object);
        return;
    }
    t_destroying = true;
    delete object;
    while (!t_pending.empty()) {
        const Object *next = t_pending.back();
        t_pending.pop_back();
        delete next;
    }
    t_destroying = false;
}

Value Value::str(QString s)
{
    return Value(new StrObject(std::move(s)));
}

Value Value::bytes(QByteArray b)
{
    return Value(new BytesObject(std::move(b)));
}

size_t hashText(QStringView text)
{
    return qHash(text, 0);
}

const QString &Value::text() const
{
    return static_cast<const StrObject *>(m_object)->text;
}

} // namespace pm::python
