using System.Globalization;

namespace Bootemu.Tests.Shared;

/// <summary>
/// The pc-dimms of a QEMU command line (<c>-device pc-dimm,memdev=ID,node=N</c> with
/// <c>-object memory-backend-ram,id=ID,size=S</c>), with the place QEMU gives them: one after another from the start of
/// its device memory region, the first 1 GiB boundary above the highest RAM.
/// </summary>
public static class QemuDimms
{
    public static IReadOnlyList<(ulong Base, ulong Size, int? Node)> Of(string qemuArgs, ulong ramEnd)
    {
        var args = qemuArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var backends = new Dictionary<string, ulong>();
        var dimms = new List<(string Memdev, string? Node)>();
        for (int i = 0; i + 1 < args.Length; i++)
        {
            var fields = args[i + 1].Split(',').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f.Length > 1 ? f[1] : "");
            if (args[i] == "-object" && fields.ContainsKey("memory-backend-ram"))
                backends[fields["id"]] = ParseSize(fields["size"]);
            else if (args[i] == "-device" && fields.ContainsKey("pc-dimm"))
                dimms.Add((fields["memdev"], fields.GetValueOrDefault("node")));
        }
        ulong next = (ramEnd + (1UL << 30) - 1) & ~((1UL << 30) - 1);
        var result = new List<(ulong, ulong, int?)>();
        foreach (var (memdev, node) in dimms)
        {
            ulong size = backends[memdev];
            result.Add((next, size, node is null ? null : int.Parse(node, CultureInfo.InvariantCulture)));
            next += size;
        }
        return result;
    }

    /// <summary>A QEMU size: a number with an optional K, M, G or T suffix.</summary>
    public static ulong ParseSize(string text)
    {
        int shift = char.ToUpperInvariant(text[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        return ulong.Parse(shift == 0 ? text : text[..^1], CultureInfo.InvariantCulture) << shift;
    }
}
