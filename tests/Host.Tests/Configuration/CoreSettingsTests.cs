using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Hosting;
using PluggableDmaBuf.Host.Tests.Cli;

namespace PluggableDmaBuf.Host.Tests.Configuration;

/// <summary>The <c>Core</c> section is bound into the core's options, the same in every build, and validated like the host's own.</summary>
public sealed class CoreSettingsTests : IDisposable
{
    private readonly string _plugins = Directory.CreateTempSubdirectory("pdmabuf-empty-").FullName;

    [Fact]
    public async Task The_embedded_defaults_keep_leak_tracking_on_and_prefaulting_off()
    {
        await using var app = Build();

        var options = app.Services.GetRequiredService<DmaBufCore>().Options;
        Assert.True(options.TrackLeaks);
        Assert.False(options.PrefaultStorage);
    }

    [Fact]
    public async Task Core_settings_reach_the_core()
    {
        await using var app = Build(new()
        {
            ["Core:TrackLeaks"] = "false",
            ["Core:Strict"] = "true",
            ["Core:LateAttach"] = "refuse",
            ["Core:FenceTimeout"] = "00:00:02.5",
            ["Core:PrefaultStorage"] = "true",
        });

        var options = app.Services.GetRequiredService<DmaBufCore>().Options;
        Assert.False(options.TrackLeaks);
        Assert.True(options.Strict);
        Assert.Equal(LateAttachPolicy.Refuse, options.LateAttach);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.FenceTimeout);
        Assert.True(options.PrefaultStorage);
    }

    [Theory]
    [InlineData("Core:Strict", "sometimes", "Core:Strict: 'sometimes' is not true or false")]
    [InlineData("Core:LateAttach", "3", "Core:LateAttach: '3' is not one of Migrate, Refuse")]
    [InlineData("Core:FenceTimeout", "soon", "Core:FenceTimeout: 'soon' is not a duration ([d.]hh:mm:ss[.fff])")]
    [InlineData("Core:MigrationWaitTimeout", "00:00:00", "Core:MigrationWaitTimeout: 00:00:00 is outside 00:00:00.001 to 24.20:31:23.6470000")]
    [InlineData("Core:FenceTimeout", "-00:00:05", "Core:FenceTimeout: -00:00:05 is not a timeout")]
    [InlineData("Core:Stirct", "true", "Core:Stirct: unknown setting (expected one of: Storage, Strict, TrackLeaks, PrefaultStorage, LateAttach, BounceBuffers, FenceTimeout, MigrationWaitTimeout); did you mean Strict?")]
    public void A_bad_core_setting_names_it(string key, string value, string expected)
    {
        var e = Assert.Throws<BadInputException>(() => Build(new() { [key] = value }));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_core_setting_is_exit_code_2_for_any_command()
    {
        var run = CliRun.WithConfig("""{ "Core": { "MigrationWaitTimeout": "-00:00:01" } }""", "plugins", "--plugins", _plugins);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Core:MigrationWaitTimeout: -00:00:01 is outside 00:00:00.001 to 24.20:31:23.6470000", run.Error.Trim());
    }

    public void Dispose() => Directory.Delete(_plugins, recursive: true);

    private PdmabufApp Build(Dictionary<string, string?>? overrides = null) => PdmabufApp.Build(new HostSettings
    {
        PluginFolders = [_plugins],
        Overrides = overrides ?? [],
    });
}
