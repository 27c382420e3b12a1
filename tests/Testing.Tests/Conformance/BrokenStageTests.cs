using PluggableDmaBuf.Testing.Conformance;
using PluggableDmaBuf.Testing.Tests.Harness;
using Xunit.Sdk;

namespace PluggableDmaBuf.Testing.Tests.Conformance;

/// <summary>The stage suite can fail: each deliberately broken stage fails the fact about its rule, and a correct stage passes them all.</summary>
public sealed class BrokenStageTests
{
    [Fact]
    public void A_correct_stage_passes_every_fact()
    {
        var suite = new Suite(() => new SampleStages.Invert(), allocationFree: true);
        suite.Declarations_are_readable_and_consistent();
        suite.Runs_every_frame_in_the_hosts_order();
        suite.Accepts_what_its_input_port_declares();
        suite.Produces_what_its_output_port_and_ResolveOutput_say();
        suite.Touches_no_bytes_outside_its_frame();
        suite.Releases_everything_it_was_given();
        suite.Honours_cancellation();
        suite.Complete_is_called_once_and_is_safe_after_a_failure();
        suite.Gives_the_same_output_for_the_same_input();
        suite.Allocates_nothing_per_frame_when_it_says_so();
    }

    [Fact]
    public void A_stage_that_keeps_a_reference_fails_the_release_rule() =>
        Assert.Throws<EmptyException>(new Suite(() => new Broken.KeepsReference()).Releases_everything_it_was_given);

    [Fact]
    public void A_stage_that_reads_bytes_in_Complete_fails_the_access_rule() =>
        Assert.Throws<EmptyException>(new Suite(() => new Broken.ReadsInComplete()).Touches_no_bytes_outside_its_frame);

    [Fact]
    public void A_stage_that_fails_on_cancellation_fails_the_cancellation_rule() =>
        Assert.Throws<TrueException>(new Suite(() => new Broken.FailsWhenCancelled()).Honours_cancellation);

    [Fact]
    public void A_stage_whose_Complete_needs_Start_fails_the_Complete_rule() =>
        Assert.ThrowsAny<XunitException>(new Suite(() => new Broken.CompleteNeedsStart()).Complete_is_called_once_and_is_safe_after_a_failure);

    [Fact]
    public void A_stage_that_allocates_per_frame_fails_when_it_says_it_does_not() =>
        Assert.Throws<TrueException>(new Suite(() => new Broken.AllocatesPerFrame(), allocationFree: true).Allocates_nothing_per_frame_when_it_says_so);

    [Fact]
    public void A_stage_whose_output_depends_on_earlier_runs_fails_the_determinism_rule() =>
        Assert.ThrowsAny<XunitException>(new Suite(() => new Broken.RemembersRuns()).Gives_the_same_output_for_the_same_input);

    [Fact]
    public void A_stage_that_refuses_a_format_it_declares_fails_the_port_rule() =>
        Assert.Throws<TrueException>(new Suite(() => new Broken.RefusesDeclaredFormat()).Accepts_what_its_input_port_declares);

    [Fact]
    public void A_stage_that_skips_frames_fails_the_order_rule() =>
        Assert.ThrowsAny<XunitException>(new Suite(() => new Broken.ThrowsAtFrame2()).Runs_every_frame_in_the_hosts_order);

    /// <summary>Not discovered by xunit (not public): its facts are called by the tests above.</summary>
    private sealed class Suite(Func<PipelineStage> create, bool allocationFree = false) : StageConformanceTests
    {
        protected override PipelineStage CreateStage() => create();

        protected override bool SupportsAllocationFreeFrames => allocationFree;
    }

    private static class Broken
    {
        private static readonly DeviceDescription Dev = SampleStages.Dev0;

        internal abstract class Transform(string name) : PipelineStage(name, Dev)
        {
            public override StagePort Input { get; } = new(Dev, [BufferUsages.Render]);

            public override StagePort Output { get; } = new(Dev, [BufferUsages.Render]);

            public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken) =>
                frame.Input.GetLinearSpan().CopyTo(frame.Output.GetLinearSpan());
        }

        internal sealed class KeepsReference() : Transform("keeps")
        {
            public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
            {
                base.ProcessFrame(frame, cancellationToken);
                if (frame.Index == 0)
                {
                    frame.Output.Buffer!.Get();
                }
            }
        }

        internal sealed class ReadsInComplete() : Transform("late-read")
        {
            private IDmaBuf? _last;

            public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
            {
                base.ProcessFrame(frame, cancellationToken);
                _last = frame.Input.Buffer;
            }

            public override void Complete(IStageContext context, bool completed)
            {
                if (_last is { IsReleased: false } buffer)
                {
                    using var access = buffer.BeginCpuAccess(CpuAccessMode.Read);
                    _ = access.ReadOnlySpan[0];
                }
            }
        }

        internal sealed class FailsWhenCancelled() : Transform("no-cancel")
        {
            public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    throw new InvalidOperationException("the device went away");
                }

                base.ProcessFrame(frame, cancellationToken);
            }
        }

        internal sealed class CompleteNeedsStart() : Transform("needs-start")
        {
            private List<int>? _started;

            public override void Start(IStageContext context) => _started = [];

            public override void Complete(IStageContext context, bool completed) => _started!.Clear();
        }

        internal sealed class AllocatesPerFrame() : Transform("allocates")
        {
            public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
            {
                var copy = frame.Input.GetLinearSpan().ToArray();
                copy.CopyTo(frame.Output.GetLinearSpan());
            }
        }

        internal sealed class RemembersRuns() : Transform("remembers")
        {
            private static int s_runs;
            private int _run;

            public override void Start(IStageContext context) => _run = Interlocked.Increment(ref s_runs);

            public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken) =>
                frame.Output.GetLinearSpan().Fill((byte)_run);
        }

        internal sealed class RefusesDeclaredFormat() : Transform("refuses")
        {
            private static readonly DeviceDescription TwoFormats = new("dev1", formats: [new FormatSupport(PixelFormat.XR24), new FormatSupport(PixelFormat.NV12)]);

            public override StagePort Input { get; } = new(TwoFormats, [BufferUsages.Render], [new FormatSupport(PixelFormat.XR24), new FormatSupport(PixelFormat.NV12)]);

            public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
            {
                if (frame.Input.Buffer!.Format == PixelFormat.NV12)
                {
                    throw new InvalidMediaException("NV12", "not implemented");
                }

                frame.Output.GetLinearSpan().Clear();
            }
        }

        internal sealed class ThrowsAtFrame2() : Transform("frame2")
        {
            public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
            {
                if (frame.Index == 2)
                {
                    throw new IOException("lost frame");
                }

                base.ProcessFrame(frame, cancellationToken);
            }
        }
    }
}
