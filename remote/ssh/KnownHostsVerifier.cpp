// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/KnownHostsVerifier.h"

#include "ssh/CredentialsProvider.h"

#include "ssh/Endpoint.h"
#include "ssh/LibsshHandles.h"

#include <QFile>
#include <QStringList>

namespace bulkhead {

namespace {

QString describeKnown(const QVector<KnownHostsVerifier::KnownKey>& keys, const QString& file)
{
    QStringList parts;
    for (const auto& key : keys) {
        parts << QStringLiteral("%1 %2 (%3 line %4)").arg(key.type, key.fingerprint, file).arg(key.line);
    }
    return parts.join(QLatin1String(", "));
}

} // namespace

QString KnownHostsVerifier::fingerprint(ssh_key key)
{
    unsigned char* hash = nullptr;
    size_t length = 0;
    if (key == nullptr || ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != 0) {
        return {};
    }
    libssh::CString text(ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length));
    ssh_clean_pubkey_hash(&hash);
    return text ? QString::fromLatin1(text.get()) : QString();
}

QString KnownHostsVerifier::knownHostsName(const HostSpec& host)
{
    // libssh lowercases the host before matching; do the same so our lookups agree with its verdict.
    const QString address = host.address.toLower();
    if (host.port == 22 || host.port == 0) {
        return address;
    }
    return QStringLiteral("[%1]:%2").arg(address).arg(host.port);
}

QVector<KnownHostsVerifier::KnownKey> KnownHostsVerifier::knownKeys(const QString& knownHostsFile,
                                                                    const QString& hostName)
{
    QVector<KnownKey> keys;
    QFile file(knownHostsFile);
    if (!file.open(QIODevice::ReadOnly)) {
        return keys;
    }
    const QByteArray host = hostName.toUtf8();
    int lineNumber = 0;
    while (!file.atEnd()) {
        QByteArray line = file.readLine();
        ++lineNumber;
        while (line.endsWith('\n') || line.endsWith('\r')) {
            line.chop(1);
        }
        const QByteArray trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith('#') || trimmed.startsWith('@')) {
            continue;
        }
        ssh_knownhosts_entry* raw = nullptr;
        if (ssh_known_hosts_parse_line(host.constData(), line.constData(), &raw) != SSH_OK) {
            continue; // another host's line, or a line libssh cannot read
        }
        const libssh::KnownHostsEntry entry(raw);
        KnownKey key;
        key.line = lineNumber;
        key.type = QString::fromLatin1(ssh_key_type_to_char(ssh_key_type(entry->publickey)));
        key.fingerprint = fingerprint(entry->publickey);
        keys.append(key);
    }
    return keys;
}

Result<QString> KnownHostsVerifier::verify(ssh_session session, const SshOptions& options)
{
    const QString endpoint = Endpoint::label(options.host);
    ssh_key rawKey = nullptr;
    if (ssh_get_server_publickey(session, &rawKey) != SSH_OK) {
        return makeError(QStringLiteral("cannot read the host key of %1: %2")
                             .arg(endpoint, QString::fromUtf8(ssh_get_error(session))));
    }
    const libssh::Key serverKey(rawKey);
    const QString got = fingerprint(serverKey.get());
    const QString gotType = QString::fromLatin1(ssh_key_type_to_char(ssh_key_type(serverKey.get())));

    const auto state = ssh_session_is_known_server(session);
    switch (state) {
    case SSH_KNOWN_HOSTS_OK:
        return got;
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
        // Trusted beforehand (accept-new), or by the person asked now with the fingerprint in front of them.
        if (!options.acceptNew &&
            !(options.credentials && options.credentials->trustHostKey(
                                         HostKeyQuestion{endpoint, gotType, got, options.knownHostsFile}, nullptr))) {
            return makeError(QStringLiteral("host key for %1 is not known (%2 %3, not in %4); "
                                            "re-run with --accept-new to trust it")
                                 .arg(endpoint, gotType, got, options.knownHostsFile));
        }
        if (ssh_session_update_known_hosts(session) != SSH_OK) {
            return makeError(QStringLiteral("cannot add the host key of %1 to %2: %3")
                                 .arg(endpoint, options.knownHostsFile, QString::fromUtf8(ssh_get_error(session))));
        }
        return got;
    case SSH_KNOWN_HOSTS_CHANGED: {
        QVector<KnownKey> expected;
        const auto known = knownKeys(options.knownHostsFile, knownHostsName(options.host));
        for (const auto& key : known) {
            if (key.type == gotType) {
                expected.append(key);
            }
        }
        QStringList expectedText;
        for (const auto& key : expected) {
            expectedText
                << QStringLiteral("%1 (%2 line %3)").arg(key.fingerprint, options.knownHostsFile).arg(key.line);
        }
        return makeError(
            QStringLiteral("HOST KEY CHANGED for %1: expected %2, got %3 — possible man-in-the-middle; "
                           "refusing")
                .arg(endpoint,
                     expectedText.isEmpty() ? QStringLiteral("another key") : expectedText.join(QLatin1String(", ")),
                     got));
    }
    case SSH_KNOWN_HOSTS_OTHER: {
        const auto known = knownKeys(options.knownHostsFile, knownHostsName(options.host));
        return makeError(QStringLiteral("HOST KEY CHANGED for %1: known as %2, the server offered %3 %4 — possible "
                                        "man-in-the-middle; refusing")
                             .arg(endpoint,
                                  known.isEmpty() ? QStringLiteral("another key type")
                                                  : describeKnown(known, options.knownHostsFile),
                                  gotType, got));
    }
    case SSH_KNOWN_HOSTS_ERROR:
        break;
    }
    return makeError(QStringLiteral("cannot check the host key of %1 (%2) against %3: %4")
                         .arg(endpoint, got, options.knownHostsFile, QString::fromUtf8(ssh_get_error(session))));
}

} // namespace bulkhead
