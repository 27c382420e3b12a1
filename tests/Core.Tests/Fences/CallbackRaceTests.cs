namespace PluggableDmaBuf.Core.Tests.Fences;

/// <summary>
/// Adding and removing callbacks while another thread signals. The interleavings that matter are
/// pinned down deterministically in <see cref="CallbackTests"/>; these rounds check the invariant
/// under whatever interleavings the scheduler produces: an accepted callback runs exactly once, a
/// refused or withdrawn one never.
/// </summary>
public sealed class CallbackRaceTests
{
    private const int Rounds = 300;
    private const int Adders = 3;
    private const int PerAdder = 20;

    [Fact]
    public void Callbacks_added_during_a_signal_run_exactly_once_or_are_refused()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var timeline = FenceTestKit.Timeline();
            var fence = timeline.CreateFence();
            var runs = new int[Adders * PerAdder];
            var accepted = new bool[Adders * PerAdder];
            using var start = new Barrier(Adders + 1);

            var threads = Enumerable.Range(0, Adders).Select(a => FenceTestKit.Start(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < PerAdder; i++)
                {
                    var slot = (a * PerAdder) + i;
                    accepted[slot] = fence.TryAddCallback((_, s) => Interlocked.Increment(ref runs[(int)s!]), slot);
                }
            })).ToList();
            start.SignalAndWait();
            timeline.Signal(fence);
            threads.ForEach(t => Assert.True(t.Join(FenceTestKit.Patience)));

            for (var slot = 0; slot < runs.Length; slot++)
            {
                Assert.Equal(accepted[slot] ? 1 : 0, runs[slot]);
            }
        }
    }

    [Fact]
    public void Callbacks_removed_during_a_signal_either_never_run_or_run_once()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var timeline = FenceTestKit.Timeline();
            var fence = timeline.CreateFence();
            var runs = new int[PerAdder];
            FenceCallback callback = (_, s) => Interlocked.Increment(ref runs[(int)s!]);
            for (var i = 0; i < PerAdder; i++)
            {
                Assert.True(fence.TryAddCallback(callback, i));
            }

            var removed = new bool[PerAdder];
            using var start = new Barrier(2);
            var remover = FenceTestKit.Start(() =>
            {
                start.SignalAndWait();
                for (var i = PerAdder - 1; i >= 0; i--)
                {
                    removed[i] = fence.RemoveCallback(callback, i);
                }
            });
            start.SignalAndWait();
            timeline.Signal(fence);
            Assert.True(remover.Join(FenceTestKit.Patience));

            for (var i = 0; i < PerAdder; i++)
            {
                Assert.Equal(removed[i] ? 0 : 1, runs[i]);
            }
        }
    }
}
