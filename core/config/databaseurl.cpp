#include "config/databaseurl.h"

#include <algorithm>
#include <cctype>

#include <QDir>
#include <QRegularExpression>
#include <QUrl>

#include "config/pythonstring.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// urllib.parse.unquote: %XX decoded as UTF-8, anything else kept.
QString unquote(const QString &text)
{
    if (!text.contains(u'%'))
        return text;
    // Not QByteArray::fromPercentEncoding: it drops a '%' that no two hex
    // digits follow, where Python keeps it ("p%ss" is a valid password).
    const QByteArray in = text.toUtf8();
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in.at(i) == '%' && i + 2 < in.size() && isxdigit(uchar(in.at(i + 1))) && isxdigit(uchar(in.at(i + 2)))) {
            out.append(char(QByteArray(in.constData() + i + 1, 2).toInt(nullptr, 16)));
            i += 2;
        } else {
            out.append(in.at(i));
        }
    }
    return QString::fromUtf8(out);
}

// urllib.parse.quote_plus(text, safe='')
QString quotePlus(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text, " ")).replace(u' ', u'+');
}

// sqlalchemy.engine.url._sqla_url_quote, and '%' as well: SQLAlchemy 1.4
// leaves it as it is, so a password holding "%41" prints as a URL that reads
// back as "A" (make_url unquotes). Escaping it makes every printed URL read
// back as itself; make_url reads "%25" as '%', so Alembic reads ours the same.
QString sqlaQuote(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        if (c == u'%')
            out += u"%25";
        else if (c == u':')
            out += u"%3A";
        else if (c == u'@')
            out += u"%40";
        else if (c == u'/')
            out += u"%2F";
        else
            out += c;
    }
    return out;
}

// urllib.parse.parse_qsl(query) with its defaults: '&' separated, pairs
// without '=' or with an empty value dropped, '+' meaning space.
DatabaseUrl::Query parseQuery(const QString &query)
{
    DatabaseUrl::Query result;
    const QStringList pairs = query.split(u'&');
    for (const QString &pair : pairs) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq < 0 || eq + 1 == pair.size())
            continue;
        QString name = pair.left(eq);
        QString value = pair.mid(eq + 1);
        const QString key = unquote(name.replace(u'+', u' '));
        // Grouped by key in first-seen order, as SQLAlchemy's query dict.
        qsizetype at = result.size();
        for (qsizetype i = result.size() - 1; i >= 0; --i) {
            if (result.at(i).first == key) {
                at = i + 1;
                break;
            }
        }
        result.insert(at, {key, unquote(value.replace(u'+', u' '))});
    }
    return result;
}

} // namespace

Result<DatabaseUrl> DatabaseUrl::parse(const QString &url)
{
    if (url.trimmed().isEmpty())
        return fail(u"The database URL is empty; set sqlalchemy.url to a URL such as sqlite:///app.db."_s);

    // sqlalchemy.engine.url._parse_url, matched at the start only as re.match does.
    static const QRegularExpression pattern(uR"(^
            (?P<name>[\w\+]+)://
            (?:
                (?P<username>[^:/]*)
                (?::(?P<password>[^@]*))?
            @)?
            (?:
                (?:
                    \[(?P<ipv6host>[^/\?]+)\] |
                    (?P<ipv4host>[^/:\?]+)
                )?
                (?::(?P<port>[^/\?]*))?
            )?
            (?:/(?P<database>[^\?]*))?
            (?:\?(?P<query>.*))?
            )"_s,
                                            QRegularExpression::ExtendedPatternSyntaxOption
                                                | QRegularExpression::UseUnicodePropertiesOption
                                                | QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = pattern.match(url);
    if (!m.hasMatch()) {
        return fail(u"Could not parse the database URL "_s + PythonString::repr(url)
                    + u"; expected a URL such as sqlite:///app.db or postgresql://user:password@host/dbname."_s);
    }

    DatabaseUrl result;
    result.m_driverName = m.captured(u"name");
    const QString backend = result.backendName();
    if (backend == u"sqlite") {
        result.m_backend = Backend::Sqlite;
    } else if (backend == u"postgresql") {
        result.m_backend = Backend::PostgreSql;
    } else {
        return fail(u"The database URL scheme "_s + PythonString::repr(result.m_driverName)
                    + u" is not supported; use sqlite:// or postgresql:// (optionally with +driver)."_s);
    }

    auto group = [&m](QStringView name) -> std::optional<QString> {
        if (m.capturedStart(name) < 0)
            return std::nullopt;
        return m.captured(name);
    };
    if (auto user = group(u"username"))
        result.m_userName = unquote(*user);
    if (auto password = group(u"password"))
        result.m_password = unquote(*password);
    // "ipv4host or ipv6host": an empty host is no host.
    QString host = m.captured(u"ipv4host");
    if (host.isEmpty())
        host = m.captured(u"ipv6host");
    if (!host.isEmpty())
        result.m_host = host;
    if (const QString port = m.captured(u"port"); !port.isEmpty()) {
        bool ok = false;
        const int value = port.toInt(&ok);
        if (!ok || value < 0 || value > 65535) {
            return fail(u"The port "_s + PythonString::repr(port) + u" in the database URL "_s
                        + PythonString::repr(url) + u" is not a number from 0 to 65535."_s);
        }
        result.m_port = value;
    }
    result.m_database = group(u"database");
    if (auto query = group(u"query"))
        result.m_query = parseQuery(*query);
    return result;
}

QString DatabaseUrl::backendName() const
{
    return m_driverName.section(u'+', 0, 0);
}

QString DatabaseUrl::driver() const
{
    const qsizetype plus = m_driverName.indexOf(u'+');
    return plus < 0 ? QString() : m_driverName.mid(plus + 1);
}

QList<QString> DatabaseUrl::queryValues(const QString &key) const
{
    QList<QString> values;
    for (const auto &[k, v] : m_query) {
        if (k == key)
            values.append(v);
    }
    return values;
}

bool DatabaseUrl::isMemory() const
{
    return m_backend == Backend::Sqlite
        && (!m_database || m_database->isEmpty() || *m_database == u":memory:");
}

QString DatabaseUrl::sqliteFilePath(const QString &baseDir) const
{
    if (m_backend != Backend::Sqlite || isMemory())
        return {};
    // os.path.abspath: relative to the working directory, normalised.
    return QDir::cleanPath(QDir(baseDir).absoluteFilePath(*m_database));
}

QString DatabaseUrl::sqliteFilePath() const
{
    return sqliteFilePath(QDir::currentPath());
}

QString DatabaseUrl::render(bool hidePassword) const
{
    QString s = m_driverName + u"://";
    if (m_userName) {
        s += sqlaQuote(*m_userName);
        if (m_password)
            s += u':' + (hidePassword ? u"***"_s : sqlaQuote(*m_password));
        s += u'@';
    }
    if (m_host)
        s += m_host->contains(u':') ? u'[' + *m_host + u']' : *m_host;
    if (m_port)
        s += u':' + QString::number(*m_port);
    if (m_database)
        s += u'/' + *m_database;
    if (!m_query.isEmpty()) {
        // Keys sorted, each key's values in their original order.
        QStringList keys;
        for (const auto &[k, v] : m_query) {
            if (!keys.contains(k))
                keys.append(k);
        }
        std::sort(keys.begin(), keys.end());
        QStringList parts;
        for (const QString &k : std::as_const(keys)) {
            for (const QString &v : queryValues(k))
                parts.append(quotePlus(k) + u'=' + quotePlus(v));
        }
        s += u'?' + parts.join(u'&');
    }
    return s;
}

DatabaseUrl DatabaseUrl::withPassword(std::optional<QString> password) const
{
    DatabaseUrl copy = *this;
    copy.m_password = std::move(password);
    return copy;
}

QString DatabaseUrl::toString() const
{
    return render(false);
}

QString DatabaseUrl::toDisplayString() const
{
    return render(true);
}

} // namespace pm
