using PluggableDmaBuf.Core.Fences;

namespace PluggableDmaBuf.Core.Tests.Fences;

/// <summary>Shared set-up for the fence tests: timelines through the public service, and a bound on every blocking step so that a bug fails a test instead of hanging it.</summary>
internal static class FenceTestKit
{
    /// <summary>How long a test waits for something that should happen at once; only reached when the code under test is broken.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static IFenceService Service => FenceService.Instance;

    public static IFenceTimeline Timeline(string name = "test") => Service.CreateTimeline(name);

    /// <summary>Runs <paramref name="action"/> on a new thread and waits for it, failing if it does not finish in time.</summary>
    public static void OnOtherThread(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        });
        thread.Start();
        Assert.True(thread.Join(Patience), "the other thread did not finish: deadlock?");
        if (failure is not null)
        {
            throw new InvalidOperationException("the other thread failed", failure);
        }
    }

    /// <summary>Starts a thread and hands it back, so that the test can coordinate with it.</summary>
    public static Thread Start(Action action)
    {
        var thread = new Thread(() => action()) { IsBackground = true };
        thread.Start();
        return thread;
    }
}
