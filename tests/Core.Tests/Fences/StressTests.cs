using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;
using PluggableDmaBuf.Core.Reservations;

namespace PluggableDmaBuf.Core.Tests.Fences;

/// <summary>
/// Many threads signalling and waiting at once, for about a second and a half: producers issue,
/// publish and signal fences (some with errors) and add them to shared reservations; consumers wait
/// on them every way the API offers — blocking, async, callbacks, merges, reservation waits and
/// exported handles. Every fence is signalled within microseconds of being published, so a wait
/// that runs out its whole <see cref="WakeUpBound"/> (returning <c>false</c>, or <c>true</c> only
/// because the state was read again after the timeout) is a lost wake-up; a deadlock shows as a
/// thread that does not finish; a double or missing callback as a count that does not match.
/// </summary>
public sealed class StressTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan WakeUpBound = TimeSpan.FromSeconds(5);
    private const int Producers = 3;
    private const int BlockingConsumers = 3;
    private const int AsyncConsumers = 2;

    [Fact]
    public async Task Many_threads_signalling_and_waiting_lose_no_wake_up_and_do_not_deadlock()
    {
        var recent = new IDmaFence?[64];
        var reservations = Enumerable.Range(0, 4).Select(_ => new DmaReservation()).ToArray();
        var failures = new ConcurrentQueue<string>();
        var callbacksAccepted = 0L;
        var callbacksRun = 0L;
        var waits = 0L;
        var stop = 0;
        var clock = Stopwatch.StartNew();

        var producers = Enumerable.Range(0, Producers).Select(p => FenceTestKit.Start(() =>
        {
            var random = new Random(p);
            var timeline = FenceTestKit.Timeline($"producer{p}");
            while (Volatile.Read(ref stop) == 0)
            {
                var batch = random.Next(1, 5);
                IDmaFence? last = null;
                for (var i = 0; i < batch; i++)
                {
                    last = timeline.CreateFence();
                    Volatile.Write(ref recent[random.Next(recent.Length)], last);
                    reservations[random.Next(reservations.Length)].Add(last, FenceUsage.Write);
                }

                Thread.Yield();
                if (random.Next(8) == 0)
                {
                    timeline.Signal(last!, new IOException("injected"));
                }
                else
                {
                    timeline.Advance((ulong)batch);
                }
            }
        })).ToList();

        void Check(bool signaled, long started, string what)
        {
            Interlocked.Increment(ref waits);
            var took = Stopwatch.GetElapsedTime(started);
            if (!signaled || took >= WakeUpBound)
            {
                failures.Enqueue($"lost wake-up: {what} ({(signaled ? "woke" : "timed out")} after {took.TotalMilliseconds:0} ms, at {clock.Elapsed.TotalMilliseconds:0} ms)");
            }
        }

        var blocking = Enumerable.Range(0, BlockingConsumers).Select(c => FenceTestKit.Start(() =>
        {
            var random = new Random(100 + c);
            while (clock.Elapsed < Duration)
            {
                var fence = Volatile.Read(ref recent[random.Next(recent.Length)]);
                if (fence is null)
                {
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                switch (random.Next(5))
                {
                    case 0:
                        Check(fence.TryWait(WakeUpBound), started, $"TryWait {fence}");
                        break;
                    case 1:
                        if (fence.TryAddCallback((_, _) => Interlocked.Increment(ref callbacksRun)))
                        {
                            Interlocked.Increment(ref callbacksAccepted);
                        }

                        break;
                    case 2:
                        var other = Volatile.Read(ref recent[random.Next(recent.Length)]) ?? fence;
                        var merged = FenceTestKit.Service.Merge(fence, other);
                        Check(merged.TryWait(WakeUpBound), started, $"merge {merged}");
                        break;
                    case 3:
                        var reservation = reservations[random.Next(reservations.Length)];
                        try
                        {
                            reservation.WaitForCpuRead(WakeUpBound);
                            Check(true, started, "reservation");
                        }
                        catch (FenceTimeoutException timeout)
                        {
                            Check(false, started, timeout.Message);
                        }

                        break;
                    default:
                        var handle = reservations[random.Next(reservations.Length)].ExportSyncHandle(FenceUsage.Read);
                        Check(handle.Fence.TryWait(WakeUpBound), started, $"sync handle {handle}");
                        break;
                }
            }
        })).ToList();

        // Async consumers never block. Their continuations run on the signalling producer's thread,
        // so, as the fence documentation asks of any code that goes on working after a wait, they
        // move off it with Task.Yield once woken; otherwise a consumer that keeps finding
        // signalled fences would hold that producer — and the waiters of its later fences — for as
        // long as its loop runs.
        var asynchronous = Enumerable.Range(0, AsyncConsumers).Select(c => Task.Run(async () =>
        {
            var random = new Random(200 + c);
            while (clock.Elapsed < Duration)
            {
                var fence = Volatile.Read(ref recent[random.Next(recent.Length)]);
                if (fence is null)
                {
                    await Task.Yield();
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                switch (random.Next(3))
                {
                    case 0:
                        Check(await fence.TryWaitAsync(WakeUpBound).ConfigureAwait(false), started, $"TryWaitAsync {fence}");
                        break;
                    case 1:
                        var other = Volatile.Read(ref recent[random.Next(recent.Length)]) ?? fence;
                        var merged = FenceTestKit.Service.Merge(fence, other);
                        Check(await merged.TryWaitAsync(WakeUpBound).ConfigureAwait(false), started, $"merge {merged}");
                        break;
                    default:
                        try
                        {
                            await reservations[random.Next(reservations.Length)].WaitForCpuWriteAsync(WakeUpBound).ConfigureAwait(false);
                            Check(true, started, "reservation");
                        }
                        catch (FenceTimeoutException timeout)
                        {
                            Check(false, started, timeout.Message);
                        }

                        break;
                }

                await Task.Yield();
            }
        })).ToList();

        blocking.ForEach(t => Assert.True(t.Join(Duration + FenceTestKit.Patience + FenceTestKit.Patience), "a blocking consumer did not finish"));
        await Task.WhenAll(asynchronous).WaitAsync(Duration + FenceTestKit.Patience + FenceTestKit.Patience);
        Volatile.Write(ref stop, 1);
        producers.ForEach(t => Assert.True(t.Join(FenceTestKit.Patience), "a producer did not finish"));

        output.WriteLine($"{waits} waits, {callbacksRun} callbacks in {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.Empty(failures);
        Assert.Equal(Volatile.Read(ref callbacksAccepted), Volatile.Read(ref callbacksRun));
        Assert.True(waits > 0, "no wait happened");
        Assert.All(reservations, r => Assert.True(r.IsSignaled(FenceUsage.Bookkeep)));
    }
}
