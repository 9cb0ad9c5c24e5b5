// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli scan --inventory against the real test fleet: zones decide what is scanned, each host
// connects with its own user and key (a relative identity path resolved against the inventory's
// folder, a jump host), and the workspace keeps every zone and the zone of every host.
#include "ProcessRun.h"

#include "store/Workspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

Run cli(const QStringList& arguments)
{
    return textOf(ProcessRun::run(QStringLiteral(BULKHEAD_CLI), arguments, 300000));
}

} // namespace

class TestCliInventoryFleet : public QObject
{
    Q_OBJECT

private:
    QJsonObject host(const QString& name) const
    {
        for (const auto& value : m_fleet.value(QStringLiteral("hosts")).toArray()) {
            if (value.toObject().value(QStringLiteral("name")).toString() == name)
                return value.toObject();
        }
        return {};
    }
    QString address(const QString& name) const { return host(name).value(QStringLiteral("address")).toString(); }
    QString port(const QString& name) const
    {
        return QString::number(host(name).value(QStringLiteral("port")).toInt());
    }

    QJsonObject m_fleet;
    QTemporaryDir m_dir;
    QString m_inventory;

private slots:
    void initTestCase()
    {
        const QString fleetDir = qEnvironmentVariable("BULKHEAD_FLEET_DIR");
        QVERIFY2(!fleetDir.isEmpty(), "BULKHEAD_FLEET_DIR is not set: the fleet fixture did not run");
        QFile file(fleetDir + QStringLiteral("/fleet.json"));
        QVERIFY2(file.open(QIODevice::ReadOnly), "fleet.json missing: is the test fleet up? (tests/fleet/fleet up)");
        m_fleet = QJsonDocument::fromJson(file.readAll()).object();
        QVERIFY(!address(QStringLiteral("delta")).isEmpty());

        // The fleet's key, copied next to the inventory and named by a relative path.
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("keys")));
        const QString key = m_dir.filePath(QStringLiteral("keys/audit"));
        QVERIFY(QFile::copy(m_fleet.value(QStringLiteral("identity")).toString(), key));
        QVERIFY(QFile::setPermissions(key, QFile::ReadOwner | QFile::WriteOwner));
        const QString absoluteKey = m_fleet.value(QStringLiteral("identity")).toString();

        const QString yaml = QStringLiteral("zones:\n"
                                            "  - name: prod\n"
                                            "    scope: in\n"
                                            "    rationale: Runs the payment containers.\n"
                                            "    approved_registries: [registry.example.com]\n"
                                            "  - name: lab\n"
                                            "    scope: out\n"
                                            "    rationale: No docker, no production data.\n"
                                            "hosts:\n"
                                            "  - name: alpha\n"
                                            "    address: %1\n"
                                            "    port: %2\n"
                                            "    user: auditor\n"
                                            "    identity: keys/audit\n"
                                            "    zone: prod\n"
                                            "  - name: charlie-via-bravo\n"
                                            "    address: %3\n"
                                            "    port: %4\n"
                                            "    user: root\n"
                                            "    identity: %5\n"
                                            "    proxy_jump: root@%6:%7\n"
                                            "    zone: prod\n"
                                            "  - name: delta\n"
                                            "    address: %8\n"
                                            "    port: %9\n"
                                            "    user: root\n"
                                            "    identity: keys/audit\n"
                                            "    zone: lab\n")
                                 .arg(address(QStringLiteral("alpha")), port(QStringLiteral("alpha")),
                                      address(QStringLiteral("charlie")), port(QStringLiteral("charlie")), absoluteKey,
                                      address(QStringLiteral("bravo")), port(QStringLiteral("bravo")),
                                      address(QStringLiteral("delta")), port(QStringLiteral("delta")));
        m_inventory = m_dir.filePath(QStringLiteral("fleet-inventory.yaml"));
        QFile out(m_inventory);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(yaml.toUtf8());
    }

    // No --identity: every host uses the key its inventory entry names; lab is out of scope.
    void scanInScopeZones()
    {
        const QString workspace = m_dir.filePath(QStringLiteral("inventory.bulkhead"));
        QElapsedTimer timer;
        timer.start();
        const Run run =
            cli({QStringLiteral("scan"), QStringLiteral("--inventory"), m_inventory, QStringLiteral("--workspace"),
                 workspace, QStringLiteral("--known-hosts"), m_fleet.value(QStringLiteral("known_hosts")).toString()});
        qInfo("inventory scan of 2 hosts (one through a jump host) took %lld ms",
              static_cast<long long>(timer.elapsed()));
        // auditor is in the docker group but may not read /etc/sudoers: alpha is partial, so exit 1.
        if (run.exitCode != 1)
            qInfo("exit %d\n%s%s", run.exitCode, qPrintable(run.err), qPrintable(run.out));
        QVERIFY2(run.exitCode == 1, qPrintable(run.err.right(400) + run.out));
        // A host that could only be partly audited is reported on stderr, with every reason.
        QVERIFY2(run.err.contains(QStringLiteral("auditor@%1:%2: partial: permission denied")
                                      .arg(address(QStringLiteral("alpha")), port(QStringLiteral("alpha")))),
                 qPrintable(run.err));
        QVERIFY(run.err.contains(QStringLiteral("permission denied: /etc/sudoers")));
        QVERIFY(run.err.contains(QStringLiteral("zone 'lab' is out of scope, not scanned (No docker, no production "
                                                "data.)")));
        QVERIFY2(run.out.contains(QStringLiteral("root@%1:%2: scanned")
                                      .arg(address(QStringLiteral("charlie")), port(QStringLiteral("charlie")))),
                 qPrintable(run.out));
        QVERIFY(!run.out.contains(address(QStringLiteral("delta"))));

        auto opened = Workspace::open(workspace, Workspace::OpenMode::ExistingOnly);
        QVERIFY2(opened, qPrintable(opened.errorMessage()));
        Workspace& ws = *opened.value();
        const auto zones = ws.zones();
        QVERIFY(zones);
        QCOMPARE(zones->size(), 2); // the excluded zone too, with its rationale, for the binder
        QCOMPARE(zones->at(0).name, QStringLiteral("lab"));
        QCOMPARE(zones->at(0).scope, std::optional<ZoneScope>(ZoneScope::Out));
        QCOMPARE(zones->at(1).approvedRegistries, QStringList{QStringLiteral("registry.example.com")});

        const auto hosts = ws.hosts();
        QVERIFY(hosts);
        QCOMPARE(hosts->size(), 3);
        QHash<QString, QString> zoneOf;
        for (const HostRecord& record : hosts.value())
            zoneOf.insert(record.name, record.zone);
        QCOMPARE(zoneOf.value(QStringLiteral("alpha")), QStringLiteral("prod"));
        QCOMPARE(zoneOf.value(QStringLiteral("charlie-via-bravo")), QStringLiteral("prod"));
        QCOMPARE(zoneOf.value(QStringLiteral("delta")), QStringLiteral("lab"));
        const auto scan = ws.latestScanId();
        QVERIFY(scan);
        const auto hostScans = ws.hostScans(*scan);
        QVERIFY(hostScans);
        QCOMPARE(hostScans->size(), 2); // delta was not touched
        QHash<qint64, QString> nameOf;
        for (const HostRecord& record : hosts.value())
            nameOf.insert(record.id, record.name);
        for (const HostScanRecord& record : hostScans.value()) {
            // alpha as auditor: partial (no /etc/sudoers, no containerd socket); charlie as root: done.
            const bool isAlpha = nameOf.value(record.hostId) == QLatin1String("alpha");
            QCOMPARE(record.state, isAlpha ? HostScanState::Partial : HostScanState::Done);
        }
        const auto findings = ws.findings();
        QVERIFY(findings);
        QVERIFY(!findings->isEmpty());
    }

    // Naming the out-of-scope zone scans it; delta has no docker, so it is partial (exit 1).
    void scanNamedZone()
    {
        const QString workspace = m_dir.filePath(QStringLiteral("lab.bulkhead"));
        const Run run = cli({QStringLiteral("scan"), QStringLiteral("--inventory"), m_inventory,
                             QStringLiteral("--zone"), QStringLiteral("lab"), QStringLiteral("--workspace"), workspace,
                             QStringLiteral("--known-hosts"), m_fleet.value(QStringLiteral("known_hosts")).toString()});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("root@%1:%2: partial")
                                      .arg(address(QStringLiteral("delta")), port(QStringLiteral("delta")))),
                 qPrintable(run.err));
        QVERIFY(!run.out.contains(address(QStringLiteral("alpha"))));
    }
};

QTEST_GUILESS_MAIN(TestCliInventoryFleet)
#include "tst_cli_inventory_fleet.moc"
