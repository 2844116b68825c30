#include "dialect/dialect.h"

using namespace Qt::StringLiterals;

namespace pm {

Dialect::~Dialect() = default;

QString Dialect::quote(const QString &identifier) const
{
    return requiresQuotes(identifier) ? quoteIdentifier(identifier) : identifier;
}

void Dialect::appendQuoted(QString &out, const QString &identifier) const
{
    if (requiresQuotes(identifier))
        out += quoteIdentifier(identifier);
    else
        out += identifier;
}

void Dialect::appendQuoted(SqlText &out, const QString &identifier) const
{
    if (requiresQuotes(identifier))
        out += quoteIdentifier(identifier);
    else
        out += identifier;
}

QString Dialect::formatTable(const QString &table, const QString &schema) const
{
    if (schema.isEmpty())
        return quote(table);
    // Alembic quotes each part of a dotted schema name separately.
    QStringList parts;
    for (const QString &part : schema.split(u'.'))
        parts << quote(part);
    return parts.join(u'.') + u'.' + quote(table);
}

Result<QStringList> Dialect::createTableWithIndexes(const Table &table) const
{
    QStringList out;
    auto create = createTable(table);
    if (!create)
        return fail(create.error());
    out << std::move(*create);
    for (const Index &index : table.indexes) {
        auto sql = createIndex(table.name, index, table.schema);
        if (!sql)
            return fail(sql.error());
        out << std::move(*sql);
    }
    return out;
}

QString Dialect::storedForm(const QString &statement)
{
    return statement.trimmed();
}

QString Dialect::offlineForm(const QString &statement)
{
    QString text = statement;
    text.replace(u'\t', u"    "_s);
    return text.trimmed() + u";\n\n"_s;
}

} // namespace pm
