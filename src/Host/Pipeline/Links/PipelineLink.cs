using System.Diagnostics;
using PluggableDmaBuf.Core.Fences;

namespace PluggableDmaBuf.Host.Pipeline.Links;

/// <summary>
/// A link of a pipeline: a small pool of shared buffers written by one producer and read by every
/// consumer of the frame (one pool per output, a read fence per consumer), handed out as leases.
/// </summary>
/// <remarks>
/// <para>The protocol, one round of a buffer: the producer takes the next buffer once every consumer
/// has released its previous frame, arms its write fence and adds it to the reservation, publishes
/// the frame and maps the buffer (<see cref="AcquireWrite"/>). Each consumer takes the published
/// frame, arms its read fence and adds it, waits until the producer has released the frame, and maps
/// it (<see cref="TryAcquireRead"/>). A release unmaps, signals the holder's fence (the producer's with
/// its error, so that consumers never use a failed frame), then updates the link.</para>
/// <para>One lock guards the state (slots and consumers, small structs); fences are signalled, and
/// reservations waited for, outside it. The link's own fences are one per buffer and holder and are
/// re-armed for the next round only once signalled and dropped from the reservation, so the steady
/// state allocates nothing. A fence that someone else adds to a buffer is honoured by a reservation
/// wait. A late consumer joins at its frame between two of the producer's frames: attached to every
/// buffer (the core migrates them if it must) or refused, which ends its branch.</para>
/// </remarks>
internal sealed class PipelineLink : IDisposable
{
    private readonly object _gate = new();
    private readonly LinkSlot[] _slots;
    private readonly LinkConsumer[] _consumers;
    private readonly IDmaBuf?[] _buffers;
    private readonly DmaBufAttachment?[][] _attachments;
    private readonly DmaBufMapping?[][] _mappings;
    private readonly IDmaFence?[] _writeFences;
    private readonly IDmaFence?[][] _readFences;
    private readonly StageRun _producer;
    private readonly StageRun[] _consumerStages;
    private readonly StallWatcher _watcher;
    private readonly TimeSpan _stallTimeout;
    private readonly LateJoin?[] _joins;
    private readonly bool[] _late;
    private readonly LinkCopies? _copies;
    private IBufferAllocator? _allocator;
    private BufferRequest? _request;
    private CancellationTokenRegistration _wake;
    private bool _closed;

    /// <param name="copyBetweenStages">The copy baseline: each consumer gets the frame copied into a buffer of its own (see <see cref="LinkCopies"/>).</param>
    public PipelineLink(StageRun producer, IReadOnlyList<LinkReader> consumers, int depth, StallWatcher watcher, TimeSpan stallTimeout,
        bool copyBetweenStages = false)
    {
        _producer = producer;
        _consumerStages = [.. consumers.Select(c => c.Stage)];
        _watcher = watcher;
        _stallTimeout = stallTimeout;
        FirstFrame = producer.FirstFrame;
        _slots = new LinkSlot[depth];
        _buffers = new IDmaBuf?[depth];
        _writeFences = new IDmaFence?[depth];
        _attachments = new DmaBufAttachment?[depth][];
        _mappings = new DmaBufMapping?[depth][];
        _readFences = new IDmaFence?[depth][];
        _copies = copyBetweenStages ? new LinkCopies(depth, consumers.Count) : null;
        for (var s = 0; s < depth; s++)
        {
            _attachments[s] = new DmaBufAttachment?[consumers.Count + 1];
            _mappings[s] = new DmaBufMapping?[consumers.Count + 1];
            _readFences[s] = new IDmaFence?[consumers.Count];
        }

        _consumers = new LinkConsumer[consumers.Count];
        _joins = new LateJoin?[consumers.Count];
        _late = [.. consumers.Select(c => c.JoinAt is not null)];
        for (var c = 0; c < consumers.Count; c++)
        {
            var late = consumers[c].JoinAt is not null;
            var at = Math.Max(consumers[c].JoinAt ?? FirstFrame, FirstFrame);
            _consumers[c] = new LinkConsumer { State = late ? JoinState.Pending : JoinState.Joined, JoinAt = at, NextFrame = at, Holding = -1 };
        }

        Name = $"{producer.Id}\u2192{string.Join("+", consumers.Where(c => c.JoinAt is null).Select(c => c.Stage.Id))}";
    }

    /// <summary>
    /// How long a reservation wait lasts before it fails on its own: twice the stall timeout, so that a
    /// fence that never comes is reported by the stall watcher, which names whose fence it is, first.
    /// </summary>
    private TimeSpan FenceBackstop => _stallTimeout * 2;

    /// <summary><c>producer→consumer+consumer</c> (consumers present from the first frame); buffers are named after it.</summary>
    public string Name { get; }

    /// <summary>The first frame the producer writes.</summary>
    public int FirstFrame { get; }

    public int Depth => _slots.Length;

    public IEnumerable<IDmaBuf> Buffers => _buffers.OfType<IDmaBuf>();

    /// <summary>Bytes copied into each consumer's own buffers by buffer id (the copy baseline); empty when the link shares. Read after the run.</summary>
    public IReadOnlyDictionary<long, long> CopiedBytesByBuffer() => _copies?.BytesCopiedByBuffer() ?? new Dictionary<long, long>();

    /// <summary>What each late consumer's join came to, in consumer order; <c>not reached</c> when its frame never came. Read after the run.</summary>
    public IEnumerable<LateJoin> LateJoins()
    {
        for (var c = 0; c < _consumers.Length; c++)
        {
            if (_late[c])
            {
                yield return _joins[c] ?? new LateJoin(_consumerStages[c].Id, Name, _consumers[c].JoinAt, "not reached", null, 0, 0);
            }
        }
    }

    /// <summary>
    /// Creates the buffers one by one, attaching the producer and every consumer present from the first
    /// frame (and, for the copy baseline, their own buffers); a failure half-way leaves what was made for <see cref="Dispose"/>.
    /// </summary>
    public void CreateBuffers(IBufferAllocator allocator, BufferRequest request, DmaBufExporter? exporter, CancellationToken stop)
    {
        (_allocator, _request) = (allocator, request);
        for (var s = 0; s < _slots.Length; s++)
        {
            var buffer = _buffers[s] = allocator.Allocate(request, $"{Name} #{s}", exporter);
            _attachments[s][0] = buffer.Attach(_producer.Stage.Device);
            for (var c = 0; c < _consumers.Length; c++)
            {
                if (_consumers[c].State is JoinState.Joined)
                {
                    _attachments[s][c + 1] = buffer.Attach(_consumerStages[c].Stage.Device);
                }
            }
        }

        for (var c = 0; c < _consumers.Length; c++)
        {
            if (_consumers[c].State is JoinState.Joined)
            {
                CreateCopies(c);
            }
        }

        _wake = stop.UnsafeRegister(static state => ((PipelineLink)state!).WakeAll(), this);
    }

    /// <summary>The producer takes the buffer for <paramref name="frame"/> (frames come in order), joining late consumers due by then.</summary>
    public WriteLease AcquireWrite(int frame, CancellationToken cancellationToken)
    {
        JoinDue(frame);
        var slot = (frame - FirstFrame) % _slots.Length;
        var waited = false;
        try
        {
            lock (_gate)
            {
                CheckLocked();
                while (_slots[slot].Phase is SlotPhase.Reserved or SlotPhase.Writing || _slots[slot].Readers > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    _watcher.Waiting(_producer, this, slot, HolderOfLocked(slot));
                    waited = true;
                    Monitor.Wait(_gate);
                }

                cancellationToken.ThrowIfCancellationRequested();
                _slots[slot] = new LinkSlot { Phase = SlotPhase.Reserved, Frame = frame };
            }
        }
        finally
        {
            if (waited)
            {
                _watcher.Done(_producer);
            }
        }

        var buffer = _buffers[slot]!;
        try
        {
            // The link's own fences are signalled by now unless a holder's device hung; anything else
            // pending was added by someone else.
            WaitForFences(_producer, buffer, slot, FenceUsage.Read, cancellationToken);

            buffer.Reservation.Add(Arm(ref _writeFences[slot], _producer.Timeline, buffer), FenceUsage.Write);
        }
        catch
        {
            lock (_gate)
            {
                _slots[slot].Phase = SlotPhase.Free;
                Monitor.PulseAll(_gate);
            }

            throw;
        }

        lock (_gate)
        {
            CheckLocked();
            Debug.Assert(_slots[slot].Phase == SlotPhase.Reserved && _slots[slot].Frame == frame);
            var readers = 0;
            foreach (ref readonly var consumer in _consumers.AsSpan())
            {
                if (consumer.State is JoinState.Joined)
                {
                    readers++;
                }
            }

            _slots[slot].Phase = SlotPhase.Writing;
            _slots[slot].Readers = readers;
            Monitor.PulseAll(_gate);
        }

        try
        {
            return new WriteLease(this, slot, new StageBuffer(buffer, Map(slot, 0, DmaDirection.FromDevice)));
        }
        catch (Exception e)
        {
            // Published already: the consumers learn of the failure from the frame rather than wait for it.
            ReleaseWrite(slot, e);
            throw;
        }
    }

    /// <summary>
    /// Consumer <paramref name="consumer"/> takes its next frame, once written. False at the end: the
    /// producer is done, or a late consumer's join was refused or never came.
    /// </summary>
    /// <exception cref="FenceErrorException">The producer failed the frame; a cancellation upstream stays a cancellation.</exception>
    public bool TryAcquireRead(int consumer, CancellationToken cancellationToken, out ReadLease lease)
    {
        lease = default;
        var stage = _consumerStages[consumer];
        int slot;
        int frame;
        var waited = false;
        try
        {
            lock (_gate)
            {
                CheckLocked();
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    ref var me = ref _consumers[consumer];
                    if (me.State is JoinState.Refused)
                    {
                        return false;
                    }

                    frame = me.NextFrame;
                    slot = (frame - FirstFrame) % _slots.Length;
                    ref readonly var state = ref _slots[slot];
                    if (me.State is JoinState.Joined && state.Frame == frame && state.Phase is SlotPhase.Writing or SlotPhase.Written)
                    {
                        me.Holding = slot;
                        break;
                    }

                    if (_closed)
                    {
                        return false;
                    }

                    // Before its frame a late consumer is idle, not stalled.
                    stage.Idle = me.State is JoinState.Pending;
                    if (!stage.Idle)
                    {
                        _watcher.Waiting(stage, this, slot, _producer);
                        waited = true;
                    }

                    Monitor.Wait(_gate);
                }

                stage.Idle = false;
            }
        }
        finally
        {
            if (waited)
            {
                _watcher.Done(stage);
            }
        }

        var buffer = _buffers[slot]!;
        Exception? failure = null;
        try
        {
            buffer.Reservation.Add(Arm(ref _readFences[slot][consumer], stage.Timeline, buffer), FenceUsage.Read);
            waited = false;
            lock (_gate)
            {
                while (_slots[slot].Phase is not SlotPhase.Written)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    _watcher.Waiting(stage, this, slot, _producer);
                    waited = true;
                    Monitor.Wait(_gate);
                }

                failure = _slots[slot].Error;
            }

            if (failure is not null)
            {
                throw failure is OperationCanceledException ? new OperationCanceledException(failure.Message, failure)
                    : new FenceErrorException(_writeFences[slot]!, failure);
            }

            WaitForFences(stage, buffer, slot, FenceUsage.Write, cancellationToken);

            var view = new StageBuffer(buffer, Map(slot, consumer + 1, DmaDirection.ToDevice));
            lease = new ReadLease(this, consumer, slot, frame, _copies?.Copy(slot, consumer, view) ?? view);
            return true;
        }
        catch (Exception e)
        {
            ReleaseRead(consumer, slot, e);
            throw;
        }
        finally
        {
            if (waited)
            {
                _watcher.Done(stage);
            }
        }
    }

    public void ReleaseWrite(int slot, Exception? error)
    {
        Unmap(slot, 0);
        _producer.Timeline.Signal(_writeFences[slot]!, error);
        MarkWritten(slot, error);
    }

    /// <summary>
    /// <see cref="ReleaseWrite"/> without signalling the write fence: the link takes the frame as
    /// written, but whoever needs the buffer next waits for a fence that does not come (a hung device,
    /// injected by <c>Faults:FenceNeverSignalled</c>). Returns the pending fence.
    /// </summary>
    public IDmaFence WithholdWrite(int slot)
    {
        Unmap(slot, 0);
        MarkWritten(slot, null);
        return _writeFences[slot]!;
    }

    public void ReleaseRead(int consumer, int slot, Exception? error)
    {
        _copies?.Unmap(slot, consumer);
        Unmap(slot, consumer + 1);
        if (_readFences[slot][consumer] is { IsSignaled: false } fence)
        {
            _consumerStages[consumer].Timeline.Signal(fence, error);
        }

        MarkRead(consumer, slot);
    }

    /// <summary><see cref="ReleaseRead"/> without signalling the read fence (see <see cref="WithholdWrite"/>). Returns the pending fence.</summary>
    public IDmaFence WithholdRead(int consumer, int slot)
    {
        _copies?.Unmap(slot, consumer);
        Unmap(slot, consumer + 1);
        MarkRead(consumer, slot);
        return _readFences[slot][consumer]!;
    }

    private void MarkWritten(int slot, Exception? error)
    {
        lock (_gate)
        {
            CheckLocked();
            Debug.Assert(_slots[slot].Phase == SlotPhase.Writing);
            _slots[slot].Phase = SlotPhase.Written;
            _slots[slot].Error = error;
            Monitor.PulseAll(_gate);
        }
    }

    private void MarkRead(int consumer, int slot)
    {
        lock (_gate)
        {
            CheckLocked();
            ref var me = ref _consumers[consumer];
            Debug.Assert(me.Holding == slot && _slots[slot].Readers > 0);
            me.Holding = -1;
            me.NextFrame++;
            _slots[slot].Readers--;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The producer is done (every frame, or it failed): consumers waiting for more frames end.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Detaches every attachment and drops every buffer, tolerating any state a failure left.</summary>
    public void Dispose()
    {
        _wake.Dispose();
        _copies?.Dispose();
        for (var s = 0; s < _buffers.Length; s++)
        {
            if (_buffers[s] is not { } buffer)
            {
                continue;
            }

            for (var p = 0; p < _attachments[s].Length; p++)
            {
                LinkTeardown.Release(ref _mappings[s][p], _attachments[s][p]);
            }

            LinkTeardown.Drop(buffer);
        }
    }

    /// <summary>The link's invariants, checked at the top of its locked blocks in debug builds.</summary>
    [Conditional("DEBUG")]
    private void CheckLocked()
    {
        Debug.Assert(Monitor.IsEntered(_gate));
        foreach (ref readonly var slot in _slots.AsSpan())
        {
            Debug.Assert(slot.Readers >= 0 && slot.Readers <= _consumers.Length, "readers of a frame are the consumers joined when it was published");
            Debug.Assert(slot.Phase is not (SlotPhase.Free or SlotPhase.Reserved) || slot.Readers == 0, "a buffer nobody may read has no readers");
        }

        foreach (ref readonly var consumer in _consumers.AsSpan())
        {
            Debug.Assert(consumer.Holding < 0 || (_slots[consumer.Holding].Frame == consumer.NextFrame &&
                _slots[consumer.Holding].Phase is SlotPhase.Writing or SlotPhase.Written), "a consumer holds the frame it reads next");
            Debug.Assert(consumer.State is JoinState.Joined || consumer.Holding < 0, "only a joined consumer holds a buffer");
        }
    }

    private void WakeAll()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Who a producer waiting for <paramref name="slot"/> waits on: the first consumer that has not released its frame.</summary>
    private StageRun HolderOfLocked(int slot)
    {
        Debug.Assert(Monitor.IsEntered(_gate));
        var frame = _slots[slot].Frame;
        for (var c = 0; c < _consumers.Length; c++)
        {
            ref readonly var consumer = ref _consumers[c];
            if (consumer.State is JoinState.Joined && (consumer.Holding == slot || consumer.NextFrame <= frame))
            {
                return _consumerStages[c];
            }
        }

        return _producer;
    }

    /// <summary>
    /// Joins every late consumer due at <paramref name="frame"/>, on the producer's thread between two of
    /// its frames: attached to every buffer, or refused with the placement conflict (its branch ends).
    /// </summary>
    private void JoinDue(int frame)
    {
        for (var c = 0; c < _consumers.Length; c++)
        {
            JoinState state;
            lock (_gate)
            {
                state = _consumers[c].State;
            }

            if (state is not JoinState.Pending || _consumers[c].JoinAt > frame)
            {
                continue;
            }

            var device = _consumerStages[c].Stage.Device;
            var made = 0;
            try
            {
                for (; made < _buffers.Length; made++)
                {
                    _attachments[made][c + 1] = _buffers[made]!.Attach(device);
                }
            }
            catch (BufferPlacementConflictException e)
            {
                for (var s = 0; s < made; s++)
                {
                    _attachments[s][c + 1]!.Value.Detach();
                    _attachments[s][c + 1] = null;
                }

                _joins[c] = new LateJoin(_consumerStages[c].Id, Name, frame, "refused", e.Message, 0, 0);
                lock (_gate)
                {
                    _consumers[c].State = JoinState.Refused;
                    Monitor.PulseAll(_gate);
                }

                continue;
            }

            CreateCopies(c);
            _joins[c] = new LateJoin(_consumerStages[c].Id, Name, frame, "attached", null, 0, 0);
            lock (_gate)
            {
                _consumers[c].State = JoinState.Joined;
                _consumers[c].NextFrame = frame;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>
    /// Waits for the fences of <paramref name="buffer"/> at <paramref name="usage"/>; while one of the
    /// link's own is pending, the stall watcher knows whose, so a chain of waits leads to a hung device.
    /// </summary>
    private void WaitForFences(StageRun waiter, IDmaBuf buffer, int slot, FenceUsage usage, CancellationToken cancellationToken)
    {
        if (buffer.Reservation.IsSignaled(usage))
        {
            return;
        }

        var holder = PendingHolder(slot, usage);
        if (holder is not null)
        {
            _watcher.Waiting(waiter, this, slot, holder);
        }

        try
        {
            buffer.Reservation.Wait(usage, FenceBackstop, cancellationToken);
        }
        finally
        {
            if (holder is not null)
            {
                _watcher.Done(waiter);
            }
        }
    }

    /// <summary>The holder of one of the link's own fences of <paramref name="slot"/> still pending at <paramref name="usage"/>, if any.</summary>
    private StageRun? PendingHolder(int slot, FenceUsage usage)
    {
        if (_writeFences[slot] is { IsSignaled: false })
        {
            return _producer;
        }

        if (usage == FenceUsage.Read)
        {
            for (var c = 0; c < _consumerStages.Length; c++)
            {
                if (_readFences[slot][c] is { IsSignaled: false })
                {
                    return _consumerStages[c];
                }
            }
        }

        return null;
    }

    /// <summary>For the copy baseline, consumer <paramref name="consumer"/>'s own buffers, when it starts taking frames.</summary>
    private void CreateCopies(int consumer) =>
        _copies?.Create(consumer, _allocator!, _request!, _consumerStages[consumer].Stage.Device, _consumerStages[consumer].Stage.Input!.Usage, Name);

    private DmaBufMapping Map(int slot, int participant, DmaDirection direction)
    {
        var mapping = _attachments[slot][participant]!.Value.Map(direction);
        _mappings[slot][participant] = mapping;
        return mapping;
    }

    private void Unmap(int slot, int participant)
    {
        if (_mappings[slot][participant] is { } mapping)
        {
            _mappings[slot][participant] = null;
            mapping.Unmap();
        }
    }

    /// <summary>
    /// The holder's fence for its next access to <paramref name="buffer"/>: created on the first round,
    /// re-armed on later ones. The reservation is pruned first, so it no longer refers to the fence's
    /// previous round; only the holder's own thread signals and re-arms it.
    /// </summary>
    private static IDmaFence Arm(ref IDmaFence? fence, FenceTimeline timeline, IDmaBuf buffer)
    {
        if (fence is null)
        {
            return fence = timeline.CreateFence();
        }

        // A query prunes the signalled fences, this one's previous round among them.
        buffer.Reservation.IsSignaled(FenceUsage.Bookkeep);
        timeline.Rearm(fence);
        return fence;
    }
}
