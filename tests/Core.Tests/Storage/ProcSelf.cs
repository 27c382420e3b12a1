namespace PluggableDmaBuf.Core.Tests.Storage;

/// <summary>What <c>/proc/self</c> says about a memfd: its open descriptors and its mappings, found by the memfd's name.</summary>
internal static partial class ProcSelf
{
    /// <summary>A name no other test uses, short enough to survive the storage's truncation.</summary>
    public static string UniqueName(string what) => $"{what}-{Guid.NewGuid():N}";

    /// <summary>Descriptors of this process open on the memfd of the buffer named <paramref name="name"/>.</summary>
    public static int[] Descriptors(string name)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(entry).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed while listing
            }

            if (target?.Contains(Label(name), StringComparison.Ordinal) == true)
            {
                found.Add(int.Parse(Path.GetFileName(entry), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return [.. found];
    }

    /// <summary>Mappings of the memfd of the buffer named <paramref name="name"/> in this process.</summary>
    public static int Mappings(string name) =>
        File.ReadLines("/proc/self/maps").Count(line => line.Contains(Label(name), StringComparison.Ordinal));

    /// <summary>Kibibytes of the memfd of the buffer named <paramref name="name"/> resident in this process's mappings of it (<c>/proc/self/smaps</c>).</summary>
    public static long ResidentKiB(string name)
    {
        long resident = 0;
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            // A mapping's block starts with its maps line ("start-end perms offset dev inode path"), then "Key:   value kB" lines.
            if (MapsLine().IsMatch(line))
            {
                inside = line.Contains(Label(name), StringComparison.Ordinal);
            }
            else if (inside && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                resident += long.Parse(line["Rss:".Length..^"kB".Length].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return resident;
    }

    /// <summary>Every open descriptor of this process, once the finalisers pending from earlier tests have closed theirs.</summary>
    public static int OpenDescriptors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Directory.GetFileSystemEntries("/proc/self/fd").Length;
    }

    private static string Label(string name) => $"memfd:pdmabuf:{name} ";

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]+-[0-9a-f]+ ")]
    private static partial System.Text.RegularExpressions.Regex MapsLine();
}
