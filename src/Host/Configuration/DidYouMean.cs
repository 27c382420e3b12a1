namespace PluggableDmaBuf.Host.Configuration;

/// <summary>Suggests the known name a misspelt one was probably meant to be.</summary>
internal static class DidYouMean
{
    /// <summary><c>"; did you mean Pipeline?"</c> when one of <paramref name="known"/> is close to <paramref name="given"/>, otherwise empty.</summary>
    public static string Hint(string given, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(given.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // A third of the name may be wrong: "Pipleine", "Memroy" and "Plugin" are caught, "Cache" is not "Core".
        return best is not null && bestDistance <= Math.Max(1, best.Length / 3) ? $"; did you mean {best}?" : "";
    }

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) turning <paramref name="a"/> into <paramref name="b"/>.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
