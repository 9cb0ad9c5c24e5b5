// SPDX-License-Identifier: GPL-3.0-or-later
#include "export/BinderManifest.h"

#include "export/ExportSnapshot.h"

#include "store/Workspace.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QXmlStreamReader>

#include <algorithm>
#include <vector>

namespace bulkhead {

namespace {

// XML 1.0 cannot carry C0 controls (not even as &#x1;), U+FFFE/U+FFFF or lone surrogates; tab, line feed and
// carriage return it can, but would normalise. Those become \uXXXX, and a backslash \\.
bool xmlCannotCarry(char16_t c)
{
    return c < 0x20 || c == 0x7f || c == 0xfffe || c == 0xffff;
}

QString escaped(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += c;
            out += text.at(++i);
            continue;
        }
        switch (c.unicode()) {
        case u'&':
            out += QLatin1String("&amp;");
            continue;
        case u'<':
            out += QLatin1String("&lt;");
            continue;
        case u'>':
            out += QLatin1String("&gt;");
            continue;
        case u'"':
            out += QLatin1String("&quot;");
            continue;
        case u'\'':
            out += QLatin1String("&apos;");
            continue;
        case u'\\':
            out += QLatin1String("\\\\");
            continue;
        default:
            break;
        }
        if (xmlCannotCarry(c.unicode()) || c.isSurrogate())
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

Result<QString> unescaped(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c != QLatin1Char('\\')) {
            out += c;
            continue;
        }
        if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\\')) {
            out += c;
            ++i;
            continue;
        }
        bool ok = false;
        const ushort code = text.mid(i + 2, 4).toUShort(&ok, 16);
        if (i + 5 >= text.size() || text.at(i + 1) != QLatin1Char('u') || !ok)
            return makeError(QStringLiteral("a broken \\ escape"));
        out += QChar(code);
        i += 5;
    }
    return out;
}

QByteArray element(const char* name, const QString& value)
{
    return QByteArrayLiteral("   <bulkhead:") + name + '>' + escaped(value).toUtf8() +
           QByteArrayLiteral("</bulkhead:") + name + QByteArrayLiteral(">\n");
}

Error malformed(const QString& why)
{
    return makeError(QStringLiteral("the binder's Bulkhead manifest is malformed: %1").arg(why));
}

} // namespace

QByteArray BinderManifest::toXmp(const BinderManifest& manifest)
{
    QByteArray xmp;
    xmp += "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n";
    xmp += "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n";
    xmp += " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n";
    xmp += "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"";
    xmp += " xmlns:bulkhead=\"" + QByteArray(Namespace) + "\">\n";
    xmp += "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Bulkhead audit binder</rdf:li></rdf:Alt></dc:title>\n";
    xmp += element("version", manifest.version);
    xmp += element("generatedUtc", manifest.generatedUtc.toUTC().toString(Qt::ISODateWithMs));
    xmp += element("logSeq", QString::number(manifest.logSeq));
    xmp += element("logHeadSha256", manifest.logHeadSha256);
    xmp += "   <bulkhead:zones><rdf:Bag>";
    for (const QString& zone : manifest.zones)
        xmp += "<rdf:li>" + escaped(zone).toUtf8() + "</rdf:li>";
    xmp += "</rdf:Bag></bulkhead:zones>\n";
    xmp += element("findingsSha256", manifest.findingsSha256);
    xmp += element("findings", QString::number(manifest.findings));
    xmp += "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    return xmp;
}

Result<BinderManifest> BinderManifest::fromXmp(const QByteArray& xmp)
{
    const QString ns = QLatin1String(Namespace);
    const QString rdf = QStringLiteral("http://www.w3.org/1999/02/22-rdf-syntax-ns#");
    BinderManifest manifest;
    QSet<QString> seen;
    QXmlStreamReader reader(xmp);
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement || reader.namespaceUri() != ns)
            continue;
        const QString name = reader.name().toString();
        if (seen.contains(name))
            return malformed(QStringLiteral("%1 is given twice").arg(name));
        seen.insert(name);
        if (name == QLatin1String("zones")) {
            while (!reader.atEnd()) {
                const auto token = reader.readNext();
                if (token == QXmlStreamReader::EndElement && reader.namespaceUri() == ns)
                    break;
                if (token == QXmlStreamReader::StartElement && reader.namespaceUri() == rdf &&
                    reader.name() == QLatin1String("li")) {
                    auto zone = unescaped(reader.readElementText());
                    if (!zone)
                        return malformed(QStringLiteral("a zone has %1").arg(zone.errorMessage()));
                    manifest.zones << zone.value();
                }
            }
            continue;
        }
        auto text = unescaped(reader.readElementText(QXmlStreamReader::ErrorOnUnexpectedElement));
        if (!text)
            return malformed(QStringLiteral("%1 has %2").arg(name, text.errorMessage()));
        bool ok = true;
        if (name == QLatin1String("version"))
            manifest.version = text.value();
        else if (name == QLatin1String("generatedUtc"))
            manifest.generatedUtc = QDateTime::fromString(text.value(), Qt::ISODateWithMs);
        else if (name == QLatin1String("logSeq"))
            manifest.logSeq = text->toLongLong(&ok);
        else if (name == QLatin1String("logHeadSha256"))
            manifest.logHeadSha256 = text.value();
        else if (name == QLatin1String("findingsSha256"))
            manifest.findingsSha256 = text.value();
        else if (name == QLatin1String("findings"))
            manifest.findings = text->toInt(&ok);
        if (!ok)
            return malformed(QStringLiteral("%1 is not a number").arg(name));
    }
    if (reader.hasError())
        return malformed(reader.errorString());
    if (seen.isEmpty())
        return makeError(QStringLiteral("the PDF carries no Bulkhead manifest"));
    for (const char* required :
         {"version", "generatedUtc", "logSeq", "logHeadSha256", "zones", "findingsSha256", "findings"}) {
        if (!seen.contains(QLatin1String(required)))
            return malformed(QStringLiteral("%1 is missing").arg(QLatin1String(required)));
    }
    if (!manifest.generatedUtc.isValid())
        return malformed(QStringLiteral("generatedUtc is not a time"));
    return manifest;
}

Result<BinderManifest> BinderManifest::fromPdf(const QByteArray& pdfBytes)
{
    if (!pdfBytes.startsWith("%PDF-"))
        return makeError(QStringLiteral("not a PDF file"));
    // A PDF may hold several XMP packets (the document's, an image's): the manifest is the one in our namespace.
    static const QByteArray open("<x:xmpmeta");
    static const QByteArray close("</x:xmpmeta>");
    qsizetype from = 0;
    while ((from = pdfBytes.indexOf(open, from)) >= 0) {
        const qsizetype end = pdfBytes.indexOf(close, from);
        if (end < 0)
            break;
        const QByteArray packet = pdfBytes.mid(from, end + close.size() - from);
        if (packet.contains(Namespace))
            return fromXmp(packet);
        from = end;
    }
    return makeError(QStringLiteral("the PDF carries no Bulkhead manifest (not a binder, or written by another "
                                    "program)"));
}

QString BinderManifest::findingsDigest(const QVector<Finding>& findings)
{
    // Each finding's canonical line is hashed on its own, and the (id, line hash) pairs sorted: independent of
    // the findings' order, and a fleet's hundreds of thousands never have their text held twice.
    std::vector<std::pair<qint64, QByteArray>> hashed;
    hashed.reserve(std::size_t(findings.size()));
    for (const Finding& finding : findings) {
        const QJsonArray fields{finding.id,
                                finding.hostId,
                                finding.hostName,
                                finding.checkId,
                                subjectKindToString(finding.subject.kind),
                                finding.subject.id,
                                finding.subject.name,
                                statusToString(finding.status),
                                finding.expected,
                                finding.actual};
        hashed.emplace_back(finding.id, QCryptographicHash::hash(QJsonDocument(fields).toJson(QJsonDocument::Compact),
                                                                 QCryptographicHash::Sha256));
    }
    std::sort(hashed.begin(), hashed.end());
    QCryptographicHash all(QCryptographicHash::Sha256);
    for (const auto& [id, hash] : hashed) {
        all.addData(QByteArray::number(id));
        all.addData(QByteArrayView(":"));
        all.addData(hash);
    }
    return QString::fromLatin1(all.result().toHex());
}

Result<QVector<Finding>> BinderManifest::binderFindings(const Workspace& workspace, const QStringList& zones,
                                                        const QDateTime& now)
{
    auto findings = workspace.reviewedFindings(std::nullopt, now, false);
    if (!findings || zones.isEmpty())
        return findings;
    auto known = workspace.zones();
    if (!known)
        return known.error();
    if (auto checked = ExportSnapshot::checkZones(known.value(), zones); !checked)
        return checked.error();
    auto hosts = workspace.hosts();
    if (!hosts)
        return hosts.error();
    QSet<qint64> inZones;
    for (const HostRecord& host : hosts.value()) {
        if (!host.zone.isEmpty() && zones.contains(host.zone, Qt::CaseInsensitive))
            inZones.insert(host.id);
    }
    QVector<Finding> kept;
    for (const Finding& finding : std::as_const(findings.value())) {
        if (inZones.contains(finding.hostId))
            kept.append(finding);
    }
    return kept;
}

Result<BinderManifest> BinderManifest::forWorkspace(const Workspace& workspace, const QStringList& zones,
                                                    const QDateTime& now)
{
    auto findings = binderFindings(workspace, zones, now);
    if (!findings)
        return findings.error();
    auto log = workspace.activity();
    if (!log)
        return log.error();
    BinderManifest manifest;
    manifest.version = QStringLiteral(BULKHEAD_VERSION);
    manifest.generatedUtc = now.toUTC();
    if (!log->isEmpty()) {
        manifest.logSeq = log->constLast().seq;
        manifest.logHeadSha256 = log->constLast().sha256;
    }
    manifest.zones = zones;
    manifest.findingsSha256 = findingsDigest(findings.value());
    manifest.findings = int(findings->size());
    return manifest;
}

} // namespace bulkhead
