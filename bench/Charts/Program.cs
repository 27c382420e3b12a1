using System.Globalization;
using PluggableDmaBuf.Bench.Charts;

// Draws the two figures of bench/pipeline-vs-gstreamer.sh from its runs.csv:
//   fps-by-size.png    steady-state fps against frame size: ours, the copy baseline, GStreamer, the bound;
//   fps-by-length.png  our fps against the run's length, one line per frame size.
// Usage: PluggableDmaBuf.Bench.Charts RUNS.csv OUT-DIR [--bandwidth GBPS]
if (args.Length is not (2 or 4) || (args.Length == 4 && args[2] != "--bandwidth"))
{
    Console.Error.WriteLine("usage: PluggableDmaBuf.Bench.Charts RUNS.csv OUT-DIR [--bandwidth GBPS]");
    return 2;
}

double? bandwidth = null;
if (args.Length == 4)
{
    if (!double.TryParse(args[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var gbps) || gbps <= 0)
    {
        Console.Error.WriteLine($"charts: --bandwidth '{args[3]}' is not a positive number of GB/s");
        return 2;
    }

    bandwidth = gbps;
}

if (!Directory.Exists(args[1]))
{
    Console.Error.WriteLine($"charts: the output folder '{args[1]}' does not exist");
    return 2;
}

RunTable runs;
try
{
    runs = RunTable.Load(args[0]);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
{
    Console.Error.WriteLine($"charts: {e.Message}");
    return 2;
}

var bySize = Path.Combine(args[1], "fps-by-size.png");
var byLength = Path.Combine(args[1], "fps-by-length.png");
Figures.FpsBySize(runs, bandwidth, bySize);
Figures.FpsByLength(runs, byLength);
Console.Error.WriteLine($"charts: wrote {bySize} and {byLength}");
return 0;
