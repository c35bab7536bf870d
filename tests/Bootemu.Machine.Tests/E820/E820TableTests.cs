using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.E820;

using static Bootemu.Machine.Tests.E820.E820TestTables;

namespace Bootemu.Machine.Tests.E820;

/// <summary>e820__update_table and the range editors, on the rules of docs/linux-6.1-boot-memory.md §5.4/§5.5 and arch/x86/kernel/e820.c.</summary>
public class E820TableTests
{
    private static (ulong, ulong, E820Type)[] Of(E820Table t) => t.Entries.Select(e => (e.Addr, e.Size, e.Type)).ToArray();

    [Test]
    public void Overlap_goes_to_the_higher_type()
    {
        var t = T((0, 4 * G, E820Type.Ram), (G, G, E820Type.Reserved)).Sanitize();
        Assert.That(Of(t), Is.EqualTo(new[] { (0UL, G, E820Type.Ram), (G, G, E820Type.Reserved), (2 * G, 2 * G, E820Type.Ram) }));
    }

    [Test]
    public void Reserved_kern_beats_reserved() =>
        Assert.That(Of(T((0, 2 * G, E820Type.Reserved), (G, 2 * G, E820Type.ReservedKern)).Sanitize()),
            Is.EqualTo(new[] { (0UL, G, E820Type.Reserved), (G, 2 * G, E820Type.ReservedKern) }));

    [Test]
    public void Adjacent_same_type_entries_merge_and_are_sorted() =>
        Assert.That(Of(T((G, G, E820Type.Ram), (0, G, E820Type.Ram)).Sanitize()), Is.EqualTo(new[] { (0UL, 2 * G, E820Type.Ram) }));

    [TestCase(E820Type.Pram)]
    [TestCase(E820Type.SoftReserved)]
    public void Persistent_and_soft_reserved_neighbours_stay_separate(E820Type type) =>
        Assert.That(Of(T((0, G, type), (G, G, type)).Sanitize()), Is.EqualTo(new[] { (0UL, G, type), (G, G, type) }));

    [Test]
    public void Zero_size_entries_are_dropped() =>
        Assert.That(Of(T((0, G, E820Type.Ram), (5 * G, 0, E820Type.Reserved), (2 * G, G, E820Type.Ram)).Sanitize()),
            Is.EqualTo(new[] { (0UL, G, E820Type.Ram), (2 * G, G, E820Type.Ram) }));

    [Test]
    public void A_single_entry_is_refused()
    {
        var t = T((0, G, E820Type.Ram));
        Assert.That((t.TrySanitize(out var s), ReferenceEquals(s, t)), Is.EqualTo((false, true)));
    }

    [Test]
    public void A_wrapping_entry_is_refused() =>
        Assert.That(T((0, G, E820Type.Ram), (ulong.MaxValue - M, 2 * M, E820Type.Reserved)).TrySanitize(out _), Is.False);

    [Test]
    public void Mem_6G_keeps_5G_of_ram_below_the_limit()
    {
        // docs/linux-6.1-boot-memory.md §5.4: RAM [0,3G)+[4G,10G) with mem=6G keeps [0,3G)+[4G,6G).
        var log = new KernelLog();
        var t = T((0, 3 * G, E820Type.Ram), (3 * G, G, E820Type.Reserved), (4 * G, 6 * G, E820Type.Ram))
            .ApplyCommandLine(KernelCommandLine.Parse("mem=6G"), log);
        Assert.That(t.TotalBytes(E820Type.Ram), Is.EqualTo(5 * G));
        Assert.That(log.Lines[0].Text, Is.EqualTo("e820: remove [mem 0x180000000-0xfffffffffffffffe] usable"));
    }

    [Test]
    public void Remove_from_the_middle_splits_the_entry()
    {
        var t = T((0, 4 * G, E820Type.Ram), (8 * G, G, E820Type.Reserved)).RemoveRange(G, G, E820Type.Ram, new KernelLog());
        Assert.That(Of(t), Is.EqualTo(new[] { (0UL, G, E820Type.Ram), (8 * G, G, E820Type.Reserved), (2 * G, 2 * G, E820Type.Ram) }));
    }

    [Test]
    public void Remove_without_a_type_prints_a_trailing_space()
    {
        var log = new KernelLog();
        T((0, G, E820Type.Ram), (G, G, E820Type.Reserved)).RemoveRange(0, 2 * G, null, log);
        Assert.That(log.Lines.Single().Text, Is.EqualTo("e820: remove [mem 0x00000000-0x7fffffff] "));
    }

    [Test]
    public void Update_prints_both_type_names()
    {
        var log = new KernelLog();
        var t = T((0, G, E820Type.Ram), (G, G, E820Type.Reserved)).UpdateRange(0x1000, 0x1000, E820Type.Ram, E820Type.Pram, log).Sanitize();
        Assert.That(log.Lines.Single().Text, Is.EqualTo("e820: update [mem 0x00001000-0x00001fff] usable ==> persistent (type 12)"));
        Assert.That(Of(t), Is.EqualTo(new[] { (0UL, 0x1000UL, E820Type.Ram), (0x1000UL, 0x1000UL, E820Type.Pram), (0x2000UL, G - 0x2000, E820Type.Ram), (G, G, E820Type.Reserved) }));
    }

    [Test]
    public void A_full_table_drops_the_added_range_with_the_kernels_error()
    {
        var full = new E820Table(Enumerable.Range(0, E820Table.MaxEntries).Select(i => new E820Entry((ulong)i * 2 * 0x1000, 0x1000, E820Type.Ram)));
        var log = new KernelLog();
        var t = full.AddRange(1UL << 40, G, E820Type.Ram, log);
        Assert.That((t.Count, log.Lines.Single().Text), Is.EqualTo((E820Table.MaxEntries, "too many entries; ignoring [mem 0x10000000000-0x1003fffffff]")));
    }

    [Test]
    public void Memmap_changing_a_type_into_itself_is_the_kernels_bug_on() =>
        Assert.Throws<InputException>(() => KernelCommandLine.Parse("memmap=1G%4G-1+1"));

    [Test]
    public void Exactmap_with_one_range_panics_like_the_kernel()
    {
        var t = T((0, G, E820Type.Ram), (G, G, E820Type.Reserved));
        var e = Assert.Throws<InputException>(() => t.ApplyCommandLine(KernelCommandLine.Parse("memmap=exactmap memmap=2G@0"), new KernelLog()));
        Assert.That(e!.Message, Does.Contain("Invalid user supplied memory map"));
    }

    [Test]
    public void Exactmap_builds_the_map_from_scratch()
    {
        var log = new KernelLog();
        T((0, 8 * G, E820Type.Ram), (8 * G, G, E820Type.Reserved))
            .ApplyCommandLine(KernelCommandLine.Parse("memmap=exactmap memmap=640K@0,2G@1M"), log);
        Assert.That(log.Lines.Select(l => l.Text), Is.EqualTo(new[]
        {
            "user-defined physical RAM map:",
            "user: [mem 0x0000000000000000-0x000000000009ffff] usable",
            "user: [mem 0x0000000000100000-0x00000000800fffff] usable",
        }));
    }

    [Test]
    public void Mem_zero_still_prints_the_user_defined_map()
    {
        var log = new KernelLog();
        T((0, G, E820Type.Ram), (G, G, E820Type.Reserved)).ApplyCommandLine(KernelCommandLine.Parse("mem=0"), log);
        Assert.That(log.Lines.Select(l => l.Text), Is.EqualTo(new[]
        {
            "Malformed early option 'mem'",
            "user-defined physical RAM map:",
            "user: [mem 0x0000000000000000-0x000000003fffffff] usable",
            "user: [mem 0x0000000040000000-0x000000007fffffff] reserved",
        }));
    }

    [Test]
    public void No_memory_option_leaves_the_map_unprinted()
    {
        var log = new KernelLog();
        T((0, G, E820Type.Ram), (G, G, E820Type.Reserved)).ApplyCommandLine(KernelCommandLine.Parse("movable_node quiet"), log);
        Assert.That(log.Lines, Is.Empty);
    }

    [Test]
    public void Kernel_image_outside_ram_is_added_back_with_a_warning()
    {
        var log = new KernelLog();
        var t = T((0, 16 * M, E820Type.Ram), (16 * M, 32 * M, E820Type.Reserved), (48 * M, G, E820Type.Ram))
            .AddKernelRange(16 * M, 40 * M, log).Sanitize();
        Assert.That(log.Lines[0].Text, Is.EqualTo(".text .data .bss are not marked as E820_TYPE_RAM!"));
        Assert.That(Of(t), Is.EqualTo(new[] { (0UL, 40 * M, E820Type.Ram), (40 * M, 8 * M, E820Type.Reserved), (48 * M, G, E820Type.Ram) }));
    }

    [Test]
    public void Max_low_pfn_line_only_above_4G()
    {
        var log = new KernelLog();
        var (max, low) = T((0x100000, 2 * G, E820Type.Ram), (3 * G, G, E820Type.Reserved)).FindMaxPfns(log);
        Assert.That((max, low, log.Lines.Count), Is.EqualTo((new Pfn(0x80100), new Pfn(0x80100), 1)));
    }

    [Test]
    public void Acpi_data_above_the_last_ram_raises_max_pfn_only_where_it_counts()
    {
        // e820__end_ram_pfn: 6.12 counts E820_TYPE_ACPI ranges as well as RAM, 6.1 RAM only.
        var t = T((0x100000, 2 * G, E820Type.Ram), (2 * G + 0x100000, M, E820Type.Acpi));
        Assert.That(t.EndOfRamPfn(new KernelLog()), Is.EqualTo(new Pfn(0x80100)));
        Assert.That(t.EndOfRamPfn(new KernelLog(), acpiDataCounts: true), Is.EqualTo(new Pfn(0x80200)));
    }

    [TestCase(E820Type.Ram, "usable")]
    [TestCase(E820Type.ReservedKern, "usable")]
    [TestCase(E820Type.Reserved, "reserved")]
    [TestCase(E820Type.SoftReserved, "soft reserved")]
    [TestCase(E820Type.Acpi, "ACPI data")]
    [TestCase(E820Type.Nvs, "ACPI NVS")]
    [TestCase(E820Type.Unusable, "unusable")]
    [TestCase(E820Type.Pmem, "persistent (type 7)")]
    [TestCase(E820Type.Pram, "persistent (type 12)")]
    [TestCase((E820Type)20, "type 20")]
    public void Type_names_as_the_kernel_prints_them(E820Type type, string name) =>
        Assert.That(E820TypeNames.KernelName(type), Is.EqualTo(name));

    [Test]
    public void Bios_lines_without_any_entry_are_an_error()
    {
        var e = Assert.Throws<InputException>(() => E820Table.ParseBiosLines("hello\nworld\n", "log.txt"));
        Assert.That(e!.OneLine, Does.StartWith("log.txt: no 'BIOS-e820:"));
    }

    [Test]
    public void Malformed_bios_line_names_its_line()
    {
        var e = Assert.Throws<InputException>(() => E820Table.ParseBiosLines("x\n[    0.000000] BIOS-e820: [mem 0x0-zz] usable\n", "log.txt"));
        Assert.That(e!.Location, Is.EqualTo("log.txt:2"));
    }

    [Test]
    public void Unknown_bios_type_names_its_line()
    {
        var e = Assert.Throws<InputException>(() => E820Table.ParseBiosLines("BIOS-e820: [mem 0x0-0xfff] banana\n", "log.txt"));
        Assert.That(e!.OneLine, Does.StartWith("log.txt:1: unknown e820 type 'banana'"));
    }

    [Test]
    public void Bios_lines_read_with_any_prefix_and_crlf() =>
        Assert.That(Of(E820Table.ParseBiosLines("<6>[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\r\nkernel: BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] type 20\r\n", "x")),
            Is.EqualTo(new[] { (0UL, 0x9fc00UL, E820Type.Ram), (0xf0000UL, 0x10000UL, (E820Type)20) }));
}
