// SPDX-License-Identifier: GPL-3.0-or-later
// LifecycleWatcher over a real OpenSSH sshd (TestSshd) with a `docker` of the test's own, which prints
// what a hostile host could on the `docker events` channel: lines that are not JSON, a line without end,
// escapes, an id carrying shell code. Only well-formed events with 64-hex ids are inspected, the inspect
// is redacted before the sink sees it, a container gone before its inspect still gives its event, the
// end of the stream ends the watch with a reason, and a stop sends TERM to the remote `docker events`.
#include "TestSshd.h"

#include "ssh/SshSession.h"
#include "watch/LifecycleEvidence.h"
#include "watch/LifecycleWatcher.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <QDirIterator>

#include <csignal>

using namespace bulkhead;
using bulkhead::test::TestSshd;

namespace {

const QString IdA = QStringLiteral("a").repeated(64);
const QString IdB = QStringLiteral("b").repeated(64);

QByteArray eventLine(const QString& action, const QString& id)
{
    return QStringLiteral(
               R"({"Type":"container","Action":"%1","id":"%2","Actor":{"ID":"%2","Attributes":{)"
               R"("name":"web","image":"bulkhead/base:1"}},"time":1700000000,"timeNano":1700000000000000001})")
               .arg(action, id)
               .toUtf8() +
           '\n';
}

// `docker events` prints DIR/events, then hangs (when DIR/hang exists, writing its pid to DIR/events.pid)
// or ends; `docker container inspect -- ID` logs its arguments and prints an inspect with a secret, or
// "No such object" for an id listed in DIR/gone.
constexpr const char* FakeDocker = R"sh(#!/bin/sh
dir=$(dirname "$0")/..
case "$1" in
events)
    echo "$*" > "$dir/events.args"
    cat "$dir/events"
    if [ -f "$dir/hang" ]; then echo $$ > "$dir/events.pid"; exec sleep 600; fi
    echo "events: stream closed" >&2
    exit 2 ;;
container)
    echo "$*" >> "$dir/inspected"
    if grep -qx "$4" "$dir/gone" 2>/dev/null; then echo "[]"; echo "Error: No such object: $4" >&2; exit 1; fi
    printf '[{"Id":"%s","Config":{"Env":["PATH=/bin","DB_PASSWORD=hunter2-Qx9-secret"]}}]\n' "$4" ;;
*) exit 64 ;;
esac
)sh";

} // namespace

class TestLifecycleWatcher : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSshd> m_sshd;
    QString m_dir;

    bool write(const QString& name, const QByteArray& bytes) const
    {
        return TestSshd::writeFile(m_dir + QLatin1Char('/') + name, bytes);
    }
    // The sshd processes serving connections: children of the listening sshd (found by its config).
    QVector<pid_t> connectionProcesses() const
    {
        const QByteArray config = m_sshd->path(QStringLiteral("sshd_config")).toUtf8();
        pid_t listener = 0;
        QHash<pid_t, pid_t> parents;
        QDirIterator it(QStringLiteral("/proc"));
        while (it.hasNext()) {
            const QString dir = it.next();
            bool numeric = false;
            const pid_t pid = it.fileName().toInt(&numeric);
            if (!numeric)
                continue;
            QFile cmdline(dir + QStringLiteral("/cmdline"));
            if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(config) && listener == 0)
                listener = pid;
            QFile stat(dir + QStringLiteral("/stat"));
            if (stat.open(QIODevice::ReadOnly)) {
                const QByteArray line = stat.readAll();
                const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
                if (fields.size() > 1)
                    parents.insert(pid, fields.at(1).toInt());
            }
        }
        QVector<pid_t> children;
        for (auto entry = parents.cbegin(); entry != parents.cend(); ++entry) {
            if (listener != 0 && entry.value() == listener)
                children << entry.key();
        }
        return children;
    }

    QByteArray read(const QString& name) const
    {
        QFile file(m_dir + QLatin1Char('/') + name);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private slots:
    void init()
    {
        m_sshd = std::make_unique<TestSshd>();
        m_dir = m_sshd->path(QStringLiteral("fake"));
        QVERIFY(QDir().mkpath(m_dir + QStringLiteral("/bin")));
        const QString docker = m_dir + QStringLiteral("/bin/docker");
        QVERIFY(TestSshd::writeFile(docker, FakeDocker));
        QVERIFY(QFile::setPermissions(docker, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                  QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                                  QFile::ExeOther));
        m_sshd->setSessionEnvironment({QStringLiteral("PATH=%1/bin:/usr/bin:/bin").arg(m_dir)});
        QString error;
        QVERIFY2(m_sshd->start(&error), qPrintable(error));
    }

    void cleanup() { m_sshd.reset(); }

    void hostileStream()
    {
        const QString canary = m_dir + QStringLiteral("/pwned");
        QByteArray events;
        events += eventLine(QStringLiteral("create"), IdA);
        events += "Error response from daemon: not json\n";
        events += eventLine(QStringLiteral("start"),
                            IdA.left(40) + QStringLiteral("$(touch ") + canary + QStringLiteral(")"));
        events += eventLine(QStringLiteral("start"), QStringLiteral("x;touch ") + canary);
        events += QByteArray(300 * 1024, 'A') + '\n'; // over the line cap
        events += "\x1b]0;title\x07\x1b[2J{\"Action\":\"start\"}\n";
        events += eventLine(QStringLiteral("exec_start: sh"), IdA);
        events += eventLine(QStringLiteral("stop"), IdB);
        events += eventLine(QStringLiteral("die"), IdA).chopped(1); // the last line has no newline
        QVERIFY(write(QStringLiteral("events"), events));
        QVERIFY(write(QStringLiteral("gone"), IdB.toUtf8() + '\n'));

        auto session = SshSession::connect(m_sshd->options());
        QVERIFY2(session, qPrintable(session.errorMessage()));
        QVector<LifecycleEvent> seen;
        QVector<Artifact> stored;
        QStringList problems;
        LifecycleWatcher::Options options;
        options.sinceEpochMs = Q_INT64_C(1700000000123);
        const auto sink = [&](const LifecycleEvent& event, Artifact& artifact) -> Result<bool> {
            seen << event;
            stored << artifact;
            return true;
        };
        auto watched = LifecycleWatcher::watch(*session.value(), options, sink,
                                               [&](const QString& problem) { problems << problem; });
        QVERIFY2(watched, qPrintable(watched.errorMessage()));
        const LifecycleWatcher::Summary& summary = watched.value();

        QCOMPARE(read(QStringLiteral("events.args")).trimmed(),
                 QByteArray("events --since 1700000000.123 --filter type=container --filter event=create --filter "
                            "event=start --filter event=die --filter event=stop --format {{json .}}"));
        QVERIFY2(!QFile::exists(canary), "a host-supplied id reached a shell");
        QCOMPARE(seen.size(), 3);
        QCOMPARE(summary.events, 3);
        QCOMPARE(seen.at(0).action, QStringLiteral("create"));
        QCOMPARE(seen.at(1).action, QStringLiteral("stop"));
        QCOMPARE(seen.at(2).action, QStringLiteral("die"));
        QCOMPARE(summary.rejected, 3);  // two bad ids, one action not watched
        QCOMPARE(summary.malformed, 3); // not JSON, over the cap, escapes before JSON
        QCOMPARE(problems.size(), 6);
        QCOMPARE(summary.problems, problems);
        for (const QString& problem : problems)
            QVERIFY2(!problem.contains(QLatin1String("touch")) && !problem.contains(QChar(0x1b)), qPrintable(problem));
        QVERIFY2(summary.transportError.startsWith(QLatin1String("docker events ended")),
                 qPrintable(summary.transportError));
        QVERIFY(summary.transportError.contains(QLatin1String("stream closed")));
        QVERIFY(!summary.stopped);

        // Only the three accepted ids were inspected, with exactly the fixed command.
        QCOMPARE(read(QStringLiteral("inspected")),
                 QByteArray("container inspect -- " + IdA.toUtf8() + "\ncontainer inspect -- " + IdB.toUtf8() +
                            "\ncontainer inspect -- " + IdA.toUtf8() + "\n"));
        for (const Artifact& artifact : stored) {
            QCOMPARE(artifact.probe, QLatin1String(LifecycleEvidence::ProbeName));
            QVERIFY(!artifact.output.contains("hunter2"));
            QVERIFY(artifact.sha256.isEmpty()); // the workspace hashes what it stores
        }
        QCOMPARE(stored.at(0).command, LifecycleEvidence::inspectCommand(AccessMode::Direct, IdA).value());
        QVERIFY(LifecycleEvidence::hasInspect(stored.at(0)));
        QVERIFY(stored.at(0).output.contains("DB_PASSWORD=[REDACTED:"));
        QCOMPARE(stored.at(0).redactions, 1);
        QCOMPARE(stored.at(0).exitStatus, 0);
        // B was gone: the event is kept, the inspect says why it is empty.
        QVERIFY(!LifecycleEvidence::hasInspect(stored.at(1)));
        QCOMPARE(stored.at(1).exitStatus, 1);
        QVERIFY(stored.at(1).errorOutput.contains("No such object"));
        QCOMPARE(LifecycleEvidence::eventOf(stored.at(1))->containerId, IdB);
    }

    // A stop ends the watch promptly and the remote `docker events` gets TERM (it does not linger).
    void stopTerminatesTheRemoteCommand()
    {
        QVERIFY(write(QStringLiteral("events"), eventLine(QStringLiteral("start"), IdA)));
        QVERIFY(write(QStringLiteral("hang"), "1"));
        auto session = SshSession::connect(m_sshd->options());
        QVERIFY2(session, qPrintable(session.errorMessage()));
        std::atomic<bool> stop{false};
        int events = 0;
        const auto sink = [&](const LifecycleEvent&, Artifact&) -> Result<bool> {
            ++events;
            stop = true; // as a signal would, while the stream is still open
            return true;
        };
        auto watched = LifecycleWatcher::watch(*session.value(), {}, sink, {}, &stop);
        QVERIFY2(watched, qPrintable(watched.errorMessage()));
        QCOMPARE(events, 1);
        QVERIFY(watched->stopped);
        QVERIFY(watched->transportError.isEmpty());
        const pid_t pid = read(QStringLiteral("events.pid")).trimmed().toInt();
        QVERIFY(pid > 1);
        QTRY_VERIFY2_WITH_TIMEOUT(::kill(pid, 0) != 0, qPrintable(m_sshd->log()), 30000);
        // The session is still usable afterwards.
        auto after = session.value()->run(QStringLiteral("echo ok"));
        QVERIFY(after);
        QCOMPARE(after->output, QByteArray("ok\n"));
    }

    // A server that stops answering (its sshd frozen) ends the watch with an error, through the keepalive.
    void frozenServerEndsTheWatch()
    {
        QVERIFY(write(QStringLiteral("events"), eventLine(QStringLiteral("start"), IdA)));
        QVERIFY(write(QStringLiteral("hang"), "1"));
        SshOptions options = m_sshd->options();
        options.keepaliveIntervalMs = 500;
        options.keepaliveCountMax = 2;
        auto session = SshSession::connect(options);
        QVERIFY2(session, qPrintable(session.errorMessage()));
        QVector<pid_t> frozen;
        int events = 0;
        const auto sink = [&](const LifecycleEvent&, Artifact&) -> Result<bool> {
            ++events;
            frozen = connectionProcesses();
            for (pid_t pid : frozen)
                ::kill(pid, SIGSTOP);
            return true;
        };
        auto watched = LifecycleWatcher::watch(*session.value(), {}, sink);
        for (pid_t pid : frozen)
            ::kill(pid, SIGCONT);
        QVERIFY2(watched, qPrintable(watched.errorMessage()));
        QCOMPARE(events, 1);
        QVERIFY(!frozen.isEmpty());
        QVERIFY2(watched->transportError.contains(QLatin1String("keepalive")), qPrintable(watched->transportError));
        QVERIFY(!watched->stopped);
        // The connection was given up: the session fails at once from now on.
        QVERIFY(!session.value()->run(QStringLiteral("echo ok")));
    }

    // The sink's false (enough events) ends the watch as stopped after that event.
    void sinkEndsTheWatch()
    {
        QVERIFY(write(QStringLiteral("events"),
                      eventLine(QStringLiteral("create"), IdA) + eventLine(QStringLiteral("start"), IdA)));
        QVERIFY(write(QStringLiteral("hang"), "1"));
        auto session = SshSession::connect(m_sshd->options());
        QVERIFY2(session, qPrintable(session.errorMessage()));
        int events = 0;
        auto watched = LifecycleWatcher::watch(*session.value(), {}, [&](const LifecycleEvent&, Artifact&) {
            ++events;
            return Result<bool>(false);
        });
        QVERIFY(watched);
        QCOMPARE(events, 1);
        QVERIFY(watched->stopped);
    }
};

QTEST_GUILESS_MAIN(TestLifecycleWatcher)
#include "tst_lifecyclewatcher.moc"
