#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace pm {

// A value passed to a template: the few Python types Alembic hands to
// script.py.mako and alembic.ini.mako (str, None, bool, int, and tuples or
// lists of those), with Python's str(), repr() and truth rules so rendered
// text matches Mako's.
class TemplateValue final
{
public:
    enum class Kind {
        None,
        Bool,
        Int,
        String,
        Tuple,
        List,
    };

    TemplateValue() = default; // None
    TemplateValue(const QString &text);
    TemplateValue(const char16_t *text);
    explicit TemplateValue(bool value);
    explicit TemplateValue(qint64 value);

    static TemplateValue none() { return {}; }
    static TemplateValue tuple(const QList<TemplateValue> &items);
    static TemplateValue tuple(const QStringList &items);
    static TemplateValue list(const QList<TemplateValue> &items);
    static TemplateValue list(const QStringList &items);
    // Alembic's tuple_rev_as_scalar: None when empty, the string when one,
    // else the tuple; how down_revision and depends_on are passed.
    static TemplateValue scalarOrTuple(const QStringList &items);

    Kind kind() const { return m_kind; }
    bool isNone() const { return m_kind == Kind::None; }
    bool isString() const { return m_kind == Kind::String; }
    bool isSequence() const { return m_kind == Kind::Tuple || m_kind == Kind::List; }
    bool toBool() const { return m_bool; }
    qint64 toInt() const { return m_int; }
    const QString &toText() const { return m_text; } // the string, for Kind::String
    const QList<TemplateValue> &items() const { return m_items; }

    QString typeName() const; // Python's type name: "str", "NoneType", ...
    QString repr() const;
    QString str() const;
    bool isTruthy() const;

    bool operator==(const TemplateValue &other) const;

private:
    Kind m_kind = Kind::None;
    bool m_bool = false;
    qint64 m_int = 0;
    QString m_text;
    QList<TemplateValue> m_items;
};

} // namespace pm
