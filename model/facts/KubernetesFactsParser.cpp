// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/KubernetesFactsParser.h"

#include "core/DisplayText.h"
#include "facts/SectionsParser.h"

#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <exception>

namespace bulkhead {

namespace {

QString scalar(const YAML::Node& node)
{
    return node && node.IsScalar() ? QString::fromStdString(node.Scalar()) : QString();
}

// "a.b.c" -> value for every scalar leaf; sequences of scalars joined with ",".
void flatten(const YAML::Node& node, const QString& prefix, QMap<QString, QString>& out)
{
    if (node.IsMap()) {
        for (const auto& entry : node) {
            const QString key = QString::fromStdString(entry.first.as<std::string>());
            flatten(entry.second, prefix.isEmpty() ? key : prefix + QLatin1Char('.') + key, out);
        }
    } else if (node.IsSequence()) {
        QStringList items;
        bool scalars = true;
        for (const auto& item : node) {
            if (!item.IsScalar()) {
                scalars = false;
                break;
            }
            items << QString::fromStdString(item.Scalar());
        }
        if (scalars)
            out.insert(prefix, items.join(QLatin1Char(',')));
    } else if (node.IsScalar()) {
        out.insert(prefix, QString::fromStdString(node.Scalar()));
    }
}

Result<YAML::Node> loadYaml(const QByteArray& bytes, const QString& file)
{
    try {
        return YAML::Load(bytes.toStdString());
    } catch (const std::exception& error) {
        return makeError(
            QStringLiteral("%1 is not valid YAML (%2)")
                .arg(DisplayText::shown(file, 200), DisplayText::shown(QString::fromUtf8(error.what()), 200)));
    }
}

} // namespace

std::optional<QString> KubeContainer::flag(const QString& flagName) const
{
    ProcessArgs process;
    process.args = QStringList{QString()} + args; // values() skips the program name
    return process.value(flagName);
}

Result<StaticPod> KubernetesFactsParser::staticPod(const QByteArray& yaml, const QString& file)
{
    auto loaded = loadYaml(yaml, file);
    if (!loaded)
        return loaded.error();
    try {
        const YAML::Node& root = loaded.value();
        if (!root.IsMap())
            return makeError(QStringLiteral("%1: not a Kubernetes object").arg(DisplayText::shown(file, 200)));
        StaticPod pod;
        pod.file = file;
        pod.name = scalar(root["metadata"]["name"]);
        const YAML::Node spec = root["spec"];
        if (!spec || !spec.IsMap())
            return makeError(QStringLiteral("%1: no pod spec").arg(DisplayText::shown(file, 200)));
        pod.hostNetwork = scalar(spec["hostNetwork"]) == QLatin1String("true");
        const YAML::Node containers = spec["containers"];
        if (!containers || !containers.IsSequence())
            return makeError(QStringLiteral("%1: no containers").arg(DisplayText::shown(file, 200)));
        for (const auto& node : containers) {
            KubeContainer container;
            container.name = scalar(node["name"]);
            container.image = scalar(node["image"]);
            for (const char* key : {"command", "args"}) {
                const YAML::Node list = node[key];
                if (!list)
                    continue;
                if (!list.IsSequence())
                    return makeError(
                        QStringLiteral("%1: %2 is not a list").arg(DisplayText::shown(file, 200), QLatin1String(key)));
                for (const auto& arg : list)
                    container.args << scalar(arg);
            }
            const YAML::Node security = node["securityContext"];
            if (security && security.IsMap()) {
                bool ok = false;
                const qint64 user = scalar(security["runAsUser"]).toLongLong(&ok);
                if (ok)
                    container.runAsUser = user;
                const QString privileged = scalar(security["privileged"]);
                if (!privileged.isEmpty())
                    container.privileged = privileged == QLatin1String("true");
            }
            pod.containers.append(container);
        }
        return pod;
    } catch (const std::exception& error) {
        return makeError(QStringLiteral("%1: %2").arg(DisplayText::shown(file, 200),
                                                      DisplayText::shown(QString::fromUtf8(error.what()), 200)));
    }
}

Result<QVector<StaticPod>> KubernetesFactsParser::manifests(const QByteArray& sectioned)
{
    auto sections = SectionsParser::parse(sectioned);
    if (!sections)
        return makeError(QStringLiteral("manifests: %1").arg(sections.errorMessage()));
    QVector<StaticPod> pods;
    for (const Section& section : sections.value()) {
        if (section.status == QLatin1String("denied"))
            return makeError(
                QStringLiteral("manifests: %1 is not readable").arg(DisplayText::shown(section.name, 200)));
        if (section.isDirectory() || !section.readable())
            continue;
        auto pod = staticPod(section.text().toUtf8(), section.name);
        if (!pod)
            return pod.error();
        pods.append(pod.value());
    }
    return pods;
}

Result<KubeletConfig> KubernetesFactsParser::kubelet(const QByteArray& sectioned)
{
    auto sections = SectionsParser::parse(sectioned);
    if (!sections)
        return makeError(QStringLiteral("kubelet: %1").arg(sections.errorMessage()));
    KubeletConfig config;
    static const QRegularExpression environment(
        QStringLiteral(R"re(^\s*(?:Environment=)?"?([A-Z_][A-Z0-9_]*)=(.*?)"?\s*$)re"));
    for (const Section& section : sections.value()) {
        if (section.status == QLatin1String("denied"))
            config.unreadable << section.name;
        if (section.isDirectory() || !section.readable())
            continue;
        config.files << section.name;
        const QByteArray content = section.text().toUtf8();
        auto yaml = [&]() -> Result<YAML::Node> { return loadYaml(content, section.name); };
        if (section.name.endsWith(QLatin1String(".yaml")) || section.name.endsWith(QLatin1String(".yml")) ||
            section.name.endsWith(QLatin1String(".json"))) {
            auto node = yaml();
            if (!node)
                return node.error();
            try {
                if (scalar(node.value()["kind"]) != QLatin1String("KubeletConfiguration"))
                    return makeError(
                        QStringLiteral("%1 is not a KubeletConfiguration").arg(DisplayText::shown(section.name, 200)));
                config.configFile = section.name;
                flatten(node.value(), QString(), config.settings);
            } catch (const std::exception& error) {
                return makeError(QStringLiteral("%1: %2").arg(
                    DisplayText::shown(section.name, 200), DisplayText::shown(QString::fromUtf8(error.what()), 200)));
            }
        } else if (section.name.endsWith(QLatin1String(".conf")) &&
                   !section.name.contains(QLatin1String(".service.d/"))) {
            // A kubeconfig: where the kubelet talks to, never its keys (redacted before storage anyway).
            auto node = yaml();
            if (!node)
                return node.error();
            try {
                config.kubeconfigFile = section.name;
                const YAML::Node clusters = node.value()["clusters"];
                if (clusters && clusters.IsSequence() && clusters.size() > 0)
                    config.kubeconfigServer = scalar(clusters[0]["cluster"]["server"]);
            } catch (const std::exception& error) {
                return makeError(QStringLiteral("%1: %2").arg(
                    DisplayText::shown(section.name, 200), DisplayText::shown(QString::fromUtf8(error.what()), 200)));
            }
        } else {
            // /etc/default/kubelet, /etc/sysconfig/kubelet and unit drop-ins: KUBELET_* variables.
            for (const QString& line : section.lines) {
                if (line.trimmed().startsWith(QLatin1Char('#')))
                    continue;
                const auto match = environment.match(line);
                if (match.hasMatch())
                    config.environment.insert(match.captured(1), match.captured(2));
            }
        }
    }
    return config;
}

Result<QVector<KubeProcess>> KubernetesFactsParser::processes(const QByteArray& processArgs)
{
    auto parsed = ProcessArgsParser::parse(processArgs);
    if (!parsed)
        return makeError(QStringLiteral("kubernetes processes: %1").arg(parsed.errorMessage()));
    QVector<KubeProcess> processes;
    for (const ProcessArgs& process : parsed.value()) {
        KubeProcess entry;
        entry.component =
            process.comm == QLatin1String("kube-controller") ? QStringLiteral("kube-controller-manager") : process.comm;
        entry.process = process;
        processes.append(entry);
    }
    return processes;
}

} // namespace bulkhead
