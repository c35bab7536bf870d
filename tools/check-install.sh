#!/usr/bin/env bash
# Checks README's install command as a new user would run it: a fresh HOME, `tools/install.sh`, then `bootemu` from
# PATH must give the same boot as the build the tests used. .ci/run calls it after the tests.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
home=$(mktemp -d /tmp/bootemu-home.XXXXXX)
trap 'rm -rf "$home"' EXIT
# The packages the tests restored are reused, so the check needs no network.
export NUGET_PACKAGES=${NUGET_PACKAGES:-$HOME/.nuget/packages}
export HOME=$home DOTNET_CLI_HOME=$home DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
"$repo/tools/install.sh" >/dev/null
export PATH="$PATH:$home/.dotnet/tools"
command -v bootemu >/dev/null || { echo "check-install: bootemu is not on PATH after tools/install.sh" >&2; exit 1; }
cd "$home"
bootemu boot --format dmesg > installed.txt 2>/dev/null
dotnet "$repo/src/Bootemu.Cli/bin/Debug/net10.0/bootemu.dll" boot --format dmesg > built.txt 2>/dev/null
cmp -s installed.txt built.txt || { echo "check-install: the installed bootemu boots differently from the tested build" >&2; diff installed.txt built.txt | head >&2; exit 1; }
[ -s "$home/.local/share/man/man1/bootemu.1" ] || { echo "check-install: no manual page installed" >&2; exit 1; }
echo "check-install: bootemu installed as a .NET tool, on PATH, boots as the tested build ($(wc -l < installed.txt) dmesg lines)"
