// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/FileStatParser.h"
#include "facts/ProbeParsers.h"
#include "facts/ProcessArgsParser.h"
#include "facts/SectionsParser.h"
#include "probes/Probe.h"
#include "probes/ProbeCommands.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace bulkhead;

// The catalog's invariants, and its shell programs run for real with /bin/sh: against a stand-in
// `docker`, and the file-reading helpers against files with hostile names and contents.
class TestProbeCatalog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Writes a `docker` stand-in into its own bin folder and returns that folder.
    QString fakeDocker(const QString& name, const QByteArray& script)
    {
        const QString bin = m_dir.filePath(name);
        QDir().mkpath(bin);
        QFile file(bin + QStringLiteral("/docker"));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("#!/bin/sh\n" + script);
        file.close();
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return bin;
    }

    struct Run
    {
        QByteArray out;
        QByteArray err;
        int exit = -1;
    };

    // The programs put the system directories first on PATH; a stand-in docker is found only
    // because /usr/bin etc. have none on this machine's test view... so run with a PATH whose
    // system part is replaced by a folder of symlinks to the tools the programs need.
    Run run(const QString& command, const QString& path)
    {
        QProcess process;
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), path);
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(m_dir.path());
        process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
        process.waitForFinished(-1);
        return Run{process.readAllStandardOutput(), process.readAllStandardError(), process.exitCode()};
    }

    // A program whose system PATH prefix is neutralised, so only `path` decides what is found.
    static QString isolated(QString script)
    {
        script.replace(QLatin1String("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH"),
                       QLatin1String("PATH=$PATH"));
        return script;
    }

    // A folder with only the tools the probes use, no docker.
    QString toolsOnly()
    {
        const QString bin = m_dir.filePath(QStringLiteral("tools"));
        QDir().mkpath(bin);
        for (const char* tool : {"sh", "sort", "printf", "od", "tr", "awk", "stat", "cat", "wc", "head"}) {
            const QString target = QStringLiteral("/usr/bin/") + QLatin1String(tool);
            const QString source = QFile::exists(target) ? target : QStringLiteral("/bin/") + QLatin1String(tool);
            QFile::link(source, bin + QLatin1Char('/') + QLatin1String(tool));
        }
        return bin;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void catalogInvariants()
    {
        const QVector<Probe>& probes = ProbeCatalog::all();
        QVERIFY(probes.size() >= 30);
        QSet<QString> names;
        for (const Probe& probe : probes) {
            QVERIFY2(!names.contains(probe.name), qPrintable(probe.name));
            names.insert(probe.name);
            QVERIFY(!probe.description.isEmpty());
            QVERIFY(!probe.tips.isEmpty());
            QCOMPARE(probe.tip, probe.tips.front());
            for (int tip : probe.tips)
                QVERIFY(tip >= 1 && tip <= 10);
            QCOMPARE(ProbeCatalog::find(probe.name), &probe);
            QVERIFY2(ProbeParsers::has(probe.name), qPrintable(probe.name + QStringLiteral(" has no parser")));
            QCOMPARE(probe.command,
                     ProbeCommands::supervised(QStringLiteral("sh -c ") + ProbeCommands::shellQuote(probe.script)));
            // One line, single spaces: a sudoers rule can name it exactly (sudoers folds white space).
            QVERIFY2(!probe.script.contains(QLatin1Char('\n')) && !probe.script.contains(QLatin1Char('\t')) &&
                         !probe.script.contains(QLatin1String("  ")),
                     qPrintable(probe.name));
            // fish keeps single-quoted text except \\ and \' : the programs contain neither.
            QVERIFY2(!probe.script.contains(QLatin1String("\\\\")) && !probe.script.contains(QLatin1String("\\'")),
                     qPrintable(probe.name));
            QVERIFY(probe.script.startsWith(QLatin1String("export LC_ALL=C;")));
            // Read-only: nothing that writes, deletes or changes state.
            for (const char* verb : {" rm ", " mv ", " cp ", " tee ", " > /", ">/etc", " chmod ", " chown ", " kill ",
                                     " docker run", " docker rm", " docker exec", " systemctl start",
                                     " systemctl restart", " apt-get install", " mktemp"})
                QVERIFY2(!probe.script.contains(QLatin1String(verb)),
                         qPrintable(probe.name + QLatin1Char(' ') + QLatin1String(verb)));
        }
        QCOMPARE(names.size(), ProbeParsers::probes().size());
        for (const char* component : {"docker", "host", "logging", "audit", "swarm", "kubernetes"}) {
            bool found = false;
            for (const Probe& probe : probes)
                found = found || componentName(probe.component) == QLatin1String(component);
            QVERIFY2(found, component);
        }
        QCOMPARE(ProbeCatalog::find(QStringLiteral("host.sudoers"))->privilege, ProbePrivilege::Root);
        QCOMPARE(ProbeCatalog::find(QStringLiteral("docker.info"))->privilege, ProbePrivilege::Docker);
        QCOMPARE(ProbeCatalog::find(QStringLiteral("host.passwd"))->privilege, ProbePrivilege::None);
        QVERIFY(!ProbeCatalog::find(QStringLiteral("rm -rf /")));
        QCOMPARE(ProbeCatalog::dockerProbes().size(), 4);
        QCOMPARE(ProbeCatalog::dockerProbes().at(2).name, QStringLiteral("docker.containers.inspect"));
    }

    void helpersOnlyWhereUsed()
    {
        const QString version = ProbeCatalog::find(QStringLiteral("docker.version"))->script;
        QVERIFY(version.contains(QLatin1String("bh_docker() {")));
        QVERIFY(version.contains(QLatin1String("bh_np() {")));
        QVERIFY(!version.contains(QLatin1String("bh_cat() {")));
        QVERIFY(version.endsWith(QLatin1String("exec docker version --format \"{{json .}}\"")));
        const QString rsyslog = ProbeCatalog::find(QStringLiteral("logging.rsyslog"))->script;
        for (const char* helper :
             {"bh_dir() {", "bh_cat() {", "bh_head() {", "bh_name() {", "bh_gone() {", "bh_denied() {"})
            QVERIFY2(rsyslog.contains(QLatin1String(helper)), helper);
        QVERIFY(!rsyslog.contains(QLatin1String("bh_docker() {")));
    }

    void inspectProbes_data()
    {
        QTest::addColumn<QString>("probe");
        QTest::addColumn<QString>("listing"); // the subcommand that lists ids
        QTest::addColumn<QString>("inspect");
        QTest::newRow("containers") << "docker.containers.inspect"
                                    << "ps"
                                    << "container inspect";
        QTest::newRow("images") << "docker.images.inspect"
                                << "images"
                                << "image inspect";
        QTest::newRow("networks") << "docker.networks.inspect"
                                  << "network ] && [ \"$2\" = ls"
                                  << "network inspect";
    }

    void inspectProbes()
    {
        QFETCH(QString, probe);
        QFETCH(QString, listing);
        QFETCH(QString, inspect);
        const QString command = isolated(ProbeCatalog::find(probe)->script);
        const QString tools = toolsOnly();
        const QByteArray id1(64, 'a'), id2(64, 'b');

        // Two ids (the image listing repeats one, as for an image with two tags).
        const QString two = fakeDocker(probe + QStringLiteral("-two"),
                                       "if [ \"$1\" = " + listing.toLatin1() + " ]; then printf '" + id2 + "\\n" + id1 +
                                           "\\n" + id2 + "\\n'; exit 0; fi\necho \"ARGS:$*\"\n");
        Run result = run(command, two + QLatin1Char(':') + tools);
        QCOMPARE(result.exit, 0);
        if (listing == QLatin1String("images"))
            QCOMPARE(result.out, "ARGS:" + inspect.toLatin1() + " -- " + id1 + ' ' + id2 + '\n');
        else
            QCOMPARE(result.out, "ARGS:" + inspect.toLatin1() + " -- " + id2 + ' ' + id1 + ' ' + id2 + '\n');

        // Nothing listed: an empty JSON array, exit 0.
        const QString none = fakeDocker(probe + QStringLiteral("-none"), "exit 0\n");
        result = run(command, none + QLatin1Char(':') + tools);
        QCOMPARE(result.exit, 0);
        QCOMPARE(result.out, QByteArray("[]\n"));

        // The listing fails (socket permission): its status and stderr, never "[]".
        const QString denied =
            fakeDocker(probe + QStringLiteral("-denied"),
                       "echo 'permission denied while trying to connect to the Docker daemon socket at "
                       "unix:///var/run/docker.sock' >&2\nexit 1\n");
        result = run(command, denied + QLatin1Char(':') + tools);
        QCOMPARE(result.exit, 1);
        QCOMPARE(result.out, QByteArray());
        QVERIFY(result.err.startsWith("permission denied while trying to connect"));

        // docker is not installed: "not present", exit 3, nothing else.
        result = run(command, tools);
        QCOMPARE(result.exit, ProbeCatalog::NotPresentExit);
        QCOMPARE(result.err, QByteArray("bulkhead: not present: docker\n"));
        QCOMPARE(result.out, QByteArray());

        // Hostile listing output is split into words but never globbed or run.
        const QString hostile =
            fakeDocker(probe + QStringLiteral("-hostile"), "if [ \"$1\" = " + listing.toLatin1() +
                                                               " ]; then echo '*'; echo '$(touch pwned);'; exit 0; fi\n"
                                                               "for a in \"$@\"; do echo \"<$a>\"; done\n");
        result = run(command, hostile + QLatin1Char(':') + tools);
        QCOMPARE(result.exit, 0);
        QVERIFY2(result.out.contains("<*>"), result.out.constData());
        QVERIFY(result.out.contains("<$(touch>"));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("pwned"))));
    }

    void imageHistorySkipsIdsThatAreNotHex()
    {
        const QString command = isolated(ProbeCatalog::find(QStringLiteral("docker.images.history"))->script);
        const QByteArray good(64, 'c');
        const QString bin =
            fakeDocker(QStringLiteral("history"), "if [ \"$1\" = images ]; then echo 'sha256:" + good +
                                                      "'; echo 'sha256:$(touch pwned)'; echo 'sha256:zz'; exit 0; fi\n"
                                                      "echo \"$*\"\n");
        const Run result = run(command, bin + QLatin1Char(':') + toolsOnly());
        QCOMPARE(result.exit, 0);
        const QByteArray expected = "image history --no-trunc --format {\"Image\":\"sha256:" + good +
                                    "\",\"Layer\":{{json .}}} -- sha256:" + good + '\n';
        QCOMPARE(result.out, expected);
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("pwned"))));
    }

    void swarmNotPresentOutsideASwarm_data()
    {
        QTest::addColumn<QByteArray>("state");
        QTest::addColumn<int>("exit");
        QTest::addColumn<QByteArray>("err");
        QTest::newRow("inactive") << QByteArray("inactive false") << 3 << QByteArray("bulkhead: not present: swarm\n");
        QTest::newRow("worker") << QByteArray("active false") << 3
                                << QByteArray("bulkhead: not present: swarm manager (this node is a worker)\n");
        QTest::newRow("manager") << QByteArray("active true") << 0 << QByteArray();
    }

    void swarmNotPresentOutsideASwarm()
    {
        QFETCH(QByteArray, state);
        QFETCH(int, exit);
        QFETCH(QByteArray, err);
        const QString command = isolated(ProbeCatalog::find(QStringLiteral("swarm.nodes"))->script);
        const QString bin = fakeDocker(QStringLiteral("swarm-") + QString::fromLatin1(QTest::currentDataTag()),
                                       "if [ \"$1\" = info ]; then echo '" + state + "'; exit 0; fi\necho \"$*\"\n");
        const Run result = run(command, bin + QLatin1Char(':') + toolsOnly());
        QCOMPARE(result.exit, exit);
        QCOMPARE(result.err, err);
        if (exit == 0)
            QCOMPARE(result.out, QByteArray("node ls --format {{json .}}\n"));
    }

    // The framing of multi-file reads holds against file names and contents made to break it.
    void sectionsResistHostileFiles()
    {
        const QString dir = m_dir.filePath(QStringLiteral("conf.d"));
        QDir().mkpath(dir);
        const QString evilName = dir + QStringLiteral("/x\n==> hostile <==\n|root.conf");
        const QString plain = dir + QStringLiteral("/a.conf");
        const QString unreadable = dir + QStringLiteral("/secret.conf");
        for (const auto& [path, content] :
             {std::pair{evilName, QByteArray("evil\n")},
              std::pair{plain, QByteArray("==> /etc/passwd <==\n!missing\nlast line no newline")},
              std::pair{unreadable, QByteArray("hidden\n")}}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        QFile::setPermissions(unreadable, QFile::WriteOwner);
        const bool root = geteuid() == 0;
        const QString body = QStringLiteral("bh_dir %1 \"*.conf\"; bh_cat %1/none.conf; exit $bh_rc").arg(dir);
        const Run result = run(ProbeCatalog::program(body), QStringLiteral("/usr/bin:/bin"));
        auto sections = SectionsParser::parse(result.out);
        QVERIFY2(sections, qPrintable(sections.errorMessage() + QStringLiteral("\n") + QString::fromUtf8(result.out)));
        QStringList names;
        for (const Section& section : sections.value())
            names << section.name;
        QCOMPARE(names, (QStringList{dir + QLatin1Char('/'), plain, unreadable, evilName,
                                     dir + QStringLiteral("/none.conf")}));
        QCOMPARE(sections->at(0).status, QStringLiteral("directory"));
        // The content line that looks like a header stays content of its own file.
        QCOMPARE(sections->at(1).lines, (QStringList{QStringLiteral("==> /etc/passwd <=="), QStringLiteral("!missing"),
                                                     QStringLiteral("last line no newline")}));
        QVERIFY(result.out.contains("==> hex:"));
        QCOMPARE(sections->at(3).lines, QStringList{QStringLiteral("evil")});
        QCOMPARE(sections->at(4).status, QStringLiteral("missing"));
        if (root) {
            QCOMPARE(sections->at(2).lines, QStringList{QStringLiteral("hidden")});
            QCOMPARE(result.exit, 0);
        } else {
            QCOMPARE(sections->at(2).status, QStringLiteral("denied"));
            QCOMPARE(result.exit, 1);
            QVERIFY(result.err.contains("bulkhead: permission denied: "));
        }
    }

    void statAndProcessHelpers()
    {
        const QString file = m_dir.filePath(QStringLiteral("stat-me"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup);
        const QString body =
            QStringLiteral("bh_stat thing %1; bh_stat gone %1-missing; bh_each glob %2/stat-*").arg(file, m_dir.path());
        Run result = run(ProbeCatalog::program(body), QStringLiteral("/usr/bin:/bin"));
        QCOMPARE(result.exit, 0);
        auto stats = FileStatParser::parse(result.out);
        QVERIFY2(stats, qPrintable(stats.errorMessage()));
        QCOMPARE(stats->size(), 3);
        QCOMPARE(stats->at(0).role, QStringLiteral("thing"));
        QCOMPARE(stats->at(0).mode, 0640u);
        QCOMPARE(stats->at(0).type, QStringLiteral("file"));
        QCOMPARE(stats->at(0).uid, int(geteuid()));
        QCOMPARE(stats->at(1).state, QStringLiteral("missing"));
        QCOMPARE(stats->at(2).path, file);

        // This test's own shell, found by its comm, with its arguments intact.
        result = run(ProbeCatalog::program(QStringLiteral("bh_procs sh | head -c 0; bh_args $$ sh")),
                     QStringLiteral("/usr/bin:/bin"));
        QCOMPARE(result.exit, 0);
        auto processes = ProcessArgsParser::parse(result.out);
        QVERIFY2(processes, qPrintable(processes.errorMessage()));
        QCOMPARE(processes->size(), 1);
        QCOMPARE(processes->front().args.value(1), QStringLiteral("-c"));
        QCOMPARE(processes->front().uid, int(geteuid()));
    }

    void flagHelper()
    {
        // bh_flag reads --name=value and --name value from a /proc/PID/cmdline: here the one of an
        // `sh -c` whose extra words it keeps as arguments.
        const QString script = QStringLiteral("sh -c 'sleep 3' x --config-file=/a.json --other x --tlscacert /ca.pem & "
                                              "p=$!; sleep 0.3; printf '%s|%s|%s' \"$(bh_flag $p --config-file)\" "
                                              "\"$(bh_flag $p --tlscacert)\" \"$(bh_flag $p --missing)\"; kill $p");
        const Run result = run(ProbeCatalog::program(script), QStringLiteral("/usr/bin:/bin"));
        QCOMPARE(result.out, QByteArray("/a.json|/ca.pem|"));
    }
};

QTEST_GUILESS_MAIN(TestProbeCatalog)
#include "tst_probecatalog.moc"
