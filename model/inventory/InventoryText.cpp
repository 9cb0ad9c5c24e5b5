// SPDX-License-Identifier: GPL-3.0-or-later
#include "inventory/InventoryText.h"

#include <algorithm>
#include <vector>

namespace bulkhead {

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbours ("crop" for "corp") each cost one; case is ignored.
int editDistance(const QString& a, const QString& b)
{
    const auto width = static_cast<std::size_t>(b.size()) + 1;
    std::vector<int> d((static_cast<std::size_t>(a.size()) + 1) * width);
    auto at = [&d, width](qsizetype i, qsizetype j) -> int& {
        return d[static_cast<std::size_t>(i) * width + static_cast<std::size_t>(j)];
    };
    for (qsizetype i = 0; i <= a.size(); ++i)
        at(i, 0) = static_cast<int>(i);
    for (qsizetype j = 0; j <= b.size(); ++j)
        at(0, j) = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const bool same = a.at(i - 1).toLower() == b.at(j - 1).toLower();
            int best = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (same ? 0 : 1)});
            if (i > 1 && j > 1 && a.at(i - 1).toLower() == b.at(j - 2).toLower() &&
                a.at(i - 2).toLower() == b.at(j - 1).toLower())
                best = std::min(best, at(i - 2, j - 2) + 1);
            at(i, j) = best;
        }
    }
    return at(a.size(), b.size());
}

} // namespace

std::optional<QString> InventoryText::decodeUtf8(const QByteArray& bytes, int* errorLine)
{
    QByteArrayView view(bytes);
    if (view.startsWith("\xEF\xBB\xBF"))
        view = view.sliced(3);
    // Validated by hand (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), so
    // the position of the first bad byte is known exactly.
    const auto* data = reinterpret_cast<const unsigned char*>(view.data());
    const qsizetype size = view.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned char lead = data[i];
        int length = 0;
        unsigned int minimum = 0;
        unsigned int code = 0;
        if (lead < 0x80) {
            ++i;
            continue;
        } else if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
            minimum = 0x80;
            code = lead & 0x1fu;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            minimum = 0x800;
            code = lead & 0x0fu;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            minimum = 0x10000;
            code = lead & 0x07u;
        }
        bool valid = length > 0 && i + length <= size;
        for (int k = 1; valid && k < length; ++k) {
            const unsigned char next = data[i + k];
            valid = (next & 0xc0u) == 0x80u;
            code = (code << 6) | (next & 0x3fu);
        }
        valid = valid && code >= minimum && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
        if (!valid) {
            if (errorLine)
                *errorLine = 1 + static_cast<int>(std::count(data, data + i, static_cast<unsigned char>('\n')));
            return std::nullopt;
        }
        i += length;
    }
    return QString::fromUtf8(view);
}

QString InventoryText::didYouMean(const QString& word, const QStringList& candidates)
{
    if (word.size() > 256)
        return QString();
    QString best;
    int bestDistance = 0;
    for (const QString& candidate : candidates) {
        // "identity_file" for "identity": a known key with something added or cut off.
        const bool prefix =
            std::min(word.size(), candidate.size()) >= 4 &&
            (word.startsWith(candidate, Qt::CaseInsensitive) || candidate.startsWith(word, Qt::CaseInsensitive));
        if (prefix && word.compare(candidate, Qt::CaseInsensitive) != 0)
            return QStringLiteral(" (did you mean '%1'?)").arg(shown(candidate));
    }
    for (const QString& candidate : candidates) {
        const int distance = editDistance(word, candidate);
        if (best.isEmpty() || distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    // Close enough to be a typo: at most a third of the word, and never a different short word.
    if (best.isEmpty() || bestDistance == 0 || bestDistance > std::max<qsizetype>(1, word.size() / 3))
        return QString();
    return QStringLiteral(" (did you mean '%1'?)").arg(shown(best));
}

QString InventoryText::hostSpecReason(const QString& message, const QString& text)
{
    const QString prefix = QStringLiteral("Invalid host \"%1\": ").arg(text);
    if (message.startsWith(prefix))
        return message.mid(prefix.size());
    if (message.startsWith(QLatin1String("Invalid host: ")))
        return message.mid(14);
    return message;
}

} // namespace bulkhead
