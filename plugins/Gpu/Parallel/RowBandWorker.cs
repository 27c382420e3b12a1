using System.Runtime.ExceptionServices;

namespace PluggableDmaBuf.Plugins.Gpu.Parallel;

/// <summary>
/// Splits row-band jobs across a fixed set of threads: the caller and
/// <c>DegreeOfParallelism − 1</c> background threads created once. Each <see cref="Run"/> hands
/// out bands of rows from a shared counter, so a core that other work slows down takes fewer bands,
/// and allocates nothing (unlike <c>Parallel.For</c>, which allocates per call).
/// </summary>
/// <remarks>
/// One <see cref="Run"/> at a time (a second concurrent call throws); the caller blocks until every
/// band is done. A band that throws stops the hand-out and the first exception is rethrown to the
/// caller. <see cref="Dispose"/> stops the threads; it must not race with <see cref="Run"/>.
/// </remarks>
internal sealed class RowBandWorker : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _start = new(0);
    private readonly CountdownEvent _done = new(1);
    private IRowBandJob? _job;
    private int _rows;
    private int _bandRows;
    private int _nextRow;
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
            var helpers = Math.Min(_threads.Length, bands - 1);
            if (helpers <= 0)
            {
                job.Execute(0, rows);
                return;
            }

            _job = job;
            _rows = rows;
            _bandRows = bandRows;
            _failure = null;
            Volatile.Write(ref _nextRow, 0);
            _done.Reset(helpers);
            _start.Release(helpers);
            Drain();
            _done.Wait();
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
            _start.Release(_threads.Length);
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _start.Dispose();
        _done.Dispose();
    }

    private void WorkerLoop()
    {
        while (true)
        {
            _start.Wait();
            if (_disposed)
            {
                return;
            }

            // Each release is answered by exactly one signal, whichever thread takes it, so the
            // caller's wait covers every band any thread started.
            Drain();
            _done.Signal();
        }
    }

    private void Drain()
    {
        var job = _job!;
        try
        {
            while (true)
            {
                var start = Interlocked.Add(ref _nextRow, _bandRows) - _bandRows;
                if (start >= _rows)
                {
                    return;
                }

                job.Execute(start, Math.Min(start + _bandRows, _rows));
            }
        }
#pragma warning disable CA1031 // The failure is rethrown to the caller of Run; a worker thread must not die of it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            Volatile.Write(ref _nextRow, int.MaxValue / 2);
        }
    }
}
