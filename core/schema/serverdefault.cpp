#include "schema/serverdefault.h"

using namespace Qt::StringLiterals;

namespace pm {

QString ServerDefault::sql() const
{
    if (kind != Kind::Literal)
        return text;
    QString escaped = text;
    escaped.replace(u"'"_s, u"''"_s);
    return u'\'' + escaped + u'\'';
}

} // namespace pm
