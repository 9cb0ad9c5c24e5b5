// SPDX-License-Identifier: GPL-3.0-or-later
#include "facts/LoggingFactsParser.h"

#include <QFile>
#include <QTest>

using namespace bulkhead;

class TestLoggingFactsParser : public QObject
{
    Q_OBJECT

private slots:
    void journald()
    {
        const QByteArray output =
            "==> /etc/systemd/journald.conf <==\n|[Journal]\n|#Storage=auto\n|Storage=volatile\n"
            "|ForwardToSyslog=no\n"
            "==> /usr/lib/systemd/journald.conf.d/ <==\n!missing\n"
            "==> /etc/systemd/journald.conf.d/ <==\n!directory\n"
            "==> /etc/systemd/journald.conf.d/50-persist.conf <==\n|[Journal]\n|Storage=persistent\n"
            "==> /etc/systemd/journald.conf.d/10-forward.conf <==\n|[Journal]\n|ForwardToSyslog=yes\n"
            "|[Other]\n|Storage=none\n"
            "==> /run/systemd/journald.conf.d/ <==\n!missing\n"
            "==> /var/log/journal <==\n!missing\n";
        auto config = LoggingFactsParser::journald(output);
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QCOMPARE(config->storage(), QStringLiteral("persistent"));
        QVERIFY(config->persistent());
        QVERIFY(config->forwardsToSyslog());
        QCOMPARE(config->files.size(), 3);
        QCOMPARE(config->files.at(1), QStringLiteral("/etc/systemd/journald.conf.d/10-forward.conf")); // by name
        QVERIFY(!config->persistentDirectory);

        auto defaults = LoggingFactsParser::journald("==> /etc/systemd/journald.conf <==\n|[Journal]\n"
                                                     "==> /var/log/journal <==\n!directory\n");
        QVERIFY(defaults);
        QCOMPARE(defaults->storage(), QStringLiteral("auto"));
        QVERIFY(defaults->persistent()); // auto with /var/log/journal present

        QFile fleet(QStringLiteral(BULKHEAD_TEST_DATA "/fleet/logging.journald.out"));
        QVERIFY(fleet.open(QIODevice::ReadOnly));
        QVERIFY(LoggingFactsParser::journald(fleet.readAll()));
        QVERIFY(!LoggingFactsParser::journald("==> /etc/systemd/journald.conf <==\n|[Journal]\n|no equals sign\n"));
    }

    void rsyslog()
    {
        const QByteArray output = "==> /etc/rsyslog.conf <==\n|*.* @@logs.example.org:6514\n|auth.* @10.0.0.5\n"
                                  "|*.* /var/log/syslog\n|# *.* @commented.example\n"
                                  "==> /etc/rsyslog.d/ <==\n!directory\n"
                                  "==> /etc/rsyslog.d/60-remote.conf <==\n|action(type=\"omfwd\"\n"
                                  "|       target=\"siem.example\" port=\"514\" protocol=\"tcp\")\n"
                                  "|*.* :omrelp:relp.example:2514\n";
        auto config = LoggingFactsParser::rsyslog(output);
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QCOMPARE(config->forwards.size(), 4);
        QCOMPARE(config->forwards.at(0).protocol, QStringLiteral("tcp"));
        QCOMPARE(config->forwards.at(0).target, QStringLiteral("logs.example.org:6514"));
        QCOMPARE(config->forwards.at(1).protocol, QStringLiteral("udp"));
        QCOMPARE(config->forwards.at(2).target, QStringLiteral("siem.example:514"));
        QCOMPARE(config->forwards.at(2).line, 1);
        QCOMPARE(config->forwards.at(3).protocol, QStringLiteral("relp"));
        auto local = LoggingFactsParser::rsyslog("==> /etc/rsyslog.conf <==\n|*.* /var/log/syslog\n");
        QVERIFY(local);
        QVERIFY(local->forwards.isEmpty());
        QVERIFY(!LoggingFactsParser::rsyslog("not sections\n"));
    }

    void syslogNg()
    {
        const QByteArray output = "==> /etc/syslog-ng/syslog-ng.conf <==\n"
                                  "|destination d_net { network(\"10.1.1.1\" port(514) transport(\"tcp\")); };\n"
                                  "|destination d_file { file(\"/var/log/messages\"); };\n"
                                  "|destination d_old {\n|  udp(\"logs.example\" port(514));\n|};\n";
        auto config = LoggingFactsParser::syslogNg(output);
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QCOMPARE(config->forwards.size(), 2);
        QCOMPARE(config->forwards.at(0).target, QStringLiteral("10.1.1.1"));
        QCOMPARE(config->forwards.at(1).protocol, QStringLiteral("udp"));
    }

    void logrotate()
    {
        const QByteArray output =
            "==> /etc/logrotate.conf <==\n|weekly\n|rotate 4\n|include /etc/logrotate.d\n"
            "==> /etc/logrotate.d/ <==\n!directory\n"
            "==> /etc/logrotate.d/docker-containers <==\n"
            "|/var/lib/docker/containers/*/*.log {\n|  rotate 7\n|  daily\n|  compress\n"
            "|  postrotate\n|    /bin/true }\n|  endscript\n|}\n"
            "==> /etc/logrotate.d/apt <==\n|/var/log/apt/term.log\n|/var/log/apt/history.log {\n|  monthly\n|}\n";
        auto config = LoggingFactsParser::logrotate(output);
        QVERIFY2(config, qPrintable(config.errorMessage()));
        QCOMPARE(config->globalDirectives, (QStringList{QStringLiteral("weekly"), QStringLiteral("rotate 4"),
                                                        QStringLiteral("include /etc/logrotate.d")}));
        QCOMPARE(config->stanzas.size(), 2);
        QCOMPARE(config->dockerStanzas().size(), 1);
        QCOMPARE(config->dockerStanzas().front().directives,
                 (QStringList{QStringLiteral("rotate 7"), QStringLiteral("daily"), QStringLiteral("compress")}));
        QCOMPARE(config->stanzas.at(1).paths.size(), 2);
        QVERIFY(!LoggingFactsParser::logrotate("==> /etc/logrotate.conf <==\n|/x {\n|daily\n"));
        QVERIFY(!LoggingFactsParser::logrotate("==> /etc/logrotate.conf <==\n|}\n"));
        QFile fleet(QStringLiteral(BULKHEAD_TEST_DATA "/fleet/logging.logrotate.out"));
        QVERIFY(fleet.open(QIODevice::ReadOnly));
        QVERIFY(LoggingFactsParser::logrotate(fleet.readAll()));
    }

    void auditRules()
    {
        const QByteArray loaded = "-w /usr/bin/dockerd -p rwxa -k docker\n"
                                  "-a always,exit -F path=/usr/bin/runc -F perm=x -F key=runc\n"
                                  "-w /etc/docker -p wa -k docker\n";
        auto rules = LoggingFactsParser::loadedAuditRules(loaded);
        QVERIFY2(rules, qPrintable(rules.errorMessage()));
        QCOMPARE(rules->rules.size(), 3);
        QCOMPARE(rules->rules.at(0).kind, QStringLiteral("watch"));
        QCOMPARE(rules->rules.at(0).permissions, QStringLiteral("rwxa"));
        QCOMPARE(rules->rules.at(1).kind, QStringLiteral("syscall"));
        QCOMPARE(rules->rules.at(1).path, QStringLiteral("/usr/bin/runc"));
        QCOMPARE(rules->rules.at(1).key, QStringLiteral("runc"));
        QCOMPARE(rules->forPath(QStringLiteral("/etc/docker/daemon.json")).size(), 1); // the directory watch
        auto none = LoggingFactsParser::loadedAuditRules("No rules\n");
        QVERIFY(none);
        QVERIFY(none->rules.isEmpty());
        QVERIFY(!LoggingFactsParser::loadedAuditRules("Error sending rule list request\n"));
        QVERIFY(!LoggingFactsParser::loadedAuditRules("-w\n"));

        const QByteArray files = "==> /etc/audit/rules.d/ <==\n!directory\n"
                                 "==> /etc/audit/rules.d/docker.rules <==\n|## docker\n|-D\n|-b 8192\n"
                                 "|-w /var/lib/docker -p wa -k docker\n"
                                 "==> /etc/audit/audit.rules <==\n!denied\n";
        auto persistent = LoggingFactsParser::auditRuleFiles(files);
        QVERIFY2(persistent, qPrintable(persistent.errorMessage()));
        QCOMPARE(persistent->rules.size(), 3);
        QCOMPARE(persistent->rules.at(0).kind, QStringLiteral("control"));
        QCOMPARE(persistent->rules.at(2).source, QStringLiteral("/etc/audit/rules.d/docker.rules"));
        QCOMPARE(persistent->unreadable, QStringList{QStringLiteral("/etc/audit/audit.rules")});
    }

    void auditdState()
    {
        auto running = LoggingFactsParser::auditdState("installed=yes\npids=812\nsystemd=none\n");
        QVERIFY(running);
        QVERIFY(running->installed);
        QVERIFY(running->running());
        auto stopped = LoggingFactsParser::auditdState("installed=yes\npids=\nsystemd=inactive\n");
        QVERIFY(stopped);
        QVERIFY(!stopped->running());
        QVERIFY(!LoggingFactsParser::auditdState("running\n"));
        QVERIFY(!LoggingFactsParser::auditdState("pids=1\n"));
    }
};

QTEST_GUILESS_MAIN(TestLoggingFactsParser)
#include "tst_loggingfactsparser.moc"
