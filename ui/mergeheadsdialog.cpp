#include "ui/mergeheadsdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pm {

MergeHeadsDialog::MergeHeadsDialog(const QList<Head> &heads, const QStringList &ticked, QWidget *parent)
    : QDialog(parent)
    , m_heads(new QListWidget(this))
    , m_message(new QLineEdit(this))
    , m_command(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"mergeHeadsDialog"_s);
    setWindowTitle(tr("Merge Heads"));
    m_heads->setObjectName(u"mergeHeads"_s);
    for (const Head &head : heads) {
        auto *item = new QListWidgetItem(tr("%1 — %2").arg(head.revision, head.message), m_heads);
        item->setData(Qt::UserRole, head.revision);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(ticked.contains(head.revision) ? Qt::Checked : Qt::Unchecked);
    }
    m_message->setObjectName(u"mergeMessage"_s);
    m_message->setPlaceholderText(tr("merge heads"));
    m_command->setObjectName(u"mergeCommand"_s);
    m_command->setWordWrap(true);
    m_command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Write Merge Revision"));

    auto *layout = new QVBoxLayout(this);
    auto *headsLabel = new QLabel(tr("&Heads to merge (two or more):"), this);
    headsLabel->setBuddy(m_heads);
    auto *messageLabel = new QLabel(tr("&Message:"), this);
    messageLabel->setBuddy(m_message);
    layout->addWidget(headsLabel);
    layout->addWidget(m_heads);
    layout->addWidget(messageLabel);
    layout->addWidget(m_message);
    layout->addWidget(m_command);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_heads, &QListWidget::itemChanged, this, &MergeHeadsDialog::updateState);
    connect(m_message, &QLineEdit::textChanged, this, &MergeHeadsDialog::updateState);
    m_message->setFocus();
    updateState();
}

QStringList MergeHeadsDialog::heads() const
{
    QStringList out;
    for (int row = 0; row < m_heads->count(); ++row) {
        if (m_heads->item(row)->checkState() == Qt::Checked)
            out << m_heads->item(row)->data(Qt::UserRole).toString();
    }
    return out;
}

QString MergeHeadsDialog::message() const
{
    return m_message->text().trimmed();
}

void MergeHeadsDialog::updateState()
{
    const QStringList chosen = heads();
    const bool enough = chosen.size() >= 2;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(enough);
    // What it amounts to on the command line.
    const QString message = this->message();
    m_command->setText(enough ? tr("Writes what this command writes:\npetmigrate merge%1 %2")
                                    .arg(message.isEmpty() ? QString() : u" -m \""_s + message + u'"', chosen.join(u' '))
                              : tr("Tick two or more heads."));
}

} // namespace pm
