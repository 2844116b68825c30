#include "base/error.h"

namespace pm {

QString Error::toString() const
{
    if (file.isEmpty())
        return message;
    if (line <= 0)
        return file + u": " + message;
    return file + u':' + QString::number(line) + u':' + QString::number(column) + u": " + message;
}

} // namespace pm
