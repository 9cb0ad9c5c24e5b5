// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "facts/ContainerFacts.h"

#include <QDateTime>
#include <QStringList>

namespace bulkhead {

// Typed view of one element of `docker image inspect` output.
struct ImageFacts
{
    int index = 0;
    QString pointer; // "/<index>"
    QString id;      // "sha256:<64 hex>"
    QStringList repoTags;
    QStringList repoDigests;
    QDateTime created; // UTC; invalid when absent or unreadable
    QString user;      // Config.User
    QVector<EnvEntry> env;
    QMap<QString, QString> labels;
    QString os;
    QString architecture;
    qint64 size = 0;
};

} // namespace bulkhead
