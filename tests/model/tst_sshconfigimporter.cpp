// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/SshConfigImporter.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;

namespace {

QString dataPath(const QString& name)
{
    return QStringLiteral(BULKHEAD_TEST_DATA "/inventory/ssh/") + name;
}

SshConfigImporter::Options testOptions()
{
    SshConfigImporter::Options options;
    options.homeDir = QStringLiteral("/home/tester");
    options.includeBase = dataPath(QString());
    return options;
}

const InventoryHost* find(const HostImport& import, const QString& name)
{
    for (const InventoryHost& host : import.hosts) {
        if (host.name == name)
            return &host;
    }
    return nullptr;
}

QString describe(const InventoryDiagnostics& diagnostics)
{
    QStringList lines;
    for (const InventoryDiagnostic& diagnostic : diagnostics)
        lines << diagnostic.toString();
    return lines.join(QLatin1Char('\n'));
}

HostImport parseText(const char* text)
{
    Result<HostImport> parsed = SshConfigImporter::parse(QByteArray(text), QStringLiteral("cfg"), testOptions());
    return parsed ? parsed.value() : HostImport{};
}

} // namespace

class TestSshConfigImporter : public QObject
{
    Q_OBJECT

private slots:
    void realisticConfig()
    {
        const Result<HostImport> imported =
            SshConfigImporter::importFile(dataPath(QStringLiteral("config")), testOptions());
        QVERIFY2(imported, qPrintable(imported.errorMessage()));
        const HostImport& result = imported.value();
        QStringList names;
        for (const InventoryHost& host : result.hosts)
            names << host.name;
        // In the order ssh reads them: the included files first (the Include is at the top).
        QCOMPARE(names,
                 QStringList({QStringLiteral("team-box"), QStringLiteral("web-1"), QStringLiteral("v6"),
                              QStringLiteral("web-2"), QStringLiteral("db"), QStringLiteral("bastion.example.com"),
                              QStringLiteral("legacy"), QStringLiteral("matched")}));

        const InventoryHost* web1 = find(result, QStringLiteral("web-1"));
        QCOMPARE(web1->address, QStringLiteral("web-1.prod.example.com")); // %h expanded
        QCOMPARE(web1->user, QStringLiteral("from-include"));              // first value wins
        QCOMPARE(web1->identity, QStringLiteral("~/.ssh/audit_ed25519"));  // the first IdentityFile
        QCOMPARE(web1->port, 22); // "*.prod.example.com" matches the name typed, not the HostName
        QVERIFY(web1->zone.isEmpty());

        const InventoryHost* web2 = find(result, QStringLiteral("web-2"));
        QCOMPARE(web2->user, QStringLiteral("auditor"));

        const InventoryHost* db = find(result, QStringLiteral("db"));
        QCOMPARE(db->address, QStringLiteral("10.0.0.20"));
        QCOMPARE(db->port, 2222);
        QCOMPARE(db->user, QStringLiteral("star-user")); // from `Host *` at the end
        QCOMPARE(db->proxyJump, QStringLiteral("jump@bastion.example.com:22"));
        QCOMPARE(db->identity, QStringLiteral("~/.ssh/keys with space/db"));

        const InventoryHost* bastion = find(result, QStringLiteral("bastion.example.com"));
        QVERIFY(bastion->address.isEmpty()); // no HostName: the alias is the address
        QCOMPARE(bastion->user, QStringLiteral("jump"));
        QCOMPARE(bastion->identity, QStringLiteral("~/.ssh/id_default"));

        const InventoryHost* teamBox = find(result, QStringLiteral("team-box"));
        QVERIFY(teamBox->proxyJump.isEmpty()); // ProxyJump none
        QCOMPARE(find(result, QStringLiteral("v6"))->address, QStringLiteral("2001:db8::10"));
        QCOMPARE(find(result, QStringLiteral("legacy"))->address, QStringLiteral("10.0.0.30"));
        QCOMPARE(find(result, QStringLiteral("matched"))->user, QStringLiteral("star-user")); // Match not applied
        QCOMPARE(teamBox->where.object.line, 1);

        // Every dropped setting or host is reported with its file and line.
        const QString warnings = describe(result.diagnostics);
        QCOMPARE(result.diagnostics.size(), 4);
        QVERIFY2(warnings.contains(QStringLiteral("config:23: warning: host 'legacy' uses ProxyCommand")),
                 qPrintable(warnings));
        QVERIFY2(warnings.contains(QStringLiteral("config:29: warning: host 'bad-port': Port \"ssh\" is not a port "
                                                  "number; the host is skipped")),
                 qPrintable(warnings));
        QVERIFY2(warnings.contains(QStringLiteral("config:31: warning: host 'evil' is skipped: host 'evil': address "
                                                  "\"10.0.0.1; touch /tmp/pwned\" is not valid")),
                 qPrintable(warnings));
        QVERIFY2(warnings.contains(QStringLiteral("config:37: warning: 'Match user root' cannot be evaluated")),
                 qPrintable(warnings));
        for (const InventoryDiagnostic& diagnostic : result.diagnostics)
            QCOMPARE(diagnostic.level, InventoryDiagnostic::Level::Warning);
    }

    void syntax_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("user");
        QTest::addColumn<int>("port");
        QTest::newRow("equals and case") << QByteArray("HOST a\n  hostname=10.1.1.1\n  USER = bob\n  Port=2022\n")
                                         << QStringLiteral("a") << QStringLiteral("10.1.1.1") << QStringLiteral("bob")
                                         << 2022;
        QTest::newRow("comments") << QByteArray("# c\nHost a # trailing\n  HostName 10.1.1.2 # why\n")
                                  << QStringLiteral("a") << QStringLiteral("10.1.1.2") << QString() << 22;
        QTest::newRow("crlf and tabs") << QByteArray("Host a\r\n\tHostName\t10.1.1.3\r\n\tUser\tcarol\r\n")
                                       << QStringLiteral("a") << QStringLiteral("10.1.1.3") << QStringLiteral("carol")
                                       << 22;
        QTest::newRow("fqdn hostname") << QByteArray("Host a\n  HostName a.example.com\n") << QStringLiteral("a")
                                       << QStringLiteral("a.example.com") << QString() << 22;
        QTest::newRow("negation elsewhere") << QByteArray("Host a b\n  User u\nHost * !a\n  Port 2200\n")
                                            << QStringLiteral("b") << QString() << QStringLiteral("u") << 2200;
        QTest::newRow("question mark") << QByteArray("Host web-1\nHost web-?\n  Port 2201\n") << QStringLiteral("web-1")
                                       << QString() << QString() << 2201;
        QTest::newRow("match all") << QByteArray("Host a\nMatch all\n  User everyone\n") << QStringLiteral("a")
                                   << QString() << QStringLiteral("everyone") << 22;
    }

    void syntax()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, name);
        QFETCH(QString, address);
        QFETCH(QString, user);
        QFETCH(int, port);
        const Result<HostImport> result = SshConfigImporter::parse(text, QStringLiteral("cfg"), testOptions());
        QVERIFY2(result, qPrintable(result.errorMessage()));
        const InventoryHost* host = find(result.value(), name);
        QVERIFY2(host, qPrintable(describe(result->diagnostics)));
        QCOMPARE(host->address, address);
        QCOMPARE(host->user, user);
        QCOMPARE(host->port, port);
    }

    void onlyLiteralAliases()
    {
        const HostImport result = parseText("Host *\n  User x\nHost web-*\nHost !bad\nHost ok\n");
        QCOMPARE(result.hosts.size(), 1);
        QCOMPARE(result.hosts.front().name, QStringLiteral("ok"));
    }

    void unknownTokensSkipTheHost()
    {
        const HostImport result = parseText("Host a\n  HostName %n.example.com\nHost b\n  IdentityFile %d/.ssh/%r_%u\n"
                                            "  User deploy\n");
        QVERIFY(!find(result, QStringLiteral("a")));
        QCOMPARE(result.diagnostics.size(), 2);
        QVERIFY2(result.diagnostics.at(0).message.contains(QStringLiteral("%n")),
                 qPrintable(describe(result.diagnostics)));
        // %u (the local user) is not known offline either; %d and %r are.
        QVERIFY(!find(result, QStringLiteral("b")));
        const HostImport known = parseText("Host b\n  IdentityFile %d/.ssh/%r_key\n  User deploy\n");
        QCOMPARE(find(known, QStringLiteral("b"))->identity, QStringLiteral("~/.ssh/deploy_key"));
    }

    void hostileValues_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("warning");
        QTest::newRow("option injection in user") << QByteArray("Host a\n  User -oProxyCommand=sh\n")
                                                  << QStringLiteral("user \"-oProxyCommand=sh\" is not valid");
        QTest::newRow("option injection in jump")
            << QByteArray("Host a\n  ProxyJump -oProxyCommand=sh\n")
            << QStringLiteral("jump host \"-oProxyCommand=sh\" is not [USER@]HOST[:PORT]");
        QTest::newRow("ssh uri jump") << QByteArray("Host a\n  ProxyJump ssh://j@b:22\n")
                                      << QStringLiteral("ProxyJump \"ssh://j@b:22\" uses ssh:// URIs");
        QTest::newRow("escape in alias") << QByteArray("Host a\x1b[31m\n  HostName 10.0.0.1\n")
                                         << QStringLiteral("a Host alias contains a control character (U+001B)");
        QTest::newRow("newline in quoted value")
            << QByteArray("Host a\n  HostName \"10.0.0.1\n") << QStringLiteral("unterminated quote");
        QTest::newRow("port overflow") << QByteArray("Host a\n  Port 99999999999\n")
                                       << QStringLiteral("Port \"99999999999\" is not a port number");
    }

    void hostileValues()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, warning);
        const Result<HostImport> result = SshConfigImporter::parse(text, QStringLiteral("cfg"), testOptions());
        QVERIFY(result);
        const QString all = describe(result->diagnostics);
        QVERIFY2(all.contains(warning), qPrintable(all));
        for (const InventoryHost& host : result->hosts) {
            QVERIFY(!host.user.startsWith(QLatin1Char('-')));
            QVERIFY(!host.proxyJump.startsWith(QLatin1Char('-')));
        }
    }

    void includes()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto write = [&dir](const QString& name, const QByteArray& text) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        };
        // A loop, a missing file, an include under a Host (conditional) and under Match (never).
        write(QStringLiteral("main"), "Include loop\nInclude missing-*.conf\nHost gate\n  Include under-host\n"
                                      "Match exec true\n  Include under-match\n");
        write(QStringLiteral("loop"), "Include main\nHost from-loop\n  HostName 10.2.0.1\n");
        write(QStringLiteral("under-host"), "User gate-user\nHost other\n  HostName 10.2.0.2\n");
        write(QStringLiteral("under-match"), "Host hidden\n  HostName 10.2.0.3\n");
        SshConfigImporter::Options options = testOptions();
        options.includeBase = dir.path();
        const Result<HostImport> result = SshConfigImporter::importFile(dir.filePath(QStringLiteral("main")), options);
        QVERIFY2(result, qPrintable(result.errorMessage()));
        const QString all = describe(result->diagnostics);
        QVERIFY(find(result.value(), QStringLiteral("from-loop")));
        QCOMPARE(find(result.value(), QStringLiteral("gate"))->user, QStringLiteral("gate-user"));
        // "other" sits in a file included under `Host gate`: its block applies only to "gate".
        QVERIFY(!find(result.value(), QStringLiteral("other")));
        QVERIFY(!find(result.value(), QStringLiteral("hidden")));
        QVERIFY2(all.contains(QStringLiteral("again: not followed")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Include missing-*.conf matches no file")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("host 'other' is skipped: its Host block never applies")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("host 'hidden' is skipped")), qPrintable(all));
    }

    void unreadable()
    {
        const Result<HostImport> missing = SshConfigImporter::importFile(QStringLiteral("/nonexistent/ssh_config"));
        QVERIFY(!missing);
        QVERIFY(missing.errorMessage().startsWith(QStringLiteral("Cannot read /nonexistent/ssh_config")));
        const Result<HostImport> latin1 = SshConfigImporter::parse("Host caf\xe9\n", QStringLiteral("cfg"));
        QVERIFY(!latin1);
        QCOMPARE(latin1.errorMessage(), QStringLiteral("cfg:1: error: the file is not UTF-8 text"));
    }

    // Random bytes and mutated configs: nothing crashes, every imported host is valid.
    void mutations()
    {
        QFile seedFile(dataPath(QStringLiteral("config")));
        QVERIFY(seedFile.open(QIODevice::ReadOnly));
        const QByteArray seed = seedFile.readAll();
        QRandomGenerator random(7);
        static const char alphabet[] = " \n\t=\"#*?!%-@:[],\x01\xc3";
        int hosts = 0;
        for (int round = 0; round < 2000; ++round) {
            QByteArray bytes = seed;
            for (int e = 0; e < 1 + static_cast<int>(random.bounded(5)); ++e) {
                const qsizetype at = random.bounded(bytes.size());
                if (random.bounded(2) == 0)
                    bytes[at] = alphabet[random.bounded(static_cast<int>(sizeof alphabet) - 1)];
                else
                    bytes.remove(at, 1 + random.bounded(10));
            }
            SshConfigImporter::Options options = testOptions();
            options.followIncludes = false;
            const Result<HostImport> result = SshConfigImporter::parse(bytes, QStringLiteral("m"), options);
            if (!result)
                continue;
            for (const InventoryHost& host : result->hosts) {
                ++hosts;
                QVERIFY(!host.name.isEmpty());
                QVERIFY(HostSpec::parse(host.effectiveAddress().contains(QLatin1Char(':'))
                                            ? QLatin1Char('[') + host.effectiveAddress() + QLatin1Char(']')
                                            : host.effectiveAddress())
                            .ok());
            }
        }
        QVERIFY(hosts > 1000);
    }
};

QTEST_GUILESS_MAIN(TestSshConfigImporter)
#include "tst_sshconfigimporter.moc"
