// SPDX-License-Identifier: GPL-3.0-or-later
// The secret scanner against its corpus (tests/model/data/secrets): every true positive fires with its
// rule where a scan would meet it (container Env, Labels, Cmd, Path+Args, image Env, image history) and
// is gone from the stored bytes; every look-alike leaves the output untouched. Also: fingerprints,
// hostile sizes, the rule file's failure mode, and a workspace file that never holds a secret.
#include "probes/Probe.h"
#include "probes/ProbeRedactor.h"
#include "secrets/SecretRedactor.h"
#include "secrets/SecretRules.h"
#include "secrets/SecretSalt.h"
#include "store/Workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace bulkhead;

namespace {

QJsonArray corpus(const char* file, const char* key)
{
    QFile in(QStringLiteral(BULKHEAD_TEST_DATA "/secrets/") + QLatin1String(file));
    if (!in.open(QIODevice::ReadOnly))
        qFatal("cannot read the secret corpus %s", file);
    return QJsonDocument::fromJson(in.readAll()).object().value(QLatin1String(key)).toArray();
}

// A string, or {"parts": [...]} joined: vendor formats are kept in pieces in the corpus files.
QString text(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    QString joined;
    const QJsonArray parts = value.toObject().value(QLatin1String("parts")).toArray();
    for (const QJsonValue& part : parts)
        joined += part.toString();
    return joined;
}

QString valueOf(const QJsonObject& entry)
{
    return entry.contains(QLatin1String("value")) ? entry.value(QLatin1String("value")).toString() : text(entry);
}

QString secretOf(const QJsonObject& entry)
{
    return entry.contains(QLatin1String("secret")) ? text(entry.value(QLatin1String("secret"))) : valueOf(entry);
}

struct Outcome
{
    QByteArray input;
    Redaction redaction;
};

// The entry as a scan would store it: an inspect document or a history line, through the probe's redaction.
Outcome run(const QJsonObject& entry, const SecretSalt& salt)
{
    const QString where = entry.value(QLatin1String("in")).toString();
    const QString name = entry.value(QLatin1String("name")).toString();
    QJsonObject subject{{QStringLiteral("Id"), QStringLiteral("0123456789abcdef")}};
    QJsonObject config;
    QString probe = QStringLiteral("docker.containers.inspect");
    if (where == QLatin1String("env") || where == QLatin1String("image-env")) {
        config.insert(QStringLiteral("Env"), QJsonArray{QString(name + QLatin1Char('=') + valueOf(entry))});
        if (where == QLatin1String("image-env"))
            probe = QStringLiteral("docker.images.inspect");
    } else if (where == QLatin1String("label")) {
        config.insert(QStringLiteral("Labels"), QJsonObject{{name, valueOf(entry)}});
    } else if (where == QLatin1String("cmd")) {
        QJsonArray words;
        for (const QJsonValue& word : entry.value(QLatin1String("cmd")).toArray())
            words.append(text(word));
        config.insert(QStringLiteral("Cmd"), words);
    } else if (where == QLatin1String("args")) {
        subject.insert(QStringLiteral("Path"), entry.value(QLatin1String("path")));
        subject.insert(QStringLiteral("Args"), entry.value(QLatin1String("args")));
    } else if (where == QLatin1String("history")) {
        probe = QStringLiteral("docker.images.history");
        const QJsonObject line{{QStringLiteral("CreatedBy"), text(entry.value(QLatin1String("line")))},
                               {QStringLiteral("ID"), QStringLiteral("<missing>")},
                               {QStringLiteral("Image"), QStringLiteral("sha256:0123")}};
        const QByteArray input = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
        return Outcome{input, ProbeRedactor::redact(*ProbeCatalog::find(probe), input, salt)};
    } else {
        qFatal("unknown corpus location %s", qPrintable(where));
    }
    subject.insert(QStringLiteral("Config"), config);
    const QByteArray input = QJsonDocument(QJsonArray{subject}).toJson();
    return Outcome{input, ProbeRedactor::redact(*ProbeCatalog::find(probe), input, salt)};
}

bool validJson(const QByteArray& output, bool lines)
{
    const QList<QByteArray> documents = lines ? output.split('\n') : QList<QByteArray>{output};
    for (const QByteArray& document : documents) {
        if (document.trimmed().isEmpty())
            continue;
        QJsonParseError error;
        QJsonDocument::fromJson(document, &error);
        if (error.error != QJsonParseError::NoError)
            return false;
    }
    return true;
}

SecretSalt saltOf(char fill)
{
    return SecretSalt::fromHex(QString(64, QLatin1Char(fill))).value();
}

} // namespace

class TestSecretCorpus : public QObject
{
    Q_OBJECT

private slots:
    void rulesLoad()
    {
        const SecretRules& rules = SecretRules::instance();
        QVERIFY2(rules.loadError().isEmpty(), qPrintable(rules.loadError()));
        QVERIFY(rules.valueRules().size() >= 15);
        QVERIFY(rules.nameRules().size() >= 8);
    }

    void brokenRulesFailClosed()
    {
        // A rule file that cannot be used must not let secrets through: every value is redacted.
        const SecretRules empty(QByteArray("{}"));
        QVERIFY(!empty.loadError().isEmpty());
        QCOMPARE(empty.classify(QStringLiteral("LOG_LEVEL"), QStringLiteral("debug")),
                 QStringLiteral("rules-unavailable"));
        const SecretRules badRegex(QByteArray("{\"valueRules\":[{\"id\":\"x\",\"description\":\"x\",\"regex\":\"(\"}],"
                                              "\"nameRules\":[{\"id\":\"y\",\"description\":\"y\"}]}"));
        QVERIFY(badRegex.loadError().contains(QLatin1String("invalid")));
        QVERIFY(!SecretRules(QByteArray("not json")).loadError().isEmpty());
    }

    void truePositives_data()
    {
        QTest::addColumn<QJsonObject>("entry");
        for (const QJsonValue& value : corpus("true-positives.json", "truePositives")) {
            const QJsonObject entry = value.toObject();
            QTest::newRow(qPrintable(entry.value(QLatin1String("id")).toString())) << entry;
        }
    }

    void truePositives()
    {
        QFETCH(QJsonObject, entry);
        const QString rule = entry.value(QLatin1String("rule")).toString();
        const QString secret = secretOf(entry);
        QVERIFY(!secret.isEmpty());
        const Outcome outcome = run(entry, saltOf('a'));
        QStringList rules;
        for (const SecretHit& hit : outcome.redaction.hits)
            rules << hit.rule;
        QVERIFY2(rules.contains(rule),
                 qPrintable(QStringLiteral("expected %1, got [%2]").arg(rule, rules.join(QLatin1Char(',')))));
        QVERIFY2(!outcome.redaction.output.contains(secret.toUtf8()), outcome.redaction.output.constData());
        QVERIFY(validJson(outcome.redaction.output, entry.value(QLatin1String("in")) == QLatin1String("history")));
        QVERIFY(!outcome.redaction.malformed);
        if (const QString keep = entry.value(QLatin1String("keep")).toString(); !keep.isEmpty())
            QVERIFY2(outcome.redaction.output.contains(keep.toUtf8()), outcome.redaction.output.constData());
        // Every hit carries the fingerprint its marker shows.
        for (const SecretHit& hit : outcome.redaction.hits) {
            QCOMPARE(hit.fingerprint.size(), SecretSalt::FingerprintLength);
            QVERIFY(outcome.redaction.output.contains(SecretRedactor::markerFor(hit.rule, hit.fingerprint)));
        }
        // A second pass finds nothing: the first left no secret behind.
        QVERIFY(run(entry, saltOf('a')).redaction.hits.size() == outcome.redaction.hits.size());
        if (entry.value(QLatin1String("in")) == QLatin1String("env"))
            QCOMPARE(SecretRedactor::classifyEnv(entry.value(QLatin1String("name")).toString(), valueOf(entry)), rule);
    }

    void lookAlikes_data()
    {
        QTest::addColumn<QJsonObject>("entry");
        for (const QJsonValue& value : corpus("look-alikes.json", "lookAlikes")) {
            const QJsonObject entry = value.toObject();
            QTest::newRow(qPrintable(entry.value(QLatin1String("id")).toString())) << entry;
        }
    }

    void lookAlikes()
    {
        QFETCH(QJsonObject, entry);
        const Outcome outcome = run(entry, saltOf('a'));
        QStringList rules;
        for (const SecretHit& hit : outcome.redaction.hits)
            rules << hit.rule;
        QVERIFY2(rules.isEmpty(), qPrintable(rules.join(QLatin1Char(','))));
        QCOMPARE(outcome.redaction.output, outcome.input);
    }

    void precisionAndRecall()
    {
        // The figures over the whole corpus, and one true positive at least for every rule in the file.
        int truePositives = 0;
        int falseNegatives = 0;
        int falsePositives = 0;
        int trueNegatives = 0;
        QSet<QString> covered;
        const QJsonArray positives = corpus("true-positives.json", "truePositives");
        for (const QJsonValue& value : positives) {
            const QJsonObject entry = value.toObject();
            const QString rule = entry.value(QLatin1String("rule")).toString();
            const Outcome outcome = run(entry, saltOf('b'));
            const bool fired = std::any_of(outcome.redaction.hits.cbegin(), outcome.redaction.hits.cend(),
                                           [&rule](const SecretHit& hit) { return hit.rule == rule; });
            const bool gone = !outcome.redaction.output.contains(secretOf(entry).toUtf8());
            (fired && gone ? truePositives : falseNegatives) += 1;
            covered.insert(rule);
        }
        const QJsonArray negatives = corpus("look-alikes.json", "lookAlikes");
        for (const QJsonValue& value : negatives) {
            const Outcome outcome = run(value.toObject(), saltOf('b'));
            (outcome.redaction.hits.isEmpty() ? trueNegatives : falsePositives) += 1;
        }
        const double precision =
            truePositives + falsePositives == 0 ? 0 : double(truePositives) / double(truePositives + falsePositives);
        const double recall = double(truePositives) / double(truePositives + falseNegatives);
        qInfo("secret corpus: %d true positives, %d look-alikes; TP %d FN %d FP %d TN %d; precision %.3f recall %.3f",
              int(positives.size()), int(negatives.size()), truePositives, falseNegatives, falsePositives,
              trueNegatives, precision, recall);
        QVERIFY(positives.size() >= 40);
        QVERIFY(negatives.size() >= 40);
        QCOMPARE(precision, 1.0);
        QCOMPARE(recall, 1.0);
        QStringList missing;
        for (const QString& id : SecretRules::instance().ruleIds()) {
            if (!covered.contains(id))
                missing << id;
        }
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("rules without a true positive: ") + missing.join(QLatin1Char(','))));
    }

    void fingerprintIsStablePerSalt()
    {
        const QByteArray input = "[{\"Config\":{\"Env\":[\"DB_PASSWORD=Example-Fp-Pass\"],\"Cmd\":[\"app\",\"--"
                                 "password\",\"Example-Fp-Pass\"]}}]";
        const Redaction first = SecretRedactor::redactInspect(input, saltOf('1'));
        const Redaction again = SecretRedactor::redactInspect(input, saltOf('1'));
        const Redaction other = SecretRedactor::redactInspect(input, saltOf('2'));
        QCOMPARE(first.hits.size(), 2);
        QCOMPARE(first.output, again.output); // the same secret, the same marker, scan after scan
        QCOMPARE(first.hits.at(0).fingerprint, again.hits.at(0).fingerprint);
        QCOMPARE(first.hits.at(0).fingerprint, first.hits.at(1).fingerprint);  // one secret in two places
        QVERIFY(first.hits.at(0).fingerprint != other.hits.at(0).fingerprint); // another workspace
        static const QRegularExpression marker(QStringLiteral("\\[REDACTED:password-by-name:[0-9a-f]{16}\\]"));
        QCOMPARE(QString::fromUtf8(first.output).count(marker), 2);
        QVERIFY(!first.output.contains("Example-Fp-Pass"));
        // A different secret gets a different fingerprint; a null salt writes none.
        const Redaction different =
            SecretRedactor::redactInspect("[{\"Config\":{\"Env\":[\"DB_PASSWORD=Example-Fp-Pass2\"]}}]", saltOf('1'));
        QVERIFY(different.hits.at(0).fingerprint != first.hits.at(0).fingerprint);
        const Redaction unsalted = SecretRedactor::redactInspect(input);
        QVERIFY(unsalted.output.contains("[REDACTED:password-by-name]"));
        QVERIFY(unsalted.hits.at(0).fingerprint.isEmpty());
        // HMAC, not a bare hash: the fingerprint is not sha256(value) cut short.
        QVERIFY(!QCryptographicHash::hash("Example-Fp-Pass", QCryptographicHash::Sha256)
                     .toHex()
                     .startsWith(first.hits.at(0).fingerprint.toLatin1()));
        // The same secret found in a history line (text) and in an inspect (JSON) matches.
        const Redaction history = ProbeRedactor::redact(
            *ProbeCatalog::find(QStringLiteral("docker.images.history")),
            "{\"CreatedBy\":\"/bin/sh -c #(nop)  ENV DB_PASSWORD=Example-Fp-Pass\"}", saltOf('1'));
        QCOMPARE(history.hits.size(), 1);
        QCOMPARE(history.hits.at(0).fingerprint, first.hits.at(0).fingerprint);
    }

    void markersAreParsedBack()
    {
        const QVector<SecretMarker> markers = SecretRedactor::markersIn(
            QStringLiteral("A=[REDACTED:jwt] B=[REDACTED:password-by-name:0123456789abcdef] [REDACTED:Bad]"));
        QCOMPARE(markers.size(), 2);
        QCOMPARE(markers.at(0).rule, QStringLiteral("jwt"));
        QVERIFY(markers.at(0).fingerprint.isEmpty());
        QCOMPARE(markers.at(1).fingerprint, QStringLiteral("0123456789abcdef"));
    }

    // A secret in a JSON key of malformed output: the first pass leaves "X=[REDACTED:slack-token:...]" as
    // the key, and a second pass must not take the rule's name in the marker for a name that says token
    // (found by fuzz_secret_redactor).
    void markerInAKeyIsNotASecretName()
    {
        const SecretSalt salt = SecretSalt::fromHex(QString(64, QLatin1Char('7'))).value();
        const QByteArray token = QByteArray("xox") + "b-0000" + "rverVersion";
        const QByteArray input = "{\"Name\":\"vm\",\"SeOT=" + token + "\":\"20.10.24+dfsg1\",\"Cut\":\"x";
        const Redaction first = SecretRedactor::redactInspect(input, salt);
        QVERIFY(!first.output.contains(token));
        QCOMPARE(first.hits.size(), 2); // the token, and the cut-off last string
        const Redaction second = SecretRedactor::redactInspect(first.output, salt);
        QVERIFY2(second.hits.isEmpty(), qPrintable(second.hits.value(0).key + u' ' + second.hits.value(0).rule));
        QVERIFY(SecretRedactor::classifyEnv(QStringLiteral("A=[REDACTED:slack-token:0123456789abcdef]"),
                                            QStringLiteral("20.10.24"))
                    .isEmpty());
        QVERIFY(SecretRedactor::classifyEnv(QStringLiteral("A"), QStringLiteral("[REDACTED:jwt")).isEmpty());
    }

    // A malformed document where "DB_PASSWORD=...Id" is a key: the first pass judges its value by the
    // whole name (ending in "Id": not a secret) and redacts the password inside the key; the second pass
    // must not judge the value by what is left of the name, "DB_PASSWORD=" (found by fuzz_secret_redactor).
    void whatIsLeftOfARedactedNameJudgesNothing()
    {
        const SecretSalt salt = SecretSalt::fromHex(QString(64, QLatin1Char('7'))).value();
        const QByteArray input = "[{\"Id\": \"a\", \"Env\": [\"DB_PASSWORD=first-hu$\x93\x93Id+\": "
                                 "\"aaaaaaaa\x93\x93nter2\"]}, \"Config\": {\"Env\": []}}]";
        const Redaction first = SecretRedactor::redactInspect(input, salt);
        QVERIFY(first.malformed);
        QVERIFY(!first.output.contains("first-hu"));
        const Redaction second = SecretRedactor::redactInspect(first.output, salt);
        QVERIFY2(second.hits.isEmpty(), qPrintable(second.hits.value(0).key + u' ' + second.hits.value(0).rule));
        QVERIFY(SecretRedactor::classifyEnv(QStringLiteral("DB_PASSWORD=[REDACTED:password-by-name:0123456789abcdef]"),
                                            QStringLiteral("aaaaaaaanter2"))
                    .isEmpty());
        // The value's own shape still counts.
        QVERIFY(!SecretRedactor::classifyEnv(QStringLiteral("X=[REDACTED:jwt]"),
                                             QStringLiteral("ghp_0123456789abcdefghijABCDEFGHIJ012345"))
                     .isEmpty());
    }

    void saltShape()
    {
        QVERIFY(SecretSalt().isNull());
        QVERIFY(SecretSalt().fingerprint(u"x").isEmpty());
        const SecretSalt a = SecretSalt::generate();
        const SecretSalt b = SecretSalt::generate();
        QCOMPARE(a.toHex().size(), 64);
        QVERIFY(a.toHex() != b.toHex());
        QCOMPARE(SecretSalt::fromHex(a.toHex()).value().toHex(), a.toHex());
        QVERIFY(!SecretSalt::fromHex(QStringLiteral("abc")));
        QVERIFY(!SecretSalt::fromHex(QString(64, QLatin1Char('g'))));
    }

    void hugeHostileValues()
    {
        // 1 MB values built to make careless expressions backtrack: many scheme-like prefixes, "eyJ" and
        // "xox" fragments, near-tokens. Each must be judged in bounded time, and a real token at the far
        // end of one must still be found (the windows overlap).
        QString hostile;
        while (hostile.size() < (1 << 20))
            hostile += QStringLiteral("a://b:c eyJx.eyJ xox- AKIA glpat- Bearer sk_live_ -----BEGIN ");
        const QString token = QStringLiteral("AKIAIOSFODNN7EXAMPLE");
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(SecretRedactor::classifyEnv(QStringLiteral("NOTE"), hostile), QString());
        QCOMPARE(SecretRedactor::classifyEnv(QStringLiteral("NOTE"), hostile + QLatin1Char(' ') + token),
                 QStringLiteral("aws-access-key-id"));
        QCOMPARE(SecretRedactor::classifyEnv(QStringLiteral("DB_PASSWORD"), hostile),
                 QStringLiteral("password-by-name"));
        const QString withToken = hostile + token;
        QJsonArray env;
        env.append(QString(QStringLiteral("NOTE=") + hostile));
        env.append(QString(QStringLiteral("K=") + withToken));
        QJsonObject config;
        config.insert(QStringLiteral("Env"), env);
        config.insert(QStringLiteral("Cmd"), QJsonArray{hostile});
        QJsonObject container;
        container.insert(QStringLiteral("Config"), config);
        const QByteArray document = QJsonDocument(QJsonArray{container}).toJson();
        const Redaction redaction = SecretRedactor::redactInspect(document, saltOf('c'));
        QCOMPARE(redaction.hits.size(), 1);
        QVERIFY(!redaction.output.contains(token.toLatin1()));
        QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
    }

    void hostileShapesStayLinear_data()
    {
        QTest::addColumn<QString>("unit");
        // Shapes that made a per-assignment or per-span pass quadratic: each repeated to 1 MB in one word.
        QTest::newRow("nested assignments") << QStringLiteral("x=");
        QTest::newRow("password options") << QStringLiteral("mysql -p");
        QTest::newRow("long schemes") << QString(QString(7000, QLatin1Char('a')) + QStringLiteral("://"));
        QTest::newRow("signatures") << QStringLiteral("?sv=2022-11-02&sig=");
        QTest::newRow("headers") << QStringLiteral("Authorization:      ");
        QTest::newRow("space runs") << QString(QStringLiteral("a: b") + QString(5000, QLatin1Char(' ')));
        QTest::newRow("flags") << QStringLiteral("--p ");
        QTest::newRow("secrets everywhere") << QStringLiteral("--password=x ");
    }

    void hostileShapesStayLinear()
    {
        QFETCH(QString, unit);
        QString word;
        while (word.size() < (1 << 20))
            word += unit;
        QJsonObject config;
        config.insert(QStringLiteral("Cmd"), QJsonArray{word});
        config.insert(QStringLiteral("Env"), QJsonArray{QString(QStringLiteral("NOTE=") + word)});
        QJsonObject container;
        container.insert(QStringLiteral("Config"), config);
        QElapsedTimer timer;
        timer.start();
        const Redaction json =
            SecretRedactor::redactInspect(QJsonDocument(QJsonArray{container}).toJson(), saltOf('d'));
        const Redaction text = ProbeRedactor::redactText(word.toUtf8() + '\n', false, saltOf('d'));
        QVERIFY2(timer.elapsed() < 30000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(validJson(json.output, false));
        QVERIFY(!text.output.isEmpty());
    }

    void longLinesAreRedactedWhole()
    {
        // Past the detailed limit a line is judged whole: a secret in it takes the line with it.
        const QString filler = QString(100 * 1024, QLatin1Char('a')) + QLatin1Char(' ');
        for (const QString& secretLine : {QString(filler + QStringLiteral("mysql -pLongLinePass ") + filler),
                                          QString(filler + QStringLiteral("DB_PASSWORD=LongLinePass ") + filler),
                                          QString(filler + QStringLiteral("AKIAIOSFODNN7EXAMPLE ") + filler)}) {
            const Redaction redaction = SecretRedactor::redactInspect(
                QJsonDocument(QJsonArray{QJsonObject{{QStringLiteral("Config"),
                                                      QJsonObject{{QStringLiteral("Cmd"), QJsonArray{secretLine}}}}}})
                    .toJson(),
                saltOf('e'));
            QCOMPARE(redaction.hits.size(), 1);
            QVERIFY(!redaction.output.contains("LongLinePass"));
            QVERIFY(!redaction.output.contains("AKIAIOSFODNN7EXAMPLE"));
        }
        const QString clean = filler + QStringLiteral("nothing to see ") + filler;
        const QByteArray input =
            QJsonDocument(QJsonArray{QJsonObject{
                              {QStringLiteral("Config"), QJsonObject{{QStringLiteral("Cmd"), QJsonArray{clean}}}}}})
                .toJson();
        QCOMPARE(SecretRedactor::redactInspect(input, saltOf('e')).output, input);
    }

    void workspaceSaltAndStoredBytes()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("audit.bulkhead"));
        QString saltHex;
        {
            auto opened = Workspace::open(path);
            QVERIFY2(opened, qPrintable(opened.errorMessage()));
            Workspace& workspace = *opened.value();
            const SecretSalt salt = workspace.secretSalt();
            QVERIFY(!salt.isNull());
            saltHex = salt.toHex();
            // Every true positive, stored as a scan would store it.
            auto host = workspace.upsertHost(HostSpec::parse(QStringLiteral("audit@127.0.0.1")).value());
            QVERIFY(host);
            auto scan = workspace.beginScan(QStringLiteral("tst_secretcorpus"));
            QVERIFY(scan);
            for (const QJsonValue& value : corpus("true-positives.json", "truePositives")) {
                const Outcome outcome = run(value.toObject(), salt);
                Artifact artifact;
                artifact.scanId = *scan;
                artifact.hostId = *host;
                artifact.probe = QStringLiteral("docker.containers.inspect");
                artifact.command = QStringLiteral("docker container inspect x");
                artifact.output = outcome.redaction.output;
                artifact.exitStatus = 0;
                artifact.redactions = static_cast<int>(outcome.redaction.hits.size());
                QVERIFY(workspace.addArtifact(artifact));
            }
        }
        {
            auto reopened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
            QVERIFY(reopened);
            QCOMPARE(reopened.value()->secretSalt().toHex(), saltHex); // stable: fingerprints match across scans
        }
        {
            auto other = Workspace::open(dir.filePath(QStringLiteral("other.bulkhead")));
            QVERIFY(other);
            QVERIFY(other.value()->secretSalt().toHex() != saltHex); // per workspace
        }
        QByteArray bytes;
        for (const QString& name : QDir(dir.path()).entryList({QStringLiteral("audit.bulkhead*")}, QDir::Files)) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            bytes += file.readAll();
        }
        QVERIFY(bytes.contains("[REDACTED:"));
        for (const QJsonValue& value : corpus("true-positives.json", "truePositives")) {
            const QString secret = secretOf(value.toObject());
            QVERIFY2(!bytes.contains(secret.toUtf8()),
                     qPrintable(value.toObject().value(QLatin1String("id")).toString()));
        }
    }

    void saltAddedToAnOlderWorkspace()
    {
        // A workspace created before fingerprints has no salt: the first open adds one, later opens keep it.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.bulkhead"));
        {
            auto created = Workspace::open(path);
            QVERIFY(created);
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery remove(db);
            QVERIFY(remove.exec(QStringLiteral("DELETE FROM meta WHERE key = 'secret_salt'")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        QString first;
        {
            auto opened = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
            QVERIFY(opened);
            QVERIFY(!opened.value()->secretSalt().isNull());
            first = opened.value()->secretSalt().toHex();
        }
        auto again = Workspace::open(path, Workspace::OpenMode::ExistingOnly);
        QVERIFY(again);
        QCOMPARE(again.value()->secretSalt().toHex(), first);
    }
};

QTEST_GUILESS_MAIN(TestSecretCorpus)
#include "tst_secretcorpus.moc"
