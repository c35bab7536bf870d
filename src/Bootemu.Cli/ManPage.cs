using System.CommandLine;
using System.Text;

namespace Bootemu.Cli;

/// <summary>
/// bootemu(1), written from the command tree itself, so the manual names exactly the verbs, arguments and options the
/// parser accepts, with the same descriptions as --help. Output is man(7) roff, the macro set man-db and groff read.
/// </summary>
internal static class ManPage
{
    /// <summary>The page for <paramref name="root"/>; <paramref name="version"/> goes in the footer.</summary>
    public static string Render(RootCommand root, string version)
    {
        var page = new StringBuilder();
        page.Append(".TH BOOTEMU 1 \"\" ").Append(Quoted("bootemu " + version)).Append(" \"User Commands\"\n");
        page.Append(".SH NAME\n").Append("bootemu \\- ").Append(Escape(Summary(root.Description ?? ""))).Append('\n');
        page.Append(".SH SYNOPSIS\n.B bootemu\n.I command\n[\\fIoptions\\fR]\n");
        page.Append(".SH DESCRIPTION\n").Append(Escape(root.Description ?? "")).Append('\n');
        page.Append(".SH COMMANDS\n");
        foreach (var command in root.Subcommands.Where(c => !c.Hidden)) Commands(page, command, "bootemu");
        page.Append(".SH EXIT STATUS\n");
        ExitStatus(page, CliRunner.ExitOk, "success");
        ExitStatus(page, CliRunner.ExitFindings, "the input was read, and what it describes has problems: findings of a table check, a boot the real kernel could not complete, a hotplug step the kernel refuses");
        ExitStatus(page, CliRunner.ExitBadInput, "bad input or usage: one line on standard error says which file, where in it (byte offset, or YAML line and column) and what");
        page.Append(".SH SEE ALSO\n.BR lsmem (1),\n.BR numactl (8),\n.BR iasl (1),\n.BR acpidump (1)\n");
        return page.ToString();
    }

    /// <summary>The NAME line: the description up to its first sentence end, without the program name it may start with.</summary>
    private static string Summary(string description)
    {
        string text = description.StartsWith("bootemu: ", StringComparison.Ordinal) ? description["bootemu: ".Length..] : description;
        int end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text.TrimEnd('.') : text[..end];
    }

    private static void Commands(StringBuilder page, Command command, string parent)
    {
        string path = parent + " " + command.Name;
        if (command.Action is not null || command.Subcommands.Count == 0)
        {
            page.Append(".SS ").Append(Quoted(path + Usage(command))).Append('\n');
            page.Append(Escape(command.Description ?? "")).Append('\n');
            foreach (var argument in command.Arguments.Where(a => !a.Hidden))
                Item(page, $"\\fI{Escape(argument.Name)}\\fR", argument.Description);
            foreach (var option in command.Options.Where(o => !o.Hidden))
                Item(page, OptionTerm(option), option.Description + DefaultText(option));
        }
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden)) Commands(page, sub, path);
    }

    private static string Usage(Command command)
    {
        var usage = new StringBuilder();
        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
            usage.Append(argument.Arity.MinimumNumberOfValues == 0 ? $" [{argument.Name}]" : $" {argument.Name}");
        if (command.Options.Any(o => !o.Hidden)) usage.Append(" [options]");
        return usage.ToString();
    }

    /// <summary>"\fB\-\-format\fR \fIFORMAT\fR", with its short aliases first: "\fB\-o\fR, \fB\-\-output\fR ...".</summary>
    private static string OptionTerm(Option option)
    {
        var names = option.Aliases.OrderBy(a => a.Length).Append(option.Name).Select(n => $"\\fB{Escape(n)}\\fR");
        string term = string.Join(", ", names);
        if (option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0)
            term += $" \\fI{option.Name.TrimStart('-').ToUpperInvariant().Replace('-', '_')}\\fR";
        return term;
    }

    private static string DefaultText(Option option)
    {
        if (!option.HasDefaultValue || option.ValueType == typeof(bool) || (option.Description ?? "").Contains("default", StringComparison.Ordinal)) return "";
        return option.GetDefaultValue() is string value ? $" (default: {value})" : "";
    }

    private static void Item(StringBuilder page, string term, string? description)
    {
        page.Append(".TP\n").Append(term).Append('\n').Append(Escape(description ?? "")).Append('\n');
    }

    private static void ExitStatus(StringBuilder page, int code, string meaning) =>
        Item(page, $"\\fB{code}\\fR", meaning);

    private static string Quoted(string text) => "\"" + Escape(text).Replace("\"", "\\(dq") + "\"";

    /// <summary>
    /// Text as roff prints it literally: a backslash is \e, a hyphen \- (so it is not hyphenated or turned into a
    /// dash), and a line that would start with a control character (. or ') is guarded with \&amp;.
    /// </summary>
    internal static string Escape(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(line =>
        {
            var escaped = line.Replace("\\", "\\e").Replace("-", "\\-");
            return escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;
        }));
}
