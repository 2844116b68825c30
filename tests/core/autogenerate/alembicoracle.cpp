#include "alembicoracle.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace pm::test {

namespace {

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out << s.toString();
    return out;
}

std::optional<int> optInt(const QJsonObject &o, const QString &key)
{
    if (!o.contains(key))
        return std::nullopt;
    return o.value(key).toInt();
}

SqlType reflectedType(const QJsonObject &t)
{
    const QString cls = t.value(u"class"_s).toString();
    const QString module = t.value(u"module"_s).toString();
    const auto length = optInt(t, u"length"_s);
    SqlType type;
    if (cls == u"INTEGER")
        type = SqlType::integer();
    else if (cls == u"BIGINT")
        type = SqlType::bigInteger();
    else if (cls == u"SMALLINT")
        type = SqlType::smallInteger();
    else if (cls == u"BOOLEAN")
        type = SqlType::boolean();
    else if (cls == u"FLOAT" || cls == u"REAL")
        type = SqlType::floating(optInt(t, u"precision"_s));
    else if (cls == u"NUMERIC" || cls == u"DECIMAL")
        type = SqlType::numeric(optInt(t, u"precision"_s), optInt(t, u"scale"_s));
    else if (cls == u"VARCHAR" || cls == u"CHAR" || cls == u"NVARCHAR" || cls == u"NCHAR")
        type = SqlType::string(length);
    else if (cls == u"TEXT" || cls == u"CLOB")
        type = SqlType::text(length);
    else if (cls == u"DATE")
        type = SqlType::date();
    else if (cls == u"DATETIME" || cls == u"TIMESTAMP")
        type = SqlType::dateTime(t.value(u"timezone"_s).toBool());
    else if (cls == u"TIME")
        type = SqlType::time();
    else if (cls == u"BLOB")
        type = SqlType::largeBinary(length);
    else if (cls == u"JSON")
        type = SqlType::json();
    else if (cls == u"NullType")
        return SqlType{};
    else
        return SqlType::other(cls);
    const QString dialect = module.startsWith(u"sqlalchemy.dialects."_s) ? module.section(u'.', 2, 2) : QString();
    return type.spelledAs(cls, dialect);
}

} // namespace

Status AlembicOracle::run()
{
    if (!m_dir.isValid())
        return fail(u"cannot create a temporary directory"_s);
    const QString out = m_dir.filePath(u"oracle.json"_s);
    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PYTHONHASHSEED"_s, u"0"_s);
    python.setProcessEnvironment(env);
    python.start(QString::fromUtf8(PM_PYTHON),
                 {QString::fromUtf8(PM_ORACLE_SCRIPT), out, m_dir.filePath(u"work"_s)});
    if (!python.waitForStarted(30000))
        return fail(u"cannot start %1: %2"_s.arg(QString::fromUtf8(PM_PYTHON), python.errorString()));
    if (!python.waitForFinished(300000) || python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0)
        return fail(u"alembic_oracle.py failed:\n%1"_s.arg(QString::fromUtf8(python.readAll())));
    QFile file(out);
    if (!file.open(QIODevice::ReadOnly))
        return fail(u"alembic_oracle.py wrote no %1"_s.arg(out));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (doc.isNull())
        return fail(u"alembic_oracle.py wrote invalid JSON: %1"_s.arg(error.errorString()));
    m_corpus = doc.object();
    return {};
}

QJsonObject AlembicOracle::render(const QJsonObject &variant, bool batch, bool prefix)
{
    const QString key = u"batch=%1,prefix=%2"_s.arg(int(batch)).arg(int(prefix));
    return variant.value(u"renders"_s).toObject().value(key).toObject();
}

Result<MetaData> AlembicOracle::reflected(const QJsonObject &variant)
{
    MetaData md;
    for (const QJsonValue &tv : variant.value(u"reflected"_s).toArray()) {
        const QJsonObject to = tv.toObject();
        Table table;
        table.name = to.value(u"name"_s).toString();
        const QJsonObject pk = to.value(u"pk"_s).toObject();
        const QStringList pkColumns = strings(pk.value(u"columns"_s));
        for (const QJsonValue &cv : to.value(u"columns"_s).toArray()) {
            const QJsonObject co = cv.toObject();
            Column c;
            c.name = co.value(u"name"_s).toString();
            c.type = reflectedType(co.value(u"type"_s).toObject());
            c.nullable = co.value(u"nullable"_s).toBool();
            c.primaryKey = pkColumns.contains(c.name);
            if (co.value(u"default"_s).isString())
                c.serverDefault = ServerDefault::expression(co.value(u"default"_s).toString());
            table.columns << c;
        }
        if (!pkColumns.isEmpty())
            table.constraints << Constraint::primaryKey(pkColumns, pk.value(u"name"_s).toString());
        for (const QJsonValue &fv : to.value(u"fks"_s).toArray()) {
            const QJsonObject fo = fv.toObject();
            Constraint fk = Constraint::foreignKey(strings(fo.value(u"columns"_s)),
                                                   fo.value(u"referred_table"_s).toString(),
                                                   strings(fo.value(u"referred_columns"_s)),
                                                   fo.value(u"name"_s).toString());
            fk.referredSchema = fo.value(u"referred_schema"_s).toString();
            fk.onDelete = fo.value(u"ondelete"_s).toString();
            fk.onUpdate = fo.value(u"onupdate"_s).toString();
            table.constraints << fk;
        }
        for (const QJsonValue &uv : to.value(u"uniques"_s).toArray()) {
            const QJsonObject uo = uv.toObject();
            table.constraints << Constraint::unique(strings(uo.value(u"columns"_s)), uo.value(u"name"_s).toString());
        }
        for (const QJsonValue &kv : to.value(u"checks"_s).toArray()) {
            const QJsonObject ko = kv.toObject();
            table.constraints << Constraint::check(ko.value(u"sqltext"_s).toString(), ko.value(u"name"_s).toString());
        }
        for (const QJsonValue &iv : to.value(u"indexes"_s).toArray()) {
            const QJsonObject io = iv.toObject();
            Index index;
            index.name = io.value(u"name"_s).toString();
            index.columns = strings(io.value(u"columns"_s));
            index.unique = io.value(u"unique"_s).toBool();
            table.indexes << index;
        }
        md.putTable(table);
    }
    return md;
}

} // namespace pm::test
