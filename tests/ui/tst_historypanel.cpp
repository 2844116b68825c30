// The history graph in the real window, on a branchy project (the demo of
// the screenshot: tests/make_graph_demo.py): folds open on click and on
// Enter, the search finds and selects, the selected revision's run is
// highlighted, badges arrive from the background, the banner speaks up for
// an unknown revision, and Merge Heads writes what `petmigrate merge` writes.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include "graphproject.h"
#include "ui/historygraphdelegate.h"
#include "ui/historypanel.h"
#include "ui/inlinemessage.h"
#include "ui/mainwindow.h"
#include "ui/mergeheadsdialog.h"
#include "ui/previewpane.h"
#include "ui/scripteditor.h"
#include "ui/migrationcontroller.h"
#include "ui/migrationhistorymodel.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The file `petmigrate merge` (or the window) reported writing.
QString writtenPath(const QString &output)
{
    static const QRegularExpression generating(u"Generating (.*) \\.\\.\\.  done"_s);
    return generating.match(output).captured(1);
}

QDateTime createDate(const QString &script)
{
    static const QRegularExpression date(u"Create Date: (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3})"_s);
    return QDateTime::fromString(date.match(script).captured(1), u"yyyy-MM-dd HH:mm:ss.zzz"_s);
}

QString withoutCreateDate(QString text)
{
    static const QRegularExpression date(u"Create Date: [^\\n]*"_s);
    return text.replace(date, u"Create Date: <date>"_s);
}

bool copyTree(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    const QDir source(from);
    for (const QFileInfo &entry : source.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString target = to + u'/' + entry.fileName();
        if (entry.isDir() ? !copyTree(entry.filePath(), target) : !QFile::copy(entry.filePath(), target))
            return false;
    }
    return true;
}

} // namespace

class TestHistoryPanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void graphOfTheProject();
    void chipsStayInTheirColumn();
    void clickOpensAFold();
    void enterOpensAFold();
    void searchFindsAndSelects();
    void selectionHighlightsItsRun();
    void contextMenuSaysHowManySteps();
    void showsTheSqlOfADependentRevision();
    void badgesArriveFromTheBackground();
    void bannerForAnUnknownRevision();
    void mergeWritesWhatPetmigrateWrites();
    void mergeHeadsFromTheWindow();
    void followsADarkPalette();

private:
    QModelIndex firstFold() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_ini;
    QString m_database;
    std::unique_ptr<MainWindow> m_window;
};

void TestHistoryPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PetManagerTests"_s);
    QCoreApplication::setApplicationName(u"tst_historypanel"_s);
    QSettings().clear();
}

void TestHistoryPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    const QString project = m_dir->filePath(u"project"_s);
    m_ini = test::writeGraphProject(project, {});
    QVERIFY(!m_ini.isEmpty());
    QVERIFY(QFile::copy(QStringLiteral(PM_SOURCE_DIR) + u"/migrations/versions/a90cc5966c45_initial.py"_s,
                        project + u"/versions/a90cc5966c45_initial.py"_s));
    QProcess demo;
    demo.start(QStringLiteral(PM_PYTHON),
               {QStringLiteral(PM_SOURCE_DIR) + u"/tests/make_graph_demo.py"_s, project + u"/versions"_s});
    QVERIFY(demo.waitForFinished(60000));
    QVERIFY2(demo.exitCode() == 0, demo.readAllStandardError().constData());
    m_database = project + u"/graph.db"_s;
    // At "pet weight as decimal", on the main line, with six pets.
    const test::Run upgrade = test::petmigrate(m_ini, {u"upgrade"_s, u"f7a8b9c0d1e2"_s});
    QVERIFY2(upgrade.exitCode == 0, qPrintable(upgrade.out + upgrade.err));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"seed"_s);
        db.setDatabaseName(m_database);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"INSERT INTO user (id, name) VALUES (1, 'Ann'), (2, 'Bob')"_s));
        QVERIFY(query.exec(u"INSERT INTO pet (name, species) VALUES ('Rex', 'Dog'), ('Tom', 'cat'), ('Bella', 'dog'), "
                           "('Nemo', 'fish'), ('Luna', 'cat'), ('Kiwi', 'parrot')"_s));
    }
    QSqlDatabase::removeDatabase(u"seed"_s);

    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->openDatabase(m_database, m_ini));
    QVERIFY2(m_window->controller()->scriptsProblem().isEmpty(), qPrintable(m_window->controller()->scriptsProblem()));
}

void TestHistoryPanel::cleanup()
{
    if (QTest::currentTestFailed())
        m_window->grab().save(QStringLiteral(PM_BINARY_DIR) + u"/tests/ui/failed-"_s
                              + QString::fromLatin1(QTest::currentTestFunction()) + u".png"_s);
    m_window.reset();
    m_dir.reset();
}

QModelIndex TestHistoryPanel::firstFold() const
{
    MigrationHistoryModel *model = m_window->historyModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->isFold(model->index(row, 0)))
            return model->index(row, 0);
    }
    return {};
}

void TestHistoryPanel::graphOfTheProject()
{
    MigrationHistoryModel *model = m_window->historyModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->revisionCount(), int(QDir(QFileInfo(m_ini).absolutePath() + u"/versions"_s)
                                              .entryList({u"*.py"_s}, QDir::Files)
                                              .size()));
    // Children above parents; the three heads; the database's revision shown.
    const QStringList order = model->revisionsInOrder();
    for (const QString &revision : order) {
        for (const QString &down : model->revision(revision)->downRevisions)
            QVERIFY(order.indexOf(revision) < order.indexOf(down));
    }
    QCOMPARE(model->heads().size(), 3);
    QVERIFY(model->indexOf(u"f7a8b9c0d1e2"_s).isValid());
    QVERIFY(model->states(u"f7a8b9c0d1e2"_s).testFlag(MigrationHistoryModel::Current));
    // The 13 plain revisions from b9aceae553ae up to "pet allergies" fold,
    // two shown at each end.
    const QModelIndex fold = firstFold();
    QVERIFY(fold.isValid());
    QCOMPARE(fold.data(MigrationHistoryModel::FoldCountRole).toInt(), 9);
    QCOMPARE(model->layout().crossings(), 0);
    // What is shown: the window opened on the current revision.
    QCOMPARE(m_window->historyView()->currentIndex().data(MigrationHistoryModel::RevisionRole).toString(),
             u"f7a8b9c0d1e2"_s);
    // Something is drawn where the current revision's node is.
    QTreeView *view = m_window->historyView();
    const QRect rect = view->visualRect(model->indexOf(u"f7a8b9c0d1e2"_s));
    QVERIFY(rect.isValid());
    const QImage image = view->viewport()->grab(QRect(rect.left(), rect.top(), 60, rect.height())).toImage();
    const QColor background = image.pixelColor(image.width() - 1, 0);
    int painted = 0;
    for (int x = 0; x < image.width(); ++x)
        painted += image.pixelColor(x, image.height() / 2) != background ? 1 : 0;
    QVERIFY2(painted > 4, "no node or lane drawn on the current revision's row");
}

// A narrow Revision column (or a long, label-like revision id): the id is
// elided and the "current" chip stays inside the cell, never drawn over the
// Message column beside it.
void TestHistoryPanel::chipsStayInTheirColumn()
{
    QTreeView *view = m_window->historyView();
    MigrationHistoryModel *model = m_window->historyModel();
    const QModelIndex index = model->indexOf(u"f7a8b9c0d1e2"_s);
    QVERIFY(model->states(u"f7a8b9c0d1e2"_s).testFlag(MigrationHistoryModel::Current));
    const QFontMetrics metrics = view->fontMetrics();
    const int cellWidth = HistoryGraphDelegate::graphWidth(metrics, model->layout().width())
        + metrics.horizontalAdvance(u"f7a8b9"_s);
    const int height = view->visualRect(index).height();
    QVERIFY(height > 0);

    QImage image(cellWidth + 200, height, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        QStyleOptionViewItem option;
        option.initFrom(view->viewport());
        option.widget = view;
        option.rect = QRect(0, 0, cellWidth, height);
        view->itemDelegateForIndex(index)->paint(&painter, option, index);
    }
    int inside = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const bool painted = image.pixelColor(x, y).alpha() != 0;
            QVERIFY2(!painted || x < cellWidth, qPrintable(u"painted at x=%1, the cell ends at %2"_s.arg(x).arg(cellWidth)));
            inside += painted ? 1 : 0;
        }
    }
    QVERIFY2(inside > 0, "nothing drawn in the cell");
}

void TestHistoryPanel::clickOpensAFold()
{
    MigrationHistoryModel *model = m_window->historyModel();
    QTreeView *view = m_window->historyView();
    const QModelIndex fold = firstFold();
    QVERIFY(fold.isValid());
    const int rows = model->rowCount();
    const int count = fold.data(MigrationHistoryModel::FoldCountRole).toInt();
    const int row = fold.row();
    view->scrollTo(fold);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(fold).center());
    QTRY_COMPARE(model->rowCount(), rows + count - 1);
    QVERIFY(!firstFold().isValid());
    // The fold's first revision takes its row and is shown.
    const QString first = model->index(row, 0).data(MigrationHistoryModel::RevisionRole).toString();
    QVERIFY(!first.isEmpty());
    QCOMPARE(view->currentIndex().data(MigrationHistoryModel::RevisionRole).toString(), first);
    QTRY_VERIFY(m_window->preview()->title().contains(first));
}

void TestHistoryPanel::enterOpensAFold()
{
    MigrationHistoryModel *model = m_window->historyModel();
    QTreeView *view = m_window->historyView();
    const QModelIndex fold = firstFold();
    QVERIFY(fold.isValid());
    const int rows = model->rowCount();
    // Down the rows with the keyboard to the fold, then Enter.
    view->setFocus();
    view->setCurrentIndex(model->index(fold.row() - 1, 0));
    QTest::keyClick(view, Qt::Key_Down);
    QCOMPARE(view->currentIndex().row(), fold.row());
    QTest::keyClick(view, Qt::Key_Return);
    QTRY_VERIFY(model->rowCount() > rows);
    QVERIFY(!firstFold().isValid());
}

void TestHistoryPanel::searchFindsAndSelects()
{
    HistoryPanel *panel = m_window->historyPanel();
    MigrationHistoryModel *model = m_window->historyModel();
    QTreeView *view = m_window->historyView();
    // Ctrl+Shift+F goes to the search field.
    m_window->activateWindow();
    m_window->historyPanel()->findAction()->trigger();
    QTRY_VERIFY(panel->searchField()->hasFocus());

    // An id prefix inside the fold: Enter opens it and selects the match.
    QTest::keyClicks(panel->searchField(), u"c05"_s);
    QCOMPARE(model->find(u"c05"_s).size(), 1);
    QCOMPARE(panel->searchStatus()->text(), u"1 match"_s);
    QTest::keyClick(panel->searchField(), Qt::Key_Return);
    QCOMPARE(view->currentIndex().data(MigrationHistoryModel::RevisionRole).toString(), model->find(u"c05"_s).first());

    // A message word and a label: matches in the graph's order, Enter walks them.
    panel->searchField()->clear();
    QTest::keyClicks(panel->searchField(), u"toy"_s);
    const QStringList found = model->find(u"toy"_s);
    QVERIFY(found.contains(u"1a2b3c4d5e6f"_s)); // "toy table"
    QVERIFY(found.contains(u"5e6f7a8b9c0d"_s)); // on the "toys" branch, by its label
    QCOMPARE(panel->searchStatus()->text(), u"%1 matches"_s.arg(found.size()));
    view->setCurrentIndex(model->index(0, 0));
    const QString top = model->index(0, 0).data(MigrationHistoryModel::RevisionRole).toString();
    QStringList visited;
    for (int k = 0; k < found.size(); ++k) {
        QTest::keyClick(panel->searchField(), Qt::Key_Return);
        visited << view->currentIndex().data(MigrationHistoryModel::RevisionRole).toString();
    }
    QStringList expected = found;
    if (found.first() == top)
        expected.move(0, expected.size() - 1); // the top row was selected: it comes last
    QCOMPARE(visited, expected);
    // The rows that do not match are dimmed.
    QVERIFY(!model->indexOf(u"a90cc5966c45"_s).data(MigrationHistoryModel::SearchMatchRole).toBool());
    panel->searchField()->clear();
    QVERIFY(model->indexOf(u"a90cc5966c45"_s).data(MigrationHistoryModel::SearchMatchRole).toBool());
}

void TestHistoryPanel::selectionHighlightsItsRun()
{
    MigrationHistoryModel *model = m_window->historyModel();
    QTreeView *view = m_window->historyView();
    MigrationController *controller = m_window->controller();
    // A pending head: an upgrade through the toys branch and the merge.
    view->setCurrentIndex(model->indexOf(u"5e6f7a8b9c0d"_s));
    const QStringList up = *controller->pathTo(u"5e6f7a8b9c0d"_s).upgrade;
    QCOMPARE(up, (QStringList{u"1a2b3c4d5e6f"_s, u"2b3c4d5e6f7a"_s, u"3c4d5e6f7a8b"_s, u"4d5e6f7a8b9c"_s,
                              u"5e6f7a8b9c0d"_s}));
    for (int k = 0; k < up.size(); ++k) {
        const QModelIndex index = model->indexOf(up.at(k));
        QCOMPARE(index.data(MigrationHistoryModel::RunStepRole).toInt(), k + 1);
        QCOMPARE(index.data(MigrationHistoryModel::RunDirectionRole).toInt(), int(RevisionPath::Direction::Upgrade));
    }
    QCOMPARE(model->indexOf(u"f7a8b9c0d1e2"_s).data(MigrationHistoryModel::RunStepRole).toInt(), 0);

    // An applied revision: the downgrade, newest step first.
    view->setCurrentIndex(model->indexOf(u"d4e5f6a7b8c9"_s));
    QCOMPARE(model->path().direction(), RevisionPath::Direction::Downgrade);
    QCOMPARE(model->path().steps(), (QStringList{u"f7a8b9c0d1e2"_s, u"e1f2a3b4c5d6"_s}));
    QCOMPARE(model->indexOf(u"f7a8b9c0d1e2"_s).data(MigrationHistoryModel::RunStepRole).toInt(), 1);
    QCOMPARE(model->indexOf(u"5e6f7a8b9c0d"_s).data(MigrationHistoryModel::RunStepRole).toInt(), 0);

    // The current revision: nothing to run.
    view->setCurrentIndex(model->indexOf(u"f7a8b9c0d1e2"_s));
    QCOMPARE(model->path().direction(), RevisionPath::Direction::None);
}

void TestHistoryPanel::contextMenuSaysHowManySteps()
{
    MigrationHistoryModel *model = m_window->historyModel();
    QTreeView *view = m_window->historyView();
    const auto menuFor = [&](const QString &revision) {
        QHash<QString, bool> actions; // text -> enabled
        const QModelIndex index = model->indexOf(revision);
        view->scrollTo(index);
        QTimer::singleShot(0, this, [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            for (QAction *action : menu->actions()) {
                if (!action->isSeparator())
                    actions.insert(action->text(), action->isEnabled());
            }
            menu->close();
        });
        Q_EMIT view->customContextMenuRequested(view->visualRect(index).center());
        return actions;
    };
    // Five steps up to the pending head; no way down to it.
    QHash<QString, bool> menu = menuFor(u"5e6f7a8b9c0d"_s);
    QCOMPARE(menu.value(u"Upgrade to Here (5 steps)"_s, false), true);
    QVERIFY(menu.contains(u"Downgrade to Here"_s));
    QCOMPARE(menu.value(u"Downgrade to Here"_s, true), false);
    // Two steps down to an applied revision; nothing to upgrade.
    menu = menuFor(u"d4e5f6a7b8c9"_s);
    QCOMPARE(menu.value(u"Downgrade to Here (2 steps)"_s, false), true);
    QCOMPARE(menu.value(u"Upgrade to Here"_s, true), false);
    // One head selected: merging needs two.
    QCOMPARE(menu.value(u"Merge Heads…"_s, true), false);
}

void TestHistoryPanel::showsTheSqlOfADependentRevision()
{
    // "audit pets" revises the audit root and depends on the main line: its
    // SQL is its own step, not the main line's from the base again (which
    // this database already has, so planning it would fail).
    const QModelIndex index = m_window->historyModel()->reveal(u"8b9c0d1e2f3a"_s);
    QVERIFY(index.isValid());
    m_window->historyView()->setCurrentIndex(index);
    const QString sql = m_window->preview()->sqlEditor()->text();
    QVERIFY2(sql.contains(u"7a8b9c0d1e2f -> 8b9c0d1e2f3a"_s), qPrintable(sql));
    QVERIFY2(!sql.contains(u"b9aceae553ae"_s), qPrintable(sql));
    QVERIFY2(!m_window->findChild<QPlainTextEdit *>(u"logView"_s)->toPlainText().contains(u"ERROR"_s),
             qPrintable(m_window->findChild<QPlainTextEdit *>(u"logView"_s)->toPlainText()));
}

void TestHistoryPanel::badgesArriveFromTheBackground()
{
    MigrationHistoryModel *model = m_window->historyModel();
    const auto texts = [model](const QString &revision) {
        QStringList out;
        for (const auto &badge : model->badges(revision))
            out << badge.text;
        return out;
    };
    QTRY_VERIFY_WITH_TIMEOUT(model->facts(u"8b9c0d1e2f3a"_s) && model->facts(u"a90cc5966c45"_s), 30000);
    // op.execute with a `pass` downgrade (applied).
    QCOMPARE(texts(u"d4e5f6a7b8c9"_s), (QStringList{u"data"_s, u"irreversible"_s}));
    // Pending: its upgrade's batch changes a type, so pet is rebuilt (6 rows here).
    QCOMPARE(texts(u"6f7a8b9c0d1e"_s), QStringList{u"rebuilds pet · 6 rows"_s});
    // Applied: a downgrade past it drops a column in a batch: a rebuild too.
    QCOMPARE(texts(u"f7a8b9c0d1e2"_s), QStringList{u"rebuilds pet · 6 rows"_s});
    // bulk_insert, undone by a DELETE.
    QCOMPARE(texts(u"4d5e6f7a8b9c"_s), QStringList{u"data"_s});
    QCOMPARE(texts(u"5e6f7a8b9c0d"_s), QStringList());

    // A body that cannot be read (it needs the application's own module;
    // a syntax error would stop Alembic and us on the whole project): the
    // graph still shows the revision.
    const QString path = model->revision(u"5e6f7a8b9c0d"_s)->path;
    QString text = readText(path);
    text.replace(u"op.drop_table('visit')"_s, u"from myapp import names; op.drop_table(names.VISIT)"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
    file.close();
    m_window->findChild<QAction *>(u"refresh"_s)->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(texts(u"5e6f7a8b9c0d"_s), QStringList{u"unreadable"_s}, 30000);
    // Located in the script: path:line:col: sentence.
    QVERIFY(model->badges(u"5e6f7a8b9c0d"_s).first().toolTip.contains(QFileInfo(path).fileName() + u':'));
}

void TestHistoryPanel::bannerForAnUnknownRevision()
{
    InlineMessage *banner = m_window->historyPanel()->banner();
    QVERIFY(!banner->isVisible());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"stamp"_s);
        db.setDatabaseName(m_database);
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(u"UPDATE alembic_version SET version_num = 'ffffffffffff'"_s));
    }
    QSqlDatabase::removeDatabase(u"stamp"_s);
    m_window->findChild<QAction *>(u"refresh"_s)->trigger();
    QTRY_VERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(u"ffffffffffff"_s));
    QVERIFY(banner->text().contains(u"newer scripts"_s));
    QCOMPARE(banner->kind(), InlineMessage::Kind::Warning);

    const test::Run stamp = test::petmigrate(m_ini, {u"stamp"_s, u"--purge"_s, u"f7a8b9c0d1e2"_s});
    QVERIFY2(stamp.exitCode == 0, qPrintable(stamp.out + stamp.err));
    m_window->findChild<QAction *>(u"refresh"_s)->trigger();
    QTRY_VERIFY(!banner->isVisible());
}

void TestHistoryPanel::mergeWritesWhatPetmigrateWrites()
{
    // The same project twice: petmigrate merges one, the window the other.
    const QString project = QFileInfo(m_ini).absolutePath();
    const QString other = m_dir->filePath(u"other"_s);
    QVERIFY(copyTree(project, other));
    const QStringList heads{u"5e6f7a8b9c0d"_s, u"6f7a8b9c0d1e"_s, u"8b9c0d1e2f3a"_s};
    const test::Run cli = test::petmigrate(other + u"/alembic.ini"_s,
                                           {u"merge"_s, u"-m"_s, u"join the heads"_s, u"--rev-id"_s,
                                            u"0123abcd4567"_s, heads.at(0), heads.at(1), heads.at(2)});
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.out + cli.err));
    const QString cliText = readText(writtenPath(cli.out));
    QVERIFY(cliText.contains(u"down_revision = ('5e6f7a8b9c0d', '6f7a8b9c0d1e', '8b9c0d1e2f3a')"_s));

    // Its id and its creation time given, the window's file is the same, byte for byte.
    MigrationController *controller = m_window->controller();
    QSignalSpy log(controller, &MigrationController::logLine);
    const Result<QString> merged =
        controller->mergeHeads(heads, u"join the heads"_s, u"0123abcd4567"_s, createDate(cliText).toUTC());
    QVERIFY2(merged, merged ? "" : qPrintable(merged.error().toString()));
    QCOMPARE(*merged, u"0123abcd4567"_s);
    const QString windowPath = writtenPath(log.last().first().toString());
    QCOMPARE(QFileInfo(windowPath).fileName(), QFileInfo(writtenPath(cli.out)).fileName());
    QCOMPARE(readText(windowPath).toUtf8(), cliText.toUtf8());
    // And the history shows it at once: one head left.
    QCOMPARE(m_window->historyModel()->heads(), QStringList{u"0123abcd4567"_s});
}

void TestHistoryPanel::mergeHeadsFromTheWindow()
{
    MigrationHistoryModel *model = m_window->historyModel();
    QTreeView *view = m_window->historyView();
    QAction *merge = m_window->findChild<QAction *>(u"mergeHeads"_s);
    QVERIFY(merge);
    QVERIFY2(merge->isEnabled(), qPrintable(merge->statusTip()));

    // Two of the three heads, Ctrl+click.
    const QString vet = u"5e6f7a8b9c0d"_s;
    const QString audit = u"8b9c0d1e2f3a"_s;
    view->scrollTo(model->indexOf(vet));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(model->indexOf(vet)).center());
    view->scrollTo(model->indexOf(audit));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier,
                      view->visualRect(model->indexOf(audit)).center());
    QCOMPARE(m_window->historyPanel()->selectedHeads(), (QStringList{vet, audit}));

    QStringList ticked;
    QTimer::singleShot(0, this, [&] {
        // Runs inside the dialog's exec().
        auto *dialog = qobject_cast<MergeHeadsDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return; // the test fails below on `ticked`
        ticked = dialog->heads();
        QTest::keyClicks(dialog->messageField(), u"vet and audit"_s);
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    });
    merge->trigger();
    QCOMPARE(QSet<QString>(ticked.cbegin(), ticked.cend()), (QSet<QString>{vet, audit}));

    // The new revision is a head over the two, shown and selected.
    const QStringList heads = model->heads();
    QCOMPARE(heads.size(), 2);
    QString added;
    for (const QString &head : heads) {
        if (head != u"6f7a8b9c0d1e"_s)
            added = head;
    }
    QVERIFY(!added.isEmpty());
    QCOMPARE(QSet<QString>(model->revision(added)->downRevisions.cbegin(), model->revision(added)->downRevisions.cend()),
             (QSet<QString>{vet, audit}));
    QCOMPARE(view->currentIndex().data(MigrationHistoryModel::RevisionRole).toString(), added);

    // petmigrate merge of the same heads, in the same order, with the id the
    // window drew, writes the same file (its creation time aside).
    const QString windowText = readText(model->revision(added)->path);
    QFile::remove(model->revision(added)->path);
    const test::Run cli = test::petmigrate(m_ini, QStringList{u"merge"_s, u"-m"_s, u"vet and audit"_s, u"--rev-id"_s,
                                                              added}
                                                      + model->revision(added)->downRevisions);
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.out + cli.err));
    QCOMPARE(withoutCreateDate(readText(writtenPath(cli.out))), withoutCreateDate(windowText));
}

void TestHistoryPanel::followsADarkPalette()
{
    // The desktop's dark palette: lanes, nodes and text stay readable on it.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x31, 0x36, 0x3b));
    dark.setColor(QPalette::Base, QColor(0x1b, 0x1e, 0x20));
    dark.setColor(QPalette::AlternateBase, QColor(0x23, 0x26, 0x29));
    dark.setColor(QPalette::Text, QColor(0xfc, 0xfc, 0xfc));
    dark.setColor(QPalette::WindowText, QColor(0xfc, 0xfc, 0xfc));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    dark.setColor(QPalette::HighlightedText, QColor(0xfc, 0xfc, 0xfc));
    dark.setColor(QPalette::PlaceholderText, QColor(0xa1, 0xa9, 0xb1));
    const QPalette before = QApplication::palette();
    QApplication::setPalette(dark);
    MigrationHistoryModel *model = m_window->historyModel();
    QTreeView *view = m_window->historyView();
    view->setCurrentIndex(model->indexOf(u"5e6f7a8b9c0d"_s)); // a run is numbered
    QTRY_VERIFY(model->facts(u"6f7a8b9c0d1e"_s));            // badges drawn too
    const QImage image = view->viewport()->grab().toImage();
    image.save(QStringLiteral(PM_BINARY_DIR) + u"/tests/ui/history-dark.png"_s);
    QApplication::setPalette(before);

    // Each applied node on its lane: bright against the dark base.
    const int spacing = HistoryGraphDelegate::laneSpacing(view->fontMetrics());
    int checked = 0;
    for (const QString &revision : {u"e1f2a3b4c5d6"_s, u"d4e5f6a7b8c9"_s, u"a90cc5966c45"_s}) {
        const QModelIndex index = model->indexOf(revision);
        const QRect rect = view->visualRect(index);
        const int column = model->layout().column(index.data(MigrationHistoryModel::LayoutRowRole).toInt());
        const QColor node = image.pixelColor(rect.left() + spacing * column + spacing / 2 + 2, rect.center().y());
        QVERIFY2(node.lightness() - dark.color(QPalette::Base).lightness() > 60,
                 qPrintable(revision + u": "_s + node.name()));
        ++checked;
    }
    QCOMPARE(checked, 3);
}

QTEST_MAIN(TestHistoryPanel)
#include "tst_historypanel.moc"
