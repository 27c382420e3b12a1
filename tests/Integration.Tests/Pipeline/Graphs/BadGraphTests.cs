using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Pipeline.Graphs;

/// <summary>
/// A pipeline that cannot run is refused before anything starts, with its exit code and one line on
/// stderr: bad input (2) for the description's mistakes, a negotiation conflict (3) for a link whose
/// stages share no format and modifier. Nothing is printed on stdout and no output folder is made.
/// </summary>
public sealed class BadGraphTests : IDisposable
{
    private readonly RunFolder _folder = new();
    private readonly PluginFolder _fixtures = new PluginFolder().With("Fixture.Scaler");

    public static TheoryData<string, string, int, string> Cases => new()
    {
        {
            "syntax", "video0:capture ! ! display0:primary", 2,
            "pipeline: column 18: expected an element (device:stage) or a reference (label.) after '!', found '!'"
        },
        {
            "unknown stage", "video0:capture ! gpu0:conver ! display0:primary", 2,
            "pipeline: column 18: unknown stage gpu0:conver (did you mean gpu0:convert?); known stages: checker0:sum, display0:overlay, display0:primary, gpu0:convert, probe1:source, scaler0:down, tiler0:scan, video0:capture"
        },
        {
            "unknown property", "video0:capture ! gpu0:convert matrx=bt709 ! display0:primary", 2,
            "pipeline: column 31: gpu0:convert has no property matrx (did you mean matrix?); its properties: matrix, range, start-at"
        },
        {
            "invalid property", "video0:capture ! gpu0:convert matrix=bt2020 ! display0:primary", 2,
            "pipeline: column 31: gpu0:convert matrix: 'bt2020' is not one of auto, bt601, bt709"
        },
        {
            "late join beyond the run", "video0:capture name=v ! gpu0:convert ! display0:primary v. ! display0:overlay start-at=5", 2,
            "pipeline: column 79: display0:overlay start-at: '5' is not a frame of this run (0 to 4)"
        },
        {
            "cycle", "gpu0:convert name=g ! scaler0:down ! g.", 2,
            "pipeline: column 36: the links form a cycle: gpu0:convert ! scaler0:down ! gpu0:convert"
        },
        {
            "stage used twice", "video0:capture ! gpu0:convert ! display0:primary video0:capture ! display0:overlay", 2,
            "pipeline: column 50: video0:capture is used twice (first at column 1); a stage exists once, so it appears once"
        },
        {
            "a second input", "video0:capture ! gpu0:convert name=g ! scaler0:down ! g.", 2,
            "pipeline: column 53: gpu0:convert already reads from video0:capture (linked at column 16); a stage reads one link, so link scaler0:down elsewhere"
        },
        {
            "preview sugar over an overlay branch", "video0:capture name=v ! gpu0:convert ! display0:primary v. ! display0:overlay", 2,
            "Pipeline:PreviewAt: the pipeline already uses display0:overlay; give it start-at=2 in the description instead"
        },
        {
            "sink with an output", "video0:capture ! display0:overlay ! gpu0:convert ! display0:primary", 2,
            "pipeline: column 35: display0:overlay produces nothing, so nothing can follow it"
        },
        {
            "caps: NV12 into an XR24 sink", "video0:capture ! display0:primary", 3,
            "link video0:capture\u2192display0:primary: video0:capture produces NV12 (linear), YU12 (linear), YUYV (linear); display0:primary takes XR24 (linear), AR24 (linear)"
        },
        {
            "caps: a tiled-only sink after gpu0", "video0:capture ! gpu0:convert ! tiler0:scan", 3,
            "link gpu0:convert\u2192tiler0:scan: gpu0:convert produces XR24 (linear); tiler0:scan takes XR24 (tiled)"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_graph_is_refused_with_its_exit_code_and_one_line(string name, string graph, int exitCode, string expected)
    {
        string[] preview = name.StartsWith("preview", StringComparison.Ordinal) ? ["--preview-at", "2"] : [];
        var run = CliResult.Of(["run", graph, "--plugins", CliResult.RealPlugins, "--plugins", _fixtures.Path, "--out", _folder.Out,
            "--frames", "5", "--size", "64x48", .. preview]);

        Assert.True(run.ExitCode == exitCode, $"{name}: exit {run.ExitCode}, stderr: {run.Error}");
        Assert.Equal([expected], run.ErrorLines);
        Assert.Equal("", run.Out);
        Assert.False(Directory.Exists(_folder.Out), $"{name}: the output folder was created");
    }

    public void Dispose()
    {
        _fixtures.Dispose();
        _folder.Dispose();
    }
}
