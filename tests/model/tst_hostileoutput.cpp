// SPDX-License-Identifier: GPL-3.0-or-later
// Probe output a hostile host may print, at the model's boundary (issue 3, item 7): keys repeated in one
// JSON object (the parsers, the JSON pointers of the evidence and the secret redactor must not disagree on
// which value counts), output cut in the middle of a string, output that is not the JSON it should be. The
// fuzz targets (tests/fuzz) found the first; the cases here keep it fixed.
#include "core/JsonPointer.h"
#include "facts/ContainerInspectParser.h"
#include "facts/DockerInfoParser.h"
#include "facts/ImageInspectParser.h"
#include "probes/Probe.h"
#include "probes/ProbeRedactor.h"
#include "secrets/SecretRedactor.h"

#include <QTest>

using namespace bulkhead;

namespace {

const QByteArray Id(64, 'a');

// JSON written with single quotes, for legibility here: j("{'a': 1}") is {"a": 1}.
QByteArray j(const char* text)
{
    return QByteArray(text).replace('\'', '"');
}
constexpr const char* Secret = "first-hunter2-Qx9";

} // namespace

class TestHostileOutput : public QObject
{
    Q_OBJECT

private slots:
    void repeatedKeysAreMalformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("Config twice: User 1000, then root")
            << QByteArray(j("[{'Id': '") + Id + j("', 'Config': {'User': '1000'}, 'Config': {'User': 'root'}}]"));
        QTest::newRow("User twice in one Config")
            << QByteArray(j("[{'Id': '") + Id + j("', 'Config': {'User': 'root', 'User': '1000'}}]"));
        QTest::newRow("Id twice") << QByteArray(j("[{'Id': '") + Id + j("', 'Id': '") + Id + j("'}]"));
    }

    // nlohmann keeps the last value, a JSON pointer finds the first: the evidence would cite a value
    // other than the one evaluated. Such a document is malformed.
    void repeatedKeysAreMalformed()
    {
        QFETCH(QByteArray, json);
        const auto parsed = ContainerInspectParser::parse(json);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.errorMessage().contains(QLatin1String("appears twice")), qPrintable(parsed.errorMessage()));
    }

    void repeatedKeysInOtherDocuments()
    {
        const auto image = ImageInspectParser::parse(j("[{'Id': 'sha256:") + Id + j("', 'Os': 'linux', 'Os': 'x'}]"));
        QVERIFY(!image.ok());
        const auto info = DockerInfoParser::parse(j("{'ID': 'a', 'ServerVersion': '20.10', 'ServerVersion': '1'}"));
        QVERIFY(!info.ok());
        QVERIFY(info.errorMessage().contains(QLatin1String("\"ServerVersion\" appears twice")));
        // The same key in two different objects is fine.
        const auto two = ContainerInspectParser::parse(j("[{'Id': '") + Id + j("', 'Config': {'User': '1'}},") +
                                                       j(" {'Id': '") + Id + j("', 'Config': {'User': '2'}}]"));
        QVERIFY2(two.ok(), qPrintable(two.errorMessage()));
        QCOMPARE(two->size(), 2);
    }

    // The redactor walked only the last of two Config objects and, finding no secret, stored the bytes
    // untouched: the secret in the first went to the workspace.
    void repeatedKeysCannotHideASecret_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("Config twice") << QByteArray(j("[{'Id': '") + Id + j("', 'Config': {'Env': ['DB_PASSWORD=") +
                                                    Secret + j("']}, 'Config': {'Env': []}}]"));
        QTest::newRow("Env twice") << QByteArray(j("[{'Config': {'Env': ['DB_PASSWORD=")) + Secret +
                                          j("'], 'Env': ['PATH=/bin']}}]");
        QTest::newRow("Labels twice") << QByteArray(j("[{'Config': {'Labels': {'api_token': '")) + Secret +
                                             j("'}, 'Labels': {}}}]");
    }

    void repeatedKeysCannotHideASecret()
    {
        QFETCH(QByteArray, json);
        const Redaction redaction = SecretRedactor::redactInspect(json);
        QVERIFY2(!redaction.output.contains(Secret), redaction.output.constData());
        QVERIFY(!redaction.hits.isEmpty());
        QVERIFY(redaction.malformed);
    }

    void repeatedKeysInJsonLines()
    {
        Probe history;
        history.name = QStringLiteral("docker.images.history");
        history.format = ProbeFormat::JsonLines;
        const QByteArray lines = QByteArray(j("{'CreatedBy': '/bin/sh -c #(nop)  ENV DB_PASSWORD=")) + Secret +
                                 j("', 'CreatedBy': 'safe'}") + "\n{\"CreatedBy\": \"ok\"}\n";
        const Redaction redaction = ProbeRedactor::redact(history, lines);
        QVERIFY2(!redaction.output.contains(Secret), redaction.output.constData());
        QVERIFY(redaction.malformed);
    }

    // A string cut by the end of the output: what is left of it may be half a token, which no longer has
    // the shape that gives it away. It goes whole.
    void cutOffStringGoesWhole_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QByteArray>("kept");
        QTest::addColumn<QByteArray>("gone");
        const QByteArray token = "ghp_0123456789abcdefghij"; // the first 20 of 36 characters
        QTest::newRow("half a token under an innocent name")
            << QByteArray("[{\"Config\": {\"Env\": [\"PATH=/bin\", \"NOTE_FOR_OPS=" + token)
            << QByteArray("\"PATH=/bin\"") << token;
        QTest::newRow("half a value under a secret name")
            << QByteArray("[{\"Config\": {\"Env\": [\"DB_PASSWORD=hunter") << QByteArray("\"DB_PASSWORD=[REDACTED:")
            << QByteArray("hunter");
        QTest::newRow("cut in a label value") << QByteArray("[{\"Labels\": {\"note\": \"" + token)
                                              << QByteArray("\"note\": \"[REDACTED:cut-off]") << token;
        QTest::newRow("cut after a backslash")
            << QByteArray("[{\"Labels\": {\"note\": \"" + token + "\\") << QByteArray("[REDACTED:cut-off]") << token;
    }

    void cutOffStringGoesWhole()
    {
        QFETCH(QByteArray, json);
        QFETCH(QByteArray, kept);
        QFETCH(QByteArray, gone);
        const Redaction redaction = SecretRedactor::redactInspect(json);
        QVERIFY2(redaction.output.contains(kept), redaction.output.constData());
        QVERIFY2(!redaction.output.contains(gone), redaction.output.constData());
        QVERIFY(redaction.malformed);
        // The byte-level pass is stable: a second one finds nothing more.
        QVERIFY(SecretRedactor::redactInspect(redaction.output).hits.isEmpty());
    }

    void wholeStringsAreNotCutOff()
    {
        const QByteArray json = "[{\"Labels\": {\"note\": \"hello\"}}"; // the document is cut, no string is
        const Redaction redaction = SecretRedactor::redactInspect(json);
        QCOMPARE(redaction.output, json);
        QVERIFY(redaction.hits.isEmpty());
        QVERIFY(redaction.malformed);
    }

    void malformedIsOnlyForOutputThatShouldHaveBeenJson()
    {
        QVERIFY(!SecretRedactor::redactInspect("[]").malformed);
        QVERIFY(!SecretRedactor::redactInspect(j("[{'Config': {'Env': ['DB_PASSWORD=x1y2z3']}}]")).malformed);
        QVERIFY(!SecretRedactor::redactInspect("").malformed);
        QVERIFY(!SecretRedactor::redactInspect(" \n").malformed);
        QVERIFY(SecretRedactor::redactInspect("this is not JSON at all\n").malformed);
        QVERIFY(SecretRedactor::redactInspect("{\"a\": \"caf\xe9\"}").malformed); // not UTF-8
        Probe text;
        text.format = ProbeFormat::Text;
        QVERIFY(!ProbeRedactor::redact(text, "not JSON, and need not be\n").malformed);
    }
};

QTEST_GUILESS_MAIN(TestHostileOutput)
#include "tst_hostileoutput.moc"
