using System.Globalization;

namespace PluggableDmaBuf.Core.Diagnostics;

/// <summary>Formats byte counts and addresses the way the conflict messages and reports print them.</summary>
public static class ByteSize
{
    /// <summary>"64 MiB" when the count is a whole number of KiB/MiB/GiB, else the plain byte count.</summary>
    public static string Format(long bytes) => Format((ulong)Math.Max(0, bytes));

    /// <summary>"64 MiB" when the count is a whole number of KiB/MiB/GiB, else the plain byte count.</summary>
    public static string Format(ulong bytes)
    {
        string[] units = ["GiB", "MiB", "KiB"];
        int[] shifts = [30, 20, 10];
        for (var i = 0; i < units.Length; i++)
        {
            var unit = 1UL << shifts[i];
            if (bytes >= unit && bytes % unit == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{bytes / unit} {units[i]}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
    }

    /// <summary>An address limit as the power of two above it: "4 GiB" for 0xFFFFFFFF.</summary>
    public static string Limit(ulong last) => last == ulong.MaxValue ? "16 EiB" : Format(last + 1);
}
