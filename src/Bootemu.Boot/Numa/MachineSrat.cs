using Bootemu.Acpi.Srat;
using Bootemu.Machine;

namespace Bootemu.Boot.Numa;

/// <summary>
/// The machine's SRAT as decoded with the machine (<see cref="MachineDescription.SratSubtables"/>), for what a boot takes from it
/// outside acpi_numa_init's kernel-exact walk of the raw bytes: the CPUs it lists (bootemu reads no MADT), the APIC
/// mode they imply, and the hot-pluggable memory ranges. A table whose header cannot be read lists nothing.
/// </summary>
internal sealed class MachineSrat
{
    private MachineSrat(IReadOnlyList<SratSubtable> subtables) => Subtables = subtables;

    public IReadOnlyList<SratSubtable> Subtables { get; }

    /// <summary>The memory affinity entries, in table order.</summary>
    public IReadOnlyList<MemoryAffinity> MemoryAffinities => Subtables.OfType<MemoryAffinity>().ToArray();

    public static MachineSrat Of(MachineDescription machine) => new(machine.SratSubtables);

    /// <summary>
    /// Which APIC driver early_acpi_boot_init (arch/x86/kernel/acpi/boot.c) would pick. A machine whose firmware lists
    /// x2APIC ids the 8-bit xAPIC cannot address (255 and up), or more than 255 CPUs, can only run its CPUs in x2APIC
    /// mode, so its firmware enables it; smaller machines (every QEMU conformance boot) use flat/physflat.
    /// </summary>
    public ApicMode ApicMode(List<string> notes)
    {
        int cpus = 0;
        bool wideId = false;
        foreach (var s in Subtables)
        {
            if (s is ProcessorApicAffinity { Enabled: true }) cpus++;
            else if (s is ProcessorX2ApicAffinity { Enabled: true } x2) { cpus++; wideId |= x2.X2ApicId >= 255; }
        }
        if (!wideId && cpus <= 255) return Numa.ApicMode.XApic;
        notes.Add($"the SRAT lists {cpus} CPUs{(wideId ? " with x2APIC ids of 255 or more" : "")}: the machine is taken to boot in x2APIC mode, so every x2APIC entry is valid");
        return Numa.ApicMode.X2Apic;
    }

    /// <summary>
    /// The possible CPUs by APIC id, in ascending order (the order QEMU and most firmware list them in the MADT, which
    /// bootemu does not read): the enabled SRAT processor entries, which name the same CPUs whether or not the kernel
    /// ends up using the SRAT for NUMA. Without any, the CPUs a boot log counted (<paramref name="fromLog"/>) with APIC
    /// ids from 0, else one CPU with APIC id 0, with a note saying which.
    /// </summary>
    public IReadOnlyList<uint> PossibleCpuApicIds(List<string> notes, int? fromLog)
    {
        var ids = new List<uint>();
        foreach (var s in Subtables)
        {
            if (s is ProcessorApicAffinity { Enabled: true } apic) ids.Add(apic.ApicId);
            else if (s is ProcessorX2ApicAffinity { Enabled: true } x2) ids.Add(x2.X2ApicId);
        }
        if (ids.Count > 0) return AscendingDistinct(ids);
        if (fromLog is int count && OtherArchitecture() is null)
        {
            notes.Add($"no CPU is listed in the SRAT: the {count} possible CPUs of the log's 'nr_cpu_ids:{count}' are taken, with APIC ids {(count == 1 ? "0" : $"0-{count - 1}")}, for the per-cpu areas");
            return Enumerable.Range(0, count).Select(i => (uint)i).ToArray();
        }
        notes.Add(OtherArchitecture() is { } arch
            ? $"the SRAT describes {arch} machine ({string.Join(" and ", Subtables.Where(IsOtherArchCpu).Select(e => SratSubtable.TypeName((byte)e.Type)).Distinct())} entries, no local APIC or x2APIC entry); " +
              "bootemu emulates the x86_64 boot path, where those entries name no CPU: the memory ranges are read as the x86 kernel reads them, and one CPU (APIC id 0) is assumed for the per-cpu areas"
            : "no CPU is listed in the SRAT: one CPU (APIC id 0) is assumed for the per-cpu areas");
        return new uint[] { 0 };
    }

    private static uint[] AscendingDistinct(List<uint> ids)
    {
        ids.Sort();
        int kept = 1;
        for (int i = 1; i < ids.Count; i++)
            if (ids[i] != ids[kept - 1]) ids[kept++] = ids[i];
        return ids.GetRange(0, kept).ToArray();
    }

    /// <summary>"an arm64" or "a RISC-V" when the SRAT's processor entries are of that architecture's kinds only.</summary>
    private string? OtherArchitecture()
    {
        if (Subtables.Any(e => e is ProcessorApicAffinity or ProcessorX2ApicAffinity)) return null;
        if (Subtables.Any(e => e is GiccAffinity or GicItsAffinity)) return "an arm64";
        if (Subtables.Any(e => e is RintcAffinity)) return "a RISC-V";
        return null;
    }

    private static bool IsOtherArchCpu(SratSubtable e) => e is GiccAffinity or GicItsAffinity or RintcAffinity;
}
