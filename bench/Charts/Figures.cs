using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace PluggableDmaBuf.Bench.Charts;

/// <summary>The two figures; fps on a log axis, since it spans two decades from 640×360 to 3840×2160.</summary>
internal static class Figures
{
    private const int Width = 960;
    private const int Height = 600;

    public static void FpsBySize(RunTable runs, double? bandwidthGBps, string path)
    {
        var jobs = runs.Jobs("steady").OrderBy(j => (long)j.Width * j.Height).ToList();
        var plot = new Plot();
        var positions = Enumerable.Range(0, jobs.Count).Select(i => (double)i).ToArray();

        AddSeries(plot, "ours (shared buffers)", jobs, positions, j => runs.MedianFps("steady", "ours", j.Width, j.Height, j.Frames), Colors.Blue, LinePattern.Solid);
        AddSeries(plot, "ours, copy between stages", jobs, positions, j => runs.MedianFps("steady", "copy", j.Width, j.Height, j.Frames), Colors.Orange, LinePattern.Solid);
        AddSeries(plot, "GStreamer videoconvert n-threads=2", jobs, positions, j => runs.MedianFps("steady", "gstreamer", j.Width, j.Height, j.Frames), Colors.Green, LinePattern.Solid);
        if (bandwidthGBps is { } gbps)
        {
            // NV12 written and read, XR24 written and read: 11 bytes a pixel.
            AddSeries(plot, $"copy-bandwidth bound ({gbps:0.#} GB/s)", jobs, positions, j => gbps * 1e9 / (11.0 * j.Width * j.Height), Colors.Gray, LinePattern.Dashed);
        }

        var ticks = new NumericManual();
        for (var i = 0; i < jobs.Count; i++)
        {
            var (w, h, frames) = jobs[i];
            ticks.AddMajor(i, string.Create(CultureInfo.InvariantCulture, $"{w}×{h}\n{frames} frames"));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        LogY(plot);
        plot.Axes.SetLimitsX(-0.5, Math.Max(jobs.Count - 0.5, 0.5));
        plot.Title("Steady-state fps by frame size (median of the runs)");
        plot.XLabel("frame size (NV12 in, XR24/BGRx out)");
        plot.YLabel("frames per second (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    public static void FpsByLength(RunTable runs, string path)
    {
        var plot = new Plot();
        var palette = new[] { Colors.Blue, Colors.Red, Colors.Green, Colors.Purple };
        var sizes = runs.Jobs("length").Select(j => (j.Width, j.Height)).Distinct().ToList();
        var allFrames = new SortedSet<int>();
        for (var s = 0; s < sizes.Count; s++)
        {
            var (w, h) = sizes[s];
            var jobs = runs.Jobs("length").Where(j => j.Width == w && j.Height == h).OrderBy(j => j.Frames).ToList();
            allFrames.UnionWith(jobs.Select(j => j.Frames));
            var xs = jobs.Select(j => Math.Log10(j.Frames)).ToArray();
            AddSeries(plot, string.Create(CultureInfo.InvariantCulture, $"ours, {w}×{h}"), jobs, xs,
                j => runs.MedianFps("length", "ours", j.Width, j.Height, j.Frames), palette[s % palette.Length], LinePattern.Solid);
        }

        var ticks = new NumericManual();
        foreach (var frames in allFrames)
        {
            ticks.AddMajor(Math.Log10(frames), frames.ToString(CultureInfo.InvariantCulture));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        LogY(plot);
        plot.Title("Our fps by the run's length (median of the runs)");
        plot.XLabel("frames in the run (log scale)");
        plot.YLabel("frames per second (log scale)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>A line through the jobs that have a value; jobs without one (not measured) are left out.</summary>
    private static void AddSeries(Plot plot, string label, IReadOnlyList<(int Width, int Height, int Frames)> jobs, double[] xs,
        Func<(int Width, int Height, int Frames), double?> value, Color color, LinePattern pattern)
    {
        var points = jobs.Select((j, i) => (X: xs[i], Y: value(j))).Where(p => p.Y is > 0).ToArray();
        if (points.Length == 0)
        {
            return;
        }

        var scatter = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => Math.Log10(p.Y!.Value)).ToArray(), color);
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 8;
        scatter.LinePattern = pattern;
    }

    /// <summary>
    /// The series hold log10(fps); the left axis labels them as fps at 1, 2 and 5 times each power of ten
    /// (so a range narrower than a decade still has labels), with minor ticks at the other integers.
    /// </summary>
    private static void LogY(Plot plot)
    {
        plot.Axes.Margins(0.05, 0.15);
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        var ticks = new NumericManual();
        for (var decade = (int)Math.Floor(limits.Bottom); decade <= (int)Math.Ceiling(limits.Top); decade++)
        {
            for (var m = 1; m <= 9; m++)
            {
                var y = decade + Math.Log10(m);
                if (y < limits.Bottom || y > limits.Top)
                {
                    continue;
                }

                if (m is 1 or 2 or 5)
                {
                    ticks.AddMajor(y, (m * Math.Pow(10, decade)).ToString("#,0.##", CultureInfo.InvariantCulture));
                }
                else
                {
                    ticks.AddMinor(y);
                }
            }
        }

        plot.Axes.Left.TickGenerator = ticks;
        plot.Grid.MinorLineWidth = 1;
    }
}
