using System.Globalization;
using Bootemu.Core;
using Bootemu.Machine.Live;

namespace Bootemu.Cli;

/// <summary>One zone as the live machine's /proc/zoneinfo shows it; StartPfn is null where the kernel prints none (an unpopulated zone).</summary>
internal sealed record LiveZone(int Nid, string Zone, ulong Spanned, ulong Present, ulong? StartPfn);

/// <summary>One memory block as the live machine's /sys/devices/system/memory/memoryN shows it.</summary>
internal sealed record LiveBlock(long Id, string? State, string? ValidZones, string Nodes);

/// <summary>
/// What a live machine shows of the layout its kernel decided at boot, read from under its root (<see cref="LiveLayout"/>):
/// the zones of /proc/zoneinfo, the memory block devices and the node masks (file name to its text). Each is null
/// when the machine (or the copy) lacks it.
/// </summary>
internal sealed record LiveObservation(IReadOnlyList<LiveZone>? Zones, string? BlockSizeBytes, IReadOnlyList<LiveBlock>? Blocks,
    IReadOnlyDictionary<string, string?>? NodeMasks)
{
    public static LiveObservation Read(string root, IEnumerable<string> maskFiles)
    {
        string zoneinfo = LiveLayout.PathOf(root, LiveLayout.Zoneinfo);
        string memory = LiveLayout.PathOf(root, LiveLayout.MemoryBlocks);
        string nodes = LiveLayout.PathOf(root, LiveLayout.Nodes);
        return new LiveObservation(
            File.Exists(zoneinfo) ? ParseZoneinfo(InputFile.ReadText(zoneinfo), zoneinfo) : null,
            OptionalText(Path.Combine(memory, "block_size_bytes")),
            Directory.Exists(memory) ? ReadBlocks(memory) : null,
            Directory.Exists(nodes) ? maskFiles.ToDictionary(f => f, f => OptionalText(Path.Combine(nodes, f))) : null);
    }

    /// <summary>
    /// The zone headers (<c>Node N, zone NAME</c>) and each zone's first <c>spanned</c>, <c>present</c> and
    /// <c>start_pfn:</c> lines; every other line is left alone.
    /// </summary>
    internal static IReadOnlyList<LiveZone> ParseZoneinfo(string text, string source)
    {
        var zones = new List<LiveZone>();
        (int Nid, string Zone)? current = null;
        ulong? spanned = null, present = null, start = null;
        void Flush()
        {
            if (current is { } z) zones.Add(new LiveZone(z.Nid, z.Zone, spanned ?? 0, present ?? 0, start));
            spanned = present = start = null;
        }
        int lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.Trim();
            string where = $"{source}:{lineNumber}";
            if (line.StartsWith("Node ", StringComparison.Ordinal))
            {
                Flush();
                int comma = line.IndexOf(',');
                string[] zone = comma < 0 ? [] : line[(comma + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (comma < 0 || zone.Length != 2 || zone[0] != "zone" || !int.TryParse(line[5..comma], NumberStyles.None, CultureInfo.InvariantCulture, out int nid))
                    throw new InputException(where, $"expected 'Node N, zone NAME', found {InputText.Quote(line)}");
                current = (nid, zone[1]);
            }
            else if (current is not null)
            {
                string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length != 2) continue;
                switch (words[0])
                {
                    case "spanned": spanned ??= Count(words[1], where); break;
                    case "present": present ??= Count(words[1], where); break;
                    case "start_pfn:": start ??= Count(words[1], where); break;
                }
            }
        }
        Flush();
        return zones;
    }

    private static ulong Count(string text, string where) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new InputException(where, $"expected a page count, found {InputText.Quote(text)}");

    /// <summary>Every memoryN folder: its state and valid_zones files and the nodeN links (a copy may hold them as plain files).</summary>
    private static IReadOnlyList<LiveBlock> ReadBlocks(string memory)
    {
        var blocks = new List<LiveBlock>();
        foreach (var dir in Directory.EnumerateDirectories(memory))
        {
            string name = Path.GetFileName(dir);
            if (!name.StartsWith("memory", StringComparison.Ordinal)
                || !long.TryParse(name.AsSpan("memory".Length), NumberStyles.None, CultureInfo.InvariantCulture, out long id)) continue;
            var nodes = Directory.EnumerateFileSystemEntries(dir)
                .Select(Path.GetFileName)
                .Select(n => n is not null && n.StartsWith("node", StringComparison.Ordinal)
                             && int.TryParse(n.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int nid) ? nid : -1)
                .Where(nid => nid >= 0)
                .Order();
            blocks.Add(new LiveBlock(id, OptionalText(Path.Combine(dir, "state")), OptionalText(Path.Combine(dir, "valid_zones")), string.Join(",", nodes)));
        }
        return blocks.OrderBy(b => b.Id).ToList();
    }

    private static string? OptionalText(string path) => File.Exists(path) ? InputFile.ReadText(path).Trim() : null;
}
