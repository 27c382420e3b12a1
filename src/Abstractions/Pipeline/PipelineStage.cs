namespace PluggableDmaBuf;

/// <summary>
/// A pipeline stage driven by one device (design §7): a source (output only), a transform (input
/// and output) or a sink (input only). A plugin registers its stages with
/// <see cref="DmaBufServiceCollectionExtensions.AddPipelineStage{T}"/>; the host's pipeline runner
/// connects them by links of shared buffers, and calls, on one thread per stage:
/// <see cref="Configure"/> once, <see cref="ProcessFrame"/> once per frame in order, then
/// <see cref="Complete"/> once (also after a failure or cancellation, so files can be closed).
/// </summary>
/// <remarks>
/// Required: <see cref="ProcessFrame"/>. Optional: <see cref="Input"/> and <see cref="Output"/>
/// (null means the side is absent), <see cref="Configure"/>, <see cref="Complete"/> and
/// <see cref="OutputSize"/>. The host does the buffer work around each call: it waits for the
/// fences implicit sync requires, maps the buffers for the device (input to-device, output
/// from-device), and signals the stage's fences after the call. A stage touches bytes only through
/// the <see cref="StageBuffer"/>s it is given, and only during the call.
/// Throw <see cref="InvalidMediaException"/> from <see cref="Configure"/> for bad user input (it
/// becomes exit code 2).
/// </remarks>
public abstract class PipelineStage
{
    /// <summary>Creates the stage.</summary>
    /// <param name="name">The stage's role on its device, for example <c>capture</c>; the stage is known as <c>device:name</c>.</param>
    /// <param name="device">The device that does the work.</param>
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

    /// <summary><c>device:name</c>, as pipelines and reports name the stage.</summary>
    public string Id => $"{Device.Name}:{Name}";

    /// <summary>What the stage consumes; <c>null</c> for a source.</summary>
    public virtual StagePort? Input => null;

    /// <summary>What the stage produces; <c>null</c> for a sink.</summary>
    public virtual StagePort? Output => null;

    /// <summary>
    /// The frame size the stage's input dictates (a file source knows its own size), read after
    /// <see cref="Configure"/>; <c>null</c> to use the run's size.
    /// </summary>
    public virtual (int Width, int Height)? OutputSize => null;

    /// <summary>Prepares the stage for a run; the default does nothing.</summary>
    /// <param name="context">The run's settings and report sink.</param>
    public virtual void Configure(IStageContext context)
    {
    }

    /// <summary>Processes one frame: read <see cref="StageFrame.Input"/>, write <see cref="StageFrame.Output"/>.</summary>
    /// <param name="frame">The frame and its buffers.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C or when another stage failed.</param>
    public abstract void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken);

    /// <summary>Finishes the run (for example writes the last snapshot); the default does nothing.</summary>
    /// <param name="context">The run's settings and report sink.</param>
    /// <param name="completed">Whether every frame was processed (false after a failure or cancellation).</param>
    public virtual void Complete(IStageContext context, bool completed)
    {
    }

    /// <inheritdoc />
    public override string ToString() => Id;
}
