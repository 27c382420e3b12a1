namespace PluggableDmaBuf;

/// <summary>
/// The caps a link settled on before any of its buffers exists: the memory format and modifier every
/// stage on the link accepts, and the producer's <see cref="StreamCaps"/>. The host resolves caps from
/// the sources to the sinks; a stage reads its links' caps from <see cref="IStageContext.InputCaps"/>
/// and <see cref="IStageContext.OutputCaps"/> from <see cref="PipelineStage.Start"/> on.
/// </summary>
/// <param name="Format">The pixel format of the link's buffers.</param>
/// <param name="Modifier">The layout modifier of the link's buffers (for example <c>linear</c>).</param>
/// <param name="Stream">The frame size and stream properties.</param>
public sealed record LinkCaps(PixelFormat Format, string Modifier, StreamCaps Stream)
{
    /// <summary>Frame width in pixels.</summary>
    public int Width => Stream.Width;

    /// <summary>Frame height in pixels.</summary>
    public int Height => Stream.Height;

    /// <inheritdoc />
    public override string ToString() => $"{Format}:{Modifier} {Stream}";
}
