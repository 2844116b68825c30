// json, datetime, uuid and re.

#include "python/host.h"
#include "python/interpreter.h"
#include "python/interpreterinternal.h"

using namespace Qt::StringLiterals;

namespace pm::python {

void installDataModules(Interpreter &interp)
{
    Q_UNUSED(interp);
}

} // namespace pm::python
