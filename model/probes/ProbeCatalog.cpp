// SPDX-License-Identifier: GPL-3.0-or-later
#include "probes/Probe.h"

namespace bulkhead {

// Why these commands are safe to run on an audited host:
// - They are compile-time constants. Nothing that came back from any host (ids, names, labels) is
//   ever spliced into them; container and image ids are expanded by the remote shell from the
//   output of `docker ps`/`docker images` on that same host, never by Bulkhead.
// - They only read: `docker version`, `docker info`, `docker ps`, `docker images` and
//   `docker ... inspect` change nothing on the host.
// - The multi-step probes run under an explicit `sh -c '...'`, so the user's login shell (bash,
//   zsh, fish, csh) only has to pass one single-quoted word to sh; inside, `set -f` turns off
//   pathname expansion so an id can only ever be split into words, never globbed, and `--` ends
//   option parsing before the ids. The ids are 64-hex strings from the docker CLI itself.
// - A failing `docker ps`/`docker images` (no daemon, permission denied on the socket, docker not
//   installed) makes the probe exit with that command's status and its stderr, so the evaluator
//   reports `error` (or `not_applicable` for 127) instead of reading an empty list as "no
//   containers". Only a successful, empty listing prints `[]`.
// - Created and exited containers are included (`ps -a`): a stopped container still carries its
//   configuration. Images are listed with `-a` and de-duplicated (an image with two tags is
//   listed twice).

namespace {

QVector<Probe> makeDockerProbes()
{
    return {
        Probe{QStringLiteral("docker.version"), QStringLiteral("docker version --format '{{json .}}'"),
              QStringLiteral("Docker client and engine versions, API versions and build details (JSON)."), 2},
        Probe{QStringLiteral("docker.info"), QStringLiteral("docker info --format '{{json .}}'"),
              QStringLiteral("Engine-wide settings: storage and logging drivers, security options, swarm state, "
                             "registries, counts of containers and images (JSON)."),
              2},
        Probe{QStringLiteral("docker.containers.inspect"),
              QStringLiteral("sh -c 'set -f; ids=$(docker ps -aq --no-trunc) || exit $?; "
                             "if [ -z \"$ids\" ]; then echo \"[]\"; else exec docker container inspect -- $ids; fi'"),
              QStringLiteral("Full configuration and state of every container, created and exited ones included "
                             "(JSON array). Environment values that look like secrets are redacted before "
                             "storage."),
              7},
        Probe{QStringLiteral("docker.images.inspect"),
              QStringLiteral("sh -c 'set -f; ids=$(docker images -aq --no-trunc) || exit $?; "
                             "ids=$(printf \"%s\\n\" $ids | sort -u); "
                             "if [ -z \"$ids\" ]; then echo \"[]\"; else exec docker image inspect -- $ids; fi'"),
              QStringLiteral("Configuration of every local image: tags, digests, user, environment, history "
                             "metadata (JSON array). Environment values that look like secrets are redacted before "
                             "storage."),
              4},
    };
}

} // namespace

const QVector<Probe>& ProbeCatalog::dockerProbes()
{
    static const QVector<Probe> probes = makeDockerProbes();
    return probes;
}

const Probe* ProbeCatalog::find(const QString& name)
{
    for (const Probe& probe : dockerProbes()) {
        if (probe.name == name)
            return &probe;
    }
    return nullptr;
}

} // namespace bulkhead
