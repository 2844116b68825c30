#pragma once

// A fresh SQLite file per test with the tables the window shows, as they are
// after the app's second migration (pets have an owner). Test fixture only:
// the window itself never runs DDL.
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace pm::test {

inline const QStringList &schemaStatements()
{
    static const QStringList statements{
        u"CREATE TABLE user (id INTEGER NOT NULL, name VARCHAR NOT NULL, email VARCHAR(60), "
        "CONSTRAINT pk_user PRIMARY KEY (id), CONSTRAINT uq_user_email UNIQUE (email))"_s,
        u"CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR NOT NULL, species VARCHAR, weight_kg FLOAT, "
        "owner_id INTEGER, CONSTRAINT pk_pet PRIMARY KEY (id), "
        "CONSTRAINT fk_pet_owner_id_user FOREIGN KEY(owner_id) REFERENCES user (id))"_s,
    };
    return statements;
}

// Opens `path` on a new uniquely named connection with foreign keys on.
inline QString openConnection(const QString &path)
{
    const QString name = u"test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
    db.setDatabaseName(path);
    if (!db.open())
        qFatal("cannot open the test database");
    QSqlQuery(db).exec(u"PRAGMA foreign_keys = ON"_s);
    return name;
}

inline bool exec(const QString &connection, const QString &sql, const QVariantList &binds = {})
{
    QSqlQuery query(QSqlDatabase::database(connection));
    if (!query.prepare(sql)) {
        qWarning() << query.lastError().text() << sql;
        return false;
    }
    for (const QVariant &value : binds)
        query.addBindValue(value);
    const bool ok = query.exec();
    if (!ok)
        qWarning() << query.lastError().text() << sql;
    return ok;
}

inline QVariant scalar(const QString &connection, const QString &sql, const QVariantList &binds = {})
{
    QSqlQuery query(QSqlDatabase::database(connection));
    query.prepare(sql);
    for (const QVariant &value : binds)
        query.addBindValue(value);
    if (!query.exec() || !query.next())
        return {};
    return query.value(0);
}

inline bool createSchema(const QString &connection)
{
    for (const QString &sql : schemaStatements()) {
        if (!exec(connection, sql))
            return false;
    }
    return true;
}

inline void closeConnection(const QString &connection)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
}

} // namespace pm::test
