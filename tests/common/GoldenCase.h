// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A golden case of tests/data/<case>/ (tests/fleet/capture-golden): the real outputs of one scan of a fleet
// host, described by case.json (its artifacts and the verdicts they must give) and stored beside it.

#include "domain/Artifact.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVector>

namespace bulkhead::test {

struct GoldenCase
{
    QJsonObject description; // case.json
    QVector<Artifact> artifacts;

    // Reads the case in `dir`; a file that cannot be read stops the program (test data is missing).
    static GoldenCase read(const QDir& dir)
    {
        const auto readFile = [&dir](const QString& name) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::ReadOnly))
                qFatal("cannot read %s", qPrintable(file.fileName()));
            return file.readAll();
        };
        GoldenCase golden;
        golden.description = QJsonDocument::fromJson(readFile(QStringLiteral("case.json"))).object();
        for (const QJsonValue& value : golden.description.value(QStringLiteral("artifacts")).toArray()) {
            const QJsonObject entry = value.toObject();
            Artifact artifact;
            artifact.id = entry.value(QStringLiteral("id")).toInteger();
            artifact.probe = entry.value(QStringLiteral("probe")).toString();
            artifact.command = entry.value(QStringLiteral("command")).toString();
            artifact.output = readFile(entry.value(QStringLiteral("output")).toString());
            if (entry.contains(QStringLiteral("error_output")))
                artifact.errorOutput = readFile(entry.value(QStringLiteral("error_output")).toString());
            artifact.exitStatus = entry.value(QStringLiteral("exit_status")).toInt();
            artifact.exitSignal = entry.value(QStringLiteral("exit_signal")).toString();
            artifact.truncated = entry.value(QStringLiteral("truncated")).toBool();
            artifact.timedOut = entry.value(QStringLiteral("timed_out")).toBool();
            golden.artifacts << artifact;
        }
        return golden;
    }
};

} // namespace bulkhead::test
