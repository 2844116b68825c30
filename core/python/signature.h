#pragma once

#include <vector>

#include <QString>

#include "python/ast.h"
#include "python/objects.h"

namespace pm::python {

class Interpreter;

// A Python parameter list, for binding a call's arguments to parameters
// exactly as CPython does, with its error wording ("create_table() got an
// unexpected keyword argument 'x'", "f() missing 1 required positional
// argument: 'b'", "f() takes 2 positional arguments but 3 were given", ...).
// Python functions carry one (built from their def); host functions build
// one from a def-like spec:
//
//   Signature::parse(u"create_table(table_name, *columns, schema=None, **kw)")
//
// Defaults in a spec are literals (None, True, False, numbers, strings,
// (), [] and {} — the last three are fresh empty containers at every call).
class Signature
{
public:
    struct Parameter
    {
        Value name; // str
        ParameterKind kind = ParameterKind::PositionalOrKeyword;
        Value defaultValue; // Invalid: required
        // A spec's [] or {} default: a new empty list or dict per call.
        bool freshList = false;
        bool freshDict = false;
    };

    Signature() = default;
    Signature(QString name, std::vector<Parameter> parameters);
    // A def-like spec: "name(a, b=1, *args, c, d=None, **kwargs)". A bad spec
    // is a programming error in the host: it aborts with the spec's text.
    static Signature parse(QStringView spec);

    const QString &name() const { return m_name; } // as in messages: "create_table"
    const std::vector<Parameter> &parameters() const { return m_parameters; }
    int indexOf(QStringView name) const;

    // Binds `self` (if valid) and the arguments into `out`, one Value per
    // parameter in order (*args as a tuple, **kwargs as a dict). Raises
    // TypeError through `interp` on a mismatch.
    void bind(Interpreter &interp, const Value &self, const Args &args, Value *out) const;

private:
    QString m_name;
    std::vector<Parameter> m_parameters;
    int m_positionalCount = 0; // positional-only + positional-or-keyword
    int m_varPositional = -1;
    int m_varKeyword = -1;
};

// The result of binding a call to a host Signature: parameters by name or index.
class BoundArguments
{
public:
    BoundArguments(const Signature &signature, std::vector<Value> values)
        : m_signature(&signature), m_values(std::move(values)) {}

    const Value &operator[](int index) const { return m_values[size_t(index)]; }
    // The named parameter's value (Invalid if the signature has no such parameter).
    const Value &value(QStringView name) const;
    // *args as a vector and **kwargs as a dict (empty if the signature has none).
    std::vector<Value> varPositional() const;
    Ref<DictObject> varKeyword() const;
    const Signature &signature() const { return *m_signature; }

private:
    const Signature *m_signature;
    std::vector<Value> m_values;
};

} // namespace pm::python
