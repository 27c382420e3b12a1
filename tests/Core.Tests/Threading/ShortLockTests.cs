using PluggableDmaBuf.Core.Threading;

namespace PluggableDmaBuf.Core.Tests.Threading;

/// <summary>The buffer's and the IO-virtual allocator's lock excludes, and a contended enter waits out a holder that does not run.</summary>
public sealed class ShortLockTests
{
    private ShortLock _lock;
    private long _unguarded;

    [Fact]
    public void Two_threads_adding_under_the_lock_lose_no_update()
    {
        const int PerThread = 200_000;
        var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                using (_lock.EnterScope())
                {
                    // A read and a write apart, so that without exclusion the threads would overwrite each other's additions.
                    var seen = _unguarded;
                    Thread.SpinWait(1);
                    _unguarded = seen + 1;
                }
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(60)), "a thread did not finish"));

        Assert.Equal(2L * PerThread, _unguarded);
        Assert.False(_lock.IsHeld);
    }

    [Fact]
    public void A_contended_enter_waits_for_a_sleeping_holder_and_then_enters()
    {
        using var entered = new ManualResetEventSlim();
        var order = new List<string>();
        _lock.Enter();
        var contender = new Thread(() =>
        {
            entered.Set();
            using (_lock.EnterScope())
            {
                lock (order)
                {
                    order.Add("contender");
                }
            }
        });
        contender.Start();
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)));
        // The holder sleeps as a preempted one would: the contender yields and sleeps meanwhile, and must still be outside.
        Thread.Sleep(100);
        lock (order)
        {
            order.Add("holder");
        }

        _lock.Exit();
        Assert.True(contender.Join(TimeSpan.FromSeconds(10)), "the contender never entered");
        Assert.Equal(["holder", "contender"], order);
    }

    [Fact]
    public void A_scope_exits_when_its_block_throws()
    {
        Assert.Throws<InvalidOperationException>(Throwing);

        Assert.False(_lock.IsHeld);
    }

    private void Throwing()
    {
        using (_lock.EnterScope())
        {
            throw new InvalidOperationException("inside");
        }
    }
}
