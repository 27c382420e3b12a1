using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PluggableDmaBuf.Core.Accounting;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Host.Configuration;
using PluggableDmaBuf.Host.Faults;
using PluggableDmaBuf.Host.Hosting;
using PluggableDmaBuf.Host.Logging;
using PluggableDmaBuf.Host.Pipeline.Links;
using PluggableDmaBuf.Pipeline;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// Runs a pipeline graph: configures every stage, resolves each link's caps from the sources to the
/// sinks before any buffer exists, creates each producer's pool of shared buffers through the
/// allocator (one pool per output, read by all its consumers), then runs every stage on its own
/// thread, a few lines around <see cref="PipelineStage.ProcessFrame"/> with the leases its links hand
/// out. One stall watcher per run names the stage that holds the others up. Shuts down cleanly on the
/// last frame, on cancellation (Ctrl+C) and on a stage's failure: every mapping is unmapped, every
/// attachment detached and every buffer dropped, whatever happened.
/// </summary>
/// <remarks>
/// <paramref name="faults"/> (the <c>Faults</c> settings, for tests) may make a stage throw at a frame or
/// hang with its fences for a frame pending; they are checked against the plan before it runs.
/// </remarks>
internal sealed partial class PipelineRunner(IBufferAllocator allocator, DmaBufCore core, ILoggerFactory loggers, FaultOptions? faults = null,
    StartupTimeline? timeline = null)
{
    private readonly ILogger _logger = loggers.CreateLogger<PipelineRunner>();

    public RunRecorder? Recorder { get; private set; }

    public RunOutcome Run(PipelinePlan plan, CancellationToken cancellationToken)
    {
        var recorder = Recorder = new RunRecorder();
        var order = TopologicalOrder(plan);
        var runs = new StageRun?[plan.Elements.Count];
        var links = new List<PipelineLink>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = AllocationWindow.For(plan.Frames);
        var stopwatch = new Stopwatch();
        var completed = false;
        Exception? failure = null;
        IReadOnlyList<BufferInfo> buffers = [];
        IReadOnlyList<LateJoin> joins = [];
        var (width, height) = (0, 0);
        long copiedBetweenStages = 0;
        // A stage's or a link's refusal (bad input, a caps conflict) is thrown before the run exists: no
        // report, no output folder. The stages configured so far are completed, so that files are closed.
        try
        {
            Configure(plan, order, runs, recorder);
            timeline?.Mark("configured");
        }
        catch
        {
            foreach (var run in runs)
            {
                run?.Stage.Complete(run.Context, completed: false);
            }

            throw;
        }

        try
        {
            StageRun[] all = [.. order.Select(i => runs[i]!)];
            InjectFaults(all);
            (width, height) = (all[0].Context.OutputCaps!.Width, all[0].Context.OutputCaps!.Height);

            // Only now, with every input checked: a bad source leaves no empty output folder behind.
            Directory.CreateDirectory(plan.OutputDirectory);
            using var watcher = new StallWatcher(all, plan.StallTimeout, stop);
            CreateLinks(plan, order, runs, links, watcher, stop.Token);
            timeline?.Mark("buffers");
            CountSinks(all, recorder);
            foreach (var run in all)
            {
                run.Stage.Start(run.Context);
            }

            timeline?.Mark("stages started");

            buffers = core.Accounting.Snapshot();
            Thread[] threads = [.. all.Select(run => new Thread(() => RunStage(run, plan.Frames, recorder, stop, window, watcher, timeline))
            {
                IsBackground = true,
                Name = run.Id,
            })];
            stopwatch.Start();
            watcher.Start();
            foreach (var thread in threads)
            {
                thread.Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }

            stopwatch.Stop();
            timeline?.Mark("last frame");
            failure = watcher.Stall
                ?? all.Select(r => r.Failure).FirstOrDefault(e => e is not null and not OperationCanceledException)
                ?? all.Select(r => r.Failure).FirstOrDefault(e => e is not null);
            completed = failure is null;
            (buffers, copiedBetweenStages) = WithStageCopies(core.Accounting.Snapshot(), links);
            joins = LateJoins(links, buffers);
        }
        catch (Exception e) when (failure is null)
        {
            failure = e;
        }
        finally
        {
            ResetHungDevices(runs);
            foreach (var link in links)
            {
                link.Dispose();
            }

            foreach (var run in runs)
            {
                try
                {
                    run?.Stage.Complete(run.Context, completed);
                }
                catch (Exception e)
                {
                    // Every stage is completed, whatever an earlier one threw. The first failure is the
                    // run's (its last work, the last snapshot's file say, failed: by the stage's name); a
                    // later one is logged rather than let out of the finally (and lost).
                    if (failure is null)
                    {
                        failure = e is DmaBufException ? e : new PipelineFailureException($"stage {run!.Id} failed: {e.GetType().Name}: {e.Message}", e);
                    }
                    else
                    {
                        LogCompleteFailed(_logger, run!.Id, e);
                    }
                }
            }

            completed &= failure is null;

            timeline?.Mark("completed");
        }

        var allocated = completed && window.Frames > 0 ? runs.Sum(r => r!.AllocatedBytes) / (double)window.Frames : 0;
        StageTiming[] stages = [.. runs.OfType<StageRun>().Select(r => new StageTiming(r.Id, r.TimedFrames, Milliseconds(r.BusyTicks),
            Milliseconds(r.WaitTicks), Milliseconds(r.HandoffTicks)))];
        return new RunOutcome(completed, failure, stopwatch.Elapsed, width, height, buffers, joins, allocated, recorder, copiedBetweenStages, stages);
    }

    /// <summary>
    /// One stage's thread: per frame, take the input frame (a consumer) and the output buffer (a
    /// producer), process, release both with the frame's outcome. Ends when the input ends or, for a
    /// source, after the last frame; closes its output link either way.
    /// </summary>
    private static void RunStage(StageRun run, int frames, RunRecorder recorder, CancellationTokenSource stop, AllocationWindow window,
        StallWatcher watcher, StartupTimeline? timeline)
    {
        var ct = stop.Token;
        var measureFrom = Math.Max(window.First, run.FirstFrame);
        var measuring = false;
        var start = 0L;
        try
        {
            for (var frame = run.FirstFrame; ; frame++)
            {
                if (frame == measureFrom && frame < window.End)
                {
                    (measuring, start) = (true, GC.GetAllocatedBytesForCurrentThread());
                }
                else if (frame == window.End && measuring)
                {
                    (measuring, run.AllocatedBytes) = (false, GC.GetAllocatedBytesForCurrentThread() - start);
                }

                ct.ThrowIfCancellationRequested();
                var timed = measuring;
                var started = timed ? Stopwatch.GetTimestamp() : 0;
                var input = default(ReadLease);
                if (run.Input is { } link)
                {
                    if (!link.TryAcquireRead(run.ConsumerIndex, ct, out input))
                    {
                        break;
                    }

                    Debug.Assert(input.Frame == frame, "a consumer reads the frames of its link in order");
                }
                else if (frame >= frames)
                {
                    break;
                }

                run.Frame = frame;
                var output = default(WriteLease);
                Exception? failure = null;
                var hang = false;
                try
                {
                    if (run.Output is { } outLink)
                    {
                        output = outLink.AcquireWrite(frame, ct);
                    }

                    if (frame == run.ThrowsAt)
                    {
                        throw new InjectedFaultException($"{run.Id} throws at frame {frame} (Faults:StageThrows)");
                    }

                    var acquired = timed ? Stopwatch.GetTimestamp() : 0;
                    run.Stage.ProcessFrame(new StageFrame(frame, input.View, output.View), ct);
                    if (timed)
                    {
                        var processed = Stopwatch.GetTimestamp();
                        (run.WaitTicks, run.BusyTicks, run.TimedFrames) = (run.WaitTicks + acquired - started, run.BusyTicks + processed - acquired, run.TimedFrames + 1);
                        started = processed;
                    }

                    hang = frame == run.HangsAt;
                }
                catch (Exception e)
                {
                    // Consumers waiting on this frame learn of the failure instead of stalling.
                    failure = e;
                    throw;
                }
                finally
                {
                    if (!hang)
                    {
                        output.Release(failure);
                        input.Release(failure);
                        if (timed && failure is null)
                        {
                            run.HandoffTicks += Stopwatch.GetTimestamp() - started;
                        }
                    }
                }

                if (hang)
                {
                    Hang(run, frame, output.Withhold(), input.Withhold(), watcher, ct);
                }

                if (run.CountsFrames)
                {
                    recorder.FrameDone(run.SinkIndex);
                    if (frame == 0 && run.SinkIndex == 0)
                    {
                        timeline?.Mark("first frame");
                    }
                }
            }

            if (measuring)
            {
                run.AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - start;
            }
        }
        catch (OperationCanceledException e) when (ct.IsCancellationRequested)
        {
            run.Failure = e;
        }
        catch (Exception e)
        {
            // A plugin's own error (a bug, an I/O failure) says which stage it came from; the framework's say it themselves.
            run.Failure = e is DmaBufException ? e : new PipelineFailureException($"stage {run.Id} failed: {e.GetType().Name}: {e.Message}", e);
            stop.Cancel();
        }
        finally
        {
            run.Output?.Close();
        }
    }

    private static double Milliseconds(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 1);

    private void InjectFaults(StageRun[] all)
    {
        if (faults is null)
        {
            return;
        }

        foreach (var run in all)
        {
            run.ThrowsAt = faults.StageThrowsAt is { } throws && throws.Stage == run.Id ? throws.Frame : -1;
            run.HangsAt = faults.FenceNeverSignalledAt is { } hangs && hangs.Stage == run.Id ? hangs.Frame : -1;
        }
    }

    /// <summary>
    /// <c>Faults:FenceNeverSignalled</c>: the stage's device hangs after <paramref name="frame"/>. Its
    /// leases are released with their fences pending, so whoever needs those buffers next waits; the
    /// stall watcher, told of the hang, reports it. The stage's thread waits for the run to stop and
    /// ends cancelled; <see cref="ResetHungDevices"/> signals the fences once every thread has ended.
    /// </summary>
    private static void Hang(StageRun run, int frame, WithheldFence? write, WithheldFence? read, StallWatcher watcher, CancellationToken ct)
    {
        run.InjectedFault = $"injected fault: Faults:FenceNeverSignalled={run.Id}@{frame}";
        run.Withheld = [.. new[] { write, read }.OfType<WithheldFence>().Select(w => w.Fence)];
        watcher.Hung(run, (write ?? read)!.Value, write is null ? "read" : "write", frame);
        ct.WaitHandle.WaitOne();
        watcher.Done(run);
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Signals the fences hung devices withheld, with an error, as a device reset would, so that
    /// nothing is left pending when the buffers go. Only once every stage thread has ended: no
    /// consumer can take a reset frame for a written one.
    /// </summary>
    private static void ResetHungDevices(StageRun?[] runs)
    {
        foreach (var run in runs)
        {
            foreach (var fence in run?.Withheld ?? [])
            {
                run!.Timeline.Signal(fence, new InjectedFaultException($"{run.Id}'s device was reset after its fences hung (Faults:FenceNeverSignalled)"));
            }
        }
    }

    /// <summary>Elements with every producer before its consumers (the description's order where it allows).</summary>
    private static int[] TopologicalOrder(PipelinePlan plan)
    {
        var inputs = new int[plan.Elements.Count];
        foreach (var link in plan.Links)
        {
            if (++inputs[link.Consumer] > 1)
            {
                throw new InvalidOperationException($"element {link.Consumer} has more than one input");
            }
        }

        var order = new List<int>(plan.Elements.Count);
        var ready = new Queue<int>(Enumerable.Range(0, plan.Elements.Count).Where(i => inputs[i] == 0));
        while (ready.TryDequeue(out var element))
        {
            order.Add(element);
            foreach (var link in plan.Links.Where(l => l.Producer == element))
            {
                if (--inputs[link.Consumer] == 0)
                {
                    ready.Enqueue(link.Consumer);
                }
            }
        }

        return order.Count == plan.Elements.Count ? [.. order] : throw new InvalidOperationException("the pipeline graph has a cycle");
    }

    /// <summary>Configures every stage, then settles each link's caps in pipeline order, before any buffer exists.</summary>
    private void Configure(PipelinePlan plan, int[] order, StageRun?[] runs, RunRecorder recorder)
    {
        var first = new int[plan.Elements.Count];
        foreach (var i in order)
        {
            var element = plan.Elements[i];
            var input = plan.Links.Where(l => l.Consumer == i).Select(l => (int?)l.Producer).SingleOrDefault();
            first[i] = Math.Max(element.StartAt ?? 0, input is { } producer ? first[producer] : 0);
            var context = new StageContext(element.Stage, plan.Frames, plan.DefaultCaps, plan.OutputDirectory, element.Options, recorder,
                loggers.CreateLogger("PluggableDmaBuf.Stages." + element.Stage.Id));
            element.Stage.Configure(context);
            runs[i] = new StageRun(element.Stage, context, first[i]);
        }

        foreach (var i in order)
        {
            var producer = runs[i]!;
            StageRun[] consumers = [.. plan.Links.Where(l => l.Producer == i).Select(l => runs[l.Consumer]!)];
            if (consumers.Length == 0)
            {
                continue;
            }

            var stream = producer.Stage.ResolveOutput(producer.Context, producer.Context.InputCaps);
            var caps = LinkCapsResolver.Resolve($"{producer.Id}\u2192{string.Join("+", consumers.Select(c => c.Id))}",
                producer.Stage, [.. consumers.Select(c => c.Stage)], stream);
            producer.Context.OutputCaps = caps;
            foreach (var consumer in consumers)
            {
                consumer.Context.InputCaps = caps;
            }
        }
    }

    /// <summary>Creates the links into <paramref name="links"/> as it goes, so that a failure half-way still tears down what was made.</summary>
    private void CreateLinks(PipelinePlan plan, int[] order, StageRun?[] runs, List<PipelineLink> links, StallWatcher watcher, CancellationToken stop)
    {
        foreach (var i in order)
        {
            var producer = runs[i]!;
            PlanLink[] outputs = [.. plan.Links.Where(l => l.Producer == i)];
            if (outputs.Length == 0)
            {
                continue;
            }

            LinkReader[] consumers = [.. outputs.Select(l => new LinkReader(runs[l.Consumer]!, plan.Elements[l.Consumer].StartAt))];
            var link = new PipelineLink(producer, consumers, plan.LinkDepth, watcher, plan.StallTimeout, plan.CopyBetweenStages);
            links.Add(link);
            producer.Output = link;
            for (var c = 0; c < consumers.Length; c++)
            {
                consumers[c].Stage.Input = link;
                consumers[c].Stage.ConsumerIndex = c;
            }

            // Present consumers are participants; a late consumer is only announced through its usage,
            // which a central allocator turns into a potential consumer and the exporter fallback ignores.
            var caps = producer.Context.OutputCaps!;
            var usage = producer.Stage.Output!.Usage.Concat(consumers.SelectMany(c => c.Stage.Stage.Input!.Usage)).Distinct(StringComparer.Ordinal).ToArray();
            var request = BufferRequest.ForImage(caps.Width, caps.Height, [caps.Format], producer.Stage.Device.Name,
                consumers.Where(c => c.JoinAt is null).Select(c => c.Stage.Stage.Device.Name), usage).WithModifier(caps.Modifier);
            link.CreateBuffers(allocator, request, producer.Stage.OutputExporter, stop);
            LogLink(_logger, link.Name, request.ToString(), allocator.Kind);
        }
    }

    /// <summary>The run's frame count follows the sinks that see every frame from the first (not those behind a late consumer).</summary>
    private static void CountSinks(StageRun[] all, RunRecorder recorder)
    {
        var sinks = 0;
        foreach (var run in all)
        {
            if (run.Output is null && run.FirstFrame == 0)
            {
                run.CountsFrames = true;
                run.SinkIndex = sinks++;
            }
        }

        recorder.CountSinks(sinks);
    }

    /// <summary>The copy baseline's copies added to the buffers they went into, and their total; the buffers as they are when the links share.</summary>
    private static (IReadOnlyList<BufferInfo> Buffers, long Copied) WithStageCopies(IReadOnlyList<BufferInfo> buffers, List<PipelineLink> links)
    {
        var copies = links.SelectMany(l => l.CopiedBytesByBuffer()).ToDictionary(c => c.Key, c => c.Value);
        if (copies.Count == 0)
        {
            return (buffers, 0);
        }

        return ([.. buffers.Select(b => copies.TryGetValue(b.Id, out var bytes) ? b with { BytesCopied = b.BytesCopied + bytes } : b)], copies.Values.Sum());
    }

    /// <summary>The late consumers' joins, with what their link's buffers cost in copies and migrations.</summary>
    private static LateJoin[] LateJoins(List<PipelineLink> links, IReadOnlyList<BufferInfo> buffers)
    {
        var joins = new List<LateJoin>();
        foreach (var link in links)
        {
            var ids = link.Buffers.Select(b => b.Id).ToHashSet();
            var mine = buffers.Where(b => ids.Contains(b.Id)).ToArray();
            var copied = mine.Sum(b => b.BytesCopied);
            var migrations = mine.Sum(b => (long)b.Migrations);
            foreach (var join in link.LateJoins())
            {
                joins.Add(join.Outcome == "attached"
                    ? join with { Outcome = migrations > 0 ? "migrated" : "attached", BytesCopied = copied, Migrations = migrations }
                    : join);
            }
        }

        return [.. joins];
    }

    [LoggerMessage(EventId = LoggerEventIds.LinkAllocated, Level = LogLevel.Debug, Message = "Link {Link}: {Request}, allocated by the {Allocator} allocator")]
    private static partial void LogLink(ILogger logger, string link, string request, string allocator);

    [LoggerMessage(EventId = LoggerEventIds.StageCompleteFailed, Level = LogLevel.Warning, Message = "Stage {Stage} failed to complete after the run had already failed")]
    private static partial void LogCompleteFailed(ILogger logger, string stage, Exception error);
}
