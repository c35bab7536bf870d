using Bootemu.Acpi.Text;
using Bootemu.Core;
using Bootemu.Core.Yaml;
using Bootemu.Machine.Live;

namespace Bootemu.Machine.Fixtures;

/// <summary>
/// Builds a <see cref="MachineDescription"/> from a YAML machine fixture (the format is documented in
/// README.md, "Machine fixtures") or from the raw files a user has of a real machine.
/// </summary>
public static class MachineLoader
{
    private static readonly string[] TopKeys = { "name", "description", "cmdline", "kernel", "initrd", "e820", "srat", "slit", "acpi_tables", "not_populated_at_boot", "memory_devices" };

    /// <summary>Loads a fixture file; relative file references inside it are resolved against its folder.</summary>
    public static MachineDescription LoadFixture(string path)
    {
        byte[] bytes = InputFile.ReadBytes(path);
        if (NotAFixture(bytes) is { } other)
            throw new InputException(path, $"not a machine fixture (YAML) but {other}");
        string text = InputFile.Decode(bytes);
        if (NotAFixture(text) is { } log)
            throw new InputException(path, $"not a machine fixture (YAML) but {log}");
        return LoadFixture(text, path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }

    /// <summary>
    /// What a file given where a fixture belongs is instead, with the option that takes it, judged on its bytes: a binary
    /// ACPI table or another binary file. Null when it may be text.
    /// </summary>
    private static string? NotAFixture(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("SRAT"u8) && !bytes[4..].StartsWith(" @ "u8)) return "a binary SRAT table: give it as --srat";
        if (bytes.StartsWith("SLIT"u8) && !bytes[4..].StartsWith(" @ "u8)) return "a binary SLIT table: give it as --slit";
        if (bytes.IndexOf((byte)0) >= 0) return "a binary file";
        return null;
    }

    /// <summary>What a text given where a fixture belongs is instead: acpidump text or a boot log. Null when it may be YAML.</summary>
    private static string? NotAFixture(string text)
    {
        if (AcpiDump.Looks(text)) return "acpidump text: give it as --acpidump";
        if (text.Contains("BIOS-e820: [mem ", StringComparison.Ordinal)) return "a boot log: give it as --e820 (with --srat or --acpidump for the SRAT)";
        return null;
    }

    /// <summary>Loads fixture YAML text; <paramref name="sourceName"/> names it in errors, <paramref name="baseDirectory"/> anchors its file references.</summary>
    public static MachineDescription LoadFixture(string yamlText, string sourceName, string baseDirectory)
    {
        var root = YamlInput.Load(yamlText, sourceName).AsMap();
        var notes = new List<string>();
        string name = root.Optional("name") is { } n ? n.AsString() : Path.GetFileNameWithoutExtension(sourceName);
        string description = root.Optional("description") is { } d ? d.AsString().Trim() : "";
        string cmdline = root.Optional("cmdline") is { } c && !c.IsNull ? c.AsString() : "";
        var (kernelVersion, kernel) = root.Optional("kernel") is { } k ? FixtureFields.Kernel(k) : (null, null);
        var initrd = root.Optional("initrd") is { } i && !i.IsNull ? FixtureFields.Range(i) : ((ulong, ulong)?)null;
        var notPopulated = root.Optional("not_populated_at_boot") is { } np ? FixtureFields.Ranges(np) : new List<(ulong, ulong)>();
        var acpiTables = root.Optional("acpi_tables") is { } at ? FixtureFields.AcpiTables(at) : new List<AcpiTableLocation>();
        var devices = root.Optional("memory_devices") is { } md && !md.IsNull ? FixtureFields.MemoryDevices(md) : new List<MemoryDevice>();

        // (ReadOnlyMemory<byte>?)null, not null: a bare null would convert through byte[] into an empty, non-null memory.
        ReadOnlyMemory<byte>? srat = root.Optional("srat") is { } s && !s.IsNull ? FixtureTables.Srat(s, baseDirectory) : (ReadOnlyMemory<byte>?)null;
        ReadOnlyMemory<byte>? slit = root.Optional("slit") is { } sl && !sl.IsNull ? FixtureTables.Slit(sl, baseDirectory) : (ReadOnlyMemory<byte>?)null;

        E820Table e820;
        bool derived = false;
        if (root.Optional("e820") is { } e && !e.IsNull)
            e820 = FixtureFields.E820(e, baseDirectory);
        else if (srat is { } sratBytes)
        {
            (e820, var assumed) = SratRam.Derive(sratBytes.Span, notPopulated, root.Location);
            derived = true;
            notes.Add(DerivedNote(e820, notPopulated.Count));
            notes.AddRange(assumed);
        }
        else
            throw new InputException(root.Location, "the fixture needs an 'e820' map, or an 'srat' whose memory ranges can stand for it");
        root.RejectUnknownKeys(TopKeys);

        return new MachineDescription
        {
            Name = name,
            Description = description,
            Srat = srat,
            Slit = slit,
            BiosE820 = e820,
            E820DerivedFromSrat = derived,
            CommandLine = cmdline,
            KernelImage = kernel,
            Kernel = kernelVersion,
            Initrd = initrd,
            AcpiTables = acpiTables,
            NotPopulatedAtBoot = notPopulated,
            MemoryDevices = devices,
            Notes = notes,
        };
    }

    /// <summary>
    /// The machine behind <c>bootemu boot --srat --acpidump --e820 --slit</c>: a binary SRAT (or the
    /// SRAT and SLIT picked out of acpidump text), and a saved boot log whose <c>BIOS-e820:</c> lines
    /// give the map and whose <c>RAMDISK:</c>, ACPI listing and <c>Command line:</c> lines give the
    /// initrd, the ACPI table locations and the default command line.
    /// </summary>
    public static MachineDescription FromFiles(string? sratPath, string? acpidumpPath, string? e820Path, string? slitPath)
    {
        var notes = new List<string>();
        ReadOnlyMemory<byte>? srat = null, slit = null;
        string? sratFrom = null, slitFrom = null;
        AcpiDump? dump = null;
        if (acpidumpPath is not null)
        {
            dump = AcpiDump.Parse(FileInput.ReadText(acpidumpPath, acpidumpPath), acpidumpPath);
            (srat, sratFrom) = (dump.Table("SRAT").Bytes, acpidumpPath);
            foreach (var signature in new[] { "SRAT", "SLIT" })
                if (dump.InstancesNote(signature) is { } several) notes.Add($"{acpidumpPath}: {several}");
            // A missing SLIT must stay null: a null byte[] would convert into an empty, non-null memory.
            if (dump.Tables.FirstOrDefault(t => t.Signature == "SLIT") is { } dumpSlit) (slit, slitFrom) = (dumpSlit.Bytes, acpidumpPath);
        }
        if (sratPath is not null) (srat, sratFrom) = (FixtureTables.SratFile(sratPath, sratPath), sratPath);
        if (slitPath is not null) (slit, slitFrom) = (FixtureTables.SlitFile(slitPath, slitPath), slitPath);

        BootLogFacts? facts = null;
        if (e820Path is not null)
        {
            facts = BootLogFacts.Parse(FileInput.ReadText(e820Path, e820Path), e820Path);
            if (facts.BiosE820 is null)
                throw new InputException(e820Path, "no 'BIOS-e820: [mem 0x...-0x...] TYPE' line found (expected a saved dmesg or console log)");
        }
        return Assemble(new MachineFiles
        {
            Name = Path.GetFileName(e820Path ?? sratPath ?? acpidumpPath ?? "machine"),
            Srat = srat,
            SratFrom = sratFrom,
            Slit = slit,
            SlitFrom = slitFrom,
            AcpiDump = dump,
            Log = facts,
            Notes = notes,
        });
    }

    /// <summary>
    /// The machine whose files sit under <paramref name="root"/> in a running Linux system's layout (<c>/</c> for the
    /// machine bootemu runs on, or a copy made by tools/collect-live.sh): see <see cref="LiveFiles"/>.
    /// </summary>
    public static MachineDescription FromLive(string root) => Assemble(LiveFiles.Read(root));

    /// <summary>
    /// The one way raw machine files become a machine, whichever way they were read: the e820 map from the log's
    /// <c>BIOS-e820:</c> lines, else from the firmware map sysfs kept, else from the SRAT; the ACPI tables the kernel
    /// reserves; the command line given, else the log's.
    /// </summary>
    private static MachineDescription Assemble(MachineFiles files)
    {
        var notes = new List<string>(files.Notes);
        E820Table e820;
        bool derived = false;
        if (files.Log?.BiosE820 is { } logged) e820 = logged;
        else if (files.FirmwareMap is { } firmware) e820 = firmware;
        else if (files.Srat is { } sratBytes)
        {
            (e820, var assumed) = SratRam.Derive(sratBytes.Span, Array.Empty<(ulong, ulong)>(), files.SratFrom ?? "");
            derived = true;
            notes.Add(DerivedNote(e820, 0));
            notes.AddRange(assumed);
        }
        else
            throw new InputException(files.Where, files.NothingToBoot);

        var facts = files.Log;
        var acpiTables = ReservedTables(facts, files.AcpiDump);
        if (facts is not null) notes.AddRange(TablesUnlikeTheLog(acpiTables, ("SRAT", files.Srat, files.SratFrom), ("SLIT", files.Slit, files.SlitFrom)));
        string cmdline;
        if (files.CommandLine is { } given) cmdline = given;
        else
        {
            cmdline = facts?.CommandLine?.Trim() ?? "";
            if (facts?.CommandLine is not null) notes.Add($"default command line taken from the log's 'Command line:' line: {cmdline}");
        }
        return new MachineDescription
        {
            Name = files.Name,
            Description = "a machine replayed from its own files",
            Srat = files.Srat,
            Slit = files.Slit,
            BiosE820 = e820,
            E820DerivedFromSrat = derived,
            CommandLine = cmdline,
            Initrd = facts?.Ramdisk,
            PossibleCpus = facts?.PossibleCpus,
            AcpiTables = acpiTables,
            RunningRelease = files.RunningRelease,
            MemoryDevices = files.MemoryDevices,
            Notes = notes,
        };
    }

    /// <summary>
    /// The tables the kernel reserves: the log's <c>ACPI: Reserving</c> lines when it has them, otherwise
    /// its table listing, otherwise the acpidump's tables; the root pointers (RSDP, RSDT, XSDT) left out,
    /// as acpi_reserve_initial_tables skips them.
    /// </summary>
    private static IReadOnlyList<AcpiTableLocation> ReservedTables(BootLogFacts? facts, AcpiDump? dump)
    {
        if (facts is { AcpiReservations.Count: > 0 }) return facts.AcpiReservations;
        var listed = facts is { AcpiTables.Count: > 0 }
            ? facts.AcpiTables
            : dump?.Tables.Select(t => new AcpiTableLocation(t.Signature, t.Address, (ulong)t.Bytes.Length)).ToArray() ?? [];
        return listed.Where(t => t.Signature is not ("RSD " or "RSDP" or "RSDT" or "XSDT")).ToArray();
    }

    /// <summary>
    /// A table given beside a boot log that is not the one that log's kernel had: the log's listing and reservation lines
    /// (which bootemu replays) then disagree with the table the NUMA layout is read from. Compared by Length.
    /// </summary>
    private static IEnumerable<string> TablesUnlikeTheLog(IReadOnlyList<AcpiTableLocation> logged,
        params (string Signature, ReadOnlyMemory<byte>? Bytes, string? From)[] given)
    {
        foreach (var (signature, bytes, from) in given)
        {
            if (bytes is not { Length: >= 8 } b || logged.FirstOrDefault(t => t.Signature == signature) is not { } inLog) continue;
            ulong length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b.Span[4..]);
            if (length != inLog.Length)
                yield return $"the {signature} from {from} is {length} bytes long, but the log's kernel reserved {(signature == "SRAT" ? "an" : "a")} {signature} of {inLog.Length} bytes at " +
                             $"{Bootemu.Core.Printk.Printk.AltHex(inLog.Address)}: the ACPI lines follow the log, the NUMA layout follows the table given, so they describe different tables";
        }
    }

    private static string DerivedNote(E820Table e820, int notPopulated)
    {
        ulong ram = e820.TotalBytes(E820Type.Ram);
        return $"no e820 map: RAM is taken to be the enabled SRAT memory ranges{(notPopulated > 0 ? " minus the not_populated_at_boot ones" : "")} " +
               $"({e820.Count} range{(e820.Count == 1 ? "" : "s")}, {ram >> 20} MiB); nothing is reserved but what the kernel reserves itself";
    }
}
