using System.Runtime.InteropServices;
using SharpFuzz.Common;

namespace Bootemu.Fuzz.Engine;

/// <summary>
/// The edge map SharpFuzz's instrumentation writes (<see cref="Trace.SharedMem"/>: at every branch of an instrumented
/// assembly, the byte at <c>id ^ previous id</c> is bumped), and what the fuzzer has seen of it so far. Counts are
/// put in AFL's buckets (1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+), so an input is new when it reaches an edge, or an
/// edge a different number of times, that no earlier input did.
/// </summary>
internal sealed unsafe class CoverageMap : IDisposable
{
    public const int Size = 1 << 16;

    // The bucket of every count, and of every pair of counts (little-endian) for testing a word at a time.
    private static readonly byte[] Buckets = BuildBuckets();
    private static readonly ushort[] Buckets16 = BuildBuckets16();

    private readonly byte* _trace;
    // One bit per (edge, bucket) not yet seen; all set at the start.
    private readonly byte[] _virgin = new byte[Size];

    public CoverageMap()
    {
        _trace = (byte*)NativeMemory.AllocZeroed(Size);
        Array.Fill(_virgin, (byte)0xff);
        Trace.SharedMem = _trace;
    }

    /// <summary>Edges seen at least once by any input so far.</summary>
    public int EdgesSeen { get; private set; }

    /// <summary>Clears the map before an input runs.</summary>
    public void Reset()
    {
        NativeMemory.Clear(_trace, Size);
        Trace.PrevLocation = 0;
    }

    /// <summary>Whether the input that just ran reached an (edge, bucket) never seen; with <paramref name="keep"/>, remembers them.</summary>
    public bool HasNewCoverage(bool keep)
    {
        bool found = false;
        var words = (ulong*)_trace;
        fixed (byte* virginBytes = _virgin)
        {
            var virgin = (ulong*)virginBytes;
            for (int w = 0; w < Size / sizeof(ulong); w++)
            {
                ulong word = words[w];
                if (word == 0) continue;
                // Most words hold nothing new: bucket all 8 counts at once (two bytes a lookup) and test them together.
                ulong bucketed = Buckets16[(ushort)word] | ((ulong)Buckets16[(ushort)(word >> 16)] << 16) |
                                 ((ulong)Buckets16[(ushort)(word >> 32)] << 32) | ((ulong)Buckets16[(ushort)(word >> 48)] << 48);
                if ((bucketed & virgin[w]) == 0) continue;
                if (!keep) return true;
                for (int i = w * sizeof(ulong); i < (w + 1) * sizeof(ulong); i++)
                    if (_virgin[i] == 0xff && _trace[i] != 0) EdgesSeen++;
                virgin[w] &= ~bucketed;
                found = true;
            }
        }
        return found;
    }

    public void Dispose()
    {
        if (Trace.SharedMem == _trace) Trace.SharedMem = null;
        NativeMemory.Free(_trace);
    }

    private static byte[] BuildBuckets()
    {
        var b = new byte[256];
        for (int n = 1; n < 256; n++)
            b[n] = n switch { 1 => 1, 2 => 2, 3 => 4, < 8 => 8, < 16 => 16, < 32 => 32, < 128 => 64, _ => 128 };
        return b;
    }

    private static ushort[] BuildBuckets16()
    {
        var b = new ushort[1 << 16];
        for (int n = 0; n < b.Length; n++) b[n] = (ushort)(Buckets[n & 0xff] | (Buckets[n >> 8] << 8));
        return b;
    }
}
