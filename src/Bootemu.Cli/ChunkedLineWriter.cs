namespace Bootemu.Cli;

/// <summary>
/// Writes lines ending in '\n' to a <see cref="TextWriter"/> in chunks of about 64K characters. Console.Out flushes
/// on every write, so one write per line would be one system call per line, and one string of all lines would
/// copy megabytes before the first byte goes out; a chunk at a time does neither.
/// </summary>
internal sealed class ChunkedLineWriter(TextWriter output)
{
    private const int ChunkSize = 1 << 16;
    private readonly char[] _chunk = new char[ChunkSize];
    private int _used;

    public void WriteLine(string line)
    {
        if (_used + line.Length + 1 > ChunkSize) Flush();
        if (line.Length + 1 > ChunkSize)
        {
            output.Write(line);
            output.Write('\n');
            return;
        }
        line.CopyTo(_chunk.AsSpan(_used));
        _used += line.Length;
        _chunk[_used++] = '\n';
    }

    /// <summary>Writes out what the chunk holds.</summary>
    public void Flush()
    {
        if (_used == 0) return;
        output.Write(_chunk, 0, _used);
        _used = 0;
    }
}
