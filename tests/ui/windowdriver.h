#pragma once

// What a person does with the window, for the scenario suites: open a
// table's Add dialog, save it, answer the confirmation before a migration.
#include <QAbstractButton>
#include <QApplication>
#include <QDialogButtonBox>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>

#include "ui/mainwindow.h"
#include "ui/rowdialog.h"
#include "ui/tablepage.h"

namespace pm::test {

// Shows the page, clicks its Add button; the dialog it opens, or null.
inline RowDialog *openAddDialog(MainWindow &window, TablePage *page)
{
    window.dataTabs()->setCurrentWidget(page);
    auto *button = page->findChild<QToolButton *>(QStringLiteral("addButton"));
    if (!button)
        return nullptr;
    QTest::mouseClick(button, Qt::LeftButton);
    RowDialog *dialog = nullptr;
    [&] { QTRY_VERIFY((dialog = page->findChild<RowDialog *>()) && dialog->isVisible()); }();
    return dialog;
}

inline void saveDialog(RowDialog *dialog)
{
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QVERIFY(buttons);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Save), Qt::LeftButton);
}

// Clicks `button` on the confirmation shown before a migration runs, after
// checking that its informative text says `mustSay` (when given).
inline bool confirmMigration(const QString &button, const QString &mustSay = {})
{
    QMessageBox *box = nullptr;
    [&] { QTRY_VERIFY((box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))); }();
    if (!box || box->objectName() != QStringLiteral("confirmMigration"))
        return false;
    if (!mustSay.isEmpty() && !box->informativeText().contains(mustSay))
        return false;
    const auto buttons = box->buttons();
    for (QAbstractButton *candidate : buttons) {
        if (candidate->text() == button) {
            QTest::mouseClick(candidate, Qt::LeftButton);
            return true;
        }
    }
    return false;
}

} // namespace pm::test
