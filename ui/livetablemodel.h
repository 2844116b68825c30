#pragma once

#include <expected>
#include <optional>

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QVariant>

#include "base/result.h"
#include "ui/tableinfo.h"

class QSqlDatabase;
class QSqlError;

namespace pm {

// One live table of the open database, for editing in a view.
//
// Columns come from reflection each time the model reloads, so a column a
// migration adds appears without code changes. Rows are fetched lazily in
// chunks of ChunkSize, each chunk by its own LIMIT/OFFSET query that is
// finished at once: the model never keeps a statement open between fetches,
// so it never holds the lock an upgrade's DDL needs ("database table is
// locked"); releaseDatabase() drops even the cached rows before a migration.
// Sorting is ORDER BY and filtering a bound LIKE over the text columns (and
// the labels of foreign keys), both done by SQLite. A foreign key column shows
// the referenced row's label ("name") and edits the key.
class LiveTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveTableModel)

public:
    enum Role {
        RawValueRole = Qt::UserRole + 1, // the stored value (a foreign key's id)
        RowIdRole,                       // SQLite's rowid of the row
    };
    static constexpr int ChunkSize = 256;

    // Why a write was refused. column is empty when the reason is the row's,
    // not one field's (a foreign key still in use, a busy database).
    struct FieldError
    {
        QString column;
        QString message;
    };

    LiveTableModel(QString connectionName, QString table, QObject *parent = nullptr);

    QString tableName() const { return m_table; }
    bool tableExists() const { return m_info.has_value(); }
    // Empty when the table does not exist.
    TableInfo tableInfo() const;
    // The number of rows matching the filter (SELECT count(*)), not rowCount().
    qint64 totalRowCount() const { return m_total; }
    QString filterText() const { return m_filter; }
    void setFilterText(const QString &text);
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    bool isReleased() const { return m_released; }

    // Re-reads the columns, the count and the first chunk of rows.
    void reload();
    // Drops every cached row; no statement of this model stays open. The
    // model shows nothing until reload().
    void releaseDatabase();

    // The rows a foreign key column may point at, as (key, label), sorted
    // by label; at most `limit` of them.
    struct Choice
    {
        QVariant key;
        QString label;
    };
    QList<Choice> foreignKeyChoices(int column, int limit = 5000) const;

    // Checks a value typed for a column; an empty string when it fits.
    QString checkValue(int column, const QVariant &input) const;
    // Inserts a row from {column name: typed value}; empty values are left
    // to the column's default. Returns the new rowid.
    std::expected<qint64, FieldError> insertRecord(const QVariantMap &values);
    std::expected<void, FieldError> updateValue(int row, int column, const QVariant &input);
    // Deletes the rows (model row numbers) in one transaction: all or none.
    std::expected<void, FieldError> removeRecords(QList<int> rows);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void totalRowCountChanged(qint64 count);
    // A write was refused; the database is as it was.
    void writeFailed(const QModelIndex &index, const QString &message);
    // A write succeeded (other views of the same database may want to reload).
    void dataWritten();
    void loadFailed(const QString &message);

private:
    struct Row
    {
        qint64 rowId = 0;
        QVariantList values;
        QVariantList labels; // per column; only foreign keys have one
    };
    // What to bind for a typed value; std::nullopt means "leave it out".
    using Converted = std::expected<std::optional<QVariant>, QString>;

    QSqlDatabase database() const;
    Converted convert(const TableInfo::Column &column, const QVariant &input, bool forInsert) const;
    // How SQL names a row (qualified by `alias` when given).
    QString rowKey(const QString &alias = {}) const;
    Status checkWritable() const;
    QString selectClause() const;
    QString whereClause(QVariantList *binds) const;
    QString orderClause() const;
    QList<Row> fetchRows(const QString &extraWhere, const QVariantList &extraBinds, int limit, int offset);
    void countRows();
    FieldError explain(const QSqlError &error, bool deleting) const;

    QString m_connectionName;
    QString m_table;
    std::optional<TableInfo> m_info;
    QList<Row> m_rows;
    qint64 m_total = 0;
    bool m_atEnd = true;
    bool m_released = false;
    QString m_filter;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace pm
