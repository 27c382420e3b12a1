using System.Globalization;
using CsCheck;

namespace PluggableDmaBuf.Tests.Fuzzing;

/// <summary>
/// Inputs for the parser fuzz tests: a file from a seed corpus with a few mutations applied — bits
/// flipped, bytes set, a token of the format inserted (a lone-surrogate escape, a repeated key, a
/// huge number), a range deleted or duplicated, the end cut off. CsCheck shrinks a failing input to
/// fewer and smaller mutations, and prints the seed to replay it. Compiled into every test project
/// that fuzzes a parser.
/// </summary>
internal static class ByteMutations
{
    /// <summary>Environment variable that lengthens every fuzz run, in seconds (CI keeps the default).</summary>
    public const string SecondsVariable = "PDMABUF_FUZZ_SECONDS";

    /// <summary>
    /// Seconds each fuzz target runs: 2 by default, so the fuzzing stays a small, fixed part of the
    /// suite; <see cref="SecondsVariable"/> raises it for a longer local campaign.
    /// </summary>
    public static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : 2;

    /// <summary>Loads every file matching <paramref name="pattern"/> in the corpus folder beside the tests.</summary>
    public static byte[][] Corpus(string folder, string pattern)
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, folder), pattern).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        return files.Select(File.ReadAllBytes).ToArray();
    }

    /// <summary>A corpus file with 0 to <paramref name="maxMutations"/> mutations, drawing inserted text from <paramref name="tokens"/>.</summary>
    public static Gen<byte[]> Of(byte[][] seeds, byte[][] tokens, int maxMutations = 6) =>
        Gen.Select(Gen.Int[0, seeds.Length - 1], Mutation(tokens).Array[0, maxMutations])
            .Select(pick => Apply(seeds[pick.Item1], pick.Item2, tokens));

    private static Gen<(int Kind, int Position, int Length, int Value)> Mutation(byte[][] tokens) =>
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, int.MaxValue], Gen.Int[1, 64], Gen.Int[0, Math.Max(255, tokens.Length - 1)]);

    private static byte[] Apply(byte[] seed, (int Kind, int Position, int Length, int Value)[] mutations, byte[][] tokens)
    {
        var bytes = new List<byte>(seed);
        foreach (var (kind, position, length, value) in mutations)
        {
            var at = bytes.Count == 0 ? 0 : position % bytes.Count;
            var span = Math.Min(length, bytes.Count - at);
            switch (kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << (value % 8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = (byte)value;
                    break;
                case 2:
                case 3:
                    // Tokens twice as often as any other mutation: they reach past the syntax.
                    bytes.InsertRange(at, tokens[value % tokens.Length]);
                    break;
                case 4:
                    bytes.RemoveRange(at, span);
                    break;
                case 5:
                    bytes.InsertRange(at, bytes.GetRange(at, span));
                    break;
                case 6:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
