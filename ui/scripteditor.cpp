#include "ui/scripteditor.h"

#include <Qsci/qscilexerpython.h>
#include <Qsci/qscilexersql.h>
#include <Qsci/qscistyle.h>

#include <QAction>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QScrollBar>
#include <QToolButton>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

constexpr int LineNumberMargin = 0;
constexpr int MarkerMargin = 1;
constexpr int FoldingMargin = 2;

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

bool isDark(const QColor &c)
{
    return c.lightness() < 128;
}

const QColor Warning(0xe0, 0x7b, 0x24);
const QColor Danger(0xda, 0x44, 0x53);

} // namespace

ScriptEditor::ScriptEditor(QWidget *parent)
    : QsciScintilla(parent)
    , m_editAction(new QAction(tr("&Edit"), this))
    , m_badge(new QWidget(this))
    , m_badgeLabel(new QLabel(m_badge))
    , m_badgeButton(new QToolButton(m_badge))
{
    setUtf8(true);
    setEolMode(EolUnix);
    setIndentationsUseTabs(false);
    setIndentationWidth(4);
    setTabWidth(4);
    setAutoIndent(true);
    setBraceMatching(SloppyBraceMatch);
    setWrapMode(WrapNone);

    setMarginType(LineNumberMargin, QsciScintilla::NumberMargin);
    setMarginLineNumbers(LineNumberMargin, true);
    setMarginType(MarkerMargin, QsciScintilla::SymbolMargin);
    setMarginWidth(MarkerMargin, 16);
    setMarginSensitivity(MarkerMargin, true);
    setFolding(BoxedTreeFoldStyle, FoldingMargin);

    m_markerSymbol = markerDefine(QsciScintilla::RightTriangle);
    m_markerLine = markerDefine(QsciScintilla::Background);
    m_errorSymbol = markerDefine(QsciScintilla::Circle);
    setMarginMarkerMask(MarkerMargin, (1 << m_markerSymbol) | (1 << m_errorSymbol));
    setMarginMarkerMask(LineNumberMargin, 0);
    m_errorIndicator = indicatorDefine(SquiggleIndicator);
    setIndicatorForegroundColor(Danger, m_errorIndicator);
    setAnnotationDisplay(AnnotationBoxed);

    m_editAction->setObjectName(u"editScript"_s);
    m_editAction->setCheckable(true);
    m_editAction->setStatusTip(tr("Allow editing this text"));
    m_badgeLabel->setObjectName(u"readOnlyBadge"_s);
    m_badgeButton->setDefaultAction(m_editAction);
    m_badgeButton->setAutoRaise(true);
    auto *badgeLayout = new QHBoxLayout(m_badge);
    badgeLayout->setContentsMargins(6, 1, 1, 1);
    badgeLayout->setSpacing(4);
    badgeLayout->addWidget(m_badgeLabel);
    badgeLayout->addWidget(m_badgeButton);
    m_badge->setAutoFillBackground(true);
    m_badge->setCursor(Qt::ArrowCursor);

    connect(m_editAction, &QAction::toggled, this, &ScriptEditor::setEditable);
    connect(this, &QsciScintilla::linesChanged, this, &ScriptEditor::updateLineNumberWidth);
    viewport()->installEventFilter(this);

    setReadOnly(true);
    setLanguage(Language::Plain);
}

void ScriptEditor::setLanguage(Language language)
{
    m_language = language;
    QsciLexer *old = lexer();
    QsciLexer *fresh = nullptr;
    if (language == Language::Python) {
        auto *python = new QsciLexerPython(this);
        python->setFoldComments(true);
        python->setFoldQuotes(true);
        python->setIndentationWarning(QsciLexerPython::Inconsistent);
        python->setHighlightSubidentifiers(true);
        fresh = python;
    } else if (language == Language::Sql) {
        auto *sql = new QsciLexerSQL(this);
        sql->setFoldComments(true);
        sql->setFoldCompact(false);
        sql->setQuotedIdentifiers(false);
        fresh = sql;
    }
    setLexer(fresh);
    if (old && old != fresh)
        old->deleteLater();
    applyColours(); // setLexer() reset them
}

void ScriptEditor::setScript(const QString &text)
{
    clearDestructiveMarks();
    clearError();
    setText(text);
    setModified(false);
    setCursorPosition(0, 0);
    ensureLineVisible(0);
}

void ScriptEditor::setEditingAllowed(bool allowed)
{
    m_editAction->setEnabled(allowed);
    if (!allowed)
        setEditable(false);
    m_badgeButton->setVisible(allowed);
    placeBadge();
}

void ScriptEditor::setEditable(bool editable)
{
    if (editable == isEditable()) {
        m_editAction->setChecked(editable);
        return;
    }
    setReadOnly(!editable);
    m_editAction->setChecked(editable);
    applyColours();
    Q_EMIT editableChanged(editable);
}

QString ScriptEditor::badgeText() const
{
    return m_badgeLabel->text();
}

void ScriptEditor::applyColours()
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    const bool editable = isEditable();
    // The read-only cue: paper tinted towards the window colour, no caret.
    const QColor paper = editable ? base : mix(base, pal.color(QPalette::Window), 0.6);
    const QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    if (QsciLexer *lx = lexer()) {
        lx->setDefaultPaper(paper);
        lx->setDefaultColor(text);
        lx->setDefaultFont(font);
        lx->setPaper(paper, -1);
        lx->setFont(font, -1);
        for (int style = 0; style < 128; ++style) {
            if (lx->description(style).isEmpty())
                continue;
            QColor colour = lx->defaultColor(style);
            if (colour == QColor(Qt::black) || style == 0)
                colour = text;
            else if (isDark(paper) && isDark(colour))
                colour = QColor::fromHsl(colour.hslHue(), colour.hslSaturation(), 255 - colour.lightness());
            lx->setColor(colour, style);
            // Styles that bring their own background (unclosed strings) keep a tint of it.
            lx->setEolFill(false, style);
        }
    } else {
        setFont(font);
    }
    setPaper(paper);
    setColor(text);
    setMarginsFont(font);
    setMarginsBackgroundColor(pal.color(QPalette::Window));
    setMarginsForegroundColor(pal.color(QPalette::PlaceholderText));
    setFoldMarginColors(pal.color(QPalette::Window), pal.color(QPalette::Window));
    setCaretForegroundColor(text);
    setCaretWidth(editable ? 2 : 0);
    setCaretLineVisible(editable);
    setCaretLineBackgroundColor(mix(paper, pal.color(QPalette::Highlight), 0.08));
    setSelectionBackgroundColor(pal.color(QPalette::Highlight));
    setSelectionForegroundColor(pal.color(QPalette::HighlightedText));
    setMatchedBraceBackgroundColor(mix(paper, pal.color(QPalette::Highlight), 0.3));
    setMatchedBraceForegroundColor(text);
    setMarkerForegroundColor(Warning.darker(130), m_markerSymbol);
    setMarkerBackgroundColor(Warning, m_markerSymbol);
    setMarkerBackgroundColor(mix(paper, Warning, 0.22), m_markerLine);
    setMarkerForegroundColor(Danger.darker(130), m_errorSymbol);
    setMarkerBackgroundColor(Danger, m_errorSymbol);

    m_badgeLabel->setText(editable ? tr("editing") : tr("read-only"));
    QPalette badgePalette = pal;
    badgePalette.setColor(QPalette::Window, editable ? mix(pal.color(QPalette::Window), Warning, 0.25)
                                                     : pal.color(QPalette::Window));
    m_badge->setPalette(badgePalette);
    updateLineNumberWidth();
    placeBadge();
}

void ScriptEditor::updateLineNumberWidth()
{
    // DB4S's trick: as wide as the widest number, plus one digit of room.
    setMarginWidth(LineNumberMargin, QString(QString::number(std::max(lines(), 1)).size() + 1, u'0'));
}

void ScriptEditor::placeBadge()
{
    m_badge->adjustSize();
    const QRect area = viewport()->geometry();
    m_badge->move(area.right() - m_badge->width() - 2, area.top() + 2);
    m_badge->raise();
}

void ScriptEditor::resizeEvent(QResizeEvent *event)
{
    QsciScintilla::resizeEvent(event);
    placeBadge();
}

void ScriptEditor::changeEvent(QEvent *event)
{
    QsciScintilla::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyColours();
}

int ScriptEditor::lineAtY(int y) const
{
    const int first = firstVisibleLine();
    const int height = std::max(1, textHeight(first));
    // Annotations take room below their line: walk the visible lines.
    int top = 0;
    for (int line = first; line < lines(); ++line) {
        const int visible = SendScintilla(SCI_GETLINEVISIBLE, line) ? 1 : 0;
        if (!visible)
            continue;
        int bottom = top + height * (1 + int(SendScintilla(SCI_ANNOTATIONGETLINES, line)));
        if (y < bottom)
            return line;
        top = bottom;
    }
    return -1;
}

bool ScriptEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == viewport() && event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const int margins = marginWidth(LineNumberMargin) + marginWidth(MarkerMargin) + marginWidth(FoldingMargin);
        if (help->pos().x() < margins) {
            const QString tip = markTooltip(lineAtY(help->pos().y()));
            if (!tip.isEmpty()) {
                QToolTip::showText(help->globalPos(), tip, viewport());
                return true;
            }
        }
        QToolTip::hideText();
        return false;
    }
    return QsciScintilla::eventFilter(watched, event);
}

void ScriptEditor::markDestructive(int line, const QString &text)
{
    if (line < 0 || line >= lines())
        return;
    const int handle = markerAdd(line, m_markerSymbol);
    markerAdd(line, m_markerLine);
    m_marks.append({handle, text});
    QsciStyle style(-1, u"destructive"_s, palette().color(QPalette::Text),
                    mix(palette().color(QPalette::Base), Warning, 0.3), font());
    annotate(line, u"⚠ "_s + text, style);
}

void ScriptEditor::clearDestructiveMarks()
{
    for (const Mark &mark : std::as_const(m_marks)) {
        const int line = markerLine(mark.handle);
        if (line >= 0 && line != m_errorLine)
            clearAnnotations(line);
    }
    markerDeleteAll(m_markerSymbol);
    markerDeleteAll(m_markerLine);
    m_marks.clear();
}

bool ScriptEditor::isMarkedDestructive(int line) const
{
    return line >= 0 && (markersAtLine(line) & (1u << m_markerSymbol)) != 0;
}

QString ScriptEditor::markTooltip(int line) const
{
    if (line < 0)
        return {};
    QStringList texts;
    for (const Mark &mark : m_marks) {
        if (markerLine(mark.handle) == line)
            texts << mark.text;
    }
    if (line == m_errorLine)
        texts << annotation(line);
    return texts.join(u'\n');
}

QList<int> ScriptEditor::destructiveLines() const
{
    QList<int> result;
    for (const Mark &mark : m_marks)
        result << markerLine(mark.handle);
    std::sort(result.begin(), result.end());
    return result;
}

void ScriptEditor::showError(int line, int column, const QString &message)
{
    clearError();
    const int l = std::clamp(line - 1, 0, std::max(0, lines() - 1));
    const int length = int(this->text(l).size());
    const int c = std::clamp(column - 1, 0, std::max(0, length - 1));
    int end = c + 1;
    const QString lineText = this->text(l);
    while (end < lineText.size() && (lineText.at(end).isLetterOrNumber() || lineText.at(end) == u'_'))
        ++end;
    fillIndicatorRange(l, c, l, std::max(end, c + 1), m_errorIndicator);
    markerAdd(l, m_errorSymbol);
    QsciStyle style(-1, u"error"_s, palette().color(QPalette::Text), mix(palette().color(QPalette::Base), Danger, 0.25),
                    font());
    annotate(l, tr("%1:%2: %3").arg(line).arg(column).arg(message), style);
    m_errorLine = l;
}

void ScriptEditor::revealError()
{
    if (m_errorLine >= 0)
        setFirstVisibleLine(std::max(0, m_errorLine - 3));
}

void ScriptEditor::clearError()
{
    if (m_errorLine < 0)
        return;
    clearIndicatorRange(0, 0, std::max(0, lines() - 1), int(text(std::max(0, lines() - 1)).size()), m_errorIndicator);
    markerDeleteAll(m_errorSymbol);
    clearAnnotations(m_errorLine);
    m_errorLine = -1;
}

} // namespace pm
