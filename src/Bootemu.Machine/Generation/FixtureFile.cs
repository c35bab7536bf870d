using Bootemu.Core;

namespace Bootemu.Machine.Generation;

/// <summary>Writes a generated fixture without ever clobbering a user's file by accident.</summary>
public static class FixtureFile
{
    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/>. An existing file is replaced only with
    /// <paramref name="force"/>, and then through a temporary file beside it, so a failed write never
    /// leaves the old file half overwritten.
    /// </summary>
    /// <exception cref="InputException">The file exists (without force), or it cannot be written.</exception>
    public static void Write(string path, string text, bool force) => Write(path, System.Text.Encoding.UTF8.GetBytes(text), force);

    /// <summary>The same for a binary file (a table written beside its fixture).</summary>
    public static void Write(string path, byte[] bytes, bool force)
    {
        try
        {
            if (!force)
            {
                // CreateNew fails if the file appeared meanwhile: no check-then-write race.
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                stream.Write(bytes);
                return;
            }
            string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException) when (!force && File.Exists(path))
        {
            throw new InputException(path, "the file exists; pass --force to replace it");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, $"cannot write: {e.Message}");
        }
    }
}
