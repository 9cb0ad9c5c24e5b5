// SPDX-License-Identifier: GPL-3.0-or-later
// SSH as users have it, against real OpenSSH servers on loopback (TestSshd): ~/.ssh/config aliases,
// ProxyJump through a second sshd, encrypted keys (askpass, agent), password and keyboard-interactive
// login, keepalive against a frozen server, cancellation during prompts.
#include "TestAgent.h"
#include "TestSshd.h"

#include "ssh/AskpassCredentials.h"
#include "ssh/Endpoint.h"
#include "ssh/PassphraseCache.h"
#include "ssh/SshConfig.h"
#include "ssh/SshSession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

using namespace bulkhead;
using bulkhead::test::AgentEnvironment;
using bulkhead::test::TestAgent;
using bulkhead::test::TestSshd;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool append(const QString& path, const QByteArray& content)
{
    QFile file(path);
    return file.open(QIODevice::Append) && file.write(content) == content.size();
}

QString currentUser()
{
    const passwd* entry = getpwuid(geteuid());
    return entry != nullptr ? QString::fromLocal8Bit(entry->pw_name) : QString();
}

// An askpass program for one test: prints `answer` (exit 0) or exits 1 when declining, and logs
// each prompt it was given, one per line.
QString writeAskpass(const QString& dir, const QString& name, const QByteArray& body)
{
    const QString path = QDir(dir).filePath(name);
    const QString log = path + QLatin1String(".log");
    QFile script(path);
    if (!script.open(QIODevice::WriteOnly) ||
        script.write("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '" + log.toUtf8() + "'\n" + body) < 0) {
        return {};
    }
    script.close();
    script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

QStringList askpassLog(const QString& askpass)
{
    return QString::fromUtf8(readAll(askpass + QLatin1String(".log"))).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// Stands in for the person at the GUI prompt: answers from a list, records what was asked.
class ScriptedCredentials : public CredentialsProvider
{
public:
    explicit ScriptedCredentials(QList<QByteArray> answers)
        : m_answers(std::move(answers))
    {}
    std::optional<SecretBytes> ask(const CredentialRequest& request, const std::atomic<bool>* /*cancel*/) override
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_requests.append(request);
        if (m_answers.isEmpty()) {
            return std::nullopt;
        }
        const QByteArray answer = m_answers.takeFirst();
        return SecretBytes(answer.constData(), answer.size());
    }
    QList<CredentialRequest> requests()
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        return m_requests;
    }

private:
    std::mutex m_mutex;
    QList<QByteArray> m_answers;
    QList<CredentialRequest> m_requests;
};

// The processes whose command line contains `needle` (for "no ssh -W left behind").
QStringList processesWith(const QByteArray& needle)
{
    QStringList found;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool numeric = false;
        entry.toInt(&numeric);
        if (!numeric) {
            continue;
        }
        QByteArray cmdline = readAll(QStringLiteral("/proc/%1/cmdline").arg(entry));
        cmdline.replace('\0', ' ');
        if (cmdline.contains(needle)) {
            found << entry + QLatin1Char(' ') + QString::fromLocal8Bit(cmdline);
        }
    }
    return found;
}

} // namespace

class TestSshAccess : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSshd> m_sshd;

    std::unique_ptr<SshSession> connectOrFail(const SshOptions& options, const std::atomic<bool>* cancel = nullptr)
    {
        auto session = SshSession::connect(options, cancel);
        if (!session) {
            qWarning("connect failed: %s\nsshd log:\n%s", qPrintable(session.errorMessage()),
                     qPrintable(m_sshd->log()));
            return nullptr;
        }
        return std::move(session).value();
    }

    // An encrypted key in the sshd's directory; authorized for the current user when `authorize`.
    QString encryptedKey(const QString& passphrase, bool authorize)
    {
        const QString key = m_sshd->path(QStringLiteral("encrypted_ed25519"));
        QString error;
        if (!TestSshd::generateKey(key, QStringLiteral("ed25519"), passphrase, &error)) {
            qWarning("%s", qPrintable(error));
            return {};
        }
        if (authorize &&
            !append(m_sshd->path(QStringLiteral("authorized_keys")), readAll(key + QLatin1String(".pub")))) {
            return {};
        }
        return key;
    }

    SshConfig::LoadOptions homeIn(const QString& dir) const
    {
        SshConfig::LoadOptions load;
        load.homeDir = dir;
        return load;
    }

private slots:
    void initTestCase()
    {
        qunsetenv("SSH_AUTH_SOCK");
        qunsetenv("SSH_ASKPASS");
    }

    void init()
    {
        m_sshd = std::make_unique<TestSshd>();
        QString error;
        QVERIFY2(m_sshd->start(&error), qPrintable(error));
    }

    void cleanup() { m_sshd.reset(); }

    // ~/.ssh/config ------------------------------------------------------------------------------

    void configAliasResolvesAndConnects()
    {
        // The home is the sshd's directory, so "~/client_ed25519" is the authorized key there.
        const QString configFile = m_sshd->path(QStringLiteral("ssh_config"));
        QVERIFY(TestSshd::writeFile(configFile, QStringLiteral("Host audit-target\n"
                                                               "    HostName 127.0.0.1\n"
                                                               "    Port %1\n"
                                                               "    User %2\n"
                                                               "    IdentityFile ~/not-there\n"
                                                               "    IdentityFile ~/client_ed25519\n"
                                                               "Host *\n"
                                                               "    Port 1\n"
                                                               "    User nobody\n")
                                                    .arg(m_sshd->port())
                                                    .arg(currentUser())
                                                    .toUtf8()));
        auto config = SshConfig::load(configFile, homeIn(m_sshd->dir()));
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));

        SshOptions options = m_sshd->options();
        options.identityFile.clear();
        options.host = HostSpec::parse(QStringLiteral("audit-target")).value();
        QVERIFY(config->apply(options.host, options).ok());
        QCOMPARE(options.host.toString(), QStringLiteral("%1@127.0.0.1:%2").arg(currentUser()).arg(m_sshd->port()));
        QCOMPARE(options.identityFiles, (QStringList{m_sshd->path(QStringLiteral("not-there")), m_sshd->clientKey()}));

        auto session = connectOrFail(options);
        QVERIFY(session);
        QCOMPARE(session->serverFingerprint(), m_sshd->hostFingerprint());
        auto result = session->run(QStringLiteral("id -un"));
        QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
        QCOMPARE(result->output, currentUser().toUtf8() + '\n');
    }

    void strictHostKeyCheckingNoInConfigStillRefused()
    {
        // The pitfall: with libssh's own config parser this file makes an unknown host "known".
        const QString configFile = m_sshd->path(QStringLiteral("ssh_config"));
        QVERIFY(TestSshd::writeFile(configFile, QStringLiteral("Host lenient\n"
                                                               "    HostName 127.0.0.1\n"
                                                               "    Port %1\n"
                                                               "    IdentityFile ~/client_ed25519\n"
                                                               "Host *\n"
                                                               "    StrictHostKeyChecking no\n"
                                                               "    UserKnownHostsFile /dev/null\n"
                                                               "    GlobalKnownHostsFile /dev/null\n")
                                                    .arg(m_sshd->port())
                                                    .toUtf8()));
        auto config = SshConfig::load(configFile, homeIn(m_sshd->dir()));
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));

        SshOptions options = m_sshd->options();
        options.identityFile.clear();
        options.knownHostsFile = m_sshd->path(QStringLiteral("empty_known_hosts"));
        QVERIFY(TestSshd::writeFile(options.knownHostsFile, {}));
        options.host = HostSpec::parse(QStringLiteral("lenient")).value();
        QVERIFY(config->apply(options.host, options).ok());
        QVERIFY2(options.configIgnored.join(QLatin1Char('\n')).contains(QLatin1String("stricthostkeychecking no")),
                 qPrintable(options.configIgnored.join(QLatin1Char('\n'))));

        auto refused = SshSession::connect(options);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QLatin1String("is not known")), qPrintable(refused.errorMessage()));
        QVERIFY2(refused.errorMessage().contains(m_sshd->hostFingerprint()), qPrintable(refused.errorMessage()));
        QCOMPARE(readAll(options.knownHostsFile), QByteArray()); // nothing was added behind our back
        QVERIFY(!m_sshd->log().contains(QLatin1String("Accepted publickey")));
    }

    void proxyJumpThroughAnotherSshd()
    {
        TestSshd jump;
        QString error;
        QVERIFY2(jump.start(&error), qPrintable(error));
        const QString knownHosts = m_sshd->path(QStringLiteral("both_known_hosts"));
        QVERIFY(TestSshd::writeFile(
            knownHosts,
            (m_sshd->knownHostsLine() + QLatin1Char('\n') + jump.knownHostsLine() + QLatin1Char('\n')).toUtf8()));
        const QString configFile = m_sshd->path(QStringLiteral("ssh_config"));
        QVERIFY(TestSshd::writeFile(configFile, QStringLiteral("Host inner\n"
                                                               "    HostName 127.0.0.1\n"
                                                               "    Port %1\n"
                                                               "    IdentityFile %2\n"
                                                               "    ProxyJump bastion\n"
                                                               "Host bastion\n"
                                                               "    HostName 127.0.0.1\n"
                                                               "    Port %3\n"
                                                               "    User %4\n"
                                                               "    IdentityFile %5\n"
                                                               "    IdentitiesOnly yes\n")
                                                    .arg(m_sshd->port())
                                                    .arg(m_sshd->clientKey())
                                                    .arg(jump.port())
                                                    .arg(currentUser(), jump.clientKey())
                                                    .toUtf8()));
        auto config = SshConfig::load(configFile, homeIn(m_sshd->dir()));
        QVERIFY2(config.ok(), qPrintable(config.errorMessage()));
        SshOptions options = m_sshd->options();
        options.identityFile.clear();
        options.knownHostsFile = knownHosts;
        options.host = HostSpec::parse(QStringLiteral("inner")).value();
        QVERIFY(config->apply(options.host, options).ok());
        QCOMPARE(options.proxyJump, QStringLiteral("bastion"));

        const QByteArray needle = QStringLiteral("[127.0.0.1]:%1").arg(m_sshd->port()).toUtf8();
        {
            auto session = connectOrFail(options);
            QVERIFY(session);
            auto result = session->run(QStringLiteral("echo through the bastion"));
            QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
            QCOMPARE(result->output, QByteArray("through the bastion\n"));
            QCOMPARE(session->serverFingerprint(), m_sshd->hostFingerprint()); // the target's key, end to end
            // The bastion saw a login and forwarded a connection (sshd logs direct-tcpip at VERBOSE).
            QTRY_VERIFY2_WITH_TIMEOUT(jump.log().contains(QLatin1String("Accepted publickey")), qPrintable(jump.log()),
                                      5000);
            QVERIFY(!processesWith(needle).isEmpty());
        }
        // libssh ends the ssh -W process with the session: nothing is left running.
        QTRY_VERIFY_WITH_TIMEOUT(processesWith(needle).isEmpty(), 5000);

        // A bastion whose key is not known is refused by ssh, and we say what ssh said.
        QVERIFY(TestSshd::writeFile(knownHosts, m_sshd->knownHostsLine().toUtf8() + '\n'));
        auto refused = SshSession::connect(options);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QLatin1String("through ProxyJump bastion")),
                 qPrintable(refused.errorMessage()));
        QVERIFY2(refused.errorMessage().contains(QLatin1String("Host key verification failed")),
                 qPrintable(refused.errorMessage()));
        QCOMPARE(readAll(knownHosts), m_sshd->knownHostsLine().toUtf8() + '\n');
        QTRY_VERIFY_WITH_TIMEOUT(processesWith(needle).isEmpty(), 5000);
    }

    // Encrypted keys -------------------------------------------------------------------------------

    void encryptedKeyWithAskpass()
    {
        const QString key = encryptedKey(QStringLiteral("correct horse"), true);
        QVERIFY(!key.isEmpty());
        const QString askpass = writeAskpass(m_sshd->dir(), QStringLiteral("askpass"), "echo 'correct horse'\n");
        SshOptions options = m_sshd->options();
        options.identityFile = key;
        options.credentials = std::make_shared<AskpassCredentials>(askpass);
        auto session = connectOrFail(options);
        QVERIFY(session);
        auto result = session->run(QStringLiteral("echo decrypted"));
        QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
        QCOMPARE(result->output, QByteArray("decrypted\n"));
        const QStringList asked = askpassLog(askpass);
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first(),
                 QStringLiteral("(%1) Enter passphrase for key '%2':").arg(Endpoint::userAtLabel(options.host), key));
    }

    void wrongPassphraseIsAClearError()
    {
        const QString key = encryptedKey(QStringLiteral("correct horse"), true);
        QVERIFY(!key.isEmpty());
        const QString askpass = writeAskpass(m_sshd->dir(), QStringLiteral("askpass"), "echo 'battery staple'\n");
        SshOptions options = m_sshd->options();
        options.identityFile = key;
        options.credentials = std::make_shared<AskpassCredentials>(askpass);
        auto refused = SshSession::connect(options);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().startsWith(
                     QStringLiteral("authentication failed for %1: wrong passphrase for key file %2 (3 attempts)")
                         .arg(Endpoint::userAtLabel(options.host), key)),
                 qPrintable(refused.errorMessage()));
        const QStringList asked = askpassLog(askpass);
        QCOMPARE(asked.size(), 3);
        QVERIFY(asked.at(1).startsWith(QLatin1String("Wrong passphrase, try again.")));
    }

    void declinedPassphrase()
    {
        const QString key = encryptedKey(QStringLiteral("correct horse"), true);
        const QString askpass = writeAskpass(m_sshd->dir(), QStringLiteral("askpass"), "exit 1\n");
        SshOptions options = m_sshd->options();
        options.identityFile = key;
        options.credentials = std::make_shared<AskpassCredentials>(askpass);
        auto refused = SshSession::connect(options);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(
                     QStringLiteral("key file %1 is encrypted and no passphrase was given").arg(key)),
                 qPrintable(refused.errorMessage()));
        QCOMPARE(askpassLog(askpass).size(), 1);
    }

    void keyTheServerRefusesIsNotAskedFor()
    {
        const QString key = encryptedKey(QStringLiteral("correct horse"), false);
        QVERIFY(!key.isEmpty());
        QFile::remove(key + QLatin1String(".pub")); // the public half comes from the private key file
        const QString askpass = writeAskpass(m_sshd->dir(), QStringLiteral("askpass"), "echo 'correct horse'\n");
        SshOptions options = m_sshd->options();
        options.identityFile = key;
        options.credentials = std::make_shared<AskpassCredentials>(askpass);
        auto refused = SshSession::connect(options);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("key file %1 (encrypted)").arg(key)),
                 qPrintable(refused.errorMessage()));
        QCOMPARE(askpassLog(askpass), QStringList()); // never bothered the user
    }

    void agentHoldsTheEncryptedKey()
    {
        const QString key = encryptedKey(QStringLiteral("correct horse"), true);
        QVERIFY(!key.isEmpty());
        TestAgent agent;
        QVERIFY(agent.start(m_sshd->dir(), {key}, QStringLiteral("correct horse")));
        const AgentEnvironment environment(agent.socket());
        const QString askpass = writeAskpass(m_sshd->dir(), QStringLiteral("askpass"), "exit 1\n");
        SshOptions options = m_sshd->options();
        options.identityFile = key;
        options.useAgent = true;
        options.credentials = std::make_shared<AskpassCredentials>(askpass);
        auto session = connectOrFail(options);
        QVERIFY(session);
        auto result = session->run(QStringLiteral("echo via the agent"));
        QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
        QCOMPARE(result->output, QByteArray("via the agent\n"));
        QCOMPARE(askpassLog(askpass), QStringList()); // the agent had it: no prompt
    }

    void passphraseAskedOncePerScan()
    {
        const QString key = encryptedKey(QStringLiteral("correct horse"), true);
        const QString askpass = writeAskpass(m_sshd->dir(), QStringLiteral("askpass"), "echo 'correct horse'\n");
        SshOptions options = m_sshd->options();
        options.identityFile = key;
        options.credentials = std::make_shared<PassphraseCache>(std::make_shared<AskpassCredentials>(askpass));
        for (int i = 0; i < 3; ++i) {
            auto session = connectOrFail(options);
            QVERIFY(session);
        }
        QCOMPARE(askpassLog(askpass).size(), 1);
    }

    void cancelDuringPassphrasePrompt()
    {
        const QString key = encryptedKey(QStringLiteral("correct horse"), true);
        const QString askpass = writeAskpass(m_sshd->dir(), QStringLiteral("askpass"), "exec sleep 30\n");
        SshOptions options = m_sshd->options();
        options.identityFile = key;
        options.credentials = std::make_shared<AskpassCredentials>(askpass);
        std::atomic<bool> cancel{false};
        std::thread canceller([&cancel] {
            std::this_thread::sleep_for(std::chrono::milliseconds(700));
            cancel = true;
        });
        QElapsedTimer clock;
        clock.start();
        auto result = SshSession::connect(options, &cancel);
        const qint64 elapsed = clock.elapsed();
        canceller.join();
        QVERIFY(!result.ok());
        QCOMPARE(result.errorMessage(), QStringLiteral("cancelled"));
        QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed)));
        QCOMPARE(askpassLog(askpass).size(), 1); // it was asking when the cancel came
    }

    // Passwords ------------------------------------------------------------------------------------

    void passwordLogin_data()
    {
        QTest::addColumn<bool>("kbdInteractive");
        QTest::newRow("keyboard-interactive (PAM)") << true;
        QTest::newRow("password") << false;
    }

    void passwordLogin()
    {
        QFETCH(bool, kbdInteractive);
        if (!TestSshd::canRunPasswordUser()) {
            QSKIP("needs root, unshare and openssl to give a throwaway sshd its own password user");
        }
        m_sshd = std::make_unique<TestSshd>();
        m_sshd->enablePasswordUser(QStringLiteral("bhpass"), QStringLiteral("s3cret pass"), kbdInteractive);
        QString error;
        QVERIFY2(m_sshd->start(&error), qPrintable(error));

        SshOptions options = m_sshd->options();
        options.identityFile.clear();
        options.host.user = QStringLiteral("bhpass");
        options.passwordAuth = true;
        auto person = std::make_shared<ScriptedCredentials>(QList<QByteArray>{"s3cret pass"});
        options.credentials = person;
        auto session = connectOrFail(options);
        QVERIFY(session);
        auto result = session->run(QStringLiteral("id -un; id -u"));
        QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
        QCOMPARE(result->output, QByteArray("bhpass\n4242\n"));

        const auto requests = person->requests();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.first().kind,
                 kbdInteractive ? CredentialRequest::Kind::KeyboardInteractive : CredentialRequest::Kind::Password);
        QVERIFY(!requests.first().echo);
        QCOMPARE(requests.first().target, Endpoint::userAtLabel(options.host));
        if (kbdInteractive) {
            QCOMPARE(requests.first().prompt, QStringLiteral("Password:")); // PAM's question, as the server sent it
        }
    }

    void wrongPasswordRefused_data() { passwordLogin_data(); }

    void wrongPasswordRefused()
    {
        QFETCH(bool, kbdInteractive);
        if (!TestSshd::canRunPasswordUser()) {
            QSKIP("needs root, unshare and openssl to give a throwaway sshd its own password user");
        }
        m_sshd = std::make_unique<TestSshd>();
        m_sshd->enablePasswordUser(QStringLiteral("bhpass"), QStringLiteral("s3cret pass"), kbdInteractive);
        QString error;
        QVERIFY2(m_sshd->start(&error), qPrintable(error));

        SshOptions options = m_sshd->options();
        options.identityFile.clear();
        options.host.user = QStringLiteral("bhpass");
        options.passwordAuth = true;
        auto person = std::make_shared<ScriptedCredentials>(QList<QByteArray>{"guess 1", "guess 2", "guess 3"});
        options.credentials = person;
        auto refused = SshSession::connect(options);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(kbdInteractive ? QLatin1String("keyboard-interactive login refused "
                                                                                "(3 attempts)")
                                                                : QLatin1String("password refused (3 attempts)")),
                 qPrintable(refused.errorMessage()));
        QCOMPARE(person->requests().size(), 3);
        QCOMPARE(person->requests().at(2).attempt, 3);
    }

    void passwordOnlyWhenChosen()
    {
        if (!TestSshd::canRunPasswordUser()) {
            QSKIP("needs root, unshare and openssl to give a throwaway sshd its own password user");
        }
        m_sshd = std::make_unique<TestSshd>();
        m_sshd->enablePasswordUser(QStringLiteral("bhpass"), QStringLiteral("s3cret pass"), true);
        QString error;
        QVERIFY2(m_sshd->start(&error), qPrintable(error));
        SshOptions options = m_sshd->options();
        options.identityFile.clear();
        options.host.user = QStringLiteral("bhpass");
        auto person = std::make_shared<ScriptedCredentials>(QList<QByteArray>{"s3cret pass"});
        options.credentials = person; // a prompt exists, but passwords were not chosen
        auto refused = SshSession::connect(options);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QLatin1String("the server also accepts a password")),
                 qPrintable(refused.errorMessage()));
        QCOMPARE(person->requests().size(), 0);
    }

    // Keepalive ------------------------------------------------------------------------------------

    void keepaliveDetectsAFrozenServer()
    {
        SshOptions options = m_sshd->options();
        options.keepaliveIntervalMs = 500;
        options.keepaliveCountMax = 2;
        auto session = connectOrFail(options);
        QVERIFY(session);
        // The command's parent is the per-connection sshd; freezing it keeps the TCP connection
        // up (the kernel still acknowledges) while nothing answers: only a keepalive notices.
        const QString pidFile = m_sshd->path(QStringLiteral("session.pid"));
        std::atomic<pid_t> frozen{0};
        std::thread freezer([&] {
            for (int i = 0; i < 100 && frozen == 0; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                const QByteArray pid = readAll(pidFile).trimmed();
                if (!pid.isEmpty() && ::kill(pid.toInt(), SIGSTOP) == 0) {
                    frozen = pid.toInt();
                }
            }
        });
        QElapsedTimer clock;
        clock.start();
        auto result = session->run(QStringLiteral("echo $PPID > '%1'; sleep 60").arg(pidFile));
        const qint64 elapsed = clock.elapsed();
        freezer.join();
        const pid_t pid = frozen.load();
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::kill(pid, SIGCONT);
        }
        QVERIFY(pid > 0);
        QVERIFY(!result.ok());
        QVERIFY2(result.errorMessage().contains(QLatin1String("did not answer 2 keepalives")),
                 qPrintable(result.errorMessage()));
        qInfo("frozen server given up after %lld ms", static_cast<long long>(elapsed));
        // Bound: 2 asks and one more interval of silence (1.5 s) after the freeze, with slack.
        QVERIFY2(elapsed < 6000, qPrintable(QString::number(elapsed)));
        QElapsedTimer next;
        next.start();
        QVERIFY(!session->run(QStringLiteral("true")).ok()); // dropped, not retried against a dead peer
        QVERIFY2(next.elapsed() < 1000, qPrintable(QString::number(next.elapsed())));
    }

    void keepaliveKeepsAQuietServer()
    {
        // A command silent for 3 s, keepalive every 300 ms giving up after 2: only answered
        // keepalives keep it alive, so this fails if the replies are not seen.
        SshOptions options = m_sshd->options();
        options.keepaliveIntervalMs = 300;
        options.keepaliveCountMax = 2;
        auto session = connectOrFail(options);
        QVERIFY(session);
        auto result = session->run(QStringLiteral("sleep 3; echo still here"));
        QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
        QCOMPARE(result->output, QByteArray("still here\n"));
        auto next = session->run(QStringLiteral("echo next"));
        QVERIFY2(next.ok(), qPrintable(next.errorMessage()));
    }
};

QTEST_GUILESS_MAIN(TestSshAccess)
#include "tst_sshaccess.moc"
