namespace PluggableDmaBuf;

/// <summary>
/// A pipeline stage driven by one device: a source (output only), a transform (input and output) or a
/// sink (input only), known as <c>device:name</c> in pipeline descriptions
/// (<c>video0:capture ! gpu0:convert ! display0:primary</c>). A plugin registers its stage types with
/// <see cref="DmaBufServiceCollectionExtensions.AddPipelineStage{T}"/>; the host creates one instance per
/// element of a run (and one to list it), connects the elements by links of shared buffers, and calls:
/// <list type="number">
/// <item><see cref="Configure"/> once, with the bound <see cref="IStageContext.Options"/>: check them,
/// open files; throw <see cref="InvalidMediaException"/> for bad user input (exit code 2).</item>
/// <item><see cref="ResolveOutput"/> once, for a stage with an output, in pipeline order from the sources:
/// what it produces from what it receives.</item>
/// <item><see cref="Start"/> once, with <see cref="IStageContext.InputCaps"/> and
/// <see cref="IStageContext.OutputCaps"/> set and the buffers allocated.</item>
/// <item><see cref="ProcessFrame"/> once per frame, in frame order, on the stage's own thread.</item>
/// <item><see cref="Complete"/> once, also after a failure or cancellation (so files can be closed),
/// when <see cref="Configure"/> was called.</item>
/// </list>
/// </summary>
/// <remarks>
/// <para>Required: <see cref="ProcessFrame"/>. Everything else is optional: <see cref="Input"/> and
/// <see cref="Output"/> (<c>null</c> means the side is absent), <see cref="Properties"/>,
/// <see cref="Values"/>, <see cref="Description"/>, <see cref="OutputExporter"/> and the other calls,
/// whose defaults do nothing or pass the input's caps through.</para>
/// <para>The host does the buffer work around each <see cref="ProcessFrame"/>: it waits for the fences
/// implicit sync requires, maps the buffers for the stage's device (input to-device, output
/// from-device), and after the call unmaps them and signals the stage's fence (with the error, if the
/// call threw, so that consumers never read a frame that was not finished). A stage touches bytes only
/// through the <see cref="StageBuffer"/>s it is given, and only during the call.</para>
/// <para>Listings (<c>pdmabuf plugins</c>, <c>pdmabuf inspect</c>) create an instance only to read its
/// declarations — <see cref="Description"/>, <see cref="Input"/>, <see cref="Output"/>, <see cref="Properties"/>,
/// <see cref="Values"/>, <see cref="OutputExporter"/>, each once — and never call <see cref="Configure"/>: the
/// constructor and these members must not open files or start devices. What they throw is listed as the
/// stage's error.</para>
/// <para>Threading: the calls of one instance never overlap; different stages run concurrently.</para>
/// </remarks>
public abstract class PipelineStage
{
    /// <summary>Creates the stage.</summary>
    /// <param name="name">The stage's role on its device, for example <c>capture</c>; the stage is known as <c>device:name</c>.</param>
    /// <param name="device">The device that does the work; it must be registered by the same plugin.</param>
    protected PipelineStage(string name, DeviceDescription device)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(device);
        Name = name;
        Device = device;
    }

    /// <summary>The stage's role on its device.</summary>
    public string Name { get; }

    /// <summary>The device that does the work.</summary>
    public DeviceDescription Device { get; }

    /// <summary><c>device:name</c>, as pipeline descriptions and reports name the stage.</summary>
    public string Id => $"{Device.Name}:{Name}";

    /// <summary>One sentence on what the stage does, for <c>pdmabuf plugins</c> and <c>pdmabuf inspect</c>.</summary>
    public virtual string Description => "";

    /// <summary>What the stage consumes; <c>null</c> for a source.</summary>
    public virtual StagePort? Input => null;

    /// <summary>What the stage produces; <c>null</c> for a sink.</summary>
    public virtual StagePort? Output => null;

    /// <summary>The options the stage takes, bound by the host into <see cref="IStageContext.Options"/>. Default: none.</summary>
    public virtual IReadOnlyList<StageProperty> Properties => [];

    /// <summary>The per-frame values the stage records with <see cref="IStageContext.Record"/>. Default: none.</summary>
    public virtual IReadOnlyList<StageValue> Values => [];

    /// <summary>
    /// Optional: the exporter whose callbacks the buffers of the stage's output link carry, read once
    /// before the link's buffers are created (so a capture device exports its own buffers). Without a
    /// central allocator the stage's device exports them and their placement is deferred to the first
    /// map; with one, the allocator places them and they still carry these callbacks. One exporter
    /// serves every buffer of the link, so it must be thread safe. <c>null</c> (the default): the
    /// framework's built-in exporter. Listings also read it, once, from an instance that is never
    /// configured, to say whether the stage brings its own exporter: getting it must be cheap and start
    /// nothing (open no device, allocate no buffer).
    /// </summary>
    public virtual DmaBufExporter? OutputExporter => null;

    /// <summary>Prepares the stage for a run: read and check options, open files. The default does nothing.</summary>
    /// <param name="context">The run's context; caps are not known yet.</param>
    public virtual void Configure(IStageContext context)
    {
    }

    /// <summary>
    /// What the stage produces from what it receives, called for stages with an <see cref="Output"/>
    /// after <see cref="Configure"/>, in pipeline order. The default passes the input's stream caps
    /// through unchanged, and for a source returns <see cref="IStageContext.DefaultCaps"/>. A scaler
    /// returns the input's caps with a smaller size; a file source the file's size and properties.
    /// Throw <see cref="InvalidMediaException"/> if the input cannot be handled at all.
    /// </summary>
    /// <param name="context">The run's context.</param>
    /// <param name="input">The caps of the input link; <c>null</c> for a source.</param>
    /// <returns>The stream caps of the output link.</returns>
    public virtual StreamCaps ResolveOutput(IStageContext context, LinkCaps? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return input?.Stream ?? context.DefaultCaps;
    }

    /// <summary>The links' caps are fixed and the buffers exist: set up for frames. The default does nothing.</summary>
    /// <param name="context">The run's context, with <see cref="IStageContext.InputCaps"/> and <see cref="IStageContext.OutputCaps"/> set.</param>
    public virtual void Start(IStageContext context)
    {
    }

    /// <summary>Processes one frame: read <see cref="StageFrame.Input"/>, write <see cref="StageFrame.Output"/>.</summary>
    /// <param name="frame">The frame and its buffers, valid only during the call.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C or when another stage failed.</param>
    public abstract void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken);

    /// <summary>Finishes the run (for example writes the last snapshot, closes files). The default does nothing.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="completed">Whether every frame was processed (false after a failure or cancellation).</param>
    public virtual void Complete(IStageContext context, bool completed)
    {
    }

    /// <inheritdoc />
    public override string ToString() => Id;
}
