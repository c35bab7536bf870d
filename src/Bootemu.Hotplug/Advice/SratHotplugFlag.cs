using System.Collections.Immutable;
using Bootemu.Acpi.Srat;
using Bootemu.Boot.Model;
using Bootemu.Core;
using Bootemu.Machine;

namespace Bootemu.Hotplug.Advice;

/// <summary>One SRAT memory affinity entry the firmware advice flags hot-pluggable.</summary>
/// <param name="Offset">the entry's byte offset in the table.</param>
/// <param name="Nid">the node the kernel gave its memory at boot.</param>
public sealed record SratEntryChange(int Offset, uint Pxm, ulong Base, ulong Length, int Nid);

/// <summary>
/// The firmware change advice can give: set the Hot Pluggable bit of the SRAT memory affinity entries that hold the
/// asked nodes' memory, so the kernel marks those ranges MEMBLOCK_HOTPLUG and, under movable_node, keeps its own
/// allocations off them. <see cref="Machine"/> is the same machine with that table.
/// </summary>
public sealed record FirmwareChange(ImmutableArray<SratEntryChange> Entries, MachineDescription Machine)
{
    /// <summary>
    /// The change for <paramref name="nodes"/>: the enabled entries without the flag whose range holds memory the boot gave
    /// one of those nodes. Null when there is none (no SRAT, a table bootemu cannot read back, or every such entry is flagged
    /// already), with the reason.
    /// </summary>
    public static (FirmwareChange? Change, string? WhyNone) For(MachineDescription machine, BootResult boot, IReadOnlyCollection<int> nodes)
    {
        if (machine.Srat is not { } raw) return (null, "the machine has no SRAT");
        Srat srat;
        try { srat = SratReader.ReadLenient(raw.Span).Table; }
        catch (InputException e) { return (null, $"bootemu cannot rewrite its SRAT ({e.OneLine})"); }

        var memory = boot.Memory.Where(r => nodes.Contains(r.Nid)).ToList();
        var entries = ImmutableArray.CreateBuilder<SratEntryChange>();
        var subtables = srat.Subtables.Select(s =>
        {
            if (s is not MemoryAffinity { Enabled: true, HotPluggable: false } m || m.Wraps) return s;
            ulong end = m.BaseAddress + m.Length;
            var held = memory.FirstOrDefault(r => r.Base < end && r.End > m.BaseAddress);
            if (held.Size == 0) return s;
            entries.Add(new SratEntryChange(m.Offset, m.ProximityDomain, m.BaseAddress, m.Length, held.Nid));
            return m with { Flags = m.Flags | MemoryAffinityFlags.HotPluggable };
        }).ToImmutableArray();
        if (entries.Count == 0)
            return (null, "the SRAT already marks all of the asked nodes' memory hot-pluggable");
        var flagged = srat with { Header = srat.Header with { Checksum = null }, Subtables = subtables };
        return (new FirmwareChange(entries.ToImmutable(), machine with { Srat = flagged.Encode() }), null);
    }
}
