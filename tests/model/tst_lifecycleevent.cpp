// SPDX-License-Identifier: GPL-3.0-or-later
// The container lifecycle watch (issue 3, item 6) at the model's boundary: the line splitter and the
// event parser take whatever a hostile host prints on the `docker events` channel; only a 64-hex id
// ever reaches a command; the stored evidence carries the event and the redacted inspect.

// The hostile lines below are built with +: plain QByteArray results, not QStringBuilder expressions
// (a QTest data row must hold exactly its column's type).
#undef QT_USE_QSTRINGBUILDER
#include "domain/Artifact.h"
#include "probes/Probe.h"
#include "probes/ProbeCommands.h"
#include "probes/ProbeRedactor.h"
#include "watch/LifecycleEvent.h"
#include "watch/LifecycleEvidence.h"
#include "watch/LineSplitter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bulkhead;

namespace {

const QByteArray Id = QByteArray("0123456789abcdef").repeated(4);

// JSON written with single quotes, for legibility here: j("{'a': 1}") is {"a": 1}.
QByteArray j(const QByteArray& text)
{
    return QByteArray(text).replace('\'', '"');
}

QByteArray eventLine(const QByteArray& action, const QByteArray& id, const QByteArray& name = "web")
{
    return j("{'status':'") + action + j("','id':'") + id +
           j("','from':'bulkhead/base:1','Type':'container',"
             "'Action':'") +
           action + j("','Actor':{'ID':'") + id + j("','Attributes':{'image':'bulkhead/base:1','name':'") + name +
           j("','exitCode':'137','com.example.token':'hunter2'}},'scope':'local','time':1700000000,"
             "'timeNano':1700000000123456789}");
}

using Kind = LifecycleEventParser::Parsed::Kind;

} // namespace

class TestLifecycleEvent : public QObject
{
    Q_OBJECT

private slots:
    void parsesDockerEvents_data()
    {
        QTest::addColumn<QByteArray>("action");
        for (const char* action : {"create", "start", "die", "stop"})
            QTest::newRow(action) << QByteArray(action);
    }

    void parsesDockerEvents()
    {
        QFETCH(QByteArray, action);
        const auto parsed = LifecycleEventParser::parse(eventLine(action, Id));
        QCOMPARE(parsed.kind, Kind::Event);
        QCOMPARE(parsed.event.action, QString::fromLatin1(action));
        QCOMPARE(parsed.event.containerId, QString::fromLatin1(Id));
        QCOMPARE(parsed.event.name, QStringLiteral("web"));
        QCOMPARE(parsed.event.image, QStringLiteral("bulkhead/base:1"));
        QCOMPARE(parsed.event.time, 1700000000);
        QCOMPARE(parsed.event.timeNano, Q_INT64_C(1700000000123456789));
        QCOMPARE(parsed.event.exitCode, action == "die" ? QStringLiteral("137") : QString());
    }

    // Docker before 1.22 has no Actor: the top-level id is used.
    void parsesAnEventWithoutActor()
    {
        const auto parsed = LifecycleEventParser::parse(j("{'status':'start','id':'") + Id + j("','time':5}"));
        QCOMPARE(parsed.kind, Kind::Event);
        QCOMPARE(parsed.event.containerId, QString::fromLatin1(Id));
        QCOMPARE(parsed.event.action, QStringLiteral("start"));
    }

    void hostileLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("kind");
        const int malformed = int(Kind::Malformed);
        const int rejected = int(Kind::Rejected);
        QTest::newRow("empty") << QByteArray() << malformed;
        QTest::newRow("not JSON") << QByteArray("Error response from daemon: hello") << malformed;
        QTest::newRow("cut in half") << eventLine("start", Id).left(80) << malformed;
        QTest::newRow("array") << j("['start']") << malformed;
        QTest::newRow("string") << j("'start'") << malformed;
        QTest::newRow("two documents") << eventLine("start", Id) + eventLine("stop", Id) << malformed;
        QTest::newRow("key twice") << j("{'Action':'start','Action':'stop','id':'") + Id + j("','time':1}")
                                   << malformed;
        QTest::newRow("time as text") << j("{'Action':'start','id':'") + Id + j("','time':'1'}") << malformed;
        QTest::newRow("no time") << j("{'Action':'start','id':'") + Id + j("'}") << malformed;
        QTest::newRow("Actor not an object") << j("{'Action':'start','Actor':[],'time':1}") << malformed;
        QTest::newRow("id as a number") << j("{'Action':'start','id':12,'time':1}") << malformed;
        QTest::newRow("NUL in JSON") << QByteArray("{\"Action\":\"start\",\0\"time\":1}", 28) << malformed;
        QTest::newRow("deep nesting") << QByteArray(100000, '[') << malformed;
        QTest::newRow("short id") << eventLine("start", Id.left(12)) << rejected;
        QTest::newRow("uppercase id") << eventLine("start", Id.toUpper()) << rejected;
        QTest::newRow("65 hex digits") << eventLine("start", Id + "0") << rejected;
        QTest::newRow("id with shell code") << eventLine("start", Id.left(60) + "$(reboot)") << rejected;
        QTest::newRow("id; rm") << eventLine("start", Id + ";rm -rf /") << rejected;
        QTest::newRow("id with newline") << eventLine("start", Id.left(63) + "\\n") << rejected;
        QTest::newRow("id with ANSI escape") << eventLine("start", Id.left(59) + "\\u001b[2J") << rejected;
        QTest::newRow("id with a leading dash") << eventLine("start", "-" + Id.left(63)) << rejected;
        QTest::newRow("two ids") << j("{'Action':'start','id':'") + Id + j("','Actor':{'ID':'") + QByteArray(64, 'f') +
                                        j("'},'time':1}")
                                 << rejected;
        QTest::newRow("no id") << j("{'Action':'start','time':1}") << rejected;
        QTest::newRow("action not watched") << eventLine("exec_create: sh", Id) << rejected;
        QTest::newRow("image event") << j("{'Type':'image','Action':'delete','id':'") + Id + j("','time':1}")
                                     << rejected;
        QTest::newRow("exit code with text")
            << j("{'Action':'die','id':'") + Id + j("','Actor':{'Attributes':{'exitCode':'1; reboot'}},'time':1}")
            << rejected;
    }

    void hostileLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(int, kind);
        const auto parsed = LifecycleEventParser::parse(line);
        QCOMPARE(int(parsed.kind), kind);
        QVERIFY(!parsed.reason.isEmpty());
        QVERIFY(parsed.event.containerId.isEmpty());
        // The reason is ours, never the host's text.
        QVERIFY(!parsed.reason.contains(QLatin1String("reboot")));
        QVERIFY(!parsed.reason.contains(QChar(0x1b)));
    }

    // A name with ANSI escapes and bidi overrides is kept as data (escaped where shown), cut to the cap.
    void hostileTextIsKeptAsData()
    {
        const QByteArray name = "\\u001b]0;pwned\\u0007\\u202e" + QByteArray(5000, 'x');
        const auto parsed = LifecycleEventParser::parse(eventLine("start", Id, name));
        QCOMPARE(parsed.kind, Kind::Event);
        QVERIFY(parsed.event.name.startsWith(QChar(0x1b)));
        QCOMPARE(parsed.event.name.size(), LifecycleEventParser::MaxTextChars);
    }

    void containerIds()
    {
        QVERIFY(LifecycleEventParser::isContainerId(QString::fromLatin1(Id)));
        QVERIFY(!LifecycleEventParser::isContainerId(QString()));
        QVERIFY(!LifecycleEventParser::isContainerId(QString::fromLatin1(Id.left(63) + "g")));
        QVERIFY(!LifecycleEventParser::isContainerId(QString::fromLatin1(Id.left(63)) + QChar(0x0661))); // Arabic 1
    }

    void splitsLines()
    {
        LineSplitter splitter(16);
        auto lines = splitter.feed("abc\r\ndef\nhal");
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0).text, QByteArray("abc"));
        QCOMPARE(lines.at(1).text, QByteArray("def"));
        lines = splitter.feed("f\n\n");
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0).text, QByteArray("half"));
        QVERIFY(lines.at(1).text.isEmpty());
        QVERIFY(splitter.feed("tail").isEmpty());
        lines = splitter.finish();
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.at(0).text, QByteArray("tail"));
        QVERIFY(splitter.finish().isEmpty());
    }

    // A line over the cap is reported once, cut; the rest of it up to the newline is dropped, and the
    // next line is read normally. Nothing grows beyond the cap, however the bytes arrive.
    void boundsLines()
    {
        LineSplitter splitter(8);
        QVector<LineSplitter::Line> lines;
        const QByteArray huge(1 << 20, 'A');
        for (qsizetype i = 0; i < huge.size(); i += 4096)
            lines += splitter.feed(QByteArrayView(huge).sliced(i, 4096));
        lines += splitter.feed("AAAA\nok\n12345678\n123456789\n");
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines.at(0).overlong);
        QCOMPARE(lines.at(0).text, QByteArray(8, 'A'));
        QVERIFY(!lines.at(1).overlong);
        QCOMPARE(lines.at(1).text, QByteArray("ok"));
        QCOMPARE(lines.at(2).text, QByteArray("12345678")); // exactly the cap: fine
        QVERIFY(!lines.at(2).overlong);
        QVERIFY(lines.at(3).overlong);
        QVERIFY(splitter.finish().isEmpty());
        // An unterminated overlong line at the end is not reported twice.
        lines = splitter.feed(QByteArray(20, 'B'));
        QCOMPARE(lines.size(), 1);
        QVERIFY(splitter.finish().isEmpty());
    }

    void commands()
    {
        const QString events = LifecycleEvidence::eventsCommand(AccessMode::Direct, Q_INT64_C(1700000000042));
        const QString program = QStringLiteral("sh -c ") +
                                ProbeCommands::shellQuote(QLatin1String(LifecycleEvidence::EventsProgram)) +
                                QStringLiteral(" sh 1700000000.042");
        QCOMPARE(events, ProbeCommands::supervised(program));
        QVERIFY(program.contains(QLatin1String("docker events --since \"$1\" --filter type=container")));
        const QString sudo = LifecycleEvidence::eventsCommand(AccessMode::Sudo, 1);
        QVERIFY2(sudo.contains(QLatin1String(" sudo -n -- sh -c '\\''exec docker events --since \"$1\" ")) &&
                     sudo.contains(QLatin1String(" sh 0.001 ")),
                 qPrintable(sudo));
        const QString inspectProgram = QStringLiteral("sh -c ") +
                                       ProbeCommands::shellQuote(QLatin1String(LifecycleEvidence::InspectProgram)) +
                                       QStringLiteral(" sh ") + QString::fromLatin1(Id);
        const auto inspect = LifecycleEvidence::inspectCommand(AccessMode::Direct, QString::fromLatin1(Id));
        QVERIFY(inspect);
        QCOMPARE(inspect.value(), ProbeCommands::supervised(inspectProgram));
        QCOMPARE(LifecycleEvidence::inspectCommand(AccessMode::Sudo, QString::fromLatin1(Id)).value(),
                 ProbeCommands::supervised(QStringLiteral("sudo -n -- ") + inspectProgram));
        for (const QByteArray& bad : {Id.left(63) + ";", QByteArray("$(id)"), Id.toUpper(), QByteArray()})
            QVERIFY(!LifecycleEvidence::inspectCommand(AccessMode::Direct, QString::fromLatin1(bad)));
        // What `watch --sudo` runs as root is in the sudoers allow-list, each with its one argument.
        const QString allow = ProbeCommands::sudoersAllowList(QStringLiteral("operator"));
        for (const QString& p : LifecycleEvidence::sudoPrograms())
            QVERIFY2(allow.contains(QStringLiteral("/bin/sh -c ") + ProbeCommands::sudoersEscape(p) +
                                    QStringLiteral(" sh *")),
                     qPrintable(p));
    }

    // The stored evidence: the event, and the inspect as redacted before storage (an Env secret never
    // reaches the bytes).
    void composesEvidence()
    {
        const auto parsed = LifecycleEventParser::parse(eventLine("die", Id));
        QCOMPARE(parsed.kind, Kind::Event);
        const QByteArray inspect = j("[{'Id':'") + Id +
                                   j("','Name':'/web','Config':{'Env':['PATH=/bin',"
                                     "'DB_PASSWORD=hunter2-Qx9'],'Labels':{}}}]\n");
        Probe probe;
        probe.name = QLatin1String(LifecycleEvidence::ProbeName);
        probe.format = ProbeFormat::Json;
        const Redaction redacted = ProbeRedactor::redact(probe, inspect);
        QCOMPARE(redacted.hits.size(), 1);
        const QByteArray output = LifecycleEvidence::compose(parsed.event, redacted.output);
        QVERIFY(!output.contains("hunter2"));
        QVERIFY(output.contains("[REDACTED:"));

        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(output, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject event = document.object().value(QLatin1String("event")).toObject();
        QCOMPARE(event.value(QLatin1String("action")).toString(), QStringLiteral("die"));
        QCOMPARE(event.value(QLatin1String("id")).toString(), QString::fromLatin1(Id));
        QCOMPARE(event.value(QLatin1String("exitCode")).toString(), QStringLiteral("137"));
        QVERIFY(!output.contains("com.example.token")); // event attributes beyond these are not kept
        QCOMPARE(document.object().value(QLatin1String("inspect")).toArray().size(), 1);

        Artifact artifact;
        artifact.probe = QLatin1String(LifecycleEvidence::ProbeName);
        artifact.output = output;
        const auto back = LifecycleEvidence::eventOf(artifact);
        QVERIFY2(back, qPrintable(back.errorMessage()));
        QCOMPARE(back->action, QStringLiteral("die"));
        QCOMPARE(back->containerId, QString::fromLatin1(Id));
        QCOMPARE(back->timeNano, Q_INT64_C(1700000000123456789));
        QVERIFY(LifecycleEvidence::hasInspect(artifact));
    }

    // A container removed before its inspect ran: docker prints [] and "No such object"; the event is
    // evidence all the same. Output that is not JSON is kept as text.
    void composesEvidenceWithoutInspect()
    {
        const auto parsed = LifecycleEventParser::parse(eventLine("stop", Id, "a\\\"b"));
        Artifact artifact;
        artifact.probe = QLatin1String(LifecycleEvidence::ProbeName);
        for (const QByteArray& inspect : {QByteArray("[]\n"), QByteArray()}) {
            artifact.output = LifecycleEvidence::compose(parsed.event, inspect);
            QVERIFY(!QJsonDocument::fromJson(artifact.output).isNull());
            QVERIFY(!LifecycleEvidence::hasInspect(artifact));
            QCOMPARE(LifecycleEvidence::eventOf(artifact)->name, QStringLiteral("a\"b"));
        }
        artifact.output = LifecycleEvidence::compose(parsed.event, "not json \x01\"");
        const QJsonObject object = QJsonDocument::fromJson(artifact.output).object();
        QVERIFY(object.value(QLatin1String("inspect")).isNull());
        QCOMPARE(object.value(QLatin1String("inspect_text")).toString(), QStringLiteral("not json \x01\""));
        QVERIFY(!LifecycleEvidence::hasInspect(artifact));

        artifact.probe = QStringLiteral("docker.info");
        QVERIFY(!LifecycleEvidence::eventOf(artifact));
    }
};

QTEST_GUILESS_MAIN(TestLifecycleEvent)
#include "tst_lifecycleevent.moc"
