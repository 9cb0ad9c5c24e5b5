// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace bulkhead {

// An image reference as Docker resolves it (tip 4): "nginx" is docker.io/library/nginx,
// "acme/app" is docker.io/acme/app, and the first path component is a registry only when it looks like
// a host ("registry.example.com", "host:5000", "localhost"). Registry names are compared
// case-insensitively; Docker Hub's other names (index.docker.io, registry-1.docker.io) are docker.io.
struct ImageReference
{
    QString registry;   // "docker.io", "registry.example.com:5000"
    QString repository; // "library/nginx", "team/app"
    QString tag;        // "1.25"; empty when none
    QString digest;     // "sha256:..."; empty when none

    // Empty for text that is not an image reference (empty, spaces, control characters, bad digest).
    static std::optional<ImageReference> parse(const QString& text);

    QString name() const { return registry + QLatin1Char('/') + repository; } // "docker.io/library/nginx"
    // Whether this image comes from `approved`, a registry ("docker.io", "ghcr.io") or a registry with a
    // path prefix ("ghcr.io/acme" approves ghcr.io/acme/app but not ghcr.io/acmeevil/app).
    bool approvedBy(const QString& approved) const;
};

} // namespace bulkhead
