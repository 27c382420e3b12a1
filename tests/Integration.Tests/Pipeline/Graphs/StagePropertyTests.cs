using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline.Graphs;

/// <summary>
/// Stage properties reach the stage typed, from configuration (<c>Plugins:&lt;plugin&gt;:&lt;device&gt;:&lt;stage&gt;:&lt;property&gt;</c>)
/// or from the description, whose value wins; a configured property the stage does not declare, or a
/// value it does not accept, is bad input naming the full key.
/// </summary>
public sealed class StagePropertyTests : IDisposable
{
    private const string MatrixKey = "Plugins:PluggableDmaBuf.Plugins.Gpu:gpu0:convert:matrix";
    private readonly RunFolder _folder = new();

    [Fact]
    public void A_configured_matrix_changes_the_picture_and_the_description_wins_over_it()
    {
        using var second = new RunFolder();
        using var third = new RunFolder();
        var config = _folder.Config("""{ "Plugins": { "PluggableDmaBuf.Plugins.Gpu": { "gpu0": { "convert": { "matrix": "bt709" } } } } }""");

        var bt601 = Crcs(CliResult.Run(_folder, "--frames", "2", "--size", "64x48"));
        var bt709 = Crcs(CliResult.Run(second, "--config", config, "--frames", "2", "--size", "64x48"));
        var described = Crcs(CliResult.Run(third, "video0:capture ! gpu0:convert matrix=bt601 ! display0:primary", "--config", config,
            "--frames", "2", "--size", "64x48"));

        Assert.NotEqual(bt601, bt709);
        Assert.Equal(bt601, described);
    }

    [Theory]
    [InlineData("Plugins:PluggableDmaBuf.Plugins.Gpu:gpu0:convert:matrx", "bt709",
        "Plugins:PluggableDmaBuf.Plugins.Gpu:gpu0:convert:matrx: unknown property (known: matrix, range)")]
    [InlineData(MatrixKey, "bt2020", MatrixKey + ": 'bt2020' is not one of auto, bt601, bt709")]
    [InlineData("Plugins:PluggableDmaBuf.Plugins.Gpu:gpu0:scale:matrix", "bt709",
        "Plugins:PluggableDmaBuf.Plugins.Gpu:gpu0:scale: unknown stage (plugin PluggableDmaBuf.Plugins.Gpu provides: gpu0:convert)")]
    public void A_bad_configured_property_is_exit_code_2_naming_the_key(string key, string value, string expected)
    {
        var run = CliResult.Of("run", "--plugins", CliResult.RealPlugins, "--out", _folder.Out, "--frames", "2", "--size", "64x48",
            "--config", _folder.Config($$"""{ "{{key.Replace(":", "\": { \"", StringComparison.Ordinal)}}": "{{value}}" {{new string('}', key.Count(c => c == ':'))}} }"""));

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}");
        Assert.Equal([expected], run.ErrorLines);
        Assert.False(Directory.Exists(_folder.Out));
    }

    public void Dispose() => _folder.Dispose();

    private static IReadOnlyList<string> Crcs(CliResult run) => run.Succeeded().Values("display0:primary crc");
}
