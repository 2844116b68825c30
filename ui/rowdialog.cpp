#include "ui/rowdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/inlinemessage.h"
#include "ui/livetablemodel.h"

using namespace Qt::StringLiterals;

namespace pm {

RowDialog::RowDialog(LiveTableModel *model, const QString &title, QWidget *parent)
    : QDialog(parent)
    , m_model(model)
    , m_message(new InlineMessage(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"rowDialog"_s);
    setWindowTitle(title);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    const TableInfo info = model->tableInfo();
    for (int i = 0; i < info.columns.size(); ++i) {
        const auto &column = info.columns.at(i);
        if (column.isAutoKey())
            continue; // SQLite numbers the row
        QWidget *editor = nullptr;
        if (column.isForeignKey()) {
            auto *combo = new QComboBox(this);
            if (!column.notNull)
                combo->addItem(tr("— none —"), QVariant());
            const auto choices = model->foreignKeyChoices(i);
            for (const auto &choice : choices)
                combo->addItem(choice.label, choice.key);
            editor = combo;
        } else {
            auto *line = new QLineEdit(this);
            line->setPlaceholderText(column.notNull && !column.hasDefault ? tr("required") : tr("optional"));
            if (column.kind == TableInfo::Column::Kind::Date)
                line->setPlaceholderText(tr("YYYY-MM-DD"));
            connect(line, &QLineEdit::editingFinished, this, [this, name = column.name] { checkField(name); });
            connect(line, &QLineEdit::textEdited, this, [this, name = column.name] { setError(name, {}); });
            editor = line;
        }
        editor->setObjectName(u"field_"_s + column.name);
        editor->setToolTip(column.declaredType);
        auto *error = new QLabel(this);
        error->setObjectName(u"error_"_s + column.name);
        error->setWordWrap(true);
        QPalette pal = error->palette();
        pal.setColor(QPalette::WindowText, QColor(0xda, 0x44, 0x53));
        error->setPalette(pal);
        error->hide();
        auto *cell = new QVBoxLayout;
        cell->setSpacing(2);
        cell->addWidget(editor);
        cell->addWidget(error);
        auto *label = new QLabel(column.displayName() + u':', this);
        label->setBuddy(editor);
        form->addRow(label, cell);
        m_fields.insert(column.name, editor);
        m_errors.insert(column.name, error);
    }
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RowDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &RowDialog::reject);
    setMinimumWidth(360);
}

QWidget *RowDialog::field(const QString &column) const
{
    return m_fields.value(column);
}

QString RowDialog::errorText(const QString &column) const
{
    const QLabel *label = m_errors.value(column);
    return label && !label->isHidden() ? label->text() : QString();
}

QString RowDialog::messageText() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

QVariant RowDialog::valueOf(const QString &column) const
{
    QWidget *editor = m_fields.value(column);
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        return combo->currentIndex() < 0 ? QVariant() : combo->currentData();
    if (auto *line = qobject_cast<QLineEdit *>(editor))
        return line->text();
    return {};
}

void RowDialog::setError(const QString &column, const QString &message)
{
    QLabel *label = m_errors.value(column);
    if (!label)
        return;
    label->setText(message);
    label->setVisible(!message.isEmpty());
    if (QWidget *editor = m_fields.value(column))
        editor->setAccessibleDescription(message);
}

bool RowDialog::checkField(const QString &column)
{
    const TableInfo info = m_model->tableInfo();
    const int index = info.indexOf(column);
    if (index < 0)
        return true;
    const QVariant value = valueOf(column);
    // An empty field is only wrong once the user tries to save.
    if (value.toString().isEmpty() && value.typeId() == QMetaType::QString) {
        setError(column, {});
        return true;
    }
    const QString problem = m_model->checkValue(index, value);
    setError(column, problem);
    return problem.isEmpty();
}

void RowDialog::accept()
{
    QVariantMap values;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        values.insert(it.key(), valueOf(it.key()));
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
        setError(it.key(), {});
    m_message->dismiss();

    const auto result = m_model->insertRecord(values);
    if (!result) {
        if (m_fields.contains(result.error().column)) {
            setError(result.error().column, result.error().message);
            m_fields.value(result.error().column)->setFocus();
        } else {
            m_message->showMessage(InlineMessage::Kind::Error, result.error().message);
        }
        return; // the dialog stays with what the user typed
    }
    Q_EMIT inserted(*result);
    QDialog::accept();
}

} // namespace pm
