// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/JunitExport.h"

#include "export/ExportText.h"

#include <QMap>
#include <QXmlStreamWriter>

namespace bulkhead {

namespace {

enum class Outcome
{
    Passed,
    Failure,
    Error,
    Skipped,
};

Outcome outcomeOf(Status status)
{
    switch (status) {
    case Status::Fail:
        return Outcome::Failure;
    case Status::Error:
        return Outcome::Error;
    case Status::NotApplicable:
    case Status::Waived:
    case Status::Manual:
        return Outcome::Skipped;
    case Status::Pass:
    case Status::Warn:
        break;
    }
    return Outcome::Passed;
}

struct Counts
{
    int tests = 0;
    int failures = 0;
    int errors = 0;
    int skipped = 0;

    void add(Outcome outcome)
    {
        ++tests;
        failures += outcome == Outcome::Failure ? 1 : 0;
        errors += outcome == Outcome::Error ? 1 : 0;
        skipped += outcome == Outcome::Skipped ? 1 : 0;
    }
};

void writeCounts(QXmlStreamWriter& xml, const Counts& counts)
{
    xml.writeAttribute(QStringLiteral("tests"), QString::number(counts.tests));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(counts.failures));
    xml.writeAttribute(QStringLiteral("errors"), QString::number(counts.errors));
    xml.writeAttribute(QStringLiteral("skipped"), QString::number(counts.skipped));
}

void attribute(QXmlStreamWriter& xml, const QString& name, const QString& value)
{
    xml.writeAttribute(name, ExportText::xmlSafe(value));
}

void text(QXmlStreamWriter& xml, const QString& value)
{
    xml.writeCharacters(ExportText::xmlSafe(value));
}

QString details(const Finding& finding)
{
    QStringList lines;
    if (!finding.expected.isEmpty())
        lines << QStringLiteral("expected: ") + finding.expected;
    if (!finding.actual.isEmpty())
        lines << QStringLiteral("actual: ") + finding.actual;
    for (const EvidenceRef& ref : finding.evidence) {
        lines << QStringLiteral("evidence: artifact %1 sha256 %2 at %3")
                     .arg(ref.artifactId)
                     .arg(ref.sha256, ref.locator.isEmpty() ? QStringLiteral("(all of it)") : ref.locator);
    }
    return lines.join(QLatin1Char('\n'));
}

void testcase(QXmlStreamWriter& xml, const ExportSnapshot& snapshot, const Finding& finding, Outcome outcome)
{
    const QString subject = finding.subject.name.isEmpty() ? finding.subject.id : finding.subject.name;
    xml.writeStartElement(QStringLiteral("testcase"));
    attribute(xml, QStringLiteral("classname"), finding.hostName + QLatin1Char('.') + finding.checkId);
    attribute(xml, QStringLiteral("name"), subject.isEmpty() ? subjectKindToString(finding.subject.kind) : subject);
    xml.writeAttribute(QStringLiteral("time"), QStringLiteral("0"));
    const std::optional<Severity> severity = ExportSnapshot::severityOf(finding);
    xml.writeStartElement(QStringLiteral("properties"));
    const QVector<std::pair<QString, QString>> properties{
        {QStringLiteral("finding.id"), QString::number(finding.id)},
        {QStringLiteral("scan.id"), QString::number(finding.scanId)},
        {QStringLiteral("zone"), snapshot.zoneOf(finding.hostId)},
        {QStringLiteral("status"), statusToString(finding.status)},
        {QStringLiteral("severity"), severity ? severityToString(*severity) : QString()},
        {QStringLiteral("waiver.id"), finding.waiverId > 0 ? QString::number(finding.waiverId) : QString()},
    };
    for (const auto& [name, value] : properties) {
        if (value.isEmpty())
            continue;
        xml.writeStartElement(QStringLiteral("property"));
        xml.writeAttribute(QStringLiteral("name"), name);
        attribute(xml, QStringLiteral("value"), value);
        xml.writeEndElement();
    }
    xml.writeEndElement(); // properties
    const QString why = finding.message.isEmpty() ? statusLabel(finding.status) : finding.message;
    switch (outcome) {
    case Outcome::Failure:
    case Outcome::Error:
        xml.writeStartElement(outcome == Outcome::Failure ? QStringLiteral("failure") : QStringLiteral("error"));
        attribute(xml, QStringLiteral("message"), why);
        xml.writeAttribute(QStringLiteral("type"), severity ? severityToString(*severity) : QStringLiteral("unknown"));
        text(xml, details(finding));
        xml.writeEndElement();
        break;
    case Outcome::Skipped:
        xml.writeStartElement(QStringLiteral("skipped"));
        attribute(xml, QStringLiteral("message"),
                  finding.status == Status::Waived
                      ? QStringLiteral("waived (waiver %1): %2").arg(finding.waiverId).arg(why)
                      : statusLabel(finding.status) + QStringLiteral(": ") + why);
        xml.writeEndElement();
        break;
    case Outcome::Passed:
        if (finding.status == Status::Warn) {
            xml.writeStartElement(QStringLiteral("system-out"));
            text(xml, QStringLiteral("warn: ") + why);
            xml.writeEndElement();
        }
        break;
    }
    xml.writeEndElement(); // testcase
}

} // namespace

QByteArray JunitExport::write(const ExportSnapshot& snapshot)
{
    // One suite per host, hosts by name; each suite's findings in the workspace's order.
    QMap<QString, QVector<const Finding*>> byHost;
    for (const Finding& finding : snapshot.findings)
        byHost[finding.hostName].push_back(&finding);
    Counts total;
    QMap<QString, Counts> suiteCounts;
    for (auto it = byHost.cbegin(); it != byHost.cend(); ++it) {
        for (const Finding* finding : it.value()) {
            const Outcome outcome = outcomeOf(finding->status);
            suiteCounts[it.key()].add(outcome);
            total.add(outcome);
        }
    }

    QByteArray bytes;
    QXmlStreamWriter xml(&bytes);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("name"), QStringLiteral("Bulkhead ") + snapshot.toolVersion);
    writeCounts(xml, total);
    xml.writeAttribute(QStringLiteral("time"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("timestamp"), ExportText::isoTime(snapshot.exportedUtc));
    int suiteId = 0;
    for (auto it = byHost.cbegin(); it != byHost.cend(); ++it, ++suiteId) {
        const Finding* first = it.value().front();
        xml.writeStartElement(QStringLiteral("testsuite"));
        attribute(xml, QStringLiteral("name"), it.key());
        xml.writeAttribute(QStringLiteral("id"), QString::number(suiteId));
        writeCounts(xml, suiteCounts.value(it.key()));
        xml.writeAttribute(QStringLiteral("time"), QStringLiteral("0"));
        if (const ScanRecord* scan = snapshot.scan(first->scanId))
            xml.writeAttribute(QStringLiteral("timestamp"), ExportText::isoTime(scan->startedUtc));
        attribute(xml, QStringLiteral("hostname"), it.key());
        for (const Finding* finding : it.value())
            testcase(xml, snapshot, *finding, outcomeOf(finding->status));
        xml.writeEndElement(); // testsuite
    }
    xml.writeEndElement(); // testsuites
    xml.writeEndDocument();
    return bytes;
}

} // namespace bulkhead
