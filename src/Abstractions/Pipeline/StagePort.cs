namespace PluggableDmaBuf;

/// <summary>
/// One side of a pipeline stage: the formats it can produce (output) or consume (input), in its
/// order of preference, and the usages it puts buffers to. The host intersects a producer's output
/// with its consumers' inputs to build each link's <see cref="BufferRequest"/>.
/// </summary>
/// <param name="Formats">Formats, most preferred first; never empty.</param>
/// <param name="Usage">Usages, for example <c>capture</c> or <c>scanout</c>.</param>
public sealed record StagePort(IReadOnlyList<PixelFormat> Formats, IReadOnlyList<string> Usage);
