namespace PluggableDmaBuf.Host.Text;

/// <summary>
/// Finds the known word a mistyped one most likely meant, by edit distance (optimal string alignment:
/// Damerau–Levenshtein where a transposed pair counts as one edit), ignoring case. Pure and deterministic.
/// The one rule behind every "did you mean" the host prints: pipeline stages, properties and labels,
/// configuration sections and settings, log levels, <c>inspect</c>'s stage ids.
/// </summary>
internal static class DidYouMean
{
    /// <summary>Words longer than this get no suggestion: nobody mistypes 65 characters, and distance costs length squared.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// The candidate nearest to <paramref name="word"/> within <see cref="Threshold"/> edits, or null. Ties go
    /// to the smaller distance, then to the ordinally first candidate, so the answer does not depend on the
    /// candidates' order. A candidate equal to the word but for case is a distance of 0 and always suggested;
    /// a word that is one of the candidates exactly gets no suggestion (it is no mistake).
    /// </summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(candidates);
        if (word.Length > MaxLength)
        {
            return null;
        }

        var limit = Threshold(word.Length);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, word, StringComparison.Ordinal))
            {
                return null;
            }

            if (candidate.Length > MaxLength || Math.Abs(candidate.Length - word.Length) > limit)
            {
                continue;
            }

            var distance = Distance(word, candidate);
            // A distance as large as the shorter word means nothing in common worth suggesting (x for y).
            if (distance > limit || distance >= Math.Min(word.Length, candidate.Length))
            {
                continue;
            }

            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary><c>"; did you mean Pipeline?"</c> when <see cref="Suggest"/> finds one, otherwise empty: for the end of a message.</summary>
    public static string Hint(string word, IEnumerable<string> candidates) =>
        Suggest(word, candidates) is { } suggestion ? $"; did you mean {suggestion}?" : "";

    /// <summary>Edits allowed for a word of <paramref name="length"/>: one per three characters, at least 1, at most 3.</summary>
    public static int Threshold(int length) => Math.Clamp(length / 3, 1, 3);

    /// <summary>Insertions, deletions, substitutions and adjacent transpositions turning one into the other, ignoring case.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // Three rows suffice: the transposition looks two rows back.
        var before = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var ai = char.ToLowerInvariant(a[i - 1]);
            for (var j = 1; j <= b.Length; j++)
            {
                var bj = char.ToLowerInvariant(b[j - 1]);
                var cost = ai == bj ? 0 : 1;
                var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && ai == char.ToLowerInvariant(b[j - 2]) && char.ToLowerInvariant(a[i - 2]) == bj)
                {
                    best = Math.Min(best, before[j - 2] + 1);
                }

                current[j] = best;
            }

            (before, previous, current) = (previous, current, before);
        }

        return previous[b.Length];
    }
}
