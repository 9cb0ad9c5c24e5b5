// SPDX-License-Identifier: GPL-3.0-or-later
// The writer of tests/model/data/workspace-vN.bulkhead: compiled against the bulkhead_model of the last
// commit that wrote schema N (WRITER_SCHEMA=N, see README.md beside it), never against the current one.
// It stores what a scan of the test fleet stores (the golden outputs of tests/data, judged by that
// version's own Evaluator), with the zones, waivers, attestations, watches and remediations the schema
// has, then prints what it wrote: tests/model/tst_workspaceupgrade.cpp hard-codes those numbers.
//
//   write-workspace OUT.bulkhead
#include "GoldenCase.h"
#include "checks/Evaluator.h"
#include "inventory/Inventory.h"
#include "store/Workspace.h"
#if WRITER_SCHEMA >= 3
#include "watch/LifecycleEvent.h"
#include "watch/LifecycleEvidence.h"
#endif
#if WRITER_SCHEMA >= 4
#include "checks/BaselineRules.h"
#include "checks/HostEvidence.h"
#endif

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <cstdio>
#include <cstdlib>
#include <type_traits>

using namespace bulkhead;

namespace {

// The container of fleet-charlie's inspect output renamed to what a hostile host may print.
const QByteArray HostileName = QByteArrayLiteral("/<b>x&amp;y</b> \\\"q\\\" 'Zürich-日本'");
const QString HostileNameText = QStringLiteral("<b>x&amp;y</b> \"q\" 'Zürich-日本'");

template <typename T> T must(Result<T> result, const char* what)
{
    if (!result) {
        std::fprintf(stderr, "%s: %s\n", what, qPrintable(result.errorMessage()));
        std::exit(1);
    }
    if constexpr (!std::is_void_v<T>)
        return std::move(result.value());
}

Zone zone(const QString& name, ZoneScope scope, const QString& rationale)
{
    Zone z;
    z.name = name;
    z.scope = scope;
    z.rationale = rationale;
    return z;
}

InventoryHost host(const QString& name, const QString& address, int port, const QString& user, const QString& zoneName)
{
    InventoryHost h;
    h.name = name;
    h.address = address;
    h.port = port;
    h.user = user;
    h.zone = zoneName;
    return h;
}

QVector<Artifact> golden(const QString& name)
{
    return test::GoldenCase::read(QDir(QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/data/") + name)).artifacts;
}

QString digestOf(const QStringList& lines)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(lines.join(QLatin1Char('\n')).toUtf8(), QCryptographicHash::Sha256).toHex());
}

struct Stored
{
    QVector<Finding> findings;
    QVector<Artifact> artifacts;
};

// What FleetScanner::scanHost does once the probes ran: store each artifact, read them back, evaluate.
Stored scanHost(Workspace& ws, qint64 scanId, qint64 hostId, const QVector<Artifact>& collected, bool evaluate = true)
{
    HostScanRecord record;
    record.scanId = scanId;
    record.hostId = hostId;
    record.startedUtc = QDateTime::currentDateTimeUtc();
    record.state = HostScanState::Running;
    record.hostKeyFingerprint = QStringLiteral("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
    must(ws.setHostScan(record), "host scan");
    for (Artifact artifact : collected) {
        artifact.id = 0;
        artifact.scanId = scanId;
        artifact.hostId = hostId;
        artifact.startedUtc = QDateTime::currentDateTimeUtc();
        artifact.finishedUtc = artifact.startedUtc.addMSecs(40);
        must(ws.addArtifact(artifact), "artifact");
    }
    Stored stored;
    stored.artifacts = must(ws.artifacts(scanId, hostId), "artifacts");
    if (evaluate) {
#if WRITER_SCHEMA >= 4
        stored.findings = Evaluator::evaluateHost(stored.artifacts, must(ws.policyForHost(hostId), "policy"));
#else
        stored.findings = Evaluator::evaluateHost(stored.artifacts);
#endif
        for (Finding& finding : stored.findings) {
            finding.scanId = scanId;
            finding.hostId = hostId;
        }
        must(ws.replaceFindings(scanId, hostId, stored.findings), "findings");
    }
    record.state = HostScanState::Done;
    record.finishedUtc = QDateTime::currentDateTimeUtc();
    must(ws.setHostScan(record), "host scan");
    return stored;
}

const Finding* firstFinding(const QVector<Finding>& findings, Status status, SubjectKind kind, const QString& name = {})
{
    for (const Finding& finding : findings) {
        if (finding.status == status && finding.subject.kind == kind &&
            (name.isEmpty() || finding.subject.name == name))
            return &finding;
    }
    return nullptr;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: write-workspace OUT.bulkhead\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    QFile::remove(path);
    QJsonObject summary;
    {
        auto ws = must(Workspace::open(path), "open");

        Inventory inventory;
        Zone prod =
            zone(QStringLiteral("prod"), ZoneScope::In, QStringLiteral("Card data is processed here (PCI DSS)."));
        prod.approvedRegistries = QStringList{QStringLiteral("registry.example.com:5000"), QStringLiteral("docker.io")};
        prod.approvedUsers = QStringList{QStringLiteral("root"), QStringLiteral("auditor")};
        prod.requiredLogTargets = QStringList{QStringLiteral("udp://logs.example.com:514")};
        inventory.zones << prod
                        << zone(QStringLiteral("lab"), ZoneScope::In,
                                QStringLiteral("Build & test <machines> \"near\" prod — Zürich office"))
                        << zone(QStringLiteral("legacy"), ZoneScope::Out,
                                QStringLiteral("Décommissionné: switched off in Q3, no containers"));
        InventoryHost charlie = host(QStringLiteral("charlie"), QStringLiteral("127.0.88.13"), 2222,
                                     QStringLiteral("auditor"), QStringLiteral("lab"));
        charlie.access = AccessMode::Sudo;
        charlie.labels.insert(QStringLiteral("role"), QStringLiteral("ci"));
        inventory.hosts << host(QStringLiteral("alpha"), QStringLiteral("127.0.88.11"), 2222, QStringLiteral("root"),
                                QStringLiteral("prod"))
                        << charlie
                        << host(QStringLiteral("delta"), QStringLiteral("127.0.88.14"), 2222, QStringLiteral("root"),
                                QStringLiteral("legacy"))
                        << host(QStringLiteral("echo"), QStringLiteral("10.0.94.15"), 22, QStringLiteral("auditor"),
                                QStringLiteral("prod"));
        const QVector<qint64> hostIds = must(ws->applyInventory(inventory), "inventory");
        const qint64 alphaId = hostIds.at(0);
        const qint64 charlieId = hostIds.at(1);
        const qint64 echoId = hostIds.at(3);

        QVector<Artifact> charlieArtifacts = golden(QStringLiteral("fleet-charlie"));
        QString renamed;
        for (Artifact& artifact : charlieArtifacts) {
            if (artifact.probe != QLatin1String("docker.containers.inspect"))
                continue;
            const qsizetype at = artifact.output.indexOf("\"Name\": \"/");
            const qsizetype end = artifact.output.indexOf('"', at + 9);
            renamed = QString::fromUtf8(artifact.output.mid(at + 10, end - at - 10));
            artifact.output.replace(at + 9, end - at - 9, HostileName);
        }

        const qint64 scanId = must(ws->beginScan(QStringLiteral("bulkhead " BULKHEAD_VERSION)), "scan");
#if WRITER_SCHEMA >= 4
        // The prod zone's baseline from alpha's processes and sockets, as `bulkhead-cli baseline` takes it;
        // stored before the findings so alpha is judged against it.
        {
            const QVector<Artifact> alphaGolden = golden(QStringLiteral("fleet-alpha"));
            const Stored alpha = scanHost(*ws, scanId, alphaId, alphaGolden, false);
            ZoneBaseline baseline = must(BaselineRules::observed(HostEvidence(alpha.artifacts)), "baseline");
            baseline.scanId = scanId;
            baseline.processes.removeAll(QStringLiteral("rsyslogd")); // one process not accepted: a finding
            must(ws->setZoneBaseline(QStringLiteral("prod"), baseline), "set baseline");
            summary.insert(QStringLiteral("baseline_processes"), baseline.processes.size());
            summary.insert(QStringLiteral("baseline_sockets"), baseline.sockets.size());
        }
        Stored alpha;
        alpha.artifacts = must(ws->artifacts(scanId, alphaId), "artifacts");
        alpha.findings = Evaluator::evaluateHost(alpha.artifacts, must(ws->policyForHost(alphaId), "policy"));
        for (Finding& finding : alpha.findings) {
            finding.scanId = scanId;
            finding.hostId = alphaId;
        }
        must(ws->replaceFindings(scanId, alphaId, alpha.findings), "findings");
#else
        const Stored alpha = scanHost(*ws, scanId, alphaId, golden(QStringLiteral("fleet-alpha")));
#endif
        [[maybe_unused]] const Stored charlieStored = scanHost(*ws, scanId, charlieId, charlieArtifacts);
        {
            HostScanRecord failed;
            failed.scanId = scanId;
            failed.hostId = echoId;
            failed.state = HostScanState::Failed;
            failed.message = QStringLiteral("Cannot connect to auditor@10.0.94.15:22: Connection refused");
            failed.startedUtc = QDateTime::currentDateTimeUtc();
            failed.finishedUtc = failed.startedUtc.addSecs(3);
            must(ws->setHostScan(failed), "failed host");
        }
        must(ws->finishScan(scanId, ScanState::Partial), "finish scan");
        summary.insert(QStringLiteral("renamed_container"), renamed);

#if WRITER_SCHEMA >= 3
        // A watch on charlie: the hostile container created and started.
        {
            const qint64 watchId =
                must(ws->beginScan(QStringLiteral("bulkhead " BULKHEAD_VERSION " watch"), ScanKind::Watch), "watch");
            QByteArray inspect;
            for (const Artifact& artifact : charlieArtifacts) {
                if (artifact.probe == QLatin1String("docker.containers.inspect"))
                    inspect = artifact.output;
            }
            const QJsonArray containers = QJsonDocument::fromJson(inspect).array();
            const QJsonObject first = containers.first().toObject();
            const QString id = first.value(QStringLiteral("Id")).toString();
            const QByteArray one = QJsonDocument(QJsonArray{first}).toJson(QJsonDocument::Indented);
            QVector<Artifact> events;
            const char* const actions[] = {"create", "start"};
            qint64 time = 1796000000;
            for (const char* action : actions) {
                const QByteArray line =
                    QJsonDocument(
                        QJsonObject{
                            {QStringLiteral("status"), QLatin1String(action)},
                            {QStringLiteral("id"), id},
                            {QStringLiteral("from"), QStringLiteral("alpine:3.19")},
                            {QStringLiteral("Type"), QStringLiteral("container")},
                            {QStringLiteral("Action"), QLatin1String(action)},
                            {QStringLiteral("Actor"),
                             QJsonObject{{QStringLiteral("ID"), id},
                                         {QStringLiteral("Attributes"),
                                          QJsonObject{{QStringLiteral("name"), HostileNameText},
                                                      {QStringLiteral("image"), QStringLiteral("alpine:3.19")}}}}},
                            {QStringLiteral("time"), time},
                            {QStringLiteral("timeNano"), time * 1000000000}})
                        .toJson(QJsonDocument::Compact);
                const auto parsed = LifecycleEventParser::parse(line);
                if (parsed.kind != LifecycleEventParser::Parsed::Kind::Event) {
                    std::fprintf(stderr, "event: %s\n", qPrintable(parsed.reason));
                    return 1;
                }
                Artifact artifact;
                artifact.probe = QLatin1String(LifecycleEvidence::ProbeName);
                artifact.command = QStringLiteral("docker events --filter type=container");
                artifact.output = LifecycleEvidence::compose(parsed.event, one);
                artifact.exitStatus = 0;
                events << artifact;
                ++time;
            }
            scanHost(*ws, watchId, charlieId, events, false);
            must(ws->finishScan(watchId, ScanState::Complete), "finish watch");
            summary.insert(QStringLiteral("watch_scan"), watchId);
        }
#endif

#if WRITER_SCHEMA >= 4
        // Waivers: one in force on the hostile container, one revoked, one that expires while this runs.
        {
            const Finding* fail =
                firstFinding(charlieStored.findings, Status::Fail, SubjectKind::Container, HostileNameText);
            if (!fail) {
                std::fprintf(stderr, "no failing finding on the renamed container\n");
                return 1;
            }
            Waiver waiver;
            waiver.checkId = fail->checkId;
            waiver.scope = WaiverScope::Container;
            waiver.target = HostileNameText;
            waiver.justification = QStringLiteral("Vendor image; replaced in the next release <2027-Q1> & tracked");
            waiver.approver = QStringLiteral("CISO — Zoë Müller");
            waiver.risk = QStringLiteral("medium");
            waiver.compensatingControl = QStringLiteral("Network policy isolates it");
            waiver.expiresUtc = QDateTime(QDate(2099, 12, 31), QTime(0, 0), Qt::UTC);
            summary.insert(QStringLiteral("waiver_active"), must(ws->addWaiver(waiver), "waiver"));
            summary.insert(QStringLiteral("waiver_active_check"), fail->checkId);

            const Finding* hostFail = firstFinding(alpha.findings, Status::Fail, SubjectKind::Host);
            if (!hostFail)
                hostFail = firstFinding(alpha.findings, Status::Fail, SubjectKind::Daemon);
            Waiver revoked = waiver;
            revoked.checkId = hostFail->checkId;
            revoked.scope = WaiverScope::Zone;
            revoked.target = QStringLiteral("prod");
            revoked.justification = QStringLiteral("Granted by mistake");
            const qint64 revokedId = must(ws->addWaiver(revoked), "waiver");
            must(ws->revokeWaiver(revokedId), "revoke");
            summary.insert(QStringLiteral("waiver_revoked"), revokedId);
            summary.insert(QStringLiteral("waiver_revoked_check"), revoked.checkId);

            Waiver expiring = waiver;
            expiring.scope = WaiverScope::Host;
            expiring.target = QStringLiteral("charlie");
            expiring.justification = QStringLiteral("Until the patch window");
            expiring.risk = QStringLiteral("low");
            expiring.expiresUtc = QDateTime::currentDateTimeUtc().addSecs(2);
            summary.insert(QStringLiteral("waiver_expired"), must(ws->addWaiver(expiring), "waiver"));
            QThread::sleep(3);
        }
        // Attestations: a pass on alpha with a report attached, a revoked zone-wide fail on lab.
        {
            // A manual verdict of alpha's (any subject), else a warning: what an auditor attests.
            const Finding* manual = nullptr;
            for (const Status status : {Status::Manual, Status::Warn}) {
                for (const Finding& finding : alpha.findings) {
                    if (!manual && finding.status == status)
                        manual = &finding;
                }
            }
            QTemporaryDir dir;
            const QString report = dir.filePath(QStringLiteral("hardening report (Zürich).txt"));
            {
                QFile file(report);
                if (!file.open(QIODevice::WriteOnly))
                    return 1;
                file.write("CIS Debian 12 benchmark on alpha: 212 of 220 passed <see annex> & signed\n");
            }
            Attestation attestation;
            attestation.checkId = manual->checkId;
            attestation.target = QStringLiteral("alpha");
            attestation.status = Status::Pass;
            attestation.justification = QStringLiteral("Hardened per the attached report");
            attestation.auditor = QStringLiteral("Ann Auditor");
            attestation.reviewer = QStringLiteral("Rémi Reviewer");
            summary.insert(QStringLiteral("attestation_pass"),
                           must(ws->addAttestation(attestation, QStringList{report}), "attestation"));
            summary.insert(QStringLiteral("attestation_check"), manual->checkId);
            Attestation zoneWide = attestation;
            zoneWide.zoneWide = true;
            zoneWide.target = QStringLiteral("lab");
            zoneWide.status = Status::Fail;
            zoneWide.justification = QStringLiteral("Not hardened");
            const qint64 zoneId = must(ws->addAttestation(zoneWide), "attestation");
            must(ws->revokeAttestation(zoneId), "revoke attestation");
            summary.insert(QStringLiteral("attestation_revoked"), zoneId);
        }
#endif

#if WRITER_SCHEMA >= 5
        // A remediation of alpha: before and after evidence (scans of kind remediation), the command, the re-check.
        {
            const Finding* limit = nullptr;
            for (const Finding& finding : alpha.findings) {
                if (finding.status == Status::Fail && finding.checkId == QLatin1String("container.memory-limit"))
                    limit = &finding;
            }
            if (!limit)
                limit = firstFinding(alpha.findings, Status::Fail, SubjectKind::Container);
            QVector<Artifact> inspect;
            for (const Artifact& artifact : alpha.artifacts) {
                if (artifact.probe == QLatin1String("docker.containers.inspect"))
                    inspect << artifact;
            }
            const qint64 before =
                must(ws->beginScan(QStringLiteral("bulkhead " BULKHEAD_VERSION " remediation"), ScanKind::Remediation),
                     "before");
            const Stored beforeStored = scanHost(*ws, before, alphaId, inspect, false);
            must(ws->finishScan(before, ScanState::Complete), "finish before");
            RemediationRecord record;
            const QVector<Finding> storedFindings = must(ws->findings(scanId, false), "findings");
            for (const Finding& finding : storedFindings) {
                if (finding.hostId == alphaId && finding.checkId == limit->checkId &&
                    finding.subject.id == limit->subject.id)
                    record.findingId = finding.id;
            }
            record.checkId = limit->checkId;
            record.subject = limit->subject;
            record.hostId = alphaId;
            record.kind = RemediationKind::ContainerUpdate;
            record.setting = QStringLiteral("memory=268435456");
            record.summary = QStringLiteral("Limit the memory of %1 to 256 MiB").arg(limit->subject.name);
            record.beforeScanId = before;
            record.beforeArtifacts << beforeStored.artifacts.first().id;
            RemediationStepResult step;
            step.step = RemediationStep{QStringLiteral("docker update --memory 268435456 --memory-swap 268435456 -- ") +
                                            limit->subject.id,
                                        {},
                                        QStringLiteral("Limit the memory")};
            record.steps << step;
            record.undo << RemediationStep{QStringLiteral("docker update --memory 0 --memory-swap -1 -- ") +
                                               limit->subject.id,
                                           {},
                                           QStringLiteral("Remove the limit")};
            record.author = QStringLiteral("Ann Auditor");
            record.id = must(ws->addRemediation(record), "remediation");
            const qint64 after =
                must(ws->beginScan(QStringLiteral("bulkhead " BULKHEAD_VERSION " remediation"), ScanKind::Remediation),
                     "after");
            const Stored afterStored = scanHost(*ws, after, alphaId, inspect, false);
            must(ws->finishScan(after, ScanState::Complete), "finish after");
            record.afterScanId = after;
            record.afterArtifacts << afterStored.artifacts.first().id;
            record.steps[0].ran = true;
            record.steps[0].exitStatus = 0;
            record.steps[0].output = limit->subject.id.toLatin1() + '\n';
            record.state = RemediationState::Done;
            record.findingStatus = Status::Pass;
            record.message = QStringLiteral("Done; the re-check passes");
            must(ws->finishRemediation(record), "finish remediation");
            summary.insert(QStringLiteral("remediation"), record.id);
            summary.insert(QStringLiteral("remediation_finding"), record.findingId);
            summary.insert(QStringLiteral("remediation_check"), record.checkId);

            // A note and a file on the hostile container's failing finding, and the engagement.
            const QVector<Finding> charlieFindings = must(ws->findings(scanId, false), "findings");
            const EvidenceSubject subject = EvidenceSubject::ofFinding(
                *firstFinding(charlieFindings, Status::Fail, SubjectKind::Container, HostileNameText));
            summary.insert(QStringLiteral("note"),
                           must(ws->addNote(subject, QStringLiteral("Seen on the console <b>too</b> & noted"),
                                            QStringLiteral("Ann Auditor")),
                                "note"));
            summary.insert(QStringLiteral("evidence_file"),
                           must(ws->attachEvidence(subject, QStringLiteral("console.txt"), "docker ps: 3 running\n",
                                                   QStringLiteral("console output"), QStringLiteral("Ann Auditor")),
                                "evidence"));
            Engagement engagement;
            engagement.client = QStringLiteral("Example Payments AG");
            engagement.auditor = QStringLiteral("Ann Auditor");
            must(ws->setEngagement(engagement), "engagement");
        }
#endif

        // What the test checks after the migration.
        QJsonArray scans;
        for (const ScanRecord& scan : must(ws->scans(), "scans")) {
            QJsonObject s{{QStringLiteral("id"), scan.id}, {QStringLiteral("state"), scanStateToString(scan.state)}};
#if WRITER_SCHEMA >= 3
            s.insert(QStringLiteral("kind"), scanKindToString(scan.kind));
#endif
            QJsonArray hostScans;
            for (const HostScanRecord& hs : must(ws->hostScans(scan.id), "host scans"))
                hostScans.append(QStringLiteral("%1:%2").arg(hs.hostId).arg(hostScanStateToString(hs.state)));
            s.insert(QStringLiteral("host_scans"), hostScans);
            QStringList artifactLines;
            for (const ArtifactInfo& info : must(ws->artifactIndex(scan.id), "index"))
                artifactLines
                    << QStringLiteral("%1 %2 %3 %4").arg(info.id).arg(info.hostId).arg(info.probe, info.sha256);
            artifactLines.sort();
            s.insert(QStringLiteral("artifacts"), artifactLines.size());
            s.insert(QStringLiteral("artifacts_digest"), digestOf(artifactLines));
            QMap<QString, int> byStatus;
            QStringList findingLines;
            for (const Finding& finding : must(ws->findings(scan.id), "findings")) {
                ++byStatus[statusToString(finding.status)];
                QStringList evidence;
                for (const EvidenceRef& ref : finding.evidence)
                    evidence << QStringLiteral("%1@%2").arg(ref.artifactId).arg(ref.locator);
                findingLines << QStringLiteral("%1 %2 %3 %4 %5 %6")
                                    .arg(finding.id)
                                    .arg(finding.hostId)
                                    .arg(finding.checkId, finding.subject.id, statusToString(finding.status),
                                         evidence.join(QLatin1Char(',')));
            }
            QJsonObject statuses;
            for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it)
                statuses.insert(it.key(), it.value());
            findingLines.sort();
            s.insert(QStringLiteral("findings"), findingLines.size());
            s.insert(QStringLiteral("statuses"), statuses);
            s.insert(QStringLiteral("findings_digest"), digestOf(findingLines));
            scans.append(s);
        }
        summary.insert(QStringLiteral("scans"), scans);
        QJsonArray hosts;
        for (const HostRecord& h : must(ws->hosts(), "hosts"))
            hosts.append(QStringLiteral("%1 %2 %3 %4").arg(h.id).arg(h.spec.toString(), h.name, h.zone));
        summary.insert(QStringLiteral("hosts"), hosts);
        summary.insert(QStringLiteral("schema"), ws->schemaVersion());
#if WRITER_SCHEMA >= 4
        summary.insert(QStringLiteral("activity"), must(ws->activity(), "activity").size());
        const auto report = must(ws->verify(), "verify");
        summary.insert(QStringLiteral("verify_ok"), report.ok());
        QJsonArray attachments;
        for (const Attestation& a : must(ws->attestations(), "attestations")) {
            for (const Attachment& file : must(ws->attachments(QStringLiteral("attestation:%1").arg(a.id)), "files"))
                attachments.append(
                    QStringLiteral("%1 %2 %3 %4").arg(file.id).arg(file.subject, file.fileName, file.sha256));
        }
        summary.insert(QStringLiteral("attachments"), attachments);
#endif
    }
    std::printf("%s", QJsonDocument(summary).toJson(QJsonDocument::Indented).constData());
    return 0;
}
