#pragma once

#include <QDialog>
#include <QHash>

class QDialogButtonBox;
class QLabel;

namespace pm {

class InlineMessage;
class LiveTableModel;

// "Add a pet": one field per column of the live table (a combo of names for
// a foreign key), each with room for a sentence under it saying what is
// wrong. The row is written only when every field fits; a refusal from the
// database (duplicate email) is shown under its field and the dialog stays.
class RowDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RowDialog)

public:
    RowDialog(LiveTableModel *model, const QString &title, QWidget *parent = nullptr);

    // The editor for a column ("field_<column>"), for tests and focus.
    QWidget *field(const QString &column) const;
    QString errorText(const QString &column) const;
    QString messageText() const;

    void accept() override;

Q_SIGNALS:
    void inserted(qint64 rowId);

private:
    QVariant valueOf(const QString &column) const;
    void setError(const QString &column, const QString &message);
    bool checkField(const QString &column);

    LiveTableModel *m_model;
    QHash<QString, QWidget *> m_fields;
    QHash<QString, QLabel *> m_errors;
    InlineMessage *m_message;
    QDialogButtonBox *m_buttons;
};

} // namespace pm
