using CsCheck;
using PluggableDmaBuf.Plugins.Gpu.Parallel;

namespace PluggableDmaBuf.Plugins.Tests.Gpu.Parallel;

public class RowBandWorkerTests
{
    [Fact]
    public void Every_row_is_processed_exactly_once()
    {
        Gen.Select(Gen.Int[0, 600], Gen.Int[1, 70], Gen.Int[1, 4], Gen.Int[1, 4])
            .Sample((rows, bandRows, degree, runs) =>
            {
                using var worker = new RowBandWorker(degree, "test");
                for (var run = 0; run < runs; run++)
                {
                    var job = new CountingJob(rows);
                    worker.Run(job, rows, bandRows);
                    Assert.All(job.Counts, c => Assert.Equal(1, c));
                }
            }, iter: 150);
    }

    [Fact]
    public void Back_to_back_runs_never_share_or_leak_a_band()
    {
        // Many short runs, so helpers that wake late overlap the next run: no band may run twice,
        // be skipped, or run after its Run has returned.
        using var worker = new RowBandWorker(3, "test");
        var random = new Random(7);
        for (var run = 0; run < 5000; run++)
        {
            var rows = random.Next(1, 64);
            var job = new CountingJob(rows);
            worker.Run(job, rows, random.Next(1, 8));
            job.Close();
            Assert.All(job.Counts, c => Assert.Equal(1, c));
        }
    }

    [Fact]
    public void A_failing_band_is_rethrown_to_the_caller_and_the_worker_stays_usable()
    {
        using var worker = new RowBandWorker(3, "test");

        var e = Assert.Throws<InvalidDataException>(() => worker.Run(new FailingJob(failAt: 57), 100, 4));

        Assert.Equal("row 57", e.Message);
        var job = new CountingJob(100);
        worker.Run(job, 100, 4);
        Assert.All(job.Counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void A_second_run_while_one_is_in_progress_is_refused()
    {
        using var worker = new RowBandWorker(2, "test");
        var job = new ReentrantJob(worker);

        worker.Run(job, 10, 5);

        Assert.NotNull(job.Refusal);
    }

    [Fact]
    public void A_disposed_worker_refuses_work()
    {
        var worker = new RowBandWorker(2, "test");
        worker.Dispose();

        Assert.Throws<ObjectDisposedException>(() => worker.Run(new CountingJob(4), 4, 1));
    }

    private sealed class CountingJob(int rows) : IRowBandJob
    {
        private volatile bool _closed;

        public int[] Counts { get; } = new int[rows];

        public void Close() => _closed = true;

        public void Execute(int rowStart, int rowEnd)
        {
            if (_closed)
            {
                // Visible to the test as a row counted twice.
                Interlocked.Increment(ref Counts[rowStart]);
            }

            for (var row = rowStart; row < rowEnd; row++)
            {
                Interlocked.Increment(ref Counts[row]);
            }
        }
    }

    private sealed class FailingJob(int failAt) : IRowBandJob
    {
        public void Execute(int rowStart, int rowEnd)
        {
            if (failAt >= rowStart && failAt < rowEnd)
            {
                throw new InvalidDataException($"row {failAt}");
            }
        }
    }

    private sealed class ReentrantJob(RowBandWorker worker) : IRowBandJob
    {
        public InvalidOperationException? Refusal { get; private set; }

        public void Execute(int rowStart, int rowEnd)
        {
            try
            {
                worker.Run(new CountingJob(1), 1, 1);
            }
            catch (InvalidOperationException e)
            {
                Refusal = e;
            }
        }
    }
}
