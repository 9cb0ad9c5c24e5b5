// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/GuiCredentialsProvider.h"

#include "dialogs/CredentialsDialog.h"
#include "text/SafeText.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QThread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

namespace bulkhead {

namespace {

// What the GUI thread and the waiting worker share; either may outlive the other.
template <typename Answer> struct Exchange
{
    std::mutex mutex;
    std::condition_variable answered;
    bool done = false;
    std::atomic<bool> abandoned{false}; // the worker stopped waiting (cancel): do not open, or close, the dialog
    Answer answer{};
    QPointer<QDialog> dialog;
};

// Shows a modal dialog on the GUI thread (`show` opens it, records it in `open` so a cancel can close it,
// and returns the answer) and waits for the answer in short slices. A cancel closes the dialog and gives
// Answer{} (nothing, or no).
template <typename Answer>
Answer onGuiThread(const std::function<Answer(QPointer<QDialog>& open, const std::atomic<bool>& abandoned)>& show,
                   const std::atomic<bool>* cancel)
{
    QCoreApplication* app = QCoreApplication::instance();
    if (app == nullptr)
        return Answer{};
    if (QThread::currentThread() == app->thread()) {
        QPointer<QDialog> open;
        const std::atomic<bool> never{false};
        return show(open, never);
    }
    auto exchange = std::make_shared<Exchange<Answer>>();
    QMetaObject::invokeMethod(
        app,
        [exchange, show] {
            Answer answer{};
            if (!exchange->abandoned)
                answer = show(exchange->dialog, exchange->abandoned);
            const std::lock_guard<std::mutex> lock(exchange->mutex);
            exchange->answer = std::move(answer);
            exchange->done = true;
            exchange->answered.notify_all();
        },
        Qt::QueuedConnection);

    std::unique_lock<std::mutex> lock(exchange->mutex);
    while (!exchange->done) {
        exchange->answered.wait_for(lock, std::chrono::milliseconds(100));
        if (!exchange->done && cancel != nullptr && cancel->load()) {
            exchange->abandoned = true;
            // Close the dialog if it is open (on its own thread); its answer is dropped.
            QMetaObject::invokeMethod(
                app,
                [exchange] {
                    if (exchange->dialog)
                        exchange->dialog->reject();
                },
                Qt::QueuedConnection);
            return Answer{};
        }
    }
    return std::move(exchange->answer);
}

} // namespace

GuiCredentialsProvider::GuiCredentialsProvider(QWidget* parent)
    : m_parent(parent)
{}

std::optional<SecretBytes> GuiCredentialsProvider::ask(const CredentialRequest& request,
                                                       const std::atomic<bool>* cancel)
{
    QPointer<QWidget> parent = m_parent;
    return onGuiThread<std::optional<SecretBytes>>(
        [request, parent](QPointer<QDialog>& open, const std::atomic<bool>& abandoned) -> std::optional<SecretBytes> {
            CredentialsDialog dialog(request, parent);
            open = &dialog;
            const bool accepted = dialog.exec() == QDialog::Accepted;
            QByteArray typed = dialog.takeSecret();
            if (!accepted || abandoned) {
                SecretBytes::zero(typed);
                return std::nullopt;
            }
            return SecretBytes::take(typed);
        },
        cancel);
}

bool GuiCredentialsProvider::trustHostKey(const HostKeyQuestion& question, const std::atomic<bool>* cancel)
{
    QPointer<QWidget> parent = m_parent;
    return onGuiThread<bool>(
        [question, parent](QPointer<QDialog>& open, const std::atomic<bool>& abandoned) {
            // Refusing is the default: Enter or Escape never trusts a key.
            QMessageBox box(QMessageBox::Question, QObject::tr("Unknown host key"),
                            QObject::tr("The host key of %1 is not known.").arg(SafeText::visibleLine(question.target)),
                            QMessageBox::NoButton, parent);
            box.setObjectName(QStringLiteral("hostKeyPrompt"));
            box.setTextFormat(Qt::PlainText);
            box.setInformativeText(
                QObject::tr("%1 key fingerprint:\n%2\n\nCompare it with the fingerprint the host's administrator "
                            "gives you (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host). If it is the same, "
                            "trust it: it is added to %3 and checked on every connection from then on.")
                    .arg(SafeText::visibleLine(question.keyType), SafeText::visibleLine(question.fingerprint),
                         SafeText::visibleLine(question.knownHostsFile)));
            QPushButton* trust = box.addButton(QObject::tr("Trust and add"), QMessageBox::AcceptRole);
            trust->setObjectName(QStringLiteral("trustHostKeyButton"));
            QPushButton* refuse = box.addButton(QObject::tr("Refuse"), QMessageBox::RejectRole);
            box.setDefaultButton(refuse);
            box.setEscapeButton(refuse);
            open = &box;
            box.exec();
            return box.clickedButton() == trust && !abandoned;
        },
        cancel);
}

} // namespace bulkhead
