using Bootemu.Machine.E820;

namespace Bootemu.Machine.Tests.E820;

/// <summary>Tables written as (address, size, type) triples, and the sizes they are written in.</summary>
internal static class E820TestTables
{
    public const ulong G = 1UL << 30, M = 1UL << 20;

    public static E820Table T(params (ulong Addr, ulong Size, E820Type Type)[] entries) =>
        new(entries.Select(e => new E820Entry(e.Addr, e.Size, e.Type)));
}
