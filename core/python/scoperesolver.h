#pragma once

#include "base/result.h"

namespace pm::python {

class Program;
struct ModuleNode;

// Python's symbol-table pass: decides, for every name in a parsed module,
// which variable it means (ast.h's Scope), as CPython's compiler does, so
// that the evaluator looks nothing up by scope at run time:
//  - in a function (def, lambda, comprehension) a name bound anywhere in it
//    (assignment, for/with/except target, import, def, class, del,
//    parameter) is local unless declared global or nonlocal; locals get
//    slots, parameters first;
//  - other names there are free (a local of an enclosing function, class
//    bodies skipped) or global (module namespace, then built-ins);
//  - a class body looks in its namespace first, then as its enclosing scope would;
//  - a comprehension's first iterable belongs to the enclosing scope; a :=
//    inside a comprehension binds in the enclosing function.
// It also raises the compile-time errors CPython raises there ("no binding
// for nonlocal 'x' found", "name 'x' is assigned to before global
// declaration", ...) and refuses trees nested deeper than 1000 levels.
class ScopeResolver final
{
public:
    ScopeResolver() = delete;
    static Status resolve(Program &program, ModuleNode *module);
};

} // namespace pm::python
