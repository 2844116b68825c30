#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace pm {

// Migrations ▸ Merge Heads…: which heads to merge (those selected in the
// history are ticked) and the message; the file is then written as
// `petmigrate merge -m <message> <heads>` writes it.
class MergeHeadsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MergeHeadsDialog)

public:
    struct Head
    {
        QString revision;
        QString message;
    };

    MergeHeadsDialog(const QList<Head> &heads, const QStringList &ticked, QWidget *parent = nullptr);

    QStringList heads() const;
    QString message() const;
    QLineEdit *messageField() const { return m_message; }
    QListWidget *headList() const { return m_heads; }

private:
    void updateState();

    QListWidget *m_heads;
    QLineEdit *m_message;
    QLabel *m_command;
    QDialogButtonBox *m_buttons;
};

} // namespace pm
