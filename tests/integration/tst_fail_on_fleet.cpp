// SPDX-License-Identifier: GPL-3.0-or-later
// scan --fail-on against a real fleet host (issue 6, item 2): exit 6 at a severity the host fails at, 0 above
// its worst failure, and 0 again once the failing checks are waived. Fails, never skips, without the fleet.
#include "ProcessRun.h"

#include <QDate>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

ProcessRun cli(const QStringList& arguments)
{
    return ProcessRun::run(QStringLiteral(BULKHEAD_CLI), arguments, 300000);
}

const QStringList Severities{QStringLiteral("info"), QStringLiteral("low"), QStringLiteral("medium"),
                             QStringLiteral("high"), QStringLiteral("critical")};

} // namespace

class TestFailOnFleet : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void failsAtTheHostsWorstSeverity();
    void passesAboveTheWorstFailure();
    void waivedFailuresNoLongerFail();

private:
    QString hostArg(const QString& name) const;
    ProcessRun scan(const QString& workspace, const QString& host, const QStringList& extra) const;
    ProcessRun scan(const QStringList& extra) const { return scan(m_workspace, m_host, extra); }
    // The failing (unwaived) findings of a workspace's latest view, from export --format json.
    static QJsonArray failing(const QString& workspace);
    QJsonArray failing() const { return failing(m_workspace); }
    static int rank(const QString& severity) { return static_cast<int>(Severities.indexOf(severity)); }

    QJsonObject m_fleet;
    QString m_host;
    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_worst;
};

void TestFailOnFleet::initTestCase()
{
    const QString fleetDir = qEnvironmentVariable("BULKHEAD_FLEET_DIR");
    QVERIFY2(!fleetDir.isEmpty(), "BULKHEAD_FLEET_DIR is not set: the fleet fixture did not run");
    QFile file(fleetDir + QStringLiteral("/fleet.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), "fleet.json missing: is the test fleet up? (tests/fleet/fleet up)");
    m_fleet = QJsonDocument::fromJson(file.readAll()).object();
    m_host = hostArg(QStringLiteral("alpha"));
    QVERIFY2(!m_host.isEmpty(), "no host alpha in fleet.json");
    m_workspace = m_dir.filePath(QStringLiteral("gate.bulkhead"));
}

QString TestFailOnFleet::hostArg(const QString& name) const
{
    for (const auto& value : m_fleet.value(QStringLiteral("hosts")).toArray()) {
        const QJsonObject host = value.toObject();
        if (host.value(QStringLiteral("name")).toString() == name) {
            return QStringLiteral("root@%1:%2")
                .arg(host.value(QStringLiteral("address")).toString())
                .arg(host.value(QStringLiteral("port")).toInt());
        }
    }
    return {};
}

ProcessRun TestFailOnFleet::scan(const QString& workspace, const QString& host, const QStringList& extra) const
{
    return cli(QStringList{QStringLiteral("scan"), QStringLiteral("--workspace"), workspace,
                           QStringLiteral("--identity"), m_fleet.value(QStringLiteral("identity")).toString(),
                           QStringLiteral("--known-hosts"), m_fleet.value(QStringLiteral("known_hosts")).toString(),
                           QStringLiteral("--host"), host} +
               extra);
}

QJsonArray TestFailOnFleet::failing(const QString& workspace)
{
    const ProcessRun run = cli({QStringLiteral("export"), QStringLiteral("--workspace"), workspace,
                                QStringLiteral("--format"), QStringLiteral("json")});
    if (run.exitCode != 0)
        qFatal("export failed: %s", run.err.constData());
    QJsonArray list;
    for (const auto& value : QJsonDocument::fromJson(run.out).object().value(QStringLiteral("findings")).toArray()) {
        if (value.toObject().value(QStringLiteral("status")).toString() == QLatin1String("fail"))
            list.append(value);
    }
    return list;
}

void TestFailOnFleet::failsAtTheHostsWorstSeverity()
{
    // alpha (tests/fleet) runs containers that fail checks; the first scan finds out how badly.
    const ProcessRun first = scan({QStringLiteral("--fail-on"), QStringLiteral("info")});
    const QJsonArray fails = failing();
    QVERIFY2(!fails.isEmpty(), "alpha has no failing finding: the fleet's seed changed");
    QCOMPARE(first.exitCode, 6);
    for (const auto& value : fails) {
        const QString severity = value.toObject().value(QStringLiteral("severity")).toString();
        if (m_worst.isEmpty() || rank(severity) > rank(m_worst))
            m_worst = severity;
    }
    QVERIFY2(first.err.contains(QStringLiteral("%1 failing finding").arg(fails.size()).toUtf8()),
             first.err.constData());
    QVERIFY2(first.err.contains(QStringLiteral("(worst: %1)").arg(m_worst).toUtf8()), first.err.constData());

    // At the worst severity: still 6, counting only the failures at that severity.
    const ProcessRun atWorst = scan({QStringLiteral("--fail-on"), m_worst});
    QCOMPARE(atWorst.exitCode, 6);
    QVERIFY2(atWorst.err.contains(QStringLiteral("at or above %1").arg(m_worst).toUtf8()), atWorst.err.constData());
    // The scan itself was stored as usual.
    QVERIFY2(atWorst.out.contains(": scanned, "), atWorst.out.constData());
}

void TestFailOnFleet::passesAboveTheWorstFailure()
{
    // A host whose worst failure is below critical: scan each docker host of the fleet once, into a
    // workspace of its own, until one is found; then --fail-on just above its worst failure passes.
    for (const QString& name : {QStringLiteral("alpha"), QStringLiteral("bravo"), QStringLiteral("charlie")}) {
        const QString host = hostArg(name);
        if (host.isEmpty())
            continue;
        const QString workspace = m_dir.filePath(name + QStringLiteral(".bulkhead"));
        const ProcessRun first = scan(workspace, host, {});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QString worst;
        for (const auto& value : failing(workspace)) {
            const QString severity = value.toObject().value(QStringLiteral("severity")).toString();
            if (worst.isEmpty() || rank(severity) > rank(worst))
                worst = severity;
        }
        if (worst.isEmpty() || worst == QLatin1String("critical"))
            continue;
        const QString above = Severities.at(rank(worst) + 1);
        const ProcessRun run = scan(workspace, host, {QStringLiteral("--fail-on"), above});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains(QStringLiteral("no failing finding at or above %1").arg(above).toUtf8()),
                 run.err.constData());
        const ProcessRun atWorst = scan(workspace, host, {QStringLiteral("--fail-on"), worst});
        QCOMPARE(atWorst.exitCode, 6);
        qInfo("%s: worst failure %s; --fail-on %s passes", qPrintable(name), qPrintable(worst), qPrintable(above));
        return;
    }
    QFAIL("every docker host of the fleet fails a critical check (or none fails): no threshold lies above them");
}

void TestFailOnFleet::waivedFailuresNoLongerFail()
{
    QVERIFY(!m_worst.isEmpty());
    // Waive every check that fails at the worst severity on this host, then scan again.
    QSet<QString> checks;
    QString hostName;
    for (const auto& value : failing()) {
        const QJsonObject finding = value.toObject();
        if (finding.value(QStringLiteral("severity")).toString() == m_worst) {
            checks.insert(finding.value(QStringLiteral("check")).toString());
            hostName = finding.value(QStringLiteral("host")).toString();
        }
    }
    QVERIFY(!checks.isEmpty());
    const QString expires = QDate::currentDate().addDays(30).toString(Qt::ISODate);
    for (const QString& check : std::as_const(checks)) {
        const ProcessRun waiver = cli(
            {QStringLiteral("waiver"), QStringLiteral("add"), QStringLiteral("--workspace"), m_workspace,
             QStringLiteral("--check"), check, QStringLiteral("--host"), hostName, QStringLiteral("--justification"),
             QStringLiteral("accepted for the gate test"), QStringLiteral("--approver"), QStringLiteral("CISO"),
             QStringLiteral("--risk"), m_worst, QStringLiteral("--expires"), expires});
        QVERIFY2(waiver.exitCode == 0, waiver.err.constData());
    }
    const ProcessRun run = scan({QStringLiteral("--fail-on"), m_worst});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains(QStringLiteral("no failing finding at or above %1").arg(m_worst).toUtf8()),
             run.err.constData());
    // The same gate on export, through the waiver register: the waived findings are suppressed, not gone.
    const ProcessRun exported =
        cli({QStringLiteral("export"), QStringLiteral("--workspace"), m_workspace, QStringLiteral("--format"),
             QStringLiteral("sarif"), QStringLiteral("--fail-on"), m_worst});
    QCOMPARE(exported.exitCode, 0);
    QVERIFY(exported.out.contains("\"suppressions\""));
}

QTEST_GUILESS_MAIN(TestFailOnFleet)
#include "tst_fail_on_fleet.moc"
