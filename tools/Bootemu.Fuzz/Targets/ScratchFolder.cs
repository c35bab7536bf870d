namespace Bootemu.Fuzz.Targets;

/// <summary>
/// A folder of the process's own for the files a target has to hand the CLI's file-reading entry points: in
/// /dev/shm when there is one (no disk writes per input), made on first use, removed when the process exits.
/// </summary>
internal sealed class ScratchFolder
{
    private readonly Lazy<string> _path;

    public ScratchFolder(string name) => _path = new Lazy<string>(() => Create(name));

    public string Path => _path.Value;

    private static string Create(string name)
    {
        string root = Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        string path = System.IO.Path.Combine(root, $"bootemu-fuzz-{name}-{Environment.ProcessId}");
        Directory.CreateDirectory(path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(path, recursive: true); }
            catch (IOException) { }
        };
        return path;
    }
}
