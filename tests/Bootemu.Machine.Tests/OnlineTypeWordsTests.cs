using Bootemu.Machine;

namespace Bootemu.Machine.Tests;

/// <summary>The words of mm/memory_hotplug.c's online_type_to_str, indexed by MMOP_OFFLINE .. MMOP_ONLINE_MOVABLE.</summary>
[TestFixture]
public sealed class OnlineTypeWordsTests
{
    [TestCase(OnlineType.Offline, "offline")]
    [TestCase(OnlineType.Online, "online")]
    [TestCase(OnlineType.OnlineKernel, "online_kernel")]
    [TestCase(OnlineType.OnlineMovable, "online_movable")]
    public void Each_type_has_the_kernels_word_and_the_word_reads_back(OnlineType type, string word) =>
        Assert.That((type.ToWord(), OnlineTypeWords.FromWord(word)), Is.EqualTo((word, (OnlineType?)type)));

    [TestCase("Online")]
    [TestCase("online-movable")]
    [TestCase("")]
    public void Any_other_word_names_no_type(string word) => Assert.That(OnlineTypeWords.FromWord(word), Is.Null);
}
