using System.Diagnostics;

namespace Bootemu.Fuzz.Engine;

/// <summary>
/// The managed stacks of a running process, through <c>dotnet-stack report</c> (pinned in .config/dotnet-tools.json):
/// .NET cannot show another thread's stack from inside, and a hanging thread cannot be asked.
/// </summary>
internal static class HangStacks
{
    /// <summary>The frames of the thread running a target (the one whose stack goes through <c>FuzzWorker</c>), or why there are none.</summary>
    public static string Sample(int pid)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The tool manifest is found from the working folder up.
            WorkingDirectory = RepoFolders.Root ?? AppContext.BaseDirectory,
        };
        foreach (var a in new[] { "tool", "run", "dotnet-stack", "report", "-p", pid.ToString() }) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000)) process.Kill();
            var thread = output.Split("\nThread ").FirstOrDefault(t => t.Contains("Bootemu.Fuzz.Engine.FuzzWorker") || t.Contains("Bootemu.Fuzz.Commands"));
            if (thread is null) return $"(no stack: dotnet-stack said: {(output + error.Result).Trim()})";
            var frames = thread.Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0 && l != "CPU_TIME");
            return string.Join("\n", frames.TakeWhile(f => !f.Contains("Bootemu.Fuzz.Engine")).Take(30));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return $"(no stack: {e.Message})";
        }
    }

    /// <summary>"hang in " and the innermost frame of bootemu's assemblies or YamlDotNet, without its parameters.</summary>
    public static string Signature(string stacks)
    {
        foreach (var frame in stacks.Split('\n'))
        {
            int bang = frame.IndexOf('!');
            if (bang < 0) continue;
            string module = frame[..bang];
            if (module.StartsWith("bootemu-fuzz", StringComparison.Ordinal)) continue;
            if (module.StartsWith("Bootemu.", StringComparison.Ordinal) || module is "bootemu" or "YamlDotNet")
            {
                string method = frame[(bang + 1)..];
                int paren = method.IndexOf('(');
                return "hang in " + (paren < 0 ? method : method[..paren]);
            }
        }
        return "hang (no stack)";
    }
}
