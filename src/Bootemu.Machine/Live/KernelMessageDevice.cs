using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Bootemu.Core;

namespace Bootemu.Machine.Live;

/// <summary>
/// The running kernel's log as /dev/kmsg hands it out: one record per read, opened non-blocking so that the read past
/// the newest record fails with EAGAIN instead of waiting for the next message. .NET has no non-blocking open, hence
/// open(2) and read(2) directly.
/// </summary>
internal static class KernelMessageDevice
{
    public const string Path = "/dev/kmsg";

    private const int ORdOnly = 0, ONonBlock = 0x800;
    private const int EIntr = 4, EAgain = 11, EPipe = 32;

    /// <summary>A record is at most 8 KiB of text plus its prefix and dictionary; a read with less room fails with EINVAL.</summary>
    private const int RecordBuffer = 16 << 10;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint Read(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    /// <summary>Every record still in the ring, as dmesg prints it (<c>[seconds] message</c> lines); null when the device cannot be opened.</summary>
    public static string? ReadAll()
    {
        int fd;
        try { fd = Open(Encoding.UTF8.GetBytes(Path + "\0"), ORdOnly | ONonBlock); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
        if (fd < 0) return null;
        try
        {
            var text = new StringBuilder();
            var buffer = new byte[RecordBuffer];
            while (true)
            {
                nint n = Read(fd, buffer, buffer.Length);
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    // EPIPE: the record at our position was overwritten while reading; the next read goes on from the oldest left.
                    if (errno is EIntr or EPipe) continue;
                    if (errno == EAgain) return text.ToString();
                    return null;
                }
                if (n == 0) return text.ToString();
                text.Append(LogLine(Encoding.UTF8.GetString(buffer, 0, (int)n))).Append('\n');
                if (text.Length > InputFile.MaxBytes)
                    throw new InputException(Path, $"cannot read: larger than the {InputFile.MaxBytesText} limit on input files");
            }
        }
        finally { Close(fd); }
    }

    /// <summary>
    /// One /dev/kmsg record (<c>prio,seq,usec,flags[,...];message</c>, then optional <c> KEY=value</c> lines) as dmesg
    /// prints it: <c>[%5lu.%06lu] message</c>. A record without the prefix is kept as it is.
    /// </summary>
    public static string LogLine(string record)
    {
        int newline = record.IndexOf('\n');
        string first = newline < 0 ? record : record[..newline];
        int semicolon = first.IndexOf(';');
        if (semicolon < 0) return first;
        string[] fields = first[..semicolon].Split(',');
        string message = first[(semicolon + 1)..];
        if (fields.Length < 3 || !ulong.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong usec)) return message;
        return $"[{usec / 1_000_000,5}.{usec % 1_000_000:D6}] {message}";
    }
}
