using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Bootemu.Fuzz.Engine;

/// <summary>
/// The input being run, kept in a memory-mapped file: a worker killed by something it cannot catch (a stack
/// overflow, the out-of-memory killer) leaves it behind for the supervisor, at the cost of a memory copy per run
/// instead of a file write.
/// </summary>
internal sealed unsafe class LastInput : IDisposable
{
    private const int Capacity = 4 + (4 << 20);

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;

    public LastInput(string path)
    {
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Create, null, Capacity);
        _view = _file.CreateViewAccessor();
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _base = p + _view.PointerOffset;
    }

    public void Write(byte[] input)
    {
        int n = Math.Min(input.Length, Capacity - 4);
        *(int*)_base = n;
        fixed (byte* src = input) NativeMemory.Copy(src, _base + 4, (nuint)n);
    }

    /// <summary>The input a worker left in <paramref name="path"/>, or null when it left none.</summary>
    public static byte[]? Read(string path)
    {
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 4) return null;
        int n = BitConverter.ToInt32(bytes, 0);
        return n >= 0 && n <= bytes.Length - 4 ? bytes.AsSpan(4, n).ToArray() : null;
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
