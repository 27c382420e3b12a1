namespace PluggableDmaBuf.Plugins.Video.Patterns;

/// <summary>The names of the test patterns as the configuration and the command line spell them.</summary>
internal static class TestPatternNames
{
    /// <summary>The pattern used when the source is just <c>testpattern</c>.</summary>
    public const TestPattern Default = TestPattern.Smpte;

    /// <summary>Every name, for messages.</summary>
    public static IReadOnlyList<string> All { get; } = ["smpte", "ball"];

    /// <summary>The name of a pattern (<c>smpte</c>, <c>ball</c>).</summary>
    public static string NameOf(TestPattern pattern) => pattern switch
    {
        TestPattern.Smpte => "smpte",
        TestPattern.Ball => "ball",
        _ => throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "not a test pattern"),
    };

    /// <summary>Parses a pattern name, case-insensitively.</summary>
    /// <exception cref="InvalidConstraintException">The name is not a known pattern.</exception>
    public static TestPattern Parse(string? name, string property = "source") => name?.Trim().ToUpperInvariant() switch
    {
        "SMPTE" => TestPattern.Smpte,
        "BALL" => TestPattern.Ball,
        _ => throw new InvalidConstraintException(property, $"unknown test pattern '{name}' (known: {string.Join(", ", All)})"),
    };
}
