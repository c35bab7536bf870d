using Bootemu.Core.Logging;
using CsCheck;
using Bootemu.Machine.E820;

namespace Bootemu.Machine.Tests.E820;

/// <summary>
/// The e820 editors against a page-by-page model of the map: every page has the highest type of the
/// entries covering it (docs/linux-6.1-boot-memory.md §5.5), removal clears the pages of one type, update retypes them.
/// </summary>
public class E820PropertyTests
{
    private const int Pages = 64;
    private const ulong Page = 0x1000;
    private static readonly E820Type[] Types = { E820Type.Ram, E820Type.Reserved, E820Type.Acpi, E820Type.Nvs, E820Type.Unusable, E820Type.Pmem, E820Type.Pram, E820Type.ReservedKern, E820Type.SoftReserved };

    private static readonly Gen<E820Entry> GenEntry =
        Gen.Select(Gen.Int[0, Pages - 1], Gen.Int[0, 16], Gen.Int[0, Types.Length - 1])
            .Select((start, len, t) => new E820Entry((ulong)start * Page, (ulong)Math.Min(len, Pages - start) * Page, Types[t]));

    private static uint[] Model(IEnumerable<E820Entry> entries)
    {
        var pages = new uint[Pages];
        foreach (var e in entries)
            for (ulong a = e.Addr; a < e.End; a += Page)
                pages[a / Page] = Math.Max(pages[a / Page], (uint)e.Type);
        return pages;
    }

    private static bool NoMerge(E820Type t) => t is E820Type.Pram or E820Type.SoftReserved;

    [Test]
    public void Sanitized_map_gives_every_page_its_highest_type_merged_where_the_kernel_merges()
    {
        GenEntry.Array[2, 12].Sample(entries =>
        {
            var s = new E820Table(entries).Sanitize();
            Assert.That(Model(s.Entries), Is.EqualTo(Model(entries)));
            var boundaries = entries.Where(e => e.Size > 0).SelectMany(e => new[] { e.Addr, e.End }).ToHashSet();
            for (int i = 0; i < s.Count; i++)
            {
                Assert.That(s[i].Size, Is.GreaterThan(0UL));
                if (i == 0) continue;
                Assert.That(s[i].Addr, Is.GreaterThanOrEqualTo(s[i - 1].End), "sorted, no overlap");
                if (s[i].Addr == s[i - 1].End && s[i].Type == s[i - 1].Type)
                    Assert.That(NoMerge(s[i].Type) && boundaries.Contains(s[i].Addr), Is.True, "touching same-type entries only for PRAM/soft reserved at an input boundary");
            }
            foreach (var e in s.Entries.Where(e => NoMerge(e.Type)))
                Assert.That(boundaries.Contains(e.Addr) && boundaries.Contains(e.End), Is.True, "persistent entries start and end at input boundaries");
        }, iter: 2000, threads: 1);
    }

    [Test]
    public void Remove_clears_the_pages_of_its_type_in_the_range()
    {
        Gen.Select(GenEntry.Array[2, 10], Gen.Int[0, Pages - 1], Gen.Int[1, Pages], Gen.Int[0, Types.Length - 1]).Sample((entries, start, len, t) =>
        {
            var table = new E820Table(entries).Sanitize();
            var before = Model(table.Entries);
            var after = table.RemoveRange((ulong)start * Page, (ulong)len * Page, Types[t], new KernelLog()).Entries;
            var expected = before.Select((type, p) => p >= start && p < start + len && type == (uint)Types[t] ? 0u : type).ToArray();
            Assert.That(Model(after), Is.EqualTo(expected));
        }, iter: 2000, threads: 1);
    }

    [Test]
    public void Update_retypes_the_pages_of_its_old_type_in_the_range()
    {
        Gen.Select(GenEntry.Array[2, 10], Gen.Int[0, Pages - 1], Gen.Int[1, Pages], Gen.Int[0, Types.Length - 1]).Sample((entries, start, len, t) =>
        {
            var table = new E820Table(entries).Sanitize();
            var before = Model(table.Entries);
            var (from, to) = (Types[t], Types[(t + 1) % Types.Length]);
            var after = table.UpdateRange((ulong)start * Page, (ulong)len * Page, from, to, new KernelLog()).Entries;
            var expected = before.Select((type, p) => p >= start && p < start + len && type == (uint)from ? (uint)to : type).ToArray();
            // The model takes the highest type per page, so compare retyped pages on a map without overlaps.
            Assert.That(PerPage(after), Is.EqualTo(expected));
        }, iter: 2000, threads: 1);
    }

    /// <summary>The type of each page in a map whose entries do not overlap (0 where none).</summary>
    private static uint[] PerPage(IEnumerable<E820Entry> entries)
    {
        var pages = new uint[Pages];
        foreach (var e in entries)
            for (ulong a = e.Addr; a < e.End; a += Page)
            {
                Assert.That(pages[a / Page], Is.EqualTo(0u), "entries overlap after update");
                pages[a / Page] = (uint)e.Type;
            }
        return pages;
    }
}
