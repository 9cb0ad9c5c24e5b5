// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The benchmarks' synthetic containers: the captured `app` container (Docker 20.10) repeated, each with an
// id and name of its own and a varied HostConfig (every 17th privileged, every 3rd without a memory limit,
// every 5th without a PIDs limit), as a `docker container inspect` array.

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace bulkhead::bench {

inline QByteArray generatedContainers(const QString& appContainerJson, int count,
                                      QJsonDocument::JsonFormat format = QJsonDocument::Compact)
{
    QFile file(appContainerJson);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(appContainerJson));
    const QJsonObject base = QJsonDocument::fromJson(file.readAll()).array().at(0).toObject();
    QJsonArray list;
    for (int i = 0; i < count; ++i) {
        QJsonObject c = base;
        c.insert(QStringLiteral("Id"), QStringLiteral("%1").arg(i, 64, 16, QLatin1Char('0')));
        c.insert(QStringLiteral("Name"), QStringLiteral("/app-%1").arg(i));
        QJsonObject host = c.value(QStringLiteral("HostConfig")).toObject();
        host.insert(QStringLiteral("Privileged"), i % 17 == 0);
        host.insert(QStringLiteral("Memory"), i % 3 == 0 ? 0 : 268435456);
        host.insert(QStringLiteral("PidsLimit"), i % 5 == 0 ? QJsonValue() : QJsonValue(200));
        c.insert(QStringLiteral("HostConfig"), host);
        list.append(c);
    }
    return QJsonDocument(list).toJson(format);
}

} // namespace bulkhead::bench
