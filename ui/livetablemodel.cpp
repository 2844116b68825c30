#include "ui/livetablemodel.h"

#include <algorithm>

#include <QDate>
#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <QLoggingCategory>
#include <QPalette>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcTableModel, "pm.ui.table")

namespace pm {

namespace {

QString escapeLike(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s);
    escaped.replace(u'%', u"\\%"_s);
    escaped.replace(u'_', u"\\_"_s);
    return escaped;
}

QString labelAlias(int column)
{
    return u"r"_s + QString::number(column);
}

bool isBlank(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return true;
    if (value.typeId() == QMetaType::QString)
        return value.toString().trimmed().isEmpty();
    return false;
}

} // namespace

LiveTableModel::LiveTableModel(QString connectionName, QString table, QObject *parent)
    : QAbstractTableModel(parent)
    , m_connectionName(std::move(connectionName))
    , m_table(std::move(table))
{
}

TableInfo LiveTableModel::tableInfo() const
{
    return m_info.value_or(TableInfo{});
}

QSqlDatabase LiveTableModel::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

void LiveTableModel::setFilterText(const QString &text)
{
    if (text == m_filter)
        return;
    m_filter = text;
    reload();
}

void LiveTableModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    reload();
}

QString LiveTableModel::rowKey(const QString &alias) const
{
    // Without a key (a server table with no integer primary key) rows are
    // read in no particular order and cannot be written; checkWritable says so.
    if (!m_info || m_info->rowKey.isEmpty())
        return u"NULL"_s;
    return alias.isEmpty() ? m_info->rowKey : alias + u'.' + m_info->rowKey;
}

Status LiveTableModel::checkWritable() const
{
    if (m_info && m_info->rowKey.isEmpty())
        return fail(tr("“%1” has no single integer primary key, so its rows cannot be changed here.").arg(m_table));
    return {};
}

QString LiveTableModel::selectClause() const
{
    QStringList fields{rowKey(u"t"_s)};
    QString joins;
    for (int i = 0; i < m_info->columns.size(); ++i)
        fields << u"t."_s + TableInfo::quote(m_info->columns.at(i).name);
    for (int i = 0; i < m_info->columns.size(); ++i) {
        const auto &column = m_info->columns.at(i);
        if (!column.isForeignKey())
            continue;
        const QString alias = labelAlias(i);
        fields << alias + u'.' + TableInfo::quote(column.refLabelColumn);
        joins += u" LEFT JOIN "_s + TableInfo::quote(column.refTable) + u" AS "_s + alias + u" ON "_s
            + alias + u'.' + TableInfo::quote(column.refColumn) + u" = t."_s + TableInfo::quote(column.name);
    }
    return u"SELECT "_s + fields.join(u", "_s) + u" FROM "_s + TableInfo::quote(m_table) + u" AS t"_s + joins;
}

QString LiveTableModel::whereClause(QVariantList *binds) const
{
    if (m_filter.trimmed().isEmpty())
        return {};
    const QString pattern = u'%' + escapeLike(m_filter.trimmed()) + u'%';
    QStringList terms;
    for (int i = 0; i < m_info->columns.size(); ++i) {
        const auto &column = m_info->columns.at(i);
        if (column.isForeignKey())
            terms << labelAlias(i) + u'.' + TableInfo::quote(column.refLabelColumn);
        else if (column.kind == TableInfo::Column::Kind::Text)
            terms << u"t."_s + TableInfo::quote(column.name);
    }
    if (terms.isEmpty()) { // no text at all: match the values as text
        for (const auto &column : m_info->columns)
            terms << u"CAST(t."_s + TableInfo::quote(column.name) + u" AS TEXT)"_s;
    }
    for (QString &term : terms) {
        term += u' ' + m_info->likeOperator() + u" ? ESCAPE '\\'"_s;
        binds->append(pattern);
    }
    return u"("_s + terms.join(u" OR "_s) + u')';
}

QString LiveTableModel::orderClause() const
{
    const bool keyed = !m_info->rowKey.isEmpty(); // PostgreSQL refuses ORDER BY NULL
    if (m_sortColumn < 0 || m_sortColumn >= m_info->columns.size())
        return keyed ? u" ORDER BY "_s + rowKey(u"t"_s) : QString();
    const auto &column = m_info->columns.at(m_sortColumn);
    const QString direction = m_sortOrder == Qt::AscendingOrder ? u" ASC"_s : u" DESC"_s;
    QString key;
    if (column.isForeignKey())
        key = m_info->caseless(labelAlias(m_sortColumn) + u'.' + TableInfo::quote(column.refLabelColumn))
            + direction + u", t."_s + TableInfo::quote(column.name);
    else if (column.kind == TableInfo::Column::Kind::Text)
        key = m_info->caseless(u"t."_s + TableInfo::quote(column.name));
    else
        key = u"t."_s + TableInfo::quote(column.name);
    return u" ORDER BY "_s + key + direction + (keyed ? u", "_s + rowKey(u"t"_s) + direction : QString());
}

QList<LiveTableModel::Row> LiveTableModel::fetchRows(const QString &extraWhere, const QVariantList &extraBinds,
                                                     int limit, int offset)
{
    QList<Row> rows;
    QVariantList binds;
    QStringList conditions;
    const QString filter = whereClause(&binds);
    if (!filter.isEmpty())
        conditions << filter;
    if (!extraWhere.isEmpty()) {
        conditions << extraWhere;
        binds << extraBinds;
    }
    QString sql = selectClause();
    if (!conditions.isEmpty())
        sql += u" WHERE "_s + conditions.join(u" AND "_s);
    sql += orderClause() + u" LIMIT ? OFFSET ?"_s;
    binds << limit << offset;

    QSqlQuery query(database());
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        qCWarning(lcTableModel) << "prepare failed:" << query.lastError().text() << sql;
        Q_EMIT loadFailed(query.lastError().text());
        return rows;
    }
    for (const QVariant &value : std::as_const(binds))
        query.addBindValue(value);
    if (!query.exec()) {
        qCWarning(lcTableModel) << "select failed:" << query.lastError().text();
        Q_EMIT loadFailed(query.lastError().text());
        return rows;
    }
    const int columns = int(m_info->columns.size());
    while (query.next()) {
        Row row;
        row.rowId = query.value(0).toLongLong();
        row.values.reserve(columns);
        row.labels.resize(columns);
        for (int i = 0; i < columns; ++i)
            row.values << query.value(i + 1);
        int labelField = columns + 1;
        for (int i = 0; i < columns; ++i) {
            if (m_info->columns.at(i).isForeignKey())
                row.labels[i] = query.value(labelField++);
        }
        rows << row;
    }
    // Release the statement now: an open SELECT would block DDL.
    query.finish();
    return rows;
}

void LiveTableModel::countRows()
{
    qint64 total = 0;
    if (m_info) {
        QVariantList binds;
        const QString filter = whereClause(&binds);
        QString sql = u"SELECT count(*) FROM "_s + TableInfo::quote(m_table) + u" AS t"_s;
        if (!filter.isEmpty()) {
            // The filter may look at foreign keys' labels: count over the same joins.
            const QString select = selectClause();
            sql = u"SELECT count(*) FROM"_s + select.mid(select.indexOf(u" FROM "_s) + 5) + u" WHERE "_s + filter;
        }
        QSqlQuery query(database());
        query.setForwardOnly(true);
        if (query.prepare(sql)) {
            for (const QVariant &value : std::as_const(binds))
                query.addBindValue(value);
            if (query.exec() && query.next())
                total = query.value(0).toLongLong();
        }
        query.finish();
    }
    if (total != m_total) {
        m_total = total;
        Q_EMIT totalRowCountChanged(m_total);
    }
}

void LiveTableModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_released = false;
    const QSqlDatabase db = database();
    m_info = db.isOpen() ? TableInfo::reflect(db, m_table) : std::nullopt;
    if (m_info && m_sortColumn >= m_info->columns.size())
        m_sortColumn = -1;
    if (m_info) {
        m_rows = fetchRows({}, {}, ChunkSize, 0);
        m_atEnd = m_rows.size() < ChunkSize;
    } else {
        m_atEnd = true;
    }
    endResetModel();
    countRows();
}

void LiveTableModel::releaseDatabase()
{
    beginResetModel();
    m_rows.clear();
    m_rows.squeeze();
    m_atEnd = true;
    m_released = true;
    endResetModel();
}

bool LiveTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_info && !m_released && !m_atEnd;
}

void LiveTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const QList<Row> rows = fetchRows({}, {}, ChunkSize, int(m_rows.size()));
    m_atEnd = rows.size() < ChunkSize;
    if (rows.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
    m_rows << rows;
    endInsertRows();
}

int LiveTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LiveTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_info ? 0 : int(m_info->columns.size());
}

QVariant LiveTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const auto &column = m_info->columns.at(index.column());
    const QVariant &value = row.values.at(index.column());
    switch (role) {
    case Qt::DisplayRole:
        if (column.isForeignKey())
            return value.isNull() ? QVariant(u"—"_s) : row.labels.at(index.column());
        if (column.kind == TableInfo::Column::Kind::Boolean && !value.isNull())
            return value.toBool() ? tr("yes") : tr("no");
        return value;
    case Qt::EditRole:
    case RawValueRole:
        return value;
    case RowIdRole:
        return row.rowId;
    case Qt::TextAlignmentRole:
        if (column.isNumeric() && !column.isForeignKey())
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case Qt::ForegroundRole:
        if (column.isForeignKey() && value.isNull())
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case Qt::ToolTipRole:
        if (column.isForeignKey() && !value.isNull())
            return tr("%1 #%2 in table “%3”").arg(row.labels.at(index.column()).toString(), value.toString(),
                                                 column.refTable);
        return {};
    default:
        return {};
    }
}

QVariant LiveTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical || !m_info || section < 0 || section >= m_info->columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    const auto &column = m_info->columns.at(section);
    if (role == Qt::DisplayRole) {
        if (column.isForeignKey() && column.name.endsWith(u"_id"_s))
            return column.name.chopped(3);
        return column.name;
    }
    if (role == Qt::ToolTipRole) {
        QStringList facts;
        facts << (column.declaredType.isEmpty() ? tr("no declared type") : column.declaredType);
        if (column.primaryKey)
            facts << tr("primary key");
        if (column.notNull)
            facts << tr("required");
        if (column.isForeignKey())
            facts << tr("refers to %1.%2").arg(column.refTable, column.refColumn);
        return QString(column.name + u": "_s + facts.join(u", "_s));
    }
    return {};
}

Qt::ItemFlags LiveTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (!m_info->columns.at(index.column()).isAutoKey())
        flags |= Qt::ItemIsEditable;
    return flags;
}

LiveTableModel::Converted LiveTableModel::convert(const TableInfo::Column &column, const QVariant &input,
                                                  bool forInsert) const
{
    using Kind = TableInfo::Column::Kind;
    if (isBlank(input)) {
        if (forInsert && (column.isAutoKey() || column.hasDefault))
            return std::optional<QVariant>{};
        if (column.notNull || column.primaryKey)
            return std::unexpected(tr("%1 must not be empty.").arg(column.displayName()));
        return std::optional<QVariant>{QVariant()};
    }
    if (column.isForeignKey() || input.typeId() != QMetaType::QString) {
        // A key chosen from a list, or a value that comes typed already.
        if (column.kind == Kind::Integer && !input.canConvert<qlonglong>())
            return std::unexpected(tr("“%1” is not a whole number.").arg(input.toString()));
        if (input.typeId() != QMetaType::QString)
            return std::optional<QVariant>{input};
    }
    const QString text = input.toString();
    const QString trimmed = text.trimmed();
    bool ok = false;
    switch (column.kind) {
    case Kind::Integer: {
        const qlonglong value = trimmed.toLongLong(&ok);
        if (!ok)
            return std::unexpected(tr("“%1” is not a whole number.").arg(text));
        return std::optional<QVariant>{value};
    }
    case Kind::Real:
    case Kind::Numeric: {
        if (column.kind == Kind::Numeric) {
            const qlonglong whole = trimmed.toLongLong(&ok);
            if (ok)
                return std::optional<QVariant>{whole};
        }
        double value = trimmed.toDouble(&ok);
        if (!ok)
            value = QLocale().toDouble(trimmed, &ok);
        if (!ok)
            return std::unexpected(tr("“%1” is not a number.").arg(text));
        return std::optional<QVariant>{value};
    }
    case Kind::Boolean: {
        const QString lower = trimmed.toLower();
        if (lower == u"1"_s || lower == u"true"_s || lower == u"yes"_s || lower == tr("yes"))
            return std::optional<QVariant>{1};
        if (lower == u"0"_s || lower == u"false"_s || lower == u"no"_s || lower == tr("no"))
            return std::optional<QVariant>{0};
        return std::unexpected(tr("“%1” is not yes or no.").arg(text));
    }
    case Kind::Date: {
        if (!QDate::fromString(trimmed, Qt::ISODate).isValid())
            return std::unexpected(tr("“%1” is not a date like 2024-05-31.").arg(text));
        return std::optional<QVariant>{trimmed};
    }
    case Kind::DateTime: {
        QString iso = trimmed;
        iso.replace(u' ', u'T');
        if (!QDateTime::fromString(iso, Qt::ISODateWithMs).isValid() && !QDate::fromString(trimmed, Qt::ISODate).isValid())
            return std::unexpected(tr("“%1” is not a date and time like 2024-05-31 14:30:00.").arg(text));
        return std::optional<QVariant>{trimmed};
    }
    case Kind::Text:
        if (column.notNull && trimmed.isEmpty())
            return std::unexpected(tr("%1 must not be empty.").arg(column.displayName()));
        if (column.maxLength > 0 && text.size() > column.maxLength)
            return std::unexpected(tr("%1 is longer than %2 characters.").arg(column.displayName()).arg(column.maxLength));
        return std::optional<QVariant>{text};
    case Kind::Blob:
        return std::optional<QVariant>{text};
    }
    return std::optional<QVariant>{text};
}

QList<LiveTableModel::Choice> LiveTableModel::foreignKeyChoices(int column, int limit) const
{
    QList<Choice> choices;
    if (!m_info || column < 0 || column >= m_info->columns.size() || !m_info->columns.at(column).isForeignKey())
        return choices;
    const auto &info = m_info->columns.at(column);
    QSqlQuery query(database());
    query.setForwardOnly(true);
    const QString key = TableInfo::quote(info.refColumn);
    const QString label = TableInfo::quote(info.refLabelColumn);
    if (!query.prepare(u"SELECT "_s + key + u", "_s + label + u" FROM "_s + TableInfo::quote(info.refTable)
                       + u" ORDER BY "_s + m_info->caseless(label) + u", "_s + key + u" LIMIT ?"_s))
        return choices;
    query.addBindValue(limit);
    if (!query.exec())
        return choices;
    while (query.next())
        choices.append({query.value(0), query.value(1).toString()});
    query.finish();
    return choices;
}

QString LiveTableModel::checkValue(int column, const QVariant &input) const
{
    if (!m_info || column < 0 || column >= m_info->columns.size())
        return tr("There is no such column.");
    const Converted converted = convert(m_info->columns.at(column), input, false);
    return converted ? QString() : converted.error();
}

LiveTableModel::FieldError LiveTableModel::explain(const QSqlError &error, bool deleting) const
{
    const QString text = error.databaseText();
    const auto columnsNamed = [this](const QString &list) {
        QStringList names;
        QString first;
        for (const QString &qualified : list.split(u',', Qt::SkipEmptyParts)) {
            const QString name = qualified.trimmed().section(u'.', -1);
            if (first.isEmpty())
                first = name;
            const int index = m_info ? m_info->indexOf(name) : -1;
            names << (index >= 0 ? m_info->columns.at(index).displayName().toLower() : name);
        }
        return std::pair{first, names.join(tr(" and "))};
    };
    if (text.startsWith(u"UNIQUE constraint failed: "_s)) {
        const auto [column, names] = columnsNamed(text.mid(26));
        return {column, tr("Another row already has this %1.").arg(names)};
    }
    if (text.startsWith(u"NOT NULL constraint failed: "_s)) {
        const auto [column, names] = columnsNamed(text.mid(28));
        QString sentence = names;
        if (!sentence.isEmpty())
            sentence[0] = sentence[0].toUpper();
        return {column, tr("%1 must not be empty.").arg(sentence)};
    }
    if (text.startsWith(u"FOREIGN KEY constraint failed"_s)) {
        if (deleting)
            return {{}, tr("Other rows still refer to this one; change or delete them first.")};
        return {{}, tr("The row it refers to does not exist.")};
    }
    if (text.startsWith(u"CHECK constraint failed: "_s))
        return {{}, tr("The value breaks the rule “%1”.").arg(text.mid(25))};
    // PostgreSQL's wording, with the columns in the message's detail.
    static const QRegularExpression pgKey(uR"(Key \(([^)]+)\)=)"_s);
    static const QRegularExpression pgNull(uR"re(null value in column "([^"]+)")re"_s);
    if (text.contains(u"violates unique constraint"_s)) {
        QString columns;
        if (const auto match = pgKey.match(error.text() + u' ' + text); match.hasMatch()) {
            columns = match.captured(1);
        } else if (m_info) {
            // libpq keeps "Key (email)=..." in the detail, which Qt drops: take
            // the column the constraint's name ends with (uq_user_email).
            static const QRegularExpression pgName(uR"re(unique constraint "([^"]+)")re"_s);
            const QString name = pgName.match(text).captured(1);
            for (const auto &c : std::as_const(m_info->columns)) {
                if (name.endsWith(u'_' + c.name))
                    columns = c.name;
            }
        }
        if (columns.isEmpty())
            return {{}, tr("Another row already has the same value.")};
        const auto [column, names] = columnsNamed(columns);
        return {column, tr("Another row already has this %1.").arg(names)};
    }
    if (const auto match = pgNull.match(text); match.hasMatch()) {
        const auto [column, names] = columnsNamed(match.captured(1));
        QString sentence = names;
        if (!sentence.isEmpty())
            sentence[0] = sentence[0].toUpper();
        return {column, tr("%1 must not be empty.").arg(sentence)};
    }
    if (text.contains(u"violates foreign key constraint"_s)) {
        if (deleting || text.contains(u"update or delete"_s))
            return {{}, tr("Other rows still refer to this one; change or delete them first.")};
        return {{}, tr("The row it refers to does not exist.")};
    }
    if (text.contains(u"violates check constraint"_s))
        return {{}, tr("The value breaks a rule of the table: %1").arg(text)};
    if (text.contains(u"database is locked"_s) || text.contains(u"busy"_s))
        return {{}, tr("The database is busy: another program is writing to it. Try again in a moment.")};
    if (text.contains(u"readonly"_s))
        return {{}, tr("The database file cannot be written to.")};
    return {{}, tr("The database refused the change: %1").arg(error.text())};
}

std::expected<qint64, LiveTableModel::FieldError> LiveTableModel::insertRecord(const QVariantMap &values)
{
    if (!m_info)
        return std::unexpected(FieldError{{}, tr("The table “%1” does not exist in this database.").arg(m_table)});
    QStringList names;
    QVariantList binds;
    for (const auto &column : std::as_const(m_info->columns)) {
        const Converted converted = convert(column, values.value(column.name), true);
        if (!converted)
            return std::unexpected(FieldError{column.name, converted.error()});
        if (!converted->has_value())
            continue;
        names << TableInfo::quote(column.name);
        binds << **converted;
    }
    if (Status writable = checkWritable(); !writable)
        return std::unexpected(FieldError{{}, writable.error().message});
    QString sql = u"INSERT INTO "_s + TableInfo::quote(m_table);
    if (names.isEmpty())
        sql += u" DEFAULT VALUES"_s;
    else
        sql += u" ("_s + names.join(u", "_s) + u") VALUES ("_s
            + QStringList(names.size(), u"?"_s).join(u", "_s) + u')';
    // QPSQL's lastInsertId() is an OID, not the new key: ask for the key.
    if (m_info->server)
        sql += u" RETURNING "_s + rowKey();
    QSqlQuery query(database());
    if (!query.prepare(sql))
        return std::unexpected(explain(query.lastError(), false));
    for (const QVariant &value : std::as_const(binds))
        query.addBindValue(value);
    if (!query.exec())
        return std::unexpected(explain(query.lastError(), false));
    const qint64 rowId = m_info->server ? (query.next() ? query.value(0).toLongLong() : 0)
                                        : query.lastInsertId().toLongLong();
    query.finish();
    reload();
    Q_EMIT dataWritten();
    return rowId;
}

std::expected<void, LiveTableModel::FieldError> LiveTableModel::updateValue(int row, int column, const QVariant &input)
{
    if (!m_info || row < 0 || row >= m_rows.size() || column < 0 || column >= m_info->columns.size())
        return std::unexpected(FieldError{{}, tr("The row is no longer shown.")});
    const auto &info = m_info->columns.at(column);
    const QModelIndex where = index(row, column);
    const Converted converted = convert(info, input, false);
    if (!converted) {
        Q_EMIT writeFailed(where, converted.error());
        return std::unexpected(FieldError{info.name, converted.error()});
    }
    const QVariant value = converted->value_or(QVariant());
    const QVariant current = m_rows.at(row).values.at(column);
    if (value.isNull() == current.isNull() && value.toString() == current.toString())
        return {}; // nothing changed: no write

    if (Status writable = checkWritable(); !writable) {
        Q_EMIT writeFailed(where, writable.error().message);
        return std::unexpected(FieldError{info.name, writable.error().message});
    }
    QSqlQuery query(database());
    const QString sql = u"UPDATE "_s + TableInfo::quote(m_table) + u" SET "_s + TableInfo::quote(info.name)
        + u" = ? WHERE "_s + rowKey() + u" = ?"_s;
    bool ok = query.prepare(sql);
    if (ok) {
        query.addBindValue(value);
        query.addBindValue(m_rows.at(row).rowId);
        ok = query.exec();
    }
    if (!ok) {
        FieldError error = explain(query.lastError(), false);
        if (error.column.isEmpty())
            error.column = info.name;
        Q_EMIT writeFailed(where, error.message);
        return std::unexpected(error);
    }
    if (query.numRowsAffected() == 0) {
        // Another program deleted the row since it was read: showing the
        // value as saved would show something the database does not hold.
        const QString gone = tr("Another program has deleted this row; Refresh (F5) shows the table as it is now.");
        Q_EMIT writeFailed(where, gone);
        return std::unexpected(FieldError{info.name, gone});
    }
    query.finish();

    // Read the row back: defaults, triggers and the foreign key's label.
    const QList<Row> fresh = fetchRows(rowKey(u"t"_s) + u" = ?"_s, {m_rows.at(row).rowId}, 1, 0);
    if (!fresh.isEmpty())
        m_rows[row] = fresh.first();
    else
        m_rows[row].values[column] = value;
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
    Q_EMIT dataWritten();
    return {};
}

bool LiveTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    return updateValue(index.row(), index.column(), value).has_value();
}

std::expected<void, LiveTableModel::FieldError> LiveTableModel::removeRecords(QList<int> rows)
{
    std::sort(rows.begin(), rows.end(), std::greater<>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (rows.isEmpty())
        return {};
    if (rows.first() >= m_rows.size() || rows.last() < 0)
        return std::unexpected(FieldError{{}, tr("The row is no longer shown.")});

    if (Status writable = checkWritable(); !writable)
        return std::unexpected(FieldError{{}, writable.error().message});
    QSqlDatabase db = database();
    if (!db.transaction())
        return std::unexpected(explain(db.lastError(), true));
    QSqlQuery query(db);
    bool ok = query.prepare(u"DELETE FROM "_s + TableInfo::quote(m_table) + u" WHERE "_s + rowKey() + u" = ?"_s);
    for (int row : std::as_const(rows)) {
        if (!ok)
            break;
        query.addBindValue(m_rows.at(row).rowId);
        ok = query.exec();
    }
    if (!ok) {
        const FieldError error = explain(query.lastError(), true);
        query.finish();
        db.rollback();
        Q_EMIT writeFailed(index(rows.last(), 0), error.message);
        return std::unexpected(error);
    }
    query.finish();
    if (!db.commit()) {
        const FieldError error = explain(db.lastError(), true);
        db.rollback();
        return std::unexpected(error);
    }
    for (int row : std::as_const(rows)) {
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    }
    m_total = std::max<qint64>(0, m_total - rows.size());
    Q_EMIT totalRowCountChanged(m_total);
    Q_EMIT dataWritten();
    return {};
}

bool LiveTableModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_rows.size())
        return false;
    QList<int> rows;
    for (int i = row; i < row + count; ++i)
        rows << i;
    return removeRecords(rows).has_value();
}

} // namespace pm
