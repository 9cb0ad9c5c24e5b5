// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/InventoryParser.h"

#include "inventory/InventoryText.h"
#include "inventory/YamlLoader.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QPair>
#include <QSet>

#include <exception>

namespace bulkhead {

namespace {

// Bounds the work an input can cause: YAML aliases let a small file name the same large list
// many times over.
constexpr int MaxNodes = 500000; // about 30,000 hosts with their fields
constexpr int MaxListEntries = 10000;
constexpr int MaxLabels = 256;

struct BudgetExceeded
{};

class Reader
{
public:
    explicit Reader(QString file)
        : m_file(std::move(file))
    {}

    InventoryParseResult run(const QByteArray& bytes)
    {
        InventoryParseResult result;
        auto root = YamlLoader::load(bytes, m_file);
        if (!root) {
            // The loader already formatted "FILE:LINE:COL: error: ..."; keep its position.
            result.diagnostics << loaderDiagnostic(root.errorMessage());
            return result;
        }
        try {
            readRoot(root.value(), result.inventory);
        } catch (const BudgetExceeded&) {
            error(
                {},
                QStringLiteral("the inventory is too large (more than %1 YAML nodes, counting aliases)").arg(MaxNodes));
            result.diagnostics = std::move(m_diagnostics);
            return result;
        } catch (const YAML::Exception& exception) {
            error({}, QStringLiteral("cannot read the YAML: %1").arg(QString::fromStdString(exception.msg)));
        } catch (const std::exception& exception) {
            error({}, QStringLiteral("cannot read the YAML: %1").arg(QString::fromUtf8(exception.what())));
        }
        // Structural errors first, then the rules between objects; a broken structure usually
        // explains the rule violations it causes, so both are shown.
        // A rule broken because a field could not be read is already reported at that field:
        // drop the second message at the same position.
        result.diagnostics = std::move(m_diagnostics);
        QSet<QPair<int, int>> reported;
        for (const InventoryDiagnostic& diagnostic : result.diagnostics)
            reported.insert({diagnostic.line, diagnostic.column});
        for (const InventoryDiagnostic& diagnostic : result.inventory.validate(m_file)) {
            if (diagnostic.line > 0 && reported.contains({diagnostic.line, diagnostic.column}))
                continue;
            result.diagnostics << diagnostic;
        }
        return result;
    }

private:
    InventoryDiagnostic loaderDiagnostic(const QString& formatted) const
    {
        // Re-split "FILE:LINE:COL: error: MESSAGE" into a diagnostic; the loader made it from ours.
        InventoryDiagnostic diagnostic = InventoryDiagnostic::error(m_file, 0, 0, formatted);
        const QString prefix = (m_file.isEmpty() ? QStringLiteral("inventory") : m_file);
        if (formatted.startsWith(prefix)) {
            QString rest = formatted.mid(prefix.size());
            int numbers[2] = {0, 0};
            for (int& number : numbers) {
                if (!rest.startsWith(u':') || rest.size() < 2 || !rest.at(1).isDigit())
                    break;
                qsizetype end = 1;
                while (end < rest.size() && rest.at(end).isDigit())
                    ++end;
                number = rest.mid(1, end - 1).toInt();
                rest = rest.mid(end);
            }
            const QString marker = QStringLiteral(": error: ");
            if (rest.startsWith(marker)) {
                diagnostic.line = numbers[0];
                diagnostic.column = numbers[1];
                diagnostic.message = rest.mid(marker.size());
            }
        }
        return diagnostic;
    }

    void error(const SourcePosition& at, const QString& message)
    {
        m_diagnostics << InventoryDiagnostic::error(m_file, at.line, at.column, message);
    }

    void visit()
    {
        if (++m_nodes > MaxNodes)
            throw BudgetExceeded{};
    }

    // Calls `handle(key, keyPosition, value)` for every entry of a mapping; refuses non-text keys,
    // duplicate keys and keys not in `known`.
    template <typename Handler>
    void forEachEntry(const YAML::Node& map, const QString& where, const QStringList& known, Handler handle)
    {
        QHash<QString, int> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            visit();
            const YAML::Node keyNode = it->first;
            const YAML::Node value = it->second;
            const SourcePosition at = YamlLoader::position(keyNode);
            if (!keyNode.IsScalar()) {
                error(at, QStringLiteral("%1: a key must be text, not %2").arg(where, YamlLoader::kind(keyNode)));
                continue;
            }
            const QString key = YamlLoader::text(keyNode);
            if (seen.contains(key)) {
                error(at, QStringLiteral("%1: '%2' appears twice (first at line %3)")
                              .arg(where, InventoryText::shown(key), QString::number(seen.value(key))));
                continue;
            }
            seen.insert(key, at.line);
            if (!known.contains(key)) {
                if (const auto bad = InventoryText::unsafeCharacter(key)) {
                    error(at, QStringLiteral("%1: a key contains %2").arg(where, *bad));
                    continue;
                }
                error(at, QStringLiteral("%1: unknown key '%2'%3; known keys: %4")
                              .arg(where, InventoryText::shown(key), InventoryText::didYouMean(key, known),
                                   known.join(QStringLiteral(", "))));
                continue;
            }
            handle(key, at, value);
        }
    }

    // A text value; reports and returns false for a list, a mapping or nothing.
    bool readText(const YAML::Node& value, const SourcePosition& at, const QString& what, QString& out)
    {
        visit();
        if (YamlLoader::isNull(value) || (value.IsScalar() && value.Scalar().empty())) {
            error(at, QStringLiteral("%1 has no value: give one or remove the line").arg(what));
            return false;
        }
        if (!value.IsScalar()) {
            error(at, QStringLiteral("%1 must be text, not %2").arg(what, YamlLoader::kind(value)));
            return false;
        }
        out = YamlLoader::text(value);
        return true;
    }

    void readList(const YAML::Node& value, const SourcePosition& at, const QString& what, QStringList& out)
    {
        visit();
        if (YamlLoader::isNull(value))
            return; // "approved_users:" with nothing after it: an empty list
        if (!value.IsSequence()) {
            error(at, QStringLiteral("%1 must be a list (e.g. [a, b] or one '- item' per line), not %2")
                          .arg(what, YamlLoader::kind(value)));
            return;
        }
        if (value.size() > static_cast<std::size_t>(MaxListEntries)) {
            error(at, QStringLiteral("%1 has more than %2 entries").arg(what).arg(MaxListEntries));
            return;
        }
        for (const YAML::Node& entry : value) {
            visit();
            if (!entry.IsScalar()) {
                error(YamlLoader::position(entry),
                      QStringLiteral("%1: every entry must be text, not %2").arg(what, YamlLoader::kind(entry)));
                continue;
            }
            out << YamlLoader::text(entry);
        }
    }

    void readRoot(const YAML::Node& root, Inventory& inventory)
    {
        const SourcePosition rootAt = YamlLoader::position(root);
        if (!root.IsMap()) {
            error(rootAt, QStringLiteral("an inventory is a mapping with 'zones:' and 'hosts:', not %1")
                              .arg(YamlLoader::kind(root)));
            return;
        }
        bool sawZones = false;
        bool sawHosts = false;
        const QStringList known{QStringLiteral("version"), QStringLiteral("zones"), QStringLiteral("hosts")};
        forEachEntry(root, QStringLiteral("inventory"), known,
                     [&](const QString& key, const SourcePosition& at, const YAML::Node& value) {
                         if (key == QLatin1String("version")) {
                             readVersion(value, at);
                         } else if (key == QLatin1String("zones")) {
                             sawZones = true;
                             readSequence(value, at, QStringLiteral("zones"),
                                          [&](const YAML::Node& item) { readZone(item, inventory); });
                         } else {
                             sawHosts = true;
                             readSequence(value, at, QStringLiteral("hosts"),
                                          [&](const YAML::Node& item) { readHost(item, inventory); });
                         }
                     });
        if (!sawZones)
            error(rootAt, QStringLiteral("the inventory has no 'zones:' list: every host is in exactly one zone"));
        if (!sawHosts)
            error(rootAt, QStringLiteral("the inventory has no 'hosts:' list"));
    }

    void readVersion(const YAML::Node& value, const SourcePosition& at)
    {
        QString text;
        if (!readText(value, at, QStringLiteral("version"), text))
            return;
        bool ok = false;
        const int version = text.toInt(&ok);
        if (!ok || version < 1 || text.size() > 6) {
            error(at, QStringLiteral("version must be a whole number (%1), not %2")
                          .arg(Inventory::FormatVersion)
                          .arg(InventoryText::quoted(text)));
        } else if (version > Inventory::FormatVersion) {
            error(at, QStringLiteral("the inventory is format version %1, written for a newer Bulkhead (this one "
                                     "reads version %2)")
                          .arg(version)
                          .arg(Inventory::FormatVersion));
        }
    }

    template <typename ItemHandler>
    void readSequence(const YAML::Node& value, const SourcePosition& at, const QString& what, ItemHandler handle)
    {
        visit();
        if (YamlLoader::isNull(value))
            return;
        if (!value.IsSequence()) {
            error(at, QStringLiteral("'%1' must be a list ('- name: ...' entries), not %2")
                          .arg(what, YamlLoader::kind(value)));
            return;
        }
        for (const YAML::Node& item : value)
            handle(item);
    }

    void readZone(const YAML::Node& item, Inventory& inventory)
    {
        visit();
        Zone zone;
        zone.where.object = YamlLoader::position(item);
        if (!item.IsMap()) {
            error(zone.where.object, QStringLiteral("a zone must be a mapping (name:, scope:, rationale:, ...), not %1")
                                         .arg(YamlLoader::kind(item)));
            return;
        }
        const QString label = zoneLabel(item);
        const QStringList known{QStringLiteral("name"),           QStringLiteral("scope"),
                                QStringLiteral("rationale"),      QStringLiteral("approved_registries"),
                                QStringLiteral("approved_users"), QStringLiteral("required_log_targets")};
        forEachEntry(item, label, known, [&](const QString& key, const SourcePosition& at, const YAML::Node& value) {
            zone.where.fields.insert(key, at);
            const QString what = label + QStringLiteral(": ") + key;
            if (key == QLatin1String("name")) {
                (void)readText(value, at, what, zone.name);
            } else if (key == QLatin1String("scope")) {
                if (YamlLoader::isNull(value))
                    return; // reported by validate() as a missing scope (a draft written by an import)
                QString text;
                if (readText(value, at, what, text)) {
                    zone.scope = zoneScopeFromString(text);
                    if (!zone.scope) {
                        error(
                            at,
                            QStringLiteral("%1 must be 'in' or 'out', not %2").arg(what, InventoryText::quoted(text)));
                    }
                }
            } else if (key == QLatin1String("rationale")) {
                if (YamlLoader::isNull(value))
                    return; // reported by validate() as a missing rationale
                if (!value.IsScalar())
                    error(at, QStringLiteral("%1 must be text, not %2").arg(what, YamlLoader::kind(value)));
                else
                    zone.rationale = YamlLoader::text(value);
            } else if (key == QLatin1String("approved_registries")) {
                readList(value, at, what, zone.approvedRegistries);
            } else if (key == QLatin1String("approved_users")) {
                readList(value, at, what, zone.approvedUsers);
            } else {
                readList(value, at, what, zone.requiredLogTargets);
            }
        });
        inventory.zones << zone;
    }

    void readHost(const YAML::Node& item, Inventory& inventory)
    {
        visit();
        InventoryHost host;
        host.where.object = YamlLoader::position(item);
        if (!item.IsMap()) {
            error(host.where.object, QStringLiteral("a host must be a mapping (name:, address:, zone:, ...), not %1")
                                         .arg(YamlLoader::kind(item)));
            return;
        }
        const QString label = hostLabel(item);
        const QStringList known{QStringLiteral("name"), QStringLiteral("address"),  QStringLiteral("port"),
                                QStringLiteral("user"), QStringLiteral("identity"), QStringLiteral("proxy_jump"),
                                QStringLiteral("zone"), QStringLiteral("access"),   QStringLiteral("labels")};
        forEachEntry(item, label, known, [&](const QString& key, const SourcePosition& at, const YAML::Node& value) {
            host.where.fields.insert(key, at);
            const QString what = label + QStringLiteral(": ") + key;
            if (key == QLatin1String("name")) {
                (void)readText(value, at, what, host.name);
            } else if (key == QLatin1String("address")) {
                (void)readText(value, at, what, host.address);
            } else if (key == QLatin1String("port")) {
                readPort(value, at, what, host);
            } else if (key == QLatin1String("user")) {
                (void)readText(value, at, what, host.user);
            } else if (key == QLatin1String("identity")) {
                (void)readText(value, at, what, host.identity);
            } else if (key == QLatin1String("proxy_jump")) {
                (void)readText(value, at, what, host.proxyJump);
            } else if (key == QLatin1String("zone")) {
                if (YamlLoader::isNull(value))
                    return; // reported by validate(), with the zones to choose from
                if (value.IsSequence() || value.IsMap()) {
                    error(at, QStringLiteral("%1: a host is in exactly one zone: write one zone name, not %2")
                                  .arg(label, YamlLoader::kind(value)));
                    return;
                }
                (void)readText(value, at, what, host.zone);
            } else if (key == QLatin1String("access")) {
                QString text;
                if (readText(value, at, what, text)) {
                    if (const auto access = accessModeFromString(text))
                        host.access = *access;
                    else
                        error(at, QStringLiteral("%1 must be 'direct' or 'sudo', not %2")
                                      .arg(what, InventoryText::quoted(text)));
                }
            } else {
                readLabels(value, at, what, host);
            }
        });
        inventory.hosts << host;
    }

    void readPort(const YAML::Node& value, const SourcePosition& at, const QString& what, InventoryHost& host)
    {
        QString text;
        if (!readText(value, at, what, text))
            return;
        bool digits = !text.isEmpty() && text.size() <= 5;
        for (QChar c : text)
            digits = digits && c >= u'0' && c <= u'9';
        const int port = digits ? text.toInt() : 0;
        if (port < 1 || port > 65535) {
            error(at,
                  QStringLiteral("%1 must be a number from 1 to 65535, not %2").arg(what, InventoryText::quoted(text)));
            return;
        }
        host.port = port;
    }

    void readLabels(const YAML::Node& value, const SourcePosition& at, const QString& what, InventoryHost& host)
    {
        visit();
        if (YamlLoader::isNull(value))
            return;
        if (!value.IsMap()) {
            error(at, QStringLiteral("%1 must be a mapping (key: value), not %2").arg(what, YamlLoader::kind(value)));
            return;
        }
        if (value.size() > static_cast<std::size_t>(MaxLabels)) {
            error(at, QStringLiteral("%1: more than %2 labels").arg(what).arg(MaxLabels));
            return;
        }
        QHash<QString, int> seen;
        for (auto it = value.begin(); it != value.end(); ++it) {
            visit();
            const SourcePosition keyAt = YamlLoader::position(it->first);
            if (!it->first.IsScalar()) {
                error(keyAt,
                      QStringLiteral("%1: a label key must be text, not %2").arg(what, YamlLoader::kind(it->first)));
                continue;
            }
            const QString key = YamlLoader::text(it->first);
            if (seen.contains(key)) {
                error(keyAt, QStringLiteral("%1: label '%2' appears twice (first at line %3)")
                                 .arg(what, InventoryText::shown(key), QString::number(seen.value(key))));
                continue;
            }
            seen.insert(key, keyAt.line);
            if (YamlLoader::isNull(it->second)) {
                host.labels.insert(key, QString());
            } else if (!it->second.IsScalar()) {
                error(keyAt, QStringLiteral("%1: label '%2' must be text, not %3")
                                 .arg(what, InventoryText::shown(key), YamlLoader::kind(it->second)));
            } else {
                host.labels.insert(key, YamlLoader::text(it->second));
            }
        }
    }

    // The name for messages about an object, read before its fields so every message can say
    // which object it is about.
    static QString nameOf(const YAML::Node& item)
    {
        const YAML::Node name = item[std::string("name")];
        if (!name.IsDefined() || !name.IsScalar())
            return QString();
        const QString text = YamlLoader::text(name);
        if (text.isEmpty() || InventoryText::unsafeCharacter(text) || text.size() > 80)
            return QString();
        return text;
    }
    static QString zoneLabel(const YAML::Node& item)
    {
        const QString name = nameOf(item);
        return name.isEmpty() ? QStringLiteral("zone") : QStringLiteral("zone '%1'").arg(name);
    }
    static QString hostLabel(const YAML::Node& item)
    {
        const QString name = nameOf(item);
        return name.isEmpty() ? QStringLiteral("host") : QStringLiteral("host '%1'").arg(name);
    }

    QString m_file;
    InventoryDiagnostics m_diagnostics;
    int m_nodes = 0;
};

} // namespace

InventoryParseResult InventoryParser::analyze(const QByteArray& yaml, const QString& file)
{
    return Reader(file).run(yaml);
}

Result<Inventory> InventoryParser::parse(const QByteArray& yaml, const QString& file, InventoryDiagnostics* warnings)
{
    InventoryParseResult result = analyze(yaml, file);
    if (warnings) {
        for (const InventoryDiagnostic& diagnostic : result.diagnostics) {
            if (diagnostic.level == InventoryDiagnostic::Level::Warning)
                *warnings << diagnostic;
        }
    }
    if (hasErrors(result.diagnostics))
        return makeError(diagnosticsText(result.diagnostics, InventoryDiagnostic::Level::Error));
    return std::move(result.inventory);
}

Result<Inventory> InventoryParser::load(const QString& path, InventoryDiagnostics* warnings)
{
    const QString shown = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("Cannot read the inventory %1: %2").arg(shown, file.errorString()));
    // One byte more than the cap, so an oversized file is reported as such rather than cut.
    const QByteArray bytes = file.read(YamlLoader::MaxBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return makeError(QStringLiteral("Cannot read the inventory %1: %2").arg(shown, file.errorString()));
    return parse(bytes, shown, warnings);
}

} // namespace bulkhead
