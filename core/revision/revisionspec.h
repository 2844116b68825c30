#pragma once

#include <QString>
#include <QStringList>

namespace pm {

// Alembic's _RevisionIdentifierType: None, one string, or a tuple of strings.
// The three are not interchangeable there (a string may be a relative
// expression such as "ae10+2" or "branch@head", a tuple is a set of current
// heads read from alembic_version), so the distinction is kept.
class RevisionSpec final
{
public:
    enum class Kind { None, String, Tuple };

    RevisionSpec() = default; // None
    RevisionSpec(const QString &value);       // NOLINT: a str, as Alembic takes it
    RevisionSpec(const char16_t *value);      // NOLINT: u"heads"
    static RevisionSpec tuple(const QStringList &values);
    static RevisionSpec none();

    Kind kind() const { return m_kind; }
    bool isNone() const { return m_kind == Kind::None; }
    bool isString() const { return m_kind == Kind::String; }
    bool isTuple() const { return m_kind == Kind::Tuple; }
    // Python truthiness: None, "" and () are false.
    bool isTruthy() const;
    const QString &string() const { return m_string; }
    // util.to_tuple(x, default=()): None -> (), "a" -> ("a",), tuple -> itself.
    QStringList toList() const;
    // "%s" % x in Python: None, 'abc', ('a', 'b').
    QString pyStr() const;

    bool operator==(const RevisionSpec &other) const = default;

private:
    Kind m_kind = Kind::None;
    QString m_string;
    QStringList m_tuple;
};

} // namespace pm
