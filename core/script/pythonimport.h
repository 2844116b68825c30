#pragma once

#include <QString>

namespace pm {

// One name bound by an import statement. `import a.b.c` gives
// {module "a.b.c", name "", alias ""} and binds "a"; `import a.b as x` binds
// "x"; `from a.b import c as d` gives {module "a.b", name "c", alias "d"}.
struct PythonImport
{
    QString module;
    QString name;  // from-imports only; "*" for a star import
    QString alias; // the "as" name, if any
    int line = 0;
    int column = 0;
    bool moduleLevel = true; // false for an import inside a function or block

    // The local name the statement binds.
    QString boundName() const
    {
        if (!alias.isEmpty())
            return alias;
        if (!name.isEmpty())
            return name;
        return module.section(u'.', 0, 0);
    }
    // What the bound name refers to, as a dotted path: "a.b.c" for `from a.b import c`.
    QString target() const
    {
        if (name.isEmpty())
            return alias.isEmpty() ? module.section(u'.', 0, 0) : module;
        return module + u'.' + name;
    }

    friend bool operator==(const PythonImport &, const PythonImport &) = default;
};

} // namespace pm
