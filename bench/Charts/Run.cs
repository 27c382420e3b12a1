namespace PluggableDmaBuf.Bench.Charts;

/// <summary>One row of runs.csv: one process, ours or GStreamer's.</summary>
internal sealed record Run(string Section, string Job, string Impl, int Width, int Height, int Frames, double? Fps);
