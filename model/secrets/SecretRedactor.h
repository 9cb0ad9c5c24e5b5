// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

namespace bulkhead {

struct SecretHit
{
    QString location; // JSON pointer of the redacted value, e.g. "/0/Config/Env/3"
    QString key;      // variable name, e.g. "DB_PASSWORD"
    QString rule;     // rule id that matched, e.g. "password-by-name", "aws-secret-key"
};

struct Redaction
{
    QByteArray output; // the bytes to store
    QVector<SecretHit> hits;
    // The output should have been JSON and is not (malformed, cut off, not UTF-8): the byte-level pass
    // redacted it. Output that is empty or only white space does not count.
    bool malformed = false;
};

// Replaces secret values in probe output before it is stored. The value becomes the marker
// "[REDACTED:<rule>]" so the stored artifact itself shows where a secret was, never what it was.
class SecretRedactor
{
public:
    static QByteArray markerFor(const QString& rule); // "[REDACTED:rule]"
    // For docker inspect output (containers or images): Config.Env values. Output that is not
    // valid JSON is returned unchanged, with no hits (parsers report it as an error).
    static Redaction redactInspect(const QByteArray& inspectJson);
    // Applies the redaction a probe's output needs (by probe name); others pass through.
    static Redaction redactProbeOutput(const QString& probe, const QByteArray& output);
    // Whether an environment entry NAME=VALUE holds a secret; returns the rule id or empty.
    static QString classifyEnv(const QString& name, const QString& value);
};

} // namespace bulkhead
