using Microsoft.Extensions.Logging;
using PluggableDmaBuf.Testing.Buffers;

namespace PluggableDmaBuf.Testing.Harness;

/// <summary>
/// Runs one <see cref="PipelineStage"/>, or a linear chain of them, over frames without the host, the
/// way the host drives a run: <see cref="PipelineStage.Configure"/> for every stage in order; the
/// links' caps from the source to the sink (<see cref="PipelineStage.ResolveOutput"/>, then the first
/// format in the producer's order with the first modifier every stage on the link takes); buffers for
/// each link, exported by the producing stage's device (with its <see cref="PipelineStage.OutputExporter"/>)
/// or made by <see cref="Allocator"/>, and attached by each stage's device;
/// <see cref="PipelineStage.Start"/>; then per frame, per stage, the reservation waits, fences, mappings
/// (input to-device, output from-device) and <see cref="PipelineStage.ProcessFrame"/>; and
/// <see cref="PipelineStage.Complete"/> for every configured stage, also after a failure or
/// cancellation. At the end the harness unmaps, detaches and drops everything it made and reports
/// what is still held.
/// </summary>
/// <remarks>
/// <para>A chain whose first stage has an input needs <see cref="WithInput"/>: the harness then plays the
/// upstream producer, writing each frame into a buffer the first stage's device attaches. The last
/// stage's output, when it has one, goes to the harness, which takes the producer's first format.</para>
/// <para>The bytes of every link buffer are policed: a stage that reaches a buffer outside the frame it
/// was given, or outside <see cref="PipelineStage.ProcessFrame"/>, is listed in
/// <see cref="StageRunResult.AccessViolations"/>.</para>
/// <para>Single threaded: the stages run one after the other, frame by frame, on the calling thread.
/// A harness can run more than once; each run has its own context per stage.</para>
/// </remarks>
public sealed class StageHarness
{
    private readonly PipelineStage[] _stages;
    private readonly Dictionary<PipelineStage, List<KeyValuePair<string, string>>> _options = [];
    private LinkCaps? _inputCaps;
    private StageInputWriter? _inputWriter;

    /// <summary>Creates a harness for a chain: each stage feeds the next.</summary>
    /// <param name="stages">The stages, source first; at least one. Every stage but the first needs an input, every stage but the last an output.</param>
    /// <exception cref="ArgumentException">The chain is empty, or a stage cannot be linked to the next.</exception>
    public StageHarness(params PipelineStage[] stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Length == 0)
        {
            throw new ArgumentException("a harness runs at least one stage", nameof(stages));
        }

        for (var i = 0; i < stages.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(stages[i], nameof(stages));
            if (i > 0 && stages[i].Input is null)
            {
                throw new ArgumentException($"{stages[i].Id} has no input, so it cannot follow {stages[i - 1].Id}", nameof(stages));
            }

            if (i < stages.Length - 1 && stages[i].Output is null)
            {
                throw new ArgumentException($"{stages[i].Id} has no output, so it cannot feed {stages[i + 1].Id}", nameof(stages));
            }
        }

        _stages = stages;
    }

    /// <summary>The stages, source first.</summary>
    public IReadOnlyList<PipelineStage> Stages => _stages;

    /// <summary>The factory the link buffers come from; by default a new <see cref="FakeDmaBufFactory"/>. Set it to share one with the test.</summary>
    public FakeDmaBufFactory Factory { get; set; } = new();

    /// <summary>
    /// Optional: the allocator that makes the stages' output buffers (for example a central allocator under
    /// test, over <see cref="Factory"/>); <c>null</c> exports them from the producing device, as the host's
    /// exporter fallback does. The harness does not dispose it: buffers its pool still holds when the run
    /// ends are listed in <see cref="StageRunResult.Leaks"/>, and dropped when the test disposes it.
    /// </summary>
    public IBufferAllocator? Allocator { get; set; }

    /// <summary>Frames in the run; default 3.</summary>
    public int Frames { get; set; } = 3;

    /// <summary>The run's default frame size (<see cref="IStageContext.DefaultCaps"/>); default 64×48.</summary>
    public StreamCaps DefaultCaps { get; set; } = new(64, 48);

    /// <summary>Buffers per link; default 2, as the host's links rotate through a small pool.</summary>
    public int LinkDepth { get; set; } = 2;

    /// <summary>The folder given as <see cref="IStageContext.OutputDirectory"/>; <c>null</c> (the default) for a new temporary folder per run, deleted after it (the reported files' bytes are kept in <see cref="StageRunResult.ReportedFiles"/>).</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>Optional: the run is cancelled as <see cref="PipelineStage.ProcessFrame"/> of this frame begins (its token is already cancelled when the first stage gets it), as Ctrl+C would.</summary>
    public int? CancelAtFrame { get; set; }

    /// <summary>
    /// Optional: the run fails right after every stage has had this call (<see cref="StageCallbackKind.Configure"/>,
    /// <see cref="StageCallbackKind.ResolveOutput"/> or <see cref="StageCallbackKind.Start"/>), as when another
    /// element of the host's pipeline refuses its input or its caps: the stages then get only
    /// <see cref="PipelineStage.Complete"/> with <c>false</c>. The failure is a <see cref="SimulatedFailureException"/>.
    /// </summary>
    public StageCallbackKind? FailAfter { get; set; }

    /// <summary>Optional: the loggers for the stages' contexts; <c>null</c> for none.</summary>
    public ILoggerFactory? Loggers { get; set; }

    /// <summary>Sets a property value for <paramref name="stage"/>, as a pipeline description would (<c>name=value</c>).</summary>
    /// <param name="stage">A stage of the chain.</param>
    /// <param name="name">The property's name.</param>
    /// <param name="value">The value as text.</param>
    /// <returns>This harness.</returns>
    public StageHarness WithOption(PipelineStage stage, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (Array.IndexOf(_stages, stage) < 0)
        {
            throw new ArgumentException($"{stage.Id} is not a stage of this harness", nameof(stage));
        }

        if (!_options.TryGetValue(stage, out var values))
        {
            _options[stage] = values = [];
        }

        values.Add(new(name, value));
        return this;
    }

    /// <summary>
    /// Feeds the first stage: its input link has <paramref name="caps"/>, and <paramref name="writer"/>
    /// writes each frame before the stage sees it. Without a writer each byte is
    /// <c>(byte)(offset * 31 + frame * 7)</c>, so that frames differ.
    /// </summary>
    /// <param name="caps">The input link's format, modifier and stream caps; the first stage's input port must take them.</param>
    /// <param name="writer">Writes a frame; <c>null</c> for the pattern above.</param>
    /// <returns>This harness.</returns>
    public StageHarness WithInput(LinkCaps caps, StageInputWriter? writer = null)
    {
        ArgumentNullException.ThrowIfNull(caps);
        if (_stages[0].Input is null)
        {
            throw new InvalidOperationException($"{_stages[0].Id} is a source: it takes no input");
        }

        (_inputCaps, _inputWriter) = (caps, writer);
        return this;
    }

    /// <summary>Runs the chain over <see cref="Frames"/> frames. Never throws for what a stage does: look at <see cref="StageRunResult.Failure"/>.</summary>
    /// <param name="cancellationToken">Cancels the run between frames or during one.</param>
    /// <returns>What the run gave.</returns>
    /// <exception cref="InvalidOperationException">The first stage has an input and <see cref="WithInput"/> was not called, or a setting is out of range.</exception>
    public StageRunResult Run(CancellationToken cancellationToken = default)
    {
        if (_stages[0].Input is not null && _inputCaps is null)
        {
            throw new InvalidOperationException($"{_stages[0].Id} has an input: call WithInput with the caps (and frames) it receives");
        }

        if (FailAfter is StageCallbackKind.ProcessFrame or StageCallbackKind.Complete)
        {
            throw new InvalidOperationException("FailAfter is Configure, ResolveOutput or Start; to stop during frames use CancelAtFrame");
        }

        if (Frames < 0 || LinkDepth < 1)
        {
            throw new InvalidOperationException($"Frames must be 0 or more and LinkDepth 1 or more (they are {Frames} and {LinkDepth})");
        }

        using var run = new HarnessRun(this, _stages, _options, _inputCaps, _inputWriter, cancellationToken);
        return run.Execute();
    }
}
