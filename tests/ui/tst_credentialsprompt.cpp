// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI's answer to credential questions: a dialog on the GUI thread for a question asked on a
// scan worker thread, cancellable, plain text only; and the scan dialog's SSH options.
#include "MainWindow.h"
#include "TestSshd.h"
#include "dialogs/CredentialsDialog.h"
#include "dialogs/GuiCredentialsProvider.h"
#include "dialogs/ScanDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <optional>
#include <thread>

using namespace bulkhead;

namespace {

CredentialRequest kbdRequest()
{
    CredentialRequest request;
    request.kind = CredentialRequest::Kind::KeyboardInteractive;
    request.target = QStringLiteral("root@10.0.0.5:22");
    request.prompt = QStringLiteral("<b>One-time code</b> <a href=\"http://x\">:</a>");
    request.instruction = QStringLiteral("<img src=x> Enter the code");
    return request;
}

CredentialsDialog* openDialog()
{
    return qobject_cast<CredentialsDialog*>(QApplication::activeModalWidget());
}

} // namespace

class TestCredentialsPrompt : public QObject
{
    Q_OBJECT

private slots:
    // The dialog runs its own (modal) event loop inside the test's waits, so the test acts on it
    // from a timer, the way a person would, and checks afterwards.
    void workerGetsTheTypedAnswer()
    {
        QWidget window;
        window.show();
        GuiCredentialsProvider provider(&window);
        std::optional<SecretBytes> answer;
        std::atomic<bool> finished{false};
        QLineEdit::EchoMode echo = QLineEdit::Normal;
        Qt::TextFormat promptFormat = Qt::RichText;
        Qt::TextFormat instructionFormat = Qt::RichText;
        QString promptText;
        QPointer<QLineEdit> edit;
        QTimer person;
        person.setInterval(20);
        connect(&person, &QTimer::timeout, this, [&] {
            CredentialsDialog* dialog = openDialog();
            if (dialog == nullptr || edit) {
                return;
            }
            edit = dialog->findChild<QLineEdit*>(QStringLiteral("credentialsEdit"));
            auto* prompt = dialog->findChild<QLabel*>(QStringLiteral("credentialsPrompt"));
            auto* instruction = dialog->findChild<QLabel*>(QStringLiteral("credentialsInstruction"));
            if (!edit || !prompt || !instruction) {
                dialog->reject();
                return;
            }
            echo = edit->echoMode();
            promptFormat = prompt->textFormat();
            instructionFormat = instruction->textFormat();
            promptText = prompt->text();
            QTest::keyClicks(edit, QStringLiteral("123 456"));
            dialog->findChild<QPushButton*>(QStringLiteral("credentialsOk"))->click();
        });
        person.start();
        std::thread worker([&] {
            answer = provider.ask(kbdRequest(), nullptr);
            finished = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(finished.load(), 10000);
        worker.join();
        QVERIFY(answer);
        QCOMPARE(QByteArray(answer->c_str()), QByteArray("123 456"));
        QCOMPARE(echo, QLineEdit::Password);
        // Server text is shown literally, never as markup.
        QCOMPARE(promptFormat, Qt::PlainText);
        QCOMPARE(instructionFormat, Qt::PlainText);
        QCOMPARE(promptText, kbdRequest().prompt);
    }

    void cancelButtonDeclines()
    {
        GuiCredentialsProvider provider(nullptr);
        std::optional<SecretBytes> answer = SecretBytes("x", 1);
        std::atomic<bool> finished{false};
        CredentialRequest request;
        request.kind = CredentialRequest::Kind::KeyPassphrase;
        request.keyFile = QStringLiteral("/keys/id_ed25519");
        request.prompt = QStringLiteral("Passphrase:");
        request.attempt = 2;
        bool sawRetry = false;
        QString intro;
        QTimer person;
        person.setInterval(20);
        connect(&person, &QTimer::timeout, this, [&] {
            CredentialsDialog* dialog = openDialog();
            if (dialog == nullptr) {
                return;
            }
            sawRetry = dialog->findChild<QLabel*>(QStringLiteral("credentialsRetry")) != nullptr;
            intro = dialog->findChild<QLabel*>(QStringLiteral("credentialsIntro"))->text();
            dialog->findChild<QPushButton*>(QStringLiteral("credentialsCancel"))->click();
        });
        person.start();
        std::thread worker([&] {
            answer = provider.ask(request, nullptr);
            finished = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(finished.load(), 10000);
        worker.join();
        QVERIFY(!answer);
        QVERIFY(sawRetry);
        QVERIFY2(intro.contains(QLatin1String("/keys/id_ed25519")), qPrintable(intro));
    }

    void cancelledScanClosesTheDialog()
    {
        GuiCredentialsProvider provider(nullptr);
        std::atomic<bool> cancel{false};
        std::atomic<bool> finished{false};
        std::optional<SecretBytes> answer;
        QElapsedTimer sinceCancel;
        qint64 returnedAfterMs = -1;
        QTimer scan;
        scan.setInterval(20);
        connect(&scan, &QTimer::timeout, this, [&] {
            if (openDialog() != nullptr && !cancel) {
                sinceCancel.start();
                cancel = true; // the scan is cancelled while the question is on screen
            }
            if (finished && returnedAfterMs < 0) {
                returnedAfterMs = sinceCancel.elapsed();
            }
        });
        scan.start();
        std::thread worker([&] {
            answer = provider.ask(kbdRequest(), &cancel);
            finished = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(finished.load() && returnedAfterMs >= 0, 10000);
        worker.join();
        QVERIFY(!answer);
        QVERIFY2(returnedAfterMs < 1000, qPrintable(QString::number(returnedAfterMs)));
        QTRY_VERIFY(openDialog() == nullptr); // the GUI thread closed it
    }

    void askedOnTheGuiThread()
    {
        GuiCredentialsProvider provider(nullptr);
        QTimer person;
        person.setInterval(20);
        connect(&person, &QTimer::timeout, this, [] {
            if (CredentialsDialog* dialog = openDialog()) {
                QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("credentialsEdit")),
                                 QStringLiteral("hunter2"));
                dialog->accept();
            }
        });
        person.start();
        auto answer = provider.ask(kbdRequest(), nullptr);
        QVERIFY(answer);
        QCOMPARE(QByteArray(answer->c_str()), QByteArray("hunter2"));
    }

    // The whole path: a GUI scan (ScanController's thread, FleetScanner's workers) meets an
    // encrypted key; the dialog asks on the GUI thread; the login succeeds with the typed passphrase.
    void guiScanAsksForThePassphrase()
    {
        test::TestSshd sshd;
        QString error;
        QVERIFY2(sshd.start(&error), qPrintable(error));
        const QString key = sshd.path(QStringLiteral("encrypted_ed25519"));
        QVERIFY2(test::TestSshd::generateKey(key, QStringLiteral("ed25519"), QStringLiteral("gui secret"), &error),
                 qPrintable(error));
        QFile authorized(sshd.path(QStringLiteral("authorized_keys")));
        QFile pub(key + QLatin1String(".pub"));
        QVERIFY(authorized.open(QIODevice::Append) && pub.open(QIODevice::ReadOnly));
        authorized.write(pub.readAll());
        authorized.close();

        QTemporaryDir dir;
        MainWindow window;
        QVERIFY(window.createWorkspace(dir.filePath(QStringLiteral("gui.bulkhead"))).ok());
        window.show();
        ScanRequest request;
        request.workspacePath = window.workspacePath();
        request.hosts = {sshd.options().host};
        request.identityFile = key;
        request.knownHostsFile = sshd.knownHostsFile();
        request.connectTimeoutMs = 5000;
        request.limits.timeoutMs = 20000;

        int prompts = 0;
        QString keyShown;
        QTimer person;
        person.setInterval(20);
        connect(&person, &QTimer::timeout, this, [&] {
            if (CredentialsDialog* dialog = openDialog()) {
                ++prompts;
                keyShown = dialog->findChild<QLabel*>(QStringLiteral("credentialsIntro"))->text();
                QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("credentialsEdit")),
                                 QStringLiteral("gui secret"));
                dialog->accept();
            }
        });
        person.start();
        QVERIFY(window.startScan(request).ok());
        QTRY_VERIFY_WITH_TIMEOUT(!window.isScanning(), 180000);
        QCOMPARE(prompts, 1);
        QVERIFY2(keyShown.contains(key), qPrintable(keyShown));
        QTRY_VERIFY_WITH_TIMEOUT(sshd.log().contains(QLatin1String("Accepted publickey")), 5000);
    }

    // An unknown host key is shown with its fingerprint; trusting it adds it to known_hosts and the scan
    // goes on; refusing (the default) ends the host's scan with the reason.
    void unknownHostKeyAsked_data()
    {
        QTest::addColumn<bool>("trust");
        QTest::newRow("trusted") << true;
        QTest::newRow("refused") << false;
    }

    void unknownHostKeyAsked()
    {
        QFETCH(bool, trust);
        test::TestSshd sshd;
        QString error;
        QVERIFY2(sshd.start(&error), qPrintable(error));
        // The key ssh-keygen -lf would print for the server's line.
        const QByteArray blob = QByteArray::fromBase64(sshd.knownHostsLine().split(u' ').value(2).toLatin1());
        const QString fingerprint =
            QStringLiteral("SHA256:") +
            QString::fromLatin1(
                QCryptographicHash::hash(blob, QCryptographicHash::Sha256).toBase64(QByteArray::OmitTrailingEquals));

        QTemporaryDir dir;
        const QString knownHosts = dir.filePath(QStringLiteral("known_hosts")); // empty: the key is unknown
        MainWindow window;
        QVERIFY(window.createWorkspace(dir.filePath(QStringLiteral("keys.bulkhead"))).ok());
        window.show();
        ScanRequest request;
        request.workspacePath = window.workspacePath();
        request.hosts = {sshd.options().host};
        request.identityFile = sshd.options().identityFile;
        request.knownHostsFile = knownHosts;
        request.connectTimeoutMs = 5000;
        request.limits.timeoutMs = 20000;

        int prompts = 0;
        QString shown;
        QTimer person;
        person.setInterval(20);
        connect(&person, &QTimer::timeout, this, [&] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (box == nullptr || box->objectName() != QLatin1String("hostKeyPrompt"))
                return;
            ++prompts;
            shown = box->text() + QLatin1Char('\n') + box->informativeText();
            QVERIFY(box->defaultButton() != box->findChild<QPushButton*>(QStringLiteral("trustHostKeyButton")));
            if (trust)
                box->findChild<QPushButton*>(QStringLiteral("trustHostKeyButton"))->click();
            else
                box->reject();
        });
        person.start();
        QVERIFY(window.startScan(request).ok());
        QTRY_VERIFY_WITH_TIMEOUT(!window.isScanning(), 180000);
        QCOMPARE(prompts, 1);
        QVERIFY2(shown.contains(fingerprint), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("ssh-ed25519")), qPrintable(shown));
        QFile file(knownHosts);
        const QByteArray recorded = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        if (trust) {
            QVERIFY2(recorded.contains(sshd.knownHostsLine().split(u' ').value(2).toLatin1()), recorded.constData());
            QTRY_VERIFY_WITH_TIMEOUT(sshd.log().contains(QLatin1String("Accepted publickey")), 5000);
        } else {
            QVERIFY(recorded.isEmpty());
            const QString message = window.findChild<QLabel*>(QStringLiteral("messageLabel"))->text();
            QVERIFY2(message.contains(QStringLiteral("not known")), qPrintable(message));
        }
    }

    void echoedQuestionIsVisible()
    {
        CredentialRequest request = kbdRequest();
        request.echo = true;
        CredentialsDialog dialog(request);
        QCOMPARE(dialog.findChild<QLineEdit*>(QStringLiteral("credentialsEdit"))->echoMode(), QLineEdit::Normal);
    }

    void scanDialogSshOptions()
    {
        ScanDialog dialog;
        auto* sshConfig = dialog.findChild<QCheckBox*>(QStringLiteral("sshConfigCheck"));
        auto* passwords = dialog.findChild<QCheckBox*>(QStringLiteral("passwordAuthCheck"));
        QVERIFY(sshConfig && passwords);
        QVERIFY(!sshConfig->isChecked()); // both off unless the user chooses
        QVERIFY(!passwords->isChecked());
        QVERIFY(!dialog.useSshConfig());
        QVERIFY(!dialog.passwordAuth());
        sshConfig->click();
        passwords->click();
        QVERIFY(dialog.useSshConfig());
        QVERIFY(dialog.passwordAuth());
        dialog.setUseSshConfig(false);
        QVERIFY(!sshConfig->isChecked());
    }
};

QTEST_MAIN(TestCredentialsPrompt)
#include "tst_credentialsprompt.moc"
