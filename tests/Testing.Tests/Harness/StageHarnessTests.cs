using PluggableDmaBuf.Testing.Harness;
using PluggableDmaBuf.Testing.Memory;
using PluggableDmaBuf.Testing.Tests.Support;

namespace PluggableDmaBuf.Testing.Tests.Harness;

public sealed class StageHarnessTests
{
    [Fact]
    public void A_chain_runs_in_the_hosts_order_and_gives_bytes_values_and_no_leaks()
    {
        var (source, invert, sink) = (new SampleStages.FillSource(), new SampleStages.Invert(), new SampleStages.FirstByteSink());
        var result = new StageHarness(source, invert, sink) { Frames = 3 }.Run();

        result.AssertCompleted();
        result.AssertClean();
        Assert.Equal(
            [StageCallbackKind.Configure, StageCallbackKind.ResolveOutput, StageCallbackKind.Start, StageCallbackKind.ProcessFrame,
                StageCallbackKind.ProcessFrame, StageCallbackKind.ProcessFrame, StageCallbackKind.Complete],
            result.CallbackKinds(invert));
        Assert.Equal("dev0:fill.Configure", result.Callbacks[0].ToString());
        Assert.All(result.CallbacksOf(sink).Where(c => c.Kind == StageCallbackKind.Complete), c => Assert.True(c.Completed));
        Assert.Equal([(byte)1, 2, 3], result.OutputsOf(source).Select(b => b[0]));
        Assert.Equal([(long)0xfe, 0xfd, 0xfc], result.Values("first").Select(v => v!.Value));
        Assert.Equal(PixelFormat.XR24, result.InputCapsOf(sink)!.Format);
        Assert.Equal(64, result.OutputCapsOf(source)!.Width);
    }

    [Fact]
    public void A_stage_with_an_input_is_fed_by_the_harness()
    {
        var invert = new SampleStages.Invert();
        var caps = new LinkCaps(PixelFormat.XR24, FormatSupport.Linear, new StreamCaps(16, 4));
        var result = new StageHarness(invert) { Frames = 2 }
            .WithInput(caps, (frame, buffer, bytes) => bytes.Fill((byte)(10 * frame)))
            .Run();

        result.AssertCompleted();
        result.AssertClean();
        Assert.Equal(2, result.Outputs.Count);
        Assert.All(result.Outputs[1][..(16 * 4 * 4)], b => Assert.Equal((byte)0xf5, b));
    }

    [Fact]
    public void A_failure_is_reported_and_complete_still_runs_with_false()
    {
        var stage = new ThrowingSource();
        var result = new StageHarness(stage) { Frames = 4 }.Run();

        Assert.False(result.Completed);
        Assert.IsType<InvalidOperationException>(result.Failure);
        Assert.Equal(new StageCallback(stage.Id, StageCallbackKind.Complete, Completed: false), result.Callbacks[^1]);
        Assert.Equal(2, result.Callbacks.Count(c => c.Kind == StageCallbackKind.ProcessFrame));
        result.AssertClean();
    }

    [Fact]
    public void Cancellation_stops_the_run_at_the_frame()
    {
        var source = new SampleStages.FillSource();
        var result = new StageHarness(source) { Frames = 5, CancelAtFrame = 2 }.Run();

        Assert.True(result.Cancelled);
        Assert.Equal(3, result.Callbacks.Count(c => c.Kind == StageCallbackKind.ProcessFrame));
        result.AssertClean();
    }

    [Fact]
    public void Bytes_touched_outside_the_frame_and_buffers_kept_are_reported()
    {
        var stage = new KeepingSource();
        var result = new StageHarness(stage) { Frames = 2 }.Run();

        Assert.NotEmpty(result.AccessViolations);
        Assert.Contains("outside the frame", result.AccessViolations[0]);
        Assert.Single(result.Leaks);
        Assert.ThrowsAny<Exception>(result.AssertClean);
    }

    [Fact]
    public void An_undeclared_value_fails_the_frame_naming_it()
    {
        var result = new StageHarness(new UndeclaredValueSource()).Run();

        var error = Assert.IsType<ArgumentException>(result.Failure);
        Assert.Contains("does not declare", error.Message);
    }

    [Fact]
    public void An_allocator_makes_the_output_buffers_when_given()
    {
        var (source, sink) = (new SampleStages.FillSource(), new SampleStages.FirstByteSink());
        var harness = new StageHarness(source, sink) { Frames = 3 };
        using var allocator = new SimpleCentralAllocator(harness.Factory, new FakeNegotiator(), new FakeDeviceRegistry(SampleStages.Dev0));
        harness.Allocator = allocator;
        var result = harness.Run();

        result.AssertCompleted();
        Assert.Equal([(long)1, 2, 3], result.Values("first").Select(v => v!.Value));
        Assert.Equal(2, harness.Factory.LiveBuffers.Count);
        allocator.Dispose();
        harness.Factory.AssertNoLeaks();
    }

    [Fact]
    public void Reported_files_are_kept_and_the_temporary_folder_is_removed()
    {
        var result = new StageHarness(new FileWritingSource()) { Frames = 1 }.Run();

        result.AssertCompleted();
        var (path, bytes) = Assert.Single(result.ReportedFiles);
        Assert.Equal("frame 0", System.Text.Encoding.ASCII.GetString(bytes));
        Assert.False(File.Exists(path));
        Assert.Null(result.OutputDirectory);
    }

    private sealed class FileWritingSource() : PipelineStage("files", SampleStages.Dev0)
    {
        private IStageContext? _context;

        public override StagePort Output { get; } = new(SampleStages.Dev0, [BufferUsages.Render]);

        public override void Configure(IStageContext context) => _context = context;

        public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
        {
            var path = Path.Combine(_context!.OutputDirectory, $"frame{frame.Index}.txt");
            File.WriteAllText(path, $"frame {frame.Index}");
            _context.ReportOutput(path);
        }
    }

    private sealed class ThrowingSource() : PipelineStage("throws", SampleStages.Dev0)
    {
        public override StagePort Output { get; } = new(SampleStages.Dev0, [BufferUsages.Render]);

        public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
        {
            if (frame.Index == 1)
            {
                throw new InvalidOperationException("frame 1 is bad");
            }
        }
    }

    /// <summary>Keeps the first frame's buffer with a reference of its own, and reads it again later.</summary>
    private sealed class KeepingSource() : PipelineStage("keeps", SampleStages.Dev0)
    {
        private IDmaBuf? _kept;

        public override StagePort Output { get; } = new(SampleStages.Dev0, [BufferUsages.Render]);

        public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
        {
            if (_kept is null)
            {
                _kept = frame.Output.Buffer!;
                _kept.Get();
                return;
            }

            using var access = _kept.BeginCpuAccess(CpuAccessMode.Read);
            _ = access.ReadOnlySpan[0];
        }
    }

    private sealed class UndeclaredValueSource() : PipelineStage("undeclared", SampleStages.Dev0)
    {
        private IStageContext? _context;

        public override StagePort Output { get; } = new(SampleStages.Dev0, [BufferUsages.Render]);

        public override void Configure(IStageContext context) => _context = context;

        public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken) =>
            _context!.Record(new StageValue("x", StageValueFormat.Decimal, "not declared"), frame.Index, 1);
    }
}
