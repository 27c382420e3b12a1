using Xunit;

namespace PluggableDmaBuf.Testing.Harness;

/// <summary>
/// What a <see cref="StageHarness"/> run gave: whether it completed, the calls made to each stage in
/// order, the bytes each stage produced per frame, the values it recorded, the files it reported, the
/// managed bytes each <see cref="PipelineStage.ProcessFrame"/> call allocated, what was still held at
/// the end, and any bytes touched outside the frame a stage was given.
/// </summary>
/// <remarks>Immutable once returned.</remarks>
public sealed class StageRunResult
{
    private readonly IReadOnlyList<PipelineStage> _stages;
    private readonly Dictionary<PipelineStage, IReadOnlyList<byte[]>> _outputs;
    private readonly Dictionary<PipelineStage, Dictionary<StageValue, long?[]>> _values;
    private readonly Dictionary<PipelineStage, long[]> _allocated;
    private readonly Dictionary<PipelineStage, (LinkCaps? Input, LinkCaps? Output)> _caps;

    internal StageRunResult(IReadOnlyList<PipelineStage> stages, Exception? failure, bool completed, IReadOnlyList<StageCallback> callbacks,
        Dictionary<PipelineStage, IReadOnlyList<byte[]>> outputs, Dictionary<PipelineStage, Dictionary<StageValue, long?[]>> values,
        Dictionary<PipelineStage, long[]> allocated, Dictionary<PipelineStage, (LinkCaps? Input, LinkCaps? Output)> caps,
        IReadOnlyList<string> reportedOutputs, IReadOnlyDictionary<string, byte[]> reportedFiles, IReadOnlyList<Exception> completeErrors, IReadOnlyList<string> leaks,
        IReadOnlyList<string> accessViolations, string? outputDirectory)
    {
        _stages = stages;
        Failure = failure;
        Completed = completed;
        Callbacks = callbacks;
        _outputs = outputs;
        _values = values;
        _allocated = allocated;
        _caps = caps;
        ReportedOutputs = reportedOutputs;
        ReportedFiles = reportedFiles;
        CompleteErrors = completeErrors;
        Leaks = leaks;
        AccessViolations = accessViolations;
        OutputDirectory = outputDirectory;
    }

    /// <summary>Whether every frame went through every stage without failure or cancellation.</summary>
    public bool Completed { get; }

    /// <summary>What ended the run early: a stage's exception (from any call), or <see cref="OperationCanceledException"/>; <c>null</c> when it completed.</summary>
    public Exception? Failure { get; }

    /// <summary>What <see cref="PipelineStage.Complete"/> calls threw, in order (the first is also <see cref="Failure"/> when nothing failed before).</summary>
    public IReadOnlyList<Exception> CompleteErrors { get; }

    /// <summary>Whether the run ended because it was cancelled.</summary>
    public bool Cancelled => Failure is OperationCanceledException;

    /// <summary>Every call made to every stage, in order.</summary>
    public IReadOnlyList<StageCallback> Callbacks { get; }

    /// <summary>The files the stages reported with <see cref="IStageContext.ReportOutput"/>, in order.</summary>
    public IReadOnlyList<string> ReportedOutputs { get; }

    /// <summary>
    /// The contents of the reported files that existed at the end of the run, by path. When the harness
    /// made a temporary output folder (<see cref="StageHarness.OutputDirectory"/> not set), the folder is
    /// deleted after the run and this is where the files' bytes remain.
    /// </summary>
    public IReadOnlyDictionary<string, byte[]> ReportedFiles { get; }

    /// <summary>One line per buffer, attachment, mapping, CPU access or view still held after the harness dropped its own references.</summary>
    public IReadOnlyList<string> Leaks { get; }

    /// <summary>One line per access to a link buffer's bytes outside the frame the stage was given (another frame's buffer, or outside <see cref="PipelineStage.ProcessFrame"/>).</summary>
    public IReadOnlyList<string> AccessViolations { get; }

    /// <summary>The folder set as <see cref="StageHarness.OutputDirectory"/>, where the files stay; <c>null</c> when the harness used a temporary folder, deleted after the run.</summary>
    public string? OutputDirectory { get; }

    /// <summary>The calls made to <paramref name="stage"/>, in order.</summary>
    /// <param name="stage">A stage of the run.</param>
    /// <returns>The calls.</returns>
    public IReadOnlyList<StageCallback> CallbacksOf(PipelineStage stage) => [.. Callbacks.Where(c => c.StageId == Known(stage).Id)];

    /// <summary>The kinds of the calls made to <paramref name="stage"/>, in order, for example <c>Configure, ResolveOutput, Start, ProcessFrame, …, Complete</c>.</summary>
    /// <param name="stage">A stage of the run.</param>
    /// <returns>The kinds.</returns>
    public IReadOnlyList<StageCallbackKind> CallbackKinds(PipelineStage stage) => [.. CallbacksOf(stage).Select(c => c.Kind)];

    /// <summary>The bytes of the last stage's output buffer after each frame it processed, in frame order.</summary>
    /// <exception cref="InvalidOperationException">The last stage has no output (a sink): use <see cref="OutputsOf"/> with a producer.</exception>
    public IReadOnlyList<byte[]> Outputs => _stages[^1].Output is null
        ? throw new InvalidOperationException($"{_stages[^1].Id} is a sink: it has no output bytes (see Values and ReportedOutputs)")
        : OutputsOf(_stages[^1]);

    /// <summary>The bytes of <paramref name="stage"/>'s output buffer after each frame it processed, in frame order (whole buffers, padding included).</summary>
    /// <param name="stage">A stage of the run with an output.</param>
    /// <returns>One array per frame processed.</returns>
    public IReadOnlyList<byte[]> OutputsOf(PipelineStage stage) =>
        _outputs.TryGetValue(Known(stage), out var frames) ? frames : throw new InvalidOperationException($"{stage.Id} has no output");

    /// <summary>The caps of <paramref name="stage"/>'s input link, as its context gave them; <c>null</c> for a source or when the run failed before caps were resolved.</summary>
    /// <param name="stage">A stage of the run.</param>
    /// <returns>The caps.</returns>
    public LinkCaps? InputCapsOf(PipelineStage stage) => _caps.TryGetValue(Known(stage), out var caps) ? caps.Input : null;

    /// <summary>The caps of <paramref name="stage"/>'s output link; <c>null</c> for a sink or when the run failed before caps were resolved.</summary>
    /// <param name="stage">A stage of the run.</param>
    /// <returns>The caps.</returns>
    public LinkCaps? OutputCapsOf(PipelineStage stage) => _caps.TryGetValue(Known(stage), out var caps) ? caps.Output : null;

    /// <summary>The values <paramref name="stage"/> recorded for <paramref name="value"/>, indexed by frame (<c>null</c> for a frame without one).</summary>
    /// <param name="stage">A stage of the run.</param>
    /// <param name="value">One of the stage's declared values.</param>
    /// <returns>One entry per frame of the run.</returns>
    public IReadOnlyList<long?> ValuesOf(PipelineStage stage, StageValue value) =>
        _values[Known(stage)].TryGetValue(value, out var row) ? row : throw new ArgumentException($"{stage.Id} does not declare {value.Name}", nameof(value));

    /// <summary>The values recorded under the name <paramref name="valueName"/> by the one stage that declares it.</summary>
    /// <param name="valueName">A declared value's name, for example <c>crc</c>.</param>
    /// <returns>One entry per frame of the run (<c>null</c> where none was recorded).</returns>
    /// <exception cref="ArgumentException">No stage, or more than one, declares the name.</exception>
    public IReadOnlyList<long?> Values(string valueName)
    {
        var found = _values.SelectMany(s => s.Value.Where(v => v.Key.Name == valueName)).ToArray();
        return found.Length == 1 ? found[0].Value
            : throw new ArgumentException($"{found.Length} stages declare a value '{valueName}': use ValuesOf(stage, value)", nameof(valueName));
    }

    /// <summary>The managed bytes each <see cref="PipelineStage.ProcessFrame"/> call of <paramref name="stage"/> allocated on its thread, in frame order.</summary>
    /// <param name="stage">A stage of the run.</param>
    /// <returns>One entry per frame processed.</returns>
    public IReadOnlyList<long> AllocatedBytesOf(PipelineStage stage) => _allocated[Known(stage)];

    /// <summary>Fails the test unless the run completed; the message carries the failure.</summary>
    public void AssertCompleted()
    {
        if (!Completed)
        {
            Assert.Fail($"the run did not complete: {Failure?.GetType().Name}: {Failure?.Message}\n{Failure}");
        }
    }

    /// <summary>Fails the test when anything was still held at the end, or bytes were touched outside a stage's frame.</summary>
    public void AssertClean()
    {
        if (Leaks.Count > 0 || AccessViolations.Count > 0)
        {
            Assert.Fail(string.Join("\n", Leaks.Select(l => "leak: " + l).Concat(AccessViolations.Select(v => "access: " + v))));
        }
    }

    private PipelineStage Known(PipelineStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return _stages.Contains(stage) ? stage : throw new ArgumentException($"{stage.Id} is not a stage of this run", nameof(stage));
    }
}
