using System.Buffers.Binary;
using System.Collections.Immutable;
using Bootemu.Acpi.Tables;
using Bootemu.Core;

namespace Bootemu.Acpi.Slit;

/// <summary>
/// The System Locality Information Table (ACPI 6.5 §5.2.17): after the header, a u64 locality count N at offset 36
/// and an N×N matrix of one-byte relative distances at offset 44, row-major (row i holds the distances from
/// locality i). The kernel (<c>acpi_numa_slit_init</c>) uses it only when <see cref="KernelAccepts"/>.
/// </summary>
public sealed record Slit(AcpiTableHeader Header, int LocalityCount, ImmutableArray<byte> Distances)
{
    public const string Signature = "SLIT";
    public const int HeaderSize = 44;
    public const byte LocalDistance = Bootemu.Core.Mm.NumaNodes.LocalDistance;

    /// <summary>
    /// Bytes the Length field covers after the distance matrix, kept so the table is written back exactly. The
    /// kernel reads only the matrix: real firmware ships SLITs sized for more localities than they list (three X299
    /// boards: 1 locality, Length 108, 63 zero bytes after the matrix).
    /// </summary>
    public ImmutableArray<byte> Trailing { get; init; } = ImmutableArray<byte>.Empty;

    /// <summary>Where <see cref="Trailing"/> begins: right after the matrix.</summary>
    public int TrailingOffset => HeaderSize + Distances.Length;

    /// <summary>The distance from locality <paramref name="from"/> to <paramref name="to"/>.</summary>
    public byte Distance(int from, int to) => Distances[from * LocalityCount + to];

    /// <summary>Byte offset in the table of the distance from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static int OffsetOf(int localityCount, int from, int to) => HeaderSize + from * localityCount + to;

    /// <summary>
    /// The kernel's <c>slit_valid</c>: every diagonal entry is exactly 10 and every other entry is more than 10.
    /// Otherwise it prints "ACPI: SLIT table looks invalid. Not used." and keeps its default distances.
    /// </summary>
    public bool KernelAccepts => KernelAcceptsMatrix(Distances.AsSpan(), LocalityCount);

    /// <summary><c>slit_valid</c> over a raw row-major <paramref name="n"/> x <paramref name="n"/> distance matrix.</summary>
    public static bool KernelAcceptsMatrix(ReadOnlySpan<byte> matrix, int n)
    {
        for (int i = 0; i < n; i++)
        {
            var row = matrix.Slice(i * n, n);
            for (int j = 0; j < n; j++)
                if (i == j ? row[j] != LocalDistance : row[j] <= LocalDistance) return false;
        }
        return true;
    }

    public static Slit Decode(ReadOnlySpan<byte> data) => Read(data).Table;

    /// <summary>
    /// Strict read (decode): a Length that disagrees with the data, or too small for the matrix of its locality
    /// count, is an error. Its diagnostics are a checksum mismatch (the kernel only warns about it) and a note
    /// about bytes after the matrix (<see cref="Trailing"/>).
    /// </summary>
    public static AcpiReadResult<Slit> Read(ReadOnlySpan<byte> data) => ReadCore(data, strict: true);

    /// <summary>Reads as much of the matrix as the data holds; structural problems become warnings.</summary>
    public static AcpiReadResult<Slit> ReadLenient(ReadOnlySpan<byte> data) => ReadCore(data, strict: false);

    private static AcpiReadResult<Slit> ReadCore(ReadOnlySpan<byte> data, bool strict)
    {
        var findings = new List<AcpiDiagnostic>();
        var (header, length) = AcpiTableCodec.ReadHeader(data, Signature, HeaderSize, findings, strict);
        if (length < HeaderSize)
        {
            string message = $"Length field is {length}, smaller than the {HeaderSize}-byte SLIT header (the locality count is missing)";
            if (strict) throw InputException.AtOffset(4, message);
            return new AcpiReadResult<Slit>(new Slit(header, 0, ImmutableArray<byte>.Empty), findings);
        }
        var table = data[..length];
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(table[36..]);
        ulong room = (ulong)(length - HeaderSize);
        bool fits = count <= room && count * count <= room;
        if (!fits)
        {
            string message = $"locality count {count} needs a {count}×{count} matrix, but the table holds only {room} bytes after offset {HeaderSize}";
            if (strict) throw InputException.AtOffset(36, message);
            findings.Add(new AcpiDiagnostic(AcpiFindingId.SlitMatrixBeyondTable, 36, message));
        }
        int n = fits ? (int)count : (int)Math.Sqrt(room);
        int matrixEnd = HeaderSize + n * n;
        var trailing = ImmutableArray<byte>.Empty;
        if (fits && matrixEnd < length)
        {
            trailing = ImmutableArray.Create(table[matrixEnd..]);
            findings.Add(new AcpiDiagnostic(AcpiFindingId.SlitBytesAfterMatrix, matrixEnd,
                $"{trailing.Length} bytes after the {n}×{n} distance matrix: Length is {length}, {n} {(n == 1 ? "locality needs" : "localities need")} {matrixEnd}; the kernel reads only the matrix"));
        }
        var slit = new Slit(header, n, ImmutableArray.Create(table.Slice(HeaderSize, n * n))) { Trailing = trailing };
        return new AcpiReadResult<Slit>(slit, findings);
    }

    /// <summary>The exact table bytes (header, locality count, matrix, <see cref="Trailing"/>), Length and checksum computed.</summary>
    public byte[] Encode()
    {
        if (Distances.Length != LocalityCount * LocalityCount)
            throw new ArgumentException($"{LocalityCount} localities need {LocalityCount * LocalityCount} distances, found {Distances.Length}");
        var table = new byte[HeaderSize + Distances.Length + Trailing.Length];
        AcpiTableCodec.WriteHeader(table, Header);
        BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(36), (ulong)LocalityCount);
        Distances.AsSpan().CopyTo(table.AsSpan(HeaderSize));
        Trailing.AsSpan().CopyTo(table.AsSpan(TrailingOffset));
        AcpiTableCodec.Seal(table, Header.Checksum);
        return table;
    }

    /// <summary>A table from a square matrix given row by row.</summary>
    public static Slit Create(AcpiTableHeader header, IReadOnlyList<IReadOnlyList<byte>> rows)
    {
        var flat = ImmutableArray.CreateBuilder<byte>(rows.Count * rows.Count);
        foreach (var row in rows)
        {
            if (row.Count != rows.Count) throw new ArgumentException($"a SLIT row has {row.Count} distances, expected {rows.Count}");
            flat.AddRange(row);
        }
        return new Slit(header with { Length = (uint)(HeaderSize + flat.Count) }, rows.Count, flat.MoveToImmutable());
    }
}
