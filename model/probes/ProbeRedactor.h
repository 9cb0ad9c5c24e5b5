// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "probes/Probe.h"
#include "secrets/SecretRedactor.h"

#include <QByteArray>
#include <QString>

namespace bulkhead {

// The secret redaction each probe's output gets before it is stored, chosen by its format:
// - Json: SecretRedactor::redactInspect (Env arrays, Labels, Cmd/Entrypoint/Args at any depth), as
//   for the inspect probes; swarm services carry their containers' Env the same way.
// - JsonLines: every string of every line through redactLine() (image history records
//   `ENV DB_PASSWORD=...` and build args `|1 TOKEN=...` in CreatedBy); a line that is not JSON goes
//   through SecretRedactor's byte-level pass.
// - Everything else (files, process arguments, systemctl show, ps): line by line, see redactLine();
//   PEM private key blocks are replaced whole. Bytes outside a redacted value are kept exactly
//   (non-UTF-8 included); NUL separates arguments like a space.
class ProbeRedactor
{
public:
    // `salt` fingerprints each redacted value (SecretSalt); a null salt writes markers without one.
    static Redaction redact(const Probe& probe, const QByteArray& output, const SecretSalt& salt = SecretSalt());
    static Redaction redactText(const QByteArray& text, bool sectioned, const SecretSalt& salt = SecretSalt());
    static Redaction redactJsonLines(const QByteArray& text, const SecretSalt& salt = SecretSalt());
    // "==> pid=.. bytes=N <==" records: arguments redacted, N rewritten to the new length.
    static Redaction redactProcessArgs(const QByteArray& text, const SecretSalt& salt = SecretSalt());

    // One line of text: NAME=VALUE and --name=value assignments, `--password VALUE` flag pairs,
    // `key: value` / `key = value` / "key": "value" settings, Kubernetes `- name: X` / `value: Y`
    // pairs (envName carries X from one line to the next), and values that are secrets by their
    // shape (AWS key ids, GitHub and Slack tokens, JWTs, URLs with a password, Authorization headers), and
    // the password options of known programs (mysql -pVALUE, redis-cli -a VALUE). Names and values are
    // judged by SecretRedactor::classifyEnv.
    static QString redactLine(const QString& line, QVector<SecretHit>& hits, QString* envName = nullptr,
                              const SecretSalt& salt = SecretSalt());
};

} // namespace bulkhead
