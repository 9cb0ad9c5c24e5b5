// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "secrets/SecretSalt.h"

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <QVector>

namespace bulkhead {

struct SecretHit
{
    QString location;    // JSON pointer of the redacted value, e.g. "/0/Config/Env/3"
    QString key;         // variable name, e.g. "DB_PASSWORD"
    QString rule;        // rule id that matched, e.g. "password-by-name", "aws-secret-key"
    QString fingerprint; // SecretSalt::fingerprint of the value; empty without a salt
};

struct Redaction
{
    QByteArray output; // the bytes to store
    QVector<SecretHit> hits;
    // The output should have been JSON and is not (malformed, cut off, not UTF-8): the byte-level pass
    // redacted it. Output that is empty or only white space does not count.
    bool malformed = false;
};

// A marker found in stored text.
struct SecretMarker
{
    qsizetype start = 0; // in the text searched
    qsizetype length = 0;
    QString rule;
    QString fingerprint; // empty for a marker written without a salt
};

// Replaces secret values in probe output before it is stored. The value becomes the marker
// "[REDACTED:<rule>:<fingerprint>]" (or "[REDACTED:<rule>]" without a salt) so the stored artifact
// itself shows where a secret was and which one (across scans of one workspace), never what it was.
// Production redaction always has the workspace's salt (HostCollector); the salt-less form serves
// tools and tests that have no workspace.
class SecretRedactor
{
public:
    // "[REDACTED:rule]", or "[REDACTED:rule:fingerprint]" with a fingerprint.
    static QByteArray markerFor(const QString& rule, const QString& fingerprint = QString());
    // The marker that replaces `value`: its fingerprint under `salt` (none for a null salt).
    static QByteArray markerOf(const QString& rule, QStringView value, const SecretSalt& salt);
    // Every marker in `text`, in order.
    static QVector<SecretMarker> markersIn(const QString& text);
    // For docker inspect output (containers or images): Env arrays, Labels, Cmd/Entrypoint/Args at any
    // depth. Output that is not valid JSON gets the byte-level pass (Redaction::malformed).
    static Redaction redactInspect(const QByteArray& inspectJson, const SecretSalt& salt = SecretSalt());
    // Applies the redaction a probe's output needs (by probe name); others pass through.
    static Redaction redactProbeOutput(const QString& probe, const QByteArray& output,
                                       const SecretSalt& salt = SecretSalt());
    // Whether an environment entry NAME=VALUE holds a secret; returns the rule id or empty
    // (SecretRules::instance().classify).
    static QString classifyEnv(const QString& name, const QString& value);
};

} // namespace bulkhead
