using System.Diagnostics;
using NUnit.Framework;

namespace Bootemu.Acpi.Tests;

/// <summary>Runs the real ACPICA iasl (Debian's 20200925) in a private temporary folder.</summary>
internal static class Iasl
{
    public const string Path = "/usr/bin/iasl";

    public static void RequirePresent()
    {
        if (!File.Exists(Path)) Assert.Ignore("iasl is not installed (.ci/run installs acpica-tools)");
    }

    /// <summary>Compiles <paramref name="dsl"/> with the given flags and returns the table bytes.</summary>
    public static byte[] Compile(string dsl, params string[] flags)
    {
        var (table, output) = TryCompile(dsl, flags);
        Assert.That(table, Is.Not.Null, $"iasl failed:\n{output}");
        return table!;
    }

    /// <summary>Compiles <paramref name="dsl"/>; the table bytes, or null when iasl fails or writes no table, and what iasl printed.</summary>
    public static (byte[]? Table, string Output) TryCompile(string dsl, params string[] flags)
    {
        string dir = Directory.CreateTempSubdirectory("bootemu-iasl-").FullName;
        try
        {
            File.WriteAllText(System.IO.Path.Combine(dir, "t.dsl"), dsl);
            var (code, output) = Run(dir, [.. flags, "t.dsl"]);
            string aml = System.IO.Path.Combine(dir, "t.aml");
            return (code == 0 && File.Exists(aml) ? File.ReadAllBytes(aml) : null, output);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Disassembles a binary table with <c>iasl -d</c> and returns the listing.</summary>
    public static string Disassemble(byte[] table)
    {
        string dir = Directory.CreateTempSubdirectory("bootemu-iasl-").FullName;
        try
        {
            File.WriteAllBytes(System.IO.Path.Combine(dir, "t.bin"), table);
            var (code, output) = Run(dir, ["-d", "t.bin"]);
            string dsl = System.IO.Path.Combine(dir, "t.dsl");
            Assert.That(code == 0 && File.Exists(dsl), $"iasl -d failed:\n{output}");
            return File.ReadAllText(dsl);
        }
        finally { Directory.Delete(dir, true); }
    }

    private static (int Code, string Output) Run(string dir, string[] args)
    {
        var psi = new ProcessStartInfo(Path) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        if (!p.WaitForExit(30_000)) { p.Kill(); Assert.Fail("iasl did not finish in 30 s"); }
        return (p.ExitCode, output);
    }

    /// <summary>The field lines of a listing (from the Signature line to the raw dump), for comparing listings.</summary>
    public static IEnumerable<string> FieldLines(string dsl) =>
        dsl.Split('\n').SkipWhile(l => !l.Contains("Signature :")).TakeWhile(l => !l.StartsWith("Raw Table Data"));
}
