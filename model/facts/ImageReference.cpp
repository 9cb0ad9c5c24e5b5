// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/ImageReference.h"

#include <QRegularExpression>

namespace bulkhead {

namespace {

QString canonicalRegistry(const QString& registry)
{
    const QString lower = registry.toLower();
    if (lower == QLatin1String("index.docker.io") || lower == QLatin1String("registry-1.docker.io") ||
        lower == QLatin1String("registry.hub.docker.com"))
        return QStringLiteral("docker.io");
    return lower;
}

bool looksLikeRegistry(const QString& component)
{
    return component.contains(QLatin1Char('.')) || component.contains(QLatin1Char(':')) ||
           component == QLatin1String("localhost");
}

} // namespace

std::optional<ImageReference> ImageReference::parse(const QString& text)
{
    // Docker's grammar, loosely: path components of lower-case alphanumerics and separators, an optional
    // host (with port) in front, an optional tag and an optional digest.
    static const QRegularExpression valid(QStringLiteral(
        R"(^(?:[A-Za-z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
        R"((?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$)"));
    if (text.size() > 512 || !valid.match(text).hasMatch())
        return std::nullopt;
    ImageReference reference;
    QString rest = text;
    if (const qsizetype at = rest.indexOf(QLatin1Char('@')); at >= 0) {
        reference.digest = rest.mid(at + 1);
        rest.truncate(at);
    }
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    if (slash > 0 && looksLikeRegistry(rest.left(slash))) {
        reference.registry = canonicalRegistry(rest.left(slash));
        rest = rest.mid(slash + 1);
    } else {
        reference.registry = QStringLiteral("docker.io");
    }
    // A tag is after the last colon of the last path component (a port's colon is in the registry).
    const qsizetype lastSlash = rest.lastIndexOf(QLatin1Char('/'));
    if (const qsizetype colon = rest.indexOf(QLatin1Char(':'), lastSlash + 1); colon >= 0) {
        reference.tag = rest.mid(colon + 1);
        rest.truncate(colon);
    }
    if (reference.registry == QLatin1String("docker.io") && !rest.contains(QLatin1Char('/')))
        rest.prepend(QLatin1String("library/"));
    reference.repository = rest;
    return reference;
}

bool ImageReference::approvedBy(const QString& approved) const
{
    QString entry = approved.trimmed();
    while (entry.endsWith(QLatin1Char('/')))
        entry.chop(1);
    if (entry.isEmpty())
        return false;
    const qsizetype slash = entry.indexOf(QLatin1Char('/'));
    const QString registryPart = canonicalRegistry(slash < 0 ? entry : entry.left(slash));
    if (registryPart != registry)
        return false;
    if (slash < 0)
        return true;
    const QString prefix = entry.mid(slash + 1);
    return repository == prefix || repository.startsWith(prefix + QLatin1Char('/'));
}

} // namespace bulkhead
