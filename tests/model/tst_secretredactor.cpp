// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/Evaluator.h"
#include "secrets/SecretRedactor.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bulkhead;

namespace {

QByteArray readData(const char* name)
{
    QFile file(QStringLiteral(BULKHEAD_TEST_DATA "/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", name);
    return file.readAll();
}

// Secret values planted in the captured fixtures; none may survive redaction.
const char* const PlantedSecrets[] = {
    "S3cr3t-Pa55!",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "tok_live_9f8e7d6c5b4a39281706",
    "ghp_EXAMPLE00000000000000000000000000000",
    "xoxb-000000000000-0000000000000-EXAMPLEexampleEXAMPLE00",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
    "MIIEowIBAAKCAQEA",
    "changeme",
};

} // namespace

class TestSecretRedactor : public QObject
{
    Q_OBJECT

private slots:
    void marker() { QCOMPARE(SecretRedactor::markerFor(QStringLiteral("jwt")), QByteArray("[REDACTED:jwt]")); }

    void truePositives_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("rule");
        // By value, whatever the name.
        QTest::newRow("aws key id") << "AWS_ACCESS_KEY_ID"
                                    << "AKIAIOSFODNN7EXAMPLE"
                                    << "aws-access-key-id";
        QTest::newRow("aws key id, neutral name") << "S3_LOGIN"
                                                  << "AKIAIOSFODNN7EXAMPLE"
                                                  << "aws-access-key-id";
        QTest::newRow("aws temporary key id") << "KEY_ID"
                                              << "ASIAY34FZKBOKMUTVV7A"
                                              << "aws-access-key-id";
        QTest::newRow("aws secret key") << "AWS_SECRET_ACCESS_KEY"
                                        << "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
                                        << "aws-secret-key";
        QTest::newRow("github classic") << "CI_THING"
                                        << "ghp_EXAMPLE00000000000000000000000000000"
                                        << "github-token";
        QTest::newRow("github oauth") << "X"
                                      << "gho_EXAMPLE00000000000000000000000000000"
                                      << "github-token";
        QTest::newRow("github server") << "X"
                                       << "ghs_EXAMPLE00000000000000000000000000000"
                                       << "github-token";
        QTest::newRow("github fine-grained") << "X"
                                             << "github_pat_11EXAMPLE0000000000000000_abcdefghij"
                                             << "github-token";
        QTest::newRow("slack bot") << "SLACK"
                                   << "xoxb-000000000000-0000000000000-EXAMPLEexample"
                                   << "slack-token";
        QTest::newRow("slack user") << "HOOK"
                                    << "xoxp-1234567890-abcdef"
                                    << "slack-token";
        QTest::newRow("pem rsa") << "TLS"
                                 << "-----BEGIN RSA PRIVATE KEY-----\nMIIEow..."
                                 << "private-key";
        QTest::newRow("pem openssh") << "K"
                                     << "-----BEGIN OPENSSH PRIVATE KEY-----"
                                     << "private-key";
        QTest::newRow("pem pkcs8") << "K"
                                   << "-----BEGIN PRIVATE KEY-----abc"
                                   << "private-key";
        QTest::newRow("pem encrypted") << "K"
                                       << "-----BEGIN ENCRYPTED PRIVATE KEY-----"
                                       << "private-key";
        QTest::newRow("jwt") << "SESSION"
                             << "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
                                "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
                             << "jwt";
        QTest::newRow("url with password") << "DATABASE_URL"
                                           << "postgres://app:hunter2@db:5432/app"
                                           << "credentials-in-url";
        QTest::newRow("redis url password only") << "CACHE"
                                                 << "redis://:s3cret@cache:6379/0"
                                                 << "credentials-in-url";
        // By name.
        QTest::newRow("password") << "DB_PASSWORD"
                                  << "S3cr3t-Pa55!"
                                  << "password-by-name";
        QTest::newRow("placeholder password fires") << "MYSQL_ROOT_PASSWORD"
                                                    << "changeme"
                                                    << "password-by-name";
        QTest::newRow("lowercase name") << "db_password"
                                        << "hunter2"
                                        << "password-by-name";
        QTest::newRow("passwd") << "SMTP_PASSWD"
                                << "x7!kq"
                                << "password-by-name";
        QTest::newRow("passphrase") << "GPG_PASSPHRASE"
                                    << "correct horse battery staple"
                                    << "password-by-name";
        QTest::newRow("pwd as a word") << "DB_PWD"
                                       << "hunter2"
                                       << "password-by-name";
        QTest::newRow("pass as a word") << "REDIS_PASS"
                                        << "hunter2"
                                        << "password-by-name";
        QTest::newRow("six-digit pin") << "ADMIN_PASSWORD"
                                       << "123456"
                                       << "password-by-name";
        QTest::newRow("secret") << "SECRET_KEY_BASE"
                                << "a1b2c3d4e5f6"
                                << "secret-by-name";
        QTest::newRow("client secret") << "OAUTH_CLIENT_SECRET"
                                       << "abc.def-ghi"
                                       << "secret-by-name";
        QTest::newRow("token") << "API_TOKEN"
                               << "tok_live_9f8e7d6c5b4a39281706"
                               << "token-by-name";
        QTest::newRow("token with dollar inside") << "AUTH_TOKEN"
                                                  << "pre$fix"
                                                  << "token-by-name";
        QTest::newRow("api key") << "STRIPE_API_KEY"
                                 << "sk_test_abc"
                                 << "api-key-by-name";
        QTest::newRow("apikey") << "SENDGRID_APIKEY"
                                << "SG.abc"
                                << "api-key-by-name";
        QTest::newRow("private key by name") << "JWT_PRIVATE_KEY"
                                             << "MIIEvQIBADANBgkq"
                                             << "private-key-by-name";
        QTest::newRow("access key") << "MINIO_ACCESS_KEY"
                                    << "minio-admin-key"
                                    << "access-key-by-name";
        QTest::newRow("credentials") << "GOOGLE_CREDENTIALS"
                                     << "{\"type\":\"service_account\"}"
                                     << "credential-by-name";
        QTest::newRow("credential") << "REGISTRY_CREDENTIAL"
                                    << "user:pw"
                                    << "credential-by-name";
        QTest::newRow("encryption key") << "DATA_ENCRYPTION_KEY"
                                        << "0123456789abcdef"
                                        << "key-by-name";
        QTest::newRow("default inside reference") << "DB_PASSWORD"
                                                  << "${DB_PASSWORD:-hunter2}"
                                                  << "password-by-name";
        QTest::newRow("_FILE that is not a path") << "API_KEY_FILE"
                                                  << "sk_live_abc"
                                                  << "api-key-by-name";
        QTest::newRow("label-style key") << "com.example.db.password"
                                         << "hunter2"
                                         << "password-by-name";
    }

    void truePositives()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, rule);
        QCOMPARE(SecretRedactor::classifyEnv(name, value), rule);
    }

    void lookAlikes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::newRow("PWD is the working directory") << "PWD"
                                                      << "/app";
        QTest::newRow("OLDPWD") << "OLDPWD"
                                << "/";
        QTest::newRow("PATH") << "PATH"
                              << "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        QTest::newRow("HOSTNAME") << "HOSTNAME"
                                  << "web-1";
        QTest::newRow("LOG_LEVEL") << "LOG_LEVEL"
                                   << "debug";
        QTest::newRow("HOME") << "HOME"
                              << "/root";
        QTest::newRow("GPG_KEY is a public fingerprint") << "GPG_KEY"
                                                         << "A035C8C19219BA821ECEA86B64E628F8D684696D";
        QTest::newRow("empty password") << "PASSWORD"
                                        << "";
        QTest::newRow("docker secret path") << "DB_PASSWORD"
                                            << "/run/secrets/db_password";
        QTest::newRow("kubernetes secret path") << "TOKEN"
                                                << "/var/run/secrets/kubernetes.io/serviceaccount/token";
        QTest::newRow("reference ${VAR}") << "GITHUB_TOKEN"
                                          << "${GITHUB_TOKEN}";
        QTest::newRow("reference $VAR") << "NPM_TOKEN"
                                        << "$NPM_TOKEN";
        QTest::newRow("file: reference") << "SECRET"
                                         << "file:///etc/app/secret";
        QTest::newRow("vault reference") << "DB_PASSWORD"
                                         << "vault:secret/data/db#password";
        QTest::newRow("secrets manager arn") << "DB_SECRET"
                                             << "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";
        QTest::newRow("_FILE pointing to a file") << "DB_PASSWORD_FILE"
                                                  << "/run/secrets/db";
        QTest::newRow("_FILE relative") << "API_KEY_FILE"
                                        << "./secrets/api.key";
        QTest::newRow("_PATH") << "SECRET_KEY_PATH"
                               << "/etc/app/secret.key";
        QTest::newRow("_DIR") << "SECRETS_DIR"
                              << "/run/secrets";
        QTest::newRow("boolean true") << "ENABLE_PASSWORD_AUTH"
                                      << "true";
        QTest::newRow("boolean yes") << "MYSQL_ALLOW_EMPTY_PASSWORD"
                                     << "yes";
        QTest::newRow("boolean YES") << "MYSQL_RANDOM_ROOT_PASSWORD"
                                     << "YES";
        QTest::newRow("boolean off") << "PASSWORD_AUTH"
                                     << "off";
        QTest::newRow("short number") << "PASSWORD_MIN_LENGTH"
                                      << "12";
        QTest::newRow("ttl") << "TOKEN_TTL"
                             << "86400";
        QTest::newRow("token url") << "TOKEN_URL"
                                   << "https://auth.example.com/oauth/token";
        QTest::newRow("secret name") << "DB_SECRET_NAME"
                                     << "prod/db/credentials";
        QTest::newRow("token header") << "AUTH_TOKEN_HEADER"
                                      << "X-Auth-Token";
        QTest::newRow("password policy") << "PASSWORD_POLICY"
                                         << "strict";
        QTest::newRow("tokenizers") << "TOKENIZERS_PARALLELISM"
                                    << "false";
        QTest::newRow("url without credentials") << "API_URL"
                                                 << "https://api.example.com/v1";
        QTest::newRow("url with user only") << "REPO"
                                            << "https://git@example.com/x.git";
        QTest::newRow("url password reference") << "DATABASE_URL"
                                                << "postgres://app:${DB_PASSWORD}@db/app";
        QTest::newRow("already redacted") << "DB_PASSWORD"
                                          << "[REDACTED:password-by-name]";
        QTest::newRow("bypass is not pass") << "PROXY_BYPASS"
                                            << "localhost,127.0.0.1";
        QTest::newRow("aws region") << "AWS_REGION"
                                    << "eu-central-1";
        QTest::newRow("40 chars without aws or secret name") << "BUILD_COMMIT"
                                                             << "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d";
        QTest::newRow("eyJ but not a jwt") << "NOTE"
                                           << "eyJhbGciOiJIUzI1NiJ9";
        QTest::newRow("akia inside a longer word") << "ID"
                                                   << "XAKIAIOSFODNN7EXAMPLEX";
    }

    void lookAlikes()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QCOMPARE(SecretRedactor::classifyEnv(name, value), QString());
    }

    void redactCapturedContainers()
    {
        const QByteArray input = readData("containers-docker-20.10.json");
        const Redaction redaction = SecretRedactor::redactInspect(input);
        for (const char* secret : PlantedSecrets)
            QVERIFY2(!redaction.output.contains(secret), secret);
        // Still valid JSON, same containers, names kept, the marker in place.
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(redaction.output, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(document.array().size(), QJsonDocument::fromJson(input).array().size());
        QVERIFY(redaction.output.contains("\"DB_PASSWORD=[REDACTED:password-by-name]\""));
        QVERIFY(redaction.output.contains("\"DB_PASSWORD_FILE=/run/secrets/db_password\""));
        QVERIFY(redaction.output.contains("\"PWD=/app\""));
        QVERIFY(redaction.output.contains("\"GITHUB_TOKEN=${GITHUB_TOKEN}\""));
        QVERIFY(redaction.output.contains("\"PASSWORD=\""));
        QVERIFY(redaction.output.contains("\"PATH=/usr/local/sbin"));
        QVERIFY(redaction.output.endsWith("\n"));

        QStringList found;
        for (const SecretHit& hit : redaction.hits) {
            found << hit.key + QLatin1Char(' ') + hit.rule;
            QVERIFY2(hit.location.contains(QStringLiteral("/Config/Env/")), qPrintable(hit.location));
            // The location points at the redacted entry.
            const QJsonValue value = [&] {
                QJsonValue node = document.array();
                for (const QString& token : hit.location.mid(1).split(QLatin1Char('/'))) {
                    bool isIndex = false;
                    const int index = token.toInt(&isIndex);
                    node = isIndex ? node.toArray().at(index) : node.toObject().value(token);
                }
                return node;
            }();
            QVERIFY2(value.toString().startsWith(hit.key + QStringLiteral("=[REDACTED:")), qPrintable(hit.location));
        }
        found.sort();
        const QStringList expected{
            QStringLiteral("API_TOKEN token-by-name"),
            QStringLiteral("AWS_ACCESS_KEY_ID aws-access-key-id"),
            QStringLiteral("AWS_SECRET_ACCESS_KEY aws-secret-key"),
            QStringLiteral("DB_PASSWORD password-by-name"),
            QStringLiteral("GH_PAT github-token"),
            QStringLiteral("MYSQL_ROOT_PASSWORD password-by-name"),
            QStringLiteral("SESSION_JWT jwt"),
            QStringLiteral("SLACK_BOT slack-token"),
            QStringLiteral("TLS_KEY private-key"),
        };
        QCOMPARE(found, expected);
    }

    void redactCapturedImages()
    {
        const QByteArray input = readData("images-docker-20.10.json");
        QVERIFY(input.contains("tok_live_9f8e7d6c5b4a39281706"));
        const Redaction redaction = SecretRedactor::redactProbeOutput(QStringLiteral("docker.images.inspect"), input);
        QVERIFY(!redaction.output.contains("tok_live_9f8e7d6c5b4a39281706"));
        QVERIFY(!redaction.hits.isEmpty());
        // The legacy builder keeps the ENV instruction in ContainerConfig.Cmd: redacted in place.
        QVERIFY(redaction.output.contains("ENV APP_ENV=production API_TOKEN=[REDACTED:token-by-name] LOG_LEVEL=info"));
        bool sawConfig = false, sawContainerConfig = false, sawCmd = false;
        for (const SecretHit& hit : redaction.hits) {
            QCOMPARE(hit.key, QStringLiteral("API_TOKEN"));
            sawConfig |= hit.location.contains(QStringLiteral("/Config/Env/")) &&
                         !hit.location.contains(QStringLiteral("Container"));
            sawContainerConfig |= hit.location.contains(QStringLiteral("/ContainerConfig/Env/"));
            sawCmd |= hit.location.contains(QStringLiteral("/ContainerConfig/Cmd/"));
        }
        QVERIFY(sawConfig);
        QVERIFY(sawContainerConfig);
        QVERIFY(sawCmd);
        QVERIFY(!QJsonDocument::fromJson(redaction.output).isNull());
    }

    void cleanInputIsByteIdentical()
    {
        const QByteArray input = readData("container-app-20.10.json").replace("tok_live_9f8e7d6c5b4a39281706", "");
        const Redaction redaction = SecretRedactor::redactInspect(input);
        QCOMPARE(redaction.hits.size(), 0);
        QVERIFY(redaction.output == input);
    }

    void idempotent()
    {
        const Redaction first = SecretRedactor::redactInspect(readData("containers-docker-20.10.json"));
        const Redaction second = SecretRedactor::redactInspect(first.output);
        QCOMPARE(second.hits.size(), 0);
        QVERIFY(second.output == first.output);
    }

    void labelsAndCommands()
    {
        const QByteArray input = R"([{"Id":"x","Args":["--db-password=hunter2","--verbose"],
            "Config":{"Labels":{"com.example.db/password":"hunter2","com.example.title":"shop"},
                      "Cmd":["sh","-c","TOKEN='abc def' ./run --port=8080"],"Env":null}}])";
        const Redaction redaction = SecretRedactor::redactInspect(input);
        QVERIFY2(!redaction.output.contains("hunter2"), redaction.output.constData());
        QVERIFY(!redaction.output.contains("abc def"));
        QVERIFY(redaction.output.contains("--port=8080"));
        QVERIFY(redaction.output.contains("shop"));
        QStringList locations;
        for (const SecretHit& hit : redaction.hits)
            locations << hit.location;
        locations.sort();
        QCOMPARE(locations, (QStringList{QStringLiteral("/0/Args/0"), QStringLiteral("/0/Config/Cmd/2"),
                                         QStringLiteral("/0/Config/Labels/com.example.db~1password")}));
    }

    // A secret in a label's key: the key is renamed with the secret redacted, the label keeps its place and
    // value, a second pass finds nothing, and the secret check cites it.
    void secretsInLabelKeys()
    {
        const QByteArray token = QByteArray("ghp_") + "0123456789abcdefghij" + "ABCDEFGHIJ012345";
        // The captured app container without its planted secrets, with these labels.
        QJsonArray containers = QJsonDocument::fromJson(readData("container-app-20.10.json")).array();
        QJsonObject container = containers.at(0).toObject();
        QJsonObject config = container.value(QStringLiteral("Config")).toObject();
        config.insert(QStringLiteral("Env"), QJsonArray{QStringLiteral("PATH=/usr/bin")});
        config.insert(QStringLiteral("Cmd"), QJsonArray{QStringLiteral("./run")});
        config.insert(QStringLiteral("Labels"),
                      QJsonObject{{QStringLiteral("a"), QStringLiteral("1")},
                                  {QString::fromLatin1(token), QString()},
                                  {QStringLiteral("com.acme.password=hunter2"), QStringLiteral("yes")},
                                  {QStringLiteral("z"), QStringLiteral("2")}});
        container.insert(QStringLiteral("Config"), config);
        container.insert(QStringLiteral("Args"), QJsonArray());
        containers[0] = container;
        const QByteArray input = QJsonDocument(containers).toJson();
        QVERIFY(SecretRedactor::redactInspect(
                    QByteArray(input).replace(token, "x").replace("password=hunter2", "title=shop"))
                    .hits.isEmpty());
        const SecretSalt salt = SecretSalt::fromHex(QString(64, QLatin1Char('5'))).value();
        const Redaction first = SecretRedactor::redactInspect(input, salt);
        QVERIFY2(!first.output.contains(token) && !first.output.contains("hunter2"), first.output.constData());
        QCOMPARE(first.hits.size(), 2);
        const QJsonObject labels = QJsonDocument::fromJson(first.output)
                                       .array()
                                       .at(0)
                                       .toObject()
                                       .value(QStringLiteral("Config"))
                                       .toObject()
                                       .value(QStringLiteral("Labels"))
                                       .toObject();
        QCOMPARE(labels.size(), 4);
        QCOMPARE(labels.value(QStringLiteral("a")).toString(), QStringLiteral("1"));
        QVERIFY(labels.contains(QLatin1String("com.acme.password=") +
                                QString::fromLatin1(SecretRedactor::markerOf(QStringLiteral("password-by-name"),
                                                                             QStringLiteral("hunter2"), salt))));
        QCOMPARE(labels
                     .value(QString::fromLatin1(
                         SecretRedactor::markerOf(QStringLiteral("github-token"), QString::fromLatin1(token), salt)))
                     .toString(),
                 QString());
        const Redaction second = SecretRedactor::redactInspect(first.output, salt);
        QVERIFY(second.hits.isEmpty());
        QCOMPARE(second.output, first.output);

        Artifact artifact;
        artifact.id = 1;
        artifact.probe = QStringLiteral("docker.containers.inspect");
        artifact.output = first.output;
        artifact.exitStatus = 0;
        const QVector<Finding> findings = Evaluator::evaluateHost({artifact});
        const auto secret = std::find_if(findings.cbegin(), findings.cend(), [](const Finding& f) {
            return f.checkId == QLatin1String("container.no-secrets-in-env");
        });
        QVERIFY(secret != findings.cend());
        QVERIFY2(secret->status == Status::Fail, qPrintable(secret->message));
        QCOMPARE(secret->evidence.size(), 2);
    }

    void unparseableInputIsStillRedacted_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("kept");
        const QByteArray full = readData("containers-docker-20.10.json");
        const qsizetype cut = full.indexOf("S3cr3t-Pa55!") + 5;
        QTest::newRow("truncated inside a secret") << full.left(cut) << QByteArray("\"DB_PASSWORD=[REDACTED:");
        const qsizetype after = full.indexOf("LOG_LEVEL=debug");
        QTest::newRow("truncated after the secrets") << full.left(after) << QByteArray("\"PWD=/app\"");
        QByteArray latin1 = full;
        latin1.replace("demo app", "d\xe9mo app"); // not UTF-8: nlohmann refuses it
        QTest::newRow("invalid utf-8") << latin1 << QByteArray("d\xe9mo app");
        QTest::newRow("not json at all") << QByteArray("Error: DB_PASSWORD=hunter2 leaked\n")
                                         << QByteArray("Error: DB_PASSWORD=hunter2 leaked\n");
    }

    void unparseableInputIsStillRedacted()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, kept);
        const Redaction redaction = SecretRedactor::redactInspect(input);
        QVERIFY(redaction.output.contains(kept));
        for (const char* secret : PlantedSecrets) {
            if (input.contains(secret))
                QVERIFY2(!redaction.output.contains(secret), secret);
        }
    }

    void otherProbesPassThrough()
    {
        const QByteArray info = readData("docker-info-20.10.json");
        const Redaction redaction = SecretRedactor::redactProbeOutput(QStringLiteral("docker.info"), info);
        QVERIFY(redaction.output == info);
        QCOMPARE(redaction.hits.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSecretRedactor)
#include "tst_secretredactor.moc"
