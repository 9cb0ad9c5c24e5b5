// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli remediate against the real test fleet (issue 5, item 6): docker update of a memory limit, a
// PIDs limit (and its undo) and a restart policy; a privileged container stopped; Docker's audit rules on
// bravo; a daemon.json option with backup, reload and undo on charlie; nothing runs without --yes. Each is
// re-checked by scanning the host again. What it changed on the fleet is put back at the end (other tests
// read the seeded state). Fails, never skips, when the fleet is not up.
#include "ProcessRun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

ProcessRun cli(const QStringList& arguments)
{
    return ProcessRun::run(QStringLiteral(BULKHEAD_CLI), arguments, 300000);
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestRemediateFleet : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void nothingRunsWithoutYes();
    void memoryLimit();
    void pidsLimitAndUndo();
    void restartPolicyAndUndo();
    void privilegedContainerStopped();
    void auditRules();
    void daemonJsonWithBackupAndUndo();
    void daemonJsonNewFileAndUndo();
    void hostileHostGetsOnlyFixedWords();
    void everythingLoggedAndVerified();
    void cleanupTestCase();

private:
    QJsonObject host(const QString& name) const;
    QString hostArg(const QString& name) const;
    QStringList connection() const;
    void scan(const QString& name);
    // The id of the finding of `check` on `subject` in `remediate list` (0: not listed as remediable).
    qint64 remediable(const QString& hostName, const QString& check, const QString& subject);
    // The current status of (check, subject) on a host, from `findings --format json`.
    QString status(const QString& hostName, const QString& check, const QString& subject);
    ProcessRun ssh(const QString& hostName, const QString& command);

    QJsonObject m_fleet;
    QString m_fleetDir;
    QTemporaryDir m_dir;
    QString m_workspace;
    QByteArray m_bravoLoadedRules;
    QString m_auditBackup;        // bravo's docker.rules as seeded, backed up by the remediation
    QByteArray m_bravoAuditRules; // bravo's /etc/audit/audit.rules as seeded (augenrules rewrites it)
};

void TestRemediateFleet::initTestCase()
{
    m_fleetDir = qEnvironmentVariable("BULKHEAD_FLEET_DIR");
    QVERIFY2(!m_fleetDir.isEmpty(), "BULKHEAD_FLEET_DIR is not set: the fleet fixture did not run");
    QFile file(m_fleetDir + QStringLiteral("/fleet.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), "fleet.json missing: is the test fleet up? (tests/fleet/fleet up)");
    m_fleet = QJsonDocument::fromJson(file.readAll()).object();
    m_workspace = m_dir.filePath(QStringLiteral("remediate.bulkhead"));
    m_bravoLoadedRules = readFile(m_fleetDir + QStringLiteral("/bravo/audit/loaded.rules"));
    QVERIFY(!m_bravoLoadedRules.isEmpty());
    m_bravoAuditRules = ssh(QStringLiteral("bravo"), QStringLiteral("cat /etc/audit/audit.rules")).out;
    QVERIFY(m_bravoAuditRules.contains("-w /usr/bin/runc"));
    for (const QString& name : {QStringLiteral("alpha"), QStringLiteral("bravo"), QStringLiteral("charlie")})
        scan(name);
}

QJsonObject TestRemediateFleet::host(const QString& name) const
{
    for (const auto& value : m_fleet.value(QStringLiteral("hosts")).toArray()) {
        if (value.toObject().value(QStringLiteral("name")).toString() == name)
            return value.toObject();
    }
    return {};
}

QString TestRemediateFleet::hostArg(const QString& name) const
{
    const QJsonObject entry = host(name);
    return QStringLiteral("root@%1:%2")
        .arg(entry.value(QStringLiteral("address")).toString())
        .arg(entry.value(QStringLiteral("port")).toInt());
}

QStringList TestRemediateFleet::connection() const
{
    return {QStringLiteral("--identity"), m_fleet.value(QStringLiteral("identity")).toString(),
            QStringLiteral("--known-hosts"), m_fleet.value(QStringLiteral("known_hosts")).toString()};
}

void TestRemediateFleet::scan(const QString& name)
{
    const ProcessRun run = cli(QStringList{QStringLiteral("scan"), QStringLiteral("--workspace"), m_workspace,
                                           QStringLiteral("--host"), hostArg(name)} +
                               connection());
    QVERIFY2(run.exitCode == 0, run.err.constData());
}

qint64 TestRemediateFleet::remediable(const QString& hostName, const QString& check, const QString& subject)
{
    const ProcessRun run =
        cli({QStringLiteral("remediate"), QStringLiteral("list"), QStringLiteral("--workspace"), m_workspace});
    if (run.exitCode != 0)
        return 0;
    const QString address = host(hostName).value(QStringLiteral("address")).toString();
    for (const QByteArray& line : run.out.split('\n')) {
        const QStringList fields = QString::fromUtf8(line).trimmed().split(QStringLiteral("  "));
        if (fields.size() == 5 && fields.at(1).startsWith(address + QLatin1Char(':')) && fields.at(2) == check &&
            fields.at(3) == QLatin1Char('"') + subject + QLatin1Char('"'))
            return fields.at(0).toLongLong();
    }
    return 0;
}

QString TestRemediateFleet::status(const QString& hostName, const QString& check, const QString& subject)
{
    const ProcessRun run = cli({QStringLiteral("findings"), QStringLiteral("--workspace"), m_workspace,
                                QStringLiteral("--format"), QStringLiteral("json")});
    const QString address = host(hostName).value(QStringLiteral("address")).toString();
    for (const auto& value : QJsonDocument::fromJson(run.out).object().value(QStringLiteral("findings")).toArray()) {
        const QJsonObject finding = value.toObject();
        const QJsonObject about = finding.value(QStringLiteral("subject")).toObject();
        if (finding.value(QStringLiteral("host")).toString().startsWith(address + QLatin1Char(':')) &&
            finding.value(QStringLiteral("check")).toString() == check &&
            (about.value(QStringLiteral("name")).toString() == subject ||
             about.value(QStringLiteral("id")).toString() == subject))
            return finding.value(QStringLiteral("status")).toString();
    }
    return QStringLiteral("(none)");
}

ProcessRun TestRemediateFleet::ssh(const QString& hostName, const QString& command)
{
    const QJsonObject entry = host(hostName);
    return ProcessRun::run(
        QStringLiteral("ssh"),
        {QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-i"),
         m_fleet.value(QStringLiteral("identity")).toString(), QStringLiteral("-o"),
         QStringLiteral("UserKnownHostsFile=") + m_fleet.value(QStringLiteral("known_hosts")).toString(),
         QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=yes"), QStringLiteral("-o"),
         QStringLiteral("BatchMode=yes"), QStringLiteral("-p"),
         QString::number(entry.value(QStringLiteral("port")).toInt()),
         QStringLiteral("root@") + entry.value(QStringLiteral("address")).toString(), command},
        60000);
}

void TestRemediateFleet::nothingRunsWithoutYes()
{
    const qint64 id =
        remediable(QStringLiteral("alpha"), QStringLiteral("container.memory-limit"), QStringLiteral("root-uid0"));
    QVERIFY(id > 0);
    const QStringList args = QStringList{QStringLiteral("remediate"), QStringLiteral("--workspace"), m_workspace,
                                         QStringLiteral("--finding"), QString::number(id)} +
                             connection();
    const ProcessRun refused = cli(args);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("nothing ran"), refused.err.constData());
    QVERIFY2(refused.out.contains("docker update --memory '536870912' --memory-swap '536870912' -- '"),
             refused.out.constData());
    const ProcessRun dry = cli(args + QStringList{QStringLiteral("--dry-run")});
    QCOMPARE(dry.exitCode, 0);
    QVERIFY(dry.out.contains("Dry run: nothing was run."));
    QCOMPARE(dry.out.left(dry.out.indexOf("Dry run")), refused.out);

    // Collected again: the host is as it was, and nothing was recorded.
    scan(QStringLiteral("alpha"));
    QCOMPARE(status(QStringLiteral("alpha"), QStringLiteral("container.memory-limit"), QStringLiteral("root-uid0")),
             QStringLiteral("fail"));
    const ProcessRun memory =
        ssh(QStringLiteral("alpha"), QStringLiteral("docker inspect -f '{{.HostConfig.Memory}}' root-uid0"));
    QCOMPARE(memory.out.trimmed(), QByteArray("0"));
    const ProcessRun list =
        cli({QStringLiteral("remediate"), QStringLiteral("list"), QStringLiteral("--workspace"), m_workspace});
    QVERIFY(list.out.contains("Remediations:\n  none\n"));
}

void TestRemediateFleet::memoryLimit()
{
    const qint64 id =
        remediable(QStringLiteral("alpha"), QStringLiteral("container.memory-limit"), QStringLiteral("root-uid0"));
    QVERIFY(id > 0);
    const ProcessRun run = cli(QStringList{QStringLiteral("remediate"), QStringLiteral("--workspace"), m_workspace,
                                           QStringLiteral("--finding"), QString::number(id), QStringLiteral("--set"),
                                           QStringLiteral("memory=268435456"), QStringLiteral("--yes")} +
                               connection());
    qInfo("memory limit remediated and re-checked in %lld ms", static_cast<long long>(run.ms));
    QVERIFY2(run.exitCode == 0, QByteArray(run.out + run.err).constData());
    QVERIFY(run.out.contains("remediation 1: done; re-check: pass"));
    QCOMPARE(status(QStringLiteral("alpha"), QStringLiteral("container.memory-limit"), QStringLiteral("root-uid0")),
             QStringLiteral("pass"));
    const ProcessRun memory =
        ssh(QStringLiteral("alpha"), QStringLiteral("docker inspect -f '{{.HostConfig.Memory}}' root-uid0"));
    QCOMPARE(memory.out.trimmed(), QByteArray("268435456"));
}

void TestRemediateFleet::pidsLimitAndUndo()
{
    const qint64 id =
        remediable(QStringLiteral("alpha"), QStringLiteral("container.pids-limit"), QStringLiteral("root-uid0"));
    QVERIFY(id > 0);
    const ProcessRun run = cli(QStringList{QStringLiteral("remediate"), QStringLiteral("--workspace"), m_workspace,
                                           QStringLiteral("--finding"), QString::number(id), QStringLiteral("--set"),
                                           QStringLiteral("pids=100"), QStringLiteral("--yes")} +
                               connection());
    QVERIFY2(run.exitCode == 0, QByteArray(run.out + run.err).constData());
    QCOMPARE(status(QStringLiteral("alpha"), QStringLiteral("container.pids-limit"), QStringLiteral("root-uid0")),
             QStringLiteral("pass"));
    const QRegularExpression number(QStringLiteral("remediation (\\d+): done"));
    const qint64 remediation = number.match(QString::fromUtf8(run.out)).captured(1).toLongLong();
    QVERIFY(remediation > 0);

    const QStringList undo = QStringList{QStringLiteral("remediate"),   QStringLiteral("undo"),
                                         QStringLiteral("--workspace"), m_workspace,
                                         QStringLiteral("--id"),        QString::number(remediation)} +
                             connection();
    const ProcessRun refused = cli(undo);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY(refused.err.contains("nothing ran"));
    const ProcessRun undone = cli(undo + QStringList{QStringLiteral("--yes")});
    QVERIFY2(undone.exitCode == 0, QByteArray(undone.out + undone.err).constData());
    QVERIFY(undone.out.contains("re-check: fail"));
    QCOMPARE(status(QStringLiteral("alpha"), QStringLiteral("container.pids-limit"), QStringLiteral("root-uid0")),
             QStringLiteral("fail"));
    const ProcessRun again = cli(undo + QStringList{QStringLiteral("--yes")});
    QCOMPARE(again.exitCode, 3);
    QVERIFY(again.err.contains("already undone"));
}

void TestRemediateFleet::restartPolicyAndUndo()
{
    // The seeded containers never restart (which passes): make one restart forever, as a host might.
    QCOMPARE(ssh(QStringLiteral("alpha"), QStringLiteral("docker update --restart always root-zero")).exitCode, 0);
    scan(QStringLiteral("alpha"));
    const qint64 id =
        remediable(QStringLiteral("alpha"), QStringLiteral("container.restart-policy"), QStringLiteral("root-zero"));
    QVERIFY(id > 0);
    const ProcessRun run = cli(QStringList{QStringLiteral("remediate"), QStringLiteral("--workspace"), m_workspace,
                                           QStringLiteral("--finding"), QString::number(id), QStringLiteral("--yes")} +
                               connection());
    QVERIFY2(run.exitCode == 0, QByteArray(run.out + run.err).constData());
    QVERIFY(run.out.contains("docker update --restart 'on-failure:5' -- '"));
    QCOMPARE(status(QStringLiteral("alpha"), QStringLiteral("container.restart-policy"), QStringLiteral("root-zero")),
             QStringLiteral("pass"));
    QCOMPARE(
        ssh(QStringLiteral("alpha"), QStringLiteral("docker inspect -f '{{.HostConfig.RestartPolicy.Name}}' root-zero"))
            .out.trimmed(),
        QByteArray("on-failure"));
    // Put back the seeded policy for the tests that follow.
    QCOMPARE(ssh(QStringLiteral("alpha"), QStringLiteral("docker update --restart no root-zero")).exitCode, 0);
}

void TestRemediateFleet::privilegedContainerStopped()
{
    const qint64 id =
        remediable(QStringLiteral("alpha"), QStringLiteral("container.not-privileged"), QStringLiteral("priv-created"));
    QVERIFY(id > 0);
    const ProcessRun run = cli(QStringList{QStringLiteral("remediate"), QStringLiteral("--workspace"), m_workspace,
                                           QStringLiteral("--finding"), QString::number(id), QStringLiteral("--yes")} +
                               connection());
    // The commands run, but Docker cannot take --privileged away: the re-check still fails, and says why.
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.contains("docker stop -- '"));
    QVERIFY(run.out.contains(": done; re-check: fail"));
    QVERIFY(run.out.contains("the finding still does not pass: fail"));
    QVERIFY(run.out.contains("recreated without it"));
    const ProcessRun state =
        ssh(QStringLiteral("alpha"),
            QStringLiteral("docker inspect -f '{{.State.Status}} {{.HostConfig.RestartPolicy.Name}}' "
                           "priv-created"));
    QVERIFY2(state.out.trimmed() == "created no" || state.out.trimmed() == "exited no", state.out.constData());
}

void TestRemediateFleet::auditRules()
{
    // bravo's rules files lack the watches for the paths this host really has (/usr/sbin/runc, ...), and the
    // runc rule was never loaded. One remediation writes them all and loads them.
    QCOMPARE(status(QStringLiteral("bravo"), QStringLiteral("audit.watch-runc"), QStringLiteral("/usr/sbin/runc")),
             QStringLiteral("fail"));
    const qint64 id =
        remediable(QStringLiteral("bravo"), QStringLiteral("audit.watch-runc"), QStringLiteral("/usr/sbin/runc"));
    QVERIFY(id > 0);
    const QByteArray rulesBefore = readFile(m_fleetDir + QStringLiteral("/bravo/etc/audit/rules.d/docker.rules"));
    const ProcessRun run = cli(QStringList{QStringLiteral("remediate"), QStringLiteral("--workspace"), m_workspace,
                                           QStringLiteral("--finding"), QString::number(id), QStringLiteral("--yes")} +
                               connection());
    QVERIFY2(run.exitCode == 0, QByteArray(run.out + run.err).constData());
    QCOMPARE(status(QStringLiteral("bravo"), QStringLiteral("audit.watch-runc"), QStringLiteral("/usr/sbin/runc")),
             QStringLiteral("pass"));
    QCOMPARE(
        status(QStringLiteral("bravo"), QStringLiteral("audit.watch-dockerd"), QStringLiteral("/usr/sbin/dockerd")),
        QStringLiteral("pass"));
    const QByteArray rules = readFile(m_fleetDir + QStringLiteral("/bravo/etc/audit/rules.d/docker.rules"));
    QVERIFY(rules.startsWith(rulesBefore)); // the lines it had are kept
    QVERIFY(rules.contains("\n-w /usr/sbin/runc -p wa -k docker\n"));
    const QRegularExpression backup(
        QStringLiteral("backup: (/etc/audit/rules.d/docker.rules.bulkhead-\\d{8}T\\d{6}Z)"));
    const QString backupPath = backup.match(QString::fromUtf8(run.out)).captured(1);
    QVERIFY(!backupPath.isEmpty());
    QCOMPARE(readFile(m_fleetDir + QStringLiteral("/bravo") + backupPath), rulesBefore);
    m_auditBackup = backupPath;
}

void TestRemediateFleet::daemonJsonWithBackupAndUndo()
{
    const QString file = m_fleetDir + QStringLiteral("/charlie/etc/docker/daemon.json");
    const QByteArray original = readFile(file);
    QVERIFY(original.contains("insecure-registries"));
    const qint64 id = remediable(QStringLiteral("charlie"), QStringLiteral("daemon.no-insecure-registries"),
                                 QStringLiteral("dockerd"));
    QVERIFY(id > 0);
    const ProcessRun run = cli(QStringList{QStringLiteral("remediate"), QStringLiteral("--workspace"), m_workspace,
                                           QStringLiteral("--finding"), QString::number(id), QStringLiteral("--yes")} +
                               connection());
    QVERIFY2(run.exitCode == 0, QByteArray(run.out + run.err).constData());
    QVERIFY(run.out.contains("kill -HUP"));
    QCOMPARE(
        status(QStringLiteral("charlie"), QStringLiteral("daemon.no-insecure-registries"), QStringLiteral("dockerd")),
        QStringLiteral("pass"));
    const QJsonObject now = QJsonDocument::fromJson(readFile(file)).object();
    QCOMPARE(now.value(QStringLiteral("insecure-registries")).toArray().size(), 0);
    QCOMPARE(now.value(QStringLiteral("debug")).toBool(true), false); // the other key is kept
    const ProcessRun info =
        ssh(QStringLiteral("charlie"), QStringLiteral("docker info -f '{{json .RegistryConfig.IndexConfigs}}'"));
    QVERIFY2(!info.out.contains("registry.invalid"), info.out.constData()); // the running daemon reloaded
    const QRegularExpression backup(QStringLiteral("backup: (/etc/docker/daemon.json.bulkhead-\\d{8}T\\d{6}Z)"));
    const QString backupPath = backup.match(QString::fromUtf8(run.out)).captured(1);
    QCOMPARE(readFile(m_fleetDir + QStringLiteral("/charlie") + backupPath), original);

    const qint64 remediation = QRegularExpression(QStringLiteral("remediation (\\d+): done"))
                                   .match(QString::fromUtf8(run.out))
                                   .captured(1)
                                   .toLongLong();
    const ProcessRun undone =
        cli(QStringList{QStringLiteral("remediate"), QStringLiteral("undo"), QStringLiteral("--workspace"), m_workspace,
                        QStringLiteral("--id"), QString::number(remediation), QStringLiteral("--yes")} +
            connection());
    QVERIFY2(undone.exitCode == 0, QByteArray(undone.out + undone.err).constData());
    QCOMPARE(
        status(QStringLiteral("charlie"), QStringLiteral("daemon.no-insecure-registries"), QStringLiteral("dockerd")),
        QStringLiteral("fail"));
    QCOMPARE(readFile(file), original);
}

void TestRemediateFleet::daemonJsonNewFileAndUndo()
{
    // alpha has no daemon.json: the remediation writes one; the undo sets the engine's default for one reload
    // (a reload keeps a key the file no longer has), then removes the file.
    const QString file = m_fleetDir + QStringLiteral("/alpha/etc/docker/daemon.json");
    QVERIFY(!QFile::exists(file));
    const qint64 id =
        remediable(QStringLiteral("alpha"), QStringLiteral("daemon.live-restore"), QStringLiteral("dockerd"));
    QVERIFY(id > 0);
    const ProcessRun run = cli(QStringList{QStringLiteral("remediate"), QStringLiteral("--workspace"), m_workspace,
                                           QStringLiteral("--finding"), QString::number(id), QStringLiteral("--yes")} +
                               connection());
    QVERIFY2(run.exitCode == 0, QByteArray(run.out + run.err).constData());
    QCOMPARE(status(QStringLiteral("alpha"), QStringLiteral("daemon.live-restore"), QStringLiteral("dockerd")),
             QStringLiteral("pass"));
    QCOMPARE(QJsonDocument::fromJson(readFile(file)).object(), (QJsonObject{{QStringLiteral("live-restore"), true}}));
    const qint64 remediation = QRegularExpression(QStringLiteral("remediation (\\d+): done"))
                                   .match(QString::fromUtf8(run.out))
                                   .captured(1)
                                   .toLongLong();
    const ProcessRun undone =
        cli(QStringList{QStringLiteral("remediate"), QStringLiteral("undo"), QStringLiteral("--workspace"), m_workspace,
                        QStringLiteral("--id"), QString::number(remediation), QStringLiteral("--yes")} +
            connection());
    QVERIFY2(undone.exitCode == 0, QByteArray(undone.out + undone.err).constData());
    QCOMPARE(status(QStringLiteral("alpha"), QStringLiteral("daemon.live-restore"), QStringLiteral("dockerd")),
             QStringLiteral("fail"));
    QVERIFY(!QFile::exists(file));
    QCOMPARE(ssh(QStringLiteral("alpha"), QStringLiteral("docker info -f '{{.LiveRestoreEnabled}}'")).out.trimmed(),
             QByteArray("false"));
}

void TestRemediateFleet::hostileHostGetsOnlyFixedWords()
{
    // echo's docker answers with hostile names, labels and ids, and logs every argv it is given. A
    // remediation there must hand it fixed words, numbers and a 64-hex id, nothing of what it sent.
    const QJsonObject echo = m_fleet.value(QStringLiteral("hostile_hosts")).toArray().first().toObject();
    const QString address = echo.value(QStringLiteral("address")).toString();
    const QString target = QStringLiteral("root@%1:%2").arg(address).arg(echo.value(QStringLiteral("port")).toInt());
    const ProcessRun scanned = cli(QStringList{QStringLiteral("scan"), QStringLiteral("--workspace"), m_workspace,
                                               QStringLiteral("--host"), target} +
                                   connection());
    QVERIFY2(scanned.exitCode == 0 || scanned.exitCode == 1, scanned.err.constData());
    const ProcessRun list =
        cli({QStringLiteral("remediate"), QStringLiteral("list"), QStringLiteral("--workspace"), m_workspace});
    qint64 id = 0;
    for (const QByteArray& line : list.out.split('\n')) {
        const QStringList fields = QString::fromUtf8(line).trimmed().split(QStringLiteral("  "));
        if (fields.size() >= 5 && fields.at(1).startsWith(address + QLatin1Char(':')) &&
            fields.at(2) == QLatin1String("container.memory-limit"))
            id = fields.at(0).toLongLong();
    }
    QVERIFY2(id > 0, list.out.constData());
    const QString argvLog = echo.value(QStringLiteral("argv_log_dir")).toString() + QStringLiteral("/root.argv");
    const qsizetype logged = readFile(argvLog).size();
    const ProcessRun run = cli(QStringList{QStringLiteral("remediate"), QStringLiteral("--workspace"), m_workspace,
                                           QStringLiteral("--finding"), QString::number(id), QStringLiteral("--yes")} +
                               connection());
    // Its docker says yes to everything and changes nothing: the re-check still fails.
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.contains(": done; re-check: fail"));
    QVERIFY(!QFile::exists(m_fleet.value(QStringLiteral("canary")).toString()));
    const QList<QByteArray> calls = readFile(argvLog).mid(logged).split('\n');
    int updates = 0;
    for (const QByteArray& call : calls) {
        const QList<QByteArray> words = call.split('\0');
        if (words.size() < 2 || words.at(1) != "update")
            continue;
        ++updates;
        QCOMPARE(words.size(), 9); // mode, 7 words, the empty end
        QCOMPARE(words.mid(1, 6),
                 (QList<QByteArray>{"update", "--memory", "536870912", "--memory-swap", "536870912", "--"}));
        QVERIFY2(
            QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(QString::fromLatin1(words.at(7))).hasMatch(),
            words.at(7).constData());
    }
    QCOMPARE(updates, 1);
}

void TestRemediateFleet::everythingLoggedAndVerified()
{
    const ProcessRun list =
        cli({QStringLiteral("remediate"), QStringLiteral("list"), QStringLiteral("--workspace"), m_workspace});
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(list.out.contains("undone by"), list.out.constData());
    const ProcessRun log = cli({QStringLiteral("log"), QStringLiteral("--workspace"), m_workspace});
    QVERIFY(log.out.contains("remediation.started"));
    QVERIFY(log.out.contains("remediation.finished"));
    QVERIFY(log.out.contains("remediation.undone"));
    const ProcessRun verify = cli({QStringLiteral("verify"), QStringLiteral("--workspace"), m_workspace});
    QVERIFY2(verify.exitCode == 0, QByteArray(verify.out + verify.err).constData());
}

void TestRemediateFleet::cleanupTestCase()
{
    // What other tests read as seeded: bravo's rules files, audit.rules and loaded rules (runc written but not
    // loaded).
    if (m_fleetDir.isEmpty())
        return;
    if (!m_auditBackup.isEmpty()) {
        const ProcessRun restore = ssh(QStringLiteral("bravo"),
                                       QStringLiteral("mv -f '%1' /etc/audit/rules.d/docker.rules").arg(m_auditBackup));
        QCOMPARE(restore.exitCode, 0);
    }
    const ProcessRun rules =
        ssh(QStringLiteral("bravo"), QStringLiteral("printf '%1' | base64 -d > /etc/audit/audit.rules")
                                         .arg(QString::fromLatin1(m_bravoAuditRules.toBase64())));
    QCOMPARE(rules.exitCode, 0);
    QFile loaded(m_fleetDir + QStringLiteral("/bravo/audit/loaded.rules"));
    QVERIFY(loaded.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(loaded.write(m_bravoLoadedRules), m_bravoLoadedRules.size());
}

QTEST_GUILESS_MAIN(TestRemediateFleet)
#include "tst_remediate_fleet.moc"
