// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/Evaluator.h"

#include "core/JsonPointer.h"
#include "facts/ContainerInspectParser.h"
#include "probes/ProbeOutcome.h"
#include "secrets/SecretRedactor.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace bulkhead {

namespace {

const QString UserNotRoot = QStringLiteral("container.user-not-root");
const QString ReadOnlyRootfs = QStringLiteral("container.read-only-rootfs");
const QString NotPrivileged = QStringLiteral("container.not-privileged");
const QString NoDockerSocket = QStringLiteral("container.no-docker-socket");
const QString NoSecretsInEnv = QStringLiteral("container.no-secrets-in-env");
const QString ContainersProbe = QStringLiteral("docker.containers.inspect");

const QStringList& checkIds()
{
    static const QStringList ids{UserNotRoot, ReadOnlyRootfs, NotPrivileged, NoDockerSocket, NoSecretsInEnv};
    return ids;
}

// Host data shown in a message: control characters (ANSI escapes, newlines) become U+FFFD, and
// the length is bounded. Views escape markup on top of this.
QString printable(const QString& text, qsizetype limit = 300)
{
    QString out;
    out.reserve(qMin(text.size(), limit + 1));
    for (QChar c : text) {
        if (out.size() >= limit) {
            out.append(QChar(0x2026)); // …
            break;
        }
        out.append(c.category() == QChar::Other_Control || c.category() == QChar::Other_Format ? QChar(0xfffd) : c);
    }
    return out;
}

QString quoted(const QString& text)
{
    return QLatin1Char('"') + printable(text) + QLatin1Char('"');
}

// The line of stderr that says why: the first one that is not a warning.
QString reasonFrom(const QByteArray& errorOutput)
{
    const QStringList lines = QString::fromUtf8(errorOutput).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QString first;
    for (const QString& raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty())
            continue;
        if (first.isEmpty())
            first = line;
        if (!line.startsWith(QLatin1String("WARNING"), Qt::CaseInsensitive))
            return printable(line);
    }
    return printable(first);
}

Finding hostFinding(const QString& checkId, Status status, const QString& message)
{
    Finding finding;
    finding.checkId = checkId;
    finding.subject = Subject{SubjectKind::Host, QString(), QString()};
    finding.status = status;
    finding.message = message;
    return finding;
}

QVector<Finding> forEveryCheck(Status status, const QString& message, const QVector<EvidenceRef>& evidence,
                               const QString& actual = QString())
{
    QVector<Finding> findings;
    for (const QString& id : checkIds()) {
        Finding finding = hostFinding(id, status, message);
        finding.evidence = evidence;
        finding.actual = actual;
        findings.append(finding);
    }
    return findings;
}

bool dockerMissing(const Artifact& artifact)
{
    // Today's probes say "bulkhead: not present: docker" (exit 3); older stored scans have the
    // shell's 127.
    if (const ProbeOutcome outcome = ProbeOutcome::of(artifact); outcome.notPresent())
        return outcome.what == QLatin1String("docker");
    const QString err = QString::fromUtf8(artifact.errorOutput);
    return artifact.exitStatus == 127 || err.contains(QLatin1String("command not found")) ||
           err.contains(QLatin1String("docker: not found"));
}

// A container removed between `docker ps` and `docker inspect` makes inspect exit 1 while still
// printing the others: that output is complete for every container that still exists.
bool onlyVanishedContainers(const QByteArray& errorOutput)
{
    static const QRegularExpression vanished(QStringLiteral("^Error: No such (container|object): [0-9a-f]{64}$"));
    const QStringList lines = QString::fromUtf8(errorOutput).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.isEmpty())
        return false;
    for (const QString& line : lines) {
        if (!vanished.match(line.trimmed()).hasMatch())
            return false;
    }
    return true;
}

class ContainerChecks
{
public:
    ContainerChecks(const Artifact& artifact, const ContainerFacts& container, std::optional<JsonPointer::Span> element)
        : m_artifact(artifact)
        , m_container(container)
        , m_element(element)
    {}

    Finding userNotRoot() const
    {
        Finding finding = make(UserNotRoot);
        finding.expected = QStringLiteral("Config.User names a non-root user (not empty, 0 or root)");
        if (!m_container.user)
            return missing(finding, QStringLiteral("Config.User"), m_container.userPointer());
        const QString& user = *m_container.user;
        finding.actual = QStringLiteral("User=") + quoted(user);
        cite(finding, m_container.userPointer());
        if (!ContainerInspectParser::isRootUser(user)) {
            finding.status = Status::Pass;
            finding.message = QStringLiteral("Runs as user %1").arg(quoted(user));
        } else if (user.isEmpty()) {
            finding.status = Status::Fail;
            finding.message = QStringLiteral("Runs as root: no user is set, so Docker starts the process as root");
        } else {
            finding.status = Status::Fail;
            finding.message = QStringLiteral("Runs as root (User %1)").arg(quoted(user));
        }
        return finding;
    }

    Finding readOnlyRootfs() const
    {
        return booleanField(ReadOnlyRootfs, QStringLiteral("HostConfig.ReadonlyRootfs"),
                            QStringLiteral("ReadonlyRootfs"), m_container.readonlyRootfs,
                            m_container.readonlyRootfsPointer(), true,
                            QStringLiteral("The root filesystem is mounted read-only"),
                            QStringLiteral("The root filesystem is writable (started without --read-only)"));
    }

    Finding notPrivileged() const
    {
        return booleanField(NotPrivileged, QStringLiteral("HostConfig.Privileged"), QStringLiteral("Privileged"),
                            m_container.privileged, m_container.privilegedPointer(), false,
                            QStringLiteral("Not privileged"),
                            QStringLiteral("Privileged: every capability and all host devices, no confinement"));
    }

    // A check on one boolean of the inspect output that passes when it equals `wanted`; a missing
    // field is an error, never a pass.
    Finding booleanField(const QString& checkId, const QString& field, const QString& shortName,
                         const std::optional<bool>& value, const QString& pointer, bool wanted,
                         const QString& passMessage, const QString& failMessage) const
    {
        Finding finding = make(checkId);
        finding.expected =
            QStringLiteral("%1 is %2").arg(field, wanted ? QLatin1String("true") : QLatin1String("false"));
        if (!value)
            return missing(finding, field, pointer);
        finding.actual =
            QStringLiteral("%1=%2").arg(shortName, *value ? QLatin1String("true") : QLatin1String("false"));
        cite(finding, pointer);
        finding.status = *value == wanted ? Status::Pass : Status::Fail;
        finding.message = *value == wanted ? passMessage : failMessage;
        return finding;
    }

    Finding noDockerSocket() const
    {
        Finding finding = make(NoDockerSocket);
        finding.expected = QStringLiteral("No mount of the Docker socket or of a directory that holds it");
        QStringList exposed;
        for (const MountFact& mount : m_container.mounts) {
            const QString why = socketExposure(mount);
            if (why.isEmpty())
                continue;
            cite(finding, mount.pointer);
            const QString line = QStringLiteral("%1 -> %2%3")
                                     .arg(printable(mount.source), printable(mount.destination),
                                          mount.readWrite ? QString() : QStringLiteral(" (read-only)"));
            if (!exposed.contains(line))
                exposed << line;
        }
        if (exposed.isEmpty()) {
            finding.status = Status::Pass;
            finding.actual = m_container.mounts.isEmpty()
                                 ? QStringLiteral("no mounts")
                                 : QStringLiteral("%1 mount(s), none of the Docker socket").arg(countDistinctMounts());
            finding.message = QStringLiteral("The Docker socket is not mounted");
            cite(finding, m_container.mountsPointer());
            return finding;
        }
        finding.status = Status::Fail;
        finding.actual = exposed.join(QStringLiteral("; "));
        const bool allReadOnly = std::all_of(exposed.cbegin(), exposed.cend(), [](const QString& line) {
            return line.endsWith(QLatin1String("(read-only)"));
        });
        finding.message = QStringLiteral("The Docker API is reachable from the container: %1%2")
                              .arg(finding.actual, allReadOnly ? QStringLiteral(". Read-only does not restrict API "
                                                                                "calls made through the socket")
                                                               : QString());
        return finding;
    }

    Finding noSecretsInEnv() const
    {
        Finding finding = make(NoSecretsInEnv);
        finding.expected = QStringLiteral("No environment variable holds a secret value");
        static const QRegularExpression marker(QStringLiteral("^\\[REDACTED:([a-z0-9-]+)\\]$"));
        QStringList named;
        bool leaked = false;
        for (const EnvEntry& entry : m_container.env) {
            const QRegularExpressionMatch match = marker.match(entry.value);
            QString rule = match.hasMatch() ? match.captured(1) : QString();
            bool redacted = match.hasMatch();
            if (!redacted) {
                // Defence in depth: a value the redactor should have caught. Never cite its bytes.
                rule = SecretRedactor::classifyEnv(entry.name, entry.value);
                if (rule.isEmpty())
                    continue;
                leaked = true;
                finding.evidence.append(EvidenceRef{m_artifact.id, entry.pointer, QString(), QString()});
            } else {
                cite(finding, entry.pointer);
            }
            named << QStringLiteral("%1 (%2)").arg(printable(entry.name, 100), rule);
        }
        if (named.isEmpty()) {
            finding.status = Status::Pass;
            finding.actual = m_container.env.isEmpty()
                                 ? QStringLiteral("no environment variables")
                                 : QStringLiteral("%1 variable(s), none holding a secret").arg(m_container.env.size());
            finding.message = QStringLiteral("No secrets found in environment variables");
            cite(finding, m_container.envPointer());
            return finding;
        }
        finding.status = Status::Fail;
        finding.actual = named.join(QStringLiteral(", "));
        finding.message =
            named.size() == 1
                ? QStringLiteral("An environment variable holds a secret: %1").arg(finding.actual)
                : QStringLiteral("%1 environment variables hold secrets: %2").arg(named.size()).arg(finding.actual);
        finding.message += leaked ? QStringLiteral(". A value was not redacted before storage: treat the workspace "
                                                   "as sensitive")
                                  : QStringLiteral(". Values were redacted before storage");
        return finding;
    }

private:
    Finding make(const QString& checkId) const
    {
        Finding finding;
        finding.checkId = checkId;
        finding.subject = Subject{SubjectKind::Container, m_container.id, m_container.name};
        return finding;
    }

    // Evidence is the exact text of the stored artifact at the pointer.
    void cite(Finding& finding, const QString& pointer) const
    {
        // Inside this container's element when its span is known: linear in the container, not in
        // the whole document (which made a host of N containers cost N^2).
        const QString& own = m_container.pointer;
        const bool relative = m_element && pointer.startsWith(own) &&
                              (pointer.size() == own.size() || pointer.at(own.size()) == QLatin1Char('/'));
        const auto span = relative ? JsonPointer::locate(m_artifact.output, pointer.mid(own.size()), *m_element)
                                   : JsonPointer::locate(m_artifact.output, pointer);
        if (!span)
            return;
        const QString excerpt = QString::fromUtf8(m_artifact.output.mid(span->offset, span->length));
        finding.evidence.append(EvidenceRef{m_artifact.id, pointer, excerpt, QString()});
    }

    Finding missing(Finding finding, const QString& field, const QString& pointer) const
    {
        finding.status = Status::Error;
        finding.actual = QStringLiteral("%1 absent").arg(field);
        finding.message =
            QStringLiteral("%1 is missing from the inspect output, so this cannot be evaluated").arg(field);
        cite(finding, pointer.left(pointer.lastIndexOf(QLatin1Char('/')))); // the object that lacks it
        return finding;
    }

    // Why a mount exposes the Docker API, or empty. The socket itself (at the usual paths, or any
    // file named docker.sock such as a rootless daemon's), or a host directory that contains it.
    static QString socketExposure(const MountFact& mount)
    {
        const QString source = mount.source.isEmpty() ? QString() : QDir::cleanPath(mount.source);
        const QString destination = mount.destination.isEmpty() ? QString() : QDir::cleanPath(mount.destination);
        auto isSocket = [](const QString& path) {
            return path == QLatin1String("/var/run/docker.sock") || path == QLatin1String("/run/docker.sock") ||
                   path.endsWith(QLatin1String("/docker.sock"));
        };
        if (isSocket(source) || isSocket(destination))
            return QStringLiteral("socket");
        if (mount.type != QLatin1String("volume") && mount.type != QLatin1String("tmpfs") &&
            (source == QLatin1String("/") || source == QLatin1String("/var") || source == QLatin1String("/run") ||
             source == QLatin1String("/var/run")))
            return QStringLiteral("directory");
        return {};
    }

    int countDistinctMounts() const
    {
        // Mounts and HostConfig.Binds describe the same mounts twice; count destinations.
        QSet<QString> destinations;
        for (const MountFact& mount : m_container.mounts)
            destinations.insert(mount.destination);
        return static_cast<int>(destinations.size());
    }

    const Artifact& m_artifact;
    const ContainerFacts& m_container;
    std::optional<JsonPointer::Span> m_element; // where m_container lies in the artifact
};

} // namespace

QStringList Evaluator::implementedChecks()
{
    return checkIds();
}

QVector<Finding> Evaluator::evaluateHost(const QVector<Artifact>& artifacts)
{
    const Artifact* inspect = nullptr;
    for (const Artifact& artifact : artifacts) {
        if (artifact.probe == ContainersProbe)
            inspect = &artifact; // the last one collected wins
    }
    if (!inspect) {
        return forEveryCheck(
            Status::Error,
            QStringLiteral("The containers were not inspected on this host (no %1 evidence)").arg(ContainersProbe), {});
    }
    const Artifact& artifact = *inspect;
    const EvidenceRef stderrRef{artifact.id, QStringLiteral("stderr"), reasonFrom(artifact.errorOutput), QString()};
    const EvidenceRef wholeRef{artifact.id, QString(), QString(), QString()};

    if (dockerMissing(artifact)) {
        return forEveryCheck(Status::NotApplicable, QStringLiteral("docker is not installed on this host"), {stderrRef},
                             QStringLiteral("exit status %1").arg(artifact.exitStatus));
    }
    if (artifact.timedOut) {
        return forEveryCheck(Status::Error,
                             QStringLiteral("Inspecting the containers did not finish before the timeout"), {wholeRef});
    }
    if (!artifact.exitSignal.isEmpty()) {
        return forEveryCheck(
            Status::Error,
            QStringLiteral("Inspecting the containers was killed by signal %1").arg(printable(artifact.exitSignal, 20)),
            {wholeRef});
    }
    if (artifact.truncated) {
        return forEveryCheck(Status::Error,
                             QStringLiteral("The container inspection output was cut at the size limit, so it is "
                                            "incomplete"),
                             {wholeRef});
    }
    const bool usable = artifact.exitStatus == 0 || onlyVanishedContainers(artifact.errorOutput);
    if (!usable) {
        const QString reason = reasonFrom(artifact.errorOutput);
        return forEveryCheck(
            Status::Error,
            reason.isEmpty()
                ? QStringLiteral("Could not inspect the containers (exit status %1)").arg(artifact.exitStatus)
                : QStringLiteral("Could not inspect the containers: %1").arg(reason),
            {stderrRef}, QStringLiteral("exit status %1").arg(artifact.exitStatus));
    }

    const auto containers = ContainerInspectParser::parse(artifact.output);
    if (!containers)
        return forEveryCheck(Status::Error, containers.errorMessage(), {wholeRef});
    if (containers->isEmpty()) {
        return forEveryCheck(
            Status::NotApplicable, QStringLiteral("There are no containers on this host"),
            {EvidenceRef{artifact.id, QString(), QString::fromUtf8(artifact.output.trimmed()).left(20), QString()}},
            QStringLiteral("0 containers"));
    }

    QVector<Finding> findings;
    findings.reserve(containers->size() * checkIds().size());
    using Check = Finding (ContainerChecks::*)() const;
    const Check checks[] = {&ContainerChecks::userNotRoot, &ContainerChecks::readOnlyRootfs,
                            &ContainerChecks::notPrivileged, &ContainerChecks::noDockerSocket,
                            &ContainerChecks::noSecretsInEnv};
    const auto elements = JsonPointer::elements(artifact.output);
    const auto elementOf = [&elements](const ContainerFacts& container) -> std::optional<JsonPointer::Span> {
        bool ok = false;
        const qsizetype index = container.pointer.mid(1).toLongLong(&ok);
        if (!elements || !ok || index < 0 || index >= elements->size() ||
            container.pointer != JsonPointer::append(QString(), index))
            return std::nullopt;
        return elements->at(index);
    };
    for (const Check check : checks) {
        for (const ContainerFacts& container : containers.value())
            findings.append((ContainerChecks(artifact, container, elementOf(container)).*check)());
    }
    return findings;
}

} // namespace bulkhead
