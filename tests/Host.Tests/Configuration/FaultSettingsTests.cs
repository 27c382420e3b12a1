using PluggableDmaBuf.Host.Configuration;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Faults;
using PluggableDmaBuf.Host.Tests.Cli;

namespace PluggableDmaBuf.Host.Tests.Configuration;

/// <summary>
/// The <c>Faults</c> section is off when absent or empty, is set from the environment like any setting,
/// and a value that is not <c>device:stage@N</c>, or a K below 1, is bad input naming the setting.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class FaultSettingsTests : IDisposable
{
    private readonly string _plugins = Directory.CreateTempSubdirectory("pdmabuf-empty-").FullName;

    [Theory]
    [InlineData("gpu0:convert@5", "gpu0:convert", 5)]
    [InlineData(" display0:primary@0 ", "display0:primary", 0)]
    public void A_fault_point_is_device_stage_at_frame(string text, string stage, int frame) =>
        Assert.Equal(new FaultPoint(stage, frame), FaultPoint.Parse(text, "Faults:StageThrows"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_absent_or_empty_fault_is_off(string? text) => Assert.Null(FaultPoint.Parse(text, "Faults:StageThrows"));

    [Theory]
    [InlineData("gpu0:convert")]
    [InlineData("gpu0@5")]
    [InlineData("gpu0:convert@-1")]
    [InlineData("gpu0:convert@x")]
    [InlineData("a:b:c@1")]
    [InlineData(":convert@1")]
    [InlineData("@1")]
    public void Anything_else_is_bad_input_naming_the_setting(string text)
    {
        var e = Assert.Throws<BadInputException>(() => FaultPoint.Parse(text, "Faults:FenceNeverSignalled"));

        Assert.StartsWith("Faults:FenceNeverSignalled: '", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("' is not device:stage@FRAME (for example gpu0:convert@5)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_set_injects_nothing()
    {
        var options = new FaultOptions();

        options.Validate();
        Assert.Null(options.StageThrowsAt);
        Assert.Null(options.FenceNeverSignalledAt);
        Assert.False(options.FailsToStart("PluggableDmaBuf.Plugins.Gpu"));
    }

    [Theory]
    [InlineData("PDMABUF_Faults__HeapExhaustedAt", "0", "Faults:HeapExhaustedAt: 0 must be at least 1 (the first allocation is 1)")]
    [InlineData("PDMABUF_Faults__StageThrows", "gpu0:convert", "Faults:StageThrows: 'gpu0:convert' is not device:stage@FRAME (for example gpu0:convert@5)")]
    public void A_bad_fault_from_the_environment_is_exit_2_naming_the_setting(string variable, string value, string message)
    {
        Environment.SetEnvironmentVariable(variable, value);
        try
        {
            var run = CliRun.Of("plugins", "--plugins", _plugins);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal(message, run.Error.Trim());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void A_misspelt_fault_is_an_unknown_setting()
    {
        var run = CliRun.WithConfig("""{ "Faults": { "StageThrow": "gpu0:convert@5" } }""", "plugins", "--plugins", _plugins);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Faults:StageThrow: unknown setting", run.Error.Trim(), StringComparison.Ordinal);
        Assert.Contains("did you mean StageThrows?", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_plugins, recursive: true);
}
