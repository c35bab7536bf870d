using System.Globalization;

namespace Bootemu.Core;

/// <summary>Sizes for people: binary units, at most one decimal, exact where the value is whole.</summary>
public static class SizeText
{
    private static readonly string[] Units = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

    public static string Human(ulong bytes)
    {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < Units.Length - 1) { value /= 1024; unit++; }
        if (unit == 0) return bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
        string number = value == Math.Floor(value)
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.0", CultureInfo.InvariantCulture);
        return number + " " + Units[unit];
    }
}
