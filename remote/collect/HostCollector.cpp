// SPDX-License-Identifier: GPL-3.0-or-later
#include "collect/HostCollector.h"

#include "secrets/SecretRedactor.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace bulkhead {

namespace {

constexpr int MaxDetail = 160;

// First non-empty stderr line, printable only: it ends up in one-line messages on terminals.
QString firstLine(const QByteArray& bytes)
{
    for (const QByteArray& raw : bytes.split('\n')) {
        QString line;
        for (const QChar c : QString::fromUtf8(raw)) {
            if (c.isPrint()) {
                line += c;
            }
        }
        line = line.simplified();
        if (!line.isEmpty()) {
            return line.size() > MaxDetail ? line.left(MaxDetail) + QStringLiteral("…") : line;
        }
    }
    return {};
}

QString dockerSocketIn(const QString& text)
{
    // "unix:///var/run/docker.sock" names /var/run/docker.sock
    static const QRegularExpression socket(QStringLiteral("/+([A-Za-z0-9._-][A-Za-z0-9._/-]*\\.sock)\\b"));
    const auto match = socket.match(text);
    return match.hasMatch() ? QLatin1Char('/') + match.captured(1) : QString();
}

} // namespace

Artifact HostCollector::makeArtifact(const Probe& probe, const CommandResult& result)
{
    Artifact artifact;
    artifact.probe = probe.name;
    artifact.command = probe.command;
    if (result.truncated || result.timedOut) {
        // A cut-off document cannot be parsed, so the redactor could not find its secrets: the
        // partial bytes are not kept. The flags still record that the probe ran and why it is empty.
        artifact.output.clear();
    } else {
        Redaction redaction = SecretRedactor::redactProbeOutput(probe.name, result.output);
        artifact.output = std::move(redaction.output);
        artifact.redactions = static_cast<int>(redaction.hits.size());
    }
    artifact.errorOutput = result.errorOutput;
    artifact.exitStatus = result.exitStatus;
    artifact.exitSignal = result.exitSignal;
    artifact.truncated = result.truncated;
    artifact.timedOut = result.timedOut;
    artifact.startedUtc = result.startedUtc;
    artifact.finishedUtc = result.finishedUtc;
    artifact.sha256 =
        QString::fromLatin1(QCryptographicHash::hash(artifact.output, QCryptographicHash::Sha256).toHex());
    return artifact;
}

QString HostCollector::problemOf(const Artifact& artifact)
{
    const QString& probe = artifact.probe;
    if (artifact.timedOut) {
        return QStringLiteral("%1 timed out").arg(probe);
    }
    if (artifact.truncated) {
        return QStringLiteral("the output of %1 exceeded the size cap and was cut").arg(probe);
    }
    if (!artifact.exitSignal.isEmpty()) {
        return QStringLiteral("%1 was killed by signal %2").arg(probe, artifact.exitSignal);
    }
    if (artifact.exitStatus == 0) {
        return {};
    }
    const QString detail = firstLine(artifact.errorOutput);
    const QString errors = QString::fromUtf8(artifact.errorOutput);
    if (errors.contains(QLatin1String("permission denied"), Qt::CaseInsensitive)) {
        const QString socket = dockerSocketIn(errors);
        return socket.isEmpty() ? QStringLiteral("permission denied (%1)").arg(probe)
                                : QStringLiteral("permission denied on %1").arg(socket);
    }
    if (artifact.exitStatus == 127 || errors.contains(QLatin1String("docker: not found")) ||
        errors.contains(QLatin1String("docker: command not found"))) {
        return QStringLiteral("docker is not installed");
    }
    if (errors.contains(QLatin1String("Cannot connect to the Docker daemon")) ||
        errors.contains(QLatin1String("Is the docker daemon running"))) {
        const QString socket = dockerSocketIn(errors);
        return socket.isEmpty() ? QStringLiteral("the Docker daemon is not running")
                                : QStringLiteral("the Docker daemon is not running (no answer on %1)").arg(socket);
    }
    if (artifact.exitStatus == -1) {
        return QStringLiteral("%1 ended without an exit status").arg(probe);
    }
    if (detail.isEmpty()) {
        return QStringLiteral("%1 failed with exit status %2").arg(probe).arg(artifact.exitStatus);
    }
    return QStringLiteral("%1 failed with exit status %2: %3").arg(probe).arg(artifact.exitStatus).arg(detail);
}

Result<HostCollector::Summary> HostCollector::collect(SshSession& session, const QVector<Probe>& probes,
                                                      const CommandLimits& limits, const Sink& sink, const Step& step,
                                                      const std::atomic<bool>* cancel)
{
    Summary summary;
    for (int i = 0; i < probes.size(); ++i) {
        const Probe& probe = probes.at(i);
        if (cancel != nullptr && cancel->load()) {
            summary.cancelled = true;
            return summary;
        }
        if (step) {
            step(i, probe);
        }
        auto ran = session.run(probe.command, limits, cancel);
        if (!ran) {
            if (cancel != nullptr && cancel->load()) {
                summary.cancelled = true;
            } else {
                summary.transportError = ran.errorMessage();
            }
            return summary;
        }
        Artifact artifact = makeArtifact(probe, ran.value());
        if (const QString problem = problemOf(artifact); !problem.isEmpty() && !summary.problems.contains(problem)) {
            summary.problems << problem;
        }
        if (auto stored = sink(artifact); !stored) {
            return stored.error();
        }
        ++summary.artifacts;
    }
    return summary;
}

} // namespace bulkhead
