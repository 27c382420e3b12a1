using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A plugin the pipeline needs is missing or failed to load (design §6): exit code 4 and one line
/// naming what is missing; the pipeline never starts. A plugin it can do without is not needed.
/// </summary>
public sealed class MissingPluginTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Fact]
    public void Without_the_gpu_plugin_the_convert_stage_is_missing()
    {
        using var plugins = new PluginFolder().WithReal("Video").WithReal("Display").WithReal("CentralAllocator");

        var run = Run(plugins);

        Assert.Equal(4, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("the pipeline needs stage gpu0:convert, which no loaded plugin provides (plugin folders: ", line, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
        Assert.False(Directory.Exists(_folder.Out));
    }

    [Fact]
    public void A_gpu_plugin_that_failed_to_load_is_named_with_its_error()
    {
        using var plugins = new PluginFolder().WithReal("Video").WithReal("Gpu").WithReal("Display");
        File.WriteAllBytes(Path.Combine(plugins.Sub("PluggableDmaBuf.Plugins.Gpu"), "PluggableDmaBuf.Plugins.Gpu.dll"), [0x4D, 0x5A, 1, 2, 3]);

        var run = Run(plugins);

        Assert.Equal(4, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("the pipeline needs stage gpu0:convert, which no loaded plugin provides (failed plugins: PluggableDmaBuf.Plugins.Gpu: ", line, StringComparison.Ordinal);
        Assert.Contains("is not a valid .NET assembly", line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_central_allocator_asked_for_but_not_installed()
    {
        using var plugins = new PluginFolder().WithReal("Video").WithReal("Gpu").WithReal("Display");

        var run = Run(plugins, "--allocator", "central");

        Assert.Equal(4, run.ExitCode);
        Assert.Equal(["--allocator central: no loaded plugin registers a central allocator"],
            run.ErrorLines);
        Assert.Equal("", run.Out);
        Assert.False(Directory.Exists(_folder.Out));
    }

    [Fact]
    public void Without_the_central_allocator_auto_falls_back_to_the_exporter()
    {
        using var plugins = new PluginFolder().WithReal("Video").WithReal("Gpu").WithReal("Display");

        var report = Run(plugins).Succeeded();

        Assert.Equal("exporter", report.Allocator);
        Assert.Equal(3, report.Frames);
        Assert.Equal(0, report.Leaks);
    }

    public void Dispose() => _folder.Dispose();

    private CliResult Run(PluginFolder plugins, params string[] more) =>
        CliResult.Of(["run", "--plugins", plugins.Path, "--out", _folder.Out, "--json", "--frames", "3", "--size", "64x48", .. more]);
}
