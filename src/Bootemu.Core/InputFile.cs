using System.Text;

namespace Bootemu.Core;

/// <summary>
/// The one way bootemu reads a file the user names: bounded, and with one wording for every way a read can fail.
/// Why: an endless or huge input (<c>/dev/zero</c>, a pipe, a mistaken disk image) must end in a one-line error, not
/// in the process running out of memory, and "no such file" must read the same whichever verb met it.
/// How: the file is read in chunks and refused as soon as it passes <see cref="MaxBytes"/>, whatever size the file
/// system claims (character devices and pipes claim 0).
/// </summary>
public static class InputFile
{
    /// <summary>
    /// The largest input bootemu reads: 64 MiB. The largest real inputs are far smaller (an SRAT of 65,536 memory
    /// entries is 2.6 MB, its YAML form about 10 MB, a boot log a few MB); ACPI's own 32-bit Length allows more, but no
    /// firmware ships such a table.
    /// </summary>
    public const int MaxBytes = 64 << 20;

    /// <summary>How the limit is named in messages and help texts.</summary>
    public const string MaxBytesText = "64 MiB";

    private const int Chunk = 1 << 16;

    /// <summary>The file's bytes. <paramref name="where"/> is how to name the place in errors (default: the path).</summary>
    public static byte[] ReadBytes(string path, string? where = null)
    {
        where ??= path;
        try
        {
            if (Directory.Exists(path)) throw Refused(where, path, "is a directory");
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            using var bytes = new MemoryStream();
            var buffer = new byte[Chunk];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (bytes.Length + read > MaxBytes)
                    throw Refused(where, path, $"larger than the {MaxBytesText} limit on input files (read stopped at byte {MaxBytes})");
                bytes.Write(buffer, 0, read);
            }
            return bytes.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw Refused(where, path, Why(e));
        }
    }

    /// <summary>The file as UTF-8 text (a byte-order mark is dropped).</summary>
    public static string ReadText(string path, string? where = null) => Decode(ReadBytes(path, where));

    /// <summary>UTF-8 text of bytes already read, without a leading byte-order mark.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Refuses text handed over in memory (not read from a file) that is larger than <see cref="MaxBytes"/>.</summary>
    public static void CheckSize(string text, string where)
    {
        if (text.Length > MaxBytes)
            throw new InputException(where, $"larger than the {MaxBytesText} limit on input files");
    }

    private static InputException Refused(string where, string path, string why) =>
        new(where, where == path ? $"cannot read: {why}" : $"cannot read '{InputText.Escape(path, 200)}': {why}");

    private static string Why(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "the path is too long",
        _ => InputText.Escape(e.Message, 200),
    };
}
