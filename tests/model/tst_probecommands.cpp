// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/ProbeCommands.h"
#include "watch/LifecycleEvidence.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;

class TestProbeCommands : public QObject
{
    Q_OBJECT

private slots:
    void shellQuoteSurvivesSh_data()
    {
        QTest::addColumn<QString>("word");
        QTest::newRow("plain") << "abc";
        QTest::newRow("quote") << "it's";
        QTest::newRow("quotes") << "''a'b''";
        QTest::newRow("meta") << "$(touch x); `id` && echo \"$HOME\" | cat > y *";
        QTest::newRow("backslash") << "a\\b\\'c";
        QTest::newRow("empty") << "";
    }

    void shellQuoteSurvivesSh()
    {
        QFETCH(QString, word);
        QTemporaryDir dir;
        QProcess sh;
        sh.setWorkingDirectory(dir.path());
        sh.start(QStringLiteral("/bin/sh"),
                 {QStringLiteral("-c"), QStringLiteral("printf %s ") + ProbeCommands::shellQuote(word)});
        QVERIFY(sh.waitForFinished());
        QCOMPARE(QString::fromUtf8(sh.readAllStandardOutput()), word);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x"))));
    }

    void commandPerMode()
    {
        const Probe* sudoers = ProbeCatalog::find(QStringLiteral("host.sudoers"));
        const Probe* passwd = ProbeCatalog::find(QStringLiteral("host.passwd"));
        const Probe* info = ProbeCatalog::find(QStringLiteral("docker.info"));
        QVERIFY(sudoers && passwd && info);
        const QString direct = QStringLiteral("sh -c ") + ProbeCommands::shellQuote(sudoers->script);
        QCOMPARE(ProbeCommands::commandFor(*sudoers, AccessMode::Direct), ProbeCommands::supervised(direct));
        QCOMPARE(ProbeCommands::commandFor(*sudoers, AccessMode::Sudo),
                 ProbeCommands::supervised(QStringLiteral("sudo -n -- ") + direct));
        QVERIFY(ProbeCommands::commandFor(*info, AccessMode::Sudo).contains(QLatin1String(" sudo -n -- sh -c ")));
        // A probe that needs no privilege never goes through sudo.
        QCOMPARE(ProbeCommands::commandFor(*passwd, AccessMode::Sudo), passwd->command);

        const QVector<Probe> planned = ProbeCommands::plan(AccessMode::Sudo);
        const QStringList lines = ProbeCommands::commandLines(AccessMode::Sudo);
        QCOMPARE(planned.size(), ProbeCatalog::all().size());
        QCOMPARE(lines.size(), planned.size());
        for (qsizetype i = 0; i < planned.size(); ++i) {
            QCOMPARE(planned.at(i).command, lines.at(i));
            QCOMPARE(planned.at(i).command.contains(QLatin1String("sudo -n -- ")), planned.at(i).needsPrivilege());
        }
        QCOMPARE(ProbeCommands::commandLines(AccessMode::Direct).front(), ProbeCatalog::all().front().command);
        QCOMPARE(accessModeName(AccessMode::Sudo), QStringLiteral("sudo"));
        QCOMPARE(accessModeFromString(QStringLiteral("direct")), std::optional<AccessMode>(AccessMode::Direct));
        QVERIFY(!accessModeFromString(QStringLiteral("root")));
    }

    void sudoersEscape_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("escaped");
        QTest::newRow("separators") << "a=b:c,d"
                                    << "a\\=b\\:c\\,d";
        QTest::newRow("wildcards") << "/proc/[0-9]* ?"
                                   << "/proc/\\[0-9\\]\\* \\?";
        QTest::newRow("comment and negation") << "${d#/p} [ ! -e x ]"
                                              << "${d\\#/p} \\[ \\! -e x \\]";
        QTest::newRow("backslash") << "printf \"%s\\n\""
                                   << "printf \"%s\\\\\\\\n\"";
        QTest::newRow("literal") << "(a) \"b\" 'c' {d} $e; f | g & h > i"
                                 << "(a) \"b\" 'c' {d} $e; f | g & h > i";
    }

    void sudoersEscape()
    {
        QFETCH(QString, argument);
        QFETCH(QString, escaped);
        QCOMPARE(ProbeCommands::sudoersEscape(argument), escaped);
    }

    void allowList()
    {
        const QString list = ProbeCommands::sudoersAllowList(QStringLiteral("auditor"));
        QVERIFY(list.contains(QLatin1String("Cmnd_Alias BULKHEAD_PROBES_AUDITOR = /bin/sh -c ")));
        QVERIFY(list.endsWith(QLatin1String("auditor ALL=(root) NOPASSWD: BULKHEAD_PROBES_AUDITOR\n")));
        int entries = 0;
        for (const Probe& probe : ProbeCatalog::all()) {
            const QString entry = QStringLiteral("/bin/sh -c ") + ProbeCommands::sudoersEscape(probe.script);
            QCOMPARE(list.contains(entry), probe.needsPrivilege());
            entries += probe.needsPrivilege() ? 1 : 0;
        }
        // and the two programs of `watch --sudo`, each with its one argument
        for (const QString& program : LifecycleEvidence::sudoPrograms())
            QVERIFY(list.contains(QStringLiteral("/bin/sh -c ") + ProbeCommands::sudoersEscape(program) +
                                  QStringLiteral(" sh *,")) ||
                    list.contains(QStringLiteral("/bin/sh -c ") + ProbeCommands::sudoersEscape(program) +
                                  QStringLiteral(" sh *\n")));
        QCOMPARE(list.count(QLatin1String("/bin/sh -c ")), entries + 2);
        QVERIFY(ProbeCommands::sudoersAllowList().contains(QLatin1String("# auditor ALL=(root) NOPASSWD:")));

        // visudo, where installed, accepts the fragment.
        const QString visudo = QStandardPaths::findExecutable(QStringLiteral("visudo"),
                                                              {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
        if (visudo.isEmpty())
            QSKIP("visudo is not installed");
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("bulkhead")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(list.toUtf8());
        file.close();
        QProcess check;
        check.start(visudo, {QStringLiteral("-c"), QStringLiteral("-f"), file.fileName()});
        QVERIFY(check.waitForFinished());
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
    }

    void aliasNames()
    {
        QCOMPARE(ProbeCommands::sudoersAliasName(QString()), QStringLiteral("BULKHEAD_PROBES"));
        QCOMPARE(ProbeCommands::sudoersAliasName(QStringLiteral("operator")),
                 QStringLiteral("BULKHEAD_PROBES_OPERATOR"));
        QCOMPARE(ProbeCommands::sudoersAliasName(QStringLiteral("ci-bot.2")),
                 QStringLiteral("BULKHEAD_PROBES_CI_BOT_2"));
        QCOMPARE(ProbeCommands::sudoersAliasName(QStringLiteral("%auditors")),
                 QStringLiteral("BULKHEAD_PROBES_GROUP_AUDITORS"));
    }

    // Found on the test fleet: operator's list was installed, and a test installing outsider's beside
    // it made visudo refuse both ("Alias BULKHEAD_PROBES already defined"). Each user's list has its
    // own alias, so the lists of two users and a group are valid side by side.
    void allowListsOfTwoUsersCoexist()
    {
        const QString visudo = QStandardPaths::findExecutable(QStringLiteral("visudo"),
                                                              {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
        if (visudo.isEmpty())
            QSKIP("visudo is not installed");
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("bulkhead")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (const char* user : {"operator", "outsider", "%auditors"})
            file.write(ProbeCommands::sudoersAllowList(QLatin1String(user)).toUtf8());
        file.close();
        QProcess check;
        check.start(visudo, {QStringLiteral("-c"), QStringLiteral("-f"), file.fileName()});
        QVERIFY(check.waitForFinished());
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
    }
};

QTEST_GUILESS_MAIN(TestProbeCommands)
#include "tst_probecommands.moc"
