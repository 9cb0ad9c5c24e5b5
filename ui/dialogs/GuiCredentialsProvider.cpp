// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/GuiCredentialsProvider.h"

#include "dialogs/CredentialsDialog.h"

#include <QCoreApplication>
#include <QThread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace bulkhead {

namespace {

// What the GUI thread and the waiting worker share; either may outlive the other.
struct Exchange
{
    std::mutex mutex;
    std::condition_variable answered;
    bool done = false;
    std::atomic<bool> abandoned{false}; // the worker stopped waiting (cancel): do not open, or close, the dialog
    std::optional<SecretBytes> answer;
    QPointer<CredentialsDialog> dialog;
};

std::optional<SecretBytes> runDialog(const CredentialRequest& request, QWidget* parent,
                                     const std::shared_ptr<Exchange>& exchange)
{
    CredentialsDialog dialog(request, parent);
    if (exchange) {
        exchange->dialog = &dialog;
    }
    const bool accepted = dialog.exec() == QDialog::Accepted;
    QByteArray typed = dialog.takeSecret();
    if (!accepted || (exchange && exchange->abandoned)) {
        SecretBytes::zero(typed);
        return std::nullopt;
    }
    return SecretBytes::take(typed);
}

} // namespace

GuiCredentialsProvider::GuiCredentialsProvider(QWidget* parent)
    : m_parent(parent)
{}

std::optional<SecretBytes> GuiCredentialsProvider::ask(const CredentialRequest& request,
                                                       const std::atomic<bool>* cancel)
{
    QCoreApplication* app = QCoreApplication::instance();
    if (app == nullptr) {
        return std::nullopt;
    }
    if (QThread::currentThread() == app->thread()) {
        return runDialog(request, m_parent, nullptr);
    }

    auto exchange = std::make_shared<Exchange>();
    QPointer<QWidget> parent = m_parent;
    QMetaObject::invokeMethod(
        app,
        [exchange, request, parent] {
            std::optional<SecretBytes> answer;
            if (!exchange->abandoned) {
                answer = runDialog(request, parent, exchange);
            }
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
                    if (exchange->dialog) {
                        exchange->dialog->reject();
                    }
                },
                Qt::QueuedConnection);
            return std::nullopt;
        }
    }
    return std::move(exchange->answer);
}

} // namespace bulkhead
