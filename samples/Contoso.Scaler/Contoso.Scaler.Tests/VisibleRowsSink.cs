using PluggableDmaBuf;

namespace Contoso.Scaler.Tests;

/// <summary>
/// The test's end of a chain: keeps the visible pixels of every frame it receives (the rows without their
/// padding), so that a test compares pixels whatever pitch the buffers were given.
/// </summary>
internal sealed class VisibleRowsSink() : PipelineStage("rows", Probe)
{
    private static readonly DeviceDescription Probe = new("probe0", formats: [new FormatSupport(PixelFormat.XR24), new FormatSupport(PixelFormat.AR24)]);

    public override StagePort Input { get; } = new(Probe, [BufferUsages.Cpu]);

    /// <summary>Per frame, its pixels row after row, 4 bytes each.</summary>
    public List<byte[]> Frames { get; } = [];

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var buffer = frame.Input.Buffer!;
        var plane = buffer.Planes[0];
        var bytes = frame.Input.GetLinearSpan();
        var pixels = new byte[buffer.Width * buffer.Height * 4];
        for (var y = 0; y < buffer.Height; y++)
        {
            bytes.Slice((int)plane.Offset + (y * plane.Pitch), buffer.Width * 4).CopyTo(pixels.AsSpan(y * buffer.Width * 4));
        }

        Frames.Add(pixels);
    }
}
