using System.Diagnostics;

namespace PluggableDmaBuf.Host.Hosting;

/// <summary>
/// Where a command's time goes: named marks in milliseconds from an origin, the process's start for the
/// real process (the runtime's own start comes first, at the kernel's 10 ms clock resolution), the
/// command's start in tests. The run report carries them as <c>timings</c>, so that a short job's wall
/// time can be split into host start, plugin loading, negotiation, buffers, the first frame and the
/// last PNG without a profiler.
/// </summary>
/// <remarks>Thread safe: the stage threads mark the first and the last frame.</remarks>
internal sealed class StartupTimeline
{
    private readonly object _gate = new();
    private readonly long _created = Stopwatch.GetTimestamp();
    private readonly double _originMs;
    private readonly List<TimelineMark> _marks = [];

    private StartupTimeline(double originMs) => _originMs = originMs;

    /// <summary>A timeline from the process's start, marked <c>main</c> now.</summary>
    public static StartupTimeline SinceProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        var timeline = new StartupTimeline(Math.Max(0, (DateTime.Now - process.StartTime).TotalMilliseconds));
        timeline.Mark("main");
        return timeline;
    }

    /// <summary>A timeline from now (a command run in-process, by a test).</summary>
    public static StartupTimeline SinceNow() => new(0);

    /// <summary>The marks so far, in the order they were made.</summary>
    public IReadOnlyList<TimelineMark> Marks
    {
        get
        {
            lock (_gate)
            {
                return [.. _marks];
            }
        }
    }

    /// <summary>Marks <paramref name="phase"/> as reached now.</summary>
    public void Mark(string phase)
    {
        var ms = Math.Round(_originMs + Stopwatch.GetElapsedTime(_created).TotalMilliseconds, 1);
        lock (_gate)
        {
            _marks.Add(new TimelineMark(phase, ms));
        }
    }
}

/// <summary>A phase of a command reached <see cref="Ms"/> milliseconds after the timeline's origin.</summary>
internal sealed record TimelineMark(string Phase, double Ms);
