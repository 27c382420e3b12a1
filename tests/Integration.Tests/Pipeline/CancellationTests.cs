using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PluggableDmaBuf.Core.Allocation;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Host.Hosting;
using PluggableDmaBuf.Host.Pipeline;
using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A cancelled run (Ctrl+C) stops and releases every buffer, whatever the stages were doing: the
/// runner is driven directly, composed as <c>pdmabuf run</c> composes it, with the real plugins, and
/// cancelled from outside once frames are flowing, or while a stage is wedged and its producer is
/// waiting on its fence.
/// </summary>
public sealed class CancellationTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(1);
    private readonly RunFolder _folder = new();
    private readonly PluginFolder _fixtures = new PluginFolder().With("Fixture.Stages");

    [Theory]
    [InlineData("central")]
    [InlineData("exporter")]
    public async Task A_run_cancelled_mid_flow_releases_every_buffer(string allocatorKind)
    {
        await using var app = Build();
        var core = app.Services.GetRequiredService<DmaBufCore>();
        var allocator = Allocator(app, allocatorKind, core);
        var plan = Plan(app, ["video0:capture", "gpu0:convert", "display0:primary"]);
        var runner = Runner(app, allocator, core);
        using var cancel = new CancellationTokenSource();

        var run = Start(runner, plan, cancel.Token);
        WaitUntil(run, () => runner.Recorder?.FramesDone >= 5);
        await cancel.CancelAsync();
        var outcome = await Finish(run);
        allocator.Dispose();

        Assert.IsType<OperationCanceledException>(outcome.Failure, exactMatch: false);
        Assert.False(outcome.Completed);
        Assert.InRange(outcome.Recorder.FramesDone, 5, plan.Frames - 1);
        Assert.True(core.Accounting.BuffersExported >= 6);
        Assert.Equal(core.Accounting.BuffersExported, core.Accounting.BuffersReleased);
        Assert.Equal(0, core.Accounting.LiveBuffers);
        Assert.Empty(core.Accounting.Leaks());
    }

    [Fact]
    public async Task A_run_cancelled_while_a_stage_hangs_releases_every_buffer()
    {
        await using var app = Build();
        var core = app.Services.GetRequiredService<DmaBufCore>();
        var allocator = Allocator(app, "exporter", core);
        var plan = Plan(app, ["video0:capture", "probe0:hang"]);
        var runner = Runner(app, allocator, core);
        using var cancel = new CancellationTokenSource();

        var run = Start(runner, plan, cancel.Token);
        WaitUntil(run, () => runner.Recorder?.Values().ContainsKey("probe0:hang hanging") == true);
        await cancel.CancelAsync();
        var outcome = await Finish(run);
        allocator.Dispose();

        // Cancelled, not timed out: the stall timeout is a minute away.
        Assert.IsType<OperationCanceledException>(outcome.Failure, exactMatch: false);
        Assert.Equal(0, outcome.Recorder.FramesDone);
        Assert.Equal(3, core.Accounting.BuffersExported);
        Assert.Equal(3, core.Accounting.BuffersReleased);
        Assert.Equal(0, core.Accounting.LiveBuffers);
    }

    public void Dispose()
    {
        _fixtures.Dispose();
        _folder.Dispose();
    }

    private PdmabufApp Build() => PdmabufApp.Build(new HostSettings { PluginFolders = [CliResult.RealPlugins, _fixtures.Path] });

    private static IBufferAllocator Allocator(PdmabufApp app, string kind, DmaBufCore core) => kind == "central"
        ? app.Services.GetServices<IBufferAllocator>().Single()
        : new ExporterAllocator(core, app.Services.GetRequiredService<IDeviceRegistry>());

    private static PipelineRunner Runner(PdmabufApp app, IBufferAllocator allocator, DmaBufCore core) =>
        new(allocator, core, app.Services.GetRequiredService<ILoggerFactory>());

    /// <summary>A plan too long to finish during the test (a million 64x48 frames), with a stall timeout that cannot fire first.</summary>
    private PipelinePlan Plan(PdmabufApp app, string[] ids)
    {
        var stages = app.Services.GetServices<PipelineStage>().ToArray();
        PlanElement[] chain = [.. ids.Select(id => stages.Single(s => s.Id == id)).Select(stage => new PlanElement(stage,
            StageOptions.Bind(stage.Properties, stage.Properties.Any(p => p.Name == "source") ? [new("source", "testpattern:ball")] : null)))];
        return new PipelinePlan(chain, [.. Enumerable.Range(1, chain.Length - 1).Select(i => new PlanLink(i - 1, i))], new StreamCaps(64, 48),
            1_000_000, 3, s_limit, _folder.Out);
    }

    private static Task<RunOutcome> Start(PipelineRunner runner, PipelinePlan plan, CancellationToken token) =>
        Task.Factory.StartNew(() => runner.Run(plan, token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void WaitUntil(Task<RunOutcome> run, Func<bool> condition)
    {
        Assert.True(SpinWait.SpinUntil(() => condition() || run.IsCompleted, s_limit), "the run never got going");
        if (run.IsCompleted)
        {
            Assert.Fail($"the run ended before it was cancelled: {(run.IsFaulted ? run.Exception : run.Result.Failure)}");
        }
    }

    private static async Task<RunOutcome> Finish(Task<RunOutcome> run)
    {
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(s_limit)));
        return await run;
    }
}
