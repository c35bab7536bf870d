using Bootemu.Hotplug.Advice;

namespace Bootemu.Hotplug.Tests.Advice;

/// <summary>How an answer's options go onto the user's command line.</summary>
public class CommandLineEditTests
{
    private static string Apply(string commandLine, params OptionChange[] changes) => CommandLineEdit.Apply(commandLine, changes);

    [Test]
    public void A_new_option_goes_at_the_end()
    {
        Assert.That(Apply("console=ttyS0 quiet", new OptionChange("movable_node", null)), Is.EqualTo("console=ttyS0 quiet movable_node"));
    }

    [Test]
    public void An_option_replaces_every_word_of_its_name_dash_or_underscore()
    {
        Assert.That(Apply("memhp-default-state=online quiet memhp_default_state=offline", new OptionChange("memhp_default_state", "online_movable")),
            Is.EqualTo("quiet memhp_default_state=online_movable"));
    }

    [Test]
    public void Quoted_words_stay_as_written()
    {
        Assert.That(Apply("dyndbg=\"file a.c +p\" mem=4G", new OptionChange("mem", "18G")), Is.EqualTo("dyndbg=\"file a.c +p\" mem=18G"));
    }

    [Test]
    public void Options_go_before_the_arguments_for_init()
    {
        Assert.That(Apply("quiet -- single mem=1G", new OptionChange("mem", "18G")), Is.EqualTo("quiet mem=18G -- single mem=1G"));
    }

    [Test]
    public void An_empty_command_line_becomes_the_options()
    {
        Assert.That(Apply("", new OptionChange("movable_node", null), new OptionChange("memhp_default_state", "online_movable")),
            Is.EqualTo("movable_node memhp_default_state=online_movable"));
    }
}
