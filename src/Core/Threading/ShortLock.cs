using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace PluggableDmaBuf.Core.Threading;

/// <summary>
/// A mutual-exclusion lock for sections of bookkeeping only — a few counters, a token, a short list —
/// that never block, call out, copy or wait inside: one atomic to enter and a release store to leave.
/// </summary>
/// <remarks>
/// <para>Why not <see cref="Monitor"/> or <see cref="Lock"/>: both pay two atomics and a thread-id
/// lookup per enter and exit. Measured on the project's 2-core VM (an atomic costs 12–13 ns there), an
/// uncontended pair cost 31–34 ns with <see cref="Monitor"/>, 28–31 ns with <see cref="Lock"/>, 24 ns
/// with <see cref="SpinLock"/> and 13 ns with this type; a buffer's per-frame cycle takes ten such
/// pairs (docs/buffers.md, "Locking rules").</para>
/// <para>Contention is rare (a buffer is used by one stage at a time) and short: a contended enter
/// spins with <see cref="SpinWait"/>, which yields and then sleeps, so a holder that is preempted
/// delays the waiter but never hangs it. Not reentrant: a thread that enters twice would wait for
/// itself, which debug builds assert. Waiting for a condition is not this type's: see
/// <c>BufferMonitor</c>, which releases the lock to wait.</para>
/// <para>A mutable struct: keep it in a field (never <c>readonly</c>, never copied) and call it on
/// the field.</para>
/// </remarks>
internal struct ShortLock
{
    private int _taken;
#if DEBUG
    private int _owner;
#endif

    /// <summary>Whether some thread holds the lock (for assertions: the answer may be stale at once).</summary>
    public readonly bool IsHeld => Volatile.Read(in _taken) != 0;

    public void Enter()
    {
#if DEBUG
        Debug.Assert(Volatile.Read(ref _owner) != Environment.CurrentManagedThreadId, "ShortLock is not reentrant");
#endif
        if (Interlocked.CompareExchange(ref _taken, 1, 0) != 0)
        {
            EnterContended();
        }
#if DEBUG
        _owner = Environment.CurrentManagedThreadId;
#endif
    }

    public void Exit()
    {
#if DEBUG
        Debug.Assert(_owner == Environment.CurrentManagedThreadId, "ShortLock exited by a thread that does not hold it");
        _owner = 0;
#endif
        Volatile.Write(ref _taken, 0);
    }

    /// <summary>Enters, for a <c>using</c> block that exits at its end, exception or not.</summary>
    [UnscopedRef]
    public Scope EnterScope()
    {
        Enter();
        return new Scope(ref this);
    }

    private void EnterContended()
    {
        var spinner = default(SpinWait);
        do
        {
            spinner.SpinOnce();
        }
        while (Volatile.Read(ref _taken) != 0 || Interlocked.CompareExchange(ref _taken, 1, 0) != 0);
    }

    /// <summary>The held lock of a <c>using</c> block.</summary>
    public readonly ref struct Scope
    {
        private readonly ref ShortLock _lock;

        internal Scope(ref ShortLock held) => _lock = ref held;

        public void Dispose() => _lock.Exit();
    }
}
