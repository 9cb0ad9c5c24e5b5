// SPDX-License-Identifier: GPL-3.0-or-later
#include "watch/LifecycleWatcher.h"

#include "collect/HostCollector.h"
#include "probes/Probe.h"
#include "ssh/SshSession.h"
#include "watch/LifecycleEvidence.h"
#include "watch/LineSplitter.h"

#include <QDateTime>

namespace bulkhead {

namespace {

Probe lifecycleProbe(const QString& command)
{
    Probe probe;
    probe.name = QLatin1String(LifecycleEvidence::ProbeName);
    probe.command = command;
    probe.description = QStringLiteral("A container lifecycle event and the container's inspect at that moment.");
    probe.component = ProbeComponent::Docker;
    probe.privilege = ProbePrivilege::Docker;
    probe.format = ProbeFormat::Json; // the inspect: redacted like docker.containers.inspect
    return probe;
}

// The first line of the events command's stderr, without control characters: why the stream ended.
QString firstLine(const QByteArray& text)
{
    QString line = QString::fromUtf8(text).section(QLatin1Char('\n'), 0, 0).trimmed().left(200);
    for (QChar& c : line) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = QLatin1Char('?');
    }
    return line;
}

class Watch
{
public:
    Watch(SshSession& session, const LifecycleWatcher::Options& options, const LifecycleWatcher::Sink& sink,
          const LifecycleWatcher::ProblemSink& problems, const std::atomic<bool>* stop)
        : m_session(session)
        , m_options(options)
        , m_sink(sink)
        , m_problemSink(problems)
        , m_stop(stop)
        , m_lines(options.maxLineBytes)
    {}

    Result<LifecycleWatcher::Summary> run()
    {
        const qint64 since = m_options.sinceEpochMs > 0 ? m_options.sinceEpochMs : QDateTime::currentMSecsSinceEpoch();
        auto stream = m_session.openStream(LifecycleEvidence::eventsCommand(m_options.access, since), m_stop);
        if (!stream) {
            if (stopRequested()) {
                m_summary.stopped = true;
                return m_summary;
            }
            m_summary.transportError = stream.errorMessage();
            return m_summary;
        }
        SshStream& events = *stream.value();
        while (true) {
            if (stopRequested()) {
                m_summary.stopped = true;
                break;
            }
            auto data = events.read(m_options.pollMs);
            if (!data) {
                m_summary.transportError = data.errorMessage();
                break;
            }
            QVector<LineSplitter::Line> lines = m_lines.feed(data.value());
            const bool ended = events.finished();
            if (ended)
                lines += m_lines.finish();
            for (const LineSplitter::Line& line : lines) {
                auto handled = handle(line);
                if (!handled)
                    return handled.error();
                if (!handled.value()) {
                    m_summary.stopped = true;
                    return m_summary; // `events` stops the remote command as it goes
                }
                if (!m_summary.transportError.isEmpty())
                    return m_summary;
            }
            if (ended) {
                m_summary.transportError = endedMessage(events);
                break;
            }
        }
        return m_summary;
    }

private:
    bool stopRequested() const { return m_stop != nullptr && m_stop->load(); }

    void problem(int& counter, const QString& text)
    {
        ++counter;
        if (m_summary.problems.size() < LifecycleWatcher::MaxProblems)
            m_summary.problems << text;
        if (m_problemSink)
            m_problemSink(text);
    }

    // One line of the stream: true to go on. A transport failure during the inspect is recorded in
    // the summary (after the event was stored).
    Result<bool> handle(const LineSplitter::Line& line)
    {
        if (line.overlong) {
            problem(m_summary.malformed,
                    QStringLiteral("an event line longer than %1 bytes was dropped").arg(m_lines.maxBytes()));
            return true;
        }
        if (line.text.trimmed().isEmpty())
            return true;
        const LifecycleEventParser::Parsed parsed = LifecycleEventParser::parse(line.text);
        if (parsed.kind == LifecycleEventParser::Parsed::Kind::Malformed) {
            problem(m_summary.malformed, parsed.reason);
            return true;
        }
        if (parsed.kind == LifecycleEventParser::Parsed::Kind::Rejected) {
            problem(m_summary.rejected, QStringLiteral("rejected %1").arg(parsed.reason));
            return true;
        }
        const LifecycleEvent& event = parsed.event;
        auto command = LifecycleEvidence::inspectCommand(m_options.access, event.containerId);
        if (!command) { // cannot happen: the parser checked the id; the command builder checks again
            problem(m_summary.rejected, command.errorMessage());
            return true;
        }
        CommandResult inspect;
        auto ran = m_session.run(command.value(), m_options.inspectLimits, m_stop);
        if (ran) {
            inspect = std::move(ran).value();
        } else {
            // The event itself is evidence even when its inspect could not run.
            inspect.startedUtc = QDateTime::currentDateTimeUtc();
            inspect.finishedUtc = inspect.startedUtc;
            inspect.errorOutput =
                QStringLiteral("bulkhead: the inspect did not run: %1\n").arg(ran.errorMessage()).toUtf8();
            if (!stopRequested())
                m_summary.transportError = ran.errorMessage();
        }
        Artifact artifact = LifecycleWatcher::makeArtifact(event, command.value(), inspect, m_options.salt);
        ++m_summary.events;
        return m_sink(event, artifact);
    }

    static QString endedMessage(const SshStream& events)
    {
        QString message = QStringLiteral("docker events ended");
        if (events.exitStatus() >= 0)
            message += QStringLiteral(" with exit status %1").arg(events.exitStatus());
        else if (!events.exitSignal().isEmpty())
            message += QStringLiteral(" on signal %1").arg(firstLine(events.exitSignal().toUtf8()));
        const QString reason = firstLine(events.errorOutput());
        if (!reason.isEmpty())
            message += QStringLiteral(": ") + reason;
        return message;
    }

    SshSession& m_session;
    const LifecycleWatcher::Options& m_options;
    const LifecycleWatcher::Sink& m_sink;
    const LifecycleWatcher::ProblemSink& m_problemSink;
    const std::atomic<bool>* m_stop;
    LineSplitter m_lines;
    LifecycleWatcher::Summary m_summary;
};

} // namespace

Artifact LifecycleWatcher::makeArtifact(const LifecycleEvent& event, const QString& inspectCommand,
                                        const CommandResult& inspect, const SecretSalt& salt)
{
    // The inspect gets exactly the redaction of the scan's container inspect (stdout and stderr).
    Artifact artifact = HostCollector::makeArtifact(lifecycleProbe(inspectCommand), inspect, nullptr, salt);
    artifact.output = LifecycleEvidence::compose(event, artifact.output);
    artifact.sha256.clear(); // the workspace hashes the stored bytes
    return artifact;
}

Result<LifecycleWatcher::Summary> LifecycleWatcher::watch(SshSession& session, const Options& options, const Sink& sink,
                                                          const ProblemSink& problems, const std::atomic<bool>* stop)
{
    Watch watch(session, options, sink, problems, stop);
    return watch.run();
}

} // namespace bulkhead
