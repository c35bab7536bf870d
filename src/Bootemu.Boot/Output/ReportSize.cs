using System.Globalization;
using Bootemu.Core;

namespace Bootemu.Boot.Output;

/// <summary>
/// The one rule the boot text report writes every size by: binary units (KiB, MiB, GiB, TiB, ...), the largest in
/// which the size is at least 1; rounded to one decimal, and the decimal left out when it is 0, so a whole size is
/// written as it is ("30 GiB", "264 KiB") and every other size to a tenth of its unit ("15.6 MiB", "170.4 KiB"); under
/// 1 KiB, exact bytes ("4 bytes"). Page counts are shown as the bytes they hold. (The JSON outputs keep the words of
/// <see cref="SizeText.Human"/>, whose "4.0 GiB" marks a size just under a whole one.)
/// </summary>
public static class ReportSize
{
    private static readonly string[] Units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    public static string Of(ulong bytes)
    {
        if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < Units.Length - 1) { value /= 1024; unit++; }
        double rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        // 1023.96 MiB rounds to 1024.0: that is 1 GiB.
        if (rounded >= 1024 && unit < Units.Length - 1) { rounded = Math.Round(value / 1024, 1, MidpointRounding.AwayFromZero); unit++; }
        return rounded.ToString("0.#", CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    /// <summary>A count of pages as the bytes they hold.</summary>
    public static string OfPages(ulong pages) => Of(pages << Pfn.PageShift);
}
