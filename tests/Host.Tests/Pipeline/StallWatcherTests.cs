using Microsoft.Extensions.Logging.Abstractions;
using PluggableDmaBuf.Host.Pipeline;
using PluggableDmaBuf.Host.Pipeline.Links;

namespace PluggableDmaBuf.Host.Tests.Pipeline;

/// <summary>
/// The run's stall watcher follows the chain of waits to the stage that holds everything up without
/// waiting itself, and reports the last waiter of the chain with that holder; a chain that ends at a
/// late consumer waiting for its frame is no stall.
/// </summary>
public sealed class StallWatcherTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void The_report_names_the_last_waiter_and_the_holder_that_is_not_waiting()
    {
        var (capture, convert, sink) = (Run("video0:capture"), Run("gpu0:convert"), Run("probe0:hang"));
        sink.Frame = 4;
        using var stop = new CancellationTokenSource();
        using var watcher = new StallWatcher([capture, convert, sink], s_timeout, stop);
        var first = Link(capture, convert, watcher);
        var second = Link(convert, sink, watcher);

        watcher.Waiting(capture, first, 1, convert);
        watcher.Waiting(convert, second, 2, sink);
        watcher.Start();

        Assert.True(stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "no stall was reported");
        Assert.Matches(@"^pipeline stalled: gpu0:convert waited [0-9.]+ s for buffer #2 of link gpu0:convert\u2192probe0:hang, whose probe0:hang has not finished frame 4$",
            watcher.Stall!.Message);
    }

    [Fact]
    public void A_chain_that_ends_at_an_idle_late_consumer_is_not_a_stall()
    {
        var (producer, consumer) = (Run("gpu0:convert"), Run("display0:overlay"));
        consumer.Idle = true;
        using var stop = new CancellationTokenSource();
        using var watcher = new StallWatcher([producer, consumer], s_timeout, stop);
        var link = Link(producer, consumer, watcher);

        watcher.Waiting(producer, link, 0, consumer);
        watcher.Start();

        Assert.False(stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(400)));
        Assert.Null(watcher.Stall);
    }

    [Fact]
    public void A_wait_that_ends_in_time_is_forgotten()
    {
        var (producer, consumer) = (Run("video0:capture"), Run("display0:primary"));
        using var stop = new CancellationTokenSource();
        using var watcher = new StallWatcher([producer, consumer], s_timeout, stop);
        var link = Link(producer, consumer, watcher);

        watcher.Waiting(consumer, link, 0, producer);
        watcher.Done(consumer);
        watcher.Start();

        Assert.False(stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(400)));
    }

    private static StageRun Run(string id)
    {
        var stage = new IdleStage(id);
        var context = new StageContext(stage, 10, new StreamCaps(64, 48), Path.GetTempPath(), StageOptions.Empty, new RunRecorder(),
            NullLogger.Instance);
        return new StageRun(stage, context, 0);
    }

    private static PipelineLink Link(StageRun producer, StageRun consumer, StallWatcher watcher) =>
        new(producer, [new LinkReader(consumer, null)], 3, watcher, s_timeout);

    private sealed class IdleStage(string id) : PipelineStage(id.Split(':')[1],
        new DeviceDescription(id.Split(':')[0], hasIommu: true, addressBits: 64, formats: [new FormatSupport(PixelFormat.XR24)], usages: ["test"]))
    {
        public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
        {
        }
    }
}
