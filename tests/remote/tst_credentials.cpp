// SPDX-License-Identifier: GPL-3.0-or-later
// Credentials: secrets in memory, askpass programs (real processes), the per-scan passphrase cache.
#include "ssh/AskpassCredentials.h"
#include "ssh/PassphraseCache.h"
#include "ssh/SecretBytes.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <thread>
#include <vector>

using namespace bulkhead;

namespace {

// Answers from a script of its own and records what it was asked: stands in for the person.
class ScriptedProvider : public CredentialsProvider
{
public:
    std::optional<SecretBytes> ask(const CredentialRequest& request, const std::atomic<bool>* /*cancel*/) override
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        ++m_concurrent;
        m_maxConcurrent = std::max(m_maxConcurrent, m_concurrent);
        m_asked << request.promptLine();
        std::this_thread::sleep_for(std::chrono::milliseconds(m_delayMs));
        --m_concurrent;
        if (m_answers.isEmpty()) {
            return std::nullopt;
        }
        const QByteArray answer = m_answers.takeFirst();
        return SecretBytes(answer.constData(), answer.size());
    }

    QList<QByteArray> m_answers;
    QStringList m_asked;
    int m_delayMs = 0;
    int m_concurrent = 0;
    int m_maxConcurrent = 0;
    std::mutex m_mutex;
};

QString writeScript(const QTemporaryDir& dir, const QString& name, const QByteArray& body)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write("#!/bin/sh\n" + body) < 0) {
        return {};
    }
    file.close();
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

CredentialRequest passphraseRequest(const QString& keyFile, int attempt = 1)
{
    CredentialRequest request;
    request.kind = CredentialRequest::Kind::KeyPassphrase;
    request.target = QStringLiteral("root@10.0.0.5:22");
    request.keyFile = keyFile;
    request.prompt = QStringLiteral("Enter passphrase for key '%1':").arg(keyFile);
    request.attempt = attempt;
    return request;
}

} // namespace

class TestCredentials : public QObject
{
    Q_OBJECT

private slots:
    void secretBytesTakesAndWipes()
    {
        QByteArray source("correct horse");
        const char* sourceData = source.constData();
        SecretBytes secret = SecretBytes::take(source);
        QVERIFY(source.isEmpty());
        Q_UNUSED(sourceData);
        QCOMPARE(QByteArray(secret.c_str()), QByteArray("correct horse"));
        QCOMPARE(secret.size(), 13);

        SecretBytes moved = std::move(secret);
        QCOMPARE(secret.size(), 0);
        QCOMPARE(QByteArray(secret.c_str()), QByteArray());
        QCOMPARE(QByteArray(moved.c_str()), QByteArray("correct horse"));
        SecretBytes copy = moved.copy();
        moved.wipe();
        QVERIFY(moved.isEmpty());
        QCOMPARE(QByteArray(copy.c_str()), QByteArray("correct horse"));

        QString text = QStringLiteral("pässword");
        SecretBytes fromText = SecretBytes::take(text);
        QVERIFY(text.isEmpty());
        QCOMPARE(QByteArray(fromText.c_str()), QStringLiteral("pässword").toUtf8());

        // zero() really writes zeros into the buffer it is given.
        char buffer[8] = {'s', 'e', 'c', 'r', 'e', 't', '!', '!'};
        SecretBytes::zero(buffer, sizeof(buffer));
        for (const char c : buffer) {
            QCOMPARE(c, '\0');
        }
    }

    void sanitizeServerText_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("Password:") << QStringLiteral("Password:");
        QTest::newRow("ansi escape") << QStringLiteral("\x1b[2J\x1b]0;owned\x07Password:")
                                     << QStringLiteral("\uFFFD[2J\uFFFD]0;owned\uFFFDPassword:");
        QTest::newRow("newlines flatten") << QStringLiteral("line1\nline2\r\n") << QStringLiteral("line1 line2");
        QTest::newRow("bidi override") << QStringLiteral("a\u202Eb") << QStringLiteral("a\uFFFDb");
        QTest::newRow("c1 control") << QStringLiteral("a\u009Bb") << QStringLiteral("a\uFFFDb");
    }

    void sanitizeServerText()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(CredentialRequest::sanitize(input), expected);
    }

    void sanitizeCapsLength()
    {
        const QString text = CredentialRequest::sanitize(QString(5000, QLatin1Char('x')), 100);
        QCOMPARE(text.size(), 101);
        QVERIFY(text.endsWith(QChar(0x2026)));
    }

    void promptLines()
    {
        auto request = passphraseRequest(QStringLiteral("/k/id"));
        QCOMPARE(request.promptLine(), QStringLiteral("(root@10.0.0.5:22) Enter passphrase for key '/k/id':"));
        request.attempt = 2;
        QVERIFY(request.promptLine().startsWith(QLatin1String("Wrong passphrase, try again. ")));
        CredentialRequest kbd;
        kbd.kind = CredentialRequest::Kind::KeyboardInteractive;
        kbd.target = QStringLiteral("u@h:22");
        kbd.instruction = QStringLiteral("OTP");
        kbd.prompt = QStringLiteral("Code:");
        QCOMPARE(kbd.promptLine(), QStringLiteral("OTP (u@h:22): Code:"));
    }

    void askpassAnswers()
    {
        QTemporaryDir dir;
        const QString log = dir.filePath(QStringLiteral("asked"));
        const QString script = writeScript(dir, QStringLiteral("askpass"),
                                           "printf '%s\\n' \"$1\" >> '" + log.toUtf8() +
                                               "'\nprintf 'the passphrase\\r\\nsecond line\\n'\n");
        AskpassCredentials askpass(script);
        QCOMPARE(askpass.askpassProgram(), script);
        auto answer = askpass.ask(passphraseRequest(QStringLiteral("/k/id; rm -rf /")), nullptr);
        QVERIFY(answer);
        QCOMPARE(QByteArray(answer->c_str()), QByteArray("the passphrase"));
        QFile asked(log);
        QVERIFY(asked.open(QIODevice::ReadOnly));
        // One argument, exactly the prompt: no shell ever saw it.
        QCOMPARE(asked.readAll(), QByteArray("(root@10.0.0.5:22) Enter passphrase for key '/k/id; rm -rf /':\n"));
    }

    void askpassDeclines()
    {
        QTemporaryDir dir;
        AskpassCredentials askpass(writeScript(dir, QStringLiteral("no"), "echo ignored; exit 1\n"));
        QVERIFY(!askpass.ask(passphraseRequest(QStringLiteral("/k/id")), nullptr));
        AskpassCredentials missing(dir.filePath(QStringLiteral("does-not-exist")));
        QVERIFY(!missing.ask(passphraseRequest(QStringLiteral("/k/id")), nullptr));
    }

    void askpassCancelKillsIt()
    {
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("pid"));
        AskpassCredentials askpass(
            writeScript(dir, QStringLiteral("slow"), "echo $$ > '" + pidFile.toUtf8() + "'\nexec sleep 30\n"));
        std::atomic<bool> cancel{false};
        std::thread canceller([&cancel] {
            std::this_thread::sleep_for(std::chrono::milliseconds(400));
            cancel = true;
        });
        QElapsedTimer clock;
        clock.start();
        auto answer = askpass.ask(passphraseRequest(QStringLiteral("/k/id")), &cancel);
        const qint64 elapsed = clock.elapsed();
        canceller.join();
        QVERIFY(!answer);
        QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed)));
        QFile pid(pidFile);
        QVERIFY(pid.open(QIODevice::ReadOnly));
        const QByteArray number = pid.readAll().trimmed();
        QVERIFY(!number.isEmpty());
        // QProcess killed and reaped it: the pid is gone.
        QVERIFY2(::kill(number.toInt(), 0) == -1 && errno == ESRCH, "the askpass program still runs after the cancel");
    }

    void cacheAsksOncePerKey()
    {
        auto inner = std::make_shared<ScriptedProvider>();
        inner->m_answers = {"first", "other key"};
        PassphraseCache cache(inner);
        auto a = cache.ask(passphraseRequest(QStringLiteral("/k/a")), nullptr);
        auto again = cache.ask(passphraseRequest(QStringLiteral("/k/a")), nullptr);
        auto b = cache.ask(passphraseRequest(QStringLiteral("/k/b")), nullptr);
        QVERIFY(a && again && b);
        QCOMPARE(QByteArray(again->c_str()), QByteArray("first"));
        QCOMPARE(QByteArray(b->c_str()), QByteArray("other key"));
        QCOMPARE(inner->m_asked.size(), 2);
    }

    void cacheForgetsAWrongPassphrase()
    {
        auto inner = std::make_shared<ScriptedProvider>();
        inner->m_answers = {"wrong", "right"};
        PassphraseCache cache(inner);
        QVERIFY(cache.ask(passphraseRequest(QStringLiteral("/k/a")), nullptr));
        auto retry = cache.ask(passphraseRequest(QStringLiteral("/k/a"), 2), nullptr);
        QVERIFY(retry);
        QCOMPARE(QByteArray(retry->c_str()), QByteArray("right"));
        auto later = cache.ask(passphraseRequest(QStringLiteral("/k/a")), nullptr);
        QCOMPARE(QByteArray(later->c_str()), QByteArray("right"));
        QCOMPARE(inner->m_asked.size(), 2);
    }

    void cacheRemembersADecline()
    {
        auto inner = std::make_shared<ScriptedProvider>(); // no answers: declines
        PassphraseCache cache(inner);
        QVERIFY(!cache.ask(passphraseRequest(QStringLiteral("/k/a")), nullptr));
        QVERIFY(!cache.ask(passphraseRequest(QStringLiteral("/k/a")), nullptr));
        QCOMPARE(inner->m_asked.size(), 1);
    }

    void cacheNeverKeepsPasswords()
    {
        auto inner = std::make_shared<ScriptedProvider>();
        inner->m_answers = {"pw1", "pw2"};
        PassphraseCache cache(inner);
        CredentialRequest password;
        password.kind = CredentialRequest::Kind::Password;
        password.target = QStringLiteral("u@h:22");
        password.prompt = QStringLiteral("u@h:22's password:");
        QCOMPARE(QByteArray(cache.ask(password, nullptr)->c_str()), QByteArray("pw1"));
        QCOMPARE(QByteArray(cache.ask(password, nullptr)->c_str()), QByteArray("pw2"));
        QCOMPARE(inner->m_asked.size(), 2);
    }

    void cacheSerializesWorkers()
    {
        auto inner = std::make_shared<ScriptedProvider>();
        inner->m_delayMs = 50;
        for (int i = 0; i < 8; ++i) {
            inner->m_answers << QByteArray::number(i);
        }
        PassphraseCache cache(inner);
        std::vector<std::thread> workers;
        std::atomic<int> answered{0};
        for (int i = 0; i < 8; ++i) {
            workers.emplace_back([&cache, &answered, i] {
                if (cache.ask(passphraseRequest(QStringLiteral("/k/%1").arg(i)), nullptr)) {
                    ++answered;
                }
            });
        }
        for (auto& worker : workers) {
            worker.join();
        }
        QCOMPARE(answered.load(), 8);
        QCOMPARE(inner->m_maxConcurrent, 1);
    }

    void cacheWaitIsCancellable()
    {
        auto inner = std::make_shared<ScriptedProvider>();
        inner->m_delayMs = 3000;
        inner->m_answers = {"slow"};
        PassphraseCache cache(inner);
        std::thread first([&cache] { (void)cache.ask(passphraseRequest(QStringLiteral("/k/a")), nullptr); });
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        std::atomic<bool> cancel{false};
        std::thread canceller([&cancel] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            cancel = true;
        });
        QElapsedTimer clock;
        clock.start();
        QVERIFY(!cache.ask(passphraseRequest(QStringLiteral("/k/b")), &cancel));
        QVERIFY2(clock.elapsed() < 1500, qPrintable(QString::number(clock.elapsed())));
        canceller.join();
        first.join();
    }
};

QTEST_GUILESS_MAIN(TestCredentials)
#include "tst_credentials.moc"
