using Bootemu.Core.Logging;

namespace Bootemu.Boot.Numa;

/// <summary>
/// acpi_parse_slit, slit_valid and acpi_numa_slit_init (drivers/acpi/numa/srat.c): a SLIT whose diagonal is not
/// all 10 or whose other entries are not all above 10 is refused with one line; a valid one sets the distance
/// of every pair of localities whose PXMs map to nodes.
/// </summary>
internal sealed class SlitParser(NumaState state, Memblock.Memblock memblock, KernelLog log)
{
    /// <summary>Offset of the u64 locality count, after the common ACPI header.</summary>
    private const int LocalityCountOffset = Bootemu.Acpi.Tables.AcpiTableHeader.Size;

    /// <summary>Offset of the first distance byte.</summary>
    private const int EntriesOffset = Bootemu.Acpi.Slit.Slit.HeaderSize;


    public void Parse(ReadOnlyMemory<byte> bytes)
    {
        var slit = new AcpiTableBytes(bytes, "SLIT");
        ulong count = slit.U64(LocalityCountOffset);
        ulong held = slit.End > EntriesOffset ? (ulong)(slit.End - EntriesOffset) : 0;
        if (count > 0 && count > held / count)
        {
            // The matrix runs past the bytes supplied. bootemu reads missing bytes as zero, and a zero distance is
            // invalid both on and off the diagonal, so slit_valid fails at the latest there.
            state.Notes.Add($"SLIT: locality count {count} needs {count}x{count} distance bytes but only {held} follow the header; bytes past them were read as zero");
            log.Info("ACPI: SLIT table looks invalid. Not used.");
            return;
        }
        if (slit.FirstReadPastEnd is { } past)
            state.Notes.Add($"SLIT: its Length ({slit.Length}) ends before the locality count at offset {LocalityCountOffset}: the count read from past the table was taken as zero, and a SLIT of no localities sets no distance");
        int n = (int)count;
        // count² <= held was checked above, so the whole matrix lies inside the table (a count of 0 needs no bytes).
        var matrix = n == 0 ? ReadOnlySpan<byte>.Empty : slit.Within(EntriesOffset, (long)n * n);

        if (!Bootemu.Acpi.Slit.Slit.KernelAcceptsMatrix(matrix, n))
        {
            log.Info("ACPI: SLIT table looks invalid. Not used.");
            return;
        }
        var nodeOf = new int[n];
        for (int i = 0; i < n; i++)
            nodeOf[i] = state.Pxm.NodeOf(i);
        Func<IEnumerable<int>> sizingNodes = SizingNodes;
        var maxPfnMapped = state.Input.MaxPfnMapped;
        for (int i = 0; i < n; i++)
        {
            int from = nodeOf[i];
            if (from == NumaConstants.NoNode)
                continue;
            var row = matrix.Slice(i * n, n);
            for (int j = 0; j < n; j++)
            {
                int to = nodeOf[j];
                if (to == NumaConstants.NoNode)
                    continue;
                state.Distance.Set(from, to, row[j], sizingNodes, memblock, maxPfnMapped, log);
            }
        }
    }

    /// <summary>numa_alloc_distance sizes the table by numa_nodes_parsed plus the nids in numa_meminfo.</summary>
    private IEnumerable<int> SizingNodes() => state.NodesParsed.Concat(state.Meminfo.Blocks.Select(b => b.Nid));
}
