using PluggableDmaBuf.Packaging.Tests.Support;

namespace PluggableDmaBuf.Packaging.Tests;

/// <summary>
/// A public change to Abstractions that is not made deliberately fails the build: an unlisted addition
/// by the API baseline files (RS0016), a removal hidden from them too by package validation against the
/// released package (CP0002).
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class ApiBaselineTests(PackagingWorkspace workspace)
{
    private const string TryParseSignature = "    public static bool TryParse(string? fourCC, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PixelFormat? format)";
    private const string TryParseEntry = "static PluggableDmaBuf.PixelFormat.TryParse(string? fourCC, out PluggableDmaBuf.PixelFormat? format) -> bool";

    [Fact]
    public async Task Removing_a_public_member_fails_package_validation_against_the_released_version_naming_it()
    {
        await workspace.AbstractionsPackedAsync();
        var sources = workspace.CopyRepository("abstractions-removal", "src/Abstractions");
        // Made internal rather than deleted, so the library still compiles; and taken out of the baseline
        // files too, so that only package validation can see it.
        Edit(Path.Combine(sources, "src/Abstractions/Formats/PixelFormat.cs"), TryParseSignature, TryParseSignature.Replace("public static", "internal static", StringComparison.Ordinal));
        Edit(Path.Combine(sources, "src/Abstractions/PublicAPI.Shipped.txt"), TryParseEntry + "\n", "");

        var pack = await workspace.DotNetAsync(sources, "pack", "src/Abstractions", "-c", "Release", "-o", Path.Combine(sources, "out"),
            $"-p:Version={NextMinor()}", $"-p:PackageValidationBaselineVersion={PackagingWorkspace.CurrentVersion}", "--disable-build-servers");

        Assert.NotEqual(0, pack.ExitCode);
        Assert.Matches(@"error CP0002: Member '[^']*PluggableDmaBuf\.PixelFormat\.TryParse\(", pack.Output);
        Assert.DoesNotContain("RS0016", pack.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("RS0017", pack.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unchanged_sources_pass_package_validation_against_the_released_version()
    {
        await workspace.AbstractionsPackedAsync();
        var sources = workspace.CopyRepository("abstractions-unchanged", "src/Abstractions");

        var pack = await workspace.DotNetAsync(sources, "pack", "src/Abstractions", "-c", "Release", "-o", Path.Combine(sources, "out"),
            $"-p:Version={NextMinor()}", $"-p:PackageValidationBaselineVersion={PackagingWorkspace.CurrentVersion}", "--disable-build-servers");

        pack.Succeeded();
        Assert.DoesNotContain("CP0", pack.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_an_unlisted_public_member_fails_the_build_with_RS0016_naming_it()
    {
        var sources = workspace.CopyRepository("abstractions-addition", "src/Abstractions");
        Edit(Path.Combine(sources, "src/Abstractions/Formats/PixelFormat.cs"), TryParseSignature,
            "    /// <summary>Whether the name is a known format.</summary>\n" +
            "    /// <param name=\"fourCC\">The name.</param>\n" +
            "    /// <returns>Whether it is known.</returns>\n" +
            "    public static bool IsKnown(string? fourCC) => TryParse(fourCC, out _);\n\n" + TryParseSignature);

        var build = await workspace.DotNetAsync(sources, "build", "src/Abstractions", "-c", "Release", "--disable-build-servers");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error RS0016: Symbol 'static PluggableDmaBuf.PixelFormat.IsKnown(string? fourCC) -> bool' is not part of the declared public API",
            build.Output, StringComparison.Ordinal);
    }

    private static string NextMinor()
    {
        var parts = PackagingWorkspace.CurrentVersion.Split('.');
        return $"{parts[0]}.{int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 1}.0";
    }

    private static void Edit(string path, string from, string to)
    {
        var text = File.ReadAllText(path);
        Assert.True(text.Contains(from, StringComparison.Ordinal), $"{path} no longer has: {from}");
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
