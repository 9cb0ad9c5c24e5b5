// SPDX-License-Identifier: GPL-3.0-or-later
// Tip 1 host checks (issue 4): UID 0 accounts, docker group members, pending security updates, read
// from getent passwd/group and the package manager's list as a scan stores them.
#include "checks/CheckCatalog.h"
#include "checks/HostEvidence.h"
#include "checks/HostRules.h"

#include <QTest>

using namespace bulkhead;

namespace {

Artifact artifact(qint64 id, const char* probe, const QByteArray& output, int exitStatus = 0)
{
    Artifact a;
    a.id = id;
    a.probe = QLatin1String(probe);
    a.output = output;
    a.exitStatus = exitStatus;
    return a;
}

QMap<QString, Finding> judge(const QByteArray& passwd, const QByteArray& group, const QByteArray& updates)
{
    const QVector<Artifact> artifacts{artifact(1, "host.passwd", passwd), artifact(2, "host.group", group),
                                      artifact(3, "host.updates", updates)};
    QMap<QString, Finding> found;
    for (const Finding& finding : HostRules::evaluate(HostEvidence(artifacts)))
        found.insert(finding.checkId, finding);
    return found;
}

const QByteArray Passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                          "alice:x:1000:1000:Alice:/home/alice:/bin/bash\n";
const QByteArray Groups = "root:x:0:\ndocker:x:994:\nalice:x:1000:\n";
const QByteArray NoUpdates = "==> apt <==\n|Listing...\n!exit 0\n";

} // namespace

class TestHostRules : public QObject
{
    Q_OBJECT

private slots:
    void catalog()
    {
        for (const QString& id : HostRules::ids())
            QVERIFY2(CheckCatalog::instance().find(id), qPrintable(id));
    }

    void cleanHost()
    {
        const auto found = judge(Passwd, Groups, NoUpdates);
        QCOMPARE(found.value(QStringLiteral("host.only-root-uid0")).status, Status::Pass);
        QCOMPARE(found.value(QStringLiteral("host.docker-group-members")).status, Status::Pass);
        QCOMPARE(found.value(QStringLiteral("host.security-updates")).status, Status::Pass);
        for (const Finding& finding : found)
            QVERIFY2(!finding.evidence.isEmpty(), qPrintable(finding.checkId));
    }

    void findings()
    {
        const QByteArray passwd = Passwd + "toor:x:0:0::/root:/bin/sh\nci:x:1001:994::/home/ci:/bin/sh\n";
        const QByteArray groups = "root:x:0:\ndocker:x:994:alice,bob\n";
        const QByteArray updates =
            "==> apt <==\n"
            "|Listing...\n"
            "|libssl3/bookworm-security 3.0.15-1~deb12u1 amd64 [upgradable from: 3.0.11-1~deb12u2]\n"
            "|tzdata/bookworm-updates 2025b-0+deb12u1 all [upgradable from: 2024a-0+deb12u1]\n"
            "!exit 0\n";
        const auto found = judge(passwd, groups, updates);
        const Finding uid0 = found.value(QStringLiteral("host.only-root-uid0"));
        QCOMPARE(uid0.status, Status::Fail);
        QVERIFY(uid0.message.contains(QLatin1String("toor")));
        QCOMPARE(uid0.evidence.size(), 2); // root's line and toor's
        const Finding docker = found.value(QStringLiteral("host.docker-group-members"));
        QCOMPARE(docker.status, Status::Manual);
        QCOMPARE(docker.actual, QStringLiteral("alice, bob, ci")); // ci by its primary group
        const Finding updatesFinding = found.value(QStringLiteral("host.security-updates"));
        QVERIFY2(updatesFinding.status == Status::Fail, qPrintable(updatesFinding.message));
        QVERIFY(updatesFinding.message.contains(QLatin1String("libssl3")));
        QVERIFY(!updatesFinding.message.contains(QLatin1String("tzdata")));
    }

    void withoutEvidence()
    {
        Artifact denied = artifact(3, "host.updates", QByteArray(), 3);
        denied.errorOutput = "bulkhead: not present: package manager\n";
        const QVector<Artifact> artifacts{denied};
        const QVector<Finding> found = HostRules::evaluate(HostEvidence(artifacts));
        QCOMPARE(found.at(0).status, Status::Error); // passwd not collected
        QCOMPARE(found.at(2).status, Status::Error); // accounts: passwd not collected
        QCOMPARE(found.at(3).status, Status::NotApplicable);
    }
};

QTEST_GUILESS_MAIN(TestHostRules)
#include "tst_hostrules.moc"
