using Bootemu.Core;

namespace Bootemu.Machine.Fixtures;

/// <summary>Reading the files a fixture or the command line names, with one-line errors instead of exceptions from the file system.</summary>
internal static class FileInput
{
    public static string ReadText(string path, string where) => InputFile.ReadText(path, where);

    /// <summary>A fixture's file reference, relative to the fixture's folder unless absolute.</summary>
    public static string Resolve(string baseDirectory, string path) => Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);
}
