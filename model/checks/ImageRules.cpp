// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/ImageRules.h"

#include "checks/CheckText.h"
#include "checks/JsonEvidence.h"
#include "checks/LineEvidence.h"
#include "checks/SecretEvidence.h"
#include "core/JsonPointer.h"
#include "facts/ContainerInspectParser.h"
#include "facts/EngineFactsParser.h"
#include "facts/ImageInspectParser.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <tuple>

namespace bulkhead {

namespace {

const QString HistoryProbe = QStringLiteral("docker.images.history");
const QString Healthcheck = QStringLiteral("image.healthcheck");
const QString UserNotRoot = QStringLiteral("image.user-not-root");
const QString UpdateAlone = QStringLiteral("image.no-update-alone");
const QString CopyNotAdd = QStringLiteral("image.copy-not-add");
const QString NoSecrets = QStringLiteral("image.no-secrets");

struct ImageContext
{
    const Artifact& artifact;
    const ImageFacts& image;
    int usedBy = 0;                        // containers of this host that use it
    const ImageHistory* history = nullptr; // null when the history is unusable
    const Artifact* historyArtifact = nullptr;
    std::optional<EvidenceGap> historyGap;

    Finding make(const QString& checkId) const
    {
        Finding finding;
        finding.checkId = checkId;
        const QString name = image.repoTags.isEmpty() ? image.id.left(19) : image.repoTags.front();
        finding.subject = Subject{SubjectKind::Image, image.id, name};
        return finding;
    }
    void cite(Finding& finding, const QString& pointer) const
    {
        if (auto ref = JsonEvidence::at(artifact, pointer))
            finding.evidence << *ref;
    }
    QString use() const { return ImageSet::useText(usedBy); }
    // The history line of a layer, as evidence.
    void citeLayer(Finding& finding, const HistoryLayer& layer) const
    {
        if (!historyArtifact)
            return;
        const QByteArray imageKey = "\"Image\":\"" + image.id.toUtf8() + "\"";
        if (auto ref = LineEvidence::containingAll(*historyArtifact, {imageKey, layer.createdBy.left(40).toUtf8()})) {
            finding.evidence << *ref;
            return;
        }
        // A step with quotes, '&' or '<' is escaped in the line (\", \u0026): compare the parsed step.
        const QList<QByteArray> lines = historyArtifact->output.split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (!lines.at(i).contains(imageKey))
                continue;
            const QJsonObject line = QJsonDocument::fromJson(lines.at(i)).object();
            if (line.value(QLatin1String("Layer")).toObject().value(QLatin1String("CreatedBy")).toString() ==
                layer.createdBy) {
                finding.evidence << LineEvidence::line(*historyArtifact, static_cast<int>(i + 1),
                                                       QString::fromUtf8(lines.at(i)));
                return;
            }
        }
    }
    // History-based checks without a usable history: error.
    bool noHistory(Finding& finding) const
    {
        if (history)
            return false;
        const EvidenceGap gap = historyGap.value_or(
            EvidenceGap{Status::Error, QStringLiteral("The history of this image could not be read"), {}, {}});
        finding.status = gap.status == Status::NotApplicable ? Status::Error : gap.status;
        finding.message = gap.message;
        finding.evidence = gap.evidence;
        return true;
    }
};

Finding healthcheck(const ImageContext& x)
{
    Finding finding = x.make(Healthcheck);
    finding.expected = QStringLiteral("A HEALTHCHECK instruction in the image");
    if (!x.image.healthcheck) {
        finding.status = Status::Error;
        finding.message = QStringLiteral("Config.Healthcheck could not be read from the image inspect output");
        x.cite(finding, x.image.configPointer());
        return finding;
    }
    if (x.image.healthcheck->defined()) {
        x.cite(finding, x.image.healthcheckPointer());
        finding.status = Status::Pass;
        finding.actual =
            QStringLiteral("HEALTHCHECK %1").arg(CheckText::printable(x.image.healthcheck->test.join(u' '), 120));
        finding.message = QStringLiteral("The image defines a health check") + x.use();
        return finding;
    }
    x.cite(finding, x.image.configPointer());
    finding.status = Status::Fail;
    finding.actual = QStringLiteral("no HEALTHCHECK");
    finding.message = QStringLiteral("The image has no HEALTHCHECK") + x.use();
    return finding;
}

Finding userNotRoot(const ImageContext& x)
{
    Finding finding = x.make(UserNotRoot);
    finding.expected = QStringLiteral("USER names a non-root user");
    x.cite(finding, x.image.userPointer());
    finding.actual = QStringLiteral("User=") + CheckText::quoted(x.image.user);
    const bool root = ContainerInspectParser::isRootUser(x.image.user);
    finding.status = root ? Status::Fail : Status::Pass;
    finding.message =
        (root ? (x.image.user.isEmpty()
                     ? QStringLiteral("The image sets no USER: its containers run as root "
                                      "unless started with --user")
                     : QStringLiteral("The image runs as root (USER %1)").arg(CheckText::quoted(x.image.user)))
              : QStringLiteral("The image runs as %1").arg(CheckText::quoted(x.image.user))) +
        x.use();
    return finding;
}

Finding updateAlone(const ImageContext& x)
{
    Finding finding = x.make(UpdateAlone);
    finding.expected = QStringLiteral("No layer that only updates the package index (update without install)");
    if (x.noHistory(finding))
        return finding;
    static const QRegularExpression update(
        QStringLiteral("\\b(apt-get|apt|apk|yum|dnf|zypper)\\s+(-\\S+\\s+)*(update|makecache|refresh)\\b"));
    static const QRegularExpression install(QStringLiteral("\\b(install|upgrade|add|dist-upgrade)\\b"));
    QStringList alone;
    for (const HistoryLayer& layer : x.history->layers) {
        if (update.match(layer.createdBy).hasMatch() && !install.match(layer.createdBy).hasMatch()) {
            x.citeLayer(finding, layer);
            alone << CheckText::printable(layer.createdBy, 120);
        }
    }
    if (alone.isEmpty()) {
        finding.status = Status::Pass;
        finding.actual = QStringLiteral("%1 layer(s), none updating alone").arg(x.history->layers.size());
        finding.message = QStringLiteral("No layer updates the package index alone") + x.use();
        if (x.historyArtifact)
            finding.evidence << EvidenceRef{x.historyArtifact->id, QString(), QString(), QString()};
        return finding;
    }
    finding.status = Status::Fail;
    finding.actual = alone.join(QStringLiteral("; "));
    finding.message = QStringLiteral("A layer updates the package index without installing in the same step, so later "
                                     "builds reuse a stale cached index: %1")
                          .arg(alone.first()) +
                      x.use();
    return finding;
}

Finding copyNotAdd(const ImageContext& x)
{
    Finding finding = x.make(CopyNotAdd);
    finding.expected = QStringLiteral("COPY instead of ADD (the base image's root filesystem excepted)");
    if (x.noHistory(finding))
        return finding;
    static const QRegularExpression add(QStringLiteral("(^|#\\(nop\\)\\s*|^/bin/sh -c #\\(nop\\) )ADD\\s+(\\S+)"));
    QStringList remote;
    QStringList local;
    const qsizetype count = x.history->layers.size();
    for (qsizetype i = 0; i < count; ++i) {
        const HistoryLayer& layer = x.history->layers.at(i);
        const QRegularExpressionMatch match = add.match(layer.createdBy.trimmed());
        if (!match.hasMatch())
            continue;
        const QString source = match.captured(2);
        // The oldest layer's `ADD file:<hash> in /` is the base image's root filesystem.
        if (i == count - 1 && source.startsWith(QLatin1String("file:")))
            continue;
        x.citeLayer(finding, layer);
        const QString line = CheckText::printable(layer.createdBy, 120);
        if (source.startsWith(QLatin1String("http://")) || source.startsWith(QLatin1String("https://")))
            remote << line;
        else
            local << line;
    }
    if (remote.isEmpty() && local.isEmpty()) {
        finding.status = Status::Pass;
        finding.actual = QStringLiteral("no ADD instruction");
        finding.message = QStringLiteral("The image's own layers use COPY, not ADD") + x.use();
        if (x.historyArtifact)
            finding.evidence << EvidenceRef{x.historyArtifact->id, QString(), QString(), QString()};
        return finding;
    }
    finding.actual = (remote + local).join(QStringLiteral("; "));
    finding.status = remote.isEmpty() ? Status::Warn : Status::Fail;
    finding.message =
        remote.isEmpty()
            ? QStringLiteral("ADD is used (it unpacks archives and fetches URLs; COPY only copies): %1")
                      .arg(local.first()) +
                  x.use()
            : QStringLiteral("ADD fetches from a URL at build time, unverified: %1").arg(remote.first()) + x.use();
    return finding;
}

Finding noSecrets(const ImageContext& x)
{
    Finding finding = x.make(NoSecrets);
    finding.expected = QStringLiteral("No secret in the image's environment, labels, command or build history");
    SecretEvidence secrets;
    const auto scan = [&](const QString& pointer, const QString& where, const QString& text) {
        const qsizetype before = secrets.locations().size();
        secrets.scan(pointer, where, text);
        if (secrets.locations().size() > before)
            x.cite(finding, pointer);
    };
    for (const EnvEntry& entry : x.image.env)
        scan(entry.pointer, QStringLiteral("ENV ") + entry.name, entry.value);
    for (auto it = x.image.labels.cbegin(); it != x.image.labels.cend(); ++it)
        scan(JsonPointer::append(x.image.labelsPointer(), it.key()), QStringLiteral("LABEL ") + it.key(),
             it.key() + QLatin1Char('=') + it.value());
    for (const auto& [list, pointer, name] :
         {std::tuple{&x.image.entrypoint, x.image.entrypointPointer(), QStringLiteral("ENTRYPOINT")},
          std::tuple{&x.image.cmd, x.image.cmdPointer(), QStringLiteral("CMD")}}) {
        if (!*list)
            continue;
        for (qsizetype i = 0; i < (*list)->size(); ++i)
            scan(JsonPointer::append(pointer, i), QStringLiteral("%1[%2]").arg(name).arg(i), (*list)->at(i));
    }
    bool historyRead = false;
    if (x.history) {
        historyRead = true;
        for (const HistoryLayer& layer : x.history->layers) {
            const qsizetype before = secrets.locations().size();
            secrets.scan(QString(), QStringLiteral("a build step"), layer.createdBy);
            if (secrets.locations().size() > before)
                x.citeLayer(finding, layer);
        }
    }
    if (!secrets.isEmpty()) {
        QStringList found = secrets.describe();
        found.removeDuplicates();
        finding.status = Status::Fail;
        finding.actual = found.join(QStringLiteral(", "));
        finding.message = QStringLiteral("Secrets are baked into the image: %1. Values were redacted before storage")
                              .arg(finding.actual) +
                          x.use();
        return finding;
    }
    if (!historyRead) {
        x.noHistory(finding); // the environment is clean, but the history could not be read: no verdict
        return finding;
    }
    x.cite(finding, x.image.envPointer());
    if (x.historyArtifact)
        finding.evidence << EvidenceRef{x.historyArtifact->id, QString(), QString(), QString()};
    finding.status = Status::Pass;
    finding.actual =
        QStringLiteral("%1 variable(s), %2 layer(s): no secret").arg(x.image.env.size()).arg(x.history->layers.size());
    finding.message = QStringLiteral("No secret found in the image's environment or history") + x.use();
    return finding;
}

} // namespace

QStringList ImageRules::ids()
{
    return {UserNotRoot, Healthcheck, UpdateAlone, CopyNotAdd, NoSecrets};
}

QVector<Finding> ImageRules::evaluate(const HostEvidence& evidence)
{
    QVector<Finding> findings;
    const auto forEvery = [&](const EvidenceGap& gap) {
        for (const QString& id : ids()) {
            Finding finding = gap.finding(id);
            findings << finding;
        }
        return findings;
    };
    const auto& imageSet = evidence.images();
    if (const auto* gap = std::get_if<EvidenceGap>(&imageSet))
        return forEvery(*gap);
    const ImageSet& set = std::get<ImageSet>(imageSet);
    const Artifact& artifact = *set.artifact;

    // Histories by image.
    QHash<QString, ImageHistory> histories;
    std::optional<EvidenceGap> historyGap = evidence.gap(HistoryProbe);
    const Artifact* historyArtifact = evidence.artifact(HistoryProbe);
    if (!historyGap) {
        auto parsed = EngineFactsParser::imageHistory(historyArtifact->output);
        if (parsed) {
            for (const ImageHistory& history : parsed.value())
                histories.insert(history.imageId, history);
        } else {
            historyGap = EvidenceGap::unreadable(*historyArtifact, parsed.errorMessage());
        }
    }
    using Rule = Finding (*)(const ImageContext&);
    const Rule rules[] = {&userNotRoot, &healthcheck, &updateAlone, &copyNotAdd, &noSecrets};
    for (const Rule rule : rules) {
        for (const ImageFacts& image : set.images) {
            const auto it = histories.constFind(image.id);
            const ImageHistory* history = it != histories.cend() && !it->failed ? &*it : nullptr;
            std::optional<EvidenceGap> gap = historyGap;
            if (!gap && !history)
                gap =
                    EvidenceGap{Status::Error,
                                QStringLiteral("docker image history failed for this image (removed during the scan?)"),
                                {},
                                {EvidenceRef{historyArtifact ? historyArtifact->id : 0, {}, {}, {}}}};
            const ImageContext context{
                artifact, image, set.usedBy.value(image.id), history, historyGap ? nullptr : historyArtifact, gap};
            findings << rule(context);
        }
    }
    return findings;
}

} // namespace bulkhead
