// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

#include "domain/Artifact.h"
#include "domain/Attestation.h"
#include "domain/Finding.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QTextCursor;
class QTextEdit;

namespace bulkhead {

class Workspace;

// The selected finding and the evidence behind it: check, rationale, expected vs actual, status,
// its history across scans, the auditors' notes and files on it and on its check (author, time, sha256),
// then per evidence reference the artifact's sha256 (re-computed over the stored bytes), probe,
// exact command, host, exit status, UTC times and the exact excerpt at the locator.
// Everything is inserted with QTextCursor::insertText, never parsed as HTML or Markdown, so host
// text such as "<script>" shows literally; control characters are made visible first.
class EvidencePane : public QWidget
{
    Q_OBJECT
public:
    explicit EvidencePane(QWidget* parent = nullptr);

    // The workspace artifacts are read from; nullptr clears. Call again after a reload.
    void setWorkspace(const Workspace* workspace);
    void showFinding(const Finding& finding);
    // Artifacts that no finding cites (container lifecycle evidence), each shown as a finding's
    // evidence is: integrity, provenance and the excerpt at its locator.
    void showArtifacts(const QString& title, const QVector<EvidenceRef>& refs);
    void clear();

protected:
    // The text's colours come from the palette when it is written: a palette change writes it again.
    void changeEvent(QEvent* event) override;

private:
    struct ArtifactView
    {
        bool found = false;
        QString error;
        Artifact artifact; // bodies dropped after hashing
        QString hostName;
        QString hostAddress;
        qint64 size = 0;
        bool verified = false; // sha256 of the stored bytes equals the recorded one
    };
    const ArtifactView& artifactView(qint64 id);
    void writeNotes(QTextCursor& cursor, const QString& title, const QVector<Attachment>& entries);
    void writeEvidence(QTextCursor& cursor, const EvidenceRef& ref, int number, int total);

    const Workspace* m_workspace = nullptr;
    QHash<qint64, ArtifactView> m_artifacts;
    QHash<qint64, QPair<QString, QString>> m_hostNames; // id -> (name, user@addr:port)
    QLabel* m_titleLabel = nullptr;
    QLabel* m_statusChip = nullptr;
    QTextEdit* m_view = nullptr;
    std::function<void()> m_redraw; // shows what is shown again (empty: nothing is)
};

} // namespace bulkhead
