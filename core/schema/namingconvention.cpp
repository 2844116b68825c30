#include "schema/namingconvention.h"

#include <QRegularExpression>

#include "schema/constraint.h"
#include "schema/index.h"
#include "schema/sqlexpression.h"
#include "schema/table.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// What SQLAlchemy's ConventionDict sees of a constraint or an index.
struct ConventionSubject
{
    QString key; // "ix", "uq", ...
    QString name;
    QStringList columns;
    bool isForeignKey = false;
    QString referredTable;
    QStringList referredColumns;
};

QString columnLabel(const Table &table, const QString &column)
{
    // Column._ddl_label: "<table>_<column>", schema-qualified tables prefix
    // the schema, dots becoming underscores.
    QString label = table.name + u'_' + column;
    if (!table.schema.isEmpty())
        label = QString(table.schema).replace(u'.', u'_') + u'_' + label;
    return label;
}

Result<QString> columnToken(const ConventionSubject &s, const Table &table, int idx, const QString &what,
                            bool referred, const QString &key)
{
    const QStringList &cols = referred ? s.referredColumns : s.columns;
    if (idx < 0 || idx >= cols.size())
        return fail(u"naming convention token %(%1)s refers to column %2, but the constraint has %3 column(s)"_s
                        .arg(key)
                        .arg(idx)
                        .arg(cols.size()));
    if (referred) {
        if (what == u"name")
            return cols.at(idx);
        return fail(u"naming convention token %(%1)s is not one SQLAlchemy knows"_s.arg(key));
    }
    if (what == u"name" || what == u"key")
        return cols.at(idx);
    if (what == u"label")
        return columnLabel(table, cols.at(idx));
    return fail(u"naming convention token %(%1)s is not one SQLAlchemy knows"_s.arg(key));
}

Result<QString> tokenValue(const QString &key, const ConventionSubject &s, const Table &table)
{
    if (key == u"table_name")
        return table.name;
    if (key == u"constraint_name") {
        if (s.name.isEmpty())
            return fail(u"Naming convention including %(constraint_name)s token requires that constraint is explicitly named."_s);
        return s.name;
    }
    if (key == u"referred_table_name") {
        if (!s.isForeignKey)
            return fail(u"naming convention token %(referred_table_name)s used for a constraint that is not a foreign key"_s);
        return s.referredTable;
    }
    // The pattern ConventionDict.__getitem__ matches column tokens with.
    static const QRegularExpression columnTemplate(u"^(referred_)?column_(\\d+)(_?N)?_(name|label|key)$"_s);
    const auto m = columnTemplate.match(key);
    if (!m.hasMatch())
        return fail(u"naming convention token %(%1)s is not one SQLAlchemy knows"_s.arg(key));
    const bool referred = !m.captured(1).isEmpty();
    if (referred && !s.isForeignKey)
        return fail(u"naming convention token %(%1)s used for a constraint that is not a foreign key"_s.arg(key));
    const QString multiples = m.captured(3);
    const QString what = m.captured(4);
    if (multiples.isEmpty())
        return columnToken(s, table, m.captured(2).toInt(), what, referred, key);
    const QStringList &cols = referred ? s.referredColumns : s.columns;
    QStringList tokens;
    for (int i = 0; i < cols.size(); ++i) {
        auto t = columnToken(s, table, i, what, referred, key);
        if (!t)
            return t;
        tokens << *t;
    }
    return tokens.join(multiples.startsWith(u'_') ? u"_"_s : QString());
}

// Python's "pattern % dict" for the %(key)s and %% forms conventions use.
Result<QString> expand(const QString &pattern, const ConventionSubject &s, const Table &table)
{
    QString out;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c != u'%') {
            out += c;
            continue;
        }
        if (i + 1 < pattern.size() && pattern.at(i + 1) == u'%') {
            out += u'%';
            ++i;
            continue;
        }
        if (i + 1 >= pattern.size() || pattern.at(i + 1) != u'(')
            return fail(u"naming convention '%1' has a '%' that is not followed by '(name)s'"_s.arg(pattern));
        const qsizetype close = pattern.indexOf(u')', i + 2);
        if (close < 0 || close + 1 >= pattern.size() || pattern.at(close + 1) != u's')
            return fail(u"naming convention '%1' has an unterminated %(...)s token"_s.arg(pattern));
        const QString key = pattern.mid(i + 2, close - i - 2);
        auto value = tokenValue(key, s, table);
        if (!value)
            return std::unexpected(value.error());
        out += *value;
        i = close + 1;
    }
    return out;
}

Result<NamingConvention::Naming> nameSubject(const QMap<QString, QString> &patterns,
                                              const ConventionSubject &s, const Table &table)
{
    // SQLAlchemy's _constraint_name_for_table: a convention applies when the
    // object is unnamed, or always when the convention uses constraint_name.
    const auto it = patterns.constFind(s.key);
    if (it == patterns.constEnd())
        return NamingConvention::Naming{s.name, false};
    const QString &pattern = it.value();
    if (!s.name.isEmpty() && !pattern.contains(u"%(constraint_name)s"))
        return NamingConvention::Naming{s.name, false};
    auto expanded = expand(pattern, s, table);
    if (!expanded)
        return std::unexpected(expanded.error());
    return NamingConvention::Naming{*expanded, true};
}

} // namespace

NamingConvention::NamingConvention()
    : m_patterns{{u"ix"_s, u"ix_%(column_0_label)s"_s}}
{
}

NamingConvention::NamingConvention(QMap<QString, QString> patterns)
    : m_patterns(std::move(patterns))
{
}

Result<NamingConvention::Naming> NamingConvention::nameFor(const Constraint &constraint, const Table &table) const
{
    if (constraint.conventionName)
        return Naming{constraint.name, true};
    ConventionSubject s;
    switch (constraint.kind) {
    case Constraint::Kind::PrimaryKey: s.key = u"pk"_s; break;
    case Constraint::Kind::ForeignKey: s.key = u"fk"_s; break;
    case Constraint::Kind::Unique: s.key = u"uq"_s; break;
    case Constraint::Kind::Check: s.key = u"ck"_s; break;
    }
    s.name = constraint.name;
    s.columns = constraint.columns;
    s.isForeignKey = constraint.isForeignKey();
    s.referredTable = constraint.referredTable;
    s.referredColumns = constraint.referredColumns;
    return nameSubject(m_patterns, s, table);
}

Result<NamingConvention::Naming> NamingConvention::nameFor(const Index &index, const Table &table) const
{
    if (index.conventionName)
        return Naming{index.name, true};
    ConventionSubject s;
    s.key = u"ix"_s;
    s.name = index.name;
    s.columns = index.columns;
    if (index.hasExpressions()) {
        // Alembic's create_index makes each sa.text() element a stand-in
        // column named by its text (_textual_index_element), so
        // [sa.text('born DESC')] is named "ix_pet_born DESC"; other
        // expressions give the convention no column.
        s.columns.clear();
        for (const SqlExpression &e : index.expressions) {
            if (e.kind == SqlExpression::Kind::Column || e.kind == SqlExpression::Kind::Text)
                s.columns << e.text;
        }
    }
    return nameSubject(m_patterns, s, table);
}

} // namespace pm
