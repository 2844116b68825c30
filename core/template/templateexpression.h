#pragma once

#include <memory>

#include <QHash>
#include <QString>

#include "base/result.h"
#include "template/templatevalue.h"

namespace pm {

// A Python expression from a Mako template, limited to what Alembic's
// templates need: names, str/int/None/True/False literals, tuples and lists,
// repr()/str()/len() calls, not/and/or, ==/!=/is/in comparisons and
// "a if cond else b". Anything else is refused when the template is parsed,
// with its position, so a template never renders half right.
class TemplateExpression final
{
public:
    using Scope = QHash<QString, TemplateValue>;

    // `line`/`column` (1-based) locate the first character of `source` in
    // `file`, for error messages.
    static Result<TemplateExpression> parse(const QString &source, const QString &file, int line, int column);

    Result<TemplateValue> evaluate(const Scope &scope) const;

    // The target name when the expression is a bare name (for-loop targets).
    QString nameIfSimple() const;
    const QString &source() const { return m_source; }

    struct Node;

private:
    QString m_source;
    QString m_file;
    std::shared_ptr<const Node> m_root;
};

} // namespace pm
