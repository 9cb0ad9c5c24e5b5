// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

namespace bulkhead {

// Computes a new /etc/docker/daemon.json from the stored one: one top-level option set or removed, every
// other key kept in its order with its value. The result is what is uploaded (on stdin, never on a
// command line). An empty or absent file is an empty object, as dockerd reads it.
class DaemonJsonEditor
{
public:
    // `jsonValue`: the option's value as JSON text ("true", "\"info\"").
    static Result<QByteArray> set(const QByteArray& content, const QString& key, const QByteArray& jsonValue);
    static Result<QByteArray> remove(const QByteArray& content, const QString& key);
    // Whether the file has the top-level key (false for a file that is not a JSON object).
    static bool has(const QByteArray& content, const QString& key);
};

} // namespace bulkhead
