// SPDX-License-Identifier: GPL-3.0-or-later
// The image checks (CIS 4.1, 4.6, 4.7, 4.9, 4.10; issue 4): every local image judged from its inspect and
// its build history as a scan stores them (redacted), with passing and failing images.
#include "checks/CheckCatalog.h"
#include "checks/Evaluator.h"
#include "checks/ImageRules.h"
#include "probes/ProbeRedactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bulkhead;

namespace {

const QString ImageA = QStringLiteral("sha256:") + QString(64, QLatin1Char('a'));

QJsonObject image(const QString& user, bool healthcheck, const QStringList& env)
{
    QJsonObject config{{QStringLiteral("User"), user}, {QStringLiteral("Env"), QJsonArray::fromStringList(env)}};
    if (healthcheck)
        config.insert(QStringLiteral("Healthcheck"),
                      QJsonObject{{QStringLiteral("Test"), QJsonArray{QStringLiteral("CMD"), QStringLiteral("true")}}});
    return QJsonObject{{QStringLiteral("Id"), ImageA},
                       {QStringLiteral("RepoTags"), QJsonArray{QStringLiteral("shop/web:1.4")}},
                       {QStringLiteral("RepoDigests"), QJsonArray{}},
                       {QStringLiteral("Created"), QStringLiteral("2026-10-01T10:00:00Z")},
                       {QStringLiteral("Config"), config},
                       {QStringLiteral("RootFS"), QJsonObject{{QStringLiteral("Layers"), QJsonArray{}}}}};
}

QByteArray historyOf(const QStringList& createdBy) // newest first, as docker prints it
{
    QByteArray lines;
    for (const QString& step : createdBy) {
        const QJsonObject layer{{QStringLiteral("CreatedBy"), step},
                                {QStringLiteral("ID"), QStringLiteral("<missing>")},
                                {QStringLiteral("CreatedAt"), QStringLiteral("2026-10-01T10:00:00Z")},
                                {QStringLiteral("Size"), QStringLiteral("1MB")},
                                {QStringLiteral("Comment"), QString()}};
        lines += QJsonDocument(QJsonObject{{QStringLiteral("Image"), ImageA}, {QStringLiteral("Layer"), layer}})
                     .toJson(QJsonDocument::Compact) +
                 "\n";
    }
    return lines;
}

// The findings of the image checks for one image, stored the way the collector stores artifacts.
QMap<QString, Finding> judge(const QJsonObject& inspect, const QByteArray& history, int historyExit = 0)
{
    Probe images;
    images.name = QStringLiteral("docker.images.inspect");
    images.format = ProbeFormat::Json;
    Probe historyProbe;
    historyProbe.name = QStringLiteral("docker.images.history");
    historyProbe.format = ProbeFormat::JsonLines;
    Artifact a;
    a.id = 1;
    a.probe = images.name;
    a.exitStatus = 0;
    a.output = ProbeRedactor::redact(images, QJsonDocument(QJsonArray{inspect}).toJson()).output;
    Artifact h;
    h.id = 2;
    h.probe = historyProbe.name;
    h.exitStatus = historyExit;
    h.output = ProbeRedactor::redact(historyProbe, history).output;
    QMap<QString, Finding> found;
    for (const Finding& finding : Evaluator::evaluateHost({a, h})) {
        if (ImageRules::ids().contains(finding.checkId))
            found.insert(finding.checkId, finding);
    }
    return found;
}

} // namespace

class TestImageRules : public QObject
{
    Q_OBJECT

private slots:
    void catalog()
    {
        for (const QString& id : ImageRules::ids()) {
            const CheckDefinition* check = CheckCatalog::instance().find(id);
            QVERIFY2(check, qPrintable(id));
            QCOMPARE(check->level, SubjectKind::Image);
        }
    }

    void goodImage()
    {
        const auto findings = judge(image(QStringLiteral("10001"), true, {QStringLiteral("PATH=/usr/bin")}),
                                    historyOf({QStringLiteral("/bin/sh -c #(nop)  USER 10001"),
                                               QStringLiteral("/bin/sh -c apt-get update && apt-get install -y curl"),
                                               QStringLiteral("COPY app /app # buildkit"),
                                               QStringLiteral("/bin/sh -c #(nop) ADD file:0123abcd in / ")}));
        QCOMPARE(findings.size(), ImageRules::ids().size());
        for (const Finding& finding : findings) {
            QVERIFY2(finding.status == Status::Pass, qPrintable(finding.checkId + QLatin1Char(' ') + finding.message));
            QCOMPARE(finding.subject.kind, SubjectKind::Image);
            QCOMPARE(finding.subject.name, QStringLiteral("shop/web:1.4"));
            QVERIFY2(!finding.evidence.isEmpty(), qPrintable(finding.checkId));
            QVERIFY(finding.message.contains(QLatin1String("not used by any container")));
        }
    }

    void badImage()
    {
        const auto findings = judge(
            image(QString(), false, {QStringLiteral("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")}),
            historyOf({QStringLiteral("/bin/sh -c apt-get update"),
                       QStringLiteral("ADD https://example.com/tool.tgz /opt/ # buildkit"),
                       QStringLiteral("/bin/sh -c #(nop) ADD file:0123abcd in / ")}));
        QCOMPARE(findings.value(QStringLiteral("image.user-not-root")).status, Status::Fail);
        QCOMPARE(findings.value(QStringLiteral("image.healthcheck")).status, Status::Fail);
        QCOMPARE(findings.value(QStringLiteral("image.no-update-alone")).status, Status::Fail);
        QCOMPARE(findings.value(QStringLiteral("image.copy-not-add")).status, Status::Fail);
        const Finding secrets = findings.value(QStringLiteral("image.no-secrets"));
        QCOMPARE(secrets.status, Status::Fail);
        QVERIFY(secrets.message.contains(QLatin1String("AWS_SECRET_ACCESS_KEY")));
        QVERIFY(!secrets.message.contains(QLatin1String("wJalrXUtnFEMI")));
        for (const EvidenceRef& ref : secrets.evidence)
            QVERIFY(!ref.excerpt.contains(QLatin1String("wJalrXUtnFEMI"))); // evidence is the stored, redacted text
        // A local ADD warns; the base layer's ADD file: does not count.
        const auto local = judge(image(QStringLiteral("1"), true, {}),
                                 historyOf({QStringLiteral("ADD app.tar.gz /app # buildkit"),
                                            QStringLiteral("/bin/sh -c #(nop) ADD file:0123abcd in / ")}));
        QCOMPARE(local.value(QStringLiteral("image.copy-not-add")).status, Status::Warn);
    }

    void secretInBuildStep()
    {
        const auto findings = judge(image(QStringLiteral("1"), true, {}),
                                    historyOf({QStringLiteral("/bin/sh -c curl -H 'Authorization: token "
                                                              "ghp_0123456789abcdefghijABCDEFGHIJ012345' https://x")}));
        const Finding secrets = findings.value(QStringLiteral("image.no-secrets"));
        QVERIFY2(secrets.status == Status::Fail, qPrintable(secrets.message));
        QVERIFY(secrets.message.contains(QLatin1String("build step")));
    }

    void historyUnreadable()
    {
        const auto findings = judge(image(QStringLiteral("1"), true, {}), QByteArray(), 1);
        QCOMPARE(findings.value(QStringLiteral("image.no-update-alone")).status, Status::Error);
        QCOMPARE(findings.value(QStringLiteral("image.copy-not-add")).status, Status::Error);
        QCOMPARE(findings.value(QStringLiteral("image.no-secrets")).status,
                 Status::Error); // env clean, history unknown
        QCOMPARE(findings.value(QStringLiteral("image.healthcheck")).status, Status::Pass); // from the inspect alone
    }
};

QTEST_GUILESS_MAIN(TestImageRules)
#include "tst_imagerules.moc"
