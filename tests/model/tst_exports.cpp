// SPDX-License-Identifier: GPL-3.0-or-later
// bulkhead-cli export's formats (issue 6, item 2), each built from a real workspace and read back: the same
// finding ids, statuses and counts; a waived finding suppressed (SARIF) or skipped (JUnit); hostile names come
// back literally (control characters replaced in XML) and never break the document.
#include "export/CsvExport.h"
#include "export/ExportSnapshot.h"
#include "export/ExportWriter.h"
#include "export/JsonExport.h"
#include "export/JunitExport.h"
#include "export/OscalExport.h"
#include "export/SarifExport.h"
#include "export/SeverityGate.h"
#include "store/Workspace.h"

#include <nlohmann/json.hpp>

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace bulkhead;
using nlohmann::json;

namespace {

// A container name a hostile host could give: markup, quotes, a formula, control characters, an RTL override.
const QString HostileName = QStringLiteral("=cmd|' /C calc'!A0<b>&amp;\"x\"\x01\x1b[31m\u202Eevil\n");

QString fromJson(const json& value)
{
    return QString::fromStdString(value.get<std::string>());
}

json parse(const QByteArray& bytes)
{
    return json::parse(bytes.toStdString());
}

} // namespace

class TestExports : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void json_();
    void csv();
    void sarif();
    void sarifValidatesAgainstSchema();
    void junit();
    void oscal();
    void oscalIsDeterministic();
    void zoneFilter();
    void severityGate();
    void formats();

private:
    ExportSnapshot snapshot(const QStringList& zones = {}) const;

    QTemporaryDir m_dir;
    QString m_path;
    qint64 m_hostileHost = 0;
    qint64 m_waiverId = 0;
    qint64 m_attestationId = 0;
    QVector<Finding> m_stored;
};

void TestExports::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("exports.bulkhead"));
    auto opened = Workspace::open(m_path);
    QVERIFY2(opened, qPrintable(opened.errorMessage()));
    Workspace& ws = *opened.value();

    for (const auto& [name, scope] :
         {std::pair{QStringLiteral("prod"), ZoneScope::In}, std::pair{QStringLiteral("lab"), ZoneScope::Out}}) {
        Zone zone;
        zone.name = name;
        zone.scope = scope;
        zone.rationale = QStringLiteral("because <reasons> & more");
        QVERIFY(ws.upsertZone(zone));
    }
    const qint64 alpha = ws.upsertHost(HostSpec{QStringLiteral("root"), QStringLiteral("alpha.example"), 22}).value();
    // A host's name as hostile as the workspace lets it be.
    auto hostile = ws.upsertHost(HostSpec{QString(), QStringLiteral("b<&\"'>\u202Eta\x01"), 2222});
    QVERIFY2(hostile, qPrintable(hostile.errorMessage()));
    m_hostileHost = hostile.value();
    QVERIFY(ws.setHostZone(alpha, QStringLiteral("prod")));
    QVERIFY(ws.setHostZone(m_hostileHost, QStringLiteral("lab")));

    const qint64 scan = ws.beginScan(QStringLiteral("bulkhead test")).value();
    for (const qint64 host : {alpha, m_hostileHost}) {
        Artifact artifact;
        artifact.scanId = scan;
        artifact.hostId = host;
        artifact.probe = QStringLiteral("docker.containers.inspect");
        artifact.command = QStringLiteral("docker container inspect");
        artifact.output = R"([{"Id":"abc","Config":{"User":"0:0"}}])";
        artifact.exitStatus = 0;
        artifact.startedUtc = QDateTime::currentDateTimeUtc();
        artifact.finishedUtc = artifact.startedUtc;
        const qint64 artifactId = ws.addArtifact(artifact).value();

        auto make = [&](const QString& check, Status status, const QString& name) {
            Finding finding;
            finding.scanId = scan;
            finding.hostId = host;
            finding.checkId = check;
            finding.subject = Subject{SubjectKind::Container, QString(64, QLatin1Char('a')), name};
            finding.status = status;
            finding.expected = QStringLiteral("a non-root user");
            finding.actual = QStringLiteral("User=\"0:0\"");
            finding.message = QStringLiteral("why: ") + name;
            finding.evidence = {
                EvidenceRef{artifactId, QStringLiteral("/0/Config/User"), QStringLiteral("\"0:0\""), {}}};
            return finding;
        };
        const QVector<Finding> findings{
            make(QStringLiteral("container.user-not-root"), Status::Fail, QStringLiteral("web")),
            make(QStringLiteral("container.not-privileged"), Status::Fail, HostileName),
            make(QStringLiteral("container.read-only-rootfs"), Status::Pass, QStringLiteral("web")),
            make(QStringLiteral("container.memory-limit"), Status::Warn, QStringLiteral("web")),
            make(QStringLiteral("container.apparmor"), Status::NotApplicable, QStringLiteral("web")),
            make(QStringLiteral("container.seccomp"), Status::Error, QStringLiteral("web")),
            make(QStringLiteral("host.docker-group-members"), Status::Manual, QStringLiteral("host")),
        };
        QVERIFY(ws.replaceFindings(scan, host, findings));
        QVERIFY(ws.setHostScan(HostScanRecord{scan, host, {}, HostScanState::Done, {}, {}, {}, {}}));
    }
    QVERIFY(ws.finishScan(scan, ScanState::Complete));

    Waiver waiver;
    waiver.checkId = QStringLiteral("container.user-not-root");
    waiver.scope = WaiverScope::Zone;
    waiver.target = QStringLiteral("prod");
    waiver.justification = QStringLiteral("Vendor image </justification> & \"quotes\"");
    waiver.approver = QStringLiteral("CISO");
    waiver.risk = QStringLiteral("medium");
    waiver.expiresUtc = QDateTime::currentDateTimeUtc().addDays(30);
    auto waiverId = ws.addWaiver(waiver);
    QVERIFY2(waiverId, qPrintable(waiverId.errorMessage()));
    m_waiverId = waiverId.value();

    const QString evidence = m_dir.filePath(QStringLiteral("report.txt"));
    {
        QFile file(evidence);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("hardened\n");
    }
    Attestation attestation;
    attestation.checkId = QStringLiteral("host.docker-group-members");
    attestation.target = QStringLiteral("alpha.example");
    attestation.status = Status::Pass;
    attestation.justification = QStringLiteral("CIS Debian benchmark run");
    attestation.auditor = QStringLiteral("Ann");
    attestation.reviewer = QStringLiteral("Bob");
    auto attestationId = ws.addAttestation(attestation, {evidence});
    QVERIFY2(attestationId, qPrintable(attestationId.errorMessage()));
    m_attestationId = attestationId.value();

    auto reviewed = ws.reviewedFindings(std::nullopt, QDateTime::currentDateTimeUtc());
    QVERIFY(reviewed);
    m_stored = reviewed.value();
    QCOMPARE(m_stored.size(), 14);
}

ExportSnapshot TestExports::snapshot(const QStringList& zones) const
{
    auto opened = Workspace::open(m_path, Workspace::OpenMode::ExistingOnly);
    if (!opened)
        qFatal("cannot open the workspace");
    auto read = ExportSnapshot::read(*opened.value(), zones, QDateTime::currentDateTimeUtc());
    if (!read)
        qFatal("cannot read the snapshot: %s", qPrintable(read.errorMessage()));
    return std::move(read).value();
}

void TestExports::json_()
{
    const ExportSnapshot data = snapshot();
    const json document = parse(JsonExport::write(data));
    QCOMPARE(fromJson(document["tool"]["name"]), QStringLiteral("Bulkhead"));
    QCOMPARE(fromJson(document["tool"]["version"]), QStringLiteral(BULKHEAD_VERSION));
    QCOMPARE(document["workspace"]["schemaVersion"].get<int>(), Workspace::SchemaVersion);
    QVERIFY(document["workspace"]["activityHead"]["seq"].get<qint64>() > 0);
    QCOMPARE(fromJson(document["workspace"]["activityHead"]["sha256"]).size(), 64);
    QCOMPARE(document["zones"].size(), size_t(2));
    QCOMPARE(document["hosts"].size(), size_t(2));

    // Same ids and statuses as the workspace.
    QCOMPARE(document["findings"].size(), size_t(m_stored.size()));
    QMap<qint64, QString> statuses;
    for (const Finding& finding : m_stored)
        statuses.insert(finding.id, statusToString(finding.status));
    bool sawHostile = false;
    bool sawWaived = false;
    for (const json& finding : document["findings"]) {
        const qint64 id = finding["id"].get<qint64>();
        QVERIFY(statuses.contains(id));
        QCOMPARE(fromJson(finding["status"]), statuses.value(id));
        QVERIFY(finding["scan"].get<qint64>() > 0);
        QCOMPARE(fromJson(finding["evidence"][0]["sha256"]).size(), 64);
        if (fromJson(finding["subject"]["name"]) == HostileName)
            sawHostile = true;
        if (fromJson(finding["status"]) == QLatin1String("waived")) {
            sawWaived = true;
            QCOMPARE(finding["waiver"].get<qint64>(), m_waiverId);
            QCOMPARE(fromJson(finding["evaluated"]), QStringLiteral("fail"));
            QCOMPARE(fromJson(finding["zone"]), QStringLiteral("prod"));
        }
    }
    QVERIFY(sawHostile);
    QVERIFY(sawWaived);
    QCOMPARE(document["waivers"].size(), size_t(1));
    QCOMPARE(fromJson(document["waivers"][0]["state"]), QStringLiteral("active"));
    QCOMPARE(document["attestations"].size(), size_t(1));
    const json& file = document["attestations"][0]["attachments"][0];
    QCOMPARE(fromJson(file["name"]), QStringLiteral("report.txt"));
    QCOMPARE(fromJson(file["sha256"]),
             QString::fromLatin1(QCryptographicHash::hash("hardened\n", QCryptographicHash::Sha256).toHex()));
    QVERIFY(!file.contains("bytes"));
    QCOMPARE(document["artifacts"].size(), size_t(2));
    QVERIFY(document["artifacts"][0].contains("sha256"));
    QVERIFY(!document["artifacts"][0].contains("output"));
}

void TestExports::csv()
{
    const QByteArray csv = CsvExport::write(snapshot());
    QVERIFY(csv.startsWith("finding_id,scan_id,host,zone,check,"));
    QVERIFY(csv.contains(",waiver_id,"));
    // The formula neutralised, the quotes doubled, the newline kept inside one quoted cell.
    QVERIFY2(csv.contains("\"'=cmd|' /C calc'!A0<b>&amp;\"\"x\"\""), csv.constData());
    // One record per finding: a newline outside quotes ends a record.
    int records = 0;
    bool quoted = false;
    for (qsizetype i = 0; i < csv.size(); ++i) {
        if (csv.at(i) == '"')
            quoted = !quoted;
        else if (!quoted && csv.at(i) == '\n')
            ++records;
    }
    QCOMPARE(records, m_stored.size() + 1);
    QVERIFY(csv.contains(QByteArray(QByteArray(",waived,fail,") + QByteArray::number(m_waiverId) + ',')));
}

void TestExports::sarif()
{
    const json document = parse(SarifExport::write(snapshot()));
    QCOMPARE(fromJson(document["version"]), QStringLiteral("2.1.0"));
    QCOMPARE(fromJson(document["$schema"]), QStringLiteral("https://json.schemastore.org/sarif-2.1.0.json"));
    const json& run = document["runs"][0];
    QCOMPARE(fromJson(run["tool"]["driver"]["name"]), QStringLiteral("Bulkhead"));
    const json& rules = run["tool"]["driver"]["rules"];
    QCOMPARE(rules.size(), size_t(7));
    QCOMPARE(run["results"].size(), size_t(m_stored.size()));
    QMap<qint64, Finding> byId;
    for (const Finding& finding : m_stored)
        byId.insert(finding.id, finding);
    int suppressed = 0;
    QSet<QString> fingerprints;
    for (const json& result : run["results"]) {
        const Finding finding = byId.value(result["properties"]["findingId"].get<qint64>());
        QVERIFY(finding.id > 0);
        QCOMPARE(fromJson(rules[result["ruleIndex"].get<size_t>()]["id"]), finding.checkId);
        QCOMPARE(fromJson(result["ruleId"]), finding.checkId);
        const QString kind = fromJson(result["kind"]);
        const QString level = fromJson(result["level"]);
        switch (finding.status) {
        case Status::Fail:
        case Status::Waived:
        case Status::Warn:
            QCOMPARE(kind, QStringLiteral("fail"));
            QVERIFY(level != QLatin1String("none"));
            break;
        case Status::Pass:
            QCOMPARE(kind, QStringLiteral("pass"));
            break;
        case Status::Manual:
            QCOMPARE(kind, QStringLiteral("review"));
            break;
        case Status::NotApplicable:
            QCOMPARE(kind, QStringLiteral("notApplicable"));
            break;
        case Status::Error:
            QCOMPARE(kind, QStringLiteral("open"));
            break;
        }
        if (kind != QLatin1String("fail"))
            QCOMPARE(level, QStringLiteral("none"));
        if (finding.status == Status::Waived) {
            ++suppressed;
            QCOMPARE(fromJson(result["suppressions"][0]["status"]), QStringLiteral("accepted"));
            QVERIFY(fromJson(result["suppressions"][0]["justification"]).contains(QStringLiteral("</justification>")));
        } else {
            QVERIFY(!result.contains("suppressions"));
        }
        const json& location = result["locations"][0]["logicalLocations"][0];
        QCOMPARE(fromJson(location["fullyQualifiedName"]), finding.hostName + QLatin1Char('/') + finding.subject.name);
        fingerprints.insert(fromJson(result["partialFingerprints"]["bulkheadSubject/v1"]));
    }
    QCOMPARE(suppressed, 1);
    QCOMPARE(fingerprints.size(), m_stored.size()); // one per (host, check, subject)

    // The fingerprint follows the subject across scans: same host, check and name, another id and scan.
    Finding later = m_stored.front();
    later.id += 1000;
    later.scanId += 5;
    later.subject.id = QString(64, QLatin1Char('b'));
    QCOMPARE(SarifExport::fingerprint(later), SarifExport::fingerprint(m_stored.front()));
    later.hostName += QLatin1Char('x');
    QVERIFY(SarifExport::fingerprint(later) != SarifExport::fingerprint(m_stored.front()));
}

void TestExports::sarifValidatesAgainstSchema()
{
    // The official schema (tests/model/data/schemas/README.md), checked by Debian's python3-jsonschema.
    const QString schema = QStringLiteral(BULKHEAD_SOURCE_DIR "/tests/model/data/schemas/sarif-2.1.0-rtm.5.json");
    QVERIFY(QFile::exists(schema));
    const QString python = QStringLiteral("/usr/bin/python3");
    QProcess probe;
    probe.start(python, {QStringLiteral("-c"), QStringLiteral("import jsonschema")});
    if (!probe.waitForFinished(30000) || probe.exitCode() != 0)
        QSKIP("python3-jsonschema is not installed (installers/debian/install-deps.sh installs it)");
    const QString document = m_dir.filePath(QStringLiteral("export.sarif"));
    {
        QFile file(document);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(SarifExport::write(snapshot()));
    }
    QProcess validate;
    validate.start(python, {QStringLiteral("-c"),
                            QStringLiteral("import json, sys, jsonschema\n"
                                           "schema = json.load(open(sys.argv[1]))\n"
                                           "jsonschema.Draft4Validator.check_schema(schema)\n"
                                           "errors = list(jsonschema.Draft4Validator(schema).iter_errors("
                                           "json.load(open(sys.argv[2]))))\n"
                                           "for e in errors: print(list(e.absolute_path), e.message)\n"
                                           "sys.exit(1 if errors else 0)\n"),
                            schema, document});
    QVERIFY(validate.waitForFinished(60000));
    QVERIFY2(validate.exitCode() == 0, validate.readAllStandardOutput().left(4000).constData());
}

void TestExports::junit()
{
    const QByteArray bytes = JunitExport::write(snapshot());
    QVERIFY(!bytes.contains('\x01'));
    QVERIFY(!bytes.contains('\x1b'));
    QXmlStreamReader xml(bytes);
    int tests = 0, failures = 0, errors = 0, skipped = 0, suites = 0;
    int declaredTests = -1;
    QStringList names;
    QString currentCase;
    QSet<QString> waivedCases;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const QStringView element = xml.name();
        if (element == QLatin1String("testsuites"))
            declaredTests = xml.attributes().value(QStringLiteral("tests")).toInt();
        else if (element == QLatin1String("testsuite"))
            ++suites;
        else if (element == QLatin1String("testcase")) {
            ++tests;
            currentCase = xml.attributes().value(QStringLiteral("classname")).toString();
            names << xml.attributes().value(QStringLiteral("name")).toString();
        } else if (element == QLatin1String("failure"))
            ++failures;
        else if (element == QLatin1String("error"))
            ++errors;
        else if (element == QLatin1String("skipped")) {
            ++skipped;
            if (xml.attributes().value(QStringLiteral("message")).startsWith(QLatin1String("waived")))
                waivedCases.insert(currentCase);
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(suites, 2);
    QCOMPARE(tests, m_stored.size());
    QCOMPARE(declaredTests, tests);
    // not-privileged fails on both hosts; user-not-root fails on the lab host and is waived in prod.
    QCOMPARE(failures, 3);
    QCOMPARE(errors, 2);
    QCOMPARE(skipped, 2 /* n/a */ + 1 /* manual, not attested */ + 1 /* waived */);
    QCOMPARE(waivedCases.size(), 1);
    QVERIFY(waivedCases.values().front().endsWith(QLatin1String(".container.user-not-root")));
    // The hostile name comes back with only its control characters replaced.
    QString expected = HostileName;
    expected.replace(QChar(0x01), QChar(QChar::ReplacementCharacter));
    expected.replace(QChar(0x1b), QChar(QChar::ReplacementCharacter));
    QVERIFY2(names.contains(expected), qPrintable(names.join(QLatin1Char('|'))));
}

void TestExports::oscal()
{
    const ExportSnapshot data = snapshot();
    const json document = parse(OscalExport::write(data));
    const json& ar = document["assessment-results"];
    for (const char* key : {"uuid", "metadata", "import-ap", "results"})
        QVERIFY2(ar.contains(key), key);
    QCOMPARE(fromJson(ar["metadata"]["oscal-version"]), QStringLiteral("1.1.2"));
    for (const char* key : {"title", "last-modified", "version"})
        QVERIFY2(ar["metadata"].contains(key), key);
    QVERIFY(ar["import-ap"].contains("href"));
    QCOMPARE(ar["results"].size(), size_t(1));
    const json& result = ar["results"][0];
    for (const char* key : {"uuid", "title", "description", "start", "reviewed-controls"})
        QVERIFY2(result.contains(key), key);
    QVERIFY(result["reviewed-controls"]["control-selections"][0].contains("include-all"));

    static const QRegularExpression uuidPattern(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    static const QRegularExpression markupLine(QStringLiteral("^[^\\n]+$"));
    QSet<QString> observationIds;
    QCOMPARE(result["observations"].size(), size_t(m_stored.size()));
    for (const json& observation : result["observations"]) {
        const QString uuid = fromJson(observation["uuid"]);
        QVERIFY2(uuidPattern.match(uuid).hasMatch(), qPrintable(uuid));
        observationIds.insert(uuid);
        QVERIFY(markupLine.match(fromJson(observation["title"])).hasMatch());
        QVERIFY(!fromJson(observation["description"]).isEmpty());
        QVERIFY(observation.contains("collected"));
        const QString method = fromJson(observation["methods"][0]);
        QVERIFY(method == QLatin1String("TEST") || method == QLatin1String("EXAMINE"));
        QCOMPARE(fromJson(observation["subjects"][0]["type"]), QStringLiteral("inventory-item"));
        QCOMPARE(fromJson(observation["relevant-evidence"][0]["props"][1]["value"]).size(), 64);
    }
    // Findings: pass, fail, warn and waived (check x subject); manual, n/a and error are observations only.
    int satisfied = 0, notSatisfied = 0;
    for (const json& finding : result["findings"]) {
        QCOMPARE(fromJson(finding["target"]["type"]), QStringLiteral("objective-id"));
        const QString state = fromJson(finding["target"]["status"]["state"]);
        satisfied += state == QLatin1String("satisfied");
        notSatisfied += state == QLatin1String("not-satisfied");
        QVERIFY(observationIds.contains(fromJson(finding["related-observations"][0]["observation-uuid"])));
        for (const json& prop : finding["props"]) {
            static const QRegularExpression stringValue(QStringLiteral("^\\S(.*\\S)?$"));
            QVERIFY2(stringValue.match(fromJson(prop["value"])).hasMatch(), prop.dump().c_str());
        }
    }
    QCOMPARE(satisfied, 3); // read-only twice, and the attested manual check
    QCOMPARE(notSatisfied, 6);
    QCOMPARE(result["local-definitions"]["inventory-items"].size(), size_t(2));
}

void TestExports::oscalIsDeterministic()
{
    ExportSnapshot first = snapshot();
    ExportSnapshot second = snapshot();
    second.exportedUtc = first.exportedUtc.addSecs(3600);
    json a = parse(OscalExport::write(first));
    json b = parse(OscalExport::write(second));
    QVERIFY(a != b);
    // Apart from the timestamps: equal.
    for (json* document : {&a, &b}) {
        (*document)["assessment-results"]["metadata"].erase("last-modified");
        (*document)["assessment-results"]["results"][0].erase("description");
    }
    QVERIFY(a == b);
    // Another zone filter: other uuids.
    QVERIFY(OscalExport::uuidFor(snapshot({QStringLiteral("prod")}), QStringLiteral("result")) !=
            OscalExport::uuidFor(first, QStringLiteral("result")));
}

void TestExports::zoneFilter()
{
    const ExportSnapshot prod = snapshot({QStringLiteral("prod")});
    QCOMPARE(prod.hosts.size(), 1);
    QCOMPARE(prod.findings.size(), 7);
    for (const Finding& finding : prod.findings)
        QVERIFY(finding.hostId != m_hostileHost);
    QCOMPARE(prod.artifacts.size(), 1);
    QCOMPARE(prod.zones.size(), 1);

    auto opened = Workspace::open(m_path, Workspace::OpenMode::ExistingOnly);
    QVERIFY(opened);
    auto unknown = ExportSnapshot::read(*opened.value(), {QStringLiteral("nowhere")}, QDateTime::currentDateTimeUtc());
    QVERIFY(!unknown);
    QVERIFY2(unknown.errorMessage().contains(QStringLiteral("lab, prod")), qPrintable(unknown.errorMessage()));
}

void TestExports::severityGate()
{
    // Failing: container.not-privileged on both hosts, container.user-not-root on the lab host (prod's is waived).
    const SeverityGate::Outcome all = SeverityGate::evaluate(m_stored, Severity::Info);
    QCOMPARE(all.count, 3);
    const SeverityGate::Outcome prod =
        SeverityGate::evaluate(snapshot({QStringLiteral("prod")}).findings, Severity::Info);
    QCOMPARE(prod.count, 1); // the waived one does not count, warn and error neither
    const SeverityGate::Outcome critical = SeverityGate::evaluate(m_stored, Severity::Critical);
    QCOMPARE(critical.count, 2); // not-privileged is critical, user-not-root high
    QCOMPARE(*critical.worst, Severity::Critical);
    QVERIFY(
        SeverityGate::summary(all, Severity::Info).startsWith(QLatin1String("3 failing findings at or above info")));
}

void TestExports::formats()
{
    QCOMPARE(ExportWriter::formatNames().size(), 5);
    for (const QString& name : ExportWriter::formatNames()) {
        const auto format = ExportWriter::formatFromString(name);
        QVERIFY(format);
        QVERIFY(!ExportWriter::write(*format, snapshot()).isEmpty());
    }
    QVERIFY(!ExportWriter::formatFromString(QStringLiteral("xml")));
}

QTEST_GUILESS_MAIN(TestExports)
#include "tst_exports.moc"
