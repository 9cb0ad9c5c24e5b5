// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/InventorySshConfig.h"

#include "inventory/Inventory.h"
#include "inventory/InventoryText.h"

#include <QHash>

namespace bulkhead {

namespace {

// ssh_config quotes with '"' and has no escape for it. IdentityFile expands %-tokens, so a literal
// '%' is written '%%' there.
Result<QString> quotedPath(const QString& path, const QString& what, bool escapePercent)
{
    if (path.contains(u'"') || InventoryText::unsafeCharacter(path))
        return makeError(
            QStringLiteral("%1 %2 cannot be written to an ssh configuration (quotes or control characters)")
                .arg(what, InventoryText::quoted(path)));
    QString escaped = path;
    if (escapePercent)
        escaped.replace(QLatin1String("%"), QLatin1String("%%"));
    return QString(QLatin1Char('"') + escaped + QLatin1Char('"'));
}

} // namespace

Result<QByteArray> InventorySshConfig::write(const QVector<InventoryHost>& hosts, const QString& baseDir,
                                             const QString& include)
{
    QString text = QStringLiteral("# Written by Bulkhead from an inventory: per-host keys and jump hosts.\n");
    QHash<QString, QString> blocks; // address (lower case) -> its block, to catch conflicts
    QStringList order;
    for (const InventoryHost& host : hosts) {
        if (host.identity.isEmpty() && host.proxyJump.isEmpty())
            continue;
        const QString address = host.effectiveAddress();
        if (address.isEmpty() || address.contains(u'*') || address.contains(u'?') || address.contains(u'!') ||
            address.contains(u'"') || address.contains(u' ') || InventoryText::unsafeCharacter(address))
            return makeError(QStringLiteral("host '%1': address %2 cannot be written to an ssh configuration")
                                 .arg(InventoryText::shown(host.name), InventoryText::quoted(address)));
        QString block = QStringLiteral("Host %1\n").arg(address);
        if (!host.identity.isEmpty()) {
            auto path = quotedPath(Inventory::resolvePath(host.identity, baseDir),
                                   QStringLiteral("host '%1': identity").arg(InventoryText::shown(host.name)), true);
            if (!path)
                return path.error();
            block += QStringLiteral("    IdentityFile %1\n").arg(path.value());
        }
        if (!host.proxyJump.isEmpty()) {
            // Hops are [user@]host[:port] lists, validated like --host (no spaces, quotes or '-').
            if (host.proxyJump.contains(u' ') || host.proxyJump.contains(u'"') || host.proxyJump.startsWith(u'-'))
                return makeError(QStringLiteral("host '%1': proxy_jump %2 cannot be written to an ssh configuration")
                                     .arg(InventoryText::shown(host.name), InventoryText::quoted(host.proxyJump)));
            block += QStringLiteral("    ProxyJump %1\n").arg(host.proxyJump);
        }
        const QString key = address.toLower();
        if (blocks.contains(key)) {
            if (blocks.value(key) != block)
                return makeError(QStringLiteral("hosts on %1 have different identity or proxy_jump settings; one "
                                                "address takes one set (put them in separate scans)")
                                     .arg(InventoryText::shown(address)));
            continue;
        }
        blocks.insert(key, block);
        order << key;
    }
    // A jump host that has no block of its own is tried with the keys of the hosts behind it: ssh
    // runs the jump with this file (-F), and a bastion usually takes the same key as its hosts.
    QStringList hopOrder;
    QHash<QString, QStringList> hopKeys;
    for (const InventoryHost& host : hosts) {
        if (host.proxyJump.isEmpty() || host.identity.isEmpty())
            continue;
        const QString key = Inventory::resolvePath(host.identity, baseDir);
        for (const QString& hop : host.proxyJump.split(u',')) {
            const Result<HostSpec> spec = HostSpec::parse(hop);
            if (!spec)
                continue; // refused by validation already; nothing to add for it
            const QString address = spec->address.toLower();
            if (blocks.contains(address))
                continue;
            if (!hopKeys.contains(address))
                hopOrder << spec->address;
            if (!hopKeys[address].contains(key))
                hopKeys[address] << key;
        }
    }
    if (order.isEmpty() && hopOrder.isEmpty() && include.isEmpty())
        return QByteArray();
    for (const QString& key : order)
        text += blocks.value(key);
    for (const QString& hop : hopOrder) {
        text += QStringLiteral("Host %1\n").arg(hop);
        for (const QString& key : hopKeys.value(hop.toLower())) {
            auto path = quotedPath(key, QStringLiteral("identity"), true);
            if (!path)
                return path.error();
            text += QStringLiteral("    IdentityFile %1\n").arg(path.value());
        }
    }
    if (!include.isEmpty()) {
        auto path = quotedPath(include, QStringLiteral("ssh configuration"), false);
        if (!path)
            return path.error();
        // Under `Host *`, so the Include is not read as part of the last host's block.
        text += QStringLiteral("Host *\n    Include %1\n").arg(path.value());
    }
    return text.toUtf8();
}

} // namespace bulkhead
