// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/KubernetesRules.h"

#include "checks/CheckText.h"
#include "facts/KubernetesFactsParser.h"

#include <QRegularExpression>

#include <algorithm>
#include <functional>

namespace bulkhead {

namespace {

const QString ManifestsProbe = QStringLiteral("kubernetes.manifests");
const QString KubeletProbe = QStringLiteral("kubernetes.kubelet.config");
const QString ProcessesProbe = QStringLiteral("kubernetes.processes");

const QString AuditLog = QStringLiteral("kubernetes.apiserver.audit-log");
const QString AnonymousAuth = QStringLiteral("kubernetes.anonymous-auth");
const QString AuthorizationMode = QStringLiteral("kubernetes.authorization-mode");
const QString ReadOnlyPort = QStringLiteral("kubernetes.kubelet.read-only-port");
const QString Profiling = QStringLiteral("kubernetes.profiling");
const QString NotRoot = QStringLiteral("kubernetes.components-not-root");

const QString ApiServer = QStringLiteral("kube-apiserver");
const QString ControllerManager = QStringLiteral("kube-controller-manager");
const QString Scheduler = QStringLiteral("kube-scheduler");
const QString Etcd = QStringLiteral("etcd");
const QString Kubelet = QStringLiteral("kubelet");

Finding make(const QString& id, const QString& component)
{
    Finding finding;
    finding.checkId = id;
    finding.subject = Subject{SubjectKind::Host, QString(), component};
    return finding;
}

Finding fromGap(const EvidenceGap& gap, const QString& id, const QString& component)
{
    Finding finding = gap.finding(id);
    finding.subject = Subject{SubjectKind::Host, QString(), component};
    return finding;
}

EvidenceRef wholeOf(const Artifact& artifact)
{
    return EvidenceRef{artifact.id, QString(), QString(), QString()};
}

EvidenceRef linesRef(const Artifact& artifact, const QList<QByteArray>& lines, qsizetype first, qsizetype last)
{
    QStringList text;
    for (qsizetype i = first; i <= last; ++i) {
        QByteArray shown = lines.at(i);
        shown.replace('\0', ' '); // command lines are NUL-separated
        text << QString::fromUtf8(shown);
    }
    return EvidenceRef{artifact.id, QStringLiteral("lines %1-%2").arg(first + 1).arg(last + 1),
                       text.join(QLatin1Char('\n')), QString()};
}

// The content lines of the section `name` of a sectioned artifact, as 0-based [first, last]; nothing when
// the section is absent or empty.
std::optional<std::pair<qsizetype, qsizetype>> sectionRange(const QList<QByteArray>& lines, const QString& name)
{
    const QByteArray header = "==> " + name.toUtf8() + " <==";
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines.at(i) != header)
            continue;
        qsizetype last = i;
        while (last + 1 < lines.size() && lines.at(last + 1).startsWith('|'))
            ++last;
        if (last == i)
            return std::nullopt;
        return std::pair{i + 1, last};
    }
    return std::nullopt;
}

// One parsed probe: its artifact and facts, or why they cannot be read.
template <typename T> struct Source
{
    const Artifact* artifact = nullptr;
    T facts{};
    std::optional<EvidenceGap> gap;
};

template <typename T, typename Parse> Source<T> load(const HostEvidence& evidence, const QString& probe, Parse parse)
{
    Source<T> source;
    source.gap = evidence.gap(probe);
    if (source.gap)
        return source;
    source.artifact = evidence.artifact(probe);
    auto parsed = parse(source.artifact->output);
    if (!parsed)
        source.gap = EvidenceGap::unreadable(*source.artifact, parsed.errorMessage());
    else
        source.facts = std::move(parsed).value();
    return source;
}

// A control-plane component as it is configured: its static pod manifest (the kubelet keeps it running as
// written there), else its running process.
struct Component
{
    QString name;
    const Artifact* artifact = nullptr;
    const KubeContainer* container = nullptr; // from a manifest
    QString file;                             // the manifest
    const KubeProcess* process = nullptr;     // else from /proc

    std::optional<QString> flag(const QString& flagName) const
    {
        return container ? container->flag(flagName) : process->process.value(flagName);
    }
    QString where() const
    {
        return container ? CheckText::printable(file, 200)
                         : QStringLiteral("the running %1 (pid %2)").arg(name).arg(process->process.pid);
    }

    // Where `--flagName` is given (the last time, as the last one wins), or the whole command when it is not.
    EvidenceRef flagRef(const QString& flagName) const
    {
        const QList<QByteArray> lines = artifact->output.split('\n');
        if (container) {
            const auto range = sectionRange(lines, file);
            if (!range)
                return wholeOf(*artifact);
            const QRegularExpression given(
                QStringLiteral(R"re(^\|\s*-?\s*["']?--%1(=|["']?\s*$))re").arg(QRegularExpression::escape(flagName)));
            for (qsizetype i = range->second; i >= range->first; --i) {
                if (given.match(QString::fromUtf8(lines.at(i))).hasMatch())
                    return linesRef(*artifact, lines, i, i);
            }
            return linesRef(*artifact, lines, range->first, range->second);
        }
        return commandRef(lines);
    }

    // The process's command line (the line after its "==> pid=N ..." header).
    EvidenceRef commandRef(const QList<QByteArray>& lines) const
    {
        const QByteArray header = "==> pid=" + QByteArray::number(process->process.pid) + ' ';
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            if (lines.at(i).startsWith(header))
                return linesRef(*artifact, lines, i + 1, i + 1);
        }
        return wholeOf(*artifact);
    }

    EvidenceRef headerRef() const
    {
        const QList<QByteArray> lines = artifact->output.split('\n');
        const QByteArray header = "==> pid=" + QByteArray::number(process->process.pid) + ' ';
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (lines.at(i).startsWith(header))
                return linesRef(*artifact, lines, i, i);
        }
        return wholeOf(*artifact);
    }
};

class Cluster
{
public:
    explicit Cluster(const HostEvidence& evidence)
        : m_manifests(load<QVector<StaticPod>>(evidence, ManifestsProbe, &KubernetesFactsParser::manifests))
        , m_kubelet(load<KubeletConfig>(evidence, KubeletProbe, &KubernetesFactsParser::kubelet))
        , m_processes(load<QVector<KubeProcess>>(evidence, ProcessesProbe, &KubernetesFactsParser::processes))
    {}

    // No Kubernetes at all: every probe says so.
    std::optional<EvidenceGap> absent() const
    {
        for (const auto* gap : {&m_manifests.gap, &m_kubelet.gap, &m_processes.gap}) {
            if (!*gap || (*gap)->status != Status::NotApplicable)
                return std::nullopt;
        }
        return m_manifests.gap;
    }

    // The component, or the finding that says why it cannot be judged (status and message only).
    std::variant<Component, Finding> component(const QString& id, const QString& name) const
    {
        Component found;
        found.name = name;
        for (const StaticPod& pod : m_manifests.facts) {
            for (const KubeContainer& container : pod.containers) {
                const QString program = container.args.value(0).section(QLatin1Char('/'), -1);
                if (program == name || (program.isEmpty() && container.name == name)) {
                    found.artifact = m_manifests.artifact;
                    found.container = &container;
                    found.file = pod.file;
                    return found;
                }
            }
        }
        if (const KubeProcess* process = this->process(name)) {
            found.artifact = m_processes.artifact;
            found.process = process;
            return found;
        }
        // Not found: only a verdict when both places could be read.
        for (const auto* gap : {&m_manifests.gap, &m_processes.gap}) {
            if (*gap && (*gap)->status != Status::NotApplicable)
                return fromGap(**gap, id, name);
        }
        Finding finding = make(id, name);
        finding.status = Status::NotApplicable;
        finding.actual = QStringLiteral("no %1").arg(name);
        finding.message = QStringLiteral("%1 does not run on this host (no static pod manifest, no process)").arg(name);
        for (const auto* source : {&m_manifests.artifact, &m_processes.artifact}) {
            if (*source)
                finding.evidence << wholeOf(**source);
        }
        return finding;
    }

    const KubeProcess* process(const QString& name) const
    {
        for (const KubeProcess& process : m_processes.facts) {
            if (process.component == name)
                return &process;
        }
        return nullptr;
    }

    const Source<KubeletConfig>& kubelet() const { return m_kubelet; }
    const Source<QVector<KubeProcess>>& processes() const { return m_processes; }

private:
    Source<QVector<StaticPod>> m_manifests;
    Source<KubeletConfig> m_kubelet;
    Source<QVector<KubeProcess>> m_processes;
};

// A kubelet setting as it is in effect: its command-line flag wins over its config file, which wins over
// the kubelet's default (which differs with and without a config file).
struct KubeletValue
{
    QString value;
    QString source; // "kubelet command line", the config file, "default"
    QVector<EvidenceRef> evidence;
};

// Where a nested key ("authentication.anonymous.enabled") lies in a YAML config file's section: each
// component's line in turn, cited from the first to the leaf.
std::optional<EvidenceRef> yamlRef(const Artifact& artifact, const QString& file, const QString& key)
{
    const QList<QByteArray> lines = artifact.output.split('\n');
    const auto range = sectionRange(lines, file);
    if (!range)
        return std::nullopt;
    qsizetype at = range->first;
    qsizetype first = -1;
    for (const QString& part : key.split(QLatin1Char('.'))) {
        const QRegularExpression keyLine(
            QStringLiteral(R"re(^\|\s*["']?%1["']?\s*:)re").arg(QRegularExpression::escape(part)));
        while (at <= range->second && !keyLine.match(QString::fromUtf8(lines.at(at))).hasMatch())
            ++at;
        if (at > range->second)
            return std::nullopt;
        if (first < 0)
            first = at;
    }
    return linesRef(artifact, lines, first, at);
}

// The kubelet's setting, or the finding that says why it cannot be known.
std::variant<KubeletValue, Finding> kubeletValue(const Cluster& cluster, const QString& id, const QString& flag,
                                                 const QString& key, const QString& withConfig,
                                                 const QString& withoutConfig)
{
    const KubeProcess* process = cluster.process(Kubelet);
    const auto& config = cluster.kubelet();
    if (process) {
        if (const auto value = process->process.value(flag)) {
            Component component;
            component.name = Kubelet;
            component.artifact = cluster.processes().artifact;
            component.process = process;
            return KubeletValue{*value,
                                QStringLiteral("kubelet command line"),
                                {component.commandRef(component.artifact->output.split('\n'))}};
        }
    }
    if (config.gap && config.gap->status != Status::NotApplicable)
        return fromGap(*config.gap, id, Kubelet);
    if (!process && config.facts.configFile.isEmpty()) {
        Finding finding = make(id, Kubelet);
        finding.status = Status::NotApplicable;
        finding.actual = QStringLiteral("no kubelet");
        finding.message = QStringLiteral("No kubelet on this host (no running kubelet, no kubelet config file)");
        if (config.artifact)
            finding.evidence << wholeOf(*config.artifact);
        if (cluster.processes().artifact)
            finding.evidence << wholeOf(*cluster.processes().artifact);
        if (finding.evidence.isEmpty() && config.gap)
            finding.evidence = config.gap->evidence;
        return finding;
    }
    KubeletValue result;
    if (!config.facts.configFile.isEmpty()) {
        const QString file = config.facts.configFile;
        if (const auto it = config.facts.settings.constFind(key); it != config.facts.settings.cend()) {
            result.value = *it;
            result.source = CheckText::printable(file, 200);
            const auto ref = yamlRef(*config.artifact, file, key);
            result.evidence << (ref ? *ref : wholeOf(*config.artifact));
            return result;
        }
        result.value = withConfig;
        result.source = QStringLiteral("default: not in %1").arg(CheckText::printable(file, 200));
    } else {
        result.value = withoutConfig;
        result.source = QStringLiteral("default: no config file");
    }
    if (config.artifact)
        result.evidence << wholeOf(*config.artifact);
    if (process) {
        Component component;
        component.name = Kubelet;
        component.artifact = cluster.processes().artifact;
        component.process = process;
        result.evidence << component.commandRef(component.artifact->output.split('\n'));
    }
    return result;
}

QString flagText(const QString& flag, const std::optional<QString>& value)
{
    return value ? QStringLiteral("--%1=%2").arg(flag, CheckText::printable(*value, 200))
                 : QStringLiteral("--%1 not set").arg(flag);
}

Finding auditLog(const Cluster& cluster)
{
    const auto found = cluster.component(AuditLog, ApiServer);
    if (const auto* skip = std::get_if<Finding>(&found))
        return *skip;
    const Component& api = std::get<Component>(found);
    Finding finding = make(AuditLog, ApiServer);
    finding.expected = QStringLiteral("--audit-log-path set, --audit-log-maxage >= 30, --audit-log-maxbackup >= 10, "
                                      "--audit-log-maxsize >= 100");
    const auto path = api.flag(QStringLiteral("audit-log-path"));
    QStringList actual{flagText(QStringLiteral("audit-log-path"), path)};
    QStringList problems;
    if (!path || path->trimmed().isEmpty())
        problems << QStringLiteral("no audit log (--audit-log-path)");
    finding.evidence << api.flagRef(QStringLiteral("audit-log-path"));
    struct Retention
    {
        const char* flag;
        int minimum;
        const char* what;
    };
    for (const Retention& retention :
         {Retention{"audit-log-maxage", 30, "days kept"}, Retention{"audit-log-maxbackup", 10, "files kept"},
          Retention{"audit-log-maxsize", 100, "MB per file"}}) {
        const QString flag = QLatin1String(retention.flag);
        const auto value = api.flag(flag);
        actual << flagText(flag, value);
        bool ok = false;
        const int number = value ? value->toInt(&ok) : 0;
        if (value) {
            const EvidenceRef ref = api.flagRef(flag);
            const bool cited =
                std::any_of(finding.evidence.cbegin(), finding.evidence.cend(), [&](const EvidenceRef& r) {
                    return r.artifactId == ref.artifactId && r.locator == ref.locator;
                });
            if (!cited)
                finding.evidence << ref;
        }
        if (!ok || number < retention.minimum)
            problems << QStringLiteral("--%1 %2 (at least %3 %4)")
                            .arg(flag, value ? CheckText::quoted(*value) : QStringLiteral("not set"))
                            .arg(retention.minimum)
                            .arg(QLatin1String(retention.what));
    }
    finding.actual = actual.join(QStringLiteral(", "));
    finding.status = problems.isEmpty() ? Status::Pass : Status::Fail;
    finding.message =
        problems.isEmpty()
            ? QStringLiteral("The API server keeps an audit log with enough history (%1)").arg(api.where())
            : QStringLiteral("The API server's audit trail is missing or too short in %1: %2")
                  .arg(api.where(), problems.join(QStringLiteral("; ")));
    return finding;
}

// A flag of a control-plane component judged by `good`; an absent flag is the component's default.
Finding componentFlag(const Cluster& cluster, const QString& id, const QString& name, const QString& flag,
                      const QString& fallback, const QString& expected, const std::function<bool(const QString&)>& good,
                      const QString& passWhy, const QString& failWhy)
{
    const auto found = cluster.component(id, name);
    if (const auto* skip = std::get_if<Finding>(&found))
        return *skip;
    const Component& component = std::get<Component>(found);
    Finding finding = make(id, name);
    finding.expected = expected;
    const auto value = component.flag(flag);
    finding.actual = value ? flagText(flag, value)
                           : QStringLiteral("--%1 not set (default %2)").arg(flag, CheckText::printable(fallback, 80));
    finding.evidence << component.flagRef(flag);
    const bool ok = good(value.value_or(fallback));
    finding.status = ok ? Status::Pass : Status::Fail;
    finding.message = QStringLiteral("%1: %2 (%3)").arg(name, ok ? passWhy : failWhy, component.where());
    return finding;
}

Finding kubeletSetting(const Cluster& cluster, const QString& id, const QString& flag, const QString& key,
                       const QString& withConfig, const QString& withoutConfig, const QString& expected,
                       const std::function<bool(const QString&)>& good, const QString& passWhy, const QString& failWhy)
{
    const auto found = kubeletValue(cluster, id, flag, key, withConfig, withoutConfig);
    if (const auto* skip = std::get_if<Finding>(&found))
        return *skip;
    const KubeletValue& value = std::get<KubeletValue>(found);
    Finding finding = make(id, Kubelet);
    finding.expected = expected;
    finding.actual = QStringLiteral("%1=%2 (%3)").arg(key, CheckText::printable(value.value, 80), value.source);
    finding.evidence = value.evidence;
    const bool ok = good(value.value);
    finding.status = ok ? Status::Pass : Status::Fail;
    finding.message = QStringLiteral("kubelet: %1").arg(ok ? passWhy : failWhy);
    return finding;
}

bool isFalse(const QString& value)
{
    return value.trimmed().compare(QLatin1String("false"), Qt::CaseInsensitive) == 0;
}

bool noAlwaysAllow(const QString& modes)
{
    for (const QString& mode : modes.split(QLatin1Char(','))) {
        if (mode.trimmed() == QLatin1String("AlwaysAllow"))
            return false;
    }
    return !modes.trimmed().isEmpty();
}

QVector<Finding> anonymousAuth(const Cluster& cluster)
{
    const QString expected = QStringLiteral("anonymous-auth false");
    const QString pass = QStringLiteral("anonymous requests are refused");
    const QString fail = QStringLiteral("anonymous requests are accepted as system:anonymous");
    return {componentFlag(cluster, AnonymousAuth, ApiServer, QStringLiteral("anonymous-auth"), QStringLiteral("true"),
                          expected, isFalse, pass, fail),
            kubeletSetting(cluster, AnonymousAuth, QStringLiteral("anonymous-auth"),
                           QStringLiteral("authentication.anonymous.enabled"), QStringLiteral("true"),
                           QStringLiteral("true"), expected, isFalse, pass, fail)};
}

QVector<Finding> authorizationMode(const Cluster& cluster)
{
    const QString expected = QStringLiteral("authorization mode set, without AlwaysAllow");
    const QString pass = QStringLiteral("every request is authorized");
    const QString fail = QStringLiteral("AlwaysAllow lets every authenticated request through");
    return {componentFlag(cluster, AuthorizationMode, ApiServer, QStringLiteral("authorization-mode"),
                          QStringLiteral("AlwaysAllow"), expected, noAlwaysAllow, pass, fail),
            kubeletSetting(cluster, AuthorizationMode, QStringLiteral("authorization-mode"),
                           QStringLiteral("authorization.mode"), QStringLiteral("Webhook"),
                           QStringLiteral("AlwaysAllow"), expected, noAlwaysAllow, pass, fail)};
}

Finding readOnlyPort(const Cluster& cluster)
{
    return kubeletSetting(
        cluster, ReadOnlyPort, QStringLiteral("read-only-port"), QStringLiteral("readOnlyPort"), QStringLiteral("0"),
        QStringLiteral("10255"), QStringLiteral("readOnlyPort 0"),
        [](const QString& port) { return port.trimmed() == QLatin1String("0"); },
        QStringLiteral("the unauthenticated read-only port is off"),
        QStringLiteral("the read-only port serves pod and node details to anyone, without authentication"));
}

QVector<Finding> profiling(const Cluster& cluster)
{
    QVector<Finding> findings;
    for (const QString& name : {ApiServer, ControllerManager, Scheduler})
        findings << componentFlag(cluster, Profiling, name, QStringLiteral("profiling"), QStringLiteral("true"),
                                  QStringLiteral("--profiling=false"), isFalse,
                                  QStringLiteral("the profiling endpoints are off"),
                                  QStringLiteral("the profiling endpoints (/debug/pprof) expose the program's "
                                                 "internals and can be used to load it"));
    return findings;
}

QVector<Finding> notRoot(const Cluster& cluster)
{
    QVector<Finding> findings;
    for (const QString& name : {ApiServer, ControllerManager, Scheduler, Etcd}) {
        const auto found = cluster.component(NotRoot, name);
        if (const auto* skip = std::get_if<Finding>(&found)) {
            findings << *skip;
            continue;
        }
        const Component& component = std::get<Component>(found);
        Finding finding = make(NotRoot, name);
        finding.expected = QStringLiteral("a user other than root (uid 0)");
        // The running process says who it really is; the manifest only what was asked for.
        const KubeProcess* process = cluster.process(name);
        if (process && process->process.uid >= 0) {
            Component running;
            running.name = name;
            running.artifact = cluster.processes().artifact;
            running.process = process;
            const int uid = process->process.uid;
            finding.actual = QStringLiteral("uid %1 (pid %2)").arg(uid).arg(process->process.pid);
            finding.evidence << running.headerRef();
            finding.status = uid == 0 ? Status::Fail : Status::Pass;
            finding.message = uid == 0 ? QStringLiteral("%1 runs as root: a flaw in it is a flaw with root's "
                                                        "rights on the host")
                                             .arg(name)
                                       : QStringLiteral("%1 runs as uid %2").arg(name).arg(uid);
            findings << finding;
            continue;
        }
        if (!component.container) {
            finding.status = Status::Error;
            finding.actual = QStringLiteral("uid unknown");
            finding.message = QStringLiteral("The user of the running %1 could not be read").arg(name);
            finding.evidence << component.headerRef();
            findings << finding;
            continue;
        }
        const std::optional<qint64> user = component.container->runAsUser;
        // The runAsUser lines of the manifest, or all of it when there is none.
        const QList<QByteArray> lines = component.artifact->output.split('\n');
        if (const auto range = sectionRange(lines, component.file)) {
            static const QRegularExpression runAs(QStringLiteral(R"re(^\|\s*runAsUser\s*:)re"));
            for (qsizetype i = range->first; i <= range->second; ++i) {
                if (runAs.match(QString::fromUtf8(lines.at(i))).hasMatch())
                    finding.evidence << linesRef(*component.artifact, lines, i, i);
            }
            if (finding.evidence.isEmpty())
                finding.evidence << linesRef(*component.artifact, lines, range->first, range->second);
        } else {
            finding.evidence << wholeOf(*component.artifact);
        }
        finding.actual = user ? QStringLiteral("runAsUser: %1 (%2)").arg(*user).arg(component.where())
                              : QStringLiteral("no runAsUser (%1)").arg(component.where());
        const bool ok = user && *user != 0;
        finding.status = ok ? Status::Pass : Status::Fail;
        finding.message =
            ok ? QStringLiteral("%1 runs as uid %2").arg(name).arg(*user)
               : (user ? QStringLiteral("%1 is set to run as root (runAsUser: 0)").arg(name)
                       : QStringLiteral("%1 sets no runAsUser, so it runs as its image's user: root for the upstream "
                                        "control-plane images")
                             .arg(name));
        findings << finding;
    }
    return findings;
}

} // namespace

const QVector<FileRule>& KubernetesRules::fileRules()
{
    using K = FileRule::Kind;
    const QStringList root{QStringLiteral("root")};
    const char* stat = "kubernetes.files.stat";
    // Secrets (keys, kubeconfigs with client keys) and what decides the control plane's flags: 0600.
    // Certificates and systemd units hold nothing secret and are read by other users: 0644.
    static const QVector<FileRule> rules{
        {"kubernetes.file.manifests.mode", "manifest", "A static pod manifest", K::Mode, {}, 0600, stat},
        {"kubernetes.file.manifests.owner", "manifest", "A static pod manifest", K::Owner, root, 0, stat},
        {"kubernetes.file.kubeconfigs.mode", "kubeconfig", "A kubeconfig", K::Mode, {}, 0600, stat},
        {"kubernetes.file.kubeconfigs.owner", "kubeconfig", "A kubeconfig", K::Owner, root, 0, stat},
        {"kubernetes.file.pki-keys.mode", "pki-key", "A Kubernetes private key", K::Mode, {}, 0600, stat},
        {"kubernetes.file.pki-keys.owner", "pki-key", "A Kubernetes private key", K::Owner, root, 0, stat},
        {"kubernetes.file.pki-certs.mode", "pki-cert", "A Kubernetes certificate", K::Mode, {}, 0644, stat},
        {"kubernetes.file.pki-certs.owner", "pki-cert", "A Kubernetes certificate", K::Owner, root, 0, stat},
        {"kubernetes.file.kubelet-config.mode", "kubelet-config", "The kubelet config file", K::Mode, {}, 0600, stat},
        {"kubernetes.file.kubelet-config.owner", "kubelet-config", "The kubelet config file", K::Owner, root, 0, stat},
        {"kubernetes.file.kubelet-unit.mode", "kubelet-unit", "A kubelet unit file", K::Mode, {}, 0644, stat},
        {"kubernetes.file.kubelet-unit.owner", "kubelet-unit", "A kubelet unit file", K::Owner, root, 0, stat},
        {"kubernetes.file.etcd-data.mode", "etcd-data", "The etcd data directory", K::Mode, {}, 0700, stat},
        {"kubernetes.file.etcd-data.owner",
         "etcd-data",
         "The etcd data directory",
         K::Owner,
         {QStringLiteral("etcd")},
         0,
         stat,
         "etcd"},
    };
    return rules;
}

QStringList KubernetesRules::ids()
{
    QStringList ids{AuditLog, AnonymousAuth, AuthorizationMode, ReadOnlyPort, Profiling, NotRoot};
    for (const FileRule& rule : fileRules())
        ids << QLatin1String(rule.id);
    return ids;
}

QVector<Finding> KubernetesRules::evaluate(const HostEvidence& evidence)
{
    QVector<Finding> findings;
    const Cluster cluster(evidence);
    if (const auto absent = cluster.absent()) {
        for (const QString& id : ids().mid(0, ids().size() - fileRules().size()))
            findings << absent->finding(id);
    } else {
        findings << auditLog(cluster);
        findings += anonymousAuth(cluster);
        findings += authorizationMode(cluster);
        findings << readOnlyPort(cluster);
        findings += profiling(cluster);
        findings += notRoot(cluster);
    }
    for (const FileRule& rule : fileRules())
        findings += FileRules::judge(rule, evidence);
    return findings;
}

} // namespace bulkhead
