using System.Buffers.Binary;

namespace Bootemu.Tests.Shared;

/// <summary>
/// The real firmware tables under tests/realhw (see its README), and the variants tests build from them. Only the
/// base class library is used here: every test project compiles this file.
/// </summary>
public static class RealHardware
{
    /// <summary>Supermicro X10DAi: 192 local APIC and 33 memory entries, most of them disabled placeholders.</summary>
    public const string X10DAi = "lhw_Supermicro_X10_X10DAi_4A64A6094FE3";

    /// <summary>HP ProLiant DL165 G7.</summary>
    public const string DL165G7 = "lhw_Hewlett_Packard_ProLiant_ProLiant_DL165_G7_1979FBF2D488";

    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "realhw");

    public static byte[] Srat(string machine) => File.ReadAllBytes(Path.Combine(Folder, machine + ".srat.bin"));

    public static byte[] Slit(string machine) => File.ReadAllBytes(Path.Combine(Folder, machine + ".slit.bin"));

    public static string AcpiDumpPath(string machine) => Path.Combine(Folder, machine + ".acpidump.txt");

    /// <summary>
    /// The X10DAi SRAT grown to 9048 bytes with zeros, the way a Dell Precision 5810's first SRAT is sized for more
    /// entries than it holds: the zeros read as a subtable of type 0 and length 0 at 0x1158, right after the last
    /// real entry.
    /// </summary>
    public static byte[] SratWithZeroPadding() => Resized(Srat(X10DAi), 9048);

    /// <summary>
    /// <paramref name="table"/> with the creator ID bytes D2 04 00 00 that HP ProLiant DL360 G7 and DL380e Gen8
    /// tables carry (not text: no iasl listing can hold them), checksum set to match.
    /// </summary>
    public static byte[] WithHpCreatorId(byte[] table)
    {
        byte[] t = (byte[])table.Clone();
        new byte[] { 0xd2, 0x04, 0, 0 }.CopyTo(t, 28);
        return Sealed(t);
    }

    /// <summary><paramref name="table"/> cut or zero-extended to <paramref name="length"/> bytes, with Length and checksum set to match.</summary>
    public static byte[] Resized(byte[] table, int length)
    {
        var t = new byte[length];
        table.AsSpan(0, Math.Min(length, table.Length)).CopyTo(t);
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), (uint)length);
        return Sealed(t);
    }

    /// <summary><paramref name="table"/> with its checksum byte set so that all its bytes sum to zero.</summary>
    public static byte[] Sealed(byte[] table)
    {
        table[9] = 0;
        byte sum = 0;
        foreach (byte b in table) sum += b;
        table[9] = (byte)(0 - sum);
        return table;
    }
}
