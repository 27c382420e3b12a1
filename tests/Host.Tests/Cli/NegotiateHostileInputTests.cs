namespace PluggableDmaBuf.Host.Tests.Cli;

/// <summary>
/// Request files made to break the reader rather than by mistake: each still exits 2 with one
/// short line naming where the problem is, never a stack trace (before: exit 134 for a lone
/// surrogate, a silently accepted duplicate key, a 100,000-character echo).
/// </summary>
public sealed class NegotiateHostileInputTests
{
    private const string Request = """ "request": { "size": 4096 } """;

    public static TheoryData<string, string> Files => new()
    {
        { """{"devices":"\ud800"}""", "devices: the string \"\\ud800\" holds a lone UTF-16 surrogate; JSON text must be valid Unicode" },
        { "{" + Request + """, "devices": [ { "name": "d\udc00" } ] }""", "devices[0].name: the string \"d\\udc00\" holds a lone UTF-16 surrogate" },
        { "{" + Request + """, "devices": [ { "name": "d", "addressBits": 32, "addressBits": 64 } ] }""", "devices[0].addressBits: is given twice in the same object (give each key once)" },
        { "{" + Request + ", " + Request + """, "devices": [ { "name": "d" } ] }""", "request: is given twice in the same object" },
        { "{" + Request + """, "devices": [ { "name": "d", "iommu": "a\rb" } ] }""", "devices[0].iommu: expected true or false, got the string \"a\\u000db\"" },
        { "{" + Request + """, "devices": [ { "name": "d", "iommu": "\u001b[2J" } ] }""", "devices[0].iommu: expected true or false, got the string \"\\u001b[2J\"" },
        { "{" + Request + """, "devices": [ { "name": "d", "x\r": 1 } ] }""", "devices[0].x\\u000d: unknown property" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_hostile_file_exits_2_with_one_readable_line(string json, string expected)
    {
        var run = CliRun.Of("negotiate", CliRun.TempJson(json), "--json");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', run.Error);
    }

    [Fact]
    public void A_100000_character_value_is_not_echoed_whole()
    {
        var json = "{" + Request + """, "devices": [ { "name": "d", "iommu": " """ + new string('y', 100_000) + "\" } ] }";

        var run = CliRun.Of("negotiate", CliRun.TempJson(json), "--json");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.InRange(line.Length, 1, 200);
        Assert.EndsWith("… (100001 characters)\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_is_reported_as_a_directory()
    {
        var run = CliRun.Of("negotiate", Path.GetTempPath());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"{Path.GetTempPath()}: is a directory", run.Error.Trim());
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_before_it_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pdmabuf-big-{Guid.NewGuid():N}.json");
        using (var file = File.Create(path))
        {
            file.SetLength((16 << 20) + 1);
        }

        try
        {
            var run = CliRun.Of("negotiate", path);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"{path}: larger than the 16 MiB limit for a negotiate request", run.Error.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
