// SPDX-License-Identifier: GPL-3.0-or-later
#include "VerdictEvidence.h"
#include "checks/ContainerRules.h"
#include "checks/Evaluator.h"
#include "core/JsonPointer.h"
#include "facts/ContainerInspectParser.h"
#include "secrets/SecretRedactor.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <functional>

using namespace bulkhead;

namespace {

QStringList containerChecks()
{
    QStringList ids;
    for (const ContainerRule& rule : ContainerRules::all())
        ids << QLatin1String(rule.id);
    return ids;
}

// The findings of the first five container checks (the others have tests of their own).
QVector<Finding> containerFindings(const QVector<Artifact>& artifacts)
{
    const QStringList ids = containerChecks();
    QVector<Finding> findings;
    for (const Finding& finding : Evaluator::evaluateHost(artifacts)) {
        if (ids.contains(finding.checkId))
            findings.append(finding);
    }
    return findings;
}

const QString User = QStringLiteral("container.user-not-root");
const QString ReadOnly = QStringLiteral("container.read-only-rootfs");
const QString Privileged = QStringLiteral("container.not-privileged");
const QString Socket = QStringLiteral("container.no-docker-socket");
const QString Secrets = QStringLiteral("container.no-secrets-in-env");

const char* const PlantedSecrets[] = {
    "S3cr3t-Pa55!",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "tok_live_9f8e7d6c5b4a39281706",
    "ghp_EXAMPLE",
    "xoxb-000000000000",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
    "MIIEowIBAAKCAQEA",
    "changeme",
    "hunter2",
};

QByteArray readData(const char* name)
{
    QFile file(QStringLiteral(BULKHEAD_TEST_DATA "/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", name);
    return file.readAll();
}

// The inspect artifact as the collector stores it: redacted first.
Artifact inspectArtifact(const QByteArray& raw, int exitStatus = 0, const QByteArray& errorOutput = {})
{
    Artifact artifact;
    artifact.id = 42;
    artifact.probe = QStringLiteral("docker.containers.inspect");
    const Redaction redaction = SecretRedactor::redactProbeOutput(artifact.probe, raw);
    artifact.output = redaction.output;
    artifact.redactions = static_cast<int>(redaction.hits.size());
    artifact.errorOutput = errorOutput;
    artifact.exitStatus = exitStatus;
    return artifact;
}

// The captured `app` container (docker 20.10), changed by `edit`.
QByteArray appContainerWith(const std::function<void(QJsonObject&)>& edit)
{
    QJsonArray containers = QJsonDocument::fromJson(readData("container-app-20.10.json")).array();
    QJsonObject container = containers.at(0).toObject();
    edit(container);
    containers[0] = container;
    return QJsonDocument(containers).toJson(QJsonDocument::Indented);
}

void setPath(QJsonObject& container, const QString& section, const QString& key, const QJsonValue& value)
{
    QJsonObject object = container.value(section).toObject();
    if (value.isUndefined())
        object.remove(key);
    else
        object.insert(key, value);
    container.insert(section, object);
}

const Finding* find(const QVector<Finding>& findings, const QString& checkId, const QString& container = {})
{
    for (const Finding& finding : findings) {
        if (finding.checkId == checkId && (container.isEmpty() || finding.subject.name == container))
            return &finding;
    }
    return nullptr;
}

QString allText(const Finding& finding)
{
    QString text = finding.message + finding.actual + finding.expected;
    for (const EvidenceRef& ref : finding.evidence)
        text += ref.excerpt + ref.locator;
    return text;
}

} // namespace

class TestEvaluator : public QObject
{
    Q_OBJECT

private slots:
    void userNotRoot_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<Status>("status");
        QTest::newRow("empty") << "" << Status::Fail;
        QTest::newRow("0") << "0" << Status::Fail;
        QTest::newRow("0:0") << "0:0" << Status::Fail;
        QTest::newRow("root") << "root" << Status::Fail;
        QTest::newRow("root:root") << "root:root" << Status::Fail;
        QTest::newRow("0:1000") << "0:1000" << Status::Fail;
        QTest::newRow("root:staff") << "root:staff" << Status::Fail;
        QTest::newRow("1000") << "1000" << Status::Pass;
        QTest::newRow("1000:1000") << "1000:1000" << Status::Pass;
        QTest::newRow("1000:0 (root group only)") << "1000:0" << Status::Pass;
        QTest::newRow("named user") << "app" << Status::Pass;
        QTest::newRow("markup in user") << "<b>x</b>" << Status::Pass;
    }

    void userNotRoot()
    {
        QFETCH(QString, user);
        QFETCH(Status, status);
        const Artifact artifact = inspectArtifact(appContainerWith(
            [&](QJsonObject& c) { setPath(c, QStringLiteral("Config"), QStringLiteral("User"), user); }));
        const QVector<Finding> findings = containerFindings({artifact});
        QCOMPARE(findings.size(), 5);
        const Finding* finding = find(findings, User);
        QVERIFY(finding);
        QCOMPARE(finding->status, status);
        QCOMPARE(finding->subject.kind, SubjectKind::Container);
        QCOMPARE(finding->subject.name, QStringLiteral("app"));
        QCOMPARE(finding->subject.id.size(), 64);
        QCOMPARE(finding->actual, QStringLiteral("User=\"%1\"").arg(user));
        QVERIFY(!finding->expected.isEmpty());
        QVERIFY(!finding->message.isEmpty());
        QCOMPARE(finding->evidence.size(), 1);
        QCOMPARE(finding->evidence.at(0).artifactId, qint64(42));
        QCOMPARE(finding->evidence.at(0).locator, QStringLiteral("/0/Config/User"));
        QCOMPARE(finding->evidence.at(0).excerpt,
                 QString::fromUtf8(QJsonDocument(QJsonArray{user}).toJson(QJsonDocument::Compact)).mid(1).chopped(1));
    }

    void userMissingIsAnError()
    {
        const Artifact artifact = inspectArtifact(appContainerWith([](QJsonObject& c) {
            setPath(c, QStringLiteral("Config"), QStringLiteral("User"), QJsonValue::Undefined);
        }));
        const QVector<Finding> findings = containerFindings({artifact});
        const Finding* finding = find(findings, User);
        QVERIFY(finding);
        QCOMPARE(finding->status, Status::Error);
        QVERIFY(finding->message.contains(QStringLiteral("Config.User is missing")));
        QCOMPARE(finding->evidence.at(0).locator, QStringLiteral("/0/Config"));
    }

    void flags_data()
    {
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<Status>("status");
        QTest::addColumn<QString>("actual");
        QTest::newRow("privileged") << Privileged << "Privileged" << QJsonValue(true) << Status::Fail
                                    << "Privileged=true";
        QTest::newRow("not privileged") << Privileged << "Privileged" << QJsonValue(false) << Status::Pass
                                        << "Privileged=false";
        QTest::newRow("privileged missing") << Privileged << "Privileged" << QJsonValue(QJsonValue::Undefined)
                                            << Status::Error << "HostConfig.Privileged absent";
        QTest::newRow("read-only") << ReadOnly << "ReadonlyRootfs" << QJsonValue(true) << Status::Pass
                                   << "ReadonlyRootfs=true";
        QTest::newRow("writable") << ReadOnly << "ReadonlyRootfs" << QJsonValue(false) << Status::Fail
                                  << "ReadonlyRootfs=false";
        QTest::newRow("read-only wrong type")
            << ReadOnly << "ReadonlyRootfs" << QJsonValue(QStringLiteral("true")) << Status::Error << "";
    }

    void flags()
    {
        QFETCH(QString, check);
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(Status, status);
        QFETCH(QString, actual);
        const Artifact artifact = inspectArtifact(
            appContainerWith([&](QJsonObject& c) { setPath(c, QStringLiteral("HostConfig"), field, value); }));
        const QVector<Finding> findings = containerFindings({artifact});
        const Finding* finding = find(findings, check);
        QVERIFY(finding);
        QCOMPARE(finding->status, status);
        if (!actual.isEmpty())
            QCOMPARE(finding->actual, actual);
        if (status != Status::Error) {
            QCOMPARE(finding->evidence.size(), 1);
            QCOMPARE(finding->evidence.at(0).locator, QStringLiteral("/0/HostConfig/") + field);
            QCOMPARE(finding->evidence.at(0).excerpt,
                     value.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
        } else {
            QVERIFY(!finding->message.isEmpty());
        }
    }

    void dockerSocket_data()
    {
        QTest::addColumn<QStringList>("binds");
        QTest::addColumn<Status>("status");
        QTest::addColumn<QString>("message");
        QTest::newRow("no binds") << QStringList() << Status::Pass << "not mounted";
        QTest::newRow("volume") << QStringList{QStringLiteral("appdata:/data")} << Status::Pass << "not mounted";
        QTest::newRow("socket") << QStringList{QStringLiteral("/var/run/docker.sock:/var/run/docker.sock")}
                                << Status::Fail << "/var/run/docker.sock -> /var/run/docker.sock";
        QTest::newRow("socket read-only still fails")
            << QStringList{QStringLiteral("/var/run/docker.sock:/var/run/docker.sock:ro")} << Status::Fail
            << "Read-only does not restrict";
        QTest::newRow("/run socket elsewhere")
            << QStringList{QStringLiteral("/run/docker.sock:/sock")} << Status::Fail << "/run/docker.sock -> /sock";
        QTest::newRow("another file at the socket path")
            << QStringList{QStringLiteral("/srv/proxy.sock:/var/run/docker.sock")} << Status::Fail << "/srv/proxy.sock";
        QTest::newRow("rootless socket") << QStringList{QStringLiteral("/run/user/1000/docker.sock:/d.sock")}
                                         << Status::Fail << "/run/user/1000/docker.sock";
        QTest::newRow("unclean path") << QStringList{QStringLiteral("/var/run//./docker.sock/:/x")} << Status::Fail
                                      << "docker.sock";
        QTest::newRow("directory holding the socket")
            << QStringList{QStringLiteral("/var/run:/host/run")} << Status::Fail << "/var/run -> /host/run";
        QTest::newRow("host root") << QStringList{QStringLiteral("/:/host:ro")} << Status::Fail << "/ -> /host";
        QTest::newRow("look-alike file") << QStringList{QStringLiteral("/var/run/docker.sock.bak:/x")} << Status::Pass
                                         << "not mounted";
        QTest::newRow("look-alike dir") << QStringList{QStringLiteral("/run/docker.sock.d:/etc/notes:ro")}
                                        << Status::Pass << "not mounted";
        QTest::newRow("something mounted at /run")
            << QStringList{QStringLiteral("/srv/run:/run")} << Status::Pass << "not mounted";
        QTest::newRow("second of two") << QStringList{QStringLiteral("/srv:/srv"),
                                                      QStringLiteral("/var/run/docker.sock:/docker.sock")}
                                       << Status::Fail << "/var/run/docker.sock -> /docker.sock";
    }

    void dockerSocket()
    {
        QFETCH(QStringList, binds);
        QFETCH(Status, status);
        QFETCH(QString, message);
        const Artifact artifact = inspectArtifact(appContainerWith([&](QJsonObject& c) {
            setPath(c, QStringLiteral("HostConfig"), QStringLiteral("Binds"), QJsonArray::fromStringList(binds));
            c.insert(QStringLiteral("Mounts"), QJsonArray());
        }));
        const QVector<Finding> findings = containerFindings({artifact});
        const Finding* finding = find(findings, Socket);
        QVERIFY(finding);
        QCOMPARE(finding->status, status);
        QVERIFY2(finding->message.contains(message), qPrintable(finding->message));
        QVERIFY(!finding->evidence.isEmpty());
        for (const EvidenceRef& ref : finding->evidence) {
            QCOMPARE(ref.excerpt, QString::fromUtf8(JsonPointer::excerpt(artifact.output, ref.locator)));
            if (status == Status::Fail)
                QVERIFY(ref.locator.startsWith(QStringLiteral("/0/HostConfig/Binds/")));
        }
    }

    void dockerSocketThroughMountOption()
    {
        // --mount type=bind,...,readonly: only in HostConfig.Mounts and the effective Mounts.
        const Artifact artifact = inspectArtifact(appContainerWith([](QJsonObject& c) {
            setPath(c, QStringLiteral("HostConfig"), QStringLiteral("Binds"), QJsonValue::Null);
            setPath(c, QStringLiteral("HostConfig"), QStringLiteral("Mounts"),
                    QJsonArray{QJsonObject{{QStringLiteral("Type"), QStringLiteral("bind")},
                                           {QStringLiteral("Source"), QStringLiteral("/var/run/docker.sock")},
                                           {QStringLiteral("Target"), QStringLiteral("/var/run/docker.sock")},
                                           {QStringLiteral("ReadOnly"), true}}});
        }));
        const QVector<Finding> findings = containerFindings({artifact});
        const Finding* finding = find(findings, Socket);
        QVERIFY(finding);
        QCOMPARE(finding->status, Status::Fail);
        QCOMPARE(finding->evidence.at(0).locator, QStringLiteral("/0/HostConfig/Mounts/0"));
    }

    void secrets_data()
    {
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<Status>("status");
        QTest::addColumn<QString>("actual");
        QTest::newRow("clean") << QStringList{QStringLiteral("PATH=/usr/bin"), QStringLiteral("PWD=/app"),
                                              QStringLiteral("LOG_LEVEL=info")}
                               << Status::Pass << "3 variable(s), none holding a secret";
        QTest::newRow("look-alikes") << QStringList{QStringLiteral("DB_PASSWORD_FILE=/run/secrets/db"),
                                                    QStringLiteral("GITHUB_TOKEN=${GITHUB_TOKEN}"),
                                                    QStringLiteral("PASSWORD="), QStringLiteral("HOSTNAME=web")}
                                     << Status::Pass << "4 variable(s), none holding a secret";
        QTest::newRow("empty") << QStringList() << Status::Pass << "no environment variables";
        QTest::newRow("one password") << QStringList{QStringLiteral("DB_PASSWORD=hunter2")} << Status::Fail
                                      << "DB_PASSWORD (password-by-name)";
        QTest::newRow("two") << QStringList{QStringLiteral("A=1"),
                                            QStringLiteral("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"),
                                            QStringLiteral("SESSION=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                                                           "eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0")}
                             << Status::Fail << "AWS_ACCESS_KEY_ID (aws-access-key-id), SESSION (jwt)";
        QTest::newRow("placeholder") << QStringList{QStringLiteral("MYSQL_ROOT_PASSWORD=changeme")} << Status::Fail
                                     << "MYSQL_ROOT_PASSWORD (password-by-name)";
    }

    void secrets()
    {
        QFETCH(QStringList, env);
        QFETCH(Status, status);
        QFETCH(QString, actual);
        const Artifact artifact = inspectArtifact(appContainerWith([&](QJsonObject& c) {
            setPath(c, QStringLiteral("Config"), QStringLiteral("Env"), QJsonArray::fromStringList(env));
        }));
        const QVector<Finding> findings = containerFindings({artifact});
        const Finding* finding = find(findings, Secrets);
        QVERIFY(finding);
        QCOMPARE(finding->status, status);
        QCOMPARE(finding->actual, actual);
        QVERIFY(!finding->evidence.isEmpty());
        for (const char* secret : PlantedSecrets)
            QVERIFY2(!allText(*finding).contains(QLatin1String(secret)), secret);
        if (status == Status::Fail) {
            QVERIFY(finding->message.contains(QStringLiteral("redacted before storage")));
            for (const EvidenceRef& ref : finding->evidence) {
                QVERIFY(ref.locator.startsWith(QStringLiteral("/0/Config/Env/")));
                QVERIFY2(ref.excerpt.contains(QStringLiteral("=[REDACTED:")), qPrintable(ref.excerpt));
            }
        }
    }

    void unredactedSecretIsReportedWithoutItsValue()
    {
        // Defence in depth: an artifact stored without redaction (a bug elsewhere) still fails,
        // and the finding never cites the value.
        Artifact artifact = inspectArtifact({});
        artifact.output = appContainerWith([](QJsonObject& c) {
            setPath(c, QStringLiteral("Config"), QStringLiteral("Env"),
                    QJsonArray{QStringLiteral("DB_PASSWORD=hunter2")});
        });
        const QVector<Finding> findings = containerFindings({artifact});
        const Finding* finding = find(findings, Secrets);
        QVERIFY(finding);
        QCOMPARE(finding->status, Status::Fail);
        QVERIFY(finding->message.contains(QStringLiteral("not redacted")));
        QVERIFY(!allText(*finding).contains(QStringLiteral("hunter2")));
        QCOMPARE(finding->evidence.at(0).locator, QStringLiteral("/0/Config/Env/0"));
        QCOMPARE(finding->evidence.at(0).excerpt, QString());
    }

    void capturedHost_data()
    {
        QTest::addColumn<QString>("container");
        QTest::addColumn<int>("index");
        QTest::addColumn<Status>("user");
        QTest::addColumn<Status>("readOnly");
        QTest::addColumn<Status>("privileged");
        QTest::addColumn<Status>("socket");
        QTest::addColumn<Status>("secrets");
        const Status P = Status::Pass, F = Status::Fail;
        QTest::newRow("tokens") << "tokens" << 0 << F << F << P << P << F;
        QTest::newRow("lookalike") << "lookalike" << 1 << P << F << P << P << P;
        QTest::newRow("exited") << "exited" << 2 << P << F << P << P << P;
        QTest::newRow("mountsock") << "mountsock" << 3 << P << P << P << F << P;
        QTest::newRow("socket") << "socket" << 4 << F << F << P << F << P;
        QTest::newRow("priv") << "priv" << 5 << F << F << F << P << P;
        QTest::newRow("app") << "app" << 6 << P << P << P << P << F;
        QTest::newRow("web") << "web" << 7 << F << F << P << P << F;
    }

    void capturedHost()
    {
        QFETCH(QString, container);
        QFETCH(int, index);
        QFETCH(Status, user);
        QFETCH(Status, readOnly);
        QFETCH(Status, privileged);
        QFETCH(Status, socket);
        QFETCH(Status, secrets);
        Artifact version;
        version.id = 41;
        version.probe = QStringLiteral("docker.version");
        version.output = readData("docker-version-20.10.json");
        version.exitStatus = 0;
        const Artifact inspect = inspectArtifact(readData("containers-docker-20.10.json"));
        const QVector<Finding> findings = containerFindings({version, inspect});
        QCOMPARE(findings.size(), 8 * 5); // one per (check, container), every container

        const QList<std::pair<QString, Status>> expected{
            {User, user}, {ReadOnly, readOnly}, {Privileged, privileged}, {Socket, socket}, {Secrets, secrets}};
        for (const auto& [check, status] : expected) {
            const Finding* finding = find(findings, check, container);
            QVERIFY2(finding, qPrintable(check));
            QCOMPARE(finding->status, status);
            QCOMPARE(finding->subject.kind, SubjectKind::Container);
            QVERIFY(!finding->evidence.isEmpty());
            for (const EvidenceRef& ref : finding->evidence) {
                QCOMPARE(ref.artifactId, inspect.id);
                QVERIFY2(ref.locator.startsWith(QStringLiteral("/%1/").arg(index)), qPrintable(ref.locator));
                QCOMPARE(ref.excerpt, QString::fromUtf8(JsonPointer::excerpt(inspect.output, ref.locator)));
            }
            for (const char* secret : PlantedSecrets)
                QVERIFY2(!allText(*finding).contains(QLatin1String(secret)), secret);
        }
    }

    void capturedHostNamesTheVariables()
    {
        const QVector<Finding> findings =
            containerFindings({inspectArtifact(readData("containers-docker-20.10.json"))});
        QCOMPARE(find(findings, Secrets, QStringLiteral("web"))->actual,
                 QStringLiteral("DB_PASSWORD (password-by-name), AWS_ACCESS_KEY_ID (aws-access-key-id), "
                                "AWS_SECRET_ACCESS_KEY (aws-secret-key)"));
        QCOMPARE(find(findings, Secrets, QStringLiteral("app"))->actual, QStringLiteral("API_TOKEN (token-by-name)"));
        const Finding* priv = find(findings, Privileged, QStringLiteral("priv"));
        QCOMPARE(priv->evidence.at(0).locator, QStringLiteral("/5/HostConfig/Privileged"));
        QCOMPARE(priv->evidence.at(0).excerpt, QStringLiteral("true"));
        const Finding* root = find(findings, User, QStringLiteral("priv"));
        QCOMPARE(root->actual, QStringLiteral("User=\"0:0\""));
        QCOMPARE(root->evidence.at(0).excerpt, QStringLiteral("\"0:0\""));
        const Finding* socket = find(findings, Socket, QStringLiteral("socket"));
        QCOMPARE(socket->actual, QStringLiteral("/var/run/docker.sock -> /var/run/docker.sock (read-only)"));
        QCOMPARE(socket->evidence.size(), 2); // HostConfig.Binds and Mounts both cite it
    }

    void hostLevelOutcomes_data()
    {
        QTest::addColumn<bool>("present");
        QTest::addColumn<int>("exitStatus");
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QByteArray>("errorOutput");
        QTest::addColumn<QString>("flag"); // truncated, timeout, signal
        QTest::addColumn<Status>("status");
        QTest::addColumn<QString>("message");
        const QByteArray real = readData("containers-docker-20.10.json");
        QTest::newRow("not collected") << false << 0 << QByteArray() << QByteArray() << "" << Status::Error
                                       << "not inspected";
        QTest::newRow("permission denied")
            << true << 1 << QByteArray()
            << QByteArray("permission denied while trying to connect to the Docker daemon socket at "
                          "unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/"
                          "json?all=1\": dial unix /var/run/docker.sock: connect: permission denied\n")
            << "" << Status::Error << "permission denied while trying to connect to the Docker daemon socket";
        QTest::newRow("no daemon") << true << 1 << QByteArray()
                                   << QByteArray("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. "
                                                 "Is the docker daemon running?\n")
                                   << "" << Status::Error << "Cannot connect to the Docker daemon";
        QTest::newRow("warning line first")
            << true << 1 << QByteArray() << QByteArray("WARNING: something\nError: real reason\n") << ""
            << Status::Error << "Error: real reason";
        QTest::newRow("silent failure") << true << 2 << QByteArray() << QByteArray() << "" << Status::Error
                                        << "exit status 2";
        QTest::newRow("docker not installed (dash)")
            << true << 127 << QByteArray() << QByteArray("sh: 1: docker: not found\n") << "" << Status::NotApplicable
            << "docker is not installed on this host";
        QTest::newRow("docker not installed (bash)")
            << true << 1 << QByteArray() << QByteArray("bash: line 1: docker: command not found\n") << ""
            << Status::NotApplicable << "docker is not installed on this host";
        QTest::newRow("no containers") << true << 0 << QByteArray("[]\n") << QByteArray() << "" << Status::NotApplicable
                                       << "no containers";
        QTest::newRow("invalid json") << true << 0 << QByteArray("[{\"Id\": oops}]") << QByteArray() << ""
                                      << Status::Error << "is not valid JSON";
        QTest::newRow("truncated json") << true << 0 << real.left(real.size() / 3) << QByteArray() << ""
                                        << Status::Error << "is not valid JSON";
        QTest::newRow("empty output") << true << 0 << QByteArray() << QByteArray() << "" << Status::Error
                                      << "the output is empty";
        QTest::newRow("output cap hit") << true << 0 << real << QByteArray() << "truncated" << Status::Error
                                        << "cut at the size limit";
        QTest::newRow("timed out") << true << -1 << QByteArray() << QByteArray() << "timeout" << Status::Error
                                   << "timeout";
        QTest::newRow("killed") << true << -1 << QByteArray() << QByteArray() << "signal" << Status::Error
                                << "killed by signal KILL";
        QTest::newRow("ansi in stderr") << true << 1 << QByteArray() << QByteArray("\x1b[31mdenied\x1b[0m <script>\n")
                                        << "" << Status::Error << QString::fromUtf8("\xef\xbf\xbd[31mdenied");
    }

    void hostLevelOutcomes()
    {
        QFETCH(bool, present);
        QFETCH(int, exitStatus);
        QFETCH(QByteArray, output);
        QFETCH(QByteArray, errorOutput);
        QFETCH(QString, flag);
        QFETCH(Status, status);
        QFETCH(QString, message);
        QVector<Artifact> artifacts;
        Artifact info;
        info.probe = QStringLiteral("docker.info");
        info.exitStatus = 0;
        artifacts.append(info);
        if (present) {
            Artifact artifact = inspectArtifact(output, exitStatus, errorOutput);
            artifact.truncated = flag == QLatin1String("truncated");
            artifact.timedOut = flag == QLatin1String("timeout");
            if (flag == QLatin1String("signal"))
                artifact.exitSignal = QStringLiteral("KILL");
            artifacts.append(artifact);
        }
        const QVector<Finding> findings = containerFindings(artifacts);
        QStringList checks;
        for (const Finding& finding : findings) {
            checks << finding.checkId;
            QCOMPARE(finding.status, status);
            QCOMPARE(finding.subject.kind, SubjectKind::Host);
            QVERIFY2(finding.message.contains(message), qPrintable(finding.message));
            QVERIFY(!finding.message.contains(QLatin1Char('\x1b')));
            QVERIFY(!finding.message.contains(QLatin1Char('\n')));
            if (present) {
                QCOMPARE(finding.evidence.size(), 1);
                QCOMPARE(finding.evidence.at(0).artifactId, qint64(42));
            }
        }
        QCOMPARE(checks, containerChecks());
    }

    void containerRemovedDuringScan()
    {
        // `docker ps` listed a container that was gone by `docker inspect`: exit 1, the others printed.
        const QByteArray output = readData("container-app-20.10.json");
        const QByteArray errorOutput = "Error: No such container: " + QByteArray(64, 'f') + '\n';
        const QVector<Finding> findings = containerFindings({inspectArtifact(output, 1, errorOutput)});
        QCOMPARE(findings.size(), 5);
        for (const Finding& finding : findings)
            QCOMPARE(finding.subject.name, QStringLiteral("app"));
        // Any other error text keeps it an error.
        const QVector<Finding> failed =
            containerFindings({inspectArtifact(output, 1, errorOutput + "Error: something else\n")});
        QCOMPARE(failed.at(0).status, Status::Error);
    }

    // A large host is judged on several threads: the findings, their order, evidence and texts are the same
    // as one thread gives, whatever the number of workers (and the excerpts are the bytes at the locators).
    void workersGiveTheSameFindings()
    {
        const QJsonObject base = QJsonDocument::fromJson(readData("container-app-20.10.json")).array().at(0).toObject();
        QJsonArray list;
        for (int i = 0; i < 301; ++i) {
            QJsonObject c = base;
            c.insert(QStringLiteral("Id"), QStringLiteral("%1").arg(i, 64, 16, QLatin1Char('0')));
            c.insert(QStringLiteral("Name"), QStringLiteral("/app-%1").arg(i));
            setPath(c, QStringLiteral("HostConfig"), QStringLiteral("Privileged"), i % 7 == 0);
            setPath(c, QStringLiteral("HostConfig"), QStringLiteral("Memory"), i % 3 == 0 ? 0 : 268435456);
            if (i % 11 == 0)
                setPath(c, QStringLiteral("Config"), QStringLiteral("User"), QJsonValue::Undefined);
            list.append(c);
        }
        const QVector<Artifact> artifacts{inspectArtifact(QJsonDocument(list).toJson(QJsonDocument::Compact))};
        const QVector<Finding> one = Evaluator::evaluateHost(artifacts, {}, 1);
        QVERIFY(one.size() > 301 * 20);
        const QString misquoted = test::excerptNotAtLocator(one, artifacts);
        QVERIFY2(misquoted.isEmpty(), qPrintable(misquoted));
        for (const int workers : {2, 3, 4, 0}) {
            const QVector<Finding> many = Evaluator::evaluateHost(artifacts, {}, workers);
            QCOMPARE(many.size(), one.size());
            for (qsizetype i = 0; i < one.size(); ++i) {
                const Finding& a = one.at(i);
                const Finding& b = many.at(i);
                const QString where =
                    QStringLiteral("workers %1, finding %2 (%3 %4)").arg(workers).arg(i).arg(a.checkId, a.subject.name);
                QVERIFY2(a.checkId == b.checkId && a.subject.id == b.subject.id && a.status == b.status &&
                             a.expected == b.expected && a.actual == b.actual && a.message == b.message,
                         qPrintable(where));
                QVERIFY2(a.evidence.size() == b.evidence.size(), qPrintable(where));
                for (qsizetype e = 0; e < a.evidence.size(); ++e)
                    QVERIFY2(a.evidence.at(e).locator == b.evidence.at(e).locator &&
                                 a.evidence.at(e).excerpt == b.evidence.at(e).excerpt,
                             qPrintable(where));
            }
        }
    }

    void hostileNames()
    {
        const Artifact artifact = inspectArtifact(appContainerWith([](QJsonObject& c) {
            c.insert(QStringLiteral("Name"), QStringLiteral("/$(reboot)<b>\x1b[2Jx"));
            setPath(c, QStringLiteral("Config"), QStringLiteral("Env"),
                    QJsonArray{QStringLiteral("DB\x1b[31m_PASSWORD=hunter2")});
        }));
        const QVector<Finding> findings = containerFindings({artifact});
        QCOMPARE(findings.size(), 5);
        // The name is kept as data (views escape it); messages carry no control characters.
        QCOMPARE(findings.at(0).subject.name, QStringLiteral("$(reboot)<b>\x1b[2Jx"));
        const Finding* secrets = find(findings, Secrets);
        QCOMPARE(secrets->status, Status::Fail);
        QVERIFY(!secrets->message.contains(QLatin1Char('\x1b')));
        QVERIFY(!allText(*secrets).contains(QStringLiteral("hunter2")));
    }

    void mutatedInputsNeverCrashOrPass()
    {
        // Deterministic damage to a real capture: cut short, bytes flipped, brackets dropped. The
        // redactor, the pointer scanner and the evaluator must survive all of it, and whenever the
        // output does not parse every finding is an error, never a pass.
        const QByteArray real = readData("containers-docker-20.10.json");
        QRandomGenerator random(2024);
        int unparsed = 0;
        for (int round = 0; round < 90; ++round) {
            QByteArray damaged = real;
            switch (round % 3) {
            case 0:
                damaged.truncate(random.bounded(static_cast<int>(real.size())));
                break;
            case 1:
                for (int flips = 1 + random.bounded(5); flips > 0; --flips)
                    damaged[random.bounded(static_cast<int>(damaged.size()))] = static_cast<char>(random.bounded(256));
                break;
            default:
                damaged.remove(damaged.lastIndexOf(random.bounded(2) ? '}' : ']'), 1);
                break;
            }
            const Artifact artifact = inspectArtifact(damaged);
            (void)JsonPointer::locate(artifact.output, QStringLiteral("/3/Config/User"));
            const bool parses = ContainerInspectParser::parse(artifact.output).ok();
            const QVector<Finding> findings = containerFindings({artifact});
            QVERIFY(!findings.isEmpty());
            if (!parses) {
                ++unparsed;
                for (const Finding& finding : findings)
                    QCOMPARE(finding.status, Status::Error);
            }
        }
        QVERIFY(unparsed > 30); // the damage really produced broken documents
    }
};

QTEST_GUILESS_MAIN(TestEvaluator)
#include "tst_evaluator.moc"
