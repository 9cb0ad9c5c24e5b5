// SPDX-License-Identifier: GPL-3.0-or-later
#include "secrets/SecretSalt.h"

#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace bulkhead {

SecretSalt SecretSalt::generate()
{
    QByteArray bytes(Size, Qt::Uninitialized);
    // system(): the OS CSPRNG; the salt is what keeps a fingerprint from confirming a guessed value.
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return SecretSalt(bytes);
}

Result<SecretSalt> SecretSalt::fromHex(const QString& hex)
{
    static const QRegularExpression shape(QStringLiteral("^[0-9a-fA-F]{64}$"));
    if (!shape.match(hex).hasMatch())
        return makeError(QStringLiteral("The workspace's secret salt is not %1 hexadecimal digits").arg(2 * Size));
    return SecretSalt(QByteArray::fromHex(hex.toLatin1()));
}

QString SecretSalt::toHex() const
{
    return QString::fromLatin1(m_bytes.toHex());
}

QString SecretSalt::fingerprint(QStringView value) const
{
    if (isNull())
        return {};
    const QByteArray mac =
        QMessageAuthenticationCode::hash(value.toUtf8(), m_bytes, QCryptographicHash::Sha256).toHex();
    return QString::fromLatin1(mac.left(FingerprintLength));
}

} // namespace bulkhead
