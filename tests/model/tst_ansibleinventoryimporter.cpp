// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/AnsibleInventoryImporter.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace bulkhead;

Q_DECLARE_METATYPE(bulkhead::AnsibleInventoryImporter::Format)

namespace {

QString dataPath(const QString& name)
{
    return QStringLiteral(BULKHEAD_TEST_DATA "/inventory/ansible/") + name;
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

HostImport importText(const QByteArray& text, AnsibleInventoryImporter::Format format)
{
    Result<HostImport> result = AnsibleInventoryImporter::parse(text, QStringLiteral("inv"), format);
    return result ? result.value() : HostImport{};
}

} // namespace

class TestAnsibleInventoryImporter : public QObject
{
    Q_OBJECT

private slots:
    // hosts.ini and hosts.yml describe the same fleet: both must give exactly these hosts.
    void sameFleetBothFormats_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("ini") << QStringLiteral("hosts.ini");
        QTest::newRow("yaml") << QStringLiteral("hosts.yml");
    }

    void sameFleetBothFormats()
    {
        QFETCH(QString, file);
        const Result<HostImport> imported = AnsibleInventoryImporter::importFile(dataPath(file));
        QVERIFY2(imported, qPrintable(imported.errorMessage()));
        const HostImport& result = imported.value();
        QVERIFY2(result.diagnostics.isEmpty(), qPrintable(describe(result.diagnostics)));

        QStringList names;
        for (const InventoryHost& host : result.hosts)
            names << host.name;
        QCOMPARE(names,
                 QStringList({QStringLiteral("mail.example.com"), QStringLiteral("web01.example.com"),
                              QStringLiteral("web02.example.com"), QStringLiteral("web03.example.com"),
                              QStringLiteral("www.example.com"), QStringLiteral("db-1"), QStringLiteral("db-2")}));

        const InventoryHost* mail = find(result, QStringLiteral("mail.example.com"));
        QCOMPARE(mail->address, QStringLiteral("10.0.9.1"));
        QCOMPARE(mail->user, QStringLiteral("nobody")); // all:vars
        QCOMPARE(mail->identity, QStringLiteral("~/.ssh/fleet"));
        QVERIFY(mail->proxyJump.isEmpty());
        QVERIFY(mail->labels.isEmpty());

        const InventoryHost* web2 = find(result, QStringLiteral("web02.example.com"));
        QVERIFY(web2->address.isEmpty());
        QCOMPARE(web2->user, QStringLiteral("webadmin"));                      // host variable beats every group
        QCOMPARE(web2->proxyJump, QStringLiteral("jump@bastion.example.com")); // from prod, a parent group
        QCOMPARE(web2->labels.value(QStringLiteral("ansible_groups")), QStringLiteral("web"));
        QCOMPARE(web2->access, AccessMode::Direct);

        const InventoryHost* www = find(result, QStringLiteral("www.example.com"));
        QCOMPARE(www->port, 2222);
        QCOMPARE(www->address, QStringLiteral("10.0.0.9"));
        QCOMPARE(www->user, QStringLiteral("deploy")); // prod:vars beats all:vars

        const InventoryHost* db1 = find(result, QStringLiteral("db-1"));
        QCOMPARE(db1->address, QStringLiteral("10.0.1.1"));
        QCOMPARE(db1->port, 5022);
        QCOMPARE(db1->user, QStringLiteral("dba")); // db (child) beats prod (parent)
        QCOMPARE(db1->access, AccessMode::Sudo);    // ansible_become
        QCOMPARE(db1->labels.value(QStringLiteral("ansible_groups")), QStringLiteral("db"));

        const InventoryHost* db2 = find(result, QStringLiteral("db-2"));
        QCOMPARE(db2->address, QStringLiteral("10.0.1.2"));
        QCOMPARE(db2->identity, QStringLiteral("~/.ssh/db key"));
        QCOMPARE(db2->access, AccessMode::Direct);
    }

    void detect_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("file");
        QTest::addColumn<AnsibleInventoryImporter::Format>("format");
        using F = AnsibleInventoryImporter::Format;
        QTest::newRow("yml extension") << QByteArray("[web]\n") << QStringLiteral("a.yml") << F::Yaml;
        QTest::newRow("ini extension") << QByteArray("all:\n") << QStringLiteral("a.ini") << F::Ini;
        QTest::newRow("section") << QByteArray("# c\n\n[web]\nhost\n") << QStringLiteral("hosts") << F::Ini;
        QTest::newRow("host vars") << QByteArray("h ansible_host=1.2.3.4\n") << QStringLiteral("hosts") << F::Ini;
        QTest::newRow("bare host") << QByteArray("h.example.com\n") << QStringLiteral("hosts") << F::Ini;
        QTest::newRow("yaml all") << QByteArray("---\nall:\n  hosts:\n") << QStringLiteral("hosts") << F::Yaml;
        QTest::newRow("yaml group") << QByteArray("web:\n  hosts:\n") << QStringLiteral("hosts") << F::Yaml;
        QTest::newRow("json") << QByteArray("{\"all\": {}}") << QStringLiteral("inventory") << F::Yaml;
    }

    void detect()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, file);
        QFETCH(AnsibleInventoryImporter::Format, format);
        QCOMPARE(AnsibleInventoryImporter::detect(text, file), format);
    }

    void ranges_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("zero padded") << QByteArray("n[08:11]")
                                     << QStringList({QStringLiteral("n08"), QStringLiteral("n09"),
                                                     QStringLiteral("n10"), QStringLiteral("n11")});
        QTest::newRow("letters") << QByteArray("db-[a:c].lan")
                                 << QStringList({QStringLiteral("db-a.lan"), QStringLiteral("db-b.lan"),
                                                 QStringLiteral("db-c.lan")});
        QTest::newRow("stride") << QByteArray("h[1:7:3]")
                                << QStringList({QStringLiteral("h1"), QStringLiteral("h4"), QStringLiteral("h7")});
        QTest::newRow("two ranges") << QByteArray("r[1:2]c[1:2]")
                                    << QStringList({QStringLiteral("r1c1"), QStringLiteral("r1c2"),
                                                    QStringLiteral("r2c1"), QStringLiteral("r2c2")});
        QTest::newRow("range and port") << QByteArray("w[1:2]:2200")
                                        << QStringList({QStringLiteral("w1"), QStringLiteral("w2")});
    }

    void ranges()
    {
        QFETCH(QByteArray, line);
        QFETCH(QStringList, names);
        const HostImport result = importText("[g]\n" + line + "\n", AnsibleInventoryImporter::Format::Ini);
        QStringList got;
        for (const InventoryHost& host : result.hosts)
            got << host.name;
        QCOMPARE(got, names);
        if (line.endsWith(":2200"))
            QCOMPARE(result.hosts.front().port, 2200);
    }

    void ipv6()
    {
        const HostImport result =
            importText("[g]\n[2001:db8::5]:2201\nv6 ansible_host=2001:db8::6\n", AnsibleInventoryImporter::Format::Ini);
        QCOMPARE(result.hosts.size(), 2);
        QCOMPARE(result.hosts.at(0).name, QStringLiteral("2001:db8::5"));
        QCOMPARE(result.hosts.at(0).port, 2201);
        QCOMPARE(result.hosts.at(1).spec().toString(), QStringLiteral("[2001:db8::6]:22"));
    }

    void proxyJumpForms_data()
    {
        QTest::addColumn<QString>("args");
        QTest::addColumn<QString>("jump");
        QTest::newRow("-J") << QStringLiteral("-J a@b") << QStringLiteral("a@b");
        QTest::newRow("-Jx") << QStringLiteral("-Ja@b:2") << QStringLiteral("a@b:2");
        QTest::newRow("-o k=v") << QStringLiteral("-C -o ProxyJump=j1,j2") << QStringLiteral("j1,j2");
        QTest::newRow("-ok=v") << QStringLiteral("-oProxyJump=j") << QStringLiteral("j");
        QTest::newRow("-o 'k v'") << QStringLiteral("-o 'ProxyJump j'") << QStringLiteral("j");
        QTest::newRow("none") << QStringLiteral("-o StrictHostKeyChecking=no") << QString();
    }

    void proxyJumpForms()
    {
        QFETCH(QString, args);
        QFETCH(QString, jump);
        const QByteArray ini = "[g]\nh\n[g:vars]\nansible_ssh_common_args=" + args.toUtf8() + "\n";
        const HostImport result = importText(ini, AnsibleInventoryImporter::Format::Ini);
        QCOMPARE(result.hosts.size(), 1);
        QCOMPARE(result.hosts.front().proxyJump, jump);
    }

    void reported_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<AnsibleInventoryImporter::Format>("format");
        QTest::addColumn<int>("hosts");
        QTest::addColumn<QString>("warning");
        using F = AnsibleInventoryImporter::Format;
        QTest::newRow("template") << QByteArray("h ansible_host={{ lookup('env','IP') }}\n") << F::Ini << 0
                                  << QStringLiteral("inv:1: warning: host 'h': ansible_host is a template");
        QTest::newRow("proxy command") << QByteArray("h ansible_ssh_common_args='-o ProxyCommand=\"nc %h %p\"'\n")
                                       << F::Ini << 1
                                       << QStringLiteral("host 'h' uses a ProxyCommand in ansible_ssh_common_args");
        QTest::newRow("bad port") << QByteArray("h ansible_port=ssh\n") << F::Ini << 0
                                  << QStringLiteral("host 'h': ansible_port \"ssh\" is not a port number");
        QTest::newRow("injection") << QByteArray("h ansible_user=-oProxyCommand=sh\n") << F::Ini << 0
                                   << QStringLiteral(
                                          "host 'h' is skipped: host 'h': user \"-oProxyCommand=sh\" is not valid");
        QTest::newRow("connection local") << QByteArray("localhost ansible_connection=local\n") << F::Ini << 1
                                          << QStringLiteral("uses ansible_connection=local");
        QTest::newRow("become su") << QByteArray("h ansible_become=true ansible_become_method=su\n") << F::Ini << 1
                                   << QStringLiteral("becomes root with 'su'; Bulkhead uses sudo -n");
        QTest::newRow("unknown section") << QByteArray("[g:hostvars]\nx=1\n[g]\nh\n") << F::Ini << 1
                                         << QStringLiteral("section [g:hostvars] is not hosts, :vars or :children");
        QTest::newRow("bad range") << QByteArray("[g]\nh[1-3]\n") << F::Ini << 0
                                   << QStringLiteral("a range is [START:END] or [START:END:STEP]");
        QTest::newRow("huge range") << QByteArray("[g]\nh[0:99999999]\n") << F::Ini << 0
                                    << QStringLiteral("the range has more than 20000 hosts");
        QTest::newRow("cycle") << QByteArray("[a:children]\nb\n[b:children]\na\n[a]\nh\n") << F::Ini << 1
                               << QStringLiteral("is its own child");
        QTest::newRow("yaml list var") << QByteArray("all:\n  hosts:\n    h:\n      ansible_user: [a, b]\n") << F::Yaml
                                       << 1 << QStringLiteral("host 'h': ansible_user is a list or mapping");
        QTest::newRow("yaml unknown key") << QByteArray("all:\n  host:\n    h:\n") << F::Yaml << 0
                                          << QStringLiteral("group 'all': unknown key \"host\"");
        QTest::newRow("yaml hosts list") << QByteArray("web:\n  hosts: [a, b]\n") << F::Yaml << 0
                                         << QStringLiteral("group 'web': hosts must be a mapping");
        QTest::newRow("escape in name") << QByteArray("[g]\n\"h\x1bx\"\n") << F::Ini << 0
                                        << QStringLiteral("its name contains a control character (U+001B)");
    }

    void reported()
    {
        QFETCH(QByteArray, text);
        QFETCH(AnsibleInventoryImporter::Format, format);
        QFETCH(int, hosts);
        QFETCH(QString, warning);
        const Result<HostImport> result = AnsibleInventoryImporter::parse(text, QStringLiteral("inv"), format);
        QVERIFY2(result, qPrintable(result.errorMessage()));
        const QString all = describe(result->diagnostics);
        QCOMPARE(result->hosts.size(), hosts);
        QVERIFY2(all.contains(warning), qPrintable(all));
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<AnsibleInventoryImporter::Format>("format");
        QTest::addColumn<QString>("error");
        using F = AnsibleInventoryImporter::Format;
        QTest::newRow("yaml syntax") << QByteArray("all:\n  hosts: [\n") << F::Yaml << QStringLiteral("not valid YAML");
        QTest::newRow("latin-1 ini") << QByteArray("[g]\nh\xe9\n") << F::Ini
                                     << QStringLiteral("inv:2: error: the file is not UTF-8 text");
        QTest::newRow("deep yaml") << QByteArray(50000, '{') << F::Yaml << QStringLiteral("inv:1:");
    }

    void refused()
    {
        QFETCH(QByteArray, text);
        QFETCH(AnsibleInventoryImporter::Format, format);
        QFETCH(QString, error);
        const Result<HostImport> result = AnsibleInventoryImporter::parse(text, QStringLiteral("inv"), format);
        QVERIFY(!result);
        QVERIFY2(result.errorMessage().contains(error), qPrintable(result.errorMessage()));
    }

    // Children nested past the limit, and an alias loop of groups, end with a warning.
    void deepGroups()
    {
        QByteArray yaml = "all:\n  children:\n";
        QByteArray indent = "    ";
        for (int i = 0; i < 80; ++i) {
            yaml += indent + "g" + QByteArray::number(i) + ":\n" + indent + "  children:\n";
            indent += "    ";
        }
        const Result<HostImport> result =
            AnsibleInventoryImporter::parse(yaml, QStringLiteral("inv"), AnsibleInventoryImporter::Format::Yaml);
        QVERIFY2(result, qPrintable(result.errorMessage()));
        QVERIFY(describe(result->diagnostics).contains(QStringLiteral("groups nested more than 64 deep")));

        const QByteArray loop = "all:\n  children: &c\n    g:\n      children: *c\n";
        const Result<HostImport> looped =
            AnsibleInventoryImporter::parse(loop, QStringLiteral("inv"), AnsibleInventoryImporter::Format::Yaml);
        QVERIFY2(looped, qPrintable(looped.errorMessage()));
    }

    void mutations_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("ini") << QStringLiteral("hosts.ini");
        QTest::newRow("yaml") << QStringLiteral("hosts.yml");
    }

    // Mutated inventories: nothing throws or crashes; every host that comes out is valid.
    void mutations()
    {
        QFETCH(QString, file);
        QFile seedFile(dataPath(file));
        QVERIFY(seedFile.open(QIODevice::ReadOnly));
        const QByteArray seed = seedFile.readAll();
        QRandomGenerator random(11);
        static const char alphabet[] = " \n\t=:[]{}-*&!|'\"#,\x01\xc3";
        int hosts = 0;
        for (int round = 0; round < 1500; ++round) {
            QByteArray bytes = seed;
            for (int e = 0; e < 1 + static_cast<int>(random.bounded(5)); ++e) {
                const qsizetype at = random.bounded(bytes.size());
                if (random.bounded(2) == 0)
                    bytes[at] = alphabet[random.bounded(static_cast<int>(sizeof alphabet) - 1)];
                else
                    bytes.remove(at, 1 + random.bounded(10));
            }
            const Result<HostImport> result = AnsibleInventoryImporter::parse(bytes, file);
            if (!result)
                continue;
            for (const InventoryHost& host : result->hosts) {
                ++hosts;
                QVERIFY(!host.name.isEmpty());
                QVERIFY(host.port >= 1 && host.port <= 65535);
                QVERIFY(!host.user.startsWith(QLatin1Char('-')));
            }
        }
        QVERIFY(hosts > 1000);
    }
};

QTEST_GUILESS_MAIN(TestAnsibleInventoryImporter)
#include "tst_ansibleinventoryimporter.moc"
