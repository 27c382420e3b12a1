using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Reliability;

/// <summary>
/// Special files given where a regular file is expected, to the real process: each is refused at
/// once with exit code 2 and one line saying what the file is. Before, a FIFO nobody writes hung
/// <c>negotiate</c> and <c>run --source</c> for ever (deaf to SIGTERM and SIGINT, blocked in open),
/// and <c>/dev/zero</c> grew the process to 4 GB.
/// </summary>
public sealed class SpecialInputFileTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Fact]
    public async Task Negotiate_on_a_fifo_nobody_writes_exits_2_at_once()
    {
        var fifo = HostProcess.MakeFifo(_folder.File("request.json"));

        var run = await HostProcess.RunAsync(["negotiate", fifo]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"{fifo}: is a FIFO, not a regular file"], run.ErrorLines);
    }

    [Theory]
    [InlineData("/dev/zero", "is a character device, not a regular file")]
    [InlineData("/tmp", "is a directory")]
    public async Task Negotiate_on_a_device_or_a_directory_exits_2_saying_what_it_is(string path, string expected)
    {
        var run = await HostProcess.RunAsync(["negotiate", path]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"{path}: {expected}"], run.ErrorLines);
    }

    [Fact]
    public async Task A_configuration_file_that_is_a_fifo_exits_2_at_once()
    {
        var fifo = HostProcess.MakeFifo(_folder.File("settings.json"));

        var run = await HostProcess.RunAsync(["plugins", "--plugins", CliResult.RealPlugins, "--config", fifo]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"{fifo}: is a FIFO, not a regular file"], run.ErrorLines);
    }

    [Theory]
    [InlineData("/dev/zero", "is a character device, not a regular file")]
    [InlineData("/tmp", "is a directory")]
    public async Task A_configuration_file_that_is_a_device_or_a_directory_exits_2_saying_what_it_is(string path, string expected)
    {
        var run = await HostProcess.RunAsync(["run", "--plugins", CliResult.RealPlugins, "--config", path, "--out", _folder.Out]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"{path}: {expected}"], run.ErrorLines);
        Assert.False(Directory.Exists(_folder.Out));
    }

    [Fact]
    public async Task A_configuration_file_over_the_limit_exits_2_naming_the_limit()
    {
        var big = _folder.File("big.json");
        File.WriteAllText(big, "{\"Pipeline\": {\"Frames\": 3}}" + new string(' ', 2 << 20));

        var run = await HostProcess.RunAsync(["plugins", "--plugins", CliResult.RealPlugins, "--config", big]);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith($"{big}: larger than the 1 MiB limit for a configuration file", run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_a_fifo_as_the_source_exits_2_and_leaves_nothing_behind()
    {
        var fifo = HostProcess.MakeFifo(_folder.File("live.y4m"));

        var run = await HostProcess.RunAsync(["run", "--plugins", CliResult.RealPlugins, "--source", fifo, "--frames", "5", "--out", _folder.Out]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"{fifo}: cannot open: is a FIFO, not a regular file"], run.ErrorLines);
        Assert.False(Directory.Exists(_folder.Out));
    }

    [Fact]
    public async Task A_plugin_assembly_that_is_a_fifo_fails_that_plugin_only()
    {
        using var plugins = new PluginFolder().WithReal("CentralAllocator").WithReal("Display").WithReal("Gpu").WithReal("Video");
        Directory.CreateDirectory(plugins.Sub("Piped"));
        HostProcess.MakeFifo(Path.Combine(plugins.Sub("Piped"), "Piped.dll"));

        var run = await HostProcess.RunAsync(["plugins", "--plugins", plugins.Path, "--json"]);

        Assert.Equal(0, run.ExitCode);
        using var listing = System.Text.Json.JsonDocument.Parse(run.Out);
        var byName = listing.RootElement.GetProperty("plugins").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal("Piped.dll: is a FIFO, not a regular file", byName["Piped"].GetProperty("error").GetString());
        Assert.Equal(5, byName.Count);
        Assert.All(byName.Where(p => p.Key != "Piped"), p => Assert.Equal(System.Text.Json.JsonValueKind.Null, p.Value.GetProperty("error").ValueKind));
    }

    public void Dispose() => _folder.Dispose();
}
