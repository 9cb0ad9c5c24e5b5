// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/ContainerRules.h"

#include "checks/CheckText.h"
#include "checks/SecretEvidence.h"
#include "core/JsonPointer.h"
#include "facts/ContainerInspectParser.h"
#include "secrets/SecretRedactor.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace bulkhead {

namespace {

// Why a mount exposes the Docker API, or empty. The socket itself (at the usual paths, or any
// file named docker.sock such as a rootless daemon's), or a host directory that contains it.
QString socketExposure(const MountFact& mount)
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

int countDistinctMounts(const ContainerFacts& c)
{
    // Mounts and HostConfig.Binds describe the same mounts twice; count destinations.
    QSet<QString> destinations;
    for (const MountFact& mount : c.mounts)
        destinations.insert(mount.destination);
    return static_cast<int>(destinations.size());
}

} // namespace

const QVector<ContainerRule>& ContainerRules::all()
{
    static const QVector<ContainerRule> rules{
        {"container.user-not-root", &ContainerRules::userNotRoot},
        {"container.read-only-rootfs", &ContainerRules::readOnlyRootfs},
        {"container.not-privileged", &ContainerRules::notPrivileged},
        {"container.no-docker-socket", &ContainerRules::noDockerSocket},
        {"container.no-secrets-in-env", &ContainerRules::noSecretsInEnv},
    };
    return rules;
}

Finding ContainerRules::userNotRoot(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.user-not-root"));
    finding.expected = QStringLiteral("Config.User names a non-root user (not empty, 0 or root)");
    if (!c.user)
        return check.missing(finding, QStringLiteral("Config.User"), c.userPointer());
    const QString& user = *c.user;
    finding.actual = QStringLiteral("User=") + CheckText::quoted(user);
    check.cite(finding, c.userPointer());
    if (!ContainerInspectParser::isRootUser(user)) {
        finding.status = Status::Pass;
        finding.message = QStringLiteral("Runs as user %1").arg(CheckText::quoted(user));
    } else if (user.isEmpty()) {
        finding.status = Status::Fail;
        finding.message = QStringLiteral("Runs as root: no user is set, so Docker starts the process as root");
    } else {
        finding.status = Status::Fail;
        finding.message = QStringLiteral("Runs as root (User %1)").arg(CheckText::quoted(user));
    }
    return finding;
}

Finding ContainerRules::readOnlyRootfs(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    return check.booleanField(QStringLiteral("container.read-only-rootfs"), QStringLiteral("HostConfig.ReadonlyRootfs"),
                              QStringLiteral("ReadonlyRootfs"), c.readonlyRootfs, c.readonlyRootfsPointer(), true,
                              QStringLiteral("The root filesystem is mounted read-only"),
                              QStringLiteral("The root filesystem is writable (started without --read-only)"));
}

Finding ContainerRules::notPrivileged(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    return check.booleanField(QStringLiteral("container.not-privileged"), QStringLiteral("HostConfig.Privileged"),
                              QStringLiteral("Privileged"), c.privileged, c.privilegedPointer(), false,
                              QStringLiteral("Not privileged"),
                              QStringLiteral("Privileged: every capability and all host devices, no confinement"));
}

Finding ContainerRules::noDockerSocket(const ContainerCheck& check)
{
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.no-docker-socket"));
    finding.expected = QStringLiteral("No mount of the Docker socket or of a directory that holds it");
    QStringList exposed;
    for (const MountFact& mount : c.mounts) {
        const QString why = socketExposure(mount);
        if (why.isEmpty())
            continue;
        check.cite(finding, mount.pointer);
        const QString line = QStringLiteral("%1 -> %2%3")
                                 .arg(CheckText::printable(mount.source), CheckText::printable(mount.destination),
                                      mount.readWrite ? QString() : QStringLiteral(" (read-only)"));
        if (!exposed.contains(line))
            exposed << line;
    }
    if (exposed.isEmpty()) {
        finding.status = Status::Pass;
        finding.actual = c.mounts.isEmpty()
                             ? QStringLiteral("no mounts")
                             : QStringLiteral("%1 mount(s), none of the Docker socket").arg(countDistinctMounts(c));
        finding.message = QStringLiteral("The Docker socket is not mounted");
        check.cite(finding, c.mountsPointer());
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

Finding ContainerRules::noSecretsInEnv(const ContainerCheck& check)
{
    // Environment, labels and the command line (Config.Cmd, Config.Entrypoint, Path + Args): every place
    // the redaction looks at. One finding for the container, one evidence entry per location.
    const ContainerFacts& c = check.container();
    Finding finding = check.make(QStringLiteral("container.no-secrets-in-env"));
    finding.expected = QStringLiteral("No environment variable, label or command-line argument holds a secret value");
    SecretEvidence secrets;
    bool leaked = false;
    for (const EnvEntry& entry : c.env) {
        const qsizetype before = secrets.locations().size();
        secrets.scan(entry.pointer, entry.name, entry.value);
        if (secrets.locations().size() > before) {
            check.cite(finding, entry.pointer);
            continue;
        }
        // Defence in depth: a value the redactor should have caught. Never cite its bytes.
        const QString rule = SecretRedactor::classifyEnv(entry.name, entry.value);
        if (rule.isEmpty())
            continue;
        leaked = true;
        secrets.unredacted(entry.pointer, entry.name, rule);
        finding.evidence.append(EvidenceRef{check.artifact().id, entry.pointer, QString(), QString()});
    }
    for (auto it = c.labels.cbegin(); it != c.labels.cend(); ++it) {
        const QString pointer = JsonPointer::append(c.labelsPointer(), it.key());
        const qsizetype before = secrets.locations().size();
        secrets.scan(pointer, QStringLiteral("label ") + it.key(), it.key() + QLatin1Char('=') + it.value());
        if (secrets.locations().size() > before)
            check.cite(finding, pointer);
    }
    const auto words = [&](const std::optional<QStringList>& list, const QString& pointer, const QString& name) {
        if (!list)
            return;
        for (qsizetype i = 0; i < list->size(); ++i) {
            const qsizetype before = secrets.locations().size();
            secrets.scan(JsonPointer::append(pointer, i), QStringLiteral("%1[%2]").arg(name).arg(i), list->at(i));
            if (secrets.locations().size() > before)
                check.cite(finding, JsonPointer::append(pointer, i));
        }
    };
    words(c.entrypoint, c.entrypointPointer(), QStringLiteral("Entrypoint"));
    words(c.cmd, c.cmdPointer(), QStringLiteral("Cmd"));
    if (c.path) {
        const qsizetype before = secrets.locations().size();
        secrets.scan(c.pathPointer(), QStringLiteral("Path"), *c.path);
        if (secrets.locations().size() > before)
            check.cite(finding, c.pathPointer());
    }
    words(c.args, c.argsPointer(), QStringLiteral("Args"));

    if (secrets.isEmpty()) {
        finding.status = Status::Pass;
        finding.actual = c.env.isEmpty() ? QStringLiteral("no environment variables")
                                         : QStringLiteral("%1 variable(s), none holding a secret").arg(c.env.size());
        finding.message = QStringLiteral("No secrets found in environment variables, labels or the command line");
        check.cite(finding, c.envPointer());
        return finding;
    }
    const QStringList named = secrets.describe();
    finding.status = Status::Fail;
    finding.actual = named.join(QStringLiteral(", "));
    const int distinct = secrets.distinctSecrets();
    finding.message = named.size() == 1
                          ? QStringLiteral("A secret is in the container's configuration: %1").arg(finding.actual)
                          : QStringLiteral("%1 secret(s) in %2 places of the container's configuration: %3")
                                .arg(distinct)
                                .arg(named.size())
                                .arg(finding.actual);
    finding.message += leaked ? QStringLiteral(". A value was not redacted before storage: treat the workspace "
                                               "as sensitive")
                              : QStringLiteral(". Values were redacted before storage");
    return finding;
}

} // namespace bulkhead
