// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace bulkhead {

// One question the transport needs answered by a person (or an askpass program) to log in.
struct CredentialRequest
{
    enum class Kind
    {
        KeyPassphrase,       // decrypt keyFile
        Password,            // SSH password authentication
        KeyboardInteractive, // one prompt of a keyboard-interactive round (server-chosen text)
    };
    Kind kind = Kind::KeyPassphrase;
    QString target;      // "root@10.0.0.5:22"
    QString keyFile;     // KeyPassphrase only
    QString prompt;      // one line to show; for KeyboardInteractive it comes from the server (sanitized)
    QString instruction; // KeyboardInteractive: the server's name and instruction (sanitized), may be empty
    bool echo = false;   // KeyboardInteractive: the server allows the answer to be shown
    int attempt = 1;     // 2 and 3 after a wrong answer

    // The whole prompt as one line, in ssh's words, with the target and a retry note.
    QString promptLine() const;

    // What the server sends is hostile: printable characters only, at most maxLength of them.
    static QString sanitize(const QString& text, int maxLength = 300);
};

} // namespace bulkhead
