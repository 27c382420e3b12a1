using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A user's mistake: exit code 2, one line on stderr naming the problem (a usage error ends with
/// where the help is), no stack trace, nothing on stdout, and no output folder left behind:
/// every one of these is found before the pipeline starts.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const string Hint = " (see 'pdmabuf run --help')";
    private readonly RunFolder _folder = new();

    public static TheoryData<string, string[], string> Cases => new()
    {
        { "missing file", ["--source", "{dir}/missing.y4m"], "{dir}/missing.y4m: cannot open: " },
        { "bad magic", ["--source", "{dir}/bad-magic.y4m"], "{dir}/bad-magic.y4m: not a YUV4MPEG2 stream (bad magic)" },
        { "empty file", ["--source", "{dir}/empty.y4m"], "{dir}/empty.y4m: is empty (expected a YUV4MPEG2 header)" },
        { "4:4:4", ["--source", "{dir}/c444.y4m"], "{dir}/c444.y4m: unsupported chroma C444 (only 4:2:0 8-bit: C420, C420jpeg, C420paldv, C420mpeg2)" },
        { "no width", ["--source", "{dir}/no-width.y4m"], "{dir}/no-width.y4m: header has no width tag W" },
        { "zero size", ["--size", "0x0"], "Pipeline:Size: 0x0 is outside 2x2 to 8192x8192" },
        { "half a size", ["--size", "10x"], "Pipeline:Size: '10x' is not WIDTHxHEIGHT (for example 1920x1080)" },
        { "one pixel", ["--size", "1x1"], "Pipeline:Size: 1x1 is outside 2x2 to 8192x8192" },
        { "unknown source", ["--source", "foo"], "foo: unknown source (expected testpattern, testpattern:smpte, testpattern:ball or a .y4m file)" },
        { "unknown pattern", ["--source", "testpattern:bars"], "testpattern:bars: unknown test pattern 'bars' (known: smpte, ball)" },
        { "no frames", ["--frames", "0"], "Pipeline:Frames: 0 must be at least 1" },
        { "negative frames", ["--frames", "-3"], "Pipeline:Frames: -3 must be at least 1" },
        { "frames not a number", ["--frames", "many"], "pdmabuf: --frames: 'many' is not a whole number (see" },
        { "frames too large", ["--frames", "9999999999"], "pdmabuf: --frames: '9999999999' is not a whole number from -2147483648 to 2147483647 (see" },
        { "preview not a number", ["--preview-at", "1.5"], "pdmabuf: --preview-at: '1.5' is not a whole number (see" },
        { "snapshot interval with a line break", ["--snapshot-every", "3\r\nrm -rf"], "pdmabuf: --snapshot-every: '3\\u000d\\u000arm -rf' is not a whole number (see" },
        { "unknown allocator", ["--allocator", "bogus"], "pdmabuf: Argument 'bogus' not recognized. Must be one of: 'auto' 'central' 'exporter'" },
        { "preview beyond the run", ["--frames", "5", "--preview-at", "5"], "Pipeline:PreviewAt: 5 is not a frame of this run (0 to 4)" },
        { "negative preview", ["--preview-at", "-1"], "Pipeline:PreviewAt: -1 is not a frame of this run (0 to 4)" },
        { "unknown option", ["--colour"], "pdmabuf: Unrecognized command or argument '--colour' (see 'pdmabuf run --help')" },
        { "missing config", ["--config", "{dir}/none.json"], "{dir}/none.json: no such configuration file" },
        { "malformed config", ["--config", "{dir}/malformed.json"], "{dir}/malformed.json: malformed JSON" },
        { "link depth 0", ["--config", "{dir}/depth0.json"], "Pipeline:LinkDepth: 0 is outside 1 to 16" },
        { "misspelt setting", ["--config", "{dir}/misspelt.json"], "Pipeline:Frame: unknown setting (expected one of: " },
        { "a source alone", ["--config", "{dir}/one-stage.json"], "Pipeline:Graph: column 1: video0:capture produces frames, but nothing reads them (link it to a consumer with '!')" },
        { "sink before the end", ["--config", "{dir}/sink-first.json"], "Pipeline:Graph: column 35: display0:primary produces nothing, so nothing can follow it" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_is_one_line_and_exit_code_2(string name, string[] args, string expected)
    {
        WriteInputs();
        string Fill(string text) => text.Replace("{dir}", _folder.Path, StringComparison.Ordinal);

        // Small defaults, unless the case is about them.
        var defaults = new[] { "--frames", "5", "--size", "64x48" }.Chunk(2).Where(o => !args.Contains(o[0])).SelectMany(o => o);

        var run = CliResult.Of(["run", "--plugins", CliResult.RealPlugins, "--out", _folder.Out, .. defaults, .. args.Select(Fill)]);

        Assert.True(run.ExitCode == 2, $"{name}: exit {run.ExitCode}, stderr: {run.Error}");
        Assert.Equal("", run.Out);
        var lines = run.ErrorLines;
        Assert.StartsWith(Fill(expected), lines[0], StringComparison.Ordinal);
        Assert.Single(lines);

        // Only a usage error (the parser's, prefixed with the tool's name) ends with where the help is.
        Assert.Equal(lines[0].StartsWith("pdmabuf: ", StringComparison.Ordinal), lines[0].EndsWith(Hint, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.Out), $"{name}: the output folder was created");
    }

    public void Dispose() => _folder.Dispose();

    private void WriteInputs()
    {
        File.WriteAllText(_folder.File("bad-magic.y4m"), "YUV4MPEG3 W4 H4\nFRAME\n");
        File.WriteAllBytes(_folder.File("empty.y4m"), []);
        File.WriteAllText(_folder.File("c444.y4m"), "YUV4MPEG2 W4 H4 F25:1 C444\nFRAME\n" + new string('\x80', 48));
        File.WriteAllText(_folder.File("no-width.y4m"), "YUV4MPEG2 H4 F25:1 C420jpeg\nFRAME\n" + new string('\x80', 24));
        File.WriteAllText(_folder.File("malformed.json"), """{ "Pipeline": { "Frames": 3, """);
        File.WriteAllText(_folder.File("depth0.json"), """{ "Pipeline": { "LinkDepth": 0 } }""");
        File.WriteAllText(_folder.File("misspelt.json"), """{ "Pipeline": { "Frame": 3 } }""");
        File.WriteAllText(_folder.File("one-stage.json"), """{ "Pipeline": { "Graph": "video0:capture" } }""");
        File.WriteAllText(_folder.File("sink-first.json"), """{ "Pipeline": { "Graph": "video0:capture ! display0:primary ! gpu0:convert" } }""");
    }
}
