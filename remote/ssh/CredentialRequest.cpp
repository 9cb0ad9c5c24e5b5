// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/CredentialRequest.h"

#include <algorithm>

namespace bulkhead {

QString CredentialRequest::sanitize(const QString& text, int maxLength)
{
    QString clean;
    clean.reserve(std::min<qsizetype>(text.size(), maxLength));
    for (const QChar c : text) {
        if (clean.size() >= maxLength) {
            clean += QChar(0x2026);
            break;
        }
        // Escape sequences and controls would reach a terminal or a label; newlines become spaces.
        if (c == QLatin1Char('\n') || c == QLatin1Char('\t') || c == QLatin1Char('\r')) {
            clean += QLatin1Char(' ');
        } else if (c.unicode() < 0x20 || c.unicode() == 0x7f || (c.unicode() >= 0x80 && c.unicode() < 0xa0) ||
                   c.category() == QChar::Other_Format || c.isSurrogate() || c.category() == QChar::Other_NotAssigned) {
            clean += QChar(0xfffd);
        } else {
            clean += c;
        }
    }
    return clean.trimmed();
}

QString CredentialRequest::promptLine() const
{
    QString text;
    if (attempt > 1) {
        text = kind == CredentialRequest::Kind::KeyPassphrase ? QStringLiteral("Wrong passphrase, try again. ")
                                                              : QStringLiteral("Refused, try again. ");
    }
    if (kind == CredentialRequest::Kind::KeyboardInteractive) {
        if (!instruction.isEmpty()) {
            text += QStringLiteral("%1 (%2): ").arg(instruction, target);
        } else {
            text += QStringLiteral("(%1) ").arg(target);
        }
    } else if (kind == CredentialRequest::Kind::KeyPassphrase) {
        text += QStringLiteral("(%1) ").arg(target);
    }
    return text + prompt;
}

} // namespace bulkhead
