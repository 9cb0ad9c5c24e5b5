// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli inventory import / show, and scan --inventory up to the point where it would
// connect: arguments, exit codes, messages with file and line. No network.
#include "ProcessRun.h"

#include "inventory/InventoryParser.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;

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

Run cli(const QStringList& arguments, const QString& home = QString())
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!home.isEmpty())
        environment.insert(QStringLiteral("HOME"), home);
    return textOf(ProcessRun::run(QStringLiteral(BULKHEAD_CLI), arguments, 60000, environment));
}

QString data(const QString& name)
{
    return QStringLiteral(BULKHEAD_INVENTORY_DATA "/") + name;
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestCliInventory : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void showValid()
    {
        const Run run = cli({QStringLiteral("inventory"), QStringLiteral("show"), data(QStringLiteral("fleet.yaml"))});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains(QStringLiteral("fleet.yaml: 2 zones, 4 hosts")));
        QVERIFY(run.out.contains(QStringLiteral("zone pci: in scope, 3 hosts")));
        QVERIFY(
            run.out.contains(QStringLiteral("zone lab: out of scope (scanned only when named with --zone), 1 host")));
        QVERIFY(run.out.contains(QStringLiteral("  approved registries: registry.example.com:5000, ghcr.io/example")));
        QVERIFY2(run.out.contains(QStringLiteral("  host db-1  deploy@db-1.internal.example.com:2222  access sudo  via "
                                                 "jump@bastion.example.com:22")),
                 qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("labels owner=payments-team, role=web")));
        QVERIFY(run.err.isEmpty());

        const Run lab = cli({QStringLiteral("inventory"), QStringLiteral("show"), data(QStringLiteral("fleet.yaml")),
                             QStringLiteral("--zone"), QStringLiteral("lab")});
        QCOMPARE(lab.exitCode, 0);
        QVERIFY(lab.out.contains(QStringLiteral("1 zone, 1 host")));
    }

    void showInvalid()
    {
        const QString file = data(QStringLiteral("invalid/undefined-zone.yaml"));
        const Run run = cli({QStringLiteral("inventory"), QStringLiteral("show"), file});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(file + QStringLiteral(":8:5: error: host 'web-1': zone 'pcx' is not defined (did you "
                                                        "mean 'pci'?)")),
                 qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    void usage_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QString fleet = data(QStringLiteral("fleet.yaml"));
        QTest::newRow("no subcommand") << QStringList{QStringLiteral("inventory")}
                                       << QStringLiteral("give import or show");
        QTest::newRow("unknown subcommand") << QStringList{QStringLiteral("inventory"), QStringLiteral("merge")}
                                            << QStringLiteral("unknown subcommand 'merge'");
        QTest::newRow("show without file") << QStringList{QStringLiteral("inventory"), QStringLiteral("show")}
                                           << QStringLiteral("give one inventory file");
        QTest::newRow("show unknown zone")
            << QStringList{QStringLiteral("inventory"), QStringLiteral("show"), fleet, QStringLiteral("--zone"),
                           QStringLiteral("pic")}
            << QStringLiteral("there is no zone 'pic' in the inventory (did you mean 'pci'?)");
        QTest::newRow("import kind") << QStringList{QStringLiteral("inventory"), QStringLiteral("import"),
                                                    QStringLiteral("--from"),    QStringLiteral("puppet"),
                                                    QStringLiteral("x"),         QStringLiteral("--output"),
                                                    QStringLiteral("y")}
                                     << QStringLiteral("--from must be ssh-config or ansible");
        QTest::newRow("import without output")
            << QStringList{QStringLiteral("inventory"), QStringLiteral("import"), QStringLiteral("--from"),
                           QStringLiteral("ansible"), data(QStringLiteral("ansible/hosts.ini"))}
            << QStringLiteral("--output is required");
        QTest::newRow("import bad scope") << QStringList{QStringLiteral("inventory"),
                                                         QStringLiteral("import"),
                                                         QStringLiteral("--from"),
                                                         QStringLiteral("ansible"),
                                                         data(QStringLiteral("ansible/hosts.ini")),
                                                         QStringLiteral("-o"),
                                                         QStringLiteral("/nonexistent/x.yaml"),
                                                         QStringLiteral("--scope"),
                                                         QStringLiteral("maybe")}
                                          << QStringLiteral("--scope must be in or out");
        QTest::newRow("import bad zone name") << QStringList{QStringLiteral("inventory"),
                                                             QStringLiteral("import"),
                                                             QStringLiteral("--from"),
                                                             QStringLiteral("ansible"),
                                                             data(QStringLiteral("ansible/hosts.ini")),
                                                             QStringLiteral("-o"),
                                                             QStringLiteral("/nonexistent/x.yaml"),
                                                             QStringLiteral("--zone"),
                                                             QStringLiteral("a zone")}
                                              << QStringLiteral("zone name \"a zone\" is not valid");
        QTest::newRow("scan host and inventory")
            << QStringList{QStringLiteral("scan"), QStringLiteral("--inventory"), fleet, QStringLiteral("--host"),
                           QStringLiteral("10.0.0.1")}
            << QStringLiteral("give --host or --inventory, not both");
        QTest::newRow("scan zone without inventory")
            << QStringList{QStringLiteral("scan"), QStringLiteral("--host"), QStringLiteral("10.0.0.1"),
                           QStringLiteral("--zone"), QStringLiteral("pci")}
            << QStringLiteral("--zone selects zones of an --inventory");
        QTest::newRow("scan unknown zone")
            << QStringList{QStringLiteral("scan"),   QStringLiteral("--inventory"), fleet,
                           QStringLiteral("--zone"), QStringLiteral("lap"),         QStringLiteral("--dry-run")}
            << QStringLiteral("there is no zone 'lap' in the inventory (did you mean 'lab'?)");
        QTest::newRow("scan invalid inventory")
            << QStringList{QStringLiteral("scan"), QStringLiteral("--inventory"),
                           data(QStringLiteral("invalid/zone-list.yaml")), QStringLiteral("--dry-run")}
            << QStringLiteral(":11:5: error: host 'web-1': a host is in exactly one zone");
    }

    void usage()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run run = cli(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
    }

    // The commands each inventory host would get, with its own access; out-of-scope zones are
    // left out and said so. Nothing connects.
    void scanDryRun()
    {
        const Run run = cli({QStringLiteral("scan"), QStringLiteral("--inventory"), data(QStringLiteral("fleet.yaml")),
                             QStringLiteral("--dry-run")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("zone 'lab' is out of scope, not scanned (Throw-away machines for "
                                                 "experiments.)")),
                 qPrintable(run.err));
        QVERIFY(run.out.contains(QStringLiteral("# auditor@10.0.0.5:22 (access: direct,")));
        QVERIFY(run.out.contains(QStringLiteral("# deploy@db-1.internal.example.com:2222 (access: sudo,")));
        QVERIFY(run.out.contains(QStringLiteral("# bastion.example.com:22 (access: direct,")));
        QVERIFY(!run.out.contains(QStringLiteral("2001:db8::7")));

        const Run lab = cli({QStringLiteral("scan"), QStringLiteral("--inventory"), data(QStringLiteral("fleet.yaml")),
                             QStringLiteral("--zone"), QStringLiteral("lab"), QStringLiteral("--dry-run")});
        QVERIFY2(lab.exitCode == 0, qPrintable(lab.err));
        QVERIFY(lab.out.contains(QStringLiteral("# root@[2001:db8::7]:22 (access: direct,")));
        QVERIFY(!lab.out.contains(QStringLiteral("10.0.0.5")));
    }

    // ~/.ssh/config (with an Include) → a draft inventory that says what is left to decide → an
    // inventory once the zone has a scope and a rationale.
    void importSshConfig()
    {
        const QString home = m_dir.filePath(QStringLiteral("home"));
        QVERIFY(writeFile(home + QStringLiteral("/.ssh/config"),
                          "Include conf.d/*\nHost web-1\n  HostName 10.0.0.5\n  User auditor\n"
                          "Host jump\n  HostName 10.0.0.1\nHost *\n  IdentityFile ~/.ssh/audit\n"));
        QVERIFY(
            writeFile(home + QStringLiteral("/.ssh/conf.d/db"), "Host db\n  HostName 10.0.0.6\n  ProxyJump jump\n"));
        const QString draft = m_dir.filePath(QStringLiteral("draft.yaml"));
        const Run run = cli({QStringLiteral("inventory"), QStringLiteral("import"), QStringLiteral("--from"),
                             QStringLiteral("ssh-config"), QStringLiteral("--output"), draft},
                            home);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.startsWith(QStringLiteral("imported 3 hosts from ") + home +
                                    QStringLiteral("/.ssh/config into ") + draft +
                                    QStringLiteral(", zone 'imported'\n")),
                 qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("before a scan, decide:\n  ") + draft +
                                 QStringLiteral(":6:5: error: zone 'imported' has no scope")));
        QVERIFY(run.out.contains(QStringLiteral(":7:5: error: zone 'imported' has no rationale")));

        const InventoryParseResult parsed = InventoryParser::analyze(
            [&draft] {
                QFile file(draft);
                return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
            }(),
            draft);
        QCOMPARE(parsed.inventory.hosts.size(), 3);
        QCOMPARE(parsed.inventory.hosts.at(0).name, QStringLiteral("db"));
        QCOMPARE(parsed.inventory.hosts.at(0).proxyJump, QStringLiteral("jump"));
        QCOMPARE(parsed.inventory.hosts.at(1).identity, QStringLiteral("~/.ssh/audit"));

        // The same file is not silently replaced.
        const Run again = cli({QStringLiteral("inventory"), QStringLiteral("import"), QStringLiteral("--from"),
                               QStringLiteral("ssh-config"), QStringLiteral("--output"), draft},
                              home);
        QCOMPARE(again.exitCode, 3);
        QVERIFY(again.err.contains(QStringLiteral("exists; give --force to replace it")));

        const Run decided =
            cli({QStringLiteral("inventory"), QStringLiteral("import"), QStringLiteral("--from"),
                 QStringLiteral("ssh-config"), QStringLiteral("--output"), draft, QStringLiteral("--force"),
                 QStringLiteral("--zone"), QStringLiteral("office"), QStringLiteral("--scope"), QStringLiteral("in"),
                 QStringLiteral("--rationale"), QStringLiteral("Office hosts run the build containers.")},
                home);
        QVERIFY2(decided.exitCode == 0, qPrintable(decided.err));
        QVERIFY(!decided.out.contains(QStringLiteral("decide")));
        const Run show = cli({QStringLiteral("inventory"), QStringLiteral("show"), draft});
        QVERIFY2(show.exitCode == 0, qPrintable(show.err));
        QVERIFY(show.out.contains(QStringLiteral("zone office: in scope, 3 hosts")));
    }

    void importAnsible()
    {
        const QString output = m_dir.filePath(QStringLiteral("ansible.yaml"));
        const Run run = cli({QStringLiteral("inventory"), QStringLiteral("import"), QStringLiteral("--from"),
                             QStringLiteral("ansible"), data(QStringLiteral("ansible/hosts.yml")), QStringLiteral("-o"),
                             output, QStringLiteral("--zone"), QStringLiteral("prod"), QStringLiteral("--scope"),
                             QStringLiteral("in"), QStringLiteral("--rationale"), QStringLiteral("Production.")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.startsWith(QStringLiteral("imported 7 hosts")));
        const Result<Inventory> inventory = InventoryParser::load(output);
        QVERIFY2(inventory, qPrintable(inventory.errorMessage()));
        QCOMPARE(inventory->hosts.size(), 7);
        QCOMPARE(inventory->findHost(QStringLiteral("db-1"))->access, AccessMode::Sudo);
        QCOMPARE(inventory->findHost(QStringLiteral("db-1"))->labels.value(QStringLiteral("ansible_groups")),
                 QStringLiteral("db"));

        const Run empty = cli({QStringLiteral("inventory"), QStringLiteral("import"), QStringLiteral("--from"),
                               QStringLiteral("ansible"), data(QStringLiteral("fleet.yaml")), QStringLiteral("-o"),
                               m_dir.filePath(QStringLiteral("none.yaml"))});
        QCOMPARE(empty.exitCode, 2);
        QVERIFY2(empty.err.contains(QStringLiteral("no hosts to import from")), qPrintable(empty.err));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("none.yaml"))));
    }
};

QTEST_GUILESS_MAIN(TestCliInventory)
#include "tst_cli_inventory.moc"
