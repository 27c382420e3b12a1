using System.Runtime.ExceptionServices;

namespace PluggableDmaBuf.Plugins.Gpu.Parallel;

/// <summary>
/// Splits row-band jobs across a fixed set of threads: the caller and
/// <c>DegreeOfParallelism − 1</c> background threads created once. Each <see cref="Run"/> hands
/// out bands of rows from a shared counter, so a core that other work slows down takes fewer bands,
/// and allocates nothing (unlike <c>Parallel.For</c>, which allocates per call).
/// </summary>
/// <remarks>
/// <para>
/// The caller works too and waits only for bands another thread has already started: a helper
/// that wakes late (its core busy with another process) finds nothing left and costs the frame
/// nothing. Bands are claimed with a compare-and-swap on (run, next band), so a helper still
/// finishing one run can never claim a band of the next by mistake.
/// </para>
/// <para>
/// One <see cref="Run"/> at a time (a second concurrent call throws); the caller blocks until every
/// band is done. After a band throws, the remaining bands are skipped and the first exception is
/// rethrown to the caller. <see cref="Dispose"/> stops the threads; it must not race with <see cref="Run"/>.
/// </para>
/// </remarks>
internal sealed class RowBandWorker : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ManualResetEventSlim _done = new(false);
    private IRowBandJob? _job;
    private int _rows;
    private int _bandRows;
    private int _bandCount;
    private int _pendingBands;

    // High 32 bits: the run's number; low 32 bits: the next band to hand out.
    private long _claim;
    private ExceptionDispatchInfo? _failure;
    private int _running;
    private volatile bool _disposed;

    /// <summary>Starts <paramref name="degreeOfParallelism"/> − 1 background threads.</summary>
    /// <param name="degreeOfParallelism">Threads working on a job, the caller included; at least 1.</param>
    /// <param name="name">Prefix of the threads' names, for debuggers and profilers.</param>
    public RowBandWorker(int degreeOfParallelism, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        DegreeOfParallelism = degreeOfParallelism;
        _threads = new Thread[degreeOfParallelism - 1];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"{name} band worker {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>Threads working on a job, the caller included.</summary>
    public int DegreeOfParallelism { get; }

    /// <summary>Runs <paramref name="job"/> over rows [0, <paramref name="rows"/>) in bands of <paramref name="bandRows"/>, and returns when all are done.</summary>
    /// <exception cref="InvalidOperationException">Another <see cref="Run"/> is in progress.</exception>
    public void Run(IRowBandJob job, int rows, int bandRows)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(bandRows, 1);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("a row-band job is already running on this worker");
        }

        try
        {
            var bands = (rows + bandRows - 1) / bandRows;
            if (_threads.Length == 0 || bands <= 1)
            {
                job.Execute(0, rows);
                return;
            }

            _job = job;
            _rows = rows;
            _bandRows = bandRows;
            _failure = null;
            _pendingBands = bands;

            // Publishing the new run (number + 1, band 0) makes the fields above visible to every
            // thread whose claim succeeds. The band count is published last: while it is still 0 no
            // band can be claimed, so a helper holding the previous run's claim (whose band number
            // may be below the new count) can never claim a band against the new run's counter —
            // that extra decrement drove the pending count below zero and hung Run for good.
            var run = (Volatile.Read(ref _claim) >> 32) + 1;
            Volatile.Write(ref _claim, run << 32);
            Volatile.Write(ref _bandCount, bands);
            WakeHelpers(Math.Min(_threads.Length, bands - 1));
            Drain();

            // A helper of an earlier run may set the event late, after its last band was counted;
            // so the count decides, and the event is only a way to sleep until it changes.
            while (Volatile.Read(ref _pendingBands) != 0)
            {
                _done.Reset();
                if (Volatile.Read(ref _pendingBands) == 0)
                {
                    break;
                }

                _done.Wait();
            }

            // Closed until the next run publishes its own count.
            Volatile.Write(ref _bandCount, 0);
            _job = null;
            _failure?.Throw();
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Stops and joins the background threads.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_threads.Length > 0)
        {
            _wake.Release(_threads.Length);
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _wake.Dispose();
        _done.Dispose();
    }

    private void WakeHelpers(int wanted)
    {
        // Permits left over from runs the helpers slept through are still good wake-ups; topping
        // up to the wanted count keeps them from piling up while a core is busy elsewhere.
        var missing = wanted - _wake.CurrentCount;
        if (missing > 0)
        {
            _wake.Release(missing);
        }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            _wake.Wait();
            if (_disposed)
            {
                return;
            }

            Drain();
        }
    }

    private void Drain()
    {
        while (true)
        {
            var claim = Volatile.Read(ref _claim);
            var band = (int)(claim & uint.MaxValue);
            if (band >= Volatile.Read(ref _bandCount))
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _claim, claim + 1, claim) != claim)
            {
                continue;
            }

            // The claim succeeded, so its run is the current one and cannot end before this band
            // is counted: the fields describe this run.
            if (Volatile.Read(ref _failure) is null)
            {
                var start = band * _bandRows;
                try
                {
                    _job!.Execute(start, Math.Min(start + _bandRows, _rows));
                }
#pragma warning disable CA1031 // The failure is rethrown to the caller of Run; a worker thread must not die of it.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
                }
            }

            if (Interlocked.Decrement(ref _pendingBands) == 0)
            {
                _done.Set();
            }
        }
    }
}
