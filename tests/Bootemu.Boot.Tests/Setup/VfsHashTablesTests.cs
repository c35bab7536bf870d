using Bootemu.Boot.Model;
using Bootemu.Boot.Tests.Conformance;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Boot.Tests.Setup;

/// <summary>
/// vfs_caches_init_early: with one node of memory (or hashdist=0) the dentry and inode hash tables come from memblock
/// during boot, sized from memory, and the kernel prints a line for each; with more nodes they come later from vmalloc.
/// </summary>
public class VfsHashTablesTests
{
    private static bool IsEarlyHashLine(string line) =>
        (line.StartsWith("Dentry cache hash table entries: ", StringComparison.Ordinal) || line.StartsWith("Inode-cache hash table entries: ", StringComparison.Ordinal))
        && line.EndsWith(", linear)", StringComparison.Ordinal);

    private static List<string> HashLines(BootResult boot) => boot.Log.Select(l => l.Text).Where(IsEarlyHashLine).ToList();

    [TestCaseSource(typeof(RepoPaths), nameof(RepoPaths.SuiteConformanceCases))]
    public void The_early_hash_table_lines_are_the_real_boots(ConformanceSuite suite, string kernel, string caseName)
    {
        var c = ConformanceCase.Load(caseName, kernel, suite);
        Assert.That(HashLines(BootPipelineConformanceTests.Boot(c)), Is.EqualTo(c.KernelLines.Where(IsEarlyHashLine).ToList()));
    }

    [Test]
    public void One_memory_node_takes_both_tables_from_memblock()
    {
        var boot = BootPipelineConformanceTests.Boot("nonuma_4g_default");
        var tables = boot.EarlyAllocations.Where(a => a.Kind == EarlyAllocationKind.VfsHashTable).ToList();
        Assert.That(tables.Select(a => (a.What, a.Size)), Is.EqualTo(new[] { ("dentry cache hash table", 4UL << 20), ("inode cache hash table", 2UL << 20) }));
        Assert.That(tables.Select(a => boot.Reserved.Any(r => r.Base <= a.Base && a.Base + a.Size <= r.End)), Is.All.True);
    }

    [Test]
    public void Two_memory_nodes_leave_the_tables_to_vmalloc()
    {
        var boot = BootPipelineConformanceTests.Boot("srat2_default");
        Assert.That(boot.EarlyAllocations.Where(a => a.Kind == EarlyAllocationKind.VfsHashTable), Is.Empty);
        Assert.That(HashLines(boot), Is.Empty);
    }

    private static List<string> VmallocHashLines(BootResult boot) =>
        boot.Log.Select(l => l.Text).Where(l => (l.StartsWith("Dentry", StringComparison.Ordinal) || l.StartsWith("Inode", StringComparison.Ordinal))
            && l.Contains("vmalloc", StringComparison.Ordinal)).ToList();

    [Test]
    public void Distributed_tables_are_mapped_with_2_MiB_pages_when_each_online_node_has_2_MiB_of_them()
    {
        // Two online nodes: the 4 MiB dentry table gives each 2 MiB, the 2 MiB inode table 1 MiB.
        var boot = BootPipelineConformanceTests.Boot("srat2_default");
        Assert.That(VmallocHashLines(boot), Is.EqualTo(new[]
        {
            "Dentry cache hash table entries: 524288 (order: 10, 4194304 bytes, vmalloc hugepage)",
            "Inode-cache hash table entries: 262144 (order: 9, 2097152 bytes, vmalloc)",
        }));
    }

    [Test]
    public void The_mount_tables_come_from_the_page_allocator_on_one_node_and_from_vmalloc_when_distributed()
    {
        static List<string> MountLines(BootResult boot) =>
            boot.Log.Select(l => l.Text).Where(l => l.StartsWith("Mount", StringComparison.Ordinal) && l.Contains(" hash table entries: ", StringComparison.Ordinal)).ToList();
        Assert.That(MountLines(BootPipelineConformanceTests.Boot("nonuma_4g_default", "mhash_entries=100 mphash_entries=0x3000")), Is.EqualTo(new[]
        {
            "Mount-cache hash table entries: 128 (order: 0, 1024 bytes, linear)",
            "Mountpoint-cache hash table entries: 16384 (order: 5, 131072 bytes, linear)",
        }));
        Assert.That(MountLines(BootPipelineConformanceTests.Boot("srat2_default")), Is.EqualTo(new[]
        {
            "Mount-cache hash table entries: 8192 (order: 4, 65536 bytes, vmalloc)",
            "Mountpoint-cache hash table entries: 8192 (order: 4, 65536 bytes, vmalloc)",
        }));
    }

    [Test]
    public void Nohugevmalloc_maps_the_distributed_tables_with_small_pages()
    {
        var boot = BootPipelineConformanceTests.Boot("srat2_default", "nohugevmalloc");
        Assert.That(VmallocHashLines(boot)[0], Is.EqualTo("Dentry cache hash table entries: 524288 (order: 10, 4194304 bytes, vmalloc)"));
        Assert.That(boot.Options.UnknownParameters, Is.Empty);
    }

    [Test]
    public void Hashdist_0_takes_the_tables_from_memblock_on_two_nodes_too()
    {
        // 4 GiB of RAM (1,048,445 present pages) less its memmap: one dentry bucket per 8 KiB, one inode bucket per 16 KiB.
        var boot = BootPipelineConformanceTests.Boot("srat2_default", "hashdist=0");
        Assert.That(HashLines(boot), Is.EqualTo(new[]
        {
            "Dentry cache hash table entries: 524288 (order: 10, 4194304 bytes, linear)",
            "Inode-cache hash table entries: 262144 (order: 9, 2097152 bytes, linear)",
        }));
    }

    [Test]
    public void Dhash_entries_and_ihash_entries_set_the_bucket_counts_rounded_up_to_a_power_of_two()
    {
        var boot = BootPipelineConformanceTests.Boot("nonuma_4g_default", "dhash_entries=1000 ihash_entries=0x3000");
        Assert.That(HashLines(boot), Is.EqualTo(new[]
        {
            "Dentry cache hash table entries: 1024 (order: 1, 8192 bytes, linear)",
            "Inode-cache hash table entries: 16384 (order: 5, 131072 bytes, linear)",
        }));
    }

    [Test]
    public void The_hash_options_are_the_kernels_not_passed_to_init()
    {
        var boot = BootPipelineConformanceTests.Boot("nonuma_4g_default", "hashdist=1 dhash_entries=1 ihash_entries=1 mhash_entries=1 mphash_entries=1");
        Assert.That(boot.Options.UnknownParameters, Is.Empty);
        Assert.That(boot.Log.Select(l => l.Text), Has.None.StartsWith("Unknown kernel command line parameters"));
    }
}
