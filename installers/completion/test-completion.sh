#!/usr/bin/env bash
# Checks the bash completion of bulkhead-cli the way bash calls it (COMP_WORDS, COMP_CWORD).
# Usage: test-completion.sh [COMPLETION_FILE]; exit 77 (skipped) without the bash-completion package.
set -uo pipefail
file=${1:-$(dirname "$0")/bulkhead-cli}
lib=/usr/share/bash-completion/bash_completion
if [[ ! -r $lib ]]; then
    echo "SKIP: $lib not found (Debian: bash-completion)"
    exit 77
fi
# shellcheck disable=SC1090
source "$lib"
# shellcheck disable=SC1090
source "$file"
complete -p bulkhead-cli >/dev/null || { echo "FAIL: no completion registered for bulkhead-cli"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
touch audit.bulkhead other.txt binder.pdf fleet.yaml
mkdir sub

failures=0
# expect LINE WORD...: completing LINE (the last word is being typed) offers at least every WORD;
# a WORD of the form !X must not be offered.
expect()
{
    local line=$1
    shift
    read -r -a COMP_WORDS <<<"$line"
    [[ $line == *' ' ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMPREPLY=()
    _bulkhead_cli bulkhead-cli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    local got=" ${COMPREPLY[*]} " want
    for want in "$@"; do
        if [[ $want == '!'* ]]; then
            [[ $got == *" ${want#!} "* ]] && { echo "FAIL: '$line' offers ${want#!}: [$got]"; failures=$((failures + 1)); }
        else
            [[ $got == *" $want "* ]] || { echo "FAIL: '$line' does not offer $want: [$got]"; failures=$((failures + 1)); }
        fi
    done
    return 0
}

expect "bulkhead-cli " scan export report inventory verify --help
expect "bulkhead-cli sc" scan '!export'
expect "bulkhead-cli scan --" --workspace --inventory --known-hosts --identity --fail-on --jobs --sudo
expect "bulkhead-cli scan --workspace " audit.bulkhead sub '!other.txt' '!binder.pdf'
expect "bulkhead-cli scan --inventory " fleet.yaml '!audit.bulkhead'
expect "bulkhead-cli scan --fail-on " info low medium high critical
expect "bulkhead-cli export --format " json csv sarif junit oscal
expect "bulkhead-cli findings --format " json csv '!sarif'
expect "bulkhead-cli export --fail-on h" high '!low'
expect "bulkhead-cli report --pdf " binder.pdf '!audit.bulkhead'
expect "bulkhead-cli report --" --workspace --pdf --zone
expect "bulkhead-cli waiver " add list revoke
expect "bulkhead-cli waiver add --risk " low critical
expect "bulkhead-cli inventory import --from " ssh-config ansible
expect "bulkhead-cli inventory " import show
expect "bulkhead-cli remediate --" --finding --set --yes --known-hosts
expect "bulkhead-cli verify --binder " binder.pdf

if ((failures > 0)); then
    echo "$failures completion expectation(s) failed"
    exit 1
fi
echo "bash completion of bulkhead-cli: every expectation met"
