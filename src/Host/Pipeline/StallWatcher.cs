using System.Diagnostics;
using System.Globalization;
using PluggableDmaBuf.Host.Pipeline.Links;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// One per run: knows which buffer each blocked stage waits for and which stage holds it up, and when
/// a wait outlasts the stall timeout, follows the chain of waits to the holder that is not itself
/// waiting — the cause — reports it (<see cref="Stall"/>) and stops the run. A late consumer waiting
/// for its frame is not stalled, nor is anything waiting on it.
/// </summary>
/// <remarks>Stage threads register and clear waits under their link's lock; the watcher takes only its own.</remarks>
internal sealed class StallWatcher : IDisposable
{
    private readonly Lock _lock = new();
    private readonly IReadOnlyList<StageRun> _stages;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationTokenSource _done = new();
    private readonly Thread _thread;

    public StallWatcher(IReadOnlyList<StageRun> stages, TimeSpan timeout, CancellationTokenSource stop)
    {
        _stages = stages;
        _timeout = timeout;
        _stop = stop;
        _thread = new Thread(Watch) { IsBackground = true, Name = "pdmabuf stall watcher" };
    }

    /// <summary>The stall that stopped the run, if one did.</summary>
    public StallException? Stall { get; private set; }

    public void Start() => _thread.Start();

    /// <summary>Records that <paramref name="waiter"/> is blocked on <paramref name="slot"/> of <paramref name="link"/>, held up by <paramref name="holder"/>.</summary>
    public void Waiting(StageRun waiter, PipelineLink link, int slot, StageRun holder)
    {
        lock (_lock)
        {
            if (waiter.WaitingSince == 0)
            {
                waiter.WaitingSince = Stopwatch.GetTimestamp();
            }

            waiter.WaitLink = link;
            waiter.WaitSlot = slot;
            waiter.WaitHolder = holder;
            waiter.WaitFence = null;
        }
    }

    /// <summary>
    /// Records that <paramref name="stage"/>'s device hung with <paramref name="fence"/> (its
    /// <paramref name="kind"/> fence for <paramref name="frame"/>) pending: a wait on itself, which ends
    /// any chain of waits that leads to it and is reported once it outlasts the timeout, whether or not
    /// another stage is waiting for the fence yet.
    /// </summary>
    public void Hung(StageRun stage, WithheldFence fence, string kind, int frame)
    {
        lock (_lock)
        {
            stage.WaitingSince = Stopwatch.GetTimestamp();
            stage.WaitLink = fence.Link;
            stage.WaitSlot = fence.Slot;
            stage.WaitHolder = stage;
            stage.WaitFence = kind;
            stage.WaitFrame = frame;
        }
    }

    public void Done(StageRun waiter)
    {
        lock (_lock)
        {
            waiter.WaitingSince = 0;
            waiter.WaitLink = null;
            waiter.WaitHolder = null;
            waiter.WaitFence = null;
        }
    }

    public void Dispose()
    {
        _done.Cancel();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _done.Dispose();
    }

    private void Watch()
    {
        // A quarter of the timeout: a stall is reported between 1 and 1.25 timeouts after it began.
        var period = TimeSpan.FromTicks(Math.Clamp(_timeout.Ticks / 4, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerSecond));
        var handle = _done.Token.WaitHandle;
        while (!handle.WaitOne(period))
        {
            if (Find() is { } stall)
            {
                Stall = stall;
                _stop.Cancel();
                return;
            }
        }
    }

    private StallException? Find()
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var stage in _stages)
            {
                if (stage.WaitingSince != 0 && Stopwatch.GetElapsedTime(stage.WaitingSince, now) >= _timeout && Cause(stage) is { } cause)
                {
                    var (waiter, holder) = cause;
                    var waited = Stopwatch.GetElapsedTime(waiter.WaitingSince, now).TotalSeconds;
                    return new StallException(waiter.WaitFence is { } fence
                        ? string.Create(CultureInfo.InvariantCulture,
                            $"pipeline stalled: {waiter.Id} has not signalled its {fence} fence for frame {waiter.WaitFrame} on buffer #{waiter.WaitSlot} of link {waiter.WaitLink!.Name} for {waited:0.0#} s{FaultNote(waiter)}")
                        : string.Create(CultureInfo.InvariantCulture,
                            $"pipeline stalled: {waiter.Id} waited {waited:0.0#} s for buffer #{waiter.WaitSlot} of link {waiter.WaitLink!.Name}, whose {holder.Id} has not finished frame {Math.Max(holder.Frame, holder.FirstFrame)}"));
                }
            }

            return null;
        }
    }

    private static string FaultNote(StageRun stage) => stage.InjectedFault is { } fault ? $" ({fault})" : "";

    /// <summary>Follows the waits from <paramref name="waiter"/> to the last waiter whose holder is not waiting; null when the chain ends at an idle late consumer.</summary>
    private static (StageRun Waiter, StageRun Holder)? Cause(StageRun waiter)
    {
        for (var hops = 0; ; hops++)
        {
            // A hung device's own fence is where every chain of waits through it ends.
            if (waiter.WaitFence is not null)
            {
                return (waiter, waiter);
            }

            var holder = waiter.WaitHolder!;
            if (holder.Idle)
            {
                return null;
            }

            // A cycle of waits cannot arise in a graph without cycles; stop rather than loop if it did.
            if (holder.WaitFence is not null)
            {
                return (holder, holder);
            }

            if (holder.WaitingSince == 0 || holder.WaitHolder is null || hops > 64)
            {
                return (waiter, holder);
            }

            waiter = holder;
        }
    }
}
