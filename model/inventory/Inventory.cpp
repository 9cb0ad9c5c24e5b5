// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/Inventory.h"

#include "inventory/InventoryText.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSet>

namespace bulkhead {

namespace {

constexpr int MaxZoneNameLength = 64;
constexpr int MaxHostNameLength = 253;
constexpr int MaxLabelKeyLength = 253;
constexpr int MaxLabelValueLength = 4096;
constexpr int MaxTextLength = 4096;
constexpr int MaxRationaleLength = 65536;

bool isAsciiAlnum(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
}

// Letters, digits and the given punctuation, starting with a letter or digit.
bool isIdentifier(const QString& text, QLatin1String punctuation)
{
    if (text.isEmpty() || !isAsciiAlnum(text.front()))
        return false;
    for (QChar c : text) {
        if (!isAsciiAlnum(c) && !QString(punctuation).contains(c))
            return false;
    }
    return true;
}

class Checker
{
public:
    explicit Checker(const QString& file)
        : m_file(file)
    {}

    void error(const SourcePosition& at, const QString& message)
    {
        m_diagnostics << InventoryDiagnostic::error(m_file, at.line, at.column, message);
    }
    void warning(const SourcePosition& at, const QString& message)
    {
        m_diagnostics << InventoryDiagnostic::warning(m_file, at.line, at.column, message);
    }

    // Refuses hidden or control characters and overlong values; true when the text is clean.
    bool cleanText(const SourcePosition& at, const QString& what, const QString& text, int maxLength,
                   bool multiLine = false)
    {
        if (const auto bad = InventoryText::unsafeCharacter(text, multiLine)) {
            error(at, QStringLiteral("%1 contains %2").arg(what, *bad));
            return false;
        }
        if (text.size() > maxLength) {
            error(at, QStringLiteral("%1 is longer than %2 characters").arg(what).arg(maxLength));
            return false;
        }
        return true;
    }

    InventoryDiagnostics take() { return std::move(m_diagnostics); }

private:
    QString m_file;
    InventoryDiagnostics m_diagnostics;
};

// " (first at line N)" when the first occurrence was read from a file.
QString firstAt(const SourcePositions& where)
{
    return where.object.line > 0 ? QStringLiteral(" (first at line %1)").arg(where.object.line) : QString();
}

QString lineOf(const SourcePositions& where)
{
    return where.object.line > 0 ? QStringLiteral(" (line %1)").arg(where.object.line) : QString();
}

QString zoneLabel(const Zone& zone)
{
    return zone.name.isEmpty() ? QStringLiteral("a zone without a name")
                               : QStringLiteral("zone '%1'").arg(InventoryText::shown(zone.name, MaxZoneNameLength));
}

QString hostLabel(const InventoryHost& host)
{
    return host.name.isEmpty() ? QStringLiteral("a host without a name")
                               : QStringLiteral("host '%1'").arg(InventoryText::shown(host.name));
}

void checkList(Checker& checker, const Zone& zone, const QString& key, const QStringList& values,
               bool (*valid)(const QString&), const QString& expected)
{
    const SourcePosition at = zone.where.of(key);
    QSet<QString> seen;
    for (const QString& value : values) {
        const QString what = QStringLiteral("%1: %2 entry %3").arg(zoneLabel(zone), key, InventoryText::quoted(value));
        if (value.trimmed().isEmpty()) {
            checker.error(at, QStringLiteral("%1: %2 has an empty entry").arg(zoneLabel(zone), key));
            continue;
        }
        if (!checker.cleanText(at, what, value, MaxTextLength))
            continue;
        if (!valid(value)) {
            checker.error(at, QStringLiteral("%1 is not %2").arg(what, expected));
            continue;
        }
        if (seen.contains(value))
            checker.warning(at, QStringLiteral("%1 is listed twice").arg(what));
        seen.insert(value);
    }
}

bool isRegistry(const QString& value)
{
    // "registry.example.com", "registry.example.com:5000", "ghcr.io/team" (a namespace prefix);
    // a URL scheme or whitespace is a mistake: images name registries without them.
    if (value.contains(QLatin1String("://")))
        return false;
    for (QChar c : value) {
        if (!isAsciiAlnum(c) && !QStringLiteral(".-_:/[]").contains(c))
            return false;
    }
    return !value.startsWith(u'/') && !value.startsWith(u'-');
}

bool isUserName(const QString& value)
{
    return HostSpec::parse(value + QStringLiteral("@localhost")).ok();
}

bool isLogTarget(const QString& value)
{
    // "logs.example.com:514", "udp://10.0.0.9:514", "tcp+tls://logs:6514": one token, no spaces.
    for (QChar c : value) {
        if (c.isSpace())
            return false;
    }
    return !value.startsWith(u'-');
}

void checkZone(Checker& checker, const Zone& zone)
{
    const QString label = zoneLabel(zone);
    const SourcePosition nameAt = zone.where.of(QStringLiteral("name"));
    if (zone.name.isEmpty()) {
        checker.error(nameAt, QStringLiteral("a zone needs a name"));
    } else if (zone.name.size() > MaxZoneNameLength || !isIdentifier(zone.name, QLatin1String("._-"))) {
        if (checker.cleanText(nameAt, QStringLiteral("zone name"), zone.name, MaxTextLength)) {
            checker.error(nameAt, QStringLiteral("zone name %1 is not valid: use 1-%2 letters, digits, '.', '_' or "
                                                 "'-', starting with a letter or digit")
                                      .arg(InventoryText::quoted(zone.name))
                                      .arg(MaxZoneNameLength));
        }
    }
    if (!zone.scope) {
        checker.error(zone.where.of(QStringLiteral("scope")),
                      QStringLiteral("%1 has no scope: write 'scope: in' or 'scope: out'").arg(label));
    }
    const SourcePosition rationaleAt = zone.where.of(QStringLiteral("rationale"));
    if (zone.rationale.trimmed().isEmpty()) {
        checker.error(rationaleAt,
                      QStringLiteral("%1 has no rationale: say why it is %2 scope")
                          .arg(label, zone.scope == ZoneScope::Out ? QStringLiteral("out of") : QStringLiteral("in")));
    } else {
        checker.cleanText(rationaleAt, label + QStringLiteral(": rationale"), zone.rationale, MaxRationaleLength, true);
    }
    checkList(checker, zone, QStringLiteral("approved_registries"), zone.approvedRegistries, &isRegistry,
              QStringLiteral("a registry (host[:port][/namespace], without a scheme)"));
    checkList(checker, zone, QStringLiteral("approved_users"), zone.approvedUsers, &isUserName,
              QStringLiteral("a user name (letters, digits, '.', '_', '-')"));
    checkList(checker, zone, QStringLiteral("required_log_targets"), zone.requiredLogTargets, &isLogTarget,
              QStringLiteral("a log target (one word such as logs.example.com:514 or udp://10.0.0.9:514)"));
}

void checkHost(Checker& checker, const InventoryHost& host, const QStringList& zoneNames)
{
    const QString label = hostLabel(host);
    const SourcePosition nameAt = host.where.of(QStringLiteral("name"));
    bool nameClean = false;
    if (host.name.isEmpty()) {
        checker.error(nameAt, QStringLiteral("a host needs a name"));
    } else if (checker.cleanText(nameAt, QStringLiteral("host name"), host.name, MaxHostNameLength)) {
        nameClean = true;
        if (host.name.contains(u' ') || host.name.startsWith(u'-')) {
            checker.error(nameAt, QStringLiteral("host name %1 must not contain spaces or start with '-'")
                                      .arg(InventoryText::quoted(host.name)));
        }
    }

    const SourcePosition addressAt = host.where.of(QStringLiteral("address"));
    const QString address = host.effectiveAddress();
    if (host.address.isEmpty() && !nameClean) {
        // Reported with the name already.
    } else if (checker.cleanText(addressAt, label + QStringLiteral(": address"), address, MaxHostNameLength)) {
        const QString specText = address.contains(u':') ? QLatin1Char('[') + address + QLatin1Char(']') : address;
        if (auto spec = HostSpec::parse(specText); !spec) {
            const QString reason = InventoryText::hostSpecReason(spec.errorMessage(), specText);
            if (host.address.isEmpty()) {
                checker.error(addressAt, QStringLiteral("%1 has no address, and its name is not a host name or IP "
                                                        "address (%2): add 'address:'")
                                             .arg(label, reason));
            } else {
                checker.error(addressAt, QStringLiteral("%1: address %2 is not valid: %3")
                                             .arg(label, InventoryText::quoted(address), reason));
            }
        }
    }

    if (host.port < 1 || host.port > 65535) {
        checker.error(host.where.of(QStringLiteral("port")),
                      QStringLiteral("%1: port %2 is out of range (1-65535)").arg(label).arg(host.port));
    }

    const SourcePosition userAt = host.where.of(QStringLiteral("user"));
    if (!host.user.isEmpty() && checker.cleanText(userAt, label + QStringLiteral(": user"), host.user, 64)) {
        const QString specText = host.user + QStringLiteral("@localhost");
        if (auto spec = HostSpec::parse(specText); !spec) {
            checker.error(userAt, QStringLiteral("%1: user %2 is not valid: %3")
                                      .arg(label, InventoryText::quoted(host.user),
                                           InventoryText::hostSpecReason(spec.errorMessage(), specText)));
        }
    }

    const SourcePosition identityAt = host.where.of(QStringLiteral("identity"));
    if (!host.identity.isEmpty())
        checker.cleanText(identityAt, label + QStringLiteral(": identity"), host.identity, MaxTextLength);

    const SourcePosition jumpAt = host.where.of(QStringLiteral("proxy_jump"));
    if (!host.proxyJump.isEmpty() &&
        checker.cleanText(jumpAt, label + QStringLiteral(": proxy_jump"), host.proxyJump, MaxTextLength)) {
        const QStringList hops = host.proxyJump.split(u',');
        for (const QString& hop : hops) {
            if (auto spec = HostSpec::parse(hop); !spec) {
                checker.error(jumpAt, QStringLiteral("%1: jump host %2 is not [USER@]HOST[:PORT]: %3")
                                          .arg(label, InventoryText::quoted(hop),
                                               InventoryText::hostSpecReason(spec.errorMessage(), hop)));
            }
        }
    }

    const SourcePosition zoneAt = host.where.of(QStringLiteral("zone"));
    if (host.zone.isEmpty()) {
        checker.error(zoneAt, QStringLiteral("%1 has no zone: every host is in exactly one zone (zones: %2)")
                                  .arg(label, zoneNames.isEmpty()
                                                  ? QStringLiteral("none defined")
                                                  : InventoryText::shown(zoneNames.join(QStringLiteral(", ")), 400)));
    } else if (!zoneNames.contains(host.zone)) {
        if (checker.cleanText(zoneAt, label + QStringLiteral(": zone"), host.zone, MaxTextLength)) {
            checker.error(zoneAt, QStringLiteral("%1: zone '%2' is not defined%3")
                                      .arg(label, InventoryText::shown(host.zone),
                                           InventoryText::didYouMean(host.zone, zoneNames)));
        }
    }

    const SourcePosition labelsAt = host.where.of(QStringLiteral("labels"));
    for (auto it = host.labels.cbegin(); it != host.labels.cend(); ++it) {
        if (it.key().size() > MaxLabelKeyLength || !isIdentifier(it.key(), QLatin1String("._/-"))) {
            if (checker.cleanText(labelsAt, label + QStringLiteral(": label key"), it.key(), MaxTextLength)) {
                checker.error(labelsAt, QStringLiteral("%1: label key %2 is not valid: use letters, digits, '.', '_', "
                                                       "'/' or '-', starting with a letter or digit")
                                            .arg(label, InventoryText::quoted(it.key())));
            }
            continue;
        }
        checker.cleanText(labelsAt, QStringLiteral("%1: label '%2'").arg(label, it.key()), it.value(),
                          MaxLabelValueLength);
    }
}

} // namespace

const Zone* Inventory::findZone(const QString& name) const
{
    for (const Zone& zone : zones) {
        if (zone.name == name)
            return &zone;
    }
    return nullptr;
}

const InventoryHost* Inventory::findHost(const QString& name) const
{
    for (const InventoryHost& host : hosts) {
        if (host.name == name)
            return &host;
    }
    return nullptr;
}

QVector<InventoryHost> Inventory::hostsInZone(const QString& zoneName) const
{
    QVector<InventoryHost> result;
    for (const InventoryHost& host : hosts) {
        if (host.zone == zoneName)
            result << host;
    }
    return result;
}

InventoryDiagnostics Inventory::validate(const QString& file) const
{
    Checker checker(file);
    QStringList zoneNames;
    QHash<QString, const Zone*> zonesByKey;
    for (const Zone& zone : zones) {
        checkZone(checker, zone);
        if (zone.name.isEmpty())
            continue;
        // Case-insensitive: "PCI" and "pci" side by side are a mistake waiting to happen.
        const QString key = zone.name.toLower();
        if (const Zone* first = zonesByKey.value(key)) {
            checker.error(zone.where.of(QStringLiteral("name")),
                          QStringLiteral("zone '%1' is defined twice%2")
                              .arg(InventoryText::shown(zone.name), firstAt(first->where)));
            continue;
        }
        zonesByKey.insert(key, &zone);
        zoneNames << zone.name;
    }

    QHash<QString, const InventoryHost*> hostsByName;
    QHash<QString, const InventoryHost*> hostsByMachine;
    for (const InventoryHost& host : hosts) {
        checkHost(checker, host, zoneNames);
        if (!host.name.isEmpty()) {
            const QString key = host.name.toLower();
            if (const InventoryHost* first = hostsByName.value(key)) {
                checker.error(host.where.of(QStringLiteral("name")),
                              QStringLiteral("host '%1' is listed twice%2")
                                  .arg(InventoryText::shown(host.name), firstAt(first->where)));
                continue;
            }
            hostsByName.insert(key, &host);
        }
        // One machine (address and port) under two names must not escape "exactly one zone".
        const QString machine = host.effectiveAddress().toLower() + QLatin1Char(' ') + QString::number(host.port);
        if (host.effectiveAddress().isEmpty())
            continue;
        if (const InventoryHost* first = hostsByMachine.value(machine)) {
            const QString where =
                InventoryText::shown(HostSpec{QString(), host.effectiveAddress(), host.port}.displayName());
            if (first->zone != host.zone) {
                checker.error(host.where.object,
                              QStringLiteral("%1 and host '%2'%3 are the same machine (%4) in zones '%5' and '%6': "
                                             "every host is in exactly one zone")
                                  .arg(hostLabel(host), InventoryText::shown(first->name), lineOf(first->where), where,
                                       InventoryText::shown(host.zone), InventoryText::shown(first->zone)));
            } else {
                checker.warning(
                    host.where.object,
                    QStringLiteral("%1 and host '%2'%3 are the same machine (%4): it will be scanned twice")
                        .arg(hostLabel(host), InventoryText::shown(first->name), lineOf(first->where), where));
            }
            continue;
        }
        hostsByMachine.insert(machine, &host);
    }

    for (const Zone& zone : zones) {
        if (!zone.name.isEmpty() && hostsInZone(zone.name).isEmpty())
            checker.warning(zone.where.object,
                            QStringLiteral("zone '%1' has no hosts").arg(InventoryText::shown(zone.name)));
    }
    return checker.take();
}

Result<Inventory> Inventory::restrictedTo(const QStringList& zoneNames) const
{
    Inventory restricted;
    for (const QString& name : zoneNames) {
        const Zone* zone = findZone(name);
        if (!zone) {
            QStringList known;
            for (const Zone& z : zones)
                known << InventoryText::shown(z.name);
            return makeError(QStringLiteral("there is no zone '%1' in the inventory%2 (zones: %3)")
                                 .arg(InventoryText::shown(name), InventoryText::didYouMean(name, known),
                                      known.isEmpty() ? QStringLiteral("none") : known.join(QStringLiteral(", "))));
        }
        if (restricted.findZone(name))
            continue;
        restricted.zones << *zone;
    }
    for (const InventoryHost& host : hosts) {
        if (restricted.findZone(host.zone))
            restricted.hosts << host;
    }
    return restricted;
}

Inventory Inventory::inScope() const
{
    Inventory result;
    for (const Zone& zone : zones) {
        if (zone.scope == ZoneScope::In)
            result.zones << zone;
    }
    for (const InventoryHost& host : hosts) {
        if (result.findZone(host.zone))
            result.hosts << host;
    }
    return result;
}

QString Inventory::resolvePath(const QString& path, const QString& baseDir)
{
    if (path.isEmpty())
        return path;
    if (path == QLatin1String("~"))
        return QDir::homePath();
    if (path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    if (QFileInfo(path).isAbsolute())
        return path;
    return QDir(baseDir).filePath(path);
}

} // namespace bulkhead
