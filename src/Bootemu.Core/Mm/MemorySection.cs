namespace Bootemu.Core.Mm;

/// <summary>
/// SPARSEMEM's memory sections on x86_64: SECTION_SIZE_BITS 27, so 128 MiB (32,768 pages) each. Sections are the unit
/// sparse_init marks present at boot and that memory blocks are made of after boot.
/// </summary>
public static class MemorySection
{
    /// <summary>PFN_SECTION_SHIFT: SECTION_SIZE_BITS − PAGE_SHIFT.</summary>
    public const int PfnSectionShift = 15;

    /// <summary>PAGES_PER_SECTION.</summary>
    public const ulong PagesPerSection = 1UL << PfnSectionShift;

    /// <summary>HPAGE_PMD_NR: the pages of one 2 MiB PMD mapping (a huge page, or a memmap chunk of one section).</summary>
    public const ulong PagesPerPmd = (2UL << 20) >> Pfn.PageShift;

    /// <summary>The section holding <paramref name="pfn"/>.</summary>
    public static ulong Of(Pfn pfn) => pfn.Value >> PfnSectionShift;

    /// <summary>The first pfn of section <paramref name="section"/>.</summary>
    public static Pfn Start(ulong section) => new(section << PfnSectionShift);
}
