// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli scan with SSH as users have it: --ssh-config, --askpass, --password-auth, against a
// throwaway sshd (TestSshd). The CLI runs in its own session (setsid), so it never has a terminal to
// prompt on and the test can never hang on a prompt.
#include "ProcessRun.h"

#include "TestSshd.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

using bulkhead::test::TestSshd;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run textOf(const ProcessRun& run)
{
    return Run{run.exitCode, QString::fromUtf8(run.out), QString::fromUtf8(run.err)};
}

Run cli(const QStringList& arguments, const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    return textOf(ProcessRun::run(QStringLiteral("setsid"),
                                  QStringList{QStringLiteral("-w"), QStringLiteral(BULKHEAD_CLI)} + arguments, 240000,
                                  environment, ProcessRun::Stdin::Null));
}

QString currentUser()
{
    const passwd* entry = getpwuid(geteuid());
    return entry != nullptr ? QString::fromLocal8Bit(entry->pw_name) : QString();
}

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("SSH_AUTH_SOCK"));
    environment.remove(QStringLiteral("SSH_ASKPASS"));
    environment.remove(QStringLiteral("SSH_ASKPASS_REQUIRE"));
    return environment;
}

} // namespace

class TestCliSsh : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSshd> m_sshd;
    QTemporaryDir m_work;

    // An encrypted key the server accepts, and an askpass program that answers for it and logs.
    QString encryptedKey()
    {
        const QString key = m_sshd->path(QStringLiteral("encrypted_ed25519"));
        QString error;
        if (!TestSshd::generateKey(key, QStringLiteral("ed25519"), QStringLiteral("open sesame"), &error)) {
            return {};
        }
        QFile authorized(m_sshd->path(QStringLiteral("authorized_keys")));
        QFile pub(key + QLatin1String(".pub"));
        if (!authorized.open(QIODevice::Append) || !pub.open(QIODevice::ReadOnly)) {
            return {};
        }
        authorized.write(pub.readAll());
        return key;
    }
    QString askpass(const QByteArray& answer)
    {
        const QString path = m_work.filePath(QStringLiteral("askpass.sh"));
        QFile script(path);
        if (!script.open(QIODevice::WriteOnly)) {
            return {};
        }
        script.write("#!/bin/sh\necho \"$1\" >> '" + path.toUtf8() + ".log'\nprintf '%s\\n' '" + answer + "'\n");
        script.close();
        script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    }

private slots:
    void init()
    {
        m_sshd = std::make_unique<TestSshd>();
        QString error;
        QVERIFY2(m_sshd->start(&error), qPrintable(error));
    }
    void cleanup() { m_sshd.reset(); }

    void scanThroughConfigAliasWithEncryptedKey()
    {
        const QString key = encryptedKey();
        QVERIFY(!key.isEmpty());
        const QString program = askpass("open sesame");
        const QString config = m_work.filePath(QStringLiteral("ssh_config"));
        QVERIFY(TestSshd::writeFile(config, QStringLiteral("Host audited\n"
                                                           "  HostName 127.0.0.1\n"
                                                           "  Port %1\n"
                                                           "  User %2\n"
                                                           "  IdentityFile %3\n"
                                                           "  StrictHostKeyChecking no\n")
                                                .arg(m_sshd->port())
                                                .arg(currentUser(), key)
                                                .toUtf8()));
        const QString workspace = m_work.filePath(QStringLiteral("scan.bulkhead"));
        const Run run = cli({QStringLiteral("scan"), QStringLiteral("--workspace"), workspace, QStringLiteral("--host"),
                             QStringLiteral("audited"), QStringLiteral("--known-hosts"), m_sshd->knownHostsFile(),
                             QStringLiteral("--ssh-config"), config, QStringLiteral("--askpass"), program,
                             QStringLiteral("--command-timeout"), QStringLiteral("30")},
                            cleanEnvironment());
        const QString all = run.out + run.err;
        // The resolved settings, printed before the scan.
        const QString target = QStringLiteral("%1@127.0.0.1:%2").arg(currentUser()).arg(m_sshd->port());
        QVERIFY2(run.err.contains(
                     QStringLiteral("audited: connects to %1 (\"audited\" resolved with %2)").arg(target, config)),
                 qPrintable(all));
        QVERIFY2(run.err.contains(QStringLiteral("keys: %1").arg(key)), qPrintable(all));
        QVERIFY2(run.err.contains(QLatin1String("ssh config: stricthostkeychecking no")), qPrintable(all));
        QVERIFY2(run.err.contains(QStringLiteral("passphrases and passwords from askpass program %1").arg(program)),
                 qPrintable(all));
        // Connected and collected (some probes may find no docker on this machine: partial is fine).
        QVERIFY2(!all.contains(QLatin1String("authentication failed")) &&
                     !all.contains(QLatin1String("cannot connect")),
                 qPrintable(all));
        QVERIFY2(run.exitCode == 0 || run.exitCode == 1, qPrintable(all));
        QFile log(program + QLatin1String(".log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QCOMPARE(log.readAll().count('\n'), 1);
    }

    void bareSshConfigMeansHomeConfig()
    {
        // HOME decides where ~/.ssh/config is; the option is followed by another option.
        QDir().mkpath(m_work.filePath(QStringLiteral(".ssh")));
        QVERIFY(TestSshd::writeFile(m_work.filePath(QStringLiteral(".ssh/config")),
                                    QStringLiteral("Host from-home\n  HostName 127.0.0.1\n  Port %1\n  IdentityFile "
                                                   "~/nothing-here\n")
                                        .arg(m_sshd->port())
                                        .toUtf8()));
        QProcessEnvironment environment = cleanEnvironment();
        environment.insert(QStringLiteral("HOME"), m_work.path());
        const Run run = cli({QStringLiteral("scan"), QStringLiteral("--workspace"),
                             m_work.filePath(QStringLiteral("home.bulkhead")), QStringLiteral("--host"),
                             QStringLiteral("from-home"), QStringLiteral("--known-hosts"), m_sshd->knownHostsFile(),
                             QStringLiteral("--ssh-config"), QStringLiteral("--identity"), m_sshd->clientKey()},
                            environment);
        const QString all = run.out + run.err;
        QVERIFY2(run.err.contains(
                     QStringLiteral("from-home: connects to %1@127.0.0.1:%2").arg(currentUser()).arg(m_sshd->port())),
                 qPrintable(all));
        QVERIFY2(run.err.contains(QStringLiteral("resolved with %1/.ssh/config").arg(m_work.path())), qPrintable(all));
        QVERIFY2(run.err.contains(QLatin1String("not found, skipped")), qPrintable(all));
        QVERIFY2(run.err.contains(QLatin1String("passphrases and passwords from nothing")), qPrintable(all));
        QVERIFY2(!all.contains(QLatin1String("authentication failed")), qPrintable(all));
    }

    void dryRunShowsTheResolvedConnection()
    {
        const QString config = m_work.filePath(QStringLiteral("dry_config"));
        QVERIFY(
            TestSshd::writeFile(config, QStringLiteral("Host planned\n  HostName 127.0.0.1\n  Port %1\n  User auditor\n"
                                                       "  ProxyJump ops@bastion:2222\n")
                                            .arg(m_sshd->port())
                                            .toUtf8()));
        const Run run = cli({QStringLiteral("scan"), QStringLiteral("--dry-run"), QStringLiteral("--host"),
                             QStringLiteral("planned"), QStringLiteral("--ssh-config"), config,
                             QStringLiteral("--known-hosts"), m_sshd->knownHostsFile()},
                            cleanEnvironment());
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("# planned: connects to auditor@127.0.0.1:%1").arg(m_sshd->port())),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains(QLatin1String("# planned: route: ProxyJump ops@bastion:2222, run as: ")),
                 qPrintable(run.out));
        QVERIFY2(run.out.contains(
                     QStringLiteral("'-W' '[127.0.0.1]:%1' '-p' '2222' '-l' 'ops' '--' 'bastion'").arg(m_sshd->port())),
                 qPrintable(run.out));
        // Nothing was connected: the server never saw a client.
        QTest::qWait(200);
        QVERIFY2(!m_sshd->log().contains(QLatin1String("Connection from")), qPrintable(m_sshd->log()));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing config") << QStringList{QStringLiteral("--ssh-config"), QStringLiteral("/nonexistent")}
                                        << QStringLiteral("cannot read the SSH configuration /nonexistent");
        QTest::newRow("password without a way to ask")
            << QStringList{QStringLiteral("--password-auth")}
            << QStringLiteral("--password-auth needs a terminal or an askpass program");
        QTest::newRow("bad keepalive") << QStringList{QStringLiteral("--keepalive"), QStringLiteral("-3")}
                                       << QStringLiteral("--keepalive is whole seconds");
    }

    void usageErrors()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        const Run run =
            cli(QStringList{QStringLiteral("scan"), QStringLiteral("--workspace"),
                            m_work.filePath(QStringLiteral("u.bulkhead")), QStringLiteral("--host"),
                            QStringLiteral("127.0.0.1"), QStringLiteral("--known-hosts"), m_sshd->knownHostsFile()} +
                    extra,
                cleanEnvironment());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
    }

    void hostileHostNameInConfigIsRefused()
    {
        const QString config = m_work.filePath(QStringLiteral("evil_config"));
        QVERIFY(TestSshd::writeFile(config, "Host evil\n  HostName \"127.0.0.1;touch /tmp/bulkhead-cli-pwned\"\n"));
        QFile::remove(QStringLiteral("/tmp/bulkhead-cli-pwned"));
        const Run run =
            cli({QStringLiteral("scan"), QStringLiteral("--workspace"), m_work.filePath(QStringLiteral("e.bulkhead")),
                 QStringLiteral("--host"), QStringLiteral("evil"), QStringLiteral("--known-hosts"),
                 m_sshd->knownHostsFile(), QStringLiteral("--ssh-config"), config},
                cleanEnvironment());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QLatin1String("is not a valid host name or address")), qPrintable(run.err));
        QVERIFY(!QFile::exists(QStringLiteral("/tmp/bulkhead-cli-pwned")));
    }
};

QTEST_GUILESS_MAIN(TestCliSsh)
#include "tst_cli_ssh.moc"
