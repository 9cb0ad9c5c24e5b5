// SPDX-License-Identifier: GPL-3.0-or-later
#include "collect/HostCollector.h"

#include "probes/ProbeOutcome.h"
#include "probes/ProbeRedactor.h"

#include <QCryptographicHash>
#include <QRegularExpression>

#include <optional>

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

Artifact HostCollector::makeArtifact(const Probe& probe, const CommandResult& result, bool* malformed,
                                     const SecretSalt& salt)
{
    Artifact artifact;
    artifact.probe = probe.name;
    artifact.command = probe.command;
    // Output cut short (the size cap, the timeout) is kept as partial evidence, flagged, up to its last
    // complete line: a line cut in two may hold the first half of a secret whose shape, or whose name on
    // the rest of the line, would have given it away. What is kept goes through the same redaction as
    // whole output: JSON that no longer parses gets the byte-level pass (SecretRedactor), text is
    // redacted line by line (ProbeRedactor), a private key block without its end goes whole. The
    // evaluator never passes a check on a cut artifact (ProbeOutcome: Truncated, TimedOut).
    QByteArray output = result.output;
    if (result.truncated || result.timedOut)
        output.truncate(output.lastIndexOf('\n') + 1);
    Redaction redaction = ProbeRedactor::redact(probe, output, salt);
    artifact.output = std::move(redaction.output);
    artifact.redactions = static_cast<int>(redaction.hits.size());
    if (malformed != nullptr)
        *malformed = redaction.malformed;
    // stderr is stored too, and a failing command may well print its configuration there.
    Redaction errors = ProbeRedactor::redactText(result.errorOutput, false, salt);
    artifact.errorOutput = std::move(errors.output);
    artifact.redactions += static_cast<int>(errors.hits.size());
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
    const ProbeOutcome outcome = ProbeOutcome::of(artifact);
    if (outcome.notPresent()) {
        // An absent component is a fact about the host, not an incomplete scan; docker is the
        // exception: without it the host's containers cannot be audited at all.
        return outcome.what == QLatin1String("docker") ? QStringLiteral("docker is not installed") : QString();
    }
    const QString detail = firstLine(artifact.errorOutput);
    const QString errors = QString::fromUtf8(artifact.errorOutput);
    if (outcome.permissionDenied()) {
        const QString socket = dockerSocketIn(errors);
        if (!socket.isEmpty())
            return QStringLiteral("permission denied on %1").arg(socket);
        return QStringLiteral("permission denied (%1): %2").arg(probe, outcome.reason);
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
                                                      const std::atomic<bool>* cancel, int channels,
                                                      const SecretSalt& salt)
{
    Summary summary;
    if (cancel != nullptr && cancel->load()) {
        summary.cancelled = true;
        return summary;
    }
    QVector<QString> commands;
    commands.reserve(probes.size());
    for (const Probe& probe : probes)
        commands.append(probe.command);

    std::optional<Error> storageError;
    const auto done = [&](int index, CommandResult& result) {
        const Probe& probe = probes.at(index);
        if (step)
            step(summary.artifacts, probe);
        bool malformed = false;
        Artifact artifact = makeArtifact(probe, result, &malformed, salt);
        result.output.clear(); // the unredacted bytes go no further than this
        result.errorOutput.clear();
        const ProbeOutcome outcome = ProbeOutcome::of(artifact);
        if (outcome.notPresent() && !summary.notPresent.contains(outcome.what))
            summary.notPresent << outcome.what;
        QString problem = problemOf(artifact);
        if (problem.isEmpty() && malformed && outcome.ok()) // a whole answer that is not the JSON it should be
            problem = QStringLiteral("%1 printed malformed JSON").arg(probe.name);
        if (!problem.isEmpty() && !summary.problems.contains(problem))
            summary.problems << problem;
        if (auto stored = sink(artifact); !stored) {
            storageError = stored.error();
            return false;
        }
        ++summary.artifacts;
        return true;
    };
    auto ran = session.runAll(commands, limits, cancel, channels, done);
    if (storageError)
        return *storageError;
    if (!ran) {
        if (cancel != nullptr && cancel->load())
            summary.cancelled = true;
        else
            summary.transportError = ran.errorMessage();
    }
    return summary;
}

} // namespace bulkhead
