#!/bin/sh
# Whole-process time of `bootemu srat decode` (NativeAOT build) next to `iasl -d` on the same small SRAT, with two
# floors for scale: /bin/true (what starting any process costs here) and tools/Bootemu.StartupFloor (an empty
# NativeAOT program published with the CLI's settings: what starting the .NET runtime costs).
# Usage: tools/srat-vs-iasl.sh [SRAT.bin] [RUNS]
# Publishes the CLI to /tmp/bootemu-aot and the floor to /tmp/bootemu-floor first unless BOOTEMU / FLOOR point at
# existing binaries.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
table=${1:-$here/tests/conformance/srat2_default/srat.bin}
runs=${2:-300}
bootemu=${BOOTEMU:-/tmp/bootemu-aot/bootemu}
floor=${FLOOR:-/tmp/bootemu-floor/Bootemu.StartupFloor}
if [ ! -x "$bootemu" ]; then
    dotnet publish "$here/src/Bootemu.Cli" -c Release -r linux-x64 -o /tmp/bootemu-aot --artifacts-path /tmp/art-srat-vs-iasl >/dev/null
fi
if [ ! -x "$floor" ]; then
    dotnet publish "$here/tools/Bootemu.StartupFloor" -c Release -r linux-x64 -o /tmp/bootemu-floor --artifacts-path /tmp/art-srat-vs-iasl >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$table" "$work/srat.bin"
cd "$work"
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 20 --runs "$runs" \
        "$bootemu srat decode srat.bin --format dsl" \
        "$bootemu srat decode srat.bin" \
        "iasl -d srat.bin" \
        "$floor" \
        "/bin/true"
else
    # Without hyperfine: the mean of RUNS runs of each, from the shell's clock.
    for cmd in "$bootemu srat decode srat.bin --format dsl" "$bootemu srat decode srat.bin" "iasl -d srat.bin" "$floor" /bin/true; do
        start=$(date +%s%N)
        i=0
        while [ $i -lt "$runs" ]; do $cmd >/dev/null 2>&1; i=$((i + 1)); done
        end=$(date +%s%N)
        echo "$cmd: $(( (end - start) / runs / 1000 )) us per run (mean of $runs)"
    done
fi
