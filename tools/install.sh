#!/usr/bin/env bash
# Installs bootemu for the current user. Offline: every package comes from the same restore the build needs.
#
#   tools/install.sh            the .NET tool: `dotnet pack`, then `dotnet tool install --global` from that package;
#                               bootemu lands in ~/.dotnet/tools and runs on the .NET 10 runtime of the SDK.
#   tools/install.sh --native   one NativeAOT executable that needs no .NET at run time, in ${PREFIX:-~/.local}/bin.
#
# Both install the manual page, bootemu(1), in ${PREFIX:-~/.local}/share/man/man1. Running it again updates.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
prefix=${PREFIX:-$HOME/.local}
work=$(mktemp -d /tmp/bootemu-install.XXXXXX)
trap 'rm -rf "$work"' EXIT

case "${1:-tool}" in
  tool|--tool)
    dotnet pack "$repo/src/Bootemu.Cli" -c Release -o "$work/package" --artifacts-path "$work/build" -v quiet -nologo
    if dotnet tool list --global | awk '{print $1}' | grep -qx bootemu; then
      dotnet tool update --global --add-source "$work/package" bootemu
    else
      dotnet tool install --global --add-source "$work/package" bootemu
    fi
    bootemu="$HOME/.dotnet/tools/bootemu"
    case ":$PATH:" in *":$HOME/.dotnet/tools:"*) ;; *) echo "add ~/.dotnet/tools to PATH: export PATH=\"\$PATH:\$HOME/.dotnet/tools\"";; esac
    ;;
  --native)
    dotnet publish "$repo/src/Bootemu.Cli" -c Release -r linux-x64 -o "$work/native" --artifacts-path "$work/build" -v quiet -nologo
    mkdir -p "$prefix/bin"
    install -m 755 "$work/native/bootemu" "$prefix/bin/bootemu"
    bootemu="$prefix/bin/bootemu"
    echo "installed $bootemu"
    case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "add $prefix/bin to PATH: export PATH=\"\$PATH:$prefix/bin\"";; esac
    ;;
  *)
    echo "usage: tools/install.sh [--native]" >&2
    exit 2
    ;;
esac
mkdir -p "$prefix/share/man/man1"
"$bootemu" man > "$prefix/share/man/man1/bootemu.1"
echo "installed bootemu(1): man bootemu (with $prefix/share/man in MANPATH) or man -l $prefix/share/man/man1/bootemu.1"
