// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace bulkhead {

// Where the secret redaction left its markers in one subject's stored configuration: the evidence of
// the secret checks (container.no-secrets-in-env, image.no-secrets). Each location keeps the JSON
// pointer, the rule and the fingerprint; the value itself never reached the workspace.
class SecretEvidence
{
public:
    struct Location
    {
        QString pointer; // of the string holding the marker ("" for a history line)
        QString where;   // for people: "Env DB_PASSWORD", "Label com.example.token", "Cmd[2]", "history"
        QString rule;
        QString fingerprint; // empty for a marker written without a salt
    };

    // Records every marker in `text`, found at `pointer`.
    void scan(const QString& pointer, const QString& where, const QString& text);
    // A value the redactor should have caught (defence in depth): recorded without a fingerprint.
    void unredacted(const QString& pointer, const QString& where, const QString& rule);

    const QVector<Location>& locations() const { return m_locations; }
    bool isEmpty() const { return m_locations.isEmpty(); }
    // Distinct secrets: by fingerprint; a marker without one counts on its own.
    int distinctSecrets() const;
    // One entry per location: "Env DB_PASSWORD (password-by-name, #1a2b3c4d5e6f7a8b)".
    QStringList describe() const;

private:
    QVector<Location> m_locations;
};

} // namespace bulkhead
