using System.Buffers.Binary;
using System.Text;

namespace Bootemu.Fuzz.Engine;

/// <summary>
/// AFL's havoc stage: a stack of 1 to 32 random edits on a copy of a corpus entry. Besides the byte-level edits
/// (bit flips, interesting 8/16/32/64-bit values in either byte order, small arithmetic, block delete, insert,
/// copy and overwrite, splicing with another entry) it inserts and overwrites with the target's dictionary words,
/// rewrites a decimal or hex number in text with an interesting one, and for ACPI tables sets a header's Length
/// field to the bytes that follow it (without which nearly every insertion or deletion would be refused at the header).
/// </summary>
internal sealed class Mutator
{
    private static readonly long[] Interesting =
    {
        -128, -1, 0, 1, 16, 32, 64, 100, 127, 128, 255, 256, 512, 1000, 1024, 4096, 32767, 32768, 65535, 65536,
        100663296, 2147483647, 2147483648, 4294967295, 4294967296, 1L << 40, 1L << 47, 1L << 48, 1L << 52, 1L << 56,
        long.MaxValue, long.MinValue,
    };

    private static readonly string[] InterestingText =
    {
        "0", "1", "-1", "2", "7", "8", "63", "64", "255", "256", "1023", "1024", "1025", "4095", "4096", "65535", "65536",
        "2147483647", "2147483648", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808",
        "18446744073709551615", "18446744073709551616", "99999999999999999999999",
        "0x0", "0x1", "0xfff", "0x1000", "0xffffffff", "0x100000000", "0x10000000000000", "0xfffffffffffff",
        "0x7fffffffffffffff", "0x8000000000000000", "0xffffffffffffffff", "0x10000000000000000",
        "1K", "4K", "1M", "2M", "128M", "1G", "4G", "1T", "4P", "16E", "1E", "1%", "50%", "100%", "101%",
    };

    private readonly Random _random;
    private readonly byte[][] _dictionary;
    private readonly bool _acpiLength;
    private readonly int _maxLength;

    public Mutator(Random random, IEnumerable<string> dictionary, bool acpiLength, int maxLength)
    {
        _random = random;
        // Latin-1: a word's characters up to U+00FF are its bytes, so binary words ("\x01\x28") stay one byte each.
        _dictionary = dictionary.Concat(InterestingText).Select(Encoding.Latin1.GetBytes).ToArray();
        _acpiLength = acpiLength;
        _maxLength = maxLength;
    }

    /// <summary>A mutated copy of <paramref name="input"/>, at most the maximum length (or the input's own length, if longer).</summary>
    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus)
    {
        int limit = Math.Max(_maxLength, input.Length);
        var data = new List<byte>(input);
        int edits = 1 << _random.Next(6);
        for (int e = 0; e < edits; e++) Edit(data, corpus, limit);
        if (data.Count > limit) data.RemoveRange(limit, data.Count - limit);
        return data.ToArray();
    }

    private void Edit(List<byte> d, IReadOnlyList<byte[]> corpus, int limit)
    {
        switch (_random.Next(_acpiLength ? 17 : 16))
        {
            case 0 when d.Count > 0: { int i = Pos(d); d[i] ^= (byte)(1 << _random.Next(8)); break; }
            case 1 when d.Count > 0: d[Pos(d)] = (byte)Interesting[_random.Next(Interesting.Length)]; break;
            case 2 when d.Count > 0: d[Pos(d)] = (byte)_random.Next(256); break;
            case 3 when d.Count > 0: { int i = Pos(d); d[i] = (byte)(d[i] + _random.Next(-35, 36)); break; }
            case 4: WriteInteresting(d, 2); break;
            case 5: WriteInteresting(d, 4); break;
            case 6: WriteInteresting(d, 8); break;
            case 7: AddToWord(d); break;
            case 8 when d.Count > 1: { int len = BlockLength(d.Count); d.RemoveRange(_random.Next(d.Count - len + 1), len); break; }
            case 9 when d.Count > 0 && d.Count < limit:
            {
                int len = Math.Min(BlockLength(d.Count), limit - d.Count);
                int from = _random.Next(d.Count - len + 1);
                var block = _random.Next(4) == 0
                    ? Enumerable.Repeat((byte)(_random.Next(2) == 0 ? d[from] : _random.Next(256)), len).ToArray()
                    : d.GetRange(from, len).ToArray();
                d.InsertRange(_random.Next(d.Count + 1), block);
                break;
            }
            case 10 when d.Count > 1:
            {
                int len = BlockLength(d.Count);
                var block = d.GetRange(_random.Next(d.Count - len + 1), len);
                int to = _random.Next(d.Count - len + 1);
                for (int i = 0; i < len; i++) d[to + i] = block[i];
                break;
            }
            case 11: case 12:
            {
                var word = _dictionary[_random.Next(_dictionary.Length)];
                if (_random.Next(2) == 0 || d.Count < word.Length) d.InsertRange(_random.Next(d.Count + 1), word);
                else { int at = _random.Next(d.Count - word.Length + 1); for (int i = 0; i < word.Length; i++) d[at + i] = word[i]; }
                break;
            }
            case 13: ReplaceNumber(d); break;
            case 14 when corpus.Count > 1: Splice(d, corpus[_random.Next(corpus.Count)]); break;
            case 15 when d.Count > 0:
            {
                // Text formats break on lines: duplicate or drop a whole line.
                var (start, end) = LineAround(d, Pos(d));
                if (_random.Next(2) == 0) d.RemoveRange(start, end - start);
                else d.InsertRange(start, d.GetRange(start, end - start));
                break;
            }
            case 16: FixAcpiLength(d); break;
        }
    }

    private int Pos(List<byte> d) => _random.Next(d.Count);

    // Small blocks are far more likely than large ones, as in AFL.
    private int BlockLength(int count)
    {
        int max = _random.Next(4) switch { 0 => count, 1 => Math.Min(count, 128), _ => Math.Min(count, 16) };
        return 1 + _random.Next(Math.Max(1, max));
    }

    private void WriteInteresting(List<byte> d, int width)
    {
        if (d.Count < width) return;
        int at = _random.Next(d.Count - width + 1);
        long v = Interesting[_random.Next(Interesting.Length)];
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, v);
        bool bigEndian = _random.Next(2) == 0;
        for (int i = 0; i < width; i++) d[at + i] = bigEndian ? bytes[width - 1 - i] : bytes[i];
    }

    private void AddToWord(List<byte> d)
    {
        int width = 1 << (1 + _random.Next(3));
        if (d.Count < width) return;
        int at = _random.Next(d.Count - width + 1);
        ulong value = 0;
        for (int i = 0; i < width; i++) value |= (ulong)d[at + i] << (8 * i);
        value += (ulong)(long)_random.Next(-35, 36);
        for (int i = 0; i < width; i++) d[at + i] = (byte)(value >> (8 * i));
    }

    /// <summary>Replaces a run of digits (with an optional 0x) by an interesting number, as text.</summary>
    private void ReplaceNumber(List<byte> d)
    {
        if (d.Count == 0) return;
        int start = Pos(d);
        while (start < d.Count && !IsDigit(d[start])) start++;
        if (start == d.Count) return;
        int end = start;
        while (end < d.Count && (IsHexDigit(d[end]) || d[end] is (byte)'x' or (byte)'X')) end++;
        var number = Encoding.ASCII.GetBytes(InterestingText[_random.Next(InterestingText.Length)]);
        d.RemoveRange(start, end - start);
        d.InsertRange(start, number);
    }

    private void Splice(List<byte> d, byte[] other)
    {
        if (other.Length == 0 || d.Count == 0) return;
        int cut = Pos(d);
        int from = _random.Next(other.Length);
        d.RemoveRange(cut, d.Count - cut);
        d.AddRange(other.AsSpan(from).ToArray());
    }

    private static (int Start, int End) LineAround(List<byte> d, int at)
    {
        int start = at, end = at;
        while (start > 0 && d[start - 1] != '\n') start--;
        while (end < d.Count && d[end] != '\n') end++;
        return (start, Math.Min(d.Count, end + 1));
    }

    /// <summary>
    /// Sets the Length field of one ACPI table header in the input (a "SRAT" or "SLIT" signature) to the bytes from
    /// it to the next such signature or the end.
    /// </summary>
    private void FixAcpiLength(List<byte> d)
    {
        var starts = new List<int>();
        for (int i = 0; i + 8 <= d.Count; i++)
            if (d[i] == 'S' && ((d[i + 1] == 'R' && d[i + 2] == 'A' && d[i + 3] == 'T') || (d[i + 1] == 'L' && d[i + 2] == 'I' && d[i + 3] == 'T')))
                starts.Add(i);
        if (starts.Count == 0) return;
        int k = _random.Next(starts.Count);
        uint length = (uint)((k + 1 < starts.Count ? starts[k + 1] : d.Count) - starts[k]);
        for (int i = 0; i < 4; i++) d[starts[k] + 4 + i] = (byte)(length >> (8 * i));
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsHexDigit(byte b) => IsDigit(b) || b is >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';
}
