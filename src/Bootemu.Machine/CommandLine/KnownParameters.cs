namespace Bootemu.Machine.CommandLine;

/// <summary>
/// Parameters Debian's Linux 6.1 and 6.12 x86_64 kernels register (early_param, __setup, core_param), so that
/// init/main.c's unknown_bootoption does not hand them to user space. The kernel knows several
/// hundred; this is the set people put on boot lines. A word not listed here, with no '.' in its
/// name, is reported in the <c>Unknown kernel command line parameters</c> line.
/// Names are written with '_'; the kernel treats '-' and '_' in names alike. cma= and hugetlb_cma= are not here: both
/// builds leave CONFIG_CMA unset. pti and nopti are registered on 6.12 only (<see cref="CommandLineRules.PtiIsEarlyParam"/>).
/// </summary>
internal static class KnownParameters
{
    /// <summary>
    /// Early params and __setup strings without '=', plus built-in core params: known in any form
    /// (an early param matches its exact name with or without a value).
    /// </summary>
    private static readonly HashSet<string> AnyForm = new(StringComparer.Ordinal)
    {
        // memory (the ones bootemu emulates, and neighbours)
        "mem", "memmap", "movable_node", "kernelcore", "movablecore", "memblock", "numa", "acpi",
        "hugepages", "hugepagesz", "default_hugepagesz", "hugetlb_free_vmemmap",
        "transparent_hugepage", "swiotlb", "memtest", "memory_corruption_check", "memory_corruption_check_period",
        "memory_corruption_check_size", "reservelow", "crashkernel", "elfcorehdr", "nohugeiomap", "nohugevmalloc",
        "page_poison", "init_on_alloc", "init_on_free", "page_owner", "numa_balancing", "slub_debug",
        "slab_nomerge", "slub_nomerge", "slab_merge", "slub_min_objects", "slub_max_order", "slub_min_order",
        "nopku", "noexec", "nopat", "nogbpages", "gbpages", "vsyscall", "norandmaps", "vdso",
        "kasan", "iomem", "io_delay", "noinitrd", "initrdmem", "disable_mtrr_cleanup", "enable_mtrr_cleanup",
        "mtrr_chunk_size", "mtrr_gran_size", "mtrr_spare_reg_nr", "disable_mtrr_trim", "efi", "noefi",
        "add_efi_memmap", "efi_no_storage_paranoia",
        // console and logging
        "console", "earlycon", "earlyprintk", "loglevel", "ignore_loglevel", "quiet", "debug", "log_buf_len",
        "keep_bootcon", "no_console_suspend", "console_msg_format", "printk_delay", "boot_delay",
        "consoleblank", "fbcon", "video", "nomodeset", "no_hash_pointers", "initcall_debug",
        "initcall_blacklist", "trace_event", "ftrace", "ftrace_dump_on_oops", "tp_printk", "trace_buf_size",
        "trace_options", "sysrq_always_enabled", "dyndbg",
        // boot, init and root
        "init", "rdinit", "root", "rootfstype", "rootflags", "rootwait", "rootdelay", "ro", "rw", "initrd",
        "resume", "resume_offset", "noresume", "hibernate", "nokaslr", "panic", "panic_on_warn", "panic_print",
        "pause_on_oops", "oops", "reboot", "nmi_watchdog", "nowatchdog", "nosoftlockup", "softlockup_panic",
        "softlockup_all_cpu_backtrace", "hardlockup_all_cpu_backtrace", "hung_task_panic", "watchdog_thresh",
        "lpj", "bootconfig", "module_blacklist", "nohibernate", "mem_sleep_default", "kgdboc", "kgdbwait", "kgdbdbgp",
        "swapaccount", "no_timer_check", "noreplace_smp", "nopv", "tsc_early_khz", "reset_devices",
        // CPUs, interrupts, timers
        "nosmp", "maxcpus", "nr_cpus", "possible_cpus", "nosmt", "isolcpus", "nohz", "nohz_full", "rcu_nocbs",
        "rcu_nocb_poll", "irqaffinity", "threadirqs", "noirqdebug", "irqpoll", "irqfixup", "idle", "preempt",
        "clocksource", "tsc", "notsc", "hpet", "nohpet", "nolapic", "disableapic", "lapic", "noapic", "apic",
        "nox2apic", "x2apic_phys", "noapictimer", "lapic_timer_c2_ok", "intremap", "nointremap", "noxsave",
        "noxsaves", "noxsaveopt", "clearcpuid", "nopcid", "nosmap", "nosmep", "nofsgsbase", "mce", "nomce",
        "dis_ucode_ldr", "nospectre_v1", "nospectre_v2", "spectre_v2", "spectre_v2_user", "spectre_bhi",
        "spec_store_bypass_disable", "nospec_store_bypass_disable", "l1tf", "mds", "tsx", "tsx_async_abort",
        "mmio_stale_data", "retbleed", "srbds", "gather_data_sampling", "spec_rstack_overflow", "pti", "nopti",
        "mitigations", "l1d_flush", "cpuidle_sysfs_switch",
        // firmware, buses, devices
        "acpi_osi", "acpi_backlight", "acpi_enforce_resources", "acpi_rsdp", "acpi_sleep", "acpi_irq_balance",
        "acpi_irq_nobalance", "acpi_no_auto_serialize", "acpi_no_static_ssdt", "acpi_force_table_verification",
        "acpi_apic_instance", "acpi_sci", "acpi_mask_gpe", "pnpacpi", "pci", "pcie_aspm", "pcie_ports",
        "pcie_port_pm", "noaer", "iommu", "intel_iommu", "amd_iommu", "amd_iommu_dump", "ivrs_ioapic",
        "intel_pstate", "amd_pstate", "pstore", "edd", "noibrs", "nodmar",
        // security and accounting
        "selinux", "enforcing", "security", "apparmor", "lsm", "audit", "audit_backlog_limit", "ima_policy",
        "ima_appraise", "lockdown", "hardened_usercopy", "randomize_kstack_offset",
        "cgroup_disable", "cgroup_enable", "cgroup_no_v1", "cgroup_memory", "delayacct", "nodelayacct", "psi",
        "noautogroup", "sched_verbose",
        // storage, network
        "elevator", "ip", "nfsroot", "nfsrootdebug", "netdev", "ether", "rd_size", "ramdisk_size", "load_ramdisk",
        "prompt_ramdisk", "raid", "md", "noinitramfs",
        // the hotplug __setup: known only as name=value (see WithValue)
    };

    /// <summary>__setup strings that end in '=': known only when the word has a value.</summary>
    private static readonly HashSet<string> WithValue = new(StringComparer.Ordinal)
    {
        "memhp_default_state",
    };

    /// <summary>obsolete_checksetup's verdict: does the kernel claim this word?</summary>
    public static bool IsKnown(string normalizedName, bool hasValue) =>
        AnyForm.Contains(normalizedName) || (hasValue && WithValue.Contains(normalizedName));

    /// <summary>parameq treats '-' and '_' alike.</summary>
    public static string Normalize(string name) => name.Replace('-', '_');
}
