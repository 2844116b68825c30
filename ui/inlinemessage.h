#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace pm {

// A one-sentence message shown in place, above the widget it is about (the
// KMessageWidget idea): why an edit was refused, what an action did.
class InlineMessage final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InlineMessage)

public:
    enum class Kind { Information, Positive, Warning, Error };

    explicit InlineMessage(QWidget *parent = nullptr);

    QString text() const;
    Kind kind() const { return m_kind; }
    void showMessage(Kind kind, const QString &text);
    void dismiss();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColours();

    Kind m_kind = Kind::Information;
    QLabel *m_icon;
    QLabel *m_label;
    QToolButton *m_close;
};

} // namespace pm
