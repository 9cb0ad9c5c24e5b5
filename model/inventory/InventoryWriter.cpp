// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/InventoryWriter.h"

#include "inventory/YamlLoader.h"

#include <QDir>
#include <QSaveFile>

namespace bulkhead {

namespace {

bool isSpecialWord(const QString& text)
{
    static const QStringList words{QStringLiteral("null"),  QStringLiteral("~"),   QStringLiteral("true"),
                                   QStringLiteral("false"), QStringLiteral("yes"), QStringLiteral("no"),
                                   QStringLiteral("on"),    QStringLiteral("off"), QStringLiteral("y"),
                                   QStringLiteral("n")};
    return words.contains(text, Qt::CaseInsensitive);
}

// Whether a string may be written without quotes and read back unchanged by any YAML reader (not
// only ours): conservative on purpose; anything doubtful is double-quoted.
bool isPlainSafe(const QString& text)
{
    if (text.isEmpty() || text != text.trimmed() || isSpecialWord(text))
        return false;
    if (QStringLiteral("-?:,[]{}#&*!|>'\"%@`").contains(text.front()))
        return false;
    // Numbers (and what some readers take for numbers) stay strings only in quotes.
    const QChar first = text.front();
    if (first.isDigit() || first == u'+' || first == u'.')
        return false;
    if (text.contains(QLatin1String(": ")) || text.contains(QLatin1String(" #")) || text.endsWith(u':'))
        return false;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u <= 0x9f) || u == u'[' || u == u']' || u == u'{' || u == u'}' ||
            u == u',' || u == u'\\' || u == u'"')
            return false;
        if (u > 0x7e && !c.isLetterOrNumber())
            return false; // symbols and spaces beyond ASCII: quoted, so nothing invisible goes unnoticed
    }
    return true;
}

void text(YAML::Emitter& out, const QString& value)
{
    const std::string utf8 = value.toStdString();
    if (isPlainSafe(value))
        out << utf8;
    else
        out << YAML::DoubleQuoted << utf8;
}

void key(YAML::Emitter& out, const char* name)
{
    out << YAML::Key << name << YAML::Value;
}

void list(YAML::Emitter& out, const char* name, const QStringList& values)
{
    if (values.isEmpty())
        return;
    key(out, name);
    out << YAML::BeginSeq;
    for (const QString& value : values)
        text(out, value);
    out << YAML::EndSeq;
}

void writeZone(YAML::Emitter& out, const Zone& zone)
{
    out << YAML::BeginMap;
    key(out, "name");
    text(out, zone.name);
    key(out, "scope");
    if (zone.scope)
        out << zoneScopeToString(*zone.scope).toStdString();
    else
        out << YAML::Null << YAML::Comment("TODO: in or out");
    key(out, "rationale");
    if (zone.rationale.trimmed().isEmpty())
        out << YAML::Null << YAML::Comment("TODO: why this zone is in or out of scope");
    else
        text(out, zone.rationale);
    list(out, "approved_registries", zone.approvedRegistries);
    list(out, "approved_users", zone.approvedUsers);
    list(out, "required_log_targets", zone.requiredLogTargets);
    out << YAML::EndMap;
}

void writeHost(YAML::Emitter& out, const InventoryHost& host)
{
    out << YAML::BeginMap;
    key(out, "name");
    text(out, host.name);
    if (!host.address.isEmpty()) {
        key(out, "address");
        text(out, host.address);
    }
    if (host.port != 22) {
        key(out, "port");
        out << host.port;
    }
    if (!host.user.isEmpty()) {
        key(out, "user");
        text(out, host.user);
    }
    if (!host.identity.isEmpty()) {
        key(out, "identity");
        text(out, host.identity);
    }
    if (!host.proxyJump.isEmpty()) {
        key(out, "proxy_jump");
        text(out, host.proxyJump);
    }
    key(out, "zone");
    if (host.zone.isEmpty())
        out << YAML::Null << YAML::Comment("TODO: the zone of this host");
    else
        text(out, host.zone);
    if (host.access != AccessMode::Direct) {
        key(out, "access");
        out << accessModeName(host.access).toStdString();
    }
    if (!host.labels.isEmpty()) {
        key(out, "labels");
        out << YAML::BeginMap;
        for (auto it = host.labels.cbegin(); it != host.labels.cend(); ++it) {
            out << YAML::Key;
            text(out, it.key());
            out << YAML::Value;
            if (it.value().isEmpty())
                out << YAML::DoubleQuoted << std::string();
            else
                text(out, it.value());
        }
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
}

} // namespace

QByteArray InventoryWriter::toYaml(const Inventory& inventory)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::Comment("Bulkhead inventory: zones (scope, rationale, policy) and hosts, each in exactly one zone.");
    out << YAML::Newline;
    out << YAML::BeginMap;
    key(out, "version");
    out << Inventory::FormatVersion;
    key(out, "zones");
    out << YAML::BeginSeq;
    for (const Zone& zone : inventory.zones)
        writeZone(out, zone);
    out << YAML::EndSeq;
    key(out, "hosts");
    out << YAML::BeginSeq;
    for (const InventoryHost& host : inventory.hosts)
        writeHost(out, host);
    out << YAML::EndSeq;
    out << YAML::EndMap;
    QByteArray bytes(out.c_str(), static_cast<qsizetype>(out.size()));
    bytes.append('\n');
    return bytes;
}

Result<void> InventoryWriter::write(const Inventory& inventory, const QString& path)
{
    const QByteArray bytes = toYaml(inventory);
    QSaveFile file(path);
    const QString shown = QDir::toNativeSeparators(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(QStringLiteral("Cannot write %1: %2").arg(shown, file.errorString()));
    if (file.write(bytes) != bytes.size() || !file.commit())
        return makeError(QStringLiteral("Cannot write %1: %2").arg(shown, file.errorString()));
    return {};
}

} // namespace bulkhead
