// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/ProbeParsers.h"

#include "core/DisplayText.h"
#include "facts/ContainerInspectParser.h"
#include "facts/DockerInfoParser.h"
#include "facts/EngineFactsParser.h"
#include "facts/FileStatParser.h"
#include "facts/HostFactsParser.h"
#include "facts/ImageInspectParser.h"
#include "facts/KubernetesFactsParser.h"
#include "facts/LoggingFactsParser.h"
#include "facts/ProcessArgsParser.h"

#include <functional>
#include <map>

namespace bulkhead {

namespace {

template <typename T> Result<int> count(const Result<QVector<T>>& parsed)
{
    if (!parsed)
        return parsed.error();
    return static_cast<int>(parsed->size());
}

template <typename T> Result<int> one(const Result<T>& parsed)
{
    if (!parsed)
        return parsed.error();
    return 1;
}

using Parser = std::function<Result<int>(const QByteArray&)>;

const std::map<QString, Parser>& parsers()
{
    static const std::map<QString, Parser> table{
        {QStringLiteral("docker.version"), [](const QByteArray& o) { return one(EngineFactsParser::version(o)); }},
        {QStringLiteral("docker.info"), [](const QByteArray& o) { return one(DockerInfoParser::parse(o)); }},
        {QStringLiteral("docker.containers.inspect"),
         [](const QByteArray& o) { return count(ContainerInspectParser::parse(o)); }},
        {QStringLiteral("docker.images.inspect"),
         [](const QByteArray& o) { return count(ImageInspectParser::parse(o)); }},
        {QStringLiteral("docker.images.history"),
         [](const QByteArray& o) { return count(EngineFactsParser::imageHistory(o)); }},
        {QStringLiteral("docker.networks.inspect"),
         [](const QByteArray& o) { return count(EngineFactsParser::networks(o)); }},
        {QStringLiteral("docker.dockerd.cmdline"),
         [](const QByteArray& o) { return count(ProcessArgsParser::parse(o)); }},
        {QStringLiteral("docker.daemon.json"),
         [](const QByteArray& o) -> Result<int> {
             auto settings = EngineFactsParser::daemonJson(o);
             if (!settings)
                 return settings.error();
             return static_cast<int>(settings->file.size());
         }},
        {QStringLiteral("docker.files.stat"), [](const QByteArray& o) { return count(FileStatParser::parse(o)); }},
        {QStringLiteral("docker.systemd.units"),
         [](const QByteArray& o) { return count(HostFactsParser::systemdUnits(o)); }},
        {QStringLiteral("audit.rules.loaded"),
         [](const QByteArray& o) -> Result<int> {
             auto rules = LoggingFactsParser::loadedAuditRules(o);
             if (!rules)
                 return rules.error();
             return static_cast<int>(rules->rules.size());
         }},
        {QStringLiteral("audit.rules.files"),
         [](const QByteArray& o) -> Result<int> {
             auto rules = LoggingFactsParser::auditRuleFiles(o);
             if (!rules)
                 return rules.error();
             return static_cast<int>(rules->rules.size());
         }},
        {QStringLiteral("audit.auditd.state"),
         [](const QByteArray& o) { return one(LoggingFactsParser::auditdState(o)); }},
        {QStringLiteral("logging.journald"),
         [](const QByteArray& o) -> Result<int> {
             auto config = LoggingFactsParser::journald(o);
             if (!config)
                 return config.error();
             return static_cast<int>(config->files.size());
         }},
        {QStringLiteral("logging.rsyslog"),
         [](const QByteArray& o) -> Result<int> {
             auto config = LoggingFactsParser::rsyslog(o);
             if (!config)
                 return config.error();
             return static_cast<int>(config->files.size());
         }},
        {QStringLiteral("logging.syslog-ng"),
         [](const QByteArray& o) -> Result<int> {
             auto config = LoggingFactsParser::syslogNg(o);
             if (!config)
                 return config.error();
             return static_cast<int>(config->files.size());
         }},
        {QStringLiteral("logging.logrotate"),
         [](const QByteArray& o) -> Result<int> {
             auto config = LoggingFactsParser::logrotate(o);
             if (!config)
                 return config.error();
             return static_cast<int>(config->stanzas.size());
         }},
        {QStringLiteral("host.os-release"), [](const QByteArray& o) { return one(HostFactsParser::osRelease(o)); }},
        {QStringLiteral("host.kernel"), [](const QByteArray& o) { return one(HostFactsParser::kernel(o)); }},
        {QStringLiteral("host.updates"),
         [](const QByteArray& o) -> Result<int> {
             auto updates = HostFactsParser::updates(o);
             if (!updates)
                 return updates.error();
             return static_cast<int>(updates->updates.size());
         }},
        {QStringLiteral("host.passwd"), [](const QByteArray& o) { return count(HostFactsParser::passwd(o)); }},
        {QStringLiteral("host.group"), [](const QByteArray& o) { return count(HostFactsParser::groups(o)); }},
        {QStringLiteral("host.sudoers"),
         [](const QByteArray& o) -> Result<int> {
             auto sudoers = HostFactsParser::sudoers(o);
             if (!sudoers)
                 return sudoers.error();
             return static_cast<int>(sudoers->rules.size());
         }},
        {QStringLiteral("host.processes"), [](const QByteArray& o) { return count(HostFactsParser::processes(o)); }},
        {QStringLiteral("host.sockets"), [](const QByteArray& o) { return count(HostFactsParser::sockets(o)); }},
        {QStringLiteral("swarm.nodes"), [](const QByteArray& o) { return count(EngineFactsParser::swarmNodes(o)); }},
        {QStringLiteral("swarm.services"),
         [](const QByteArray& o) { return count(EngineFactsParser::swarmServices(o)); }},
        {QStringLiteral("kubernetes.manifests"),
         [](const QByteArray& o) { return count(KubernetesFactsParser::manifests(o)); }},
        {QStringLiteral("kubernetes.kubelet.config"),
         [](const QByteArray& o) -> Result<int> {
             auto config = KubernetesFactsParser::kubelet(o);
             if (!config)
                 return config.error();
             return static_cast<int>(config->files.size());
         }},
        {QStringLiteral("kubernetes.processes"),
         [](const QByteArray& o) { return count(KubernetesFactsParser::processes(o)); }},
        {QStringLiteral("kubernetes.files.stat"), [](const QByteArray& o) { return count(FileStatParser::parse(o)); }},
    };
    return table;
}

} // namespace

Result<int> ProbeParsers::parse(const QString& probe, const QByteArray& output)
{
    const auto it = parsers().find(probe);
    if (it == parsers().end())
        return makeError(QStringLiteral("no parser for probe %1").arg(DisplayText::quoted(probe, 80)));
    return it->second(output);
}

bool ProbeParsers::has(const QString& probe)
{
    return parsers().count(probe) > 0;
}

QStringList ProbeParsers::probes()
{
    QStringList names;
    for (const auto& entry : parsers())
        names << entry.first;
    return names;
}

} // namespace bulkhead
