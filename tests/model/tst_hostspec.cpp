// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/HostSpec.h"

#include <QTest>

using namespace bulkhead;

class TestHostSpec : public QObject
{
    Q_OBJECT

private slots:
    void parseValid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("canonical");
        QTest::addColumn<QString>("display");
        QTest::newRow("host only") << "fleet1"
                                   << ""
                                   << "fleet1" << 22 << "fleet1:22"
                                   << "fleet1";
        QTest::newRow("fqdn") << "db-01.prod.example.com"
                              << ""
                              << "db-01.prod.example.com" << 22 << "db-01.prod.example.com:22"
                              << "db-01.prod.example.com";
        QTest::newRow("trailing dot") << "example.com."
                                      << ""
                                      << "example.com." << 22 << "example.com.:22"
                                      << "example.com.";
        QTest::newRow("user and port") << "audit@127.0.0.2:2222"
                                       << "audit"
                                       << "127.0.0.2" << 2222 << "audit@127.0.0.2:2222"
                                       << "127.0.0.2:2222";
        QTest::newRow("ipv4") << "10.0.0.1"
                              << ""
                              << "10.0.0.1" << 22 << "10.0.0.1:22"
                              << "10.0.0.1";
        QTest::newRow("user with dot, underscore, dash") << "svc_audit.ro-1@host"
                                                         << "svc_audit.ro-1"
                                                         << "host" << 22 << "svc_audit.ro-1@host:22"
                                                         << "host";
        QTest::newRow("ipv6 loopback") << "[::1]"
                                       << ""
                                       << "::1" << 22 << "[::1]:22"
                                       << "::1";
        QTest::newRow("ipv6 with port") << "root@[2001:db8::17]:2200"
                                        << "root"
                                        << "2001:db8::17" << 2200 << "root@[2001:db8::17]:2200"
                                        << "[2001:db8::17]:2200";
        QTest::newRow("ipv6 full") << "[2001:0db8:0000:0000:0000:ff00:0042:8329]"
                                   << ""
                                   << "2001:0db8:0000:0000:0000:ff00:0042:8329" << 22
                                   << "[2001:0db8:0000:0000:0000:ff00:0042:8329]:22"
                                   << "2001:0db8:0000:0000:0000:ff00:0042:8329";
        QTest::newRow("ipv6 mapped ipv4") << "[::ffff:192.0.2.1]:22"
                                          << ""
                                          << "::ffff:192.0.2.1" << 22 << "[::ffff:192.0.2.1]:22"
                                          << "::ffff:192.0.2.1";
        QTest::newRow("ipv6 link-local zone") << "[fe80::1%eth0]:22"
                                              << ""
                                              << "fe80::1%eth0" << 22 << "[fe80::1%eth0]:22"
                                              << "fe80::1%eth0";
        QTest::newRow("port 1") << "h:1"
                                << ""
                                << "h" << 1 << "h:1"
                                << "h:1";
        QTest::newRow("port 65535") << "h:65535"
                                    << ""
                                    << "h" << 65535 << "h:65535"
                                    << "h:65535";
        QTest::newRow("digit-leading label") << "3com.example"
                                             << ""
                                             << "3com.example" << 22 << "3com.example:22"
                                             << "3com.example";
    }

    void parseValid()
    {
        QFETCH(QString, text);
        QFETCH(QString, user);
        QFETCH(QString, address);
        QFETCH(int, port);
        QFETCH(QString, canonical);
        QFETCH(QString, display);
        const auto spec = HostSpec::parse(text);
        QVERIFY2(spec, qPrintable(spec.errorMessage()));
        QCOMPARE(spec->user, user);
        QCOMPARE(spec->address, address);
        QCOMPARE(spec->port, port);
        QCOMPARE(spec->toString(), canonical);
        QCOMPARE(spec->displayName(), display);
        // The canonical form parses back to the same spec.
        const auto again = HostSpec::parse(spec->toString());
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QVERIFY(again.value() == spec.value());
    }

    void parseInvalid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why"); // a part of the error message
        QTest::newRow("empty") << ""
                               << "empty";
        QTest::newRow("space inside") << "my host"
                                      << "a space";
        QTest::newRow("leading space") << " host"
                                       << "a space";
        QTest::newRow("tab") << "host\t"
                             << "U+0009";
        QTest::newRow("newline") << "host\nrm"
                                 << "U+000A";
        QTest::newRow("semicolon") << "host;reboot"
                                   << "';'";
        QTest::newRow("command substitution") << "$(id)@host"
                                              << "'$'";
        QTest::newRow("backtick") << "h`id`"
                                  << "'`'";
        QTest::newRow("pipe") << "a|b"
                              << "'|'";
        QTest::newRow("ampersand") << "a&b"
                                   << "'&'";
        QTest::newRow("redirect") << "a>b"
                                  << "'>'";
        QTest::newRow("quote") << "'a'"
                               << "'''";
        QTest::newRow("double quote") << "\"a\""
                                      << "'\"'";
        QTest::newRow("slash") << "a/b"
                               << "'/'";
        QTest::newRow("non-ascii") << QString::fromUtf8("h\xc3\xb6st") << QString::fromUtf8("'\xc3\xb6'");
        QTest::newRow("option injection address") << "-oProxyCommand=x"
                                                  << "'='";
        QTest::newRow("option-like address") << "-oFoo"
                                             << "starts or ends with '-'";
        QTest::newRow("option-like user") << "-l@host"
                                          << "must not start with '-'";
        QTest::newRow("empty user") << "@host"
                                    << "user name before '@' is empty";
        QTest::newRow("two at signs") << "a@b@c"
                                      << "more than one '@'";
        QTest::newRow("empty address") << "user@"
                                       << "address is empty";
        QTest::newRow("only port") << ":22"
                                   << "address is empty";
        QTest::newRow("empty port") << "host:"
                                    << "port after ':' is empty";
        QTest::newRow("port zero") << "host:0"
                                   << "out of range";
        QTest::newRow("port too large") << "host:65536"
                                        << "out of range";
        QTest::newRow("port huge") << "host:99999999999"
                                   << "out of range";
        QTest::newRow("port not numeric") << "host:ssh"
                                          << "not a number";
        QTest::newRow("port negative") << "host:-1"
                                       << "not a number";
        QTest::newRow("bare ipv6") << "::1"
                                   << "must be written in brackets";
        QTest::newRow("bare ipv6 with user") << "root@2001:db8::1"
                                             << "must be written in brackets";
        QTest::newRow("unclosed bracket") << "[::1"
                                          << "without a closing ']'";
        QTest::newRow("empty brackets") << "[]:22"
                                        << "is empty";
        QTest::newRow("hostname in brackets") << "[example.com]"
                                              << "not an IPv6 address";
        QTest::newRow("bad ipv6 group") << "[2001:db8::12345]"
                                        << "not an IPv6 address";
        QTest::newRow("two double colons") << "[1::2::3]"
                                           << "not an IPv6 address";
        QTest::newRow("too many groups") << "[1:2:3:4:5:6:7:8:9]"
                                         << "not an IPv6 address";
        QTest::newRow("text after bracket") << "[::1]x"
                                            << "expected ':PORT'";
        QTest::newRow("stray bracket") << "host]"
                                       << "brackets are only allowed";
        QTest::newRow("underscore host") << "my_host"
                                         << "'_' is not allowed";
        QTest::newRow("double dot") << "a..b"
                                    << "empty label";
        QTest::newRow("leading dot") << ".example"
                                     << "empty label";
        QTest::newRow("label ends with dash") << "a-.b"
                                              << "starts or ends with '-'";
        QTest::newRow("bad ipv4 octet") << "256.1.1.1"
                                        << "not a valid IPv4 address";
        QTest::newRow("ipv4 too short") << "10.1.1"
                                        << "not a valid IPv4 address";
        QTest::newRow("ipv4 leading zero") << "010.1.1.1"
                                           << "not a valid IPv4 address";
        QTest::newRow("zone outside brackets") << "host%eth0"
                                               << "only allowed in a bracketed";
        QTest::newRow("label too long") << QString(64, QLatin1Char('a')) << "longer than 63";
        QTest::newRow("name too long") << QString(QString(60, QLatin1Char('a')) + QLatin1Char('.')).repeated(5)
                                       << "longer than 253";
    }

    void parseInvalid()
    {
        QFETCH(QString, text);
        QFETCH(QString, why);
        const auto spec = HostSpec::parse(text);
        QVERIFY2(!spec, qPrintable(spec ? QStringLiteral("accepted: ") + spec->toString() : QString()));
        QVERIFY2(spec.errorMessage().contains(why), qPrintable(spec.errorMessage()));
        QVERIFY(spec.errorMessage().startsWith(QStringLiteral("Invalid host")));
    }
};

QTEST_GUILESS_MAIN(TestHostSpec)
#include "tst_hostspec.moc"
