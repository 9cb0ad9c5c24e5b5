// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Builds a realistic workspace through the Workspace API only: three hosts (two scanned, one
// unreachable), docker inspect artifacts with hostile container data (HTML, ANSI escapes, bidi
// override), and findings that point at those artifacts.

#include "store/Workspace.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QString>

#include <memory>

namespace bulkhead::testing {

// Text a malicious host puts into container labels and users: must always show literally.
inline const QString HostileScript = QStringLiteral("<script>alert(1)</script>");
inline const QString HostileAnsi = QStringLiteral("\x1b[31m");
inline const QString HostileUser = HostileScript + HostileAnsi + QStringLiteral("root");
inline const QString HostileHostMessage =
    QStringLiteral("connect to 127.0.0.4 port 22: Connection refused <b>banner</b>\x1b[0m");

struct Fixture
{
    std::unique_ptr<Workspace> workspace;
    qint64 hostA = 0; // 127.0.0.2: web (root, fail), api (non-root, pass), evil (hostile user, fail)
    qint64 hostB = 0; // 127.0.0.3:2222: one container, passes
    qint64 hostC = 0; // 127.0.0.4: scan failed
    qint64 scanId = 0;
    qint64 containersArtifact = 0; // docker.containers.inspect on host A
    qint64 versionArtifact = 0;
    qint64 hostBArtifact = 0;
    QString containersSha256;
    int findingCount = 0;
};

inline QByteArray containersInspectJson()
{
    // Three containers as `docker inspect` prints them (trimmed to the fields the checks read).
    // The third was created with a hostile user and labels: created, never started.
    return QByteArrayLiteral(R"([
  {
    "Id": "3f2a9c0d6b1e4f5a8c7d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
    "Name": "/web",
    "State": {"Status": "running", "Pid": 4242},
    "Config": {"User": "", "Image": "local/web:1.4", "Env": ["PATH=/usr/bin", "DB_PASSWORD=[REDACTED:password-by-name]"],
               "Labels": {"com.example.team": "payments"}},
    "HostConfig": {"Privileged": false, "ReadonlyRootfs": false, "Binds": ["/var/run/docker.sock:/var/run/docker.sock"]}
  },
  {
    "Id": "8e1d2c3b4a5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
    "Name": "/api",
    "State": {"Status": "exited", "Pid": 0},
    "Config": {"User": "10001:10001", "Image": "local/api:2.0", "Env": ["PATH=/usr/bin"], "Labels": {}},
    "HostConfig": {"Privileged": false, "ReadonlyRootfs": true, "Binds": null}
  },
  {
    "Id": "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00",
    "Name": "/evil",
    "State": {"Status": "created", "Pid": 0},
    "Config": {"User": "<script>alert(1)</script>\u001b[31mroot", "Image": "local/evil:latest", "Env": [],
               "Labels": {"note": "<script>alert(1)</script>", "ansi": "\u001b[31mred\u001b[0m", "rtl": "abc\u202edcba"}},
    "HostConfig": {"Privileged": true, "ReadonlyRootfs": false, "Binds": []}
  }
]
)");
}

inline Finding makeFinding(const QString& check, SubjectKind kind, const QString& id, const QString& name,
                           Status status, const QString& expected, const QString& actual, const QString& message,
                           qint64 artifact, const QString& locator, const QString& excerpt)
{
    Finding finding;
    finding.checkId = check;
    finding.subject = Subject{kind, id, name};
    finding.status = status;
    finding.expected = expected;
    finding.actual = actual;
    finding.message = message;
    finding.evidence.append(EvidenceRef{artifact, locator, excerpt, QString()});
    return finding;
}

// Fills `path` (created) and returns the open workspace with the ids; an empty workspace on error
// with the message in `error`.
inline Fixture buildFixture(const QString& path, QString* error)
{
    Fixture fx;
    auto fail = [&](const QString& what) {
        if (error != nullptr)
            *error = what;
        fx.workspace.reset();
        return std::move(fx);
    };
    auto opened = Workspace::open(path, Workspace::OpenMode::CreateIfMissing);
    if (!opened)
        return fail(opened.errorMessage());
    fx.workspace = std::move(opened.value());
    Workspace& ws = *fx.workspace;

    auto a = ws.upsertHost(HostSpec::parse(QStringLiteral("auditor@127.0.0.2")).value());
    auto b = ws.upsertHost(HostSpec::parse(QStringLiteral("auditor@127.0.0.3:2222")).value());
    auto c = ws.upsertHost(HostSpec::parse(QStringLiteral("auditor@127.0.0.4")).value());
    if (!a || !b || !c)
        return fail(QStringLiteral("upsertHost failed"));
    fx.hostA = a.value();
    fx.hostB = b.value();
    fx.hostC = c.value();

    auto scan = ws.beginScan(QStringLiteral("bulkhead 0.1.0"));
    if (!scan)
        return fail(scan.errorMessage());
    fx.scanId = scan.value();

    const QDateTime t0 = QDateTime(QDate(2024, 5, 6), QTime(9, 30, 0), Qt::UTC);
    const QString fingerprint = QStringLiteral("SHA256:q8bLc0XbWkVxGm1kq0sPp7mJxq3dZ0R0cHk5pQ7m9aE");
    for (qint64 host : {fx.hostA, fx.hostB}) {
        HostScanRecord record;
        record.scanId = fx.scanId;
        record.hostId = host;
        record.state = HostScanState::Done;
        record.hostKeyFingerprint = fingerprint;
        record.startedUtc = t0;
        record.finishedUtc = t0.addSecs(4);
        if (auto set = ws.setHostScan(record); !set)
            return fail(set.errorMessage());
    }
    HostScanRecord failed;
    failed.scanId = fx.scanId;
    failed.hostId = fx.hostC;
    failed.state = HostScanState::Failed;
    failed.message = HostileHostMessage;
    failed.startedUtc = t0;
    failed.finishedUtc = t0.addSecs(1);
    if (auto set = ws.setHostScan(failed); !set)
        return fail(set.errorMessage());

    Artifact version;
    version.scanId = fx.scanId;
    version.hostId = fx.hostA;
    version.probe = QStringLiteral("docker.version");
    version.command = QStringLiteral("docker version --format '{{json .}}'");
    version.output = QByteArrayLiteral(R"({"Server":{"Version":"24.0.7","ApiVersion":"1.43"}})");
    version.exitStatus = 0;
    version.startedUtc = t0.addSecs(1);
    version.finishedUtc = t0.addSecs(1);
    auto versionId = ws.addArtifact(version);
    if (!versionId)
        return fail(versionId.errorMessage());
    fx.versionArtifact = versionId.value();

    Artifact containers;
    containers.scanId = fx.scanId;
    containers.hostId = fx.hostA;
    containers.probe = QStringLiteral("docker.containers.inspect");
    containers.command = QStringLiteral("docker ps -aq --no-trunc | xargs -r docker inspect");
    containers.output = containersInspectJson();
    containers.exitStatus = 0;
    containers.redactions = 1;
    containers.startedUtc = t0.addSecs(2);
    containers.finishedUtc = t0.addSecs(3);
    auto containersId = ws.addArtifact(containers);
    if (!containersId)
        return fail(containersId.errorMessage());
    fx.containersArtifact = containersId.value();
    fx.containersSha256 =
        QString::fromLatin1(QCryptographicHash::hash(containers.output, QCryptographicHash::Sha256).toHex());

    Artifact other = containers;
    other.hostId = fx.hostB;
    other.output = QByteArrayLiteral(
        R"([{"Id":"aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233","Name":"/cache",)"
        R"("Config":{"User":"999"},"HostConfig":{"ReadonlyRootfs":true,"Privileged":false}}])");
    other.redactions = 0;
    auto otherId = ws.addArtifact(other);
    if (!otherId)
        return fail(otherId.errorMessage());
    fx.hostBArtifact = otherId.value();

    const QString webId = QStringLiteral("3f2a9c0d6b1e4f5a8c7d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d");
    const QString apiId = QStringLiteral("8e1d2c3b4a5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9");
    const QString evilId = QStringLiteral("c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00");
    const qint64 art = fx.containersArtifact;
    const QVector<Finding> findingsA{
        makeFinding(QStringLiteral("container.user-not-root"), SubjectKind::Container, webId, QStringLiteral("web"),
                    Status::Fail, QStringLiteral("a non-root user"), QStringLiteral("(empty): root"),
                    QStringLiteral("Config.User is empty, so the container runs as root."), art,
                    QStringLiteral("/0/Config/User"), QStringLiteral("\"\"")),
        makeFinding(QStringLiteral("container.user-not-root"), SubjectKind::Container, apiId, QStringLiteral("api"),
                    Status::Pass, QStringLiteral("a non-root user"), QStringLiteral("10001:10001"),
                    QStringLiteral("Runs as UID 10001."), art, QStringLiteral("/1/Config/User"),
                    QStringLiteral("\"10001:10001\"")),
        makeFinding(QStringLiteral("container.user-not-root"), SubjectKind::Container, evilId, QStringLiteral("evil"),
                    Status::Fail, QStringLiteral("a non-root user"), HostileUser,
                    QStringLiteral("The user names root after a hostile prefix."), art,
                    QStringLiteral("/2/Config/User"), HostileUser),
        makeFinding(QStringLiteral("container.read-only-rootfs"), SubjectKind::Container, webId, QStringLiteral("web"),
                    Status::Fail, QStringLiteral("true"), QStringLiteral("false"),
                    QStringLiteral("The root filesystem is writable."), art,
                    QStringLiteral("/0/HostConfig/ReadonlyRootfs"), QStringLiteral("false")),
        makeFinding(QStringLiteral("container.read-only-rootfs"), SubjectKind::Container, apiId, QStringLiteral("api"),
                    Status::Pass, QStringLiteral("true"), QStringLiteral("true"),
                    QStringLiteral("The root filesystem is read-only."), art,
                    QStringLiteral("/1/HostConfig/ReadonlyRootfs"), QStringLiteral("true")),
        makeFinding(QStringLiteral("container.not-privileged"), SubjectKind::Container, evilId, QStringLiteral("evil"),
                    Status::Fail, QStringLiteral("false"), QStringLiteral("true"),
                    QStringLiteral("The container is privileged."), art, QStringLiteral("/2/HostConfig/Privileged"),
                    QStringLiteral("true")),
        makeFinding(QStringLiteral("container.no-docker-socket"), SubjectKind::Container, webId, QStringLiteral("web"),
                    Status::Fail, QStringLiteral("no bind of /var/run/docker.sock"),
                    QStringLiteral("/var/run/docker.sock:/var/run/docker.sock"),
                    QStringLiteral("The Docker socket is bind-mounted: full control of the daemon."), art,
                    QStringLiteral("/0/HostConfig/Binds/0"),
                    QStringLiteral("\"/var/run/docker.sock:/var/run/docker.sock\"")),
        makeFinding(QStringLiteral("container.no-secrets-in-env"), SubjectKind::Container, webId, QStringLiteral("web"),
                    Status::Warn, QStringLiteral("no secret values in Config.Env"), QStringLiteral("DB_PASSWORD"),
                    QStringLiteral("DB_PASSWORD holds a secret (rule password-by-name); the value was redacted."), art,
                    QStringLiteral("/0/Config/Env/1"), QStringLiteral("\"DB_PASSWORD=[REDACTED:password-by-name]\"")),
    };
    if (auto replaced = ws.replaceFindings(fx.scanId, fx.hostA, findingsA); !replaced)
        return fail(replaced.errorMessage());

    const QVector<Finding> findingsB{
        makeFinding(QStringLiteral("container.user-not-root"), SubjectKind::Container,
                    QStringLiteral("aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233"),
                    QStringLiteral("cache"), Status::Pass, QStringLiteral("a non-root user"), QStringLiteral("999"),
                    QStringLiteral("Runs as UID 999."), fx.hostBArtifact, QStringLiteral("/0/Config/User"),
                    QStringLiteral("\"999\"")),
    };
    if (auto replaced = ws.replaceFindings(fx.scanId, fx.hostB, findingsB); !replaced)
        return fail(replaced.errorMessage());
    fx.findingCount = int(findingsA.size() + findingsB.size());

    if (auto finished = ws.finishScan(fx.scanId, ScanState::Partial); !finished)
        return fail(finished.errorMessage());
    return fx;
}

} // namespace bulkhead::testing
