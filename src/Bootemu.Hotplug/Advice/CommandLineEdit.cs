using Bootemu.Machine.CommandLine;

namespace Bootemu.Hotplug.Advice;

/// <summary>
/// Puts options on a kernel command line the way a person edits one: every word of the option's name goes (the kernel
/// reads '-' and '_' in a name alike), the new word goes at the end of the kernel's part, before a bare <c>--</c> and
/// the arguments for init after it. Other words stay exactly as written, quotes included.
/// </summary>
internal static class CommandLineEdit
{
    public static string Apply(string commandLine, IEnumerable<OptionChange> changes)
    {
        var (words, initPart) = RawWords(commandLine);
        foreach (var change in changes)
        {
            string name = Normalize(change.Name);
            words.RemoveAll(w => Normalize(NameOf(w)) == name);
            words.Add(change.Word);
        }
        string kernelPart = string.Join(' ', words);
        return initPart is null ? kernelPart : (kernelPart.Length == 0 ? initPart : kernelPart + " " + initPart);
    }

    /// <summary>The kernel matches parameter names with '-' and '_' alike.</summary>
    private static string Normalize(string name) => name.Replace('-', '_');

    private static string NameOf(string rawWord) =>
        CommandLineWord.Split(rawWord, out _) is [var word, ..] ? word.Name : rawWord;

    /// <summary>The words as written (whitespace outside double quotes separates them), and "-- ..." when there is one.</summary>
    private static (List<string> Words, string? InitPart) RawWords(string commandLine)
    {
        var words = new List<string>();
        int i = 0;
        while (true)
        {
            while (i < commandLine.Length && char.IsWhiteSpace(commandLine[i])) i++;
            if (i >= commandLine.Length) return (words, null);
            int start = i;
            bool inQuote = false;
            for (; i < commandLine.Length && (inQuote || !char.IsWhiteSpace(commandLine[i])); i++)
                if (commandLine[i] == '"') inQuote = !inQuote;
            string word = commandLine[start..i];
            if (word == "--") return (words, commandLine[start..].TrimEnd());
            words.Add(word);
        }
    }
}
