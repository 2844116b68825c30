#include "ui/inlinemessage.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace pm {

InlineMessage::InlineMessage(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_close(new QToolButton(this))
{
    setObjectName(u"inlineMessage"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_label->setObjectName(u"inlineMessageText"_s);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Close"));
    m_close->setAccessibleName(tr("Close message"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 4, 4);
    layout->addWidget(m_icon);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &InlineMessage::dismiss);
    hide();
}

QString InlineMessage::text() const
{
    return m_label->text();
}

void InlineMessage::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    m_label->setText(text);
    QStyle::StandardPixmap pixmap = QStyle::SP_MessageBoxInformation;
    if (kind == Kind::Warning)
        pixmap = QStyle::SP_MessageBoxWarning;
    else if (kind == Kind::Error)
        pixmap = QStyle::SP_MessageBoxCritical;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(pixmap).pixmap(size, size));
    setAccessibleDescription(text);
    applyColours();
    show();
}

void InlineMessage::dismiss()
{
    m_label->clear();
    hide();
}

void InlineMessage::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && isVisible())
        applyColours();
}

void InlineMessage::applyColours()
{
    // A tint of the message's colour over the desktop's window colour, so it
    // reads in light and dark themes alike.
    QColor accent(0x3d, 0xae, 0xe9);
    if (m_kind == Kind::Positive)
        accent = QColor(0x27, 0xae, 0x60);
    else if (m_kind == Kind::Warning)
        accent = QColor(0xf6, 0x74, 0x00);
    else if (m_kind == Kind::Error)
        accent = QColor(0xda, 0x44, 0x53);
    QPalette pal = parentWidget() ? parentWidget()->palette() : palette();
    const QColor base = pal.color(QPalette::Window);
    const auto mix = [](const QColor &a, const QColor &b, double t) {
        return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                                float(a.blueF() * (1 - t) + b.blueF() * t));
    };
    pal.setColor(QPalette::Window, mix(base, accent, 0.2));
    pal.setColor(QPalette::Light, accent);
    pal.setColor(QPalette::Dark, accent);
    setPalette(pal);
}

} // namespace pm
