using System.Text;
using CsCheck;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Hosting;
using PluggableDmaBuf.Tests.Fuzzing;

namespace PluggableDmaBuf.Host.Tests.Configuration;

/// <summary>
/// Fuzzing of the settings, for a bounded time on every CI run, through the path every command takes
/// before it loads a plugin (<see cref="PdmabufApp.LoadSettings"/>: the sources layered, the schema
/// check, options validation, the plugin folders and the memory map bound). Two inputs: configuration
/// files from the seed corpus (<c>Configuration/Corpus/*.json</c>), mutated, given as <c>--config</c>;
/// and sets of key/value pairs as the environment provider hands them over (<c>PDMABUF_A__B</c> is
/// <c>A:B</c>), made of real keys and their near misses with hostile values. The only outcomes are
/// success or bad input whose printed line is one line of bounded length without control characters.
/// </summary>
public sealed class SettingsFuzzTests : IDisposable
{
    private static readonly byte[][] s_tokens = new[]
    {
        "\"Faults\":{\"StageThrows\":\"a:b@1\"},", "\"Pipeline\":{\"StallTimeoutSeconds\":1e308},", "\"Memory\":{\"Heaps\":{\"cma\":{\"Size\":",
        "\"Size\":\"\"", "\"Frames\":-1", "\"Base\":18446744073709551615", "\"FenceTimeout\":\"99999999.00:00:00\"", "\"LogLevel\":{\"\":\"x\"}",
        "\"Folders\":[\"\"]", "\"Folders\":{\"x\":1}", "1e400", "-0", "NaN", "null", "true", "[", "]", "{", "}", ",", ":", "\"", "\\",
        "\"\\ud800\"", "\"\\u0000\"", "\"\\u001b[31m\"", "\r\n", "\u00e9", "\uFEFF", "/*", "*/",
    }.Select(Encoding.UTF8.GetBytes).ToArray();

    private static readonly string[] s_keys =
    [
        "Core__Strict", "Core__FenceTimeout", "Core__Storage", "Core__LateAttach", "Faults__StageThrows", "Faults__FenceNeverSignalled",
        "Faults__HeapExhaustedAt", "Faults__PluginFailsToStart", "Logging__LogLevel__Default", "Memory__Heaps__cma__Size",
        "Memory__Heaps__cma__Base", "Memory__Heaps__system-dma32__Base", "Memory__Heaps__dram__Size", "Pipeline__Frames", "Pipeline__Size",
        "Pipeline__Graph", "Pipeline__PreviewAt", "Pipeline__LinkDepth", "Pipeline__StallTimeoutSeconds", "Pipeline__Out", "Plugins__Folders__0",
        "Plugins__Folders__7", "Plugins__X__gpu0__convert__matrix", "Pipleine__Frames", "Faults__StageThrow", "Faults", "Memory__Heaps",
        "Core__Strict__x", "__", "Pipeline____Frames",
    ];

    private static readonly string[] s_values =
    [
        "", " ", "0", "-1", "1", "3", "4096", "1073741824", "2147483648", "1e308", "-1e308", "NaN", "Infinity", "00:00:01", "-00:00:00.001",
        "10675199.02:48:05.4775807", "true", "yes", "64x48", "0x0", "8193x2", "gpu0:convert@5", "gpu0:convert@-1", ":@", "@9", "a:b:c@1",
        "video0:capture ! !", "\u001b[2J", "line\nbreak", "\ud800", new string('x', 5000), "Refuse", "Memfd", "None",
    ];

    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("pdmabuf-settings-fuzz-").FullName, "config.json");

    [Fact]
    public void Mutated_config_files_give_settings_or_one_line_of_bad_input()
    {
        var corpus = ByteMutations.Corpus(Path.Combine("Configuration", "Corpus"), "*.json");

        ByteMutations.Of(corpus, s_tokens).Sample(bytes =>
        {
            File.WriteAllBytes(_file, bytes);
            Load(new HostSettings { ConfigFile = _file });
        }, time: ByteMutations.Seconds, threads: 1, print: bytes => Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Environment_style_settings_give_settings_or_one_line_of_bad_input()
    {
        var pair = Gen.Select(Gen.Int[0, s_keys.Length - 1], Gen.Int[0, s_values.Length - 1], Gen.Bool)
            .Select(p => (Key: p.Item3 ? s_keys[p.Item1].ToUpperInvariant() : s_keys[p.Item1], Value: s_values[p.Item2]));

        pair.Array[1, 6].Sample(pairs =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in pairs)
            {
                // What the environment provider does with PDMABUF_A__B once the prefix is gone.
                overrides[key.Replace("__", ":", StringComparison.Ordinal)] = value;
            }

            Load(new HostSettings { Overrides = overrides });
        }, time: ByteMutations.Seconds, threads: 1, print: pairs => string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}")));
    }

    [Fact]
    public void Every_corpus_file_gives_an_outcome()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Configuration", "Corpus"), "*.json"))
        {
            Load(new HostSettings { ConfigFile = file });
        }
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);

    private static void Load(HostSettings settings)
    {
        try
        {
            PdmabufApp.LoadSettings(settings);
        }
        catch (BadInputException e)
        {
            // What pdmabuf prints for it (exit 2).
            var line = ErrorText.Line(e.Message);
            Assert.True(line.Length <= ErrorText.MaxLineLength + 64, $"a line of {line.Length} characters");
            Assert.DoesNotContain(line, char.IsControl);
        }
    }
}
