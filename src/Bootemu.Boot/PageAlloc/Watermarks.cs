using Bootemu.Boot.Kernel;
using Bootemu.Boot.Model;

namespace Bootemu.Boot.PageAlloc;

/// <summary>
/// One zone of an online node as the watermark code reads it: its present and managed pages, the CPUs of its node
/// (cpumask_of_node, which the pageset high is shared by), and the high watermark the previous computation left (0 at
/// boot), which calculate_min_free_kbytes counts against.
/// </summary>
public readonly record struct WatermarkZone(int Nid, ZoneType Zone, ulong Present, ulong Managed, int NodeCpus = 0, ulong PreviousHigh = 0);

/// <summary>
/// The zone watermarks and lowmem_reserve (mm/page_alloc.c, mm/khugepaged.c), as the kernel sets them at boot
/// (init_per_zone_wmark_min as a postcore initcall, then hugepage_init's set_recommended_min_free_kbytes) and again
/// after every memory online or offline:
/// - min_free_kbytes = sqrt(16 × the kilobytes above the high watermarks of DMA..Normal), clamped to [128, 262144];
/// - khugepaged raises it to 11 pageblocks per populated DMA..Normal zone, at most 5 % of those pages (THP is on in
///   both Debian builds);
/// - each zone gets min_free_kbytes' share by managed pages (see <see cref="KernelModel.MovableWatermarksCapped"/>),
///   low and high one and two steps above min, a step being the larger of min/4 and managed × 10/10000
///   (watermark_scale_factor 10), promo a third step;
/// - lowmem_reserve against each higher zone of the node: their managed pages over the ratio (256 for DMA and DMA32,
///   32 for Normal, none for Movable), 0 for an unmanaged zone;
/// - zone_pcp_update and refresh_zone_stat_thresholds, which run in the same pass: the pagesets' batch and high and the
///   vm stats threshold.
/// At boot no zone has watermarks yet when min_free_kbytes is first computed; after a memory online or offline the
/// previous high watermarks count (<see cref="WatermarkZone.PreviousHigh"/>).
/// </summary>
public static class Watermarks
{
    private const ulong PageblockPages = 512;      // pageblock_order 9 (HUGETLB_PAGE)
    private const ulong MigratePcpTypes = 3;
    private const ulong WatermarkScaleFactor = 10; // of 10000
    private const ulong SwapClusterMax = 32;
    private static readonly ulong[] LowmemReserveRatio = [256, 256, 32, 0, 0];

    /// <summary>
    /// The watermarks of every given zone (the zones of all online nodes), in the order given, with
    /// <paramref name="onlineCpus"/> CPUs online.
    /// </summary>
    public static IReadOnlyList<ZoneWatermarks> Compute(IReadOnlyList<WatermarkZone> zones, KernelModel kernel, int onlineCpus)
    {
        var previous = new (ulong Min, ulong Low, ulong High)[zones.Count];
        for (int i = 0; i < zones.Count; i++) previous[i] = (0, 0, zones[i].PreviousHigh);
        ulong minFreeKbytes = Math.Clamp(ISqrt(FreeBufferPages(zones, previous) * 4 * 16), 128UL, 262144UL);
        var marks = PerZone(zones, minFreeKbytes, kernel);

        ulong kernelZones = 0;
        foreach (var z in zones)
            if (z.Present != 0 && z.Zone <= ZoneType.Normal) kernelZones++;
        ulong recommended = PageblockPages * kernelZones * (2 + MigratePcpTypes * MigratePcpTypes);
        recommended = Math.Min(recommended, FreeBufferPages(zones, marks) / 20) * 4;
        if (recommended > minFreeKbytes) marks = PerZone(zones, recommended, kernel);

        var result = new ZoneWatermarks[zones.Count];
        for (int i = 0; i < zones.Count; i++)
        {
            ulong step = marks[i].Low - marks[i].Min;
            ulong batch = PcpBatch(zones[i].Managed);
            int splitCpus = zones[i].NodeCpus != 0 ? zones[i].NodeCpus : Math.Max(onlineCpus, 1);
            result[i] = new ZoneWatermarks(marks[i].Min, marks[i].Low, marks[i].High, marks[i].High + step, Protection(zones, zones[i]))
            {
                PcpBatch = batch,
                PcpHigh = Math.Max(marks[i].Low / (ulong)splitCpus, batch << 2),
                StatThreshold = StatThreshold(zones[i].Managed, onlineCpus),
            };
        }
        return result;
    }

    /// <summary>
    /// zone_batchsize: a quarter of the smaller of managed/1024 and 1 MiB of pages (at least 1), grown by half and
    /// clamped to the power of two at or below, less one; zone_set_pageset_high_and_batch makes it at least 1.
    /// </summary>
    private static ulong PcpBatch(ulong managed)
    {
        ulong batch = Math.Max(Math.Min(managed >> 10, (1UL << 20) >> Core.Pfn.PageShift) / 4, 1);
        ulong grown = batch + batch / 2;
        ulong powerOfTwoBelow = 1UL << (63 - System.Numerics.BitOperations.LeadingZeroCount(grown));
        return Math.Max(powerOfTwoBelow - 1, 1);
    }

    /// <summary>calculate_normal_threshold: 2 × fls(online CPUs) × (1 + fls(managed in 128 MiB units)), at most 125.</summary>
    private static ulong StatThreshold(ulong managed, int onlineCpus)
    {
        static ulong Fls(ulong x) => x == 0 ? 0 : (ulong)(64 - System.Numerics.BitOperations.LeadingZeroCount(x));
        ulong units = managed >> (27 - Core.Pfn.PageShift);
        return Math.Min(125, 2 * Fls((ulong)Math.Max(onlineCpus, 1)) * (1 + Fls(units)));
    }

    /// <summary>__setup_per_zone_wmarks for one min_free_kbytes.</summary>
    private static (ulong Min, ulong Low, ulong High)[] PerZone(IReadOnlyList<WatermarkZone> zones, ulong minFreeKbytes, KernelModel kernel)
    {
        bool Capped(WatermarkZone z) => kernel.MovableWatermarksCapped && z.Zone == ZoneType.Movable;
        ulong pagesMin = minFreeKbytes >> 2;
        ulong lowmem = 0;
        foreach (var z in zones)
            if (!Capped(z)) lowmem += z.Managed;
        var marks = new (ulong, ulong, ulong)[zones.Count];
        for (int i = 0; i < zones.Count; i++)
        {
            var z = zones[i];
            ulong share = lowmem == 0 ? 0 : (ulong)((UInt128)pagesMin * z.Managed / lowmem);
            ulong min = Capped(z) ? Math.Clamp(z.Managed / 1024, SwapClusterMax, 128UL) : share;
            ulong step = Math.Max(share >> 2, z.Managed * WatermarkScaleFactor / 10000);
            marks[i] = (min, min + step, min + 2 * step);
        }
        return marks;
    }

    /// <summary>nr_free_buffer_pages: the managed pages above the high watermark in DMA..Normal of every node.</summary>
    private static ulong FreeBufferPages(IReadOnlyList<WatermarkZone> zones, (ulong Min, ulong Low, ulong High)[] marks)
    {
        ulong sum = 0;
        for (int i = 0; i < zones.Count; i++)
            if (zones[i].Zone <= ZoneType.Normal && zones[i].Managed > marks[i].High) sum += zones[i].Managed - marks[i].High;
        return sum;
    }

    /// <summary>setup_per_zone_lowmem_reserve for one zone: against each zone type of its node.</summary>
    private static ulong[] Protection(IReadOnlyList<WatermarkZone> zones, WatermarkZone zone)
    {
        var protection = new ulong[ZoneTypes.Count];
        ulong ratio = LowmemReserveRatio[(int)zone.Zone];
        if (ratio == 0 || zone.Managed == 0 || (int)zone.Zone == ZoneTypes.Count - 1) return protection;
        // The managed pages of each zone type of the node, then their running sums from the zone up.
        Span<ulong> managed = stackalloc ulong[ZoneTypes.Count];
        foreach (var z in zones)
            if (z.Nid == zone.Nid) managed[(int)z.Zone] += z.Managed;
        ulong above = 0;
        for (int j = (int)zone.Zone + 1; j < ZoneTypes.Count; j++)
        {
            above += managed[j];
            protection[j] = above / ratio;
        }
        return protection;
    }

    /// <summary>int_sqrt: the integer square root, rounded down.</summary>
    private static ulong ISqrt(ulong x)
    {
        ulong r = (ulong)Math.Sqrt(x);
        while (r * r > x) r--;
        while ((r + 1) * (r + 1) <= x) r++;
        return r;
    }
}
