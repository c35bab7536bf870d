using Bootemu.Boot.Kernel;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Kernel;

/// <summary>A running kernel's release (uname -r) picks the model of its major.minor, or none.</summary>
public class KernelReleaseTests
{
    [TestCase("6.1.0-56-amd64", "6.1")]
    [TestCase("6.1.192", "6.1")]
    [TestCase("6.12.118+deb12-amd64", "6.12")]
    [TestCase("6.12.0-rc3", "6.12")]
    [TestCase("6.1-rc1", "6.1")]
    public void A_release_of_a_modelled_kernel_picks_its_model(string release, string version)
    {
        Assert.That(KernelModel.ForRelease(release)?.Version, Is.EqualTo(version));
    }

    [TestCase("6.18.44-fc-v1272")]
    [TestCase("6.10.3")]
    [TestCase("5.15.0-91-generic")]
    [TestCase("6")]
    [TestCase("")]
    public void A_release_of_another_kernel_picks_none(string release)
    {
        Assert.That(KernelModel.ForRelease(release), Is.Null);
    }
}
