using PluggableDmaBuf.Testing.Harness;
using Xunit;

namespace PluggableDmaBuf.Testing.Conformance;

/// <summary>
/// The rules every <see cref="PipelineStage"/> meets in the host, as facts a stage's test class
/// inherits: derive, implement <see cref="CreateStage"/>, and override the members that describe how
/// to run it (options, input caps and frames) and the <c>Supports…</c> switches for optional behaviour.
/// </summary>
/// <remarks>
/// <para>The facts run the stage in a <see cref="StageHarness"/>, as the host does: calls in order
/// (Configure, ResolveOutput, Start, ProcessFrame per frame, Complete exactly once, also after a failure
/// or cancellation); every format its input port declares accepted; output caps from its port and its
/// ResolveOutput; no bytes touched outside the buffers of the frame it was given, or outside
/// ProcessFrame; everything it was given released; cancellation honoured; the same output for the same
/// input; and, when <see cref="SupportsAllocationFreeFrames"/>, no managed allocation per frame after warm-up.</para>
/// <para>Each fact creates its own stage instances with <see cref="CreateStage"/>.</para>
/// </remarks>
public abstract class StageConformanceTests
{
    /// <summary>Creates a new instance of the stage under test, as the host would through its service provider.</summary>
    /// <returns>A stage never used before.</returns>
    protected abstract PipelineStage CreateStage();

    /// <summary>The property values for a normal run (<c>name=value</c> pairs); default none.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Options => [];

    /// <summary>Frames in a run; default 4. At least 3.</summary>
    protected virtual int Frames => 4;

    /// <summary>The run's default frame size; default 64×48.</summary>
    protected virtual StreamCaps DefaultCaps => new(64, 48);

    /// <summary>
    /// For a stage with an input: the caps of its input for a normal run. Default: the first format and
    /// modifier of its input port, at <see cref="DefaultCaps"/>.
    /// </summary>
    protected virtual LinkCaps? InputCaps => CreateStage().Input is { } port
        ? new LinkCaps(port.Formats[0].Format, port.Formats[0].Modifiers[0], DefaultCaps)
        : null;

    /// <summary>For a stage with an input: writes each input frame; <c>null</c> (the default) for the harness's pattern. Override when the stage needs valid media.</summary>
    protected virtual StageInputWriter? InputWriter => null;

    /// <summary>
    /// Whether every format and modifier the input port declares can be fed as the harness does (the
    /// default, <c>true</c>). Override to <c>false</c> when some declared format needs media the harness
    /// cannot write.
    /// </summary>
    protected virtual bool SupportsEveryDeclaredInputFormat => true;

    /// <summary>
    /// Whether the stage declares that <see cref="PipelineStage.ProcessFrame"/> allocates nothing once
    /// warmed up (default <c>false</c>). When <c>true</c>, the frames after <see cref="WarmupFrames"/>
    /// — except the last, where a stage may write its final output — must allocate no managed bytes.
    /// </summary>
    protected virtual bool SupportsAllocationFreeFrames => false;

    /// <summary>Frames not measured for allocation at the start; default 2.</summary>
    protected virtual int WarmupFrames => 2;

    /// <summary>Whether the same input and options give the same output bytes and values on every run (default <c>true</c>).</summary>
    protected virtual bool SupportsDeterministicOutput => true;

    /// <summary>Creates the harness for <paramref name="stage"/> with the options, caps and input above; override to customise further.</summary>
    /// <param name="stage">A new stage.</param>
    /// <returns>The harness.</returns>
    protected virtual StageHarness CreateHarness(PipelineStage stage)
    {
        var harness = new StageHarness(stage) { Frames = Frames, DefaultCaps = DefaultCaps };
        foreach (var (name, value) in Options)
        {
            harness.WithOption(stage, name, value);
        }

        if (stage.Input is not null)
        {
            harness.WithInput(InputCaps ?? throw new InvalidOperationException($"{stage.Id} has an input: InputCaps must give its caps"), InputWriter);
        }

        return harness;
    }

    /// <summary>The declarations can be read without configuring the stage, and hang together.</summary>
    [Fact]
    public void Declarations_are_readable_and_consistent()
    {
        var stage = CreateStage();
        Assert.False(string.IsNullOrWhiteSpace(stage.Name));
        Assert.NotNull(stage.Description);
        Assert.True(stage.Input is not null || stage.Output is not null, $"{stage.Id} has neither an input nor an output");
        foreach (var port in new[] { stage.Input, stage.Output }.OfType<StagePort>())
        {
            Assert.NotEmpty(port.Formats);
            Assert.NotEmpty(port.Usage);
        }

        Assert.Equal(stage.Properties.Count, stage.Properties.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(stage.Values.Count, stage.Values.Select(v => v.Name).Distinct(StringComparer.Ordinal).Count());
        _ = stage.OutputExporter;
    }

    /// <summary>A run gets the host's calls in the host's order and completes.</summary>
    [Fact]
    public void Runs_every_frame_in_the_hosts_order()
    {
        var stage = CreateStage();
        var result = CreateHarness(stage).Run();

        result.AssertCompleted();
        List<StageCallbackKind> expected = [StageCallbackKind.Configure];
        if (stage.Output is not null)
        {
            expected.Add(StageCallbackKind.ResolveOutput);
        }

        expected.Add(StageCallbackKind.Start);
        expected.AddRange(Enumerable.Repeat(StageCallbackKind.ProcessFrame, Frames));
        expected.Add(StageCallbackKind.Complete);
        Assert.Equal(expected, result.CallbackKinds(stage));
        Assert.Equal(Enumerable.Range(0, Frames), result.CallbacksOf(stage).Where(c => c.Kind == StageCallbackKind.ProcessFrame).Select(c => c.Frame));
        Assert.True(result.CallbacksOf(stage)[^1].Completed);
    }

    /// <summary>Every format and modifier the input port declares is accepted.</summary>
    [Fact]
    public void Accepts_what_its_input_port_declares()
    {
        if (CreateStage().Input is not { } port || !SupportsEveryDeclaredInputFormat)
        {
            return;
        }

        foreach (var support in port.Formats)
        {
            foreach (var modifier in support.Modifiers)
            {
                var stage = CreateStage();
                var harness = CreateHarness(stage).WithInput(new LinkCaps(support.Format, modifier, DefaultCaps), InputWriter);
                var result = harness.Run();
                Assert.True(result.Completed, $"{stage.Id} declares {support.Format}:{modifier} but failed with it: {result.Failure}");
                result.AssertClean();
            }
        }
    }

    /// <summary>The output link's caps come from the output port, and the output buffer holds what they describe.</summary>
    [Fact]
    public void Produces_what_its_output_port_and_ResolveOutput_say()
    {
        var stage = CreateStage();
        if (stage.Output is not { } port)
        {
            return;
        }

        var result = CreateHarness(stage).Run();
        result.AssertCompleted();
        var caps = result.OutputCapsOf(stage)!;
        Assert.Contains(caps.Modifier, port.ModifiersFor(caps.Format));
        if (result.InputCapsOf(stage) is { } input)
        {
            Assert.Equal(InputCaps, input);
        }

        Assert.Equal(Frames, result.OutputsOf(stage).Count);
        var planes = caps.Format.Planes;
        var minimum = planes.Sum(p => p.BytesPerRow(caps.Width) * p.Rows(caps.Height));
        Assert.All(result.OutputsOf(stage), bytes => Assert.True(bytes.Length >= minimum, $"an output buffer of {bytes.Length} bytes cannot hold {caps}"));
    }

    /// <summary>The stage reaches only the buffers of the frame it is given, and only during <see cref="PipelineStage.ProcessFrame"/>.</summary>
    [Fact]
    public void Touches_no_bytes_outside_its_frame()
    {
        var result = CreateHarness(CreateStage()).Run();

        result.AssertCompleted();
        Assert.Empty(result.AccessViolations);
    }

    /// <summary>Everything the stage was given is released at the end: it keeps no references, attachments, mappings, accesses or views.</summary>
    [Fact]
    public void Releases_everything_it_was_given()
    {
        var result = CreateHarness(CreateStage()).Run();

        result.AssertCompleted();
        Assert.Empty(result.Leaks);
    }

    /// <summary>Cancelled during a frame, the stage returns or throws <see cref="OperationCanceledException"/>; the run stops there and Complete gets <c>false</c>.</summary>
    [Fact]
    public void Honours_cancellation()
    {
        var stage = CreateStage();
        var harness = CreateHarness(stage);
        harness.CancelAtFrame = 1;
        var result = harness.Run();

        Assert.True(result.Cancelled, $"cancelled during frame 1, {stage.Id} ended with {result.Failure?.ToString() ?? "no failure"}");
        Assert.Equal([0, 1], result.CallbacksOf(stage).Where(c => c.Kind == StageCallbackKind.ProcessFrame).Select(c => c.Frame));
        Assert.Equal(new StageCallback(stage.Id, StageCallbackKind.Complete, Completed: false), result.CallbacksOf(stage)[^1]);
        result.AssertClean();
    }

    /// <summary>When the run fails after Configure or after Start (another element refused), Complete is called once with <c>false</c> and does not throw.</summary>
    [Fact]
    public void Complete_is_called_once_and_is_safe_after_a_failure()
    {
        foreach (var after in new[] { StageCallbackKind.Configure, StageCallbackKind.ResolveOutput, StageCallbackKind.Start })
        {
            var stage = CreateStage();
            var harness = CreateHarness(stage);
            harness.FailAfter = after;
            var result = harness.Run();

            Assert.Empty(result.CompleteErrors);
            Assert.IsType<SimulatedFailureException>(result.Failure);
            var completes = result.CallbacksOf(stage).Where(c => c.Kind == StageCallbackKind.Complete).ToArray();
            Assert.Equal(new StageCallback(stage.Id, StageCallbackKind.Complete, Completed: false), Assert.Single(completes));
            Assert.DoesNotContain(result.CallbacksOf(stage), c => c.Kind == StageCallbackKind.ProcessFrame);
            result.AssertClean();
        }
    }

    /// <summary>The same input and options give the same bytes and values.</summary>
    [Fact]
    public void Gives_the_same_output_for_the_same_input()
    {
        if (!SupportsDeterministicOutput)
        {
            return;
        }

        var (first, second) = (CreateStage(), CreateStage());
        var a = CreateHarness(first).Run();
        var b = CreateHarness(second).Run();

        a.AssertCompleted();
        b.AssertCompleted();
        if (first.Output is not null)
        {
            Assert.Equal(a.OutputsOf(first), b.OutputsOf(second));
        }

        foreach (var (value, other) in first.Values.Zip(second.Values))
        {
            Assert.Equal(a.ValuesOf(first, value), b.ValuesOf(second, other));
        }
    }

    /// <summary>When declared (<see cref="SupportsAllocationFreeFrames"/>): no managed allocation per frame after warm-up, the last frame excepted.</summary>
    [Fact]
    public void Allocates_nothing_per_frame_when_it_says_so()
    {
        if (!SupportsAllocationFreeFrames)
        {
            return;
        }

        var stage = CreateStage();
        var harness = CreateHarness(stage);
        harness.Frames = WarmupFrames + 5;
        var result = harness.Run();

        result.AssertCompleted();
        var measured = result.AllocatedBytesOf(stage).Skip(WarmupFrames).SkipLast(1).ToArray();
        Assert.True(measured.All(b => b == 0),
            $"{stage.Id} allocated {string.Join(", ", measured)} bytes in frames {WarmupFrames} to {harness.Frames - 2}");
    }
}
