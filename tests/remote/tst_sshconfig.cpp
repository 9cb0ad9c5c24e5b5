// SPDX-License-Identifier: GPL-3.0-or-later
// SshConfig: ssh_config(5) resolution as ssh(1) does it, without a network. Each case writes a
// config into a temporary home and resolves an alias.
#include "ssh/ConnectionSummary.h"
#include "ssh/SshConfig.h"
#include "ssh/SshProxy.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace bulkhead;

namespace {

bool writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

} // namespace

class TestSshConfig : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    SshConfig::LoadOptions options() const
    {
        SshConfig::LoadOptions load;
        load.homeDir = m_home.path();
        load.localUser = QStringLiteral("auditor");
        return load;
    }
    SshConfig config(const QByteArray& text) const
    {
        return SshConfig::fromText(text, m_home.filePath(QStringLiteral(".ssh/config")), options());
    }

private slots:
    void aliasResolution_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("alias");
        QTest::addColumn<QString>("hostName");
        QTest::addColumn<QString>("user");
        QTest::addColumn<int>("port"); // 0: not set

        const QByteArray basic = "Host web1 web1.prod\n"
                                 "    HostName 10.0.0.5\n"
                                 "    User deploy\n"
                                 "    Port 2222\n"
                                 "\n"
                                 "Host db-*\n"
                                 "  HostName %h.internal.example\n"
                                 "  Port=2200\n"
                                 "Host *\n"
                                 "  User fallback\n"
                                 "  Port 22\n";
        QTest::newRow("exact alias") << basic << "web1"
                                     << "10.0.0.5"
                                     << "deploy" << 2222;
        QTest::newRow("second name on the Host line") << basic << "web1.prod"
                                                      << "10.0.0.5"
                                                      << "deploy" << 2222;
        QTest::newRow("wildcard with %h") << basic << "db-7"
                                          << "db-7.internal.example"
                                          << "fallback" << 2200;
        QTest::newRow("only Host *") << basic << "other"
                                     << "other"
                                     << "fallback" << 22;
        QTest::newRow("case-insensitive host") << basic << "WEB1"
                                               << "10.0.0.5"
                                               << "deploy" << 2222;

        const QByteArray firstWins = "Host a\n  Port 1111\nHost a\n  Port 2222\n  User second\nHost *\n  User third\n";
        QTest::newRow("first value wins") << firstWins << "a"
                                          << "a"
                                          << "second" << 1111;

        const QByteArray negated = "Host *.example !bastion.example\n  User inner\nHost *\n  User outer\n";
        QTest::newRow("negated pattern excludes") << negated << "bastion.example"
                                                  << "bastion.example"
                                                  << "outer" << 0;
        QTest::newRow("negation does not exclude others") << negated << "web.example"
                                                          << "web.example"
                                                          << "inner" << 0;

        const QByteArray question = "Host node?\n  User single\n";
        QTest::newRow("? matches one") << question << "node1"
                                       << "node1"
                                       << "single" << 0;
        QTest::newRow("? matches only one") << question << "node12"
                                            << "node12"
                                            << "" << 0;

        const QByteArray global = "User everyone\nHost special\n  User nobody-else\n";
        QTest::newRow("lines before any Host apply to all") << global << "special"
                                                            << "special"
                                                            << "everyone" << 0;

        const QByteArray quoted = "Host \"quoted name\" plain\n  HostName 192.0.2.1 # a comment\n";
        QTest::newRow("quotes and trailing comment") << quoted << "plain"
                                                     << "192.0.2.1"
                                                     << "" << 0;

        const QByteArray match = "Match originalhost gw\n  HostName 192.0.2.9\n"
                                 "Match host 192.0.2.9 user root\n  Port 2022\n"
                                 "Match host 192.0.2.9\n  User root\n"
                                 "Match all\n  User late\n";
        // Match user sees the user as known at that line: not yet root, so Port 2022 is not taken.
        QTest::newRow("Match host sees HostName") << match << "gw"
                                                  << "192.0.2.9"
                                                  << "root" << 0;
        QTest::newRow("Match all") << match << "x"
                                   << "x"
                                   << "late" << 0;

        const QByteArray exec = "Match exec \"touch /tmp/bulkhead-match-exec-ran\"\n  User fromexec\n";
        QTest::newRow("Match exec never runs, never matches") << exec << "h"
                                                              << "h"
                                                              << "" << 0;
    }

    void aliasResolution()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, alias);
        QFETCH(QString, hostName);
        QFETCH(QString, user);
        QFETCH(int, port);

        QFile::remove(QStringLiteral("/tmp/bulkhead-match-exec-ran"));
        const auto resolved = config(text).resolve(alias);
        QCOMPARE(resolved.alias, alias);
        QCOMPARE(resolved.hostName, hostName);
        QCOMPARE(resolved.user, user);
        QCOMPARE(resolved.port.value_or(0), port);
        QVERIFY(!QFile::exists(QStringLiteral("/tmp/bulkhead-match-exec-ran")));
    }

    void identityFiles()
    {
        const QByteArray text = "Host box\n"
                                "  HostName 203.0.113.4\n"
                                "  User ops\n"
                                "  Port 2201\n"
                                "  IdentityFile ~/.ssh/id_box\n"
                                "  IdentityFile %d/keys/%r@%h-%p\n"
                                "  IdentityFile \"~/.ssh/with space\"\n"
                                "  IdentityFile ~/.ssh/id_box\n"
                                "  IdentityFile /abs/%n-%u\n"
                                "Host *\n"
                                "  IdentityFile ~/.ssh/id_default\n";
        const auto resolved = config(text).resolve(QStringLiteral("box"));
        const QString home = m_home.path();
        QCOMPARE(
            resolved.identityFiles,
            (QStringList{home + QStringLiteral("/.ssh/id_box"), home + QStringLiteral("/keys/ops@203.0.113.4-2201"),
                         home + QStringLiteral("/.ssh/with space"), QStringLiteral("/abs/box-auditor"),
                         home + QStringLiteral("/.ssh/id_default")}));
        // The user given with the host wins over User, also for %r.
        const auto other = config(text).resolve(QStringLiteral("box"), QStringLiteral("root"), 2300);
        QVERIFY2(other.identityFiles.contains(home + QStringLiteral("/keys/root@203.0.113.4-2300")),
                 qPrintable(other.identityFiles.join(QLatin1Char('|'))));
    }

    void defaultKeysOnlyWithoutIdentityFile()
    {
        QTemporaryDir home;
        QVERIFY(writeFile(home.filePath(QStringLiteral(".ssh/id_ed25519")), "key"));
        QVERIFY(writeFile(home.filePath(QStringLiteral(".ssh/id_rsa")), "key"));
        SshConfig::LoadOptions load = options();
        load.homeDir = home.path();
        const QString path = home.filePath(QStringLiteral(".ssh/config"));
        const SshConfig parsed = SshConfig::fromText("Host named\n  IdentityFile ~/.ssh/id_named\n", path, load);

        SshOptions plain;
        plain.host = HostSpec::parse(QStringLiteral("plain")).value();
        QVERIFY(parsed.apply(plain.host, plain).ok());
        QCOMPARE(plain.identityFiles, (QStringList{home.filePath(QStringLiteral(".ssh/id_rsa")),
                                                   home.filePath(QStringLiteral(".ssh/id_ed25519"))}));

        SshOptions named;
        named.host = HostSpec::parse(QStringLiteral("named")).value();
        QVERIFY(parsed.apply(named.host, named).ok());
        QCOMPARE(named.identityFiles, QStringList{home.filePath(QStringLiteral(".ssh/id_named"))});

        SshOptions explicitKey;
        explicitKey.host = plain.host;
        explicitKey.identityFile = QStringLiteral("/keys/given");
        QVERIFY(parsed.apply(explicitKey.host, explicitKey).ok());
        QVERIFY(explicitKey.identityFiles.isEmpty());
    }

    void unknownTokenIsReportedNotGuessed()
    {
        const auto resolved = config("Host x\n  IdentityFile ~/.ssh/%Z\n").resolve(QStringLiteral("x"));
        QVERIFY(resolved.identityFiles.isEmpty());
        QCOMPARE(resolved.ignored.size(), 1);
        QVERIFY2(resolved.ignored.first().contains(QLatin1String("%Z")), qPrintable(resolved.ignored.first()));
        QVERIFY2(resolved.ignored.first().contains(QLatin1String("line 2")), qPrintable(resolved.ignored.first()));
    }

    void hostKeySettingsAreIgnoredAndSaidSo()
    {
        const QByteArray text = "Host *\n"
                                "  StrictHostKeyChecking no\n"
                                "  UserKnownHostsFile /dev/null\n"
                                "  GlobalKnownHostsFile /dev/null\n"
                                "  ForwardAgent yes\n"
                                "  LocalCommand touch /tmp/x\n"
                                "  Ciphers aes128-ctr\n";
        const auto resolved = config(text).resolve(QStringLiteral("h"));
        const QString all = resolved.ignored.join(QLatin1Char('\n'));
        QCOMPARE(resolved.ignored.size(), 5); // Ciphers has no effect on what Bulkhead does: not listed
        QVERIFY2(all.contains(QLatin1String("stricthostkeychecking no")), qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("always checked strictly")), qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("userknownhostsfile /dev/null")), qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("never forwards the agent")), qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("line 2")), qPrintable(all));

        SshOptions options;
        options.host = HostSpec::parse(QStringLiteral("h")).value();
        options.knownHostsFile = QStringLiteral("/audit/known_hosts");
        QVERIFY(config(text).apply(options.host, options).ok());
        QCOMPARE(options.knownHostsFile, QStringLiteral("/audit/known_hosts"));
        QVERIFY(!options.acceptNew);
    }

    void includeIsRelativeToSshDirAndConditional()
    {
        QVERIFY(writeFile(m_home.filePath(QStringLiteral(".ssh/conf.d/10-web.conf")),
                          "Host web\n  HostName 198.51.100.10\n  Port 2022\n"));
        QVERIFY(writeFile(m_home.filePath(QStringLiteral(".ssh/conf.d/20-db.conf")), "Host db\n  User dba\n"));
        QVERIFY(writeFile(m_home.filePath(QStringLiteral(".ssh/only-gw.conf")), "User gateway-user\n"));
        const QByteArray text = "Include conf.d/*.conf\n"
                                "Host gw\n"
                                "  Include only-gw.conf\n"
                                "Host *\n"
                                "  Include missing-*.conf\n"
                                "  User default\n";
        const SshConfig parsed = config(text);
        QCOMPARE(parsed.resolve(QStringLiteral("web")).hostName, QStringLiteral("198.51.100.10"));
        QCOMPARE(parsed.resolve(QStringLiteral("web")).port.value_or(0), 2022);
        QCOMPARE(parsed.resolve(QStringLiteral("db")).user, QStringLiteral("dba"));
        QCOMPARE(parsed.resolve(QStringLiteral("gw")).user, QStringLiteral("gateway-user"));
        QCOMPARE(parsed.resolve(QStringLiteral("web")).user, QStringLiteral("default"));
        QVERIFY2(parsed.warnings().join(QLatin1Char('\n')).contains(QLatin1String("matches no file")),
                 qPrintable(parsed.warnings().join(QLatin1Char('\n'))));
        QVERIFY(parsed.hostAliases().contains(QStringLiteral("web")));
        QVERIFY(parsed.hostAliases().contains(QStringLiteral("gw")));
        QVERIFY(!parsed.hostAliases().contains(QStringLiteral("*")));
        const auto applied = parsed.resolve(QStringLiteral("web")).applied.join(QLatin1Char('\n'));
        QVERIFY2(applied.contains(QLatin1String("10-web.conf line 2")), qPrintable(applied));
    }

    void includeLoopIsBounded()
    {
        QVERIFY(writeFile(m_home.filePath(QStringLiteral(".ssh/loop.conf")), "Include loop.conf\nUser looped\n"));
        const SshConfig parsed = config("Include loop.conf\n");
        QCOMPARE(parsed.resolve(QStringLiteral("x")).user, QStringLiteral("looped"));
        QVERIFY(parsed.warnings().join(QLatin1Char('\n')).contains(QLatin1String("nested too deeply")));
    }

    void proxySettings()
    {
        const QByteArray text = "Host inner\n"
                                "  HostName 10.1.2.3\n"
                                "  ProxyJump ops@bastion:2222,ssh://gw2\n"
                                "  ProxyCommand never-used %h\n"
                                "Host via-command\n"
                                "  HostName 10.9.9.9\n"
                                "  Port 2200\n"
                                "  ProxyCommand nc -X connect -x proxy:3128 '%h' %p # 100%%\n"
                                "Host *\n"
                                "  ProxyJump none\n";
        const auto inner = config(text).resolve(QStringLiteral("inner"));
        QCOMPARE(inner.proxyJump, QStringLiteral("ops@bastion:2222,ssh://gw2"));
        QVERIFY(inner.proxyCommand.isEmpty());
        const auto command = config(text).resolve(QStringLiteral("via-command"));
        QCOMPARE(command.proxyCommand, QStringLiteral("nc -X connect -x proxy:3128 '10.9.9.9' 2200 # 100%"));
        QVERIFY(command.proxyJump.isEmpty());
        const auto none = config(text).resolve(QStringLiteral("plain"));
        QVERIFY(none.proxyJump.isEmpty());
        QVERIFY(none.proxyCommand.isEmpty());
    }

    void timeouts()
    {
        const QByteArray text = "Host slow\n  ConnectTimeout 42\n  ServerAliveInterval 7\n  ServerAliveCountMax 5\n"
                                "Host off\n  ServerAliveInterval 0\n"
                                "Host bad\n  ConnectTimeout soon\n";
        SshOptions options;
        options.host = HostSpec::parse(QStringLiteral("slow")).value();
        QVERIFY(config(text).apply(options.host, options).ok());
        QCOMPARE(options.connectTimeoutMs, 42000);
        QCOMPARE(options.keepaliveIntervalMs, 7000);
        QCOMPARE(options.keepaliveCountMax, 5);

        SshOptions given;
        given.host = options.host;
        given.connectTimeoutMs = 3000;
        QVERIFY(config(text).apply(given.host, given, true).ok());
        QCOMPARE(given.connectTimeoutMs, 3000);

        SshOptions off;
        off.host = HostSpec::parse(QStringLiteral("off")).value();
        QVERIFY(config(text).apply(off.host, off).ok());
        QCOMPARE(off.keepaliveIntervalMs, 0);

        const auto bad = config(text).resolve(QStringLiteral("bad"));
        QVERIFY(!bad.connectTimeoutSeconds);
        QVERIFY(bad.ignored.join(QLatin1Char('\n')).contains(QLatin1String("not a number")));
    }

    void applyHonoursCommandLine_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("expected");

        QTest::newRow("config user and port") << "web"
                                              << "deploy@10.0.0.5:2222";
        QTest::newRow("user given wins") << "root@web"
                                         << "root@10.0.0.5:2222";
        QTest::newRow("port given wins") << "web:2300"
                                         << "deploy@10.0.0.5:2300";
        QTest::newRow("port 22 counts as not given") << "web:22"
                                                     << "deploy@10.0.0.5:2222";
        QTest::newRow("unknown alias stays literal") << "10.7.7.7"
                                                     << "10.7.7.7:22";
    }

    void applyHonoursCommandLine()
    {
        QFETCH(QString, spec);
        QFETCH(QString, expected);
        const QByteArray text = "Host web\n  HostName 10.0.0.5\n  User deploy\n  Port 2222\n";
        SshOptions options;
        options.host = HostSpec::parse(spec).value();
        QVERIFY(config(text).apply(options.host, options).ok());
        QCOMPARE(options.host.toString(), expected);
    }

    void hostileHostNameRefused_data()
    {
        QTest::addColumn<QByteArray>("hostName");
        QTest::newRow("shell") << QByteArray("\"x;touch /tmp/pwned\"");
        QTest::newRow("option") << QByteArray("-oProxyCommand=sh");
        QTest::newRow("user inside") << QByteArray("a@b");
        QTest::newRow("space") << QByteArray("\"a b\"");
    }

    void hostileHostNameRefused()
    {
        QFETCH(QByteArray, hostName);
        SshOptions options;
        options.host = HostSpec::parse(QStringLiteral("evil")).value();
        const auto applied = config("Host evil\n  HostName " + hostName + "\n").apply(options.host, options);
        QVERIFY(!applied.ok());
        QVERIFY2(applied.errorMessage().contains(QLatin1String("not a valid host name")),
                 qPrintable(applied.errorMessage()));
    }

    void jumpCommandIsQuotedAndStrict()
    {
        SshOptions options;
        options.host = HostSpec::parse(QStringLiteral("10.1.2.3:2200")).value();
        options.knownHostsFile = QStringLiteral("/audit/known hosts");
        options.configFile = QStringLiteral("/audit/ssh config");
        options.proxyJump = QStringLiteral("ops@bastion:2222,gw2");
        options.connectTimeoutMs = 7500;
        auto command = SshProxy::jumpCommand(options, QStringLiteral("/tmp/jump.log"));
        QVERIFY2(command.ok(), qPrintable(command.errorMessage()));
        const QString text = command.value();
        QVERIFY2(text.contains(QLatin1String("'-F' '/audit/ssh config'")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("'StrictHostKeyChecking=yes'")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("'UserKnownHostsFile=\"/audit/known hosts\"'")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("'BatchMode=yes'")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("'ConnectTimeout=8'")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("'-J' 'ops@bastion:2222'")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("'-W' '[10.1.2.3]:2200'")), qPrintable(text));
        QVERIFY2(text.endsWith(QLatin1String("'--' 'gw2' 2>'/tmp/jump.log'")), qPrintable(text));

        // The command line the shell sees splits into exactly the words we meant.
        QProcess shell;
        shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("printf '%s\\n' ") +
                                                                          text.section(QLatin1String(" 2>"), 0, 0)});
        QVERIFY(shell.waitForFinished(5000));
        const QStringList words = QString::fromUtf8(shell.readAllStandardOutput()).split(QLatin1Char('\n'));
        QVERIFY(words.contains(QStringLiteral("UserKnownHostsFile=\"/audit/known hosts\"")));
        QVERIFY(words.contains(QStringLiteral("/audit/ssh config")));

        options.acceptNew = true;
        options.proxyJump = QStringLiteral("root@[::1]:2222");
        command = SshProxy::jumpCommand(options, {}, QStringLiteral("/usr/bin/my askpass"));
        QVERIFY2(command.ok(), qPrintable(command.errorMessage()));
        QVERIFY2(
            command->startsWith(QLatin1String("'env' 'SSH_ASKPASS=/usr/bin/my askpass' 'SSH_ASKPASS_REQUIRE=force'")),
            qPrintable(command.value()));
        QVERIFY2(command->contains(QLatin1String("'StrictHostKeyChecking=accept-new'")), qPrintable(command.value()));
        QVERIFY2(command->contains(QLatin1String("'-p' '2222' '-l' 'root' '--' '::1'")), qPrintable(command.value()));
        QVERIFY(!command->contains(QLatin1String("2>")));
    }

    void badJumpRefused_data()
    {
        QTest::addColumn<QString>("jump");
        QTest::newRow("shell") << QStringLiteral("bastion;touch /tmp/x");
        QTest::newRow("option") << QStringLiteral("-oProxyCommand=x");
        QTest::newRow("empty item") << QStringLiteral("a,,b");
        QTest::newRow("space") << QStringLiteral("a b");
    }

    void badJumpRefused()
    {
        QFETCH(QString, jump);
        QVERIFY(!SshProxy::parseJumps(jump).ok());
        SshOptions options;
        options.host = HostSpec::parse(QStringLiteral("inner")).value();
        const QByteArray text = "Host inner\n  ProxyJump " + jump.toUtf8() + "\n";
        QVERIFY(!config(text).apply(options.host, options).ok());
    }

    void summaryShowsResolvedSettings()
    {
        const QByteArray text = "Host web\n  HostName 10.0.0.5\n  User deploy\n  Port 2222\n"
                                "  IdentityFile ~/.ssh/id_web\n  ProxyJump bastion\n  StrictHostKeyChecking no\n";
        const QString path = m_home.filePath(QStringLiteral(".ssh/config"));
        const SshConfig parsed = SshConfig::fromText(text, path, options());
        SshOptions ssh;
        ssh.host = HostSpec::parse(QStringLiteral("web")).value();
        ssh.knownHostsFile = QStringLiteral("/audit/known_hosts");
        QVERIFY(parsed.apply(ssh.host, ssh).ok());
        const QString summary = ConnectionSummary::lines(ssh).join(QLatin1Char('\n'));
        QVERIFY2(
            summary.contains(QStringLiteral("connects to deploy@10.0.0.5:2222 (\"web\" resolved with %1)").arg(path)),
            qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("route: ProxyJump bastion, run as: ")), qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("'-W' '[10.0.0.5]:2222'")), qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("checked strictly against /audit/known_hosts")), qPrintable(summary));
        QVERIFY2(summary.contains(m_home.filePath(QStringLiteral(".ssh/id_web (not found, skipped)"))),
                 qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("ssh config: HostName 10.0.0.5 (")), qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("ssh config: stricthostkeychecking no (")), qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("keepalive every 15 s of silence, given up after 3 unanswered")),
                 qPrintable(summary));
    }

    void missingFileIsAnError()
    {
        auto loaded = SshConfig::load(m_home.filePath(QStringLiteral("nope")), options());
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.errorMessage().contains(QLatin1String("no such file")), qPrintable(loaded.errorMessage()));
    }

    void unbalancedQuoteLineIsSkipped()
    {
        const SshConfig parsed = config("Host x\n  User \"broken\n  Port 2022\n");
        const auto resolved = parsed.resolve(QStringLiteral("x"));
        QVERIFY(resolved.user.isEmpty());
        QCOMPARE(resolved.port.value_or(0), 2022);
        QVERIFY(parsed.warnings().join(QLatin1Char('\n')).contains(QLatin1String("unbalanced quotes")));
    }
};

QTEST_GUILESS_MAIN(TestSshConfig)
#include "tst_sshconfig.moc"
