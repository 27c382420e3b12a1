using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PluggableDmaBuf.Core.Accounting;
using PluggableDmaBuf.Core.Buffers;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// Runs a pipeline (design §7): one task per stage, stages connected by links of shared buffers
/// created through the allocator, every hand-over synchronised by fences in the buffers'
/// reservations (a consumer waits for the producer's write fence; a producer waits for the
/// consumers' read fences before writing a buffer again). Shuts down cleanly on the last frame,
/// on cancellation (Ctrl+C) and on a stage's failure: every mapping is unmapped, every attachment
/// detached and every buffer dropped, whatever happened.
/// </summary>
internal sealed partial class PipelineRunner(IBufferAllocator allocator, IFenceService fences, DmaBufCore core, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<PipelineRunner>();

    /// <summary>The stages (timeline names) blocked in a fence wait right now.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _waiting = new(StringComparer.Ordinal);

    public RunRecorder? Recorder { get; private set; }

    public RunOutcome Run(PipelinePlan plan, CancellationToken cancellationToken)
    {
        var recorder = Recorder = new RunRecorder(plan.Frames);
        var contexts = Configure(plan, recorder, out var width, out var height);
        var links = new List<PipelineLink>();
        PreviewOutcome? preview = null;
        var stopwatch = new Stopwatch();
        var completed = false;
        Exception? failure = null;
        IReadOnlyList<BufferInfo> buffers = [];
        try
        {
            CreateLinks(plan, width, height, links);
            buffers = core.Accounting.Snapshot();
            var previewState = new PreviewState(plan.PreviewAt);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stopwatch.Start();
            var tasks = plan.Stages.Select(stage => Task.Factory.StartNew(
                    () => RunStage(stage, plan, links, previewState, recorder, stop),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
                .ToList();
            if (plan.Preview is not null && plan.PreviewAt is not null)
            {
                tasks.Add(Task.Factory.StartNew(() => RunStage(plan.Preview, plan, links, previewState, recorder, stop),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
            }

            try
            {
                Task.WaitAll([.. tasks], CancellationToken.None);
                completed = true;
            }
            catch (AggregateException e)
            {
                failure = FirstFailure(e) ?? (cancellationToken.IsCancellationRequested ? new OperationCanceledException(cancellationToken) : e);
            }

            stopwatch.Stop();
            buffers = core.Accounting.Snapshot();
            preview = previewState.Outcome(plan, links, buffers);
        }
        catch (Exception e) when (failure is null)
        {
            failure = e;
        }
        finally
        {
            TearDown(links);
            foreach (var (stage, context) in contexts)
            {
                try
                {
                    stage.Complete(context, completed);
                }
                catch (Exception e) when (failure is null)
                {
                    failure = e;
                }
            }
        }

        return new RunOutcome(completed, failure, stopwatch.Elapsed, width, height, buffers, preview, recorder);
    }

    private Dictionary<PipelineStage, StageContext> Configure(PipelinePlan plan, RunRecorder recorder, out int width, out int height)
    {
        var contexts = new Dictionary<PipelineStage, StageContext>();
        width = plan.Width;
        height = plan.Height;
        var all = plan.Preview is null ? plan.Stages : [.. plan.Stages, plan.Preview];
        foreach (var stage in all)
        {
            var context = new StageContext(width, height, plan.Frames, plan.OutputDirectory, plan.Options, recorder,
                loggers.CreateLogger("PluggableDmaBuf.Stages." + stage.Id));
            stage.Configure(context);
            contexts.Add(stage, context);
            if (stage.OutputSize is { } size)
            {
                // A file source brings its own size; every later stage works at it.
                (width, height) = size;
            }
        }

        foreach (var context in contexts.Values)
        {
            context.Width = width;
            context.Height = height;
        }

        // Only now, with every input checked: a bad source leaves no empty output folder behind.
        Directory.CreateDirectory(plan.OutputDirectory);
        return contexts;
    }

    /// <summary>Creates the links into <paramref name="links"/> as it goes, so that a failure half-way still tears down what was made.</summary>
    private void CreateLinks(PipelinePlan plan, int width, int height, List<PipelineLink> links)
    {
        for (var i = 0; i + 1 < plan.Stages.Count; i++)
        {
            var producer = plan.Stages[i];
            var consumers = new List<LinkConsumer> { new(plan.Stages[i + 1], late: false) };
            if (i == 0 && plan.Preview is not null && plan.PreviewAt is not null)
            {
                consumers.Add(new LinkConsumer(plan.Preview, late: true));
            }

            // A candidate that needs an even width (YUYV) would make the whole request invalid at an
            // odd width, although the other candidates (NV12) can serve it: leave it out.
            var formats = producer.Output!.Formats
                .Where(f => consumers.All(c => c.Stage.Input!.Formats.Contains(f)) && (width % 2 == 0 || !f.RequiresEvenWidth))
                .ToArray();
            if (formats.Length == 0)
            {
                throw new BufferPlacementConflictException(new NegotiationConflict(ConstraintKind.Format,
                    [producer.Device.Name, .. consumers.Select(c => c.Stage.Device.Name)],
                    $"{producer.Id} produces {string.Join(", ", producer.Output.Formats)}; " +
                    string.Join("; ", consumers.Select(c => $"{c.Stage.Id} takes {string.Join(", ", c.Stage.Input!.Formats)}")) +
                    (width % 2 == 0 ? "" : $"; at the odd width {width}, only formats that allow an odd width")));
            }

            // Present consumers are participants; a late consumer is only announced through its usage,
            // which a central allocator turns into a potential consumer and the exporter fallback ignores.
            var usage = producer.Output.Usage.Concat(consumers.SelectMany(c => c.Stage.Input!.Usage)).Distinct(StringComparer.Ordinal).ToArray();
            var request = BufferRequest.ForImage(width, height, formats, producer.Device.Name,
                consumers.Where(c => !c.Late).Select(c => c.Stage.Device.Name), usage);
            var slots = new LinkSlot[plan.LinkDepth];
            var link = new PipelineLink(producer, consumers, slots);
            links.Add(link);
            for (var k = 0; k < slots.Length; k++)
            {
                slots[k] = new LinkSlot(allocator.Allocate(request, $"{link.Name} #{k}"));
                var buffer = slots[k].Buffer;
                slots[k].Attachments[producer.Id] = buffer.Attach(producer.Device);
                foreach (var consumer in consumers.Where(c => !c.Late))
                {
                    slots[k].Attachments[consumer.Stage.Id] = buffer.Attach(consumer.Stage.Device);
                }

                link.Free.Writer.TryWrite(k);
            }

            LogLink(_logger, link.Name, request.ToString(), allocator.Kind);
        }
    }

    private void RunStage(PipelineStage stage, PipelinePlan plan, List<PipelineLink> links, PreviewState preview, RunRecorder recorder,
        CancellationTokenSource stop)
    {
        var ct = stop.Token;
        var input = links.FirstOrDefault(l => l.Consumers.Any(c => c.Stage == stage));
        var consumer = input?.Consumers.First(c => c.Stage == stage);
        var output = links.FirstOrDefault(l => l.Producer == stage);
        var timeline = fences.CreateTimeline(stage.Id);
        var isSink = output is null && consumer is { Late: false };
        try
        {
            var first = consumer is { Late: true } ? plan.PreviewAt!.Value : 0;
            for (var frame = first; frame < plan.Frames; frame++)
            {
                ct.ThrowIfCancellationRequested();
                LinkSlot? inSlot = null;
                if (consumer is not null)
                {
                    if (!consumer.Ready.Reader.WaitToReadAsync(ct).AsTask().GetAwaiter().GetResult() ||
                        !consumer.Ready.Reader.TryRead(out var item))
                    {
                        return; // The producer stopped early (a refused late attach, or shutdown).
                    }

                    inSlot = input!.Slots[item.Slot];
                    frame = item.Frame;
                }

                var outIndex = -1;
                if (output is not null)
                {
                    outIndex = output.Free.Reader.ReadAsync(ct).AsTask().GetAwaiter().GetResult();
                    if (output == links[0] && frame == plan.PreviewAt)
                    {
                        preview.Attach(output);
                    }
                }

                var fence = timeline.CreateFence();
                try
                {
                    if (inSlot is not null)
                    {
                        inSlot.Buffer.Reservation.Add(fence, FenceUsage.Read);
                        if (Interlocked.Decrement(ref inSlot.PendingReaders) == 0)
                        {
                            input!.Free.Writer.TryWrite(Array.IndexOf(input.Slots, inSlot));
                        }
                    }

                    LinkSlot? outSlot = null;
                    if (output is not null)
                    {
                        outSlot = output.Slots[outIndex];
                        Wait(stage, outSlot.Buffer, FenceUsage.Read, plan.StallTimeout, ct);
                        outSlot.Buffer.Reservation.Add(fence, FenceUsage.Write);
                        outSlot.WriteFence = fence;
                        Publish(output, outIndex, frame);
                    }

                    if (inSlot is not null)
                    {
                        Wait(stage, inSlot.Buffer, FenceUsage.Write, plan.StallTimeout, ct);
                        ThrowIfUnfinished(inSlot.WriteFence!);
                    }

                    Process(stage, frame, inSlot, outSlot, ct);
                    timeline.Signal(fence);
                }
                catch (Exception e)
                {
                    // Consumers waiting on this fence learn of the failure instead of stalling.
                    timeline.Signal(fence, e);
                    throw;
                }

                if (isSink)
                {
                    recorder.FrameDone();
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            stop.Cancel();
            if (e is DmaBufException)
            {
                throw;
            }

            // A plugin's own error (a bug, an I/O failure): say which stage it came from.
            throw new PipelineFailureException($"stage {stage.Id} failed: {e.GetType().Name}: {e.Message}", e);
        }
        finally
        {
            if (output is not null)
            {
                foreach (var c in output.Consumers)
                {
                    c.Ready.Writer.TryComplete();
                }
            }
        }
    }

    private static void Publish(PipelineLink link, int slot, int frame)
    {
        var readers = 0;
        foreach (var consumer in link.Consumers)
        {
            if (consumer.Active)
            {
                readers++;
            }
        }

        Volatile.Write(ref link.Slots[slot].PendingReaders, readers);
        foreach (var consumer in link.Consumers)
        {
            if (consumer.Active)
            {
                consumer.Ready.Writer.TryWrite((slot, frame));
            }
        }
    }

    private static void Process(PipelineStage stage, int frame, LinkSlot? inSlot, LinkSlot? outSlot, CancellationToken ct)
    {
        DmaBufMapping? inMapping = null;
        DmaBufMapping? outMapping = null;
        try
        {
            inMapping = inSlot?.Attachments[stage.Id].Map(DmaDirection.ToDevice);
            outMapping = outSlot?.Attachments[stage.Id].Map(DmaDirection.FromDevice);
            stage.ProcessFrame(new StageFrame(
                    frame,
                    inSlot is null ? default : new StageBuffer(inSlot.Buffer, inMapping!.Value),
                    outSlot is null ? default : new StageBuffer(outSlot.Buffer, outMapping!.Value)),
                ct);
        }
        finally
        {
            outMapping?.Unmap();
            inMapping?.Unmap();
        }
    }

    private void Wait(PipelineStage stage, IDmaBuf buffer, FenceUsage usage, TimeSpan timeout, CancellationToken ct)
    {
        _waiting[stage.Id] = 0;
        try
        {
            for (var extended = false; ; extended = true)
            {
                try
                {
                    buffer.Reservation.Wait(usage, timeout, ct);
                    return;
                }
                catch (FenceTimeoutException e) when (!extended && _waiting.ContainsKey(e.TimelineName))
                {
                    // The fence's owner is itself stuck waiting on another stage's fence: it is not the
                    // cause. It reports the stall that names the cause (which cancels this wait) within
                    // its own timeout, so wait one more timeout rather than blame it first, by chance.
                }
                catch (FenceTimeoutException e)
                {
                    throw new StallException($"pipeline stalled: {stage.Id} waited for {buffer.Name}: {e.Message}", e);
                }
            }
        }
        finally
        {
            _waiting.TryRemove(stage.Id, out _);
        }
    }

    /// <summary>
    /// The wait returns once the producer's fence has signalled, with or without an error (and the
    /// reservation drops signalled fences, so only the slot still knows it): a frame whose producer
    /// failed was never finished and must not be read. An upstream cancellation stays a cancellation;
    /// another error fails this stage too, after the producer, whose own failure the run reports.
    /// </summary>
    private static void ThrowIfUnfinished(IDmaFence producerFence)
    {
        if (producerFence.Error is { } error)
        {
            throw error is OperationCanceledException ? new OperationCanceledException(error.Message, error) : new FenceErrorException(producerFence, error);
        }
    }

    private static Exception? FirstFailure(AggregateException e) =>
        e.Flatten().InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException);

    /// <summary>Detaches every attachment and drops every buffer, tolerating any state a failure left.</summary>
    private void TearDown(List<PipelineLink> links)
    {
        foreach (var link in links)
        {
            foreach (var slot in link.Slots)
            {
                if (slot is null)
                {
                    continue;
                }

                foreach (var attachment in slot.Attachments.Values)
                {
                    try
                    {
                        if (attachment.IsAttached)
                        {
                            attachment.Detach();
                        }
                    }
                    catch (DmaBufException e)
                    {
                        LogTearDown(_logger, slot.Buffer.Name, e.Message);
                    }
                }

                if (!slot.Buffer.IsReleased)
                {
                    slot.Buffer.Put();
                }
            }
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Link {Link}: {Request}, allocated by the {Allocator} allocator")]
    private static partial void LogLink(ILogger logger, string link, string request, string allocator);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Tearing down {Buffer}: {Reason}")]
    private static partial void LogTearDown(ILogger logger, string buffer, string reason);
}
