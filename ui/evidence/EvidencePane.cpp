// SPDX-License-Identifier: GPL-3.0-or-later
#include "evidence/EvidencePane.h"

#include "checks/CheckCatalog.h"
#include "store/Workspace.h"
#include "style/StatusPalette.h"
#include "text/SafeText.h"

#include <QCryptographicHash>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QTextCursor>
#include <QTextEdit>
#include <QTextFrame>
#include <QTextTable>
#include <QTimer>
#include <QVBoxLayout>

namespace bulkhead {

namespace {

QFont monoFont(const QFont& base)
{
    QFont font(QStringLiteral("DejaVu Sans Mono"));
    if (!QFontInfo(font).fixedPitch())
        font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSizeF(base.pointSizeF() * 0.85);
    return font;
}

QString utc(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : EvidencePane::tr("unknown");
}

// Two-column label/value rows, inserted as plain text only.
class KeyValueTable
{
public:
    KeyValueTable(QTextCursor& cursor, const QTextCharFormat& labelFormat)
        : m_cursor(cursor)
        , m_labelFormat(labelFormat)
    {}

    void add(const QString& label, const QString& value, const QTextCharFormat& valueFormat)
    {
        if (m_table == nullptr) {
            QTextTableFormat format;
            format.setBorder(0);
            format.setBorderStyle(QTextFrameFormat::BorderStyle_None);
            format.setCellPadding(2);
            format.setCellSpacing(0);
            format.setWidth(QTextLength(QTextLength::PercentageLength, 100));
            format.setColumnWidthConstraints(
                {QTextLength(QTextLength::FixedLength, 96), QTextLength(QTextLength::VariableLength, 0)});
            m_table = m_cursor.insertTable(1, 2, format);
        } else {
            m_table->appendRows(1);
        }
        const int row = m_table->rows() - 1;
        QTextCursor labelCursor = m_table->cellAt(row, 0).firstCursorPosition();
        labelCursor.insertText(label, m_labelFormat);
        QTextCursor valueCursor = m_table->cellAt(row, 1).firstCursorPosition();
        valueCursor.insertText(value, valueFormat);
    }

    // A value made of pieces with their own formats (e.g. a status chip followed by text).
    QTextCursor addCustom(const QString& label)
    {
        add(label, QString(), QTextCharFormat());
        return m_table->cellAt(m_table->rows() - 1, 1).firstCursorPosition();
    }

    void finish()
    {
        if (m_table != nullptr) {
            m_cursor = m_table->lastCursorPosition();
            m_cursor.movePosition(QTextCursor::NextBlock);
        }
        m_table = nullptr;
    }

private:
    QTextCursor& m_cursor;
    QTextCharFormat m_labelFormat;
    QTextTable* m_table = nullptr;
};

} // namespace

EvidencePane::EvidencePane(QWidget* parent)
    : QWidget(parent)
{
    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("evidenceTitle"));
    m_titleLabel->setTextFormat(Qt::PlainText);
    m_titleLabel->setWordWrap(true);
    QFont titleFont = m_titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_titleLabel->setFont(titleFont);

    m_statusChip = new QLabel(this);
    m_statusChip->setObjectName(QStringLiteral("evidenceStatus"));
    m_statusChip->setTextFormat(Qt::PlainText);
    m_statusChip->setAlignment(Qt::AlignCenter);
    m_statusChip->hide();

    m_view = new QTextEdit(this);
    m_view->setObjectName(QStringLiteral("evidenceView"));
    m_view->setReadOnly(true);
    m_view->setAcceptRichText(false);
    m_view->setUndoRedoEnabled(false);
    m_view->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_view->setPlaceholderText(tr("Select a finding to see the evidence behind it."));
    m_view->document()->setDocumentMargin(8);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(8, 6, 8, 2);
    header->addWidget(m_titleLabel, 1);
    header->addWidget(m_statusChip, 0, Qt::AlignTop);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    clear();
}

void EvidencePane::setWorkspace(const Workspace* workspace)
{
    m_workspace = workspace;
    m_artifacts.clear();
    m_hostNames.clear();
    if (m_workspace != nullptr) {
        if (auto hosts = m_workspace->hosts()) {
            for (const HostRecord& host : hosts.value())
                m_hostNames.insert(host.id, {host.name, host.spec.toString()});
        }
    }
    clear();
}

void EvidencePane::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // Later, once every child (the text view too) has the new palette.
    if (event->type() == QEvent::PaletteChange && m_redraw)
        QTimer::singleShot(0, this, [this] {
            // A copy runs: showing sets m_redraw anew, which would free the closure while it runs.
            if (const std::function<void()> redraw = m_redraw)
                redraw();
        });
}

void EvidencePane::clear()
{
    m_redraw = nullptr;
    m_titleLabel->setText(tr("Evidence"));
    m_statusChip->hide();
    m_view->clear();
}

const EvidencePane::ArtifactView& EvidencePane::artifactView(qint64 id)
{
    auto it = m_artifacts.find(id);
    if (it != m_artifacts.end())
        return *it;
    ArtifactView view;
    if (m_workspace == nullptr) {
        view.error = tr("no workspace open");
    } else if (auto artifact = m_workspace->artifact(id)) {
        view.found = true;
        view.artifact = std::move(artifact.value());
        const QByteArray digest = QCryptographicHash::hash(view.artifact.output, QCryptographicHash::Sha256).toHex();
        view.verified = QString::fromLatin1(digest) == view.artifact.sha256;
        // Keep only what the pane shows: a 64 MiB body is not worth caching.
        view.size = view.artifact.output.size();
        view.artifact.output.clear();
        view.artifact.errorOutput.truncate(2000);
        const auto host = m_hostNames.value(view.artifact.hostId);
        view.hostName = host.first;
        view.hostAddress = host.second;
    } else {
        view.error = artifact.errorMessage();
    }
    return *m_artifacts.insert(id, view);
}

void EvidencePane::showFinding(const Finding& listed)
{
    m_redraw = [this, listed] { showFinding(listed); };
    // The window lists findings without their evidence: this one's is read now.
    Finding finding = listed;
    if (finding.evidence.isEmpty() && finding.id > 0 && m_workspace != nullptr) {
        if (auto refs = m_workspace->evidenceOf(finding.id))
            finding.evidence = refs.value();
    }
    const CheckDefinition* check = CheckCatalog::instance().find(finding.checkId);
    m_titleLabel->setText(check ? check->title : finding.checkId);
    m_statusChip->setText(QLatin1Char(' ') + statusLabel(finding.status) + QLatin1Char(' '));
    m_statusChip->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: %2; border-radius: 8px; "
                       "padding: 2px 10px; font-weight: bold; }")
            .arg(StatusPalette::background(finding.status).name(), StatusPalette::foreground(finding.status).name()));
    m_statusChip->show();

    m_view->clear();
    QTextDocument* document = m_view->document();
    QTextCursor cursor(document);

    const QFont base = m_view->font();
    QTextCharFormat plain;
    plain.setFont(base);
    QTextCharFormat muted = plain;
    muted.setForeground(m_view->palette().color(QPalette::PlaceholderText));
    QTextCharFormat label = muted;
    QTextCharFormat mono;
    mono.setFont(monoFont(base));
    QTextCharFormat heading = plain;
    QFont headingFont = base;
    headingFont.setBold(true);
    heading.setFont(headingFont);
    QTextCharFormat chip = plain;
    QFont chipFont = base;
    chipFont.setBold(true);
    chip.setFont(chipFont);
    chip.setBackground(StatusPalette::background(finding.status));
    chip.setForeground(StatusPalette::foreground(finding.status));

    QStringList meta{finding.checkId};
    if (check != nullptr) {
        if (check->tip > 0)
            meta << tr("Tip %1").arg(check->tip);
        if (!check->cis.isEmpty())
            meta << tr("CIS %1").arg(check->cis.join(QLatin1String(", ")));
        meta << tr("Severity %1").arg(severityToString(check->severity));
    }
    cursor.insertText(meta.join(QStringLiteral("  ·  ")), muted);

    QTextBlockFormat spaced;
    spaced.setTopMargin(6);
    cursor.insertBlock(spaced);

    KeyValueTable facts(cursor, label);
    QTextCursor statusCursor = facts.addCustom(tr("Status"));
    statusCursor.insertText(QLatin1Char(' ') + statusLabel(finding.status) + QLatin1Char(' '), chip);
    const QString host = m_hostNames.contains(finding.hostId)
                             ? SafeText::visibleLine(finding.hostName) + QStringLiteral("  (") +
                                   m_hostNames.value(finding.hostId).second + QLatin1Char(')')
                             : SafeText::visibleLine(finding.hostName);
    facts.add(tr("Host"), host, plain);
    QString subject =
        subjectKindToString(finding.subject.kind) + QStringLiteral("  ") + SafeText::visibleLine(finding.subject.name);
    facts.add(tr("Subject"), subject, plain);
    if (!finding.subject.id.isEmpty() && finding.subject.id != finding.subject.name)
        facts.add(tr("Subject id"), SafeText::visibleLine(finding.subject.id), mono);
    facts.add(tr("Expected"), SafeText::visible(finding.expected), plain);
    facts.add(tr("Actual"), SafeText::visible(finding.actual), plain);
    facts.add(tr("Why"), SafeText::visible(finding.message), plain);
    facts.finish();

    // This check on this subject in every scan: when it started failing, when a fix took.
    if (m_workspace != nullptr) {
        if (auto history = m_workspace->findingHistory(finding); history && history->size() > 1) {
            QTextBlockFormat section;
            section.setTopMargin(10);
            cursor.insertBlock(section);
            cursor.insertText(tr("History (%n scan(s))", nullptr, int(history->size())), heading);
            for (const FindingHistoryEntry& entry : history.value()) {
                cursor.insertBlock(QTextBlockFormat());
                QTextCharFormat entryChip = chip;
                entryChip.setBackground(StatusPalette::background(entry.status));
                entryChip.setForeground(StatusPalette::foreground(entry.status));
                cursor.insertText(tr("scan %1  %2  ")
                                      .arg(entry.scanId)
                                      .arg(entry.scanStartedUtc.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))),
                                  entry.findingId == finding.id ? heading : plain);
                cursor.insertText(QLatin1Char(' ') + statusLabel(entry.status) + QLatin1Char(' '), entryChip);
                cursor.insertText(QStringLiteral("  ") + SafeText::visibleLine(entry.actual).left(120), muted);
            }
        }
    }

    // What auditors added: on this (check, subject) across scans, then on the check as a whole.
    if (m_workspace != nullptr) {
        if (auto notes = m_workspace->evidence(EvidenceSubject::ofFinding(finding)); notes && !notes->isEmpty())
            writeNotes(cursor, tr("Notes and files (%n)", nullptr, int(notes->size())), notes.value());
        if (auto notes = m_workspace->evidence(EvidenceSubject::ofCheck(finding.checkId)); notes && !notes->isEmpty())
            writeNotes(cursor, tr("Notes and files on the whole check (%n)", nullptr, int(notes->size())),
                       notes.value());
    }

    if (check != nullptr) {
        // The check's own texts (resources/checks/checks.json): why it matters, how to fix it, where it comes from.
        const std::pair<QString, QString> texts[] = {
            {tr("Rationale"), check->rationale},
            {tr("Remediation"), check->remediation},
            {tr("References"), check->references.join(QLatin1Char('\n'))},
        };
        for (const auto& [title, text] : texts) {
            if (text.isEmpty())
                continue;
            QTextBlockFormat section;
            section.setTopMargin(10);
            cursor.insertBlock(section);
            cursor.insertText(title, heading);
            cursor.insertBlock(QTextBlockFormat());
            cursor.insertText(text, plain);
        }
    }

    if (finding.evidence.isEmpty()) {
        QTextBlockFormat section;
        section.setTopMargin(10);
        cursor.insertBlock(section);
        cursor.insertText(tr("No evidence reference recorded for this finding."), muted);
    }
    for (int i = 0; i < finding.evidence.size(); ++i)
        writeEvidence(cursor, finding.evidence[i], i + 1, int(finding.evidence.size()));

    m_view->moveCursor(QTextCursor::Start);
}

void EvidencePane::writeNotes(QTextCursor& cursor, const QString& title, const QVector<Attachment>& entries)
{
    const QFont base = m_view->font();
    QTextCharFormat plain;
    plain.setFont(base);
    QTextCharFormat muted = plain;
    muted.setForeground(m_view->palette().color(QPalette::PlaceholderText));
    QTextCharFormat mono = muted;
    mono.setFont(monoFont(base));
    QTextCharFormat heading = plain;
    QFont headingFont = base;
    headingFont.setBold(true);
    heading.setFont(headingFont);

    QTextBlockFormat section;
    section.setTopMargin(10);
    cursor.insertBlock(section);
    cursor.insertText(title, heading);
    QTextBlockFormat entryFormat;
    entryFormat.setTopMargin(4);
    QTextBlockFormat textFormat;
    textFormat.setLeftMargin(12);
    // Files added together with one note (the dialog, attach --note) share a header and show the note once.
    const auto sameAddition = [](const Attachment& a, const Attachment& b) {
        return a.addedUtc == b.addedUtc && a.addedBy == b.addedBy && a.note == b.note && !a.isNote() && !b.isNote();
    };
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const Attachment& entry = entries.at(i);
        const bool continues = i > 0 && sameAddition(entries.at(i - 1), entry);
        const bool continued = i + 1 < entries.size() && sameAddition(entry, entries.at(i + 1));
        // Author, names and notes come from people and hosts: shown as escaped plain text, never markup.
        if (!continues) {
            cursor.insertBlock(entryFormat);
            cursor.insertText(entry.addedUtc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")) +
                                  QStringLiteral("  ·  ") + SafeText::visibleLine(entry.addedBy).left(80),
                              muted);
        }
        if (!entry.isNote()) {
            cursor.insertBlock(textFormat);
            cursor.insertText(tr("File "), muted);
            cursor.insertText(SafeText::visibleLine(entry.fileName).left(200), heading);
            cursor.insertText(tr("  %1 bytes  ").arg(entry.size), muted);
            cursor.insertText(QStringLiteral("sha256 ") + entry.sha256.left(16) + QChar(0x2026), mono);
        }
        if (!entry.note.isEmpty() && !continued) {
            cursor.insertBlock(textFormat);
            cursor.insertText(SafeText::visible(entry.note), plain);
        }
    }
}

void EvidencePane::showArtifacts(const QString& title, const QVector<EvidenceRef>& refs)
{
    m_redraw = [this, title, refs] { showArtifacts(title, refs); };
    m_titleLabel->setText(title);
    m_statusChip->hide();
    m_view->clear();
    QTextCursor cursor(m_view->document());
    if (refs.isEmpty()) {
        QTextCharFormat muted;
        muted.setForeground(m_view->palette().color(QPalette::PlaceholderText));
        cursor.insertText(tr("Nothing stored yet."), muted);
    }
    for (int i = 0; i < refs.size(); ++i)
        writeEvidence(cursor, refs[i], i + 1, int(refs.size()));
    m_view->moveCursor(QTextCursor::Start);
}

void EvidencePane::writeEvidence(QTextCursor& cursor, const EvidenceRef& ref, int number, int total)
{
    const QFont base = m_view->font();
    QTextCharFormat plain;
    plain.setFont(base);
    QTextCharFormat label = plain;
    label.setForeground(m_view->palette().color(QPalette::PlaceholderText));
    QTextCharFormat mono;
    mono.setFont(monoFont(base));
    QTextCharFormat heading = plain;
    QFont headingFont = base;
    headingFont.setBold(true);
    heading.setFont(headingFont);
    QTextCharFormat good = plain;
    good.setForeground(StatusPalette::text(Status::Pass));
    QTextCharFormat bad = heading;
    bad.setForeground(StatusPalette::text(Status::Fail));

    QTextBlockFormat section;
    section.setTopMargin(12);
    cursor.insertBlock(section);
    cursor.insertText(total > 1 ? tr("Evidence %1 of %2").arg(number).arg(total) : tr("Evidence"), heading);
    cursor.insertBlock(QTextBlockFormat());

    const ArtifactView& view = artifactView(ref.artifactId);
    KeyValueTable table(cursor, label);
    table.add(tr("Artifact"), QStringLiteral("#%1").arg(ref.artifactId), plain);
    const QString sha = view.found ? view.artifact.sha256 : ref.sha256;
    table.add(tr("sha256"), sha, mono);
    if (!view.found) {
        table.add(tr("Integrity"), tr("artifact not readable: %1").arg(view.error), bad);
    } else if (!view.verified) {
        table.add(tr("Integrity"), tr("MISMATCH: the stored bytes do not hash to the recorded sha256"), bad);
    } else if (!ref.sha256.isEmpty() && ref.sha256 != view.artifact.sha256) {
        table.add(tr("Integrity"), tr("MISMATCH: the finding cites sha256 %1").arg(ref.sha256), bad);
    } else {
        table.add(tr("Integrity"), tr("✓ stored bytes hash to this value"), good);
    }
    if (view.found) {
        const Artifact& artifact = view.artifact;
        table.add(tr("Probe"), artifact.probe, mono);
        table.add(tr("Command"), SafeText::visible(artifact.command), mono);
        table.add(tr("Host"),
                  view.hostAddress.isEmpty() ? SafeText::visibleLine(view.hostName)
                                             : SafeText::visibleLine(view.hostName) + QStringLiteral("  (") +
                                                   view.hostAddress + QLatin1Char(')'),
                  plain);
        QString exit = artifact.exitStatus >= 0 ? QString::number(artifact.exitStatus) : tr("none received");
        if (!artifact.exitSignal.isEmpty())
            exit += tr(", killed by signal %1").arg(SafeText::visibleLine(artifact.exitSignal));
        if (artifact.timedOut)
            exit += tr(", timed out");
        if (artifact.truncated)
            exit += tr(", output truncated at the cap");
        table.add(tr("Exit status"), exit, plain);
        table.add(tr("Started"), utc(artifact.startedUtc), mono);
        table.add(tr("Finished"), utc(artifact.finishedUtc), mono);
        table.add(tr("Size"), tr("%1 bytes").arg(view.size), plain);
        if (artifact.redactions > 0)
            table.add(tr("Redacted"), tr("%n secret value(s) replaced before storage", nullptr, artifact.redactions),
                      plain);
    }
    table.add(tr("Locator"), SafeText::visibleLine(ref.locator), mono);
    table.finish();

    cursor.insertBlock(QTextBlockFormat());
    cursor.insertText(tr("Excerpt at the locator (exact, shown as text)"), label);

    QTextFrameFormat box;
    box.setBackground(QColor(0xf4, 0xf5, 0xf7));
    box.setBorder(1);
    box.setBorderBrush(QColor(0xd0, 0xd4, 0xda));
    box.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    box.setPadding(6);
    box.setTopMargin(2);
    cursor.insertFrame(box);
    cursor.insertText(ref.excerpt.isEmpty() ? tr("(empty)") : SafeText::visible(ref.excerpt), mono);
    cursor.movePosition(QTextCursor::End);

    if (view.found && !view.artifact.errorOutput.isEmpty()) {
        cursor.insertBlock(QTextBlockFormat());
        cursor.insertText(tr("Standard error of the command"), label);
        cursor.insertFrame(box);
        cursor.insertText(SafeText::visible(QString::fromUtf8(view.artifact.errorOutput)), mono);
        cursor.movePosition(QTextCursor::End);
    }
}

} // namespace bulkhead
