using System.CommandLine;
using System.Reflection;

namespace Bootemu.Cli;

/// <summary>`bootemu man`: prints bootemu(1) for `man -l -` or to install under a man1 folder.</summary>
internal static class ManCommand
{
    public static Command Create(RootCommand root)
    {
        var command = new Command("man", "print the bootemu(1) manual page (roff): bootemu man | man -l -");
        command.SetAction(_ =>
        {
            Console.Out.Write(ManPage.Render(root, Version));
            return CliRunner.ExitOk;
        });
        return command;
    }

    /// <summary>The release number without the commit hash the build appends, so the page is the same for every commit of a release.</summary>
    internal static string Version
    {
        get
        {
            string full = typeof(ManCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
            int plus = full.IndexOf('+');
            return plus < 0 ? full : full[..plus];
        }
    }
}
