using System.Globalization;

namespace PluggableDmaBuf.Bench.Charts;

/// <summary>The runs of one benchmark, read from the CSV the script writes, and their medians.</summary>
internal sealed class RunTable
{
    private static readonly string[] Required = ["section", "job", "impl", "width", "height", "frames", "fps"];

    private readonly List<Run> _runs;

    private RunTable(List<Run> runs) => _runs = runs;

    public static RunTable Load(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            throw new InvalidDataException($"{path}: empty, expected a header line");
        }

        var header = lines[0].Split(',');
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            column[header[i]] = i;
        }

        var missing = Required.Where(c => !column.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidDataException($"{path}: no column {string.Join(", ", missing)} in the header");
        }

        var runs = new List<Run>();
        for (var n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0)
            {
                continue;
            }

            var f = lines[n].Split(',');
            if (f.Length != header.Length)
            {
                throw new InvalidDataException($"{path}:{n + 1}: {f.Length} fields, the header has {header.Length}");
            }

            runs.Add(new Run(
                f[column["section"]],
                f[column["job"]],
                f[column["impl"]],
                Whole(f[column["width"]], path, n),
                Whole(f[column["height"]], path, n),
                Whole(f[column["frames"]], path, n),
                Number(f[column["fps"]], path, n)));
        }

        return new RunTable(runs);
    }

    /// <summary>The distinct (width, height, frames) of a section's pipeline runs, in the order first run.</summary>
    public IReadOnlyList<(int Width, int Height, int Frames)> Jobs(string section) =>
        _runs.Where(r => r.Section == section && r.Job == "run")
            .Select(r => (r.Width, r.Height, r.Frames))
            .Distinct()
            .ToList();

    /// <summary>The median fps of one job of one implementation, or null when it has no run with an fps.</summary>
    public double? MedianFps(string section, string impl, int width, int height, int frames)
    {
        var values = _runs
            .Where(r => r.Section == section && r.Job == "run" && r.Impl == impl
                && r.Width == width && r.Height == height && r.Frames == frames && r.Fps is not null)
            .Select(r => r.Fps!.Value)
            .Order()
            .ToArray();
        if (values.Length == 0)
        {
            return null;
        }

        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static int Whole(string text, string path, int line) =>
        text.Length == 0 ? 0
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
        : throw new InvalidDataException($"{path}:{line + 1}: '{text}' is not a whole number");

    private static double? Number(string text, string path, int line) =>
        text.Length == 0 ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
        : throw new InvalidDataException($"{path}:{line + 1}: '{text}' is not a number");
}
