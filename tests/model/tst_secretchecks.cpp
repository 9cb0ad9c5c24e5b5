// SPDX-License-Identifier: GPL-3.0-or-later
// The secret checks over what the redaction stored (issue 4, tip 8, CIS 4.10): one finding per container
// or image, citing every location (JSON pointer or history line) with its rule and fingerprint, and never
// the value.
#include "checks/Evaluator.h"
#include "probes/Probe.h"
#include "probes/ProbeRedactor.h"
#include "secrets/SecretSalt.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace bulkhead;

namespace {

const QString ImageA = QStringLiteral("sha256:") + QString(64, QLatin1Char('a'));

SecretSalt salt()
{
    return SecretSalt::fromHex(QString(64, QLatin1Char('5'))).value();
}

QString allText(const Finding& finding)
{
    QString text = finding.message + finding.actual + finding.expected;
    for (const EvidenceRef& ref : finding.evidence)
        text += ref.excerpt + ref.locator;
    return text;
}

Finding only(const QVector<Finding>& findings, const QString& checkId)
{
    for (const Finding& finding : findings) {
        if (finding.checkId == checkId)
            return finding;
    }
    qFatal("no finding %s", qPrintable(checkId));
}

QStringList locators(const Finding& finding)
{
    QStringList out;
    for (const EvidenceRef& ref : finding.evidence)
        out << ref.locator;
    return out;
}

Artifact stored(qint64 id, const QString& probe, const QByteArray& raw)
{
    Artifact artifact;
    artifact.id = id;
    artifact.probe = probe;
    artifact.exitStatus = 0;
    artifact.output = ProbeRedactor::redact(*ProbeCatalog::find(probe), raw, salt()).output;
    return artifact;
}

QByteArray container(const QJsonObject& config, const QString& path, const QStringList& args)
{
    QFile file(QStringLiteral(BULKHEAD_TEST_DATA "/container-app-20.10.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read container-app-20.10.json");
    QJsonArray containers = QJsonDocument::fromJson(file.readAll()).array();
    QJsonObject c = containers.at(0).toObject();
    QJsonObject merged = c.value(QStringLiteral("Config")).toObject();
    for (auto it = config.begin(); it != config.end(); ++it)
        merged.insert(it.key(), it.value());
    c.insert(QStringLiteral("Config"), merged);
    c.insert(QStringLiteral("Path"), path);
    c.insert(QStringLiteral("Args"), QJsonArray::fromStringList(args));
    containers[0] = c;
    return QJsonDocument(containers).toJson();
}

} // namespace

class TestSecretChecks : public QObject
{
    Q_OBJECT

private slots:
    void containerFindingCitesEveryLocation()
    {
        const QJsonObject config{
            {QStringLiteral("Env"),
             QJsonArray{QStringLiteral("PATH=/usr/bin"), QStringLiteral("DB_PASSWORD=Ex-Chk-Pass")}},
            {QStringLiteral("Labels"),
             QJsonObject{{QStringLiteral("com.example.api-token"), QStringLiteral("Ex-Chk-Tok")},
                         {QStringLiteral("maintainer"), QStringLiteral("team")}}},
            {QStringLiteral("Entrypoint"), QJsonArray{QStringLiteral("mysql")}},
            {QStringLiteral("Cmd"), QJsonArray{QStringLiteral("-uroot"), QStringLiteral("-pEx-Chk-Mysql")}},
        };
        const QByteArray raw =
            container(config, QStringLiteral("app"), {QStringLiteral("--password"), QStringLiteral("Ex-Chk-Pass")});
        const Artifact artifact = stored(7, QStringLiteral("docker.containers.inspect"), raw);
        const Finding finding =
            only(Evaluator::evaluateHost({artifact}), QStringLiteral("container.no-secrets-in-env"));
        QCOMPARE(finding.status, Status::Fail);
        const QStringList cited = locators(finding);
        QVERIFY2(cited.contains(QStringLiteral("/0/Config/Env/1")), qPrintable(cited.join(QLatin1Char(' '))));
        QVERIFY(cited.contains(QStringLiteral("/0/Config/Labels/com.example.api-token")));
        QVERIFY(cited.contains(QStringLiteral("/0/Config/Cmd/1"))); // the arguments of Entrypoint ["mysql"]
        QVERIFY(cited.contains(QStringLiteral("/0/Args/1")));
        QCOMPARE(cited.size(), 4);
        for (const EvidenceRef& ref : finding.evidence)
            QVERIFY2(ref.excerpt.contains(QLatin1String("[REDACTED:")), qPrintable(ref.excerpt));
        // The rule and fingerprint of each location; the same password twice has one fingerprint.
        static const QRegularExpression entry(QStringLiteral("\\(([a-z-]+), #([0-9a-f]{16})\\)"));
        QStringList fingerprints;
        for (auto it = entry.globalMatch(finding.actual); it.hasNext();)
            fingerprints << it.next().captured(2);
        QCOMPARE(fingerprints.size(), 4);
        QCOMPARE(fingerprints.at(0), fingerprints.at(3)); // DB_PASSWORD and Args[1]
        QVERIFY(fingerprints.at(0) != fingerprints.at(1));
        QVERIFY(fingerprints.at(1) != fingerprints.at(2));
        QVERIFY2(finding.message.startsWith(QLatin1String("3 secret(s) in 4 places")), qPrintable(finding.message));
        for (const char* value : {"Ex-Chk-Pass", "Ex-Chk-Tok", "Ex-Chk-Mysql"})
            QVERIFY2(!allText(finding).contains(QLatin1String(value)), value);
    }

    void containerProgramPasswordOption()
    {
        // Path + Args is what the container runs: mysql -pVALUE there is found.
        const QByteArray raw = container({}, QStringLiteral("mysql"), {QStringLiteral("-pEx-Chk-Mysql")});
        const Finding finding =
            only(Evaluator::evaluateHost({stored(8, QStringLiteral("docker.containers.inspect"), raw)}),
                 QStringLiteral("container.no-secrets-in-env"));
        QCOMPARE(finding.status, Status::Fail);
        QVERIFY2(finding.actual.contains(QLatin1String("Args[0] (password-option, #")), qPrintable(finding.actual));
        QVERIFY(!allText(finding).contains(QLatin1String("Ex-Chk-Mysql")));
    }

    void cleanContainerPasses()
    {
        const QJsonObject config{
            {QStringLiteral("Env"), QJsonArray{QStringLiteral("GIT_COMMIT=3f1c2a9e8b7d6c5a4f3e")}},
            {QStringLiteral("Labels"), QJsonObject{{QStringLiteral("maintainer"), QStringLiteral("x")}}},
            {QStringLiteral("Cmd"),
             QJsonArray{QStringLiteral("nginx"), QStringLiteral("-g"), QStringLiteral("daemon off;")}}};
        const QByteArray raw = container(config, QStringLiteral("nginx"), {QStringLiteral("-g")});
        const Finding finding =
            only(Evaluator::evaluateHost({stored(9, QStringLiteral("docker.containers.inspect"), raw)}),
                 QStringLiteral("container.no-secrets-in-env"));
        QCOMPARE(finding.status, Status::Pass);
    }

    void imageFindingCoversLabelsCommandAndHistory()
    {
        const QJsonObject config{
            {QStringLiteral("User"), QStringLiteral("1000")},
            {QStringLiteral("Env"),
             QJsonArray{QString(QStringLiteral("PYTHON_SHA256=") + QString(64, QLatin1Char('c')))}},
            {QStringLiteral("Labels"), QJsonObject{{QStringLiteral("deploy.secret"), QStringLiteral("Ex-Img-Label")}}},
            {QStringLiteral("Cmd"),
             QJsonArray{QStringLiteral("redis-cli"), QStringLiteral("-a"), QStringLiteral("Ex-Img-Redis")}},
        };
        const QJsonObject inspect{{QStringLiteral("Id"), ImageA},
                                  {QStringLiteral("RepoTags"), QJsonArray{QStringLiteral("shop/web:1.4")}},
                                  {QStringLiteral("RepoDigests"), QJsonArray{}},
                                  {QStringLiteral("Created"), QStringLiteral("2026-10-01T10:00:00Z")},
                                  {QStringLiteral("Config"), config},
                                  {QStringLiteral("RootFS"), QJsonObject{{QStringLiteral("Layers"), QJsonArray{}}}}};
        QByteArray history;
        for (const QString& step :
             {QStringLiteral("/bin/sh -c curl -H \"Authorization: Bearer ExImgBearer0123456789\" https://x/a.tgz"),
              QStringLiteral("/bin/sh -c echo \"$TOKEN\"")}) {
            const QJsonObject layer{{QStringLiteral("CreatedBy"), step},
                                    {QStringLiteral("ID"), QStringLiteral("<missing>")},
                                    {QStringLiteral("CreatedAt"), QStringLiteral("2026-10-01T10:00:00Z")},
                                    {QStringLiteral("Size"), QStringLiteral("1MB")},
                                    {QStringLiteral("Comment"), QString()}};
            history += QJsonDocument(QJsonObject{{QStringLiteral("Image"), ImageA}, {QStringLiteral("Layer"), layer}})
                           .toJson(QJsonDocument::Compact) +
                       "\n";
        }
        const Artifact images =
            stored(1, QStringLiteral("docker.images.inspect"), QJsonDocument(QJsonArray{inspect}).toJson());
        const Artifact layers = stored(2, QStringLiteral("docker.images.history"), history);
        const Finding finding = only(Evaluator::evaluateHost({images, layers}), QStringLiteral("image.no-secrets"));
        QCOMPARE(finding.status, Status::Fail);
        QVERIFY2(finding.actual.contains(QLatin1String("LABEL deploy.secret (secret-by-name, #")),
                 qPrintable(finding.actual));
        QVERIFY(finding.actual.contains(QLatin1String("CMD[2] (password-option, #")));
        QVERIFY(finding.actual.contains(QLatin1String("a build step (authorization-header, #")));
        QVERIFY(!finding.actual.contains(QLatin1String("PYTHON_SHA256"))); // a checksum is not a secret
        const QStringList cited = locators(finding);
        QVERIFY(cited.contains(QStringLiteral("/0/Config/Labels/deploy.secret")));
        QVERIFY(cited.contains(QStringLiteral("/0/Config/Cmd/2")));
        QVERIFY(cited.contains(QStringLiteral("lines 1-1")));
        for (const char* value : {"Ex-Img-Label", "Ex-Img-Redis", "ExImgBearer0123456789"})
            QVERIFY2(!allText(finding).contains(QLatin1String(value)), value);
    }
};

QTEST_GUILESS_MAIN(TestSecretChecks)
#include "tst_secretchecks.moc"
