using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Tests.DependencyInjection;

/// <summary>Invalid core options are refused through the options pattern, at start, naming the setting as configuration spells it.</summary>
public sealed class CoreOptionsValidationTests
{
    public static TheoryData<string, Action<DmaBufCoreOptions>, string> Cases => new()
    {
        { "no migration wait", o => o.MigrationWaitTimeout = TimeSpan.Zero, "Core:MigrationWaitTimeout: 00:00:00 is outside 00:00:00.001 to 24.20:31:23.6470000" },
        { "negative fence timeout", o => o.FenceTimeout = TimeSpan.FromSeconds(-2), "Core:FenceTimeout: -00:00:02 is not a timeout (0 to 24.20:31:23.6470000, or -00:00:00.0010000 to wait forever)" },
        { "fence timeout beyond a timer", o => o.FenceTimeout = TimeSpan.FromDays(30), "Core:FenceTimeout: 30.00:00:00 is not a timeout" },
        { "undefined storage", o => o.Storage = (StorageKind)7, "Core:Storage: 7 is not one of Auto, Memfd, NativeMemory" },
        { "undefined late attach", o => o.LateAttach = (LateAttachPolicy)9, "Core:LateAttach: 9 is not one of " },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_options_fail_start_validation_naming_the_setting(string name, Action<DmaBufCoreOptions> configure, string expected)
    {
        using var provider = new ServiceCollection().AddDmaBufCore(configure).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(e.Failures.Single().StartsWith(expected, StringComparison.Ordinal), $"{name}: {e.Failures.Single()}");
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<DmaBufCore>());
    }

    [Fact]
    public void An_infinite_fence_timeout_is_valid()
    {
        using var provider = new ServiceCollection().AddDmaBufCore(o => o.FenceTimeout = Timeout.InfiniteTimeSpan).BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(Timeout.InfiniteTimeSpan, provider.GetRequiredService<DmaBufCore>().Options.FenceTimeout);
    }

    [Fact]
    public void The_constructor_refuses_what_validation_refuses()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new DmaBufCore(MemoryMap.SystemDefault, new DmaBufCoreOptions { MigrationWaitTimeout = TimeSpan.FromSeconds(-1) }));

        Assert.StartsWith("Core:MigrationWaitTimeout: -00:00:01 is outside", e.Message, StringComparison.Ordinal);
        Assert.Equal("options", e.ParamName);
    }
}
