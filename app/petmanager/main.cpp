// petmanager [DATABASE_FILE_OR_URL] [-c path/to/alembic.ini]
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QPlainTextEdit>
#include <QStandardPaths>

#include "runtime/appmigrations.h"
#include "ui/icons.h"
#include "ui/inlinemessage.h"
#include "ui/mainwindow.h"

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"PetManager"_s);
    QApplication::setOrganizationDomain(u"petmanager.example.invalid"_s);
    QApplication::setApplicationName(u"petmanager"_s);
    QApplication::setApplicationDisplayName(QApplication::translate("main", "Pet Manager"));
    QApplication::setApplicationVersion(u"0.1.0"_s);
    QApplication::setDesktopFileName(u"io.example.PetManager"_s);
    QApplication::setWindowIcon(pm::Icons::builtin(pm::Icons::Kind::App));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Manage pets and users and migrate their database."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"database"_s,
                                 QApplication::translate("main", "A SQLite database file or a database URL."),
                                 u"[DATABASE_FILE_OR_URL]"_s);
    const QCommandLineOption configOption({u"c"_s, u"config"_s},
                                          QApplication::translate("main", "The migrations project's alembic.ini."),
                                          u"path/to/alembic.ini"_s);
    parser.addOption(configOption);
    parser.process(app);

    // The app's own migrations: $PETMANAGER_MIGRATIONS, the installed copy,
    // else the source tree this binary was built from.
    const pm::Result<QString> ownMigrations = pm::app::migrationsConfigFile();
    QString ini = parser.value(configOption);
    if (!ini.isEmpty())
        ini = QFileInfo(ini).absoluteFilePath();
    else if (ownMigrations)
        ini = *ownMigrations;

    QString database;
    QStringList startupLog;
    QString startupProblem;
    if (!parser.positionalArguments().isEmpty()) {
        database = parser.positionalArguments().constFirst();
        if (!database.contains(u"://"_s))
            database = QFileInfo(database).absoluteFilePath();
    } else {
        // The embedded default database: created and brought to head by the
        // app's own migrations (a fresh file takes a fraction of a second).
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        database = QDir(dir).filePath(u"pets.db"_s);
        const pm::Status upgraded =
            pm::app::upgradeToHead(database, [&startupLog](const QString &line) { startupLog << line; });
        if (!upgraded)
            startupProblem = upgraded.error().toString();
    }

    pm::MainWindow window;
    window.show();
    window.openDatabase(database, ini);
    for (const QString &line : std::as_const(startupLog))
        window.logView()->appendPlainText(line);
    if (!startupProblem.isEmpty())
        window.message()->showMessage(pm::InlineMessage::Kind::Error, startupProblem);
    return QApplication::exec();
}
