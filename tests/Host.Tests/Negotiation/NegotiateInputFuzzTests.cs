using System.Text;
using CsCheck;
using PluggableDmaBuf.Core.Negotiation;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Negotiation;
using PluggableDmaBuf.Tests.Fuzzing;

namespace PluggableDmaBuf.Host.Tests.Negotiation;

/// <summary>
/// Fuzzing of the <c>negotiate</c> input, for a bounded time on every CI run: request files from
/// the seed corpus (<c>Negotiation/Corpus/*.json</c>), mutated, go through the reader and the
/// engine exactly as <c>pdmabuf negotiate</c> sends them. Whatever the bytes, the outcome is an
/// input, a conflict or a bad-input error (exit 2) — never another exception (a crash, exit 134).
/// Each crash found so far is a named test: lone surrogates and duplicate keys in
/// <see cref="PluggableDmaBuf.Host.Tests.Json.StrictJsonTests"/>.
/// </summary>
public sealed class NegotiateInputFuzzTests
{
    private static readonly byte[][] s_tokens = new[]
    {
        "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\ude00\"", "\"name\":\"gpu0\",", "\"addressBits\":64,", "\"addressBits\":", "\"devices\":[]",
        "18446744073709551616", "-9223372036854775809", "1e400", "-1", "0", "4096", "65536", "2147483648", "null", "true", "[", "]", "{", "}",
        ",", ":", "\"", "\\", "/*", "*/", "\"formats\":[{\"format\":\"XR24\",\"modifiers\":[\"linear\",\"linear\"]}]", "\"maxSegments\":0,",
        "\"heaps\":[\"cma\",\"cma\"]", "\"exporter\":\"nobody\",", "\"size\":", "\"width\":32768,\"height\":32768,", "\"base\":18446744073709547520,",
        "\r", "\u001b", "\u00e9", "\uFEFF",
    }.Select(Encoding.UTF8.GetBytes).ToArray();

    [Fact]
    public void Mutated_requests_never_crash_the_reader_or_the_engine()
    {
        var corpus = ByteMutations.Corpus(Path.Combine("Negotiation", "Corpus"), "*.json");

        ByteMutations.Of(corpus, s_tokens).Sample(Negotiate, time: ByteMutations.Seconds, threads: 1,
            print: bytes => Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Every_corpus_file_gives_an_outcome()
    {
        // The seeds themselves: placements, a conflict, and the two inputs that used to crash.
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Negotiation", "Corpus"), "*.json"))
        {
            Negotiate(File.ReadAllBytes(file));
        }
    }

    private static void Negotiate(byte[] bytes)
    {
        NegotiateInput input;
        try
        {
            input = NegotiateInputReader.Read(bytes, "fuzz.json");
        }
        catch (BadInputException)
        {
            return;
        }

        try
        {
            var result = NegotiationEngine.Instance.Negotiate(input.Request, input.Devices, input.Memory.Heaps);
            Assert.True(result.Succeeded || result.Conflict is not null);
        }
        catch (InvalidConstraintException)
        {
            // A request the engine refuses as invalid: the CLI turns it into exit 2 as well.
        }
    }
}
